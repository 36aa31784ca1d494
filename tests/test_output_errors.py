"""Every failed write names its file (a very long name by its start and its end) and says what
to do (attack 7, F8)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files.atomic import SHOWN, beside, shown, write_failed
from tests.conftest import Stretch
from tests.test_output import WRITERS, named, write


@pytest.mark.parametrize("writer", WRITERS)
def test_a_name_too_long_is_named_and_its_length_said(
    stretch: Stretch, writer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = named(writer, "a" * 300)
    code, out, err = write(stretch, writer, name)
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot write {name[:60]}…{name[-50:]}: the name is {len(name)} characters "
        "long, more than this file system takes (give a shorter one)\n"
    )


def test_a_name_too_long_in_bytes_says_both(stretch: Stretch, tmp_path: Path) -> None:
    name = str(tmp_path / ("é" * 130 + ".md"))
    code, _, err = stretch("report", "-o", name)
    assert code == 1
    assert err.endswith(
        ": the name is 133 characters (263 bytes) long, more than this file system takes "
        "(give a shorter one)\n"
    )
    assert err.startswith(f"stretch: cannot write {name[:60]}…")


@pytest.mark.parametrize("writer", WRITERS)
def test_a_name_at_the_limit_is_written(stretch: Stretch, writer: str, tmp_path: Path) -> None:
    """The temporary file beside it must fit too."""
    name = tmp_path / named(writer, "b" * 245)
    assert len(name.name.encode()) <= 255
    code, _, _ = write(stretch, writer, str(name))
    assert code == 0
    assert name.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("writer", WRITERS)
def test_a_file_where_a_folder_should_be_is_named(
    stretch: Stretch, writer: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "f.md"
    blocker.write_text("mine\n", encoding="utf-8")
    target = blocker / named(writer, "x")
    code, _, err = write(stretch, writer, str(target))
    assert code == 1
    assert err == (
        f"stretch: cannot write {target}: {blocker} is a file, not a folder "
        "(move it aside, or give another name)\n"
    )
    assert blocker.read_text(encoding="utf-8") == "mine\n"


ADVICE = {
    errno.EPERM: (
        "Operation not permitted",
        "the file is locked against changes (see lsattr), or not yours to change; "
        "give another file name",
    ),
    errno.EACCES: (
        "Permission denied",
        "you may not write there; give a file in a folder of yours",
    ),
    errno.EROFS: ("Read-only file system", "the disk is read-only; give a file on another disk"),
    errno.ENOSPC: (
        "No space left on device",
        "the disk is full; free some space, or give a file on another disk",
    ),
    errno.EDQUOT: (
        "Disk quota exceeded",
        "your disk quota is used up; free some space, or give another disk",
    ),
    errno.EFBIG: ("File too large", "a limit on the size of files is set: raise it with ulimit -f"),
    errno.EISDIR: ("Is a directory", "give a file name in it"),
}


@pytest.mark.parametrize("number", ADVICE)
def test_each_failure_names_the_file_and_says_what_to_do(number: int) -> None:
    said, todo = ADVICE[number]
    error = write_failed(Path("out/c.md"), OSError(number, os.strerror(number)))
    assert (error.message, error.hint) == (f"cannot write out/c.md: {said}", todo)


def test_a_path_too_long_with_short_names_says_the_path(tmp_path: Path) -> None:
    path = Path("/".join(["d" * 200] * 30))
    error = write_failed(path, OSError(errno.ENAMETOOLONG, "File name too long"))
    assert error.message.endswith(
        f": the path is {len(str(path))} characters long, more than this system takes"
    )


@given(st.text(min_size=0, max_size=400))
def test_a_name_shown_keeps_its_start_and_its_end(text: str) -> None:
    said = shown(text)
    if len(text) <= SHOWN:
        assert said == text
    else:
        assert said.startswith(text[:60])
        assert said.endswith(text[-50:])
        assert said[60] == "…"
        assert len(said) < SHOWN


@given(
    st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="/\0"),
        min_size=1,
        max_size=300,
    ).filter(lambda name: name not in (".", ".."))
)
def test_a_temporary_name_fits_beside_any_name(name: str) -> None:
    made = beside(Path("folder") / name, ".")
    assert made.parent == Path("folder")
    assert len(made.name.encode()) <= 255
    assert made.name.endswith(f".{os.getpid()}.tmp")


WHITE = [c for c in map(chr, range(0x3000 + 1)) if c.isspace()]


@pytest.mark.parametrize("writer", WRITERS)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blank=st.text(st.sampled_from(WHITE), min_size=1, max_size=8))
def test_a_blank_name_is_refused_and_said_to_be_blank(
    stretch: Stretch, writer: str, blank: str
) -> None:
    code, out, err = write(stretch, writer, blank)
    flag = WRITERS[writer][1]
    what = "only spaces" if set(blank) == {" "} else "only white space (spaces, tabs, new lines)"
    assert (code, out) == (2, "")
    assert err == (
        f"stretch: {flag}: a blank file name, {what} "
        f"(give a file name, or {flag} - for the output)\n"
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_a_name_of_spaces_is_said_to_be_spaces(stretch: Stretch, writer: str) -> None:
    code, _, err = write(stretch, writer, "   ")
    assert code == 2
    assert "a blank file name, only spaces (" in err
