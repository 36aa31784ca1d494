"""A fake clock with scripted key presses, and a listener that records what it hears."""

from __future__ import annotations

from dataclasses import dataclass, field

from stretchcli.session.runner import RunState

START = 1000.0


@dataclass
class FakeTerminal:
    """Clock and keys in one: waiting for a key moves time on, to the key or the time-out.

    `keys` holds (seconds after START, key). `cost` is how long each display call takes, to
    show that drawing time never makes the schedule drift.
    """

    keys: list[tuple[float, str]] = field(default_factory=list)
    t: float = START
    waits: int = 0

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)

    def read(self, timeout: float) -> str | None:
        self.waits += 1
        self.keys.sort()
        if self.keys and START + self.keys[0][0] <= self.t + timeout:
            at, key = self.keys.pop(0)
            self.t = max(self.t, START + at)
            return key
        self.t += max(0.0, timeout)
        return None


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

    def starts(self) -> list[tuple[int, str, float]]:
        return [(i, kind, at) for event, i, kind, at in self.events if event == "phase"]
