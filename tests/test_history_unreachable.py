"""A history that cannot be reached (its folder, or the database, a link to a disk that is not
mounted; a file where its folder should be) is one line for every command that reads it, never
"No sessions yet": an export would otherwise replace a good backup with an empty one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Stretch

LINK = "mount the disk it is on, point the link at the history, or set STRETCH_STATE_DIR"
GONE = "is a link to nothing (what it names is not there)"


def _folder_link(home: Path) -> tuple[Path, str]:
    state = home / "state-link"
    state.symlink_to(home / "unmounted" / "stretch")
    return state, f"{state} {GONE} ({LINK})"


def _database_link(home: Path) -> tuple[Path, str]:
    state = home / "state"
    state.mkdir()
    (state / "history.sqlite3").symlink_to(home / "unmounted" / "history.sqlite3")
    return state, f"it {GONE} ({LINK})"


def _file_in_the_way(home: Path) -> tuple[Path, str]:
    (home / "a-file").write_text("not a folder\n")
    return (
        home / "a-file" / "stretch",
        f"{home / 'a-file'} is a file, not a folder (move the file aside, or set "
        "STRETCH_STATE_DIR)",
    )


def _loop(home: Path) -> tuple[Path, str]:
    state = home / "state"
    state.mkdir()
    (state / "history.sqlite3").symlink_to("history.sqlite3")
    return state, f"it is a link that leads back to itself (a loop of symlinks) ({LINK})"


SHAPES: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "folder link": _folder_link,
    "database link": _database_link,
    "file in the way": _file_in_the_way,
    "loop": _loop,
}
READERS = [
    ["history"],
    ["history", "--json"],
    ["history", "--routine", "upper-back"],
    ["report"],
    ["report", "--format", "csv"],
    ["history", "export"],
    ["again"],
    ["remind"],
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_every_reader_says_the_history_cannot_be_reached(
    stretch: Stretch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shape: str,
    args: list[str],
) -> None:
    _one_line(stretch, tmp_path, monkeypatch, shape, args)


def _one_line(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str, args: list[str]
) -> None:
    """`stretch ARGS` with the state folder of `shape` says that it cannot be reached, in one
    line, and nothing else."""
    state, said = SHAPES[shape](tmp_path)
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    result = stretch(*args)
    assert (result.code, result.out) == (1, "")
    database = state / "history.sqlite3"
    assert result.err == f"stretch: cannot reach the history database {database}: {said}\n"


@pytest.mark.parametrize("shape", SHAPES)
def test_an_export_never_replaces_a_backup_with_nothing(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    state, _ = SHAPES[shape](tmp_path)
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    backup = tmp_path / "backup.jsonl"
    backup.write_text("a good backup\n")
    result = stretch("history", "export", "-o", str(backup))
    assert result.code == 1
    assert backup.read_text() == "a good backup\n"
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_a_history_not_made_yet_is_still_none_yet(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCH_STATE_DIR", str(tmp_path / "new" / "deeper"))
    result = stretch("history")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("No sessions yet.")


WRITERS = [
    ["history", "note", "1", "stiff today"],
    ["history", "import", "{export}"],
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("args", WRITERS, ids=lambda a: " ".join(a[:2]))
def test_every_writer_says_the_history_cannot_be_reached_as_readers_do(
    stretch: Stretch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shape: str,
    args: list[str],
) -> None:
    # Not "unable to open database file (check the permissions ...)": what is in the way.
    export = tmp_path / "export.jsonl"
    export.write_text('{"format": "stretch-history", "version": 1}\n')
    state, said = SHAPES[shape](tmp_path)
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    result = stretch(*(arg.format(export=export) for arg in args))
    assert (result.code, result.out) == (1, "")
    database = state / "history.sqlite3"
    assert result.err == f"stretch: cannot reach the history database {database}: {said}\n"


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("args", [*READERS, ["history", "sync"]], ids=" ".join)
def test_with_a_sync_folder_it_is_still_one_line(
    stretch: Stretch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shape: str,
    args: list[str],
) -> None:
    """Attack 18, H15: with a sync folder, the sync's lock said "cannot write sync.lock: File
    exists" before the history's own line, and `history sync` said only "cannot write the
    output: File exists"."""
    shared = tmp_path / "Sync"
    shared.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'sync_folder = "{shared}"\n')
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(config))
    _one_line(stretch, tmp_path, monkeypatch, shape, args)
    assert os.listdir(shared) == []
