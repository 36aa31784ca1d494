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

from tests.conftest import BUILTIN, Stretch
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
    # held by each config writer: a new file there would let two write at once (attack 14, H10)
    "config's lock": ("config/config.toml.lock", "config lock"),
    "plan": ("config/plan.yaml", "plan"),
    "plan before": ("config/plan.previous.yaml", "plan"),
    # `start`'s plan, waiting for a clinician's check (review 18, F11: -o wrote over it)
    "waiting plan": ("config/plan.after-check.yaml", "plan"),
    "sync file": ("sync/stretch-history-box-0123abcd.jsonl", "sync file"),
    # the routine files of every folder on the routine path, and their exercises
    "routine": ("config/routines/mine.yaml", "routine file"),
    "exercise": ("config/routines/exercises/my-press.yml", "exercise file"),
    "routine on STRETCH_PATH": ("path-routines/theirs.yml", "routine file"),
    "new routine": ("config/routines/not-yet.yaml", "routine file"),  # would be read as one
}
# What each own file holds where the program has not made it: a routine and an exercise as a
# person writes them (copies of built-in ones).
WRITTEN = {
    "routine": BUILTIN / "desk-break.yaml",
    "exercise": BUILTIN / "exercises" / "ball-pressure.yaml",
    "routine on STRETCH_PATH": BUILTIN / "mid-back.yaml",
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
def own_files(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A history with a session, a sync folder, a folder on STRETCH_PATH, and every own file
    there (made where the program has not made it, but for a new routine's name), each
    holding known bytes; the test works in tmp/out."""
    (isolated / "sync").mkdir(parents=True)
    monkeypatch.setenv("STRETCH_PATH", str(isolated / "path-routines"))
    assert stretch("config", "sync_folder", str(isolated / "sync")).code == 0
    assert stretch("run", "upper-back", "--plain", "--brief").code == 0
    for own, (where, _) in OWN.items():
        path = isolated / where
        if own not in (*MADE_BY_SQLITE, "new routine") and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(WRITTEN[own].read_bytes() if own in WRITTEN else b"kept\n")
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
    if own in (*MADE_BY_SQLITE, "new routine") and naming == "a hard link":
        pytest.skip("no file to link to")
    monkeypatch.chdir(tmp_path / "out")
    where, what = OWN[own]
    path = own_files / where
    sessions = stretch("history", "--json").out
    before = path.read_bytes() if path.exists() else None
    name = NAMINGS[naming](path, tmp_path)
    code, out, err = write(stretch, writer, name)
    flag = WRITERS[writer][1]
    assert (code, out) == (2, "")
    assert err == (
        f"stretch: {flag}: {name} is stretch's own {what}, {path} "
        "(give another file name: writing there would lose it)\n"
    )
    after = path.read_bytes() if path.exists() else None
    # SQLite removes its -wal and -shm files as the last connection to the history closes.
    assert after == before or (own in MADE_BY_SQLITE and after is None)
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


@pytest.mark.parametrize("writer", WRITERS)
def test_a_built_in_routine_file_is_never_written_over(stretch: Stretch, writer: str) -> None:
    """As root, or where the package is installed in the person's own folder."""
    path = BUILTIN / "desk-break.yaml"
    before = path.read_bytes()
    try:
        code, _, err = write(stretch, writer, str(path))
        assert code == 2
        assert f"is stretch's own routine file, {path} " in err
        assert path.read_bytes() == before
    finally:  # were it written over, the repository's file is put back
        if path.read_bytes() != before:
            path.write_bytes(before)
