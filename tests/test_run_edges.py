"""Edges of a run found from outside: signals a person or a program may send (`kill -TRAP`),
text pasted without bracketed paste, a process stopped or a machine asleep mid-run, and a
run that never began an exercise."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.session.terminal import (
    BURST_GAP,
    PasteFilter,
    PosixKeys,
    Terminated,
    ending_signals,
    signals_as_exceptions,
)
from tests.conftest import Stretch

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


@pytest.fixture
def handlers() -> Iterator[None]:
    """The process's signal handlers put back after the test (a run leaves the ending
    signals ignored, as the process is on its way out)."""
    saved = {n: signal.getsignal(n) for n in ending_signals()}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


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
        now[0] += data.draw(st.floats(0, BURST_GAP, exclude_max=True))
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
