"""This machine's own file in the sync folder is only ever written when it is a file (not a
link) that starts with a history header, as this machine writes it (attack 15, H1 and H1b):
anything else in its place (a link to a file, to a folder, to nothing; another program's
file) is refused in one line naming it and what to do, and nothing is written through it nor
added to it. An empty file, or one holding only the start of a header (a crash's), is written
afresh."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.errors import StretchError
from stretchcli.files.atomic import shown
from stretchcli.history.sync_append import append
from stretchcli.history.sync_merge import HEADER
from tests.fakes import NOW
from tests.test_sync import Machines, machines  # noqa: F401 - a fixture

LINK_TODO = "(remove the link, and stretch writes the file again; what it leads to is left alone)"
FOREIGN = (
    "it does not start with a stretch history header (this machine did not write it), and "
    "nothing is added to it (move it aside; stretch writes it again)"
)


def _synced_once(
    machines: Machines,  # noqa: F811
) -> Path:
    """Machine a with a session in its file, and a second session not written yet."""
    machines.session("a", NOW - timedelta(hours=2))
    assert machines.run("a", "history", "sync", wall=NOW).code == 0
    machines.session("a", NOW - timedelta(hours=1))
    return machines.file_of("a")


@pytest.mark.parametrize(
    "command", [("history", "sync"), ("history",), ("history", "note", "1", "a new note")]
)
def test_a_link_in_place_of_its_own_file_is_never_written_through(
    machines: Machines,  # noqa: F811
    command: tuple[str, ...],
) -> None:
    """The attack's example: the whole history was appended to the file the link leads to
    (outside the sync folder), and its unterminated last line cut off, with nothing said."""
    own = _synced_once(machines)
    victim = machines.root / "notes.txt"
    victim.write_bytes(b"# my bashrc\nmy important notes\nlast line without newline")
    own.unlink()
    own.symlink_to(Path("..") / victim.name)
    result = machines.run("a", *command, wall=NOW)
    assert victim.read_bytes() == b"# my bashrc\nmy important notes\nlast line without newline"
    assert result.code == 0
    assert (
        f"stretch: warning: sync: this machine's sync file {shown(own)}: it is a link to "
        f"../notes.txt, not a file, and nothing is written through it {LINK_TODO}\n"
    ) in result.err
    own.unlink()  # as the line says: the file is written again, whole
    assert machines.run("a", "history", "sync", wall=NOW).err == ""
    assert own.read_text().startswith(HEADER)
    assert len(machines.uids("b")) == 2


def test_a_file_it_did_not_write_is_never_added_to(machines: Machines) -> None:  # noqa: F811
    """The attack's second example: the history went on after `garbage`, with no header, and
    nothing was said (the other machine then refused `...:1: not JSON`)."""
    own = _synced_once(machines)
    own.write_bytes(b"garbage\n")
    result = machines.run("a", "history", "sync", wall=NOW)
    assert own.read_bytes() == b"garbage\n"
    assert result.code == 0
    assert f"this machine's sync file {shown(own)}: {FOREIGN}\n" in result.err
    assert len(result.err.splitlines()) == 1


def _outside(
    machines: Machines,  # noqa: F811
    own: Path,
) -> None:
    (machines.root / "outside").write_bytes(b"keep me")
    own.symlink_to(machines.root / "outside")


def _other_machine_s(
    machines: Machines,  # noqa: F811
    own: Path,
) -> None:
    machines.session("b", NOW - timedelta(hours=3))
    machines.run("b", "history", "sync", wall=NOW)
    own.symlink_to(machines.file_of("b").name)


def _folder(
    machines: Machines,  # noqa: F811
    own: Path,
) -> None:
    (machines.root / "a folder").mkdir()
    own.symlink_to(machines.root / "a folder")


IN_PLACE: dict[str, Callable[[Machines, Path], object]] = {
    "a link to a file outside": _outside,
    "a link to another machine's file": _other_machine_s,
    "a link to a folder": _folder,
    "a link to nothing": lambda m, own: own.symlink_to(m.root / "nothing" / "here.jsonl"),
    "a link to itself": lambda m, own: own.symlink_to(own.name),
    "another program's file": lambda m, own: own.write_bytes(b"# notes\nmore\n"),
    "a line without its end": lambda m, own: own.write_bytes(b"no newline here"),
    "another stretch file's kind": lambda m, own: own.write_bytes(b'{"format": "other"}\n'),
    "a session without the header": lambda m, own: own.write_bytes(b'{"uid": "x"}\n'),
}


def _everything(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` but the machines' own folders, and its bytes (None: a folder
    or a link)."""
    return {
        str(p): None if p.is_symlink() or not p.is_file() else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if not {"state", "config"} & set(p.relative_to(root).parts)
    }


@pytest.mark.parametrize("thing", sorted(IN_PLACE))
def test_anything_but_its_own_file_is_refused_in_one_line(
    machines: Machines,  # noqa: F811
    thing: str,
) -> None:
    own = _synced_once(machines)
    own.unlink()
    IN_PLACE[thing](machines, own)
    before = _everything(machines.root)
    result = machines.run("a", "history", "sync", wall=NOW)
    after = _everything(machines.root)
    # Nothing written, made nor cut anywhere: in the folder, outside it, behind the link.
    assert after == before
    assert result.code == 0
    (line,) = [line for line in result.err.splitlines() if "this machine's sync file" in line]
    assert line.startswith(f"stretch: warning: sync: this machine's sync file {shown(own)}: ")
    if thing.startswith("a link"):
        assert line.endswith(f", not a file, and nothing is written through it {LINK_TODO}")
    else:
        assert line.endswith(FOREIGN)


@pytest.mark.parametrize("start", [b"", HEADER[:1].encode(), HEADER[:-1].encode()])
def test_an_empty_file_or_a_cut_header_is_written_afresh(
    machines: Machines,  # noqa: F811
    start: bytes,
) -> None:
    """What a crash leaves of this machine's file (made, then cut in its header) is written
    afresh, header first, with nothing said."""
    own = _synced_once(machines)
    own.write_bytes(start)
    result = machines.run("a", "history", "sync", wall=NOW)
    assert (result.code, result.err) == (0, "")
    lines = own.read_text().splitlines(keepends=True)
    assert lines[0] == HEADER
    assert len([line for line in lines if "uid" in json.loads(line)]) == 2


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(max_size=80),  # another program's bytes, mostly
        st.integers(0, len(HEADER)).map(lambda n: HEADER.encode()[:n]),  # a crash's
        st.binary(max_size=80).map(lambda more: HEADER.encode() + more),  # this machine's
        st.binary(max_size=80).map(lambda more: b'{"format": "stretch-history"}' + more),
    )
)
def test_a_file_is_appended_to_only_when_it_starts_with_a_header(
    tmp_path: Path, content: bytes
) -> None:
    """The rule, for any bytes in place of this machine's file: appended to (header first)
    when its first line is a history header or all it holds is the start of one; else left
    as it is, and said."""
    path = tmp_path / "stretch-history-a-12345678.jsonl"
    path.write_bytes(content)
    line = '{"uid":"u"}\n'
    first = content.split(b"\n", 1)[0]
    try:
        header = json.loads(first) if content.count(b"\n") else None
    except ValueError:
        header = None
    ours = isinstance(header, dict) and header.get("format") == "stretch-history"
    if ours or (b"\n" not in content and HEADER.encode().startswith(content)):
        append(path, [line], HEADER)
        whole = content[: content.rfind(b"\n") + 1]  # a half line after it is cut off
        assert path.read_bytes() == (whole if ours else HEADER.encode()) + line.encode()
    else:
        with pytest.raises(StretchError, match="does not start with a stretch history header"):
            append(path, [line], HEADER)
        assert path.read_bytes() == content
