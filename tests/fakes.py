"""A fake terminal (clock and scripted key presses, Ctrl-Z included), what a person types at a
prompt, and a listener that records what it hears."""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo

from stretchcli.session.runner import RunState
from stretchcli.session.terminal import PasteFilter

START = 1000.0

# The zone every test runs in (conftest's `isolated` sets TZ to it) and the moment it runs at,
# unless a test fixes its own: a Wednesday inside the default reminder hours (Monday to
# Friday, 09:00-17:30), in a zone with daylight saving and an offset that is not zero.
ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 4, 10, 30, tzinfo=ZoneInfo(ZONE))
SUSPEND = "\x1a"  # a scripted Ctrl-Z: the terminal calls its `on_suspend`, as SIGTSTP would


@dataclass
class FakeTerminal:
    """Clock and keys in one: waiting for a key moves time on, to the key or the time-out.

    `keys` holds (seconds after START, key). `cost` is how long each display call takes, to
    show that drawing time never makes the schedule drift.
    """

    keys: list[tuple[float, str]] = field(default_factory=list)
    t: float = START
    waits: int = 0
    on_suspend: Callable[[], None] = lambda: None
    full_screen: bool | None = None  # what the session asked of the keyboard
    pending: str = ""  # keys of a read not handed out yet (a key held down)

    def __post_init__(self) -> None:
        # Each scripted entry is one read of what the terminal sent, filtered as a real
        # terminal's is: several characters together are pasted text, not keys.
        self.pastes = PasteFilter(self.now)

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)

    def read(self, timeout: float) -> str | None:
        self.waits += 1
        if self.pending:
            key, self.pending = self.pending[0], self.pending[1:]
            return key
        self.keys.sort()
        if self.keys and START + self.keys[0][0] <= self.t + timeout:
            at, sent = self.keys.pop(0)
            self.t = max(self.t, START + at)
            if sent == SUSPEND:
                self.on_suspend()
                return None
            self.pending = self.pastes.keys(sent)
            return self.read(0) if self.pending else None
        self.t += max(0.0, timeout)
        return None

    @contextlib.contextmanager
    def keyboard(
        self,
        stdin: IO[str],
        out: IO[str],
        full_screen: bool,
        sleep: Callable[[float], None],
        on_suspend: Callable[[], None],
    ) -> Iterator[FakeTerminal]:
        """The Environment's keyboard factory: this terminal's keys (none if it has none,
        but time still passes on its clock)."""
        self.full_screen = full_screen
        self.on_suspend = on_suspend
        yield self


class TerminalOutput(io.StringIO):
    """Standard output that is a terminal: what a person sees, styles and all."""

    def isatty(self) -> bool:
        return True


class TypedAtTerminal(io.StringIO):
    """Lines a person types at a terminal (for the pain questions and prompts); a line that
    is Ctrl-C ("\x03") interrupts the reading, as the terminal's SIGINT would."""

    def isatty(self) -> bool:
        return True

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        line = super().readline(size)
        if line.rstrip("\n") == "\x03":
            raise KeyboardInterrupt
        return line


@dataclass
class Recorder:
    """Records (event, phase index, kind, seconds after START) for each call."""

    clock: FakeTerminal
    cost: float = 0.0
    events: list[tuple[str, int, str, float]] = field(default_factory=list)

    def _record(self, event: str, state: RunState, now: float) -> None:
        self.events.append((event, state.index, state.phase.kind, round(now - START, 6)))
        self.clock.t += self.cost

    def phase_started(self, state: RunState, now: float) -> None:
        self._record("phase", state, now)

    def tick(self, state: RunState, now: float) -> None:
        self._record("tick", state, now)

    def paused(self, state: RunState, now: float) -> None:
        self._record("pause" if state.paused_at is not None else "resume", state, now)

    def ended(self, state: RunState, now: float) -> None:
        self._record("end", state, now)

    def hurt(self, state: RunState, now: float) -> None:
        self._record("hurt", state, now)

    def starts(self) -> list[tuple[int, str, float]]:
        return [(i, kind, at) for event, i, kind, at in self.events if event == "phase"]


def eventually(check: Callable[[], bool], within: float = 10.0) -> bool:
    """Whether `check()` comes true within `within` seconds, asked every 20 ms: for what
    another process or thread does in its own time (a write, a log line), never to measure
    how long something takes."""
    for _ in range(max(1, int(within / 0.02))):
        if check():
            return True
        time.sleep(0.02)  # a poll's pause (a timed Event.wait never returns under libfaketime)
    return check()
