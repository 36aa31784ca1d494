"""Edges of a run found from outside: signals a person or a program may send (`kill -TRAP`),
text pasted without bracketed paste, a process stopped or a machine asleep mid-run, and a
run that never began an exercise."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import HistoryError
from stretchcli.history.writer import Writer
from stretchcli.model import Phase
from stretchcli.records import ExerciseResult
from stretchcli.session.coaching import MOVE_FILLERS
from stretchcli.session.recorder import BEGUN, HistoryRecorder
from stretchcli.session.runner import STALL, TICK, Runner, RunState, results
from stretchcli.session.terminal import (
    BURST_GAP,
    PasteFilter,
    PosixKeys,
    Terminated,
    ending_signals,
    signals_as_exceptions,
)
from stretchcli.session.wording import heard_key, sentences
from tests.conftest import BUILTIN, Stretch
from tests.fakes import START, FakeTerminal

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# signal(7): the signals whose default action ends the process ("Term" or "Core").
ENDS_THE_PROCESS = (
    "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGUSR1",
    "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGXCPU", "SIGXFSZ",
    "SIGVTALRM", "SIGPROF", "SIGIO", "SIGPWR", "SIGSYS", "SIGEMT", "SIGLOST",
)  # fmt: skip
# A handler that returns from a real fault runs the faulting instruction again: left alone.
FAULTS = {"SIGILL", "SIGBUS", "SIGFPE", "SIGSEGV"}


def catchable() -> list[int]:
    """Every signal that would end this process and that a run can catch (Python itself
    ignores SIGPIPE and SIGXFSZ: they end nothing)."""
    found = [
        int(getattr(signal, name))
        for name in ENDS_THE_PROCESS
        if hasattr(signal, name) and name not in FAULTS
    ]
    return [n for n in found if signal.getsignal(n) is not signal.SIG_IGN]


@posix
def test_every_signal_that_would_end_the_process_ends_the_run() -> None:
    assert set(catchable()) <= set(ending_signals())


@posix
@pytest.mark.parametrize("signum", catchable(), ids=lambda n: signal.Signals(n).name)
def test_each_ends_the_run_as_an_exception_with_128_plus_n(signum: int, handlers: None) -> None:
    """What unwinds the run (the terminal given back, the session recorded) instead of the
    process dying where it stands; Ctrl-C is KeyboardInterrupt as ever."""
    expected: type[BaseException] = KeyboardInterrupt if signum == signal.SIGINT else Terminated
    with pytest.raises(expected) as raised, signals_as_exceptions():
        os.kill(os.getpid(), signum)
    if isinstance(raised.value, Terminated):
        assert raised.value.exit_code == 128 + signum


# 1. Text pasted where bracketed paste is not on: characters that come together are pasted.

# Every character a terminal may send, the run's keys among them (escape sequences aside:
# test_paste.py).
anything = st.characters(max_codepoint=0x2FF, exclude_characters="\x1b")
KEYS = " nNbB+-hHqQ"


def last_event(out: str) -> dict[str, object]:
    """The end line of a `--json` run."""
    found: dict[str, object] = json.loads(out.splitlines()[-1])
    return found


def test_a_sentence_pasted_without_markers_takes_no_key(stretch: Stretch) -> None:
    """Its q would stop the run, its n skip, its h end an exercise as hurt: all of it comes in
    one read, so none of it is a key; a key pressed a moment later still is."""
    args = ("run", "upper-back", "--json", "--only", "thoracic-rotation")
    result = stretch(*args, keys=[(1.0, "please stop, quit now\n"), (106.0, "q")])
    assert result.code == 0
    assert last_event(result.out)["status"] == "stopped"
    phases = [json.loads(line) for line in result.out.splitlines()[:-1]]
    assert all(p["index"] == i for i, p in enumerate(phases))  # no phase skipped with n
    assert phases[-1]["kind"] == "hold"  # stopped by the q at 106 s, in the first hold
    (session,) = json.loads(stretch("history", "--json").out)
    assert [e["status"] for e in session["exercises"]] == ["partial"]


@given(st.text(anything, min_size=2).filter(lambda t: len(set(t)) > 1), st.data())
def test_different_characters_in_one_read_are_never_keys(text: str, data: st.DataObject) -> None:
    """... and every read that follows a part of them within BURST_GAP; the first key
    pressed later (one character) is a key again."""
    now = [0.0]
    source = PasteFilter(lambda: now[0])
    assert source.keys(text) == ""
    for _ in range(data.draw(st.integers(0, 5))):  # the rest of a long paste
        # (a microsecond short of the gap: a sum of floats is not exact to the last bit)
        now[0] += data.draw(st.floats(0, BURST_GAP - 1e-6))
        assert source.keys(data.draw(st.text(anything, min_size=1))) == ""
    now[0] += BURST_GAP + data.draw(st.floats(0.001, 10**6))
    key = data.draw(st.sampled_from(KEYS))
    assert source.keys(key) == key


@given(st.sampled_from(KEYS), st.integers(1, 30), st.floats(0.001, 10**6))
def test_one_key_held_down_is_each_press(key: str, times: int, later: float) -> None:
    """A key repeating while held comes as the same character again and again, in one read
    when the screen was busy: each is a press (holding + adds 5 s at a time)."""
    now = [0.0]
    source = PasteFilter(lambda: now[0])
    assert source.keys(key * times) == key * times
    now[0] += BURST_GAP + later
    assert source.keys(key) == key


def test_keys_read_from_a_terminal_together_are_not_taken() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"thanks, see you\n")
        source = PosixKeys(read_end)
        assert source.read(0.1) is None
        assert source.read(0.1) is None
    finally:
        os.close(read_end)
        os.close(write_end)


# 2. A run that stops for a while (SIGSTOP, the machine asleep) and then goes on.


@dataclass
class Stopped(FakeTerminal):
    """A terminal whose process stops `stop_for` seconds from `stop_at` seconds after the
    start (SIGSTOP then SIGCONT: the clock moves on, nothing runs meanwhile)."""

    stop_at: float = 0.0
    stop_for: float = 0.0
    stopped: bool = False

    def read(self, timeout: float) -> str | None:
        if not self.stopped and self.t >= START + self.stop_at:
            self.stopped = True
            self.t += self.stop_for
            return None
        return super().read(timeout)


ROUTINE = ("run", "upper-back", "--json", "--brief", "--only", "thoracic-rotation")


def timeline_seconds(stretch: Stretch) -> float:
    """How long the routine of ROUTINE takes, left alone."""
    phases = [json.loads(line) for line in stretch(*ROUTINE).out.splitlines()[:-1]]
    return float(phases[-1]["offset"] + phases[-1]["duration"])


def stored(stretch: Stretch) -> list[dict[str, object]]:
    """The sessions `history --json` shows."""
    found: list[dict[str, object]] = json.loads(stretch("history", "--json").out)
    return found


def moment(value: object) -> datetime:
    assert isinstance(value, str)
    return datetime.fromisoformat(value)


@pytest.mark.parametrize(
    ("stop_at", "stop_for"),
    [(0.0, TICK + STALL + 0.5), (10.0, 600.0), (20.5, 86_400.0), (27.0, 10**6)],
    ids=["at the start", "10 minutes", "a night", "12 days"],
)
def test_a_stop_is_a_pause_and_the_end_is_when_it_ended(
    stretch: Stretch, stop_at: float, stop_for: float
) -> None:
    """However long the stop, the session waits, paused where it was, for space; what is
    recorded is the routine's time, every hold held, and an end that is the real moment it
    ended: the stop is the time between (before, the holds went by unseen, and a stop
    longer than the routine was stored as time exercised)."""
    whole = timeline_seconds(stretch)
    resumed = stop_at + stop_for + 1.0
    terminal = Stopped([(resumed, " ")], stop_at=stop_at, stop_for=stop_for)
    result = stretch(*ROUTINE, terminal=terminal)
    assert result.code == 0
    end = json.loads(result.out.splitlines()[-1])
    assert end["status"] == "completed" and end["elapsed"] == whole
    session = stored(stretch)[-1]
    assert session["seconds"] == whole
    exercises = session["exercises"]
    assert isinstance(exercises, list) and [e["status"] for e in exercises] == ["done"]
    took = (moment(session["ended_at"]) - moment(session["started_at"])).total_seconds()
    assert took == pytest.approx(whole + (resumed - stop_at), abs=1.0)


def test_a_stop_then_q_records_only_what_was_done(stretch: Stretch) -> None:
    terminal = Stopped([(3000.0, "q")], stop_at=12.0, stop_for=2000.0)
    result = stretch(*ROUTINE, terminal=terminal)
    assert json.loads(result.out.splitlines()[-1])["status"] == "stopped"
    (session,) = stored(stretch)
    assert session["seconds"] == 12.0  # the stop and the pause after it are not exercise
    took = (moment(session["ended_at"]) - moment(session["started_at"])).total_seconds()
    assert took == 3000.0


class Finishes:
    """A history whose first write of an end is refused (busy), as another process writes."""

    def __init__(self) -> None:
        self.ends: list[datetime | None] = []

    def progress(self, *args: object) -> None:
        pass

    def finish(self, *args: object, ended_at: datetime | None = None) -> None:
        if not self.ends:
            self.ends.append(None)
            raise HistoryError("the history is busy; try again")
        self.ends.append(args[-1] if len(args) > 5 else ended_at)  # type: ignore[arg-type]


def test_an_end_written_late_is_still_when_the_session_ended() -> None:
    clock = [datetime(2026, 11, 4, 10, 0, tzinfo=UTC)]
    history = Finishes()
    writer = Writer(lambda message: None)
    recorder = HistoryRecorder(
        history,  # type: ignore[arg-type]
        1,
        writer,
        warn=lambda message: None,
        wall=lambda: clock[0],
        started_at=clock[0] - timedelta(minutes=5),
    )
    state = RunState([Phase(0, "hold", "e", None, 1, 1, 5.0, 0.0)])
    state.entered_holds.add(0)
    state.status, state.ended = "completed", 5.0
    recorder.ended(state, 5.0)
    assert writer.flush(5)
    clock[0] += timedelta(hours=1)  # the history is free an hour later
    recorder.retry()
    assert writer.flush(5)
    assert history.ends == [None, datetime(2026, 11, 4, 10, 0, tzinfo=UTC)]


# 3. Nothing done, nothing stored.


def report_sessions(stretch: Stretch) -> int:
    totals = json.loads(stretch("report", "--format", "json").out)["totals"]
    return int(totals["sessions"])


@pytest.mark.parametrize(
    ("keys", "status"),
    [
        ([(5.0, "q")], "stopped"),  # quit at the get-ready
        ([(5.0 + i / 10, "n") for i in range(20)], "stopped"),  # every phase passed over
    ],
    ids=["q at the get-ready", "all skipped"],
)
def test_a_run_that_began_no_exercise_leaves_nothing(
    stretch: Stretch, keys: list[tuple[float, str]], status: str
) -> None:
    args = ("run", "strength-upper-back", "--json", "--brief", "--only", "chin-tuck")
    result = stretch(*args, keys=keys)
    assert result.code == 0
    assert json.loads(result.out.splitlines()[-1])["status"] == status
    assert stored(stretch) == []
    assert report_sessions(stretch) == 0


def test_a_signal_before_the_first_exercise_leaves_nothing(stretch: Stretch) -> None:
    class Hungup(FakeTerminal):
        def read(self, timeout: float) -> str | None:
            if self.t >= START + 3:
                raise Terminated(signal.SIGHUP)
            return super().read(timeout)

    plain = ("run", "upper-back", "--plain", "--brief", "--only", "thoracic-rotation")
    result = stretch(*plain, terminal=Hungup())
    assert result.code == 129
    assert "Interrupted" in result.out + result.err
    assert "this week" not in result.out + result.err  # no session to count
    assert stored(stretch) == [] and report_sessions(stretch) == 0


@pytest.mark.slow
@posix
def test_a_run_killed_at_its_get_ready_leaves_nothing(stretch: Stretch) -> None:
    """SIGKILL leaves no time to say anything: before, its row read as interrupted."""
    child = subprocess.Popen(
        [sys.executable, "-m", "stretchcli", "run", *ROUTINE[1:]],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    assert json.loads(child.stdout.readline())["kind"] == "prepare"
    child.kill()
    child.communicate(timeout=20)
    assert stored(stretch) == [] and report_sessions(stretch) == 0


class Rows:
    """A history that keeps the rows a run writes."""

    def __init__(self) -> None:
        self.rows: dict[int, tuple[str, list[str]]] = {}

    def start(self) -> int:
        self.rows[len(self.rows) + 1] = ("running", [])
        return len(self.rows)

    def progress(
        self, ident: int, seconds: float, records: Sequence[ExerciseResult], _: object
    ) -> None:
        self.rows[ident] = ("running", [r.status for r in records])

    def finish(
        self, ident: int, status: str, seconds: float, records: Sequence[ExerciseResult], *_: object
    ) -> None:
        self.rows[ident] = (status, [r.status for r in records])


# Two exercises of two holds each, after a get-ready.
TWO = [
    Phase(0, "prepare", "a", None, 1, None, 5.0, 0.0),
    *(
        Phase(1 + i, "hold" if i % 2 == 0 else "relax", "a", None, 1, 1 + i // 2, 2.0, 5.0 + 2 * i)
        for i in range(4)
    ),
    *(
        Phase(
            5 + i, "hold" if i % 2 == 0 else "relax", "b", None, 1, 1 + i // 2, 2.0, 13.0 + 2 * i, 1
        )
        for i in range(4)
    ),
]
# What a person may press, each at a moment of the session.
# Half-way through a second (the phases begin on whole ones, or where a key took the session
# on), one key at a time: no key lands at the very moment a phase begins.
presses = st.lists(
    st.tuples(st.integers(0, 25).map(lambda second: second + 0.5), st.sampled_from(" nbhq+-")),
    max_size=8,
    unique_by=lambda press: press[0],
)


@given(presses)
def test_a_session_is_stored_exactly_when_an_exercise_was_begun(
    keys: list[tuple[float, str]],
) -> None:
    """... with the state it ended in, whatever was pressed when (a pause left on is ended
    with q); a session whose holds were each passed over the moment they began is not."""
    rows = Rows()
    writer = Writer(lambda message: None)
    recorder = HistoryRecorder(rows, None, writer, begin=rows.start)  # type: ignore[arg-type]
    terminal = FakeTerminal([*keys, (40.25, "q")])
    state = Runner(TWO, terminal, terminal, recorder).run()
    assert writer.flush(5)
    statuses = [r.status for r in results(state)]
    if set(statuses) & BEGUN:
        assert rows.rows == {1: (state.status, statuses)}
    else:  # stored only if a hold was held a while before `n` passed over it
        assert rows.rows in ({}, {1: (state.status, statuses)})
    assert recorder.recorded


def test_history_and_report_count_the_same_sessions(stretch: Stretch) -> None:
    args = ("run", "strength-upper-back", "--json", "--brief", "--only", "chin-tuck")
    for keys in ([(5.0, "q")], [(40.0, "q")], [(5.0, "h")]):
        stretch(*args, keys=keys)
    assert len(stored(stretch)) == report_sessions(stretch) == 2  # q at 40 s, and h


# 5. The seated row: NIA's pace and band cautions, and each caution once at its get-ready.


def get_ready(stretch: Stretch, routine: str, *more: str) -> dict[str, object]:
    """The first get-ready of `stretch run ROUTINE --json`."""
    out = stretch("run", routine, "--json", *more, keys=[(1.0, "q")]).out
    found: dict[str, object] = json.loads(out.splitlines()[0])
    return found


def test_the_row_says_the_band_cautions_and_the_surgery_caution_once(stretch: Stretch) -> None:
    ready = get_ready(stretch, "strength-upper-back", "--only", "band-row")
    spoken = [line["text"] for line in ready["spoken"]]  # type: ignore[attr-defined]
    surgery = "After neck, back or shoulder surgery, ask a clinician before you start."
    assert spoken.count(surgery) == 1
    # Before, the row's own "After back or shoulder surgery..." was said and shown as well.
    assert sum("surgery" in line for line in spoken) == 1
    assert "surgery" not in str(ready["caution"])  # said by the routine: not shown twice
    for words in ("a nick, a tear", "firmly under both feet", "never snaps back"):
        assert sum(words in line for line in spoken) == 1, words
        assert words in str(ready["caution"])


@pytest.mark.parametrize("routine", sorted(p.stem for p in (BUILTIN).glob("*.yaml")))
def test_no_caution_is_said_or_shown_twice_at_a_first_get_ready(
    stretch: Stretch, routine: str
) -> None:
    """The routine's cautions, said first, are not said or shown again as the exercise's;
    only the exercise's first (who must not do it) is both said and shown."""
    ready = get_ready(stretch, routine)
    fillers = {heard_key(text) for text in MOVE_FILLERS}  # "Take your time." while moving
    lines = [str(line["text"]) for line in ready["spoken"]]  # type: ignore[attr-defined]
    spoken = [heard_key(s) for text in lines for s in sentences(text)]
    spoken = [key for key in spoken if key not in fillers]
    assert len(spoken) == len(set(spoken))
    shown = [heard_key(s) for s in sentences(str(ready["caution"] or ""))]
    assert len(shown) == len(set(shown))
