"""Keeps a running session's history row up to date, from the runner's events (the session
side of the history: it hears the runner and hands writes to the history's writer thread).

The session only writes to the history, through `SessionStore` (what the composition root
hands it: the `History`); what it needs to know from the past was read before it started
(`history/past.py`)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from stretchcli.errors import HistoryError, StretchError, said
from stretchcli.history.writer import Writer
from stretchcli.records import EndStatus, ExerciseResult, Swap
from stretchcli.session.runner import RunState, results
from stretchcli.session.unrecorded import Ended

PROGRESS_EVERY = 5.0  # seconds: a killed run loses at most this much of its record
# What makes a session worth a row: an exercise begun (a hold reached and not passed over
# with `n`) or ended with `h`. Quit at the get-ready, every exercise skipped, or killed
# before the first hold: nothing was done, and nothing is stored.
BEGUN = frozenset({"done", "partial", "hurt"})


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
        started_at: datetime | None = None,
        uid: str | None = None,
    ) -> int:
        """Write the row of a session that is starting (or, with `started_at`, that started
        then; with `uid`, under that uid); its id."""
        ...

    def starting(self) -> None:
        """Say that a run is starting (before it has a row: reminders wait)."""
        ...

    def waiting_at_most(self, seconds: float) -> AbstractContextManager[None]:
        """A block in which each write waits at most `seconds` for a busy history."""
        ...

    def not_starting(self) -> None:
        """Take `starting` back: the run has ended."""
        ...

    def probe(
        self,
        routine: str,
        options: dict[str, object],
        exercises: Sequence[ExerciseResult],
        pain_before: int | None,
        note: str | None = None,
        swaps: Sequence[Swap] = (),
        started_at: datetime | None = None,
    ) -> None:
        """Fail as `start` would, storing nothing."""
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
        ended_at: datetime | None = None,
    ) -> None:
        """Write how a session ended (`ended_at`: when it did, else now)."""
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


def is_busy(error: BaseException | None) -> bool:
    """Whether `error` is another process holding the history's write lock (it passes)."""
    return isinstance(error, HistoryError) and error.message.startswith("the history is busy")


def kept_warning(error: StretchError | sqlite3.Error | OSError, begun: bool = True) -> str:
    """What a run says when the history cannot take its record now: it is kept, not lost.
    Not `begun` yet (the run's start): what is done of it is (a run ended before any
    exercise keeps nothing, as a run with a free history records nothing)."""
    if isinstance(error, HistoryError) and is_busy(error):
        where = f" ({error.hint})" if error.hint else ""
        if not begun:
            return (
                f"the history is busy{where}: what you do of this session is kept, and "
                "written when the history is free"
            )
        return (
            f"the history is busy{where}: this session is kept, and will be written when "
            "the history is free"
        )
    return (
        f"could not write the history: {said(error)}; this session is kept, and will be "
        "written when it can be"
    )


class HistoryRecorder:
    """Keeps the session's history row up to date, on the history's own writer thread: at
    every phase start and every few seconds between, and at the end. `first_step` is the
    routine step the session began at (a resumed run), so steps are stored as the routine's.
    The row is written once an exercise is begun (BEGUN): before, there is nothing to keep.
    Its end is the moment the run ended by `wall` (the clock of `started_at`), however much
    later it is written, and never sooner than `started_at` and the seconds done.

    Nothing is lost to a history that is briefly busy: a session whose row could not be
    written as it started (`session_id` None) is written by `begin` at the next save, and a
    save that fails is made again, with the latest state, at the next one (and by `retry`,
    at the end). The first failure is said once, through `warn`."""

    def __init__(
        self,
        store: SessionStore,
        session_id: int | None,
        writer: Writer,
        first_step: int = 0,
        begin: Callable[[], int] | None = None,
        warn: Callable[[str], None] | None = None,
        warned: bool = False,
        wall: Callable[[], datetime] | None = None,
        started_at: datetime | None = None,
        failure: StretchError | sqlite3.Error | None = None,
    ) -> None:
        if session_id is None and begin is None:
            raise ValueError("a session not written yet needs `begin` to write it")
        self.store = store
        self.session_id = session_id
        self.writer = writer
        self.first_step = first_step
        self.begin = begin
        self.warn = warn if warn is not None else writer.warn
        self.warned = warned
        self.saved_at: float | None = None
        self.lock = threading.Lock()
        # The busy warning and the end's own lines, one at a time: none comes after those.
        self.saying = threading.Lock()
        self.latest: Callable[[int], None] | None = None  # the newest save asked for
        self.unsaved = False  # the history lacks the newest state
        self.begun = session_id is not None  # the session has a row to keep up to date
        self.wall = wall
        self.started_at = started_at
        # The last try's failure (at first, the start's look at the history, if it failed).
        self.failure: StretchError | sqlite3.Error | OSError | None = failure
        self.ended_as: Ended | None = None  # how it ended, for a file if the history is busy
        # How long a try may still wait for a busy history (None: the store's own wait):
        # the end sets what is left of the wait it announced, asked as each try begins.
        self.patience: Callable[[], float] | None = None

    @property
    def recorded(self) -> bool:
        """Whether the history holds the session as it was last saved."""
        with self.lock:
            return not self.unsaved

    def _save(self, kind: str, write: Callable[[int], None]) -> None:
        with self.lock:
            self.latest = write
            self.unsaved = True
        self.writer.submit(kind, self._write_latest)

    def say_instead(self, say: Callable[[], None]) -> None:
        """`say` the end's own line (its wait for a busy history), and from then on never the
        run's warning that the session will be written when the history is free: said after
        the wait, it read as if the wait were given up; the end says what comes of it."""
        with self.saying:
            self.warned = True
            say()

    def retry(self) -> None:
        """Try again to write the newest state, if the history does not hold it yet."""
        if not self.recorded:
            self.writer.submit("retry", self._write_latest)

    def _write_latest(self) -> None:  # on the writer's thread
        with self.lock:
            write = self.latest
        patience = self.patience
        bounded = (
            nullcontext() if patience is None else self.store.waiting_at_most(max(0.0, patience()))
        )
        try:
            with bounded:
                if self.session_id is None and self.begin is not None:
                    self.session_id = self.begin()
                if write is not None and self.session_id is not None:
                    write(self.session_id)
        except (StretchError, sqlite3.Error, OSError) as exc:  # kept for the next save
            self.failure = exc
            with self.saying:
                if not self.warned:
                    self.warned = True
                    self.warn(kept_warning(exc))
            return
        with self.lock:
            if self.latest is write:
                self.unsaved = False
                self.failure = None

    def _worth_a_row(self, state: RunState, now: float) -> bool:
        """Whether the session has anything to store (from its first exercise begun on): a
        hold that has only just been reached (and may be passed over with `n` at once) is
        not begun until some time of it has gone by."""
        if not self.begun:
            lived = state
            if state.phase.kind == "hold" and now <= state.phase_started:
                lived = replace(state, entered_holds=state.entered_holds - {state.index})
            self.begun = any(record.status in BEGUN for record in results(lived))
        return self.begun

    def _end_moment(self, seconds: float) -> datetime | None:
        """When the session ended, by the wall clock: now, as the run ends."""
        if self.wall is None:
            return None
        now = self.wall()
        if self.started_at is not None:
            now = max(now, self.started_at + timedelta(seconds=seconds))
        return now

    def _progress(self, state: RunState, now: float) -> None:
        seconds = state.elapsed(now)
        records = results(state)
        if not self._worth_a_row(state, now):
            return
        step = self.first_step + state.phase.step
        self.saved_at = now
        self._save(
            "progress",
            lambda ident: self.store.progress(ident, seconds, records, step),
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
        if not self._worth_a_row(state, now):
            return
        last = self.first_step + state.phase.step
        ended_at = self._end_moment(seconds)
        self.ended_as = Ended(status, seconds, records, last, ended_at)
        self._save(
            "finish",
            lambda ident: self.store.finish(ident, status, seconds, records, last, ended_at),
        )
