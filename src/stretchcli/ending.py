"""Signals that end a command other than a run (which handles its own, see
`session.terminal`): Ctrl-C, SIGTERM, SIGHUP and the others that would end the process.

Each is turned into an exception (KeyboardInterrupt for Ctrl-C, `Stopped` for the others),
so that the command unwinds as it does on Ctrl-C: every `finally` runs, and a file being
written leaves no temporary file beside it. Without this, SIGTERM or SIGHUP (the terminal
closed) would end the process on the spot, leaving those behind.

Each signal is also noted here. An exception raised inside a Python function that SQLite
calls (the history's own, `history.local`) comes back as an SQLite error ("user-defined
function raised exception"), the interrupt itself lost: `raise_if_ended` lets the code that
turns SQLite errors into messages raise the interrupt instead of saying the database could
not be read. Those functions never raise for any input, so that is the only way one fails.
"""

from __future__ import annotations

import signal
from collections.abc import Iterable
from types import FrameType

_received: list[int] = []  # the signals that ended this command, first first
_saved: dict[int, object] = {}  # the handlers `install` replaced


class Stopped(BaseException):
    """SIGTERM, SIGHUP or another ending signal (not Ctrl-C) came: the command ends with
    128 + its number. A BaseException, as KeyboardInterrupt is, so that no `except Exception`
    takes it for an error."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.strsignal(signum) or f"signal {signum}")
        self.signum = signum
        self.exit_code = 128 + signum


def _handler(signum: int, frame: FrameType | None) -> None:
    first = not _received
    _received.append(signum)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt  # every Ctrl-C, as Python's own handler does
    if first:
        raise Stopped(signum)
    # A later SIGTERM or SIGHUP: the command is already on its way out, removing what it
    # was writing; it is left to finish that.


def install(signals: Iterable[int]) -> None:
    """Turn `signals` into exceptions until `uninstall`; one that was ignored when the
    process started (nohup, Ctrl-C for a job a script put in the background) stays ignored:
    it ends nothing; one handled outside Python (faulthandler's) is left to its handler."""
    for number in signals:
        previous = signal.getsignal(number)
        # None: a handler not set from Python (faulthandler's, PYTHONFAULTHANDLER=1), which
        # could not be put back: it is left to do its job.
        if previous is not signal.SIG_IGN and previous is not None:
            _saved[number] = previous
            signal.signal(number, _handler)


def uninstall() -> None:
    """The handlers as they were before `install` (the command is over: a signal now has
    nothing left to clean up, and ends the process as it would have)."""
    while _saved:
        number, previous = _saved.popitem()
        signal.signal(number, previous)  # type: ignore[arg-type]


def ended() -> BaseException | None:
    """The exception of the first signal that ended the command, or None."""
    if not _received:
        return None
    first = _received[0]
    return KeyboardInterrupt() if first == signal.SIGINT else Stopped(first)


def raise_if_ended() -> None:
    """Raise the first signal's exception, if one ended the command (called where an error
    may be an interrupt that came back as something else)."""
    exception = ended()
    if exception is not None:
        raise exception
