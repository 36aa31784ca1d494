"""A signal while a run's end waits for a busy history ends that wait at once: the session
is kept aside and named, the exit code is the signal's, and the end neither waits out its
while nor tries the history again (a service manager or a closed terminal that kills the
process soon after would have lost the session). Timed on the run's own clock only."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import pytest

from stretchcli.env import Environment
from stretchcli.history import transfer
from stretchcli.history.store import History
from stretchcli.session.recorder import HistoryRecorder
from tests.conftest import Stretch
from tests.fakes import START
from tests.test_busy import RUN, history
from tests.test_busy_end import SIGNALS, BusyFrom, kept_line

__all__ = ["history"]  # the fixture, shared

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

WAIT = "the history is busy: waiting up to 15 s to record this session\n"


def imported(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, err: str
) -> dict[str, object]:
    """The one session kept aside, named last in `err`, as `history --json` shows it once
    imported: one session beside the history's other, with the uid of the row."""
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    assert err.endswith(kept_line(history.path, file))
    kept = json.loads(file.read_text().splitlines()[1])
    monkeypatch.setattr(transfer, "alive", lambda pid, since: False)  # the run has ended
    assert stretch("history", "import", str(file)).code == 0
    sessions = json.loads(stretch("history", "--json").out)
    assert len(sessions) == 2
    (session,) = [s for s in sessions if s["uid"] == kept["uid"]]
    return dict(session)


class SignalledWhileWaiting(BusyFrom):
    """The history busy from `busy_from`; `signum` raised in this process as the end says
    its wait (`point` "said") or at its first pause between tries ("pause")."""

    def __init__(self, path: Path, busy_from: float, signum: int, point: str) -> None:
        super().__init__(path, busy_from)
        self.signum = signum
        self.point = point
        self.waiting = False  # the end has said its wait
        self.signalled_at: float | None = None
        self.tries_after = 0  # the end's tries of the history after the signal

    def send(self) -> None:
        if self.signalled_at is None:
            self.signalled_at = self.t
            signal.raise_signal(self.signum)

    def sleep(self, seconds: float) -> None:
        if self.waiting and self.point == "pause":
            self.send()
        super().sleep(seconds)


@pytest.mark.usefixtures("handlers")
@pytest.mark.parametrize("point", ["said", "pause"])
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda n: signal.Signals(n).name)
@pytest.mark.parametrize("busy_from", [0.0, 66.0])
def test_a_signal_during_the_ends_wait_keeps_the_session_aside_at_once(
    stretch: Stretch,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
    point: str,
    busy_from: float,
) -> None:
    """Busy from the start (no row yet) or from after the run's row was written: the file
    is written and named as the signal comes, and it adds one session with the row's uid.
    Before, the end waited its whole 15 s again (and the write under way) after the signal."""
    terminal = SignalledWhileWaiting(history.path, busy_from, signum, point)
    terminal.rows_wanted = busy_from > 0
    note = Environment.note

    def noted(self: Environment, message: str) -> None:
        note(self, message)
        if message.startswith("the history is busy: waiting up to"):
            terminal.waiting = True
            if point == "said":
                terminal.send()

    retry = HistoryRecorder.retry

    def tried(self: HistoryRecorder) -> None:
        if terminal.signalled_at is not None:
            terminal.tries_after += 1
        retry(self)

    monkeypatch.setattr(Environment, "note", noted)
    monkeypatch.setattr(HistoryRecorder, "retry", tried)
    result = terminal.run(stretch, *RUN)
    assert terminal.signalled_at is not None, result.err
    assert result.code == 128 + signum, result.err
    assert "Traceback" not in result.err
    # The end did not wait on after the signal: no time of the run's clock, no new try.
    assert terminal.t - terminal.signalled_at < 1.0
    assert terminal.tries_after == 0
    assert result.err.count(WAIT) == 1
    session = imported(stretch, history, monkeypatch, result.err)
    assert (session["routine"], session["status"]) == ("desk-break", "completed")


class SignalledMidRun(BusyFrom):
    """The history busy from `busy_from`; `signum` raised in this process at 68 s in, during
    the run's hold (its end has not begun)."""

    def __init__(self, path: Path, busy_from: float, signum: int) -> None:
        super().__init__(path, busy_from)
        self.signum = signum
        self.signalled_at: float | None = None

    def read(self, timeout: float) -> str | None:
        if self.signalled_at is None and self.t - START >= 68.0:
            self.hold()
            self.signalled_at = self.t
            signal.raise_signal(self.signum)
        return super().read(timeout)


@pytest.mark.usefixtures("handlers")
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda n: signal.Signals(n).name)
@pytest.mark.parametrize("busy_from", [0.0, 67.0])
def test_a_run_a_signal_ends_does_not_wait_for_a_busy_history(
    stretch: Stretch,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
    busy_from: float,
) -> None:
    """The same of a signal during the run: its end waited 15 s (and the write under way)
    for the busy history, and no second signal could cut that short (only the first is
    taken). Now the session is kept aside at once, as interrupted, and named."""
    terminal = SignalledMidRun(history.path, busy_from, signum)
    terminal.rows_wanted = busy_from > 0
    tries_after: list[bool] = []
    retry = HistoryRecorder.retry

    def tried(self: HistoryRecorder) -> None:
        tries_after.append(True)
        retry(self)

    monkeypatch.setattr(HistoryRecorder, "retry", tried)
    result = terminal.run(stretch, *RUN)
    assert terminal.signalled_at is not None, result.err
    assert result.code == 128 + signum, result.err
    assert "Traceback" not in result.err
    assert terminal.t - terminal.signalled_at < 1.0
    assert tries_after == []
    assert "waiting up to" not in result.err
    session = imported(stretch, history, monkeypatch, result.err)
    assert (session["routine"], session["status"]) == ("desk-break", "interrupted")


@pytest.mark.usefixtures("handlers")
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda n: signal.Signals(n).name)
def test_a_run_a_signal_ends_leaves_the_sync_folder_to_the_next_command(
    stretch: Stretch,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    signum: int,
) -> None:
    """With a sync folder, a run a signal ended went on to write this machine's file there,
    which waited for the busy history a second time: the process ended 23 s after the
    signal (measured). Now it ends at once; the next command writes the file."""
    from stretchcli.cli.context import Application

    terminal = SignalledMidRun(history.path, 67.0, signum)
    synced: list[bool] = []  # for each sync: whether it came after the signal
    monkeypatch.setattr(
        Application, "sync", lambda *_, **__: synced.append(terminal.signalled_at is not None)
    )
    terminal.rows_wanted = True
    result = terminal.run(stretch, *RUN)
    assert terminal.signalled_at is not None, result.err
    assert result.code == 128 + signum, result.err
    assert True not in synced
    assert len(list(history.path.parent.glob("unrecorded-*.jsonl"))) == 1
    assert stretch("history").code == 0
    assert synced[-1] is True  # the next command's
