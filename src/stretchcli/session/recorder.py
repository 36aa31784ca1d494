"""Keeps a running session's history row up to date, from the runner's events (the session
side of the history: it hears the runner and hands writes to the history's writer thread)."""

from __future__ import annotations

from stretchcli.history.store import History
from stretchcli.history.writer import Writer
from stretchcli.session.runner import RunState, results

PROGRESS_EVERY = 5.0  # seconds: a killed run loses at most this much of its record


class HistoryRecorder:
    """Keeps the session's history row up to date, on the history's own writer thread: at
    every phase start and every few seconds between, and at the end. `first_step` is the
    routine step the session began at (a resumed run), so steps are stored as the routine's."""

    def __init__(
        self, history: History, session_id: int, writer: Writer, first_step: int = 0
    ) -> None:
        self.history = history
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
            lambda: self.history.progress(self.session_id, seconds, records, step),
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
            lambda: self.history.finish(self.session_id, status, seconds, records, last),
        )
