"""Keeps a running session's history row up to date, from the runner's events (the session
side of the history: it hears the runner and hands writes to the history's writer thread).

The session only writes to the history, through `SessionStore` (what the composition root
hands it: the `History`); what it needs to know from the past was read before it started
(`history/past.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from stretchcli.history.writer import Writer
from stretchcli.records import EndStatus, ExerciseResult, Swap
from stretchcli.session.runner import RunState, results

PROGRESS_EVERY = 5.0  # seconds: a killed run loses at most this much of its record


class SessionStore(Protocol):
    """What a session writes to the history: its row as it starts, goes and ends, and the
    ratings given after it."""

    def start(
        self,
        routine: str,
        options: dict[str, object],
        exercises: Sequence[ExerciseResult],
        pain_before: int | None,
        note: str | None = None,
        swaps: Sequence[Swap] = (),
    ) -> int:
        """Write the row of a session that is starting; its id."""
        ...

    def progress(
        self,
        session_id: int,
        seconds: float,
        exercises: Sequence[ExerciseResult],
        last_step: int | None,
    ) -> None:
        """Update a running session: time so far and how far each exercise got."""
        ...

    def finish(
        self,
        session_id: int,
        status: EndStatus,
        seconds: float,
        exercises: Sequence[ExerciseResult],
        last_step: int | None,
    ) -> None:
        """Write how a session ended."""
        ...

    def set_pain_after(self, session_id: int, pain: int) -> None:
        """Record the pain rating given after the run."""
        ...

    def set_difficulty(self, session_id: int, difficulty: int) -> None:
        """Record how hard the session felt (0-10)."""
        ...

    def set_hurt(self, session_id: int, exercise: str) -> None:
        """Record that an exercise of the session hurt (named after the run)."""
        ...


class HistoryRecorder:
    """Keeps the session's history row up to date, on the history's own writer thread: at
    every phase start and every few seconds between, and at the end. `first_step` is the
    routine step the session began at (a resumed run), so steps are stored as the routine's."""

    def __init__(
        self, store: SessionStore, session_id: int, writer: Writer, first_step: int = 0
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.writer = writer
        self.first_step = first_step
        self.saved_at: float | None = None

    def _progress(self, state: RunState, now: float) -> None:
        seconds = state.elapsed(now)
        records = results(state)
        step = self.first_step + state.phase.step
        self.saved_at = now
        self.writer.submit(
            "progress",
            lambda: self.store.progress(self.session_id, seconds, records, step),
        )

    def phase_started(self, state: RunState, now: float) -> None:
        self._progress(state, now)

    def tick(self, state: RunState, now: float) -> None:
        if self.saved_at is None or now - self.saved_at >= PROGRESS_EVERY:
            self._progress(state, now)

    def paused(self, state: RunState, now: float) -> None:
        self._progress(state, now)

    def hurt(self, state: RunState, now: float) -> None:
        self._progress(state, now)  # the exercise that hurt is in the history at once

    def ended(self, state: RunState, now: float) -> None:
        status = state.status or "interrupted"
        seconds = state.elapsed(now)
        records = results(state)
        last = self.first_step + state.phase.step
        self.writer.submit(
            "finish",
            lambda: self.store.finish(self.session_id, status, seconds, records, last),
        )
