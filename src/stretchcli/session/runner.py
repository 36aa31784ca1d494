"""Walk a timeline against deadlines on an injected clock, react to keys, emit events.

Each phase ends at a deadline computed from the previous deadline, never from "now", so the
time the display takes to draw never accumulates: the end of a long routine lands on time.
The clock and the key source are injected; tests drive a whole routine in milliseconds.
No rendering here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from stretchcli.model import Phase
from stretchcli.records import EndStatus, ExerciseResult, ExerciseStatus

ADJUST_SECONDS = 5.0
BACK_GRACE = 2.0  # `b` within this many seconds of a phase's start goes to the phase before
MIN_HOLD_LEFT = 1.0  # `-` never leaves less than this of a hold
TICK = 1.0  # seconds between redraws: the countdown shows whole seconds
# Chosen: while a line waits for the one being said, how often to look whether it can start
# (a line waiting for the next whole second came up to a second late: a count's number).
WAITING_TICK = 0.05
# Chosen: the clock moving on this much more than the session waited means the process did
# not run meanwhile (stopped with SIGSTOP, or its machine asleep where the clock counts
# sleep): that time is a pause, never exercise, and the session waits, paused, for space.
STALL = 3.0


class Clock(Protocol):
    """A monotonic clock in seconds."""

    def now(self) -> float: ...


class Keys(Protocol):
    """Waits up to `timeout` seconds for a key press; returns it, or None on time-out."""

    def read(self, timeout: float) -> str | None: ...


@dataclass
class RunState:
    """Where a session is: the phase, its deadline, pause and what has been done."""

    phases: Sequence[Phase]
    index: int = 0
    started: float = 0.0
    phase_started: float = 0.0
    deadline: float = 0.0
    paused_at: float | None = None
    paused_total: float = 0.0
    done_holds: set[int] = field(default_factory=set)
    skipped_holds: set[int] = field(default_factory=set)
    entered_holds: set[int] = field(default_factory=set)
    missed: set[int] = field(default_factory=set)  # phases over before they could start
    jumped: bool = False  # the current phase was reached with a key (n, b), not by time
    hurt: set[int] = field(default_factory=set)  # steps ended with `h`: they hurt
    eased: tuple[int, int] | None = None  # the latest `h`: (the phase it led to, the step)
    status: EndStatus | None = None
    ended: float = 0.0

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self.phases[min(self.index, len(self.phases) - 1)]

    def remaining(self, now: float) -> float:
        """Seconds left in the current phase (frozen while paused)."""
        at = self.paused_at if self.paused_at is not None else now
        return max(0.0, self.deadline - at)

    def time_left(self, now: float) -> float:
        """Seconds left in the whole session, by the timeline from the current phase on."""
        later = math.fsum(p.duration for p in self.phases[self.index + 1 :])
        return self.remaining(now) + later

    def elapsed(self, now: float) -> float:
        """Seconds since the start, not counting pauses."""
        end = self.ended if self.status else now
        paused = self.paused_total + (end - self.paused_at if self.paused_at is not None else 0)
        return end - self.started - paused


class Listener(Protocol):
    """What the runner tells the display, the cues and the history."""

    def phase_started(self, state: RunState, now: float) -> None: ...

    def tick(self, state: RunState, now: float) -> None: ...

    def paused(self, state: RunState, now: float) -> None: ...

    def ended(self, state: RunState, now: float) -> None: ...

    def hurt(self, state: RunState, now: float) -> None: ...


class Fanout:
    """Passes every event to several listeners, in order."""

    def __init__(self, *listeners: Listener) -> None:
        self.listeners = listeners

    def phase_started(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.phase_started(state, now)

    def tick(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.tick(state, now)

    def paused(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.paused(state, now)

    def ended(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.ended(state, now)

    def hurt(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.hurt(state, now)


class Runner:
    """Runs one timeline; `run()` returns the final state."""

    def __init__(
        self,
        phases: Sequence[Phase],
        clock: Clock,
        keys: Keys,
        listener: Listener,
        waiting: Callable[[], bool] | None = None,
    ) -> None:
        if not phases:
            raise ValueError("a session needs at least one phase")
        self.clock = clock
        self.keys = keys
        self.listener = listener
        self.waiting = waiting  # whether a line waits its turn to be said
        self.state = RunState(phases)
        self.frozen = False
        self.seen = 0.0  # the clock when the session was last seen running

    def run(self) -> RunState:
        """Walk every phase to its deadline, handling keys, until the end or `q`."""
        state = self.state
        now = self.clock.now()
        state.started = self.seen = now
        self._enter(0, now)
        while state.status is None:
            now = self._look()
            if self.frozen:  # stalled while the display drew: paused from then
                self.frozen = False
                self.listener.paused(state, now)
            if state.paused_at is None and now >= state.deadline:
                self._finish_phase(natural=True)
                if state.index + 1 >= len(state.phases):
                    self._reached_end(state.deadline)
                    break
                # The next phase starts at the scheduled deadline, not at "now": no drift.
                self._enter(state.index + 1, state.deadline)
                continue
            wait = self._timeout(now)
            key = self.keys.read(wait)
            now = self._look(wait)
            if key is not None:
                self.handle(key, now)
            elif state.status is None and (state.paused_at is not None or now < state.deadline):
                self.listener.tick(state, now)
            if self.frozen:
                self.frozen = False
                self.listener.paused(state, now)
        return state

    def _look(self, waited: float = 0.0) -> float:
        """The clock now; a stall since the session was last seen running (more than
        `waited` and STALL) pauses it where it was then."""
        now = self.clock.now()
        state = self.state
        if now - self.seen > waited + STALL and state.paused_at is None and state.status is None:
            state.paused_at = self.seen
            self.frozen = True
        self.seen = now
        return now

    def _timeout(self, now: float) -> float:
        """Sleep until the next whole second of the countdown, or the deadline if sooner, or
        only a moment while a line waits to be said."""
        state = self.state
        if state.paused_at is not None:
            return TICK
        remaining = state.deadline - now
        to_next_second = remaining % TICK or TICK
        if self.waiting is not None and self.waiting():
            to_next_second = min(to_next_second, WAITING_TICK)
        return max(0.0, min(remaining, to_next_second))

    def _enter(self, index: int, start: float, jumped: bool = False) -> None:
        state = self.state
        state.jumped = jumped
        state.index = index
        state.phase_started = start
        state.deadline = start + state.phases[index].duration
        # After a stall (the machine asleep, the process stopped), phases whose whole time
        # went by unseen are passed through on schedule, but were not lived: not held.
        if self.clock.now() >= state.deadline:
            state.missed.add(index)
        elif state.phases[index].kind == "hold":
            state.entered_holds.add(index)
        self.listener.phase_started(state, start)

    def _finish_phase(self, natural: bool) -> None:
        state = self.state
        if state.phase.kind == "hold":
            if natural and state.index not in state.missed:
                if _held_whole(state):  # else cut short with `-`: lived, not done, not skipped
                    state.done_holds.add(state.index)
                    state.skipped_holds.discard(state.index)
            elif state.index not in state.done_holds:
                state.skipped_holds.add(state.index)

    def _end(self, status: EndStatus, at: float) -> None:
        state = self.state
        if state.paused_at is not None:
            state.paused_total += at - state.paused_at
            state.paused_at = None
        state.status = status
        state.ended = at
        self.listener.ended(state, at)

    def freeze(self) -> None:
        """Pause from a signal handler (Ctrl-Z): only state is set here; the loop tells the
        listener on its next turn, outside the handler."""
        if self.state.paused_at is None and self.state.status is None:
            self.state.paused_at = self.clock.now()
            self.frozen = True

    def stop(self, status: EndStatus) -> None:
        """End the session now (q, or a signal): the listener hears `ended` once."""
        if self.state.status is None:
            self._end(status, self.clock.now())

    def handle(self, key: str, now: float) -> None:
        """React to one key: space, n, b, +, -, h, q (others are ignored)."""
        state = self.state
        if key == " ":
            if state.paused_at is None:
                state.paused_at = now
            else:
                self._unpause(now)
            self.listener.paused(state, now)
        elif key in ("n", "N"):
            self._unpause(now)
            self._finish_phase(natural=False)
            if state.index + 1 >= len(state.phases):
                self._reached_end(now)
            else:
                self._enter(state.index + 1, now, jumped=True)
        elif key in ("b", "B"):
            self._unpause(now)
            back = state.index - 1 if now - state.phase_started < BACK_GRACE else state.index
            if back < state.index and state.phase.kind == "hold":
                # Left at once, to be done again: not held (verify 27, NEW-6: `b`, then
                # `h` in the get-ready, counted the session as held).
                state.entered_holds.discard(state.index)
            self._enter(max(0, back), now, jumped=True)
        elif key == "+" and state.phase.kind == "hold":
            state.deadline += ADJUST_SECONDS
            self.listener.tick(state, now)
        elif key == "-" and state.phase.kind == "hold":
            at = state.paused_at if state.paused_at is not None else now
            state.deadline = max(at + MIN_HOLD_LEFT, state.deadline - ADJUST_SECONDS)
            self.listener.tick(state, now)
        elif key in ("h", "H"):
            self._hurts(now)
        elif key in ("q", "Q"):
            self._end("stopped", now)

    def _hurts(self, now: float) -> None:
        """`h`, "this hurts": the current exercise ends at once (every phase it has left,
        both sides), is marked as hurt, and the next one starts (or the session ends). In
        the rest before an exercise, the one that hurt is the one just done: it is marked,
        and the rest goes on. `h` on the last exercise ends the session (`_reached_end`)."""
        state = self.state
        self._unpause(now)
        phases = state.phases
        step = state.phase.step
        if state.phase.kind == "rest" and state.index and phases[state.index - 1].step != step:
            state.eased = (state.index, phases[state.index - 1].step)
            state.hurt.add(state.eased[1])
            self.listener.hurt(state, now)
            self.listener.tick(state, now)
            return
        self._finish_phase(natural=False)
        following = next(
            (i for i in range(state.index + 1, len(phases)) if phases[i].step != step), None
        )
        state.eased = (len(phases) if following is None else following, step)
        state.hurt.add(step)
        self.listener.hurt(state, now)
        if following is None:
            self._reached_end(now)
        else:
            self._enter(following, now, jumped=True)

    def _reached_end(self, at: float) -> None:
        """End a session that went through to its end, however (its time, `n`, `h`): one
        rule for all (review 24, F10; attack 22, C3: `n` in the last second of the last hold
        was "stopped", as `h` there was, while skipping whole exercises and letting the last
        hold run out was "completed"). It is completed when it held anything, in full or cut
        short with `-` (verify 26, N4), as what was skipped or cut short is each exercise's
        own status; a session that held nothing (every hold passed over) is stopped, and
        never counts toward the week."""
        state = self.state
        held = state.done_holds | (state.entered_holds - state.skipped_holds - state.missed)
        self._end("completed" if held else "stopped", at)

    def _unpause(self, now: float) -> None:
        """Resume: the time paused moves the phase's start and deadline along with it."""
        state = self.state
        if state.paused_at is not None:
            paused = now - state.paused_at
            state.paused_total += paused
            state.deadline += paused
            state.phase_started += paused
            state.paused_at = None


def _held_whole(state: RunState) -> bool:
    """Whether the current hold runs its whole time: `-` cut it short otherwise (attack 17,
    H9: such holds counted as done, and stepped a plan up), which `+` can make up."""
    return state.deadline - state.phase_started >= state.phase.duration - _SLACK


_SLACK = 1e-6  # seconds: the sums of a pause's moves are floats


def exercise_status(
    holds: int, done: int, skipped: int, entered: int, *, hurt: bool = False
) -> ExerciseStatus:
    """hurt: ended with `h`; done: every hold ran its whole time (none cut short with `-`);
    skipped: only passed over with `n`; partial: begun."""
    if hurt:
        return "hurt"
    if done == holds:
        return "done"
    if done or entered > skipped:
        return "partial"
    return "skipped" if skipped else "not reached"


def results(state: RunState) -> list[ExerciseResult]:
    """Per step of the session, in order, how far its exercise got."""
    steps: dict[int, tuple[str, list[int]]] = {}
    for phase in state.phases:
        if phase.kind == "hold":
            _, counts = steps.setdefault(phase.step, (phase.exercise, [0, 0, 0, 0]))
            counts[0] += 1
            counts[1] += phase.index in state.done_holds
            counts[2] += phase.index in state.skipped_holds
            counts[3] += phase.index in state.entered_holds
    found = []
    for step, (exercise, (holds, done, skipped, entered)) in steps.items():
        status = exercise_status(holds, done, skipped, entered, hurt=step in state.hurt)
        found.append(ExerciseResult(exercise, status, holds, done))
    return found
