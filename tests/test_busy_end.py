"""The end of a run whose history another process keeps busy: whatever signal ends the
end's wait (Ctrl-C too), the session is kept in a file of the state folder and the end
names it; the kept session carries the uid of any row of it the history holds already, so
that importing the file brings that row up to date rather than adding a second session."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.env import Environment
from stretchcli.history import transfer
from stretchcli.history.store import History
from stretchcli.history.writer import Writer
from stretchcli.session import kept_aside as kept_aside_module
from stretchcli.session import run as run_module
from stretchcli.session.recorder import HistoryRecorder, is_busy
from tests.conftest import Result, Stretch
from tests.fakes import NOW, START, FakeTerminal
from tests.test_busy import RUN, history, not_recorded

__all__ = ["history"]  # the fixture, shared

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


class BusyFrom(FakeTerminal):
    """A terminal whose clock makes another process (a second connection) take the
    history's write lock at `busy_from` seconds after the start, and hold it."""

    def __init__(self, path: Path, busy_from: float) -> None:
        super().__init__()
        self.path = path
        self.busy_from = busy_from
        self.locker: sqlite3.Connection | None = None
        self.rows_wanted = False  # wait for the run's row to be written before holding

    def _running_row(self) -> bool:
        with closing(sqlite3.connect(self.path)) as db:
            return bool(db.execute("SELECT 1 FROM sessions WHERE status = 'running'").fetchall())

    def hold(self) -> None:
        if self.locker is None and self.t - START >= self.busy_from:
            while self.rows_wanted and not self._running_row():
                time.sleep(0.01)  # polled: the run's writer thread lags its fake clock
            self.locker = sqlite3.connect(self.path, isolation_level=None)
            self.locker.execute("BEGIN IMMEDIATE")

    def free(self) -> None:
        if self.locker is not None:
            self.locker.execute("COMMIT")
            self.locker.close()
            self.locker = None

    def read(self, timeout: float) -> str | None:
        self.hold()
        return super().read(timeout)

    def run(self, stretch: Stretch, *args: str) -> Result:
        """`stretch ARGS` at this terminal, the lock let go at its end whatever happens."""
        self.hold()
        try:
            return stretch(*args, terminal=self)
        finally:
            self.free()


def kept_line(path: Path, file: Path) -> str:
    return (
        not_recorded(path).replace("not recorded:", "not recorded yet:")
        + f"; it is kept in {file}: `stretch history import {file}` adds it once the "
        "history is free\n"
    )


SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


@pytest.mark.usefixtures("handlers")
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda n: signal.Signals(n).name)
@pytest.mark.parametrize("busy_from", [0.0, 3.0])
def test_a_signal_during_the_ends_wait_keeps_the_session_and_names_its_file(
    stretch: Stretch,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
    busy_from: float,
) -> None:
    """The signal is raised (a real one, to this process) as the end tries the history
    again: Ctrl-C lost the whole completed session, SIGTERM and SIGHUP kept it."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    retry = HistoryRecorder.retry
    sent: list[int] = []

    def interrupted(self: HistoryRecorder) -> None:
        if not sent:
            sent.append(signum)
            signal.raise_signal(signum)
        retry(self)

    monkeypatch.setattr(HistoryRecorder, "retry", interrupted)
    result = BusyFrom(history.path, busy_from).run(stretch, *RUN)
    assert sent == [signum]
    assert result.code == 128 + signum, result.err
    assert "Traceback" not in result.err
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    assert result.err.endswith(kept_line(history.path, file))
    assert result.err.count("waiting up to 2 s") == 1  # not said again after the signal
    assert stretch("history", "import", str(file)).code == 0
    latest = History(history.path, print, lambda: NOW).latest()
    assert latest is not None
    assert (latest.routine, latest.status) == ("desk-break", "completed")
    assert len(json.loads(stretch("history", "--json").out)) == 2


@pytest.mark.parametrize("busy_from", [0.0, 3.0, 66.0, 68.0])
def test_a_kept_session_imported_is_one_session_with_the_rows_uid(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, busy_from: float
) -> None:
    """Free as the run starts (its row written mid-run, at 66 and 68 s in) and busy to its
    end: the file carries the row's uid, so importing it brings that row up to date; there
    is never a second session of one run."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    terminal = BusyFrom(history.path, busy_from)
    terminal.rows_wanted = busy_from >= 66
    result = terminal.run(stretch, *RUN)
    assert result.code == 1, result.err
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    os.utime(file, (NOW.timestamp(), NOW.timestamp()))  # just written, by the test's clock
    kept = json.loads(file.read_text().splitlines()[1])
    before = json.loads(stretch("history", "--json").out)
    mid_run = [s for s in before if s["uid"] == kept["uid"]]
    assert len(before) == 1 + len(mid_run)
    assert len(mid_run) == (busy_from >= 66)  # a row written before the lock came back
    # The run's process has ended by the time its file is imported (here it is the test's).
    monkeypatch.setattr(transfer, "alive", lambda pid, since: False)
    imported = stretch("history", "import", str(file))
    assert imported.code == 0, imported.err
    after = json.loads(stretch("history", "--json").out)
    assert len(after) == 2
    (session,) = [s for s in after if s["uid"] == kept["uid"]]
    assert (session["status"], session["seconds"]) == ("completed", kept["seconds"])


@pytest.mark.parametrize("busy_from", [0.0, 3.0])
def test_the_ends_wait_is_said_as_it_begins(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, busy_from: float
) -> None:
    """The history busy all along: "waiting up to 2 s" comes as the end begins to wait,
    while its last write is still trying the history (it came once that try was over,
    after a silence as long as the history's own wait, right before the failure)."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    trying: list[bool] = []
    settle = run_module._settle
    note = Environment.note

    def ending(
        env: Environment,
        writer: Writer,
        recorder: HistoryRecorder,
        told: list[bool],
        hurried: bool = False,
    ) -> bool:
        while not is_busy(recorder.failure):
            time.sleep(0.01)  # polled: the history found busy by the run's writes

        def noted(self: Environment, message: str) -> None:
            trying.append(writer.busy or bool(writer.waiting))
            note(self, message)

        monkeypatch.setattr(Environment, "note", noted)
        return settle(env, writer, recorder, told, hurried)

    monkeypatch.setattr(run_module, "_settle", ending)
    result = BusyFrom(history.path, busy_from).run(stretch, *RUN)
    assert result.code == 1, result.err
    assert result.err.count("waiting up to 2 s to record this session\n") == 1
    assert trying[0] is True


def kept_aside(stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A run kept aside (the history busy all along), its file two minutes old."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    assert BusyFrom(history.path, 0.0).run(stretch, *RUN).code == 1
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    old = (NOW - timedelta(minutes=2)).timestamp()
    os.utime(file, (old, old))
    return file


@pytest.mark.parametrize("command", [["history"], ["report"], ["history", "--json"]])
def test_a_session_kept_aside_is_added_by_the_next_command_once_the_history_is_free(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Nothing else may ever name the file (a run ended at a question after its last line):
    the next command that opens the history adds it, says so in one line, and deletes it."""
    file = kept_aside(stretch, history, monkeypatch)
    started = json.loads(file.read_text().splitlines()[1])["started_at"]
    moment = datetime.fromisoformat(started).astimezone()
    when = f"{moment:%a} {moment.day} {moment:%b %H:%M}"
    result = stretch(*command)
    assert result.code == 0, result.err
    assert result.err == (
        f"stretch: added the session of {when} kept aside while the history was busy\n"
    )
    assert not file.exists()
    sessions = json.loads(stretch("history", "--json").out)
    assert [s["status"] for s in sessions] == ["completed", "completed"]
    assert stretch("history").err == ""  # said once


def test_a_session_kept_aside_waits_while_the_history_is_busy(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = kept_aside(stretch, history, monkeypatch)
    terminal = BusyFrom(history.path, 0.0)
    terminal.hold()
    try:
        result = stretch("history", "--json")
    finally:
        terminal.free()
    assert "kept aside" not in result.err
    assert file.exists()


def test_a_session_kept_aside_that_cannot_be_added_is_named_with_how_to_add_it(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = kept_aside(stretch, history, monkeypatch)
    header, line = file.read_text().splitlines()
    file.write_text(header + "\n" + line.replace('"routine":"desk-break"', '"routine":7') + "\n")
    old = (NOW - timedelta(minutes=2)).timestamp()
    os.utime(file, (old, old))
    result = stretch("history", "--json")
    assert result.code == 0
    assert result.err.startswith(
        "stretch: warning: a session kept aside while the history was busy could not be added ("
    )
    assert result.err.endswith(f"; it is in {file}: `stretch history import {file}` adds it\n")
    assert result.err.count("\n") == 1
    assert file.exists()


def test_importing_a_kept_file_by_hand_imports_it_there(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the run's last line told: the import is the command's own, not added before it."""
    file = kept_aside(stretch, history, monkeypatch)
    result = stretch("history", "import", str(file))
    assert (result.code, result.out, result.err) == (0, "imported 1 session; 0 already there\n", "")
    assert file.exists()  # the person's to delete: it is imported, as a file they named
    assert stretch("history").err == ""  # then deleted, without a word: it was there
    assert not file.exists()
    assert len(json.loads(stretch("history", "--json").out)) == 2


ANSWER = (
    '{"barrier": {"at": "2026-11-30T09:00:00+01:00", "week": "2026-11-23", "answer": "forgot", '
    '"sessions": 1, "goal": 3}}'
)
CHANGE = (
    '{"level_change": {"at": "2026-11-30T09:00:00+01:00", "exercise": "thoracic-rotation", '
    '"change": "up", "level_before": 1, "level": 2, "reason": "r", "session_uid": null, '
    '"alternative": null, "plan": "' + "ab" * 32 + '"}}'
)


@pytest.mark.parametrize(
    "kind",
    [
        "two sessions",
        "not a run's name",
        "an answer",
        "a level change",
        "a newer header",
        "another session's name",
        "its uid in another's name",
        "a link",
        "a running session",
        "a start in the year 1",
        "its header alone",
    ],
)
def test_a_file_a_run_did_not_keep_is_named_never_imported_unasked(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A run keeps one session in a file it names, under the header of an export of sessions:
    a file with more (a misplaced export, two joined), with another name, with a plan's
    record in place of the session (attack 14, H2: imported and deleted without a word), or
    with another header, is left where it is and named, not imported."""
    file = kept_aside(stretch, history, monkeypatch)
    header, line = file.read_text().splitlines()
    if kind == "two sessions":
        other = line.replace(line[line.index('"uid":"') + 7 :][:32], "e" * 32)
        file.write_text(f"{header}\n{line}\n{other}\n")
    elif kind == "an answer":
        file.write_text(f'{{"format": "stretch-history", "version": 2}}\n{ANSWER}\n')
    elif kind == "a level change":
        file.write_text(f"{header}\n{CHANGE}\n")
    elif kind == "a newer header":
        file.write_text(f'{{"format": "stretch-history", "version": 2}}\n{line}\n')
    elif kind == "another session's name":  # review 16, R5: a stamp that is not its start
        file = file.rename(file.with_name("unrecorded-20261101-083000" + file.name[-15:]))
    elif kind == "its uid in another's name":
        file = file.rename(file.with_name(file.name[:-14] + "9f3a1c2b.jsonl"))
    elif kind == "a link":  # a run writes a file, never a link to one elsewhere
        elsewhere = file.rename(file.parent.parent / "elsewhere.jsonl")
        file.symlink_to(elsewhere)
    elif kind == "a start in the year 1":  # review 17, F2: a traceback in every command
        first = json.loads(line) | {"started_at": "0001-01-01T00:00:00+01:00"}
        file.write_text(f"{header}\n{json.dumps(first)}\n")
        file = file.rename(file.with_name("unrecorded-00010101-000000" + file.name[-15:]))
    elif kind == "its header alone":
        file.write_text(f"{header}\n")
    elif kind == "a running session":  # a run keeps its session once it has ended
        running = json.loads(line) | {"status": "running", "ended_at": None}
        file.write_text(f"{header}\n{json.dumps(running)}\n")
    else:
        file = file.rename(file.with_name("unrecorded-mine.jsonl"))
    old = (NOW - timedelta(minutes=2)).timestamp()
    os.utime(file, (old, old))
    result = stretch("history", "--json")
    assert result.code == 0
    assert result.err == (
        "stretch: warning: a session kept aside while the history was busy could not be added "
        f"(it is not one session as a run keeps it); it is in {file}: `stretch history import "
        f"{file}` adds it\n"
    )
    assert file.exists() and "e" * 32 not in result.out


@pytest.mark.parametrize("content", [b"", b"\n  \n\n", b"\r\n\t\n"])
def test_an_empty_kept_file_is_removed_with_a_word(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    """What a run that ended before writing its kept file leaves: it ended every command in
    a traceback (attack 16, H1), then was named on every command with an import to run that
    refused it (review 18, F4). It holds nothing: it is removed, and that is said once."""
    file = kept_aside(stretch, history, monkeypatch)
    file.write_bytes(content)
    old = (NOW - timedelta(minutes=2)).timestamp()
    os.utime(file, (old, old))
    result = stretch("history", "--json")
    assert result.code == 0
    assert result.err == f"stretch: removed {file}: a session kept aside, empty (nothing lost)\n"
    assert not file.exists()
    assert stretch("history", "--json").err == ""


def test_a_kept_file_that_differs_from_the_stored_session_says_how_to_end_the_warning(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import would keep the stored one too ("1 conflict"): the warning says so, and that
    deleting the file ends it, not to import it."""
    file = kept_aside(stretch, history, monkeypatch)
    header, line = file.read_text().splitlines()
    old = (NOW - timedelta(minutes=2)).timestamp()
    os.utime(file, (old, old))
    assert stretch("history").code == 0  # added, and deleted
    changed = line.replace('"routine":"desk-break"', '"routine":"upper-back"')
    file.write_text(f"{header}\n{changed}\n")
    os.utime(file, (old, old))
    result = stretch("history", "--json")
    assert result.err == (
        "stretch: warning: a session kept aside while the history was busy differs from the "
        f"session stored with its uid, which is kept; delete {file} (or move it out of the "
        "state folder) to stop this warning\n"
    )
    assert file.exists()


@pytest.mark.parametrize("meets", ["as the end waits", "before the end"])
def test_the_runs_busy_warning_never_comes_after_the_ends_wait_is_said(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, meets: str
) -> None:
    """The history free all through the run, and busy only for its last write (that meets
    the lock once the end has said its wait, or as the run ends): the run's warning that the
    session "will be written when the history is free" is said before the end's wait or not
    at all. It came right after "waiting up to 2 s", as if that wait were given up."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    monkeypatch.setattr(run_module, "NOTICE_SECONDS", 0.05)  # real seconds: said soon
    waiting: list[bool] = []
    note = Environment.note

    def noted(self: Environment, message: str) -> None:
        if message.startswith("the history is busy: waiting up to"):
            waiting.append(True)
        note(self, message)

    lockers: list[sqlite3.Connection] = []  # another process's, taking the lock
    finish = History.finish

    def finished(self: History, *args: Any, **kwargs: Any) -> None:  # the writer's thread
        for _ in range(1000):
            if waiting or meets == "before the end":
                break
            time.sleep(0.01)  # polled: the end says its wait once this write is slow
        lockers.append(sqlite3.connect(history.path, check_same_thread=False))
        lockers[0].isolation_level = None
        lockers[0].execute("BEGIN IMMEDIATE")
        finish(self, *args, **kwargs)

    monkeypatch.setattr(Environment, "note", noted)
    monkeypatch.setattr(History, "finish", finished)
    try:
        result = stretch(*RUN)
    finally:
        for locker in lockers:
            locker.close()
    assert result.code == 1, result.err
    wait = "stretch: the history is busy: waiting up to 2 s to record this session\n"
    lines = result.err.splitlines(keepends=True)
    assert lines.count(wait) == 1
    warned = [n for n, line in enumerate(lines) if "will be written when" in line]
    assert len(warned) <= 1
    assert all(n < lines.index(wait) for n in warned), result.err
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    assert result.err.endswith(kept_line(history.path, file))


KEPT_NAME = "unrecorded-20261207-082000-9f3a1c2f.jsonl"
# Lines a kept file may hold: the header, a session's line, blank ones, any bytes.
KEPT_LINES = st.lists(
    st.one_of(
        st.just(b'{"format": "stretch-history", "version": 1}'),
        st.sampled_from([b"", b"  ", b"\t", b"{}", b"[]", b"null", b'{"uid": 1}', b"\xff"]),
        st.binary(max_size=40),
    ),
    max_size=4,
)


@given(lines=KEPT_LINES, end=st.sampled_from([b"", b"\n", b"\r\n"]))
@settings(max_examples=200, deadline=None)
def test_whatever_a_kept_file_holds_it_is_read_or_refused_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], end: bytes
) -> None:
    """A file named as a run names its kept session is taken only when it holds the header
    and one ended session; any other content (none at all, blank lines, the header alone,
    bytes) is refused, never an exception that ends every command (attack 16, H2)."""
    file = tmp_path_factory.mktemp("kept") / KEPT_NAME
    file.write_bytes(b"\n".join(lines) + end)
    assert kept_aside_module._session_line(file) is None
