"""The sync's state files damaged in every way: made afresh, never waited on, never a
traceback (issue 23, class 6)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from stretchcli.files.atomic import shown
from stretchcli.history.schema import VERSION
from stretchcli.history.sync_files import is_machine_id
from tests.fakes import NOW
from tests.test_sync import Machines, machines  # noqa: F401 - a fixture

DAMAGE: dict[str, Callable[[Path], object]] = {
    "bytes that are not text": lambda path: path.write_bytes(b"\xff\xfe\x1b[2J{{{\n"),
    "empty": lambda path: path.write_bytes(b""),
    "nul bytes": lambda path: path.write_bytes(b"\0" * 5000),
    "a fifo": lambda path: os.mkfifo(path),
    "a link to an endless device": lambda path: path.symlink_to("/dev/zero"),
    "a link to itself": lambda path: path.symlink_to(path),
    "an id too long": lambda path: path.write_text("a-" * 100_000 + "deadbeef\n"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_machine_id_is_made_afresh(machines: Machines, damage: str) -> None:  # noqa: F811
    machines.session("a", NOW - timedelta(hours=1))
    path = machines.state("a") / "machine-id"
    DAMAGE[damage](path)
    result = machines.run("a", "history", "sync", wall=NOW)
    made = path.read_text("ascii").strip()
    assert is_machine_id(made)
    assert result.out.splitlines()[1].startswith(f"this machine: {made} ")
    assert (result.code, result.err) == (  # said once: its file in the folder is now another's
        0,
        f"stretch: warning: this machine's id in {path} could not be read, so it was made "
        f"again: {made} (a file of its old id in the sync folder now reads as another "
        "machine's)\n",
    )
    assert machines.run("a", "history", "sync", wall=NOW).err == ""


def test_a_folder_in_place_of_the_machine_id_is_one_line(machines: Machines) -> None:  # noqa: F811
    machines.session("a", NOW - timedelta(hours=1))
    path = machines.state("a") / "machine-id"
    (path / "inside").mkdir(parents=True)
    result = machines.run("a", "history", "sync", wall=NOW)
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith(f"stretch: cannot keep this machine's id in {path}: ")
    assert result.err.endswith("(remove what is there; stretch makes the file again)\n")
    assert len(result.err.splitlines()) == 1
    history = machines.run("a", "history", wall=NOW)  # any other command: a warning
    assert history.code == 0
    assert history.err.startswith("stretch: warning: sync: cannot keep this machine's id in ")


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("name", ["sync.json", "sync-folder"])
@pytest.mark.parametrize("command", [("history",), ("history", "sync"), ("due",)])
def test_a_damaged_sync_state_is_worked_out_afresh(
    machines: Machines,  # noqa: F811
    damage: str,
    name: str,
    command: tuple[str, ...],
) -> None:
    uid = machines.session("a", NOW - timedelta(hours=1))
    machines.run("a", "history", "sync", wall=NOW)
    machines.session("b", NOW - timedelta(hours=2))
    path = machines.state("b") / name
    machines.run("b", "history", "sync", wall=NOW)
    path.unlink()
    DAMAGE[damage](path)
    result = machines.run("b", *command, wall=NOW)
    assert (result.code, result.err) == (0, "")
    assert uid in machines.uids("b")
    assert len(machines.uids("b")) == 2


@pytest.mark.parametrize("kind", ["a fifo", "a link to a device"])
@pytest.mark.parametrize(
    "command", [("history",), ("history", "sync"), ("history", "note", "1", "x")]
)
def test_this_machine_s_own_file_that_is_not_a_file_never_waits(
    machines: Machines,  # noqa: F811
    kind: str,
    command: tuple[str, ...],
) -> None:
    """This machine's own file in the sync folder replaced by a fifo (or a link to a device):
    every command went on waiting for a writer (with the sync's lock held, and Ctrl-C
    unheard); now the sync says what is there in one line, and the command goes on."""
    import subprocess
    import sys

    machines.session("a", NOW - timedelta(hours=1))
    assert machines.run("a", "history", "sync", wall=NOW).code == 0
    (own,) = machines.folder.glob("stretch-history-*.jsonl")
    own.unlink()
    if kind == "a fifo":
        os.mkfifo(own)
    else:
        own.symlink_to("/dev/null")
    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,  # a wait for ever fails here, instead of hanging the suite
        env={**os.environ, "STRETCH_TEST_CLOCK": NOW.isoformat()},
    )
    said = "a fifo, not a file (move it aside; " if kind == "a fifo" else "a link to /dev/null"
    assert f"this machine's sync file {shown(own)}: it is {said}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_sync_asked_of_a_history_from_a_newer_stretch_is_the_commands_error(
    machines: Machines,  # noqa: F811
) -> None:
    """Attack 18, H10: `history sync` exited 0 and showed the status as if it had synced, a
    warning under it; every other command that cannot read the history exits 1."""
    machines.session("a", NOW - timedelta(hours=1))
    with closing(sqlite3.connect(machines.state("a") / "history.sqlite3")) as db, db:
        db.execute("PRAGMA user_version = 99")
    done = machines.run("a", "history", "sync", wall=NOW)
    assert (done.code, done.out) == (1, "")
    assert done.err == (
        "stretch: the history database is from a newer stretch (schema 99, this one knows "
        f"{VERSION}) (upgrade stretch to read it; the file was left as it is)\n"
    )
    assert list(machines.folder.iterdir()) == []
