"""Edges of a run found from outside: signals a person or a program may send (`kill -TRAP`),
text pasted without bracketed paste, a process stopped or a machine asleep mid-run, and a
run that never began an exercise."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator

import pytest

from stretchcli.session.terminal import Terminated, ending_signals, signals_as_exceptions

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
