"""A history whose write lock another process holds longer than the busy timeout: every
writer (a run's start, its ratings, notes, an import, reminders) says so in one line, "the
history is busy; try again", and never shows a traceback; what can go on (a run) goes on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from stretchcli.cli import main
from stretchcli.env import Environment
from stretchcli.history import connection
from stretchcli.history.store import History
from stretchcli.records import ExerciseResult
from stretchcli.session.devices import Devices, system_speaker
from stretchcli.views.screens import TerminalScreens
from tests.conftest import Stretch
from tests.fakes import NOW, FakeTerminal, TypedAtTerminal
from tests.system_fakes import FakeCommands

LOCKER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
db.execute("COMMIT")
"""


def db_path(isolated: Path) -> Path:
    return isolated / "state" / "history.sqlite3"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another process holds the history's write lock while the block runs."""
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert locker.stdout is not None and locker.stdin is not None
    try:
        assert locker.stdout.readline() == "locked\n"
        yield
    finally:
        locker.stdin.close()
        locker.stdout.close()
        assert locker.wait(timeout=30) == 0


@pytest.fixture
def history(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> History:
    """A history with one session, and a busy timeout short enough for a test."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)
    history = History(db_path(isolated), print, lambda: NOW - timedelta(days=1))
    done = [ExerciseResult("rhomboid-stretch", "done", 2, 2)]
    history.finish(history.start("desk-break", {}, done, None), "completed", 60, done, 0)
    history.close()
    return history


def busy(path: Path) -> str:
    return f"the history is busy; try again (another process is writing to {path})"


@pytest.mark.parametrize(
    "args",
    [
        ["history", "note", "tight today"],
        ["history", "note", "1", "tight today"],
        ["remind", "snooze"],
        ["remind", "skip"],
        ["remind", "check"],
    ],
)
def test_a_writer_stopped_by_the_lock_says_so_in_one_line(
    stretch: Stretch,
    history: History,
    isolated: Path,
    fakes: FakeCommands,
    args: list[str],
) -> None:
    fakes.add("notify-send")
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("remind = true\n")
    with locked(history.path):
        code, out, err = stretch(*args)
    assert (code, out, err) == (1, "", f"stretch: {busy(history.path)}\n")
    assert fakes.calls("notify-send") == []


def test_an_import_stopped_by_the_lock_says_so_and_imports_nothing(
    stretch: Stretch, history: History, tmp_path: Path
) -> None:
    exported = tmp_path / "history.jsonl"
    assert stretch("history", "export", "-o", str(exported)).code == 0
    line = json.loads(exported.read_text().splitlines()[1])
    exported.write_text(
        exported.read_text() + json.dumps({**line, "uid": "e" * 32}) + "\n", encoding="utf-8"
    )
    with locked(history.path):
        code, out, err = stretch("history", "import", str(exported))
    assert (code, out, err) == (1, "", f"stretch: {busy(history.path)}\n")
    assert len(history.sessions()) == 1


def test_a_run_that_cannot_record_its_start_still_runs(stretch: Stretch, history: History) -> None:
    with locked(history.path):
        code, out, err = stretch("run", "desk-break", "--json", "--brief")
    assert code == 0
    assert json.loads(out.splitlines()[-1])["event"] == "end"
    assert err.splitlines()[1:] == [
        f"stretch: warning: this session will not be recorded: {busy(history.path)}"
    ]
    assert len(history.sessions()) == 1


class LockingTerminal(TypedAtTerminal):
    """A person typing answers; the history is locked by another process from the
    second answer on (after the run, while the ratings are asked)."""

    def __init__(self, typed: str, path: Path) -> None:
        super().__init__(typed)
        self.path = path
        self.answers = 0
        self.lock = locked(path)

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        self.answers += 1
        if self.answers == 2:
            self.lock.__enter__()
        return super().readline(size)


def test_ratings_that_cannot_be_recorded_say_so_and_keep_the_run(history: History) -> None:
    terminal = FakeTerminal()
    stdin = LockingTerminal("5\n3\n4\n", history.path)
    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdin,
        out,
        err,
        os.environ,
        monotonic=terminal.now,
        sleep=terminal.sleep,
        wall_clock=lambda: NOW,
    )
    devices = Devices(terminal.keyboard, system_speaker, TerminalScreens())
    try:
        code = main(["run", "desk-break", "--plain", "--brief", "--pain"], env, devices)
    finally:
        stdin.lock.__exit__(None, None, None)
    assert code == 0
    assert err.getvalue().endswith(
        f"Enter to skip): stretch: warning: could not record the ratings: {busy(history.path)}\n"
    )
    latest = History(history.path, print, lambda: NOW).latest()
    assert latest is not None
    assert (latest.status, latest.pain_before, latest.pain_after) == ("completed", 5, None)
