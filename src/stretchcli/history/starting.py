"""The writes a run makes to its session's row: as it starts (or the check that it could),
as it goes and as it ends, one transaction each. Part of `History` (store.py)."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from stretchcli.columns import stored_time
from stretchcli.history import rows, run_mark
from stretchcli.records import EndStatus, ExerciseResult, Session, Swap

# Chosen: how long a run waits, as it starts, for a history another process is writing (a
# long import): the run then starts at once, saying its session is kept until it is free.
PROBE_PATIENCE = 1.0


class SessionRows:
    """A session's row, written by its run; `now` and `_write` are the History's."""

    now: Callable[[], datetime]
    path: Path

    def _write(
        self, keys_checked: bool = True, patience: float | None = None
    ) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

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
        """Write the row of a session starting (`started_at`: that started then; `uid`: the
        run's own, which a file it may be kept in carries too); its id."""
        session = self._starting(routine, options, exercises, pain_before, note, swaps, started_at)
        session = session if uid is None else replace(session, uid=uid)
        with self._write() as db:
            return rows.insert_session(db, session, os.getpid())

    def starting(self) -> None:
        """Say, beside the history, that this process is starting a run: until its row is
        written (at its first exercise), reminders wait as for a running session."""
        run_mark.mark(self.path.parent, os.getpid(), self.now())

    def not_starting(self) -> None:
        """Take `starting` back (the run has ended; its row, if any, says the rest)."""
        run_mark.unmark(self.path.parent, os.getpid())

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
        """Raise as `start` would, but store nothing: the row is written and taken back in
        one transaction, which nobody else ever sees. A full disk, a damaged or read-only
        history is found as the run starts, while its row waits for an exercise begun."""
        session = self._starting(routine, options, exercises, pain_before, note, swaps, started_at)
        with self._write(patience=PROBE_PATIENCE) as db:
            ident = rows.insert_session(db, session, os.getpid())
            db.execute("DELETE FROM session_exercises WHERE session_id = ?", (ident,))
            db.execute("DELETE FROM sessions WHERE id = ?", (ident,))

    def _starting(
        self,
        routine: str,
        options: dict[str, object],
        exercises: Sequence[ExerciseResult],
        pain_before: int | None,
        note: str | None,
        swaps: Sequence[Swap],
        started_at: datetime | None,
    ) -> Session:
        """The row of a session that is starting."""
        return Session(
            id=0,
            routine=routine,
            started_at=self.now() if started_at is None else started_at,
            ended_at=None,
            status="running",
            seconds=0.0,
            pain_before=pain_before,
            pain_after=None,
            options=options,
            last_step=None,
            exercises=tuple(exercises),
            uid=uuid.uuid4().hex,
            note=note,
            swaps=tuple(swaps),
        )

    def progress(
        self,
        session_id: int,
        seconds: float,
        exercises: Sequence[ExerciseResult],
        last_step: int | None,
    ) -> None:
        """Update a running session: time so far and how far each exercise got."""
        self._update(session_id, exercises, seconds=seconds, last_step=last_step)

    def finish(
        self,
        session_id: int,
        status: EndStatus,
        seconds: float,
        exercises: Sequence[ExerciseResult],
        last_step: int | None,
        ended_at: datetime | None = None,
    ) -> None:
        """Write how a session ended; `ended_at`, when it did (the moment of writing, a
        retry after a busy history, comes later), else now."""
        ended = stored_time(self.now() if ended_at is None else ended_at)
        self._update(
            session_id,
            exercises,
            status=status,
            ended_at=ended,
            seconds=seconds,
            last_step=last_step,
        )

    def _update(
        self, session_id: int, exercises: Sequence[ExerciseResult], **columns: object
    ) -> None:
        """Set some columns of a session and its exercises, in one transaction."""
        with self._write() as db:
            rows.update(db, "sessions", session_id, columns)
            rows.write_exercises(db, session_id, exercises)
