"""`-o` never writes over stretch's own files (attack 4, D1: `report -o .../history.sqlite3`
replaced the history, which was then moved aside as unreadable: every session gone). Every
command that writes a file refuses the history database and its -wal, -shm and -journal files,
the state and cache folders' files, the config, the plan and the sync folder's machine files,
however they are named: as they are, through `..`, a symlink or a hard link."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Stretch
from tests.test_output import WRITERS, named, write

# Each own file: where it is, from the isolated home, and what the refusal calls it. SQLite
# makes the -wal, -shm and -journal files while the database is open: they are named here
# while they do not exist (and so cannot be hard links).
MADE_BY_SQLITE = ("wal", "shm", "journal")
OWN = {
    "history": ("state/history.sqlite3", "history database"),
    "wal": ("state/history.sqlite3-wal", "history database"),
    "shm": ("state/history.sqlite3-shm", "history database"),
    "journal": ("state/history.sqlite3-journal", "history database"),
    "sync state": ("state/sync.json", "state file"),
    "cache": ("cache/checked-files.json", "cache"),
    "config": ("config/config.toml", "config"),
    "plan": ("config/plan.yaml", "plan"),
    "sync file": ("sync/stretch-history-box-0123abcd.jsonl", "sync file"),
}

NAMINGS: dict[str, Callable[[Path, Path], str]] = {
    "as it is": lambda own, tmp: str(own),
    "relative, through ..": lambda own, tmp: os.path.relpath(own, tmp / "out"),
    "a symlink": lambda own, tmp: _linked(own, tmp / "out" / "link", os.symlink),
    "a symlinked folder": lambda own, tmp: str(
        Path(_linked(own.parent, tmp / "out" / "folder", os.symlink)) / own.name
    ),
    "a hard link": lambda own, tmp: _linked(own, tmp / "out" / "hard", os.link),
}


def _linked(target: Path, link: Path, make: Callable[[Path, Path], None]) -> str:
    make(target, link)
    return str(link)


@pytest.fixture
def own_files(stretch: Stretch, isolated: Path, tmp_path: Path) -> Path:
    """A history with a session, a sync folder, and every own file there (made where the
    program has not made it), each holding known bytes; the test works in tmp/out."""
    (isolated / "sync").mkdir(parents=True)
    assert stretch("config", "sync_folder", str(isolated / "sync")).code == 0
    assert stretch("run", "upper-back", "--plain", "--brief").code == 0
    for own, (where, _) in OWN.items():
        path = isolated / where
        if own not in MADE_BY_SQLITE and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"kept\n")
    (tmp_path / "out").mkdir()
    return isolated


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("own", OWN)
@pytest.mark.parametrize("naming", NAMINGS)
def test_no_writer_writes_over_stretchs_own_files(
    stretch: Stretch,
    own_files: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    writer: str,
    own: str,
    naming: str,
) -> None:
    if own in MADE_BY_SQLITE and naming == "a hard link":
        pytest.skip("no file to link to")
    monkeypatch.chdir(tmp_path / "out")
    where, what = OWN[own]
    path = own_files / where
    sessions = stretch("history", "--json").out
    before = path.read_bytes() if own not in MADE_BY_SQLITE else None
    name = NAMINGS[naming](path, tmp_path)
    code, out, err = write(stretch, writer, name)
    flag = WRITERS[writer][1]
    assert (code, out) == (2, "")
    assert err == (
        f"stretch: {flag}: {name} is stretch's own {what}, {path} "
        "(give another file name: writing there would lose it)\n"
    )
    assert (path.read_bytes() if own not in MADE_BY_SQLITE else None) == before
    assert stretch("history", "--json").out == sessions


@pytest.mark.parametrize("writer", WRITERS)
def test_a_new_file_beside_them_is_written(stretch: Stretch, own_files: Path, writer: str) -> None:
    """Only stretch's own files are refused: a report into the config folder is written."""
    target = own_files / "config" / named(writer, "mine")
    assert write(stretch, writer, str(target))[0] == 0
    assert target.stat().st_size > 0


def test_a_symlinked_state_folder_is_still_its_own(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real-state"
    real.mkdir()
    (tmp_path / "linked").symlink_to(real)
    monkeypatch.setenv("STRETCH_STATE_DIR", str(tmp_path / "linked"))
    assert stretch("run", "upper-back", "--plain", "--brief").code == 0
    code, _, err = stretch("history", "export", "-o", str(real / "history.sqlite3"))
    assert code == 2
    assert "is stretch's own history database" in err
