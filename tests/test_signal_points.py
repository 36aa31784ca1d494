"""A signal that would end the process, at any point of a run: before the first phase,
while the terminal is given back, while the record is written or the last words said, and
at the questions after it. Each ends the run with 128+N and no traceback, the session
recorded (as interrupted when it had not ended). The signal is raised where the point is
reached, not timed: nothing sleeps."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from stretchcli.env import Environment, in_foreground
from stretchcli.session import run as run_module
from stretchcli.session.cues import Speaker
from tests.conftest import Result, Stretch
from tests.fakes import START, SUSPEND, FakeTerminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

ROUTINE = "desk-break"
FIRST_HOLD = 97.0  # seconds into desk-break --plain that its first hold begins (its get-ready)


@pytest.fixture(autouse=True)
def _every_test(handlers: None) -> None:
    """The process's handlers put back after each test (tests/conftest.py)."""


def once(signum: int) -> Callable[[], None]:
    """A function that raises `signum` in this process the first time it is called."""
    sent: list[int] = []

    def send() -> None:
        if not sent:
            sent.append(signum)
            signal.raise_signal(signum)

    return send


def nothing_recorded(stretch: Stretch) -> bool:
    found: list[object] = json.loads(stretch("history", "--json").out)
    return found == []


def recorded(stretch: Stretch) -> dict[str, Any]:
    (session,) = json.loads(stretch("history", "--json").out)
    found: dict[str, Any] = session
    return found


def assert_ended_by(result: Result, signum: int) -> None:
    assert result.code == 128 + signum, result.err
    assert "Traceback" not in result.err


# Ctrl-C among them: 130, as at any other point of a run.
SIGNALS = [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGINT]
SIGNALS += [signal.SIGRTMIN] if hasattr(signal, "SIGRTMIN") else []


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda n: signal.Signals(n).name)
def test_a_signal_while_typed_ahead_keys_are_dropped(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    """The first point of a run, before its handler of the run is in place (a run in the
    background that `kill %1` ends)."""
    send = once(signum)
    monkeypatch.setattr(Environment, "drop_typed_ahead", lambda self: send())
    result = stretch("run", ROUTINE, "--plain", typed="\n")
    assert_ended_by(result, 2 if signum == signal.SIGINT else signum)
    assert nothing_recorded(stretch)  # no exercise was begun: no session (README)


class Keyboard:
    """The fake terminal's keyboard, with a signal as it is taken over or given back."""

    def __init__(self, terminal: FakeTerminal, on_enter: bool, signum: int) -> None:
        self.keyboard = terminal.keyboard
        self.on_enter = on_enter
        self.send = once(signum)
        self.given_back = False

    @contextlib.contextmanager
    def __call__(self, *args: Any) -> Iterator[FakeTerminal]:
        with self.keyboard(*args) as keys:
            try:
                if self.on_enter:
                    self.send()
                yield keys
            finally:
                self.given_back = True
                self.send()


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("on_enter", [True, False], ids=["taking-keys", "giving-back"])
def test_a_signal_as_the_terminal_is_taken_or_given_back(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, on_enter: bool
) -> None:
    terminal = FakeTerminal()
    keyboard = Keyboard(terminal, on_enter, signal.SIGTERM)
    monkeypatch.setattr(terminal, "keyboard", keyboard)
    result = stretch("run", ROUTINE, "--plain", terminal=terminal)
    assert_ended_by(result, signal.SIGTERM)
    assert keyboard.given_back
    if on_enter:  # before any exercise was begun: no session
        assert nothing_recorded(stretch)
        return
    session = recorded(stretch)  # given back after the last phase: recorded as it ended
    assert session["status"] == "completed"
    assert session["ended_at"] is not None


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("at", [0.0, 5.0, FIRST_HOLD + 0.5, FIRST_HOLD + 5.0, FIRST_HOLD + 30.0])
def test_a_signal_between_or_within_phases(stretch: Stretch, at: float) -> None:
    """The clock reaching `at` seconds brings the signal (a phase's end among them); before
    the first hold began nothing is stored."""
    send = once(signal.SIGTERM)

    class SignalAt(FakeTerminal):
        def read(self, timeout: float) -> str | None:
            key = super().read(timeout)
            if self.t >= START + at:
                send()
            return key

    result = stretch("run", ROUTINE, "--plain", terminal=SignalAt())
    assert_ended_by(result, signal.SIGTERM)
    if at < FIRST_HOLD:
        assert nothing_recorded(stretch)
        return
    session = recorded(stretch)
    assert session["status"] == "interrupted"
    assert at <= session["seconds"] <= at + 1


@pytest.mark.usefixtures("isolated")
def test_a_signal_while_the_record_is_written_still_writes_it(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    send = once(signal.SIGTERM)
    settle = run_module._settle

    def interrupted(*args: Any) -> bool:
        send()
        return settle(*args)

    monkeypatch.setattr(run_module, "_settle", interrupted)
    result = stretch("run", ROUTINE, "--plain", keys=[(FIRST_HOLD + 5, "q")])
    assert_ended_by(result, signal.SIGTERM)
    session = recorded(stretch)
    assert session["status"] == "stopped"
    assert session["ended_at"] is not None


class Done:
    """A speech process that has already ended."""

    pid = 0
    returncode = 0

    def poll(self) -> int:
        return 0

    def wait(self, timeout: float | None = None) -> int:
        return 0


@pytest.mark.usefixtures("isolated")
def test_a_signal_while_the_last_words_are_said_stops_the_voice(stretch: Stretch) -> None:
    stopped: list[bool] = []

    class Interrupted(Speaker):
        def finish(self, spare: float = 2.0) -> None:
            once(signal.SIGTERM)()

        def stop(self) -> None:
            stopped.append(True)

    def popen(args: list[str], **kwargs: object) -> Done:
        return Done()

    def voice(rate: float) -> Speaker:
        return Interrupted(["say"], popen)  # type: ignore[arg-type]

    result = stretch("run", ROUTINE, "--plain", "--voice", voice=voice)
    assert_ended_by(result, signal.SIGTERM)
    assert stopped
    assert recorded(stretch)["status"] == "completed"


class Answers(io.StringIO):
    """Lines typed at a terminal; the `signal_at`th line read brings a signal instead."""

    def __init__(self, text: str, signal_at: int, signum: int) -> None:
        super().__init__(text)
        self.reads = 0
        self.signal_at = signal_at
        self.send = once(signum)

    def isatty(self) -> bool:
        return True

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        self.reads += 1
        if self.reads == self.signal_at:
            self.send()
        return str(super().readline(size))


@pytest.mark.usefixtures("isolated")
@pytest.mark.parametrize("at", [1, 2, 3, 4], ids=["before", "pain-after", "difficulty", "hurt"])
def test_a_signal_at_a_question_ends_with_128_plus_n_and_keeps_the_answers(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    answers = Answers("\n7\n4\n\n", at, signal.SIGTERM)
    monkeypatch.setattr("tests.conftest.TypedAtTerminal", lambda typed: answers)
    result = stretch("run", ROUTINE, "--plain", "--pain", typed="")
    assert_ended_by(result, signal.SIGTERM)
    if at == 1:  # before the session's row is written: nothing is
        assert json.loads(stretch("history", "--json").out) == []
        return
    session = recorded(stretch)
    assert session["status"] == "completed"
    assert session["pain_after"] == (7 if at >= 3 else None)
    assert session["difficulty"] == (4 if at == 4 else None)


def test_a_process_is_in_its_terminals_foreground_or_cannot_tell() -> None:
    read_end, write_end = os.pipe()
    try:
        assert in_foreground(read_end)  # no terminal: nothing to stop on
    finally:
        os.close(read_end)
        os.close(write_end)


class Silent(Speaker):
    """A speaker that says nothing and counts how often it is stopped."""

    def __init__(self) -> None:
        super().__init__(["say"], lambda args, **kwargs: Done())  # type: ignore[arg-type]
        self.stops = 0

    def stop(self) -> None:
        self.stops += 1
        super().stop()


@pytest.mark.usefixtures("isolated")
def test_ctrl_z_stops_the_voice_as_the_run_is_suspended(stretch: Stretch) -> None:
    """The speech command is in a process group of its own: the terminal's Ctrl-Z does
    not stop it, the run does."""
    speaker = Silent()
    stops: list[int] = []

    class Watched(FakeTerminal):
        @contextlib.contextmanager
        def keyboard(self, *args: Any) -> Iterator[FakeTerminal]:
            stdin, out, full_screen, sleep, on_suspend = args

            def suspended() -> None:
                before = speaker.stops
                on_suspend()
                stops.append(speaker.stops - before)

            with super().keyboard(stdin, out, full_screen, sleep, suspended) as keys:
                yield keys

    terminal = Watched([(5, SUSPEND), (6, " "), (7, "q")])
    result = stretch(
        "run", ROUTINE, "--plain", "--voice", terminal=terminal, voice=lambda rate: speaker
    )
    assert result.code == 0
    assert stops == [1]  # as it is suspended, not when it goes on


@pytest.mark.usefixtures("isolated")
def test_ctrl_c_while_the_record_is_written_still_stops_the_voice(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    speaker = Silent()
    settle = run_module._settle
    interrupted: list[bool] = []

    def ctrl_c(*args: Any) -> bool:
        if not interrupted:
            interrupted.append(True)
            raise KeyboardInterrupt
        return settle(*args)

    monkeypatch.setattr(run_module, "_settle", ctrl_c)
    result = stretch("run", ROUTINE, "--plain", "--voice", voice=lambda rate: speaker)
    assert result.code == 130
    assert speaker.stops == 1
