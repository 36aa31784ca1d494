"""`-o` (report, history export) and `show --svg`: the output goes where the person asked,
and nothing there is lost or changed into something else (issue 23, class 4)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.conftest import Stretch

# Each command that writes a file, as (arguments before the file, the option).
WRITERS = {
    "report": (["report"], "-o"),
    "export": (["history", "export"], "-o"),
    "svg": (["show", "thoracic-rotation"], "--svg"),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own for what is written (the config and history live elsewhere)."""
    made = tmp_path / "out"
    made.mkdir()
    return made


def write(stretch: Stretch, writer: str, target: str) -> tuple[int, str, str]:
    args, flag = WRITERS[writer]
    return stretch(*args, flag, target)


def named(writer: str, stem: str) -> str:
    """A file name that the writer takes: its format's suffix after `stem`."""
    return stem + {"report": ".md", "export": ".jsonl", "svg": ".svg"}[writer]


def first_line(writer: str) -> str:
    return {"report": "# ", "export": '{"format": ', "svg": "<svg"}[writer]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_dash_is_the_standard_output(stretch: Stretch, writer: str, folder: Path) -> None:
    code, out, err = write(stretch, writer, "-")
    assert (code, err) == (0, "")
    assert out.startswith(first_line(writer))
    assert not list(folder.glob("-"))


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "an empty file name (give a file name, or {flag} - for the output)"),
        (".", ". is a folder (give a file name in it)"),
        ("/", "/ is a folder (give a file name in it)"),
        ("sub/", "sub/ is a folder (give a file name in it)"),
    ],
)
def test_a_name_that_is_no_file_is_one_line(
    stretch: Stretch,
    writer: str,
    name: str,
    message: str,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(folder)
    (folder / "sub").mkdir()
    flag = WRITERS[writer][1]
    code, out, err = write(stretch, writer, name)
    assert (code, out) == (2, "")
    assert err == f"stretch: {flag}: " + message.format(flag=flag) + "\n"
    assert sorted(p.name for p in folder.iterdir()) == ["sub"]


def device(name: str, folder: Path) -> Path:
    """The device /dev/NAME or, as root, a device node of the test's own that is the same
    device: a wrong rename as root would otherwise turn the system's own into a file."""
    system = Path("/dev") / name
    if os.geteuid() != 0:
        return system
    own = folder / name
    os.mknod(own, stat.S_IFCHR | 0o666, os.stat(system).st_rdev)
    return own


@pytest.mark.parametrize("writer", WRITERS)
def test_a_device_stays_a_device(stretch: Stretch, writer: str, folder: Path) -> None:
    null = device("null", folder)
    code, _, _ = write(stretch, writer, str(null))
    assert code == 0
    assert stat.S_ISCHR(os.stat(null).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_device_is_a_failure(stretch: Stretch, writer: str, folder: Path) -> None:
    full = device("full", folder)
    code, out, err = write(stretch, writer, str(full))
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot write {full}: No space left on device "
        "(the disk is full; free some space, or give a file on another disk)\n"
    )
    assert stat.S_ISCHR(os.stat(full).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs fifos")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_fifo_is_written_to_and_stays_a_fifo(stretch: Stretch, writer: str, folder: Path) -> None:
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    heard: list[str] = []
    reader = threading.Thread(
        target=lambda: heard.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    code, _, _ = write(stretch, writer, str(fifo))
    reader.join(10)
    if reader.is_alive():  # nothing was written to the fifo: open it so the reader ends
        with open(fifo, "w"):
            pass
    assert code == 0
    assert heard and heard[0].startswith(first_line(writer))
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_file_written_over_keeps_its_mode_owner_and_other_names(
    stretch: Stretch, writer: str, folder: Path
) -> None:
    path = folder / named(writer, "out")
    path.write_text("old\n")
    path.chmod(0o640)
    other_name = folder / "also"
    os.link(path, other_name)
    owner = (4321, 4321) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(path, *owner)
    assert write(stretch, writer, str(path))[0] == 0
    info = os.stat(path)
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert (info.st_uid, info.st_gid) == owner
    assert other_name.read_text().startswith(first_line(writer))  # the same file still
    assert sorted(p.name for p in folder.iterdir()) == ["also", path.name]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_new_file_has_the_usual_mode_and_no_leftovers(
    stretch: Stretch, writer: str, folder: Path
) -> None:
    path = folder / ("new.json" if writer == "report" else named(writer, "new"))
    assert write(stretch, writer, str(path))[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_symlink_is_written_through(stretch: Stretch, writer: str, folder: Path) -> None:
    real = folder / named(writer, "real")
    real.write_text("old\n")
    link = folder / named(writer, "link")
    link.symlink_to(real)
    assert write(stretch, writer, str(link))[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith(first_line(writer))


def test_a_suffix_that_names_no_format_is_refused(stretch: Stretch, folder: Path) -> None:
    path = folder / "report.pdf"
    code, out, err = stretch("report", "-o", str(path))
    assert (code, out) == (2, "")
    assert err == (
        "stretch: -o: cannot tell the report's format from report.pdf "
        "(name a file ending in .html, .md, .csv, .json, or give --format)\n"
    )
    assert not path.exists()
    assert stretch("report", "-o", str(path), "--format", "html")[0] == 0
    assert path.read_text().startswith("<!DOCTYPE html>")


def test_a_missing_folder_is_named(stretch: Stretch, folder: Path) -> None:
    code, _, err = stretch("report", "-o", str(folder / "nope" / "r.md"))
    assert code == 1
    assert err == (
        f"stretch: cannot write {folder / 'nope' / 'r.md'}: there is no folder "
        f"{folder / 'nope'} (create it, or give another)\n"
    )


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("r.HTM", "<!DOCTYPE html>"),
        ("a.b.csv", "# stretch report"),
        ("x.md", "# "),
    ],
)
def test_the_format_follows_the_name_after_its_last_dot(
    stretch: Stretch, folder: Path, name: str, first: str
) -> None:
    """`a.b.csv` ends in .csv (`.csv` alone is a slip: `test_output_slips.py`)."""
    assert stretch("report", "-o", str(folder / name)) == (
        0,
        "",
        f"stretch: report written to {folder / name}\n",
    )
    assert (folder / name).read_text().startswith(first)


@pytest.mark.parametrize("name", ["r.md.", "r.", "report.pdf"])
def test_a_name_ending_in_no_format_is_refused(stretch: Stretch, folder: Path, name: str) -> None:
    code, out, err = stretch("report", "-o", str(folder / name))
    assert (code, out) == (2, "")
    assert err == (
        f"stretch: -o: cannot tell the report's format from {name} "
        "(name a file ending in .html, .md, .csv, .json, or give --format)\n"
    )
    assert not (folder / name).exists()


def test_a_format_the_name_contradicts_is_refused(stretch: Stretch, folder: Path) -> None:
    code, out, err = stretch("report", "-o", str(folder / "r.html"), "--format", "md")
    assert (code, out) == (2, "")
    assert err == (
        "stretch: -o: r.html names the html format, but --format is md "
        "(name a file ending in .md, or leave out --format)\n"
    )
    assert list(folder.iterdir()) == []
    assert stretch("report", "-o", str(folder / "r.txt"), "--format", "csv")[0] == 0
