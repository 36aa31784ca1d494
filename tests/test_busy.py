"""A history whose write lock another process holds longer than the busy timeout: every
writer (a run's start, its ratings, notes, an import, reminders) says so in one line, "the
history is busy; try again", and never shows a traceback; what can go on (a run) goes on."""

from __future__ import annotations

import io
import json
import os
import sqlite3
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
from tests.fakes import NOW, START, FakeTerminal, TypedAtTerminal
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


def kept(path: Path, begun: bool = False) -> str:
    """The warning of a run whose history is busy as it starts (`begun`: during it)."""
    said = (
        "this session is kept, and will be written when the history is free"
        if begun
        else "what you do of this session is kept, and written when the history is free"
    )
    return f"stretch: warning: the history is busy (another process is writing to {path}): {said}"


def not_recorded(path: Path) -> str:
    return (
        "stretch: this session is not recorded: the history is still busy (another process "
        f"is writing to {path})"
    )


class FreedAt(FakeTerminal):
    """A terminal whose clock frees the history at `at` seconds after the start: another
    process (a real second connection) holds its write lock until then."""

    def __init__(self, path: Path, at: float) -> None:
        super().__init__()
        self.at = at
        self.locker: sqlite3.Connection | None = sqlite3.connect(path, isolation_level=None)
        self.locker.execute("BEGIN IMMEDIATE")

    def _free_when_due(self) -> None:
        if self.locker is not None and self.t - START >= self.at:
            self.locker.execute("COMMIT")
            self.locker.close()
            self.locker = None

    def read(self, timeout: float) -> str | None:
        key = super().read(timeout)
        self._free_when_due()
        return key

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        self._free_when_due()


RUN = ("run", "desk-break", "--only", "scapular-squeeze", "--scale", "0.25", "--plain")


@pytest.mark.parametrize("free_at", [0.0, 5.0, 30.0, 100.0], ids=["start", "early", "late", "end"])
def test_a_run_made_while_the_history_is_briefly_busy_is_recorded_in_full(
    stretch: Stretch, history: History, free_at: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Busy as the run starts, and freed at its start, during it or only while its end waits:
    the whole session is recorded, with the time it started, and counted; the warning says
    it is kept (no "try again" in the middle of a run), once."""
    from stretchcli.session import run

    monkeypatch.setattr(run, "FLUSH_SECONDS", 200.0)  # on the fake clock: the run is 1:09
    monkeypatch.setattr(run, "RETRY_PAUSE", 10.0)
    terminal = FreedAt(history.path, free_at)
    result = stretch(*RUN, terminal=terminal)
    assert terminal.locker is None  # freed at last
    assert result.code == 0, result.err
    assert "try again" not in result.err
    assert result.err.count(kept(history.path)) == 1
    assert result.out.endswith("done: Scapular squeeze\nYour 2nd session this week.\n")
    latest = History(history.path, print, lambda: NOW).latest()
    assert latest is not None
    assert (latest.routine, latest.status, latest.started_at) == ("desk-break", "completed", NOW)
    assert latest.ended_at is not None and latest.seconds > 60
    assert [(e.exercise, e.status) for e in latest.exercises] == [("scapular-squeeze", "done")]
    assert len(history.sessions()) == 2


@pytest.mark.parametrize("busy_from", [0.0, 3.0])
def test_a_run_the_history_never_takes_says_so_at_its_end_and_exits_1(
    stretch: Stretch, history: History, busy_from: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Busy from the start (or from 3 s in) until after the end has waited its while: the
    end says plainly that the session is not recorded, counts it as no session of the week,
    and the exit code says so."""
    from stretchcli.session import run

    monkeypatch.setattr(run, "FLUSH_SECONDS", 2.0)  # on the fake clock: four tries

    class BusyFrom(FakeTerminal):
        locker: sqlite3.Connection | None = None

        def read(self, timeout: float) -> str | None:
            if self.locker is None and self.t - START >= busy_from:
                self.locker = sqlite3.connect(history.path, isolation_level=None)
                self.locker.execute("BEGIN IMMEDIATE")
            return super().read(timeout)

    terminal = BusyFrom()
    if not busy_from:
        terminal.read(0)  # busy before the run starts
    try:
        result = stretch(*RUN, terminal=terminal)
    finally:
        assert terminal.locker is not None
        terminal.locker.execute("COMMIT")
        terminal.locker.close()
    assert result.code == 1
    assert "try again" not in result.err
    assert result.err.count(kept(history.path, begun=bool(busy_from))) == 1
    # The end's wait is said as it begins (it was silence, as if the run hung).
    assert "stretch: the history is busy: waiting up to 2 s to record this session\n" in (
        result.err
    )
    # Not lost: kept in a file of the state folder, which an import adds once it is free.
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    assert result.err.endswith(
        not_recorded(history.path).replace("not recorded:", "not recorded yet:")
        + f"; it is kept in {file}: `stretch history import {file}` adds it once the "
        "history is free\n"
    )
    assert "session this week" not in result.out
    assert result.out.endswith("done: Scapular squeeze\n")
    # Its row waits for an exercise begun, and the history was busy by then: only the
    # session from before is there, until the file is imported.
    assert len(history.sessions()) == 1
    assert stretch("history", "import", str(file)).code == 0
    found = history.sessions()
    assert len(found) == 2
    latest = found[-1]
    assert (latest.routine, latest.status) == ("desk-break", "completed")
    assert (latest.options["only"], latest.options["scale"]) == (["scapular-squeeze"], 0.25)
    assert [(e.exercise, e.status) for e in latest.exercises] == [("scapular-squeeze", "done")]


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


def run_here(terminal: FakeTerminal, stdin: io.StringIO, args: list[str]) -> tuple[int, str]:
    """`stretch ARGS` in this process, on `terminal`'s clock and keys with `stdin` typed at
    the questions: its exit code and what it said on stderr."""
    err = io.StringIO()
    env = Environment(
        stdin,
        io.StringIO(),
        err,
        os.environ,
        monotonic=terminal.now,
        sleep=terminal.sleep,
        wall_clock=lambda: NOW,
    )
    devices = Devices(terminal.keyboard, system_speaker, TerminalScreens())
    return main(args, env, devices), err.getvalue()


def test_ratings_that_cannot_be_recorded_say_so_and_keep_the_run(history: History) -> None:
    terminal = FakeTerminal()
    stdin = LockingTerminal("5\n3\n4\n", history.path)
    try:
        code, err = run_here(terminal, stdin, ["run", "desk-break", "--plain", "--brief", "--pain"])
    finally:
        stdin.lock.__exit__(None, None, None)
    assert code == 0
    assert err.endswith(
        f"Enter to skip): stretch: warning: could not record the ratings: {busy(history.path)}\n"
    )
    latest = History(history.path, print, lambda: NOW).latest()
    assert latest is not None
    assert (latest.status, latest.pain_before, latest.pain_after) == ("completed", 5, None)


def test_a_run_waits_only_a_moment_for_a_history_another_process_is_writing(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a run starts, it tries the history with PROBE_PATIENCE (1 s), not the busy timeout
    (10 s of silence while a long import writes): it then starts at once, its session kept.
    The wait is the one asked for as the write transaction begins (no clock)."""
    from stretchcli.history import starting, store

    waits: list[float] = []
    begin = connection.begin_immediate

    def watched(db: sqlite3.Connection, wait: float) -> None:
        waits.append(wait)
        begin(db, wait)

    monkeypatch.setattr(store, "begin_immediate", watched)
    history = History(db_path(isolated), print, lambda: NOW)
    history.probe("desk-break", {}, [ExerciseResult("rhomboid-stretch", "not reached", 2, 0)], None)
    history.start("desk-break", {}, [], None)
    with history._write():  # and every other writer waits the whole busy timeout again
        pass
    assert waits == [starting.PROBE_PATIENCE, connection.BUSY_TIMEOUT, connection.BUSY_TIMEOUT]
    history.close()


def test_a_run_kept_aside_still_asks_its_ratings_and_answers_too_much_pain(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run the history never takes (another process holds it to the end) still asks the
    pain after and how hard it was: a pain of 8/10 is answered at once (what to do), and
    both ratings are kept with the session in its file. Before, nothing was asked, and the
    file held no pain after."""
    from stretchcli.plan.rules import DEFAULT_RULES
    from stretchcli.plan.words import pain_after_said
    from stretchcli.session import run

    monkeypatch.setattr(run, "FLUSH_SECONDS", 2.0)
    with locked(history.path):
        result = stretch(*RUN, "--pain-before", "3", "--pain", typed="8\n4\n")
    assert result.code == 1
    advice = pain_after_said(3, 8, DEFAULT_RULES, planned=None)  # RUN is at --scale 0.25
    assert advice is not None and advice in " ".join(result.err.split())  # (wrapped)
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    kept = json.loads(file.read_text(encoding="ascii").splitlines()[1])
    assert (kept["pain_before"], kept["pain_after"], kept["difficulty"]) == (3, 8, 4)
    assert result.err.endswith("adds it once the history is free\n")


@pytest.mark.parametrize("key", ["q", "ctrl-c"])
def test_a_run_ended_before_any_hold_while_the_history_is_busy_promises_nothing_it_breaks(
    stretch: Stretch, history: History, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Busy from the start, and ended (`q`, or Ctrl-C) before any exercise began: nothing of
    the session is kept (nothing was done), and the run says so, rather than the promise
    that it is kept (which it broke: no file, no word)."""
    from stretchcli.session import run

    monkeypatch.setattr(run, "FLUSH_SECONDS", 2.0)

    class Interrupting(FakeTerminal):
        def read(self, timeout: float) -> str | None:
            if key == "ctrl-c" and self.t - START >= 1.0:
                raise KeyboardInterrupt
            return super().read(timeout)

    terminal = Interrupting(keys=[(1.0, "q")] if key == "q" else [])
    with locked(history.path):
        result = stretch(*RUN, terminal=terminal)
    assert result.code == (0 if key == "q" else 130), result.err
    assert kept(history.path) + "\n" in result.err
    assert result.err.endswith(
        "stretch: no exercise of this session was begun: nothing of it is kept\n"
    ), result.err
    assert ": this session is kept" not in result.err
    assert list(history.path.parent.glob("unrecorded-*.jsonl")) == []
    assert len(history.sessions()) == 1
