"""The terminal during a run: keys in cbreak mode, signals, and always leaving it as it was.

POSIX uses termios and select; Windows uses msvcrt. Ctrl-C raises KeyboardInterrupt as usual;
SIGTERM, SIGHUP, SIGQUIT (Ctrl-\\) and the other signals that would end the process raise
`Terminated` so that the run unwinds (restoring the terminal and recording the session) and
exits 128+N. Ctrl-Z puts the terminal back before stopping, and `fg` takes it over again.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import IO

from stretchcli.env import in_foreground
from stretchcli.errors import ExitCode

SHOW_CURSOR = "\x1b[?25h"
HIDE_CURSOR = "\x1b[?25l"
ALT_SCREEN_ON = "\x1b[?1049h"
ALT_SCREEN_OFF = "\x1b[?1049l"
PUSH_TITLE = "\x1b[22;0t"  # xterm's title stack: the countdown title is undone on the way out
POP_TITLE = "\x1b[23;0t"


class Terminated(Exception):
    """The process got SIGTERM, SIGHUP or another ending signal; `exit_code` is 128 + its
    number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.strsignal(signum) or f"signal {signum}")
        self.exit_code = ExitCode.for_signal(signum)


class NoKeys:
    """No keyboard (stdin is not a terminal): just wait."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self.sleep = sleep

    def read(self, timeout: float) -> str | None:
        """Wait `timeout` seconds; there is never a key."""
        if timeout > 0:
            self.sleep(timeout)
        return None


# Arrow and function keys arrive as escape sequences: they mean nothing here, and their
# letters (the A of an up arrow, ESC [ A) must not be read as keys.
ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|O.|.)?", re.DOTALL)


# Bracketed paste (xterm, and every terminal and tmux since): with it on, pasted text comes
# between these two markers, so that it is never taken for keys.
PASTE_ON = "\x1b[?2004h"
PASTE_OFF = "\x1b[?2004l"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


UNFINISHED = re.compile(r"\x1b(\[[0-?]*[ -/]*|O)?\Z")


def _held_back(text: str, marker: str) -> int:
    """The length of the longest end of `text` that begins `marker` (a marker split
    between two reads), 0 if none."""
    for length in range(min(len(text), len(marker) - 1), 0, -1):
        if marker.startswith(text[-length:]):
            return length
    return 0


# A terminal sends a paste as fast as it can: its end marker comes milliseconds after its
# start. A paste not ended this many seconds after it started has lost its end marker (cut
# off, or a lone start) and is over: what comes next is typed, so that `h` and `q` work
# again, however often they were pressed meanwhile (chosen).
PASTE_LONGEST = 2.0


# A person presses one key at a time; a terminal without bracketed paste (or a paste typed
# in by a program) sends pasted text as fast as it can. So characters that come together are
# a paste, never keys: more than one in a read, and any read that comes less than BURST_GAP
# seconds after a part of such a paste (a long paste comes in several reads). Chosen: a
# person's fastest two different keys are further apart than this; a paste's reads are
# closer (a program typing one character at a time, 12 ms apart by default, too).
BURST_GAP = 0.05


# At most this many reads more are waited for (a long paste, or one that never stops): the
# rest is dropped as what follows a paste within BURST_GAP.
GATHERED_READS = 16


def is_burst(keys: str) -> bool:
    """Whether the keys of one read are more than a key press: different characters (the
    same one repeated is a key held down, repeating)."""
    return len(set(keys)) > 1


class PasteFilter:
    """The keys in what a terminal sends, read after read: what was pasted (between
    PASTE_START and PASTE_END, even split across reads) is dropped, and so are escape
    sequences (arrow and function keys). A paste is over PASTE_LONGEST seconds after it
    started (by `now`), with or without its end marker. Pasted text that no markers mark
    (see BURST_GAP) is dropped too."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self.pasting = False
        self.carried = ""  # the start of a marker, at the end of the last read
        self.began = 0.0  # when the paste under way started
        self.burst: float | None = None  # when the latest part of an unmarked paste came

    def keys(self, text: str) -> str:
        """The keys typed in `text`, the next part of the input."""
        at = self.now()
        typed = self._marked(text, at)
        if text and self.burst is not None and 0 <= at - self.burst < BURST_GAP:
            self.burst = at  # the paste goes on
            return ""
        if is_burst(typed):
            self.burst = at
            return ""
        return typed

    def _marked(self, text: str, at: float) -> str:
        """What `text` holds outside bracketed pastes and escape sequences."""
        if self.pasting and at - self.began > PASTE_LONGEST:
            self.pasting, self.carried = False, ""  # its end never came: keys again
        if not text:  # nothing new (a character cut in two by the read)
            return ""
        if self.carried == "\x1b" and not self.pasting and text[0] not in ("[", "O"):
            self.carried = ""  # the Escape key on its own, not the start of a sequence
        text, self.carried = self.carried + text, ""
        typed: list[str] = []
        while text:
            marker = PASTE_END if self.pasting else PASTE_START
            found = text.find(marker)
            if found < 0:
                if self.pasting:
                    held = _held_back(text, marker)
                else:  # an escape sequence (a marker, an arrow key) cut off by the read
                    cut = UNFINISHED.search(text)
                    held = len(text) - cut.start() if cut else 0
                if held:
                    text, self.carried = text[:-held], text[-held:]
                if not self.pasting:
                    typed.append(text)
                break
            if not self.pasting:
                typed.append(text[:found])
            text = text[found + len(marker) :]
            self.pasting, self.began = not self.pasting, at
        return ESCAPE_SEQUENCE.sub("", "".join(typed))


class PosixKeys:
    """Single key presses from a terminal in cbreak mode, waited for with select. Keys that
    are one key held down are each handled, one per read; pasted text (bracketed, as the
    full screen asks the terminal to, or not: what comes together, see BURST_GAP) never is."""

    def __init__(self, fd: int, now: Callable[[], float] = time.monotonic) -> None:
        self.fd = fd
        self.closed = False
        self.pending = ""
        self.pastes = PasteFilter(now)
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def read(self, timeout: float) -> str | None:
        """The next key pressed within `timeout` seconds, or None."""
        import select

        if self.pending:
            key, self.pending = self.pending[0], self.pending[1:]
            return key
        if self.closed:
            time.sleep(max(0.0, timeout))
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        data = os.read(self.fd, 1024)
        if not data:  # end of input: no more keys, but the session goes on
            self.closed = True
            return None
        # A key is taken only once nothing follows it within BURST_GAP: the first
        # character of a paste that comes one character at a time is pasted too.
        for _ in range(GATHERED_READS):
            more, _, _ = select.select([self.fd], [], [], BURST_GAP)
            if not more:
                break
            data += os.read(self.fd, 1024)
        self.pending = self.pastes.keys(self.decoder.decode(data))
        return self.read(0) if self.pending else None


class WindowsKeys:
    """Single key presses on Windows, polled with msvcrt."""

    def read(self, timeout: float) -> str | None:
        """The next key pressed within `timeout` seconds, or None."""
        if sys.platform != "win32":
            raise RuntimeError("WindowsKeys reads keys on Windows only")
        import msvcrt

        end = time.monotonic() + max(0.0, timeout)
        while True:
            if msvcrt.kbhit():
                key = str(msvcrt.getwch())
                if key in ("\x00", "\xe0"):  # a function or arrow key: drop its second code
                    msvcrt.getwch()
                    return None
                return key
            left = end - time.monotonic()
            if left <= 0:
                return None
            time.sleep(min(0.05, left))


# Signals whose default action ends the process and that another process or the terminal
# sends (Ctrl-\\ is SIGQUIT, `kill -TRAP`): each ends a run as SIGTERM does. SIGTRAP, SIGSYS
# and SIGABRT are caught too: a handler that returns is safe for them (a trap goes on after
# its instruction, a real abort() ends the process all the same). Faults (SIGSEGV, SIGBUS,
# SIGILL, SIGFPE) are left alone: returning from one runs the faulting instruction again.
# SIGPIPE is a BrokenPipeError; SIGINT is Ctrl-C.
ENDING_SIGNALS = (
    "SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM",
    "SIGVTALRM", "SIGPROF", "SIGIO", "SIGPWR", "SIGXCPU", "SIGTRAP", "SIGABRT", "SIGSYS",
    "SIGSTKFLT", "SIGEMT", "SIGLOST",
)  # fmt: skip


def ending_signals() -> list[int]:
    """The numbers of the signals a run ends on, on this system (real-time ones included)."""
    numbers = {int(getattr(signal, name)) for name in ENDING_SIGNALS if hasattr(signal, name)}
    low, high = getattr(signal, "SIGRTMIN", None), getattr(signal, "SIGRTMAX", None)
    if low is not None and high is not None:
        numbers.update(range(int(low), int(high) + 1))
    return sorted(numbers)


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """SIGTERM, SIGHUP, SIGQUIT and every other signal that would end the process (see
    `ending_signals`) raise Terminated while the block runs (Ctrl-C, KeyboardInterrupt);
    handlers restored after. Only the first signal interrupts: one that comes while the
    session is already shutting down (saving the history, restoring the terminal) is
    ignored, so that the shutdown it would break finishes. After any of them but SIGINT the
    process is on its way out: those stay ignored until it has exited (closing the
    history, the last lines), whenever the second one comes."""
    stopped_by: int | None = None

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped_by
        if stopped_by is not None:
            return
        stopped_by = signum
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated(signum)

    saved = {}
    for number in ending_signals():
        previous = signal.getsignal(number)
        if previous is signal.SIG_IGN and number != signal.SIGINT:
            continue  # ignored when we were started (nohup): it ends nothing, so stays so
        if previous is None:
            continue  # handled outside Python (faulthandler's): left to it (none to put back)
        saved[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        ending = stopped_by not in (None, signal.SIGINT)
        for number, previous in saved.items():
            # Ignored now: a block within ended on a signal, and the process is on its way out.
            ended = signal.getsignal(number) is signal.SIG_IGN
            ignored = (ending or ended) and number != signal.SIGINT
            signal.signal(number, signal.SIG_IGN if ignored else previous)


@contextlib.contextmanager
def keyboard(
    stdin: IO[str],
    out: IO[str],
    full_screen: bool,
    sleep: Callable[[float], None] = time.sleep,
    on_suspend: Callable[[], None] = lambda: None,
) -> Iterator[PosixKeys | WindowsKeys | NoKeys]:
    """Keys from `stdin` if it is a terminal; with `full_screen`, the screen is taken over.

    The full screen turns bracketed paste on, so that pasted text is never read as keys.
    On the way out (normally, on an exception, on Ctrl-Z) the terminal's modes, the cursor,
    bracketed paste and the main screen are always restored; `on_suspend` runs first on Ctrl-Z.
    Without `full_screen` no escape codes are written at all (plain and JSON output stay clean).
    """
    try:
        interactive = stdin.isatty()
    except (AttributeError, ValueError):
        interactive = False
    enter = PUSH_TITLE + ALT_SCREEN_ON + HIDE_CURSOR + PASTE_ON if full_screen else ""
    leave = PASTE_OFF + SHOW_CURSOR + ALT_SCREEN_OFF + POP_TITLE if full_screen else ""
    if sys.platform == "win32" or not interactive:
        out.write(enter)
        out.flush()
        try:
            yield WindowsKeys() if interactive else NoKeys(sleep)
        finally:
            out.write(leave)
            out.flush()
        return

    import termios
    import tty

    fd = stdin.fileno()
    saved_modes = termios.tcgetattr(fd)

    def take_over() -> None:
        tty.setcbreak(fd, termios.TCSANOW)
        out.write(enter)
        out.flush()

    def give_back() -> None:
        if not in_foreground(fd):  # given back as it was stopped; touching it would stop it
            return
        with contextlib.suppress(OSError, termios.error):  # a closed terminal needs nothing back
            termios.tcsetattr(fd, termios.TCSANOW, saved_modes)
            out.write(leave)
            out.flush()

    def suspend(signum: int, frame: FrameType | None) -> None:
        on_suspend()
        give_back()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until `fg`
        signal.signal(signal.SIGTSTP, suspend)
        take_over()

    previous = signal.signal(signal.SIGTSTP, suspend)
    try:
        take_over()  # a signal as it does: the terminal is given back all the same
        yield PosixKeys(fd)
    finally:
        signal.signal(signal.SIGTSTP, previous)
        give_back()
