"""Nothing lost: recovery races, a full disk, folders that cannot be written, a locked
database, killed runs, signals during shutdown, resumes, keys read together, time zones,
and databases with unexpected contents (issue 10, items 1-8, 13 and 14)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from stretchcli.errors import HistoryError
from stretchcli.files.lock import held
from stretchcli.history.damage import WHAT_TO_DO
from stretchcli.history.store import History
from stretchcli.history.writer import Writer
from stretchcli.model import Phase
from stretchcli.records import ExerciseResult
from stretchcli.session.recorder import HistoryRecorder
from stretchcli.session.runner import Runner, RunState
from stretchcli.session.terminal import PosixKeys
from tests.fakes import FakeTerminal, Recorder, eventually
from tests.test_history import NOON, Run, db_path, history_json, run, seed, store

__all__ = ["run"]  # the fixture, shared with test_history

GARBAGE = b"this is not a database, but it is somebody's file\n" * 20
RECORDS = [ExerciseResult("thoracic-rotation", "done", 10, 10)]


def _open_garbage(path: str) -> None:
    History(Path(path), lambda message: None, lambda: NOON).sessions()


# 1. Recovery never destroys the file it keeps.


@pytest.mark.slow
def test_twenty_processes_recovering_at_once_keep_the_original(isolated: Path) -> None:
    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    path.write_bytes(GARBAGE)
    code = (
        "import sys; from datetime import datetime, UTC; from pathlib import Path; "
        "from stretchcli.history.store import History; "
        "History(Path(sys.argv[1]), lambda m: None, lambda: datetime(2026, 1, 1, tzinfo=UTC))"
        ".sessions()"
    )
    children = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE)
        for _ in range(20)
    ]
    for child in children:
        _, errors = child.communicate(timeout=60)
        assert child.returncode == 0, errors
    kept = sorted(path.parent.glob("history.sqlite3.unreadable-*"))
    assert [p.read_bytes() for p in kept] == [GARBAGE]  # moved once, never overwritten
    new = History(path, lambda m: None, lambda: NOON)
    assert new.sessions() == []  # and a good new one in its place


def test_the_aside_name_never_overwrites_an_earlier_one(isolated: Path) -> None:
    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    history, warnings = store(path)
    for round_ in range(3):  # three bad files within the same second
        path.write_bytes(GARBAGE + bytes([round_]))
        history.sessions()
    kept = sorted(p.name for p in path.parent.glob("history.sqlite3.unreadable-*"))
    assert kept == [
        "history.sqlite3.unreadable-20261124-120000",
        "history.sqlite3.unreadable-20261124-120000-2",
        "history.sqlite3.unreadable-20261124-120000-3",
    ]
    contents = {(path.parent / name).read_bytes()[-1] for name in kept}
    assert contents == {0, 1, 2}
    assert len(warnings) == 3


def test_a_recovery_held_by_another_process_past_the_busy_timeout_is_one_line(
    isolated: Path,
) -> None:
    """Moving an unreadable database aside waits for another process's recovery a bounded
    time (the busy timeout), then says the history is busy; its lock file is private."""
    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    path.write_bytes(GARBAGE)
    lock = path.with_name("history.sqlite3.lock")
    history = History(path, lambda m: None, lambda: NOON, busy_timeout=0.0)
    with held(lock, wait=False) as got:  # another process recovering it
        assert got
        with pytest.raises(HistoryError) as caught:
            history.sessions()
    assert (caught.value.message, caught.value.hint) == (
        "the history is busy; try again",
        f"another process is recovering {path}",
    )
    assert path.read_bytes() == GARBAGE and not list(path.parent.glob("*.unreadable-*"))
    lock.unlink()
    assert history.sessions() == []  # once it is free, moved aside and started anew
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600  # made by the recovery


# 2. A full disk is not corruption.


class FullDisk(sqlite3.Connection):
    """A connection on a disk with no room left: the first write fails."""

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.startswith(("PRAGMA journal_mode =", "BEGIN", "INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)  # type: ignore[arg-type]


def test_a_full_disk_leaves_the_database_where_it_is(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = db_path(isolated)
    history, warnings = store(path)
    seed(history, NOON - timedelta(days=1), 5)
    path.unlink(missing_ok=True)  # a database in rollback mode, so that opening it writes
    seed(history, NOON - timedelta(days=1), 5)
    history.close()  # and opened again, as by a later process, on a full disk
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA journal_mode = DELETE")
    before = path.read_bytes()
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = real(*args, factory=FullDisk, **kwargs)
        return connection

    monkeypatch.setattr("stretchcli.history.connection.sqlite3.connect", connect)
    assert len(history.sessions()) == 1  # read as it is, without writing
    with pytest.raises(HistoryError) as caught:
        seed(history, NOON, 1)
    assert str(caught.value.message) == (
        f"cannot use the history database {path}: database or disk is full"
    )
    assert caught.value.hint == "free some disk space; the history was kept as it is"
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.unreadable-*"))
    assert warnings == []
    assert len(history.sessions()) == 1


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 300 KB tmpfs (root only, where mounting is allowed)."""
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_on_a_really_full_disk_the_history_is_kept_and_the_run_goes_ahead(
    tiny_disk: Path, isolated: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCH_STATE_DIR", str(tiny_disk))
    path = tiny_disk / "history.sqlite3"
    history, _ = store(path)
    seed(history, NOON - timedelta(days=1), 5)
    history = History(path, lambda m: None, lambda: NOON)
    before = {p.name: p.read_bytes() for p in tiny_disk.iterdir()}
    filler = tiny_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    code, _, err = run("run", "upper-back", "--json", "--only", "thoracic-rotation")
    assert code == 0
    assert "stretch: warning: this session will not be recorded: " in err
    assert "database or disk is full" in err or "disk I/O error" in err
    assert "moved" not in err
    assert not list(tiny_disk.glob("*.unreadable-*"))
    filler.unlink()
    after = {p.name: p.read_bytes() for p in tiny_disk.iterdir()}
    assert after["history.sqlite3"] == before["history.sqlite3"]
    assert [s["status"] for s in history_json(run)] == ["completed"]


# 3. History that cannot be written never blocks the run.


def test_a_state_folder_that_cannot_be_made_gives_one_line_and_the_run_goes_ahead(
    isolated: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated.mkdir(parents=True, exist_ok=True)
    blocker = isolated / "not-a-folder"
    blocker.write_text("a file where the state folder should be")
    monkeypatch.setenv("STRETCH_STATE_DIR", str(blocker / "state"))
    code, out, err = run("run", "upper-back", "--json", "--only", "thoracic-rotation")
    assert code == 0
    assert json.loads(out.splitlines()[-1])["status"] == "completed"
    assert err.splitlines()[1] == (  # what is in the way, as every command says it
        "stretch: warning: this session will not be recorded: cannot reach the history "
        f"database {blocker / 'state' / 'history.sqlite3'}: {blocker} is a file, not a folder "
        "(move the file aside, or set STRETCH_STATE_DIR)"
    )
    code, out, err = run("history", "--json")  # what is in the way is said, not "none"
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot reach the history database {blocker / 'state' / 'history.sqlite3'}: "
        f"{blocker} is a file, not a folder (move the file aside, or set STRETCH_STATE_DIR)\n"
    )
    code, out, err = run("paths")
    assert code == 0, err
    assert "Traceback" not in err


@pytest.fixture
def read_only_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A state folder with a history in it, seen through a read-only bind mount (root only),
    like a history created by root under sudo and then used by its owner."""
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("a read-only bind mount needs root")
    source, view = tmp_path / "state", tmp_path / "read-only"
    view.mkdir()
    history, _ = store(source / "history.sqlite3")
    seed(history, NOON - timedelta(days=1), 5)
    with closing(sqlite3.connect(source / "history.sqlite3")) as db, db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    bound = subprocess.run([mount, "--bind", str(source), str(view)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.decode().strip()}")
    try:
        subprocess.run([mount, "-o", "remount,bind,ro", str(view)], check=True)
        monkeypatch.setenv("STRETCH_STATE_DIR", str(view))
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_a_read_only_history_gives_a_warning_and_the_run_goes_ahead(
    read_only_state: Path, run: Run
) -> None:
    code, out, err = run("run", "upper-back", "--json", "--only", "thoracic-rotation")
    assert code == 0
    assert json.loads(out.splitlines()[-1])["status"] == "completed"
    assert "stretch: warning: this session will not be recorded: " in err
    assert "Traceback" not in err
    assert not list(read_only_state.glob("*.unreadable-*"))
    code, out, err = run("history", "--json")
    assert code in (0, 1) and "Traceback" not in err
    if code == 1:
        assert err.count("\n") == 1 and "read" in err


def test_an_unwritable_folder_as_a_user(isolated: Path, run: Run) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere: chmod cannot stop it")
    state = isolated / "state"
    state.mkdir(parents=True)
    state.chmod(0o555)
    try:
        code, _, err = run("run", "upper-back", "--json", "--only", "thoracic-rotation")
        assert code == 0
        assert "stretch: warning: this session will not be recorded: " in err
    finally:
        state.chmod(0o755)


# 4. History writes never stall the clock; a hold that was not lived is not recorded.


class SlowHistory:
    """A history whose writes wait until released, like a database locked elsewhere."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.written: list[tuple[str, float]] = []

    def progress(
        self, session_id: int, seconds: float, exercises: object, last_step: int | None
    ) -> None:
        self.release.wait(10)
        self.written.append(("progress", seconds))

    def finish(
        self,
        session_id: int,
        status: str,
        seconds: float,
        exercises: object,
        last_step: int | None,
        ended_at: object = None,
    ) -> None:
        self.release.wait(10)
        self.written.append((status, seconds))


PHASES = [
    Phase(0, "prepare", "e", None, 1, None, 5.0, 0.0),
    *(Phase(i, "hold", "e", None, 1, i, 5.0, 5.0 * i) for i in range(1, 8)),
]


def test_a_locked_history_never_holds_up_the_session() -> None:
    slow = SlowHistory()
    writer = Writer(lambda message: None)
    terminal = FakeTerminal()
    recorder = HistoryRecorder(slow, 1, writer)  # type: ignore[arg-type]
    state = Runner(PHASES, terminal, terminal, recorder).run()
    # The whole run went by while every write waited (each would have waited 10 s for
    # `release` and then been written, had the session waited for it).
    assert state.status == "completed" and slow.written == []
    slow.release.set()
    assert writer.flush(5)
    assert slow.written[-1] == ("completed", 40.0)
    assert len(slow.written) < len(PHASES) + 1  # waiting progress writes were merged


def test_holds_that_went_by_during_a_stall_are_not_recorded_as_held() -> None:
    """The process stopped for 20 s as hold 2 began (SIGSTOP, or the machine asleep): the
    session waits, paused where it was, and the stop is a pause, not exercise. Before, holds
    2 to 5 went by unseen and the session was completed with 40 s done."""
    terminal = FakeTerminal([(60.0, " ")])

    class Stall(Recorder):
        def phase_started(self, state: RunState, now: float) -> None:
            super().phase_started(state, now)
            if state.index == 2:
                self.clock.t += 20  # the process was stopped for 20 s during hold 2

    recorder = Stall(terminal)
    state = Runner(PHASES, terminal, terminal, recorder).run()
    assert ("pause", 2, "hold", 30.0) in recorder.events  # seen as soon as it runs again
    assert ("resume", 2, "hold", 60.0) in recorder.events  # the space at 60 s
    assert state.status == "completed"
    assert sorted(state.done_holds) == [1, 2, 3, 4, 5, 6, 7]  # each held in full after
    assert state.skipped_holds == set()
    assert state.elapsed(state.ended) == 40.0  # the routine's time: the stop is not in it


def test_a_real_write_lock_from_another_process_does_not_stop_the_clock(
    isolated: Path,
) -> None:
    path = db_path(isolated)
    history, _ = store(path)
    session_id = history.start("upper-back", {}, RECORDS, None)
    history.busy_timeout = 5
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    writer = Writer(lambda message: None)
    terminal = FakeTerminal()
    Runner(PHASES, terminal, terminal, HistoryRecorder(history, session_id, writer)).run()
    # The session is over while its writes still wait for the lock (they wait up to 5 s).
    assert not writer.flush(0)
    locker.execute("COMMIT")
    locker.close()
    assert writer.flush(10)
    (session,) = history.sessions()
    assert (session.status, session.seconds) == ("completed", 40.0)


def test_one_history_is_written_from_one_thread_while_another_reads(isolated: Path) -> None:
    history, warnings = store(db_path(isolated))
    session_id = history.start("upper-back", {}, RECORDS, None)
    failed: list[BaseException] = []

    def save() -> None:
        try:
            for n in range(1, 101):
                history.progress(session_id, float(n), RECORDS, 0)
        except BaseException as exc:
            failed.append(exc)

    writer = threading.Thread(target=save)
    writer.start()
    seen = [history.sessions()[0] for _ in range(100)]  # while it writes
    writer.join()
    assert failed == [] and warnings == []
    # Each read saw a whole write, never one half-done (its exercises being replaced).
    assert all(s.exercises == tuple(RECORDS) for s in seen)
    assert [s.seconds for s in seen] == sorted(s.seconds for s in seen)
    assert history.sessions()[0].seconds == 100.0
    history.close()


def test_between_writes_the_file_alone_is_the_whole_history(isolated: Path, tmp_path: Path) -> None:
    path = db_path(isolated)
    with History(path, lambda m: None, lambda: NOON) as history:
        session_id = history.start("upper-back", {}, RECORDS, None)
        history.progress(session_id, 30.0, RECORDS, 0)
        copy = tmp_path / "copy.sqlite3"
        shutil.copyfile(path, copy)  # a backup that takes the file alone, while a run goes on
    with History(copy, lambda m: None, lambda: NOON) as backup:
        (session,) = backup.sessions()
    assert (session.routine, session.seconds) == ("upper-back", 30.0)


# 5. A killed run keeps its progress.


QUICK = """\
name: Steady
summary: Holds of a second, for a run that is killed part-way.
prepare: 1
rest: 1
steps:
  - exercise: scapular-squeeze
    hold: 1
    reps: 30
    relax: 0.5
"""


def _spawn(isolated: Path, *args: str) -> subprocess.Popen[str]:
    folder = isolated / "path"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "steady.yaml").write_text(QUICK)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STRETCH_PATH": str(folder)}
    return subprocess.Popen(
        [sys.executable, "-m", "stretchcli", "run", "steady", "--json", "--brief", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_a_run_killed_part_way_keeps_its_progress(isolated: Path, run: Run) -> None:
    child = _spawn(isolated)
    assert child.stdout is not None
    for line in child.stdout:  # until the fourth hold starts, 13.5 s in (9 s getting ready)
        event = json.loads(line)
        if event["kind"] == "hold" and event["rep"] == 4:
            break
    history, _ = store(db_path(isolated))
    # The writer thread writes the progress in its own time.
    assert eventually(lambda: history.sessions()[0].exercises[0].done == 3)
    child.kill()
    child.communicate(timeout=20)
    (session,) = history_json(run)
    assert session["status"] == "interrupted"
    seconds, exercises = session["seconds"], session["exercises"]
    assert isinstance(seconds, float) and seconds >= 13.0  # at most a phase behind
    assert isinstance(exercises, list) and exercises[0]["done"] == 3


# 6. A second signal during shutdown.


def test_a_second_signal_while_shutting_down_is_ignored(isolated: Path, run: Run) -> None:
    for round_ in range(5):
        child = _spawn(isolated)
        assert child.stdout is not None
        child.stdout.readline()
        child.stdout.readline()  # the first hold has begun: the session has a row
        child.send_signal(signal.SIGTERM)
        time.sleep(0.002)
        child.send_signal(signal.SIGHUP)
        out, errors = child.communicate(timeout=20)
        # The signal handled first decides the code: Python runs the handlers of signals
        # that arrive together in signal-number order (HUP before TERM) on a busy machine.
        assert child.returncode in (143, 129), (round_, errors)
        assert "Traceback" not in errors
        assert json.loads(out.splitlines()[-1])["status"] == "interrupted"
    sessions = history_json(run)
    assert len(sessions) == 5
    assert all(s["ended_at"] is not None for s in sessions)


# 7. Resuming twice goes forward.


def test_resuming_twice_goes_forward(run: Run) -> None:
    code, _, err = run("run", "upper-back", "--json", "--brief", keys=[(150.0, "q")])
    assert code == 0
    code, out, err = run("run", "upper-back", "--resume", "--json", keys=[(400.0, "q")])
    first = json.loads(out.splitlines()[0])
    assert first["exercise"] == "scapular-squeeze"
    exercises = [json.loads(line)["exercise"] for line in out.splitlines()[:-1]]
    reached = exercises[-1]
    code, out, err = run("run", "upper-back", "--resume", "--json")
    again = json.loads(out.splitlines()[0])
    assert again["exercise"] == reached != "scapular-squeeze"
    steps = ["rhomboid-stretch", "scapular-squeeze", "thoracic-rotation",
             "thoracic-side-bend", "ball-pressure"]  # fmt: skip
    assert f"stretch: resuming at step {steps.index(reached) + 1}, {reached}" in err


# 8. Keys that arrive in one read: a key held down is each press; different keys together
# are pasted text (test_run_edges.py), none of them a key.


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("nq", []),
        ("+++++", ["+"] * 5),
        ("\x1b[An", ["n"]),  # an arrow key, then n
        ("\x1bOPq", ["q"]),  # F1, then q
    ],
)
def test_every_key_of_one_read_is_handled(typed: str, keys: list[str]) -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, typed.encode())
        source = PosixKeys(read_end)
        got = [source.read(0.1) for _ in range(len(keys) + 1)]
    finally:
        os.close(read_end)
        os.close(write_end)
    assert got == [*keys, None]


# 13. Times in UTC: order survives a time-zone change and the fall-back hour.


def test_sessions_are_ordered_by_the_moment_not_the_local_clock(isolated: Path, run: Run) -> None:
    path = db_path(isolated)
    summer = timezone(timedelta(hours=-4), "EDT")
    winter = timezone(timedelta(hours=-5), "EST")
    first = datetime(2026, 11, 1, 1, 30, tzinfo=summer)  # 05:30 UTC
    second = datetime(2026, 11, 1, 1, 10, tzinfo=winter)  # 06:10 UTC, after the clocks fell back
    history, _ = store(path)
    seed(history, first, 5, routine="mid-back")
    seed(history, second, 5, routine="upper-back")
    assert [s.routine for s in History(path, lambda m: None, lambda: NOON).sessions()] == [
        "mid-back",
        "upper-back",
    ]
    with closing(sqlite3.connect(path)) as db, db:
        stored = [row[0] for row in db.execute("SELECT started_at FROM sessions ORDER BY id")]
    assert stored == ["2026-11-01T05:30:00.000000+00:00", "2026-11-01T06:10:00.000000+00:00"]
    code, out, _ = run("again", "--json", "--brief")
    assert code == 0
    assert json.loads(out.splitlines()[0])["exercise"] == "rhomboid-stretch"  # upper-back
    (shown,) = [s for s in history_json(run) if s["routine"] == "upper-back"][:1]
    assert shown["started_at"] == second.astimezone(NOON.tzinfo).isoformat()


def test_migration_4_moves_local_times_to_utc(isolated: Path) -> None:
    from stretchcli.history.schema import migrate

    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as db, db:
        migrate(db, 3)
        db.execute(
            "INSERT INTO sessions (routine, started_at, ended_at, status) VALUES "
            "('a', '2026-11-01T01:30:00-04:00', '2026-11-01T01:40:00-04:00', 'completed'), "
            "('b', '2026-11-01T01:10:00-05:00', NULL, 'stopped'), "
            "('c', 'yesterday', NULL, 'stopped')"
        )
    history, warnings = store(path)
    assert [(s.routine, s.started_at.isoformat()) for s in history.sessions()] == [
        ("a", "2026-11-01T06:30:00+01:00"),
        ("b", "2026-11-01T07:10:00+01:00"),
    ]
    assert warnings == [
        "skipping session 3 of the history: sessions.started_at of row 3 cannot be read: "
        f"not a date written as YYYY-MM-DD: 'yesterday' ({WHAT_TO_DO})"
    ]


# 14. A readable database with unexpected contents.


def test_a_database_without_tables_is_one_line(isolated: Path, run: Run) -> None:
    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    from stretchcli.history.schema import VERSION

    with closing(sqlite3.connect(path)) as db, db:  # it says it is up to date, and has no tables
        db.execute(f"PRAGMA user_version = {VERSION}")
    code, _, err = run("history")
    assert code == 1
    assert err == (
        f"stretch: the history database {path} is damaged: it has no table sessions (it was "
        "left as it is: restore a copy, or move it aside to start a new history)\n"
    )
    code, _, err = run("again")
    assert code == 1 and err.count("\n") == 1
    code, _, err = run("run", "upper-back", "--json", "--only", "thoracic-rotation")
    assert code == 0
    assert err.splitlines()[-1] == (
        f"stretch: warning: this session will not be recorded: the history database {path} is "
        "damaged: it has no table sessions (it was left as it is: restore a copy, or move it "
        "aside to start a new history)"
    )
    assert path.exists() and not list(path.parent.glob("*.unreadable-*"))


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("started_at", "'not a date'", "not a date written as YYYY-MM-DD: 'not a date'"),
        ("options", "'[1, 2]'", "not a JSON object: [1, 2]"),
        ("seconds", "'lots'", "not a number of seconds: 'lots'"),
        ("pain_before", "'x'", None),  # refused by the table's own CHECK
    ],
)
def test_rows_that_cannot_be_read_back_are_skipped_with_a_warning(
    isolated: Path, run: Run, column: str, value: str, problem: str | None
) -> None:
    path = db_path(isolated)
    history, _ = store(path)
    seed(history, NOON - timedelta(days=2), 5)
    seed(history, NOON - timedelta(days=1), 5)
    with closing(sqlite3.connect(path)) as db, db:
        try:
            db.execute(f"UPDATE sessions SET {column} = {value} WHERE id = 2")
        except sqlite3.IntegrityError:
            assert problem is None
            return
    code, out, err = run("history", "--json")
    assert code == 0
    assert [s["id"] for s in json.loads(out)] == [1]
    assert err == (
        f"stretch: warning: skipping session 2 of the history: sessions.{column} of row 2 "
        f"cannot be read: {problem} ({WHAT_TO_DO})\n"
    )


def test_stored_options_out_of_range_are_said_as_the_sessions(isolated: Path, run: Run) -> None:
    """They fell back to the defaults without a word; a run never writes them, so `again`
    says whose they are and runs nothing (review 16, R15)."""
    path = db_path(isolated)
    history, _ = store(path)
    session_id = history.start("upper-back", {"scale": 1e999, "only": "rhomboid"}, RECORDS, None)
    history.finish(session_id, "stopped", 10, RECORDS, 0)
    code, out, err = run("again", "--json", "--brief")
    assert (code, out) == (1, "")
    assert err.startswith(
        "stretch: the last session (session 1) cannot be run again with its options: options."
    ), err
