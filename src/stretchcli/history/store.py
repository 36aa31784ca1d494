"""The history of sessions and reminders: what the rest of the program asks of it. A session's
row is written once its run has begun an exercise, as it goes and as it ends, one transaction
per change (`starting.py`).

Opening and recovering the file: `connection.py`; its tables: `schema.py`; the SQL of each
record: `rows.py`; whether a running session's process is still there: `liveness.py`."""

from __future__ import annotations

import itertools
import json
import sqlite3
import weakref
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from stretchcli.columns import choice, stored_time
from stretchcli.exported import MAX_SESSION_SECONDS
from stretchcli.files.paths import state_dir
from stretchcli.history import bulk, connection, rows, tallies
from stretchcli.history.bulk import Span
from stretchcli.history.connection import (
    Kept,
    begin_immediate,
    cannot_read,
    cannot_use,
    open_database,
    reading,
)
from stretchcli.history.damage import WHAT_TO_DO
from stretchcli.history.liveness import alive, running
from stretchcli.history.reachable import there
from stretchcli.history.starting import SessionRows
from stretchcli.history.tallies import ExerciseTally
from stretchcli.records import (
    ANSWER_WAIT,
    OUTCOMES,
    VIAS,
    Day,
    Outcome,
    Reminder,
    Session,
    Via,
)
from stretchcli.text import json_escaped

FILENAME = "history.sqlite3"
T = TypeVar("T")


def history_path(environ: Mapping[str, str]) -> Path:
    """Where the history database lives (in the state folder)."""
    return state_dir(environ) / FILENAME


class History(SessionRows):
    """The session store at `path` (created on first use). Its one connection is kept open
    for the process and shared by its threads; `close()` (or the end of a `with` block, or
    the History being dropped, or the process ending) closes it."""

    def __init__(
        self,
        path: Path,
        warn: Callable[[str], None],
        now: Callable[[], datetime],
        busy_timeout: float | None = None,
    ) -> None:
        self.path = path
        self.warn = warn
        self.now = now
        self.busy_timeout = connection.BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        self._kept = Kept()
        self._skipped: set[tuple[str, object]] = set()  # each row said to be skipped, once
        # Closed when the History goes, or at exit (without waiting for a write in progress
        # on another thread); never through `self`, which would keep it alive.
        weakref.finalize(self, self._kept.close, False)

    def close(self) -> None:
        """Close the connection; the next use opens it again."""
        self._kept.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """The open, migrated connection, this thread's alone while the block runs. A file
        that SQLite says is not a database (or is damaged) is moved aside, never deleted, and
        a new one started; any other failure (a full disk, no permission, a busy lock) is a
        HistoryError and the file stays."""

        def opener() -> sqlite3.Connection:
            return open_database(self.path, self.busy_timeout, self.warn, self.now)

        with self._kept.use(self.path, self.busy_timeout, opener) as db:
            yield db

    @contextmanager
    def waiting_at_most(self, seconds: float) -> Iterator[None]:
        """A block in which each write waits at most `seconds` for a busy history (never
        longer than the usual wait): a run's end, which says how long it waits in all."""
        own = self.busy_timeout
        self.busy_timeout = max(0.0, min(own, seconds))
        try:
            yield
        finally:
            self.busy_timeout = own

    @contextmanager
    def writing(
        self, keys_checked: bool = True, patience: float | None = None
    ) -> Iterator[sqlite3.Connection]:
        """One write transaction for many changes (an import), committed at the end of the
        block, rolled back if it raises; without `keys_checked` (for a writer that gives
        exercise rows their session ids itself) SQLite does not look each one's session up;
        `patience`: wait at most that long for a busy history."""
        with self._write(keys_checked, patience) as db:
            yield db

    def read_back(self, db: sqlite3.Connection, ident: int) -> Session | None:
        """The session with the row id `ident`, read on `db` (None: there is none, or it
        cannot be read, with a warning)."""
        return self._one(db, ident)

    @contextmanager
    def _write(
        self, keys_checked: bool = True, patience: float | None = None
    ) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed at the end of the block (rolled back on an error).
        Every writer goes through here: another process holding the write lock longer than
        the busy timeout (or `patience` seconds), a full disk or a read-only file is one
        HistoryError."""
        wait = self.busy_timeout if patience is None else min(patience, self.busy_timeout)
        try:
            with self.connect() as db:
                db.execute(f"PRAGMA foreign_keys = {int(keys_checked)}")  # not in a transaction
                try:
                    with db:
                        begin_immediate(db, wait)
                        yield db
                finally:
                    db.execute("PRAGMA foreign_keys = 1")
                    db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        except sqlite3.Error as exc:
            raise cannot_use(self.path, exc) from None

    def set_pain_after(self, session_id: int, pain: int) -> None:
        """Record the pain rating given after the run."""
        with self._write() as db:
            rows.update(db, "sessions", session_id, {"pain_after": pain})

    def set_hurt(self, session_id: int, exercise: str) -> None:
        """Record that an exercise of the session hurt (named after the run): its steps
        that were begun are marked `hurt`, as the `h` key marks them."""
        with self._write() as db:
            db.execute(
                "UPDATE session_exercises SET status = 'hurt' WHERE session_id = ? "
                "AND exercise = ? AND status IN ('done', 'partial')",
                (session_id, exercise),
            )

    def set_difficulty(self, session_id: int, difficulty: int) -> None:
        """Record how hard the session felt (0-10)."""
        with self._write() as db:
            rows.update(db, "sessions", session_id, {"difficulty": difficulty})

    def set_note(self, session_id: int, note: str) -> bool:
        """Set a session's note (replacing any); whether there is such a session."""
        with self._write() as db:
            return rows.update(db, "sessions", session_id, {"note": note})

    def add_sessions(self, sessions: Sequence[Session]) -> None:
        """Store sessions read from an export, in one transaction (all of them or none).
        Their process is not on this machine: one still `running` reads as interrupted."""
        with self._write() as db:
            for session in sessions:
                rows.insert_session(db, session, None)

    def add_reminder(
        self, routine: str, outcome: Outcome, via: Via, until: datetime | None = None
    ) -> int:
        """Record a reminder (or a snooze or skip given at the terminal) now; its id."""
        reminder = Reminder(0, self.now(), routine, outcome, until, via)
        with self._write() as db:
            return rows.insert(db, "reminders", reminder.columns())

    def answer_reminder(
        self, reminder_id: int, outcome: Outcome, until: datetime | None = None
    ) -> None:
        """Record how a reminder was answered."""
        answer = {"outcome": outcome, "until": stored_time(until) if until else None}
        with self._write() as db:
            rows.update(db, "reminders", reminder_id, answer)

    def reminders(
        self,
        since: datetime | None = None,
        routine: str | None = None,
        until: datetime | None = None,
    ) -> list[Reminder]:
        """The reminders from `since` on (up to `until`; of `routine`, when given), oldest
        first; one still `waiting` long after its notification gave up (its process was
        killed) reads as `no answer`."""
        if not there(self.path):
            return []
        try:
            with self._reader() as db:
                found = rows.reminders(db, since, until, routine, self._skip("reminder"))
        except sqlite3.Error as exc:
            raise cannot_read(self.path, exc) from None
        now = self.now()
        for n, reminder in enumerate(found):
            stale = (now - reminder.at).total_seconds() > 2 * ANSWER_WAIT
            if reminder.outcome == "waiting" and stale:
                found[n] = replace(reminder, outcome="no answer")
        return found

    def sessions(
        self,
        since: datetime | None = None,
        routine: str | None = None,
        until: datetime | None = None,
    ) -> list[Session]:
        """Stored sessions (started from `since` up to `until`), oldest first, in local time;
        a `running` row whose process is gone reads as `interrupted` (it was killed before it
        could say so). A row that cannot be read back (a bad date, a wrong type) is skipped
        with a warning."""
        return list(self._each(since, until, routine, newest_first=False))

    def recent(
        self,
        limit: int,
        since: datetime | None = None,
        routine: str | None = None,
        now: datetime | None = None,
    ) -> list[Session]:
        """The newest `limit` sessions started by `now` (the clock's, if not given; from
        `since`; of `routine`), newest first."""
        until = now or self.now()
        with closing(self._each(since, until, routine, newest_first=True)) as each:
            return list(itertools.islice(each, limit))

    def latest(self, routine: str | None = None, now: datetime | None = None) -> Session | None:
        """The newest session started by `now` (the clock's, if not given; of `routine`,
        when given: for `stretch again`, reminders, a note), or None: one a wrong clock put
        in the future has not happened."""
        with closing(self._each(None, now or self.now(), routine, newest_first=True)) as each:
            return next(each, None)

    def running_here(self) -> bool:
        """Whether a run is going on on this machine: a session stored as running whose
        process is alive here. One that ran on another machine (exported or synced while it
        ran: no process here) is not one, though it reads as running for up to 16 hours."""
        now = self.now()
        since = now - timedelta(seconds=MAX_SESSION_SECONDS)

        def going(db: sqlite3.Connection) -> bool:
            found = rows.sessions(db, since, now, None, True, self._skip("session"))
            return any(
                s.status == "running" and pid is not None and alive(pid, s.started_at)
                for s, pid in found
            )

        return bool(self._read(going))

    def earliest(self, routine: str | None = None) -> Session | None:
        """The oldest session started by now (of `routine`, when given), or None."""
        with closing(self._each(None, self.now(), routine, newest_first=False)) as each:
            return next(each, None)

    def last_unfinished(self, routine: str) -> Session | None:
        """The newest session of `routine` started by now if it was stopped or interrupted,
        else None (a run still going in another terminal is passed over)."""
        with closing(self._each(None, self.now(), routine, newest_first=True)) as each:
            for session in each:
                if session.status != "running":
                    return None if session.status == "completed" else session
        return None

    def days(self, span: Span, outside: bool = False) -> list[Day]:
        """Each local day's sessions in `span` summed up, oldest first (a session whose start
        or another value cannot be read is left out, with a warning; `outside`: see
        `bulk.days`)."""

        def summed(db: sqlite3.Connection) -> list[Day]:
            found, unreadable, unsound = bulk.days(db, span, outside)
            for ident in bulk.unsound(db, span) if unsound else ():
                self._one(db, ident)  # skipped, saying why (once)
            for ident in bulk.unreadable_starts(db, span, outside) if unreadable else ():
                if self._one(db, ident) is not None:  # read, but not as a local day here
                    why = f"sessions.started_at of row {ident} cannot be shown as a local day"
                    self._skip("session")(ident, ValueError(f"{why} ({WHAT_TO_DO})"))
            return found

        return self._read(summed) or []

    def tallies(self, span: Span) -> list[ExerciseTally]:
        """How each exercise went in the sessions of `span`, in the order they first came."""
        return self._read(lambda db: tallies.tallies(db, span)) or []

    def reminder_counts(self, span: Span) -> Counter[tuple[Via, Outcome]]:
        """The reminders of `span` counted by (how they were given, outcome); one still
        `waiting` long after its notification gave up reads as `no answer`."""
        stale = self.now() - timedelta(seconds=2 * ANSWER_WAIT)
        counts = self._read(lambda db: bulk.reminder_counts(db, span, stale)) or Counter()
        found: Counter[tuple[Via, Outcome]] = Counter()
        for (via, outcome), n in counts.items():
            if via in VIAS and outcome in OUTCOMES:  # others cannot be read back
                found[choice(via, VIAS), choice(outcome, OUTCOMES)] += n
        return found

    def routines(self) -> set[str]:
        """Every routine the history has a session or a reminder of."""
        return self._read(bulk.routines) or set()

    def routine_counts(self, span: Span) -> list[tuple[str, int]]:
        """The sessions of `span` counted by routine, the most done first."""
        return self._read(lambda db: bulk.routine_counts(db, span)) or []

    def records(
        self, span: Span, exported: bool = False, ascii_only: bool = False
    ) -> Generator[str, None, None]:
        """The record of each session in `span` (`Session.record()`, or with `exported` its
        form in an export file) as compact JSON, oldest first, streamed: SQLite writes
        them; a running session, or a row SQLite cannot vouch for, is read in Python (or
        skipped with a warning). What a terminal would act on is escaped (`json_escaped`)."""
        if not there(self.path):
            return
        try:
            with self._reader() as db:
                for ident, text, _ in bulk.records(db, span, exported):
                    if text is None:
                        session = self._one(db, ident)
                        if session is None:
                            continue
                        record = session.exported() if exported else session.record()
                        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                    yield json_escaped(text, ascii_only)
        except sqlite3.Error as exc:
            raise cannot_read(self.path, exc) from None

    def report_rows(self, span: Span) -> Generator[tuple[object, ...] | Session, None, None]:
        """Each session of `span`, oldest first, streamed: the columns of its report row
        (`bulk.REPORT_ROW`), or the Session itself where it had to be read in Python."""
        if not there(self.path):
            return
        try:
            with self._reader() as db:
                for row in bulk.report_rows(db, span):
                    if row[1]:
                        yield row[2:]
                        continue
                    session = self._one(db, int(row[0]))  # type: ignore[call-overload]
                    if session is not None:
                        yield session
        except sqlite3.Error as exc:
            raise cannot_read(self.path, exc) from None

    def table_rows(
        self,
        kind: str,
        query: str,
        args: Sequence[object],
        read: Callable[[sqlite3.Row], T],
        skip: Callable[[object, Exception], None] | None = None,
    ) -> list[T]:
        """The rows of a query, each read by `read`, in the query's order; one it cannot read
        is skipped with a warning naming the `kind` of record and its id (or told to `skip`,
        with its id, instead)."""
        if not there(self.path):
            return []
        found = []
        skip = skip or self._skip(kind)
        try:
            with self._reader() as db:
                for row in rows.by_name(db, query, args):
                    try:
                        found.append(read(row))
                    except (TypeError, ValueError, KeyError) as exc:
                        skip(row["id"], exc)
        except sqlite3.Error as exc:
            raise cannot_read(self.path, exc) from None
        return found

    def _one(self, db: sqlite3.Connection, ident: int) -> Session | None:
        """One session read in Python (None: skipped with a warning), running or not."""
        found = rows.session(db, ident, self._skip("session"))
        if found is None:
            return None
        return self._as_it_is(*found)

    def _as_it_is(self, session: Session, pid: object) -> Session:
        """A session stored as running whose run ended without saying how: interrupted."""
        if session.status == "running" and not running(pid, session.started_at, self.now()):
            return replace(session, status="interrupted")
        return session

    def _read(self, query: Callable[[sqlite3.Connection], T]) -> T | None:
        """What a query of the history gives (None when there is no file yet)."""
        if not there(self.path):
            return None
        try:
            with self._reader() as db:
                return query(db)
        except sqlite3.Error as exc:
            raise cannot_read(self.path, exc) from None

    def _each(
        self,
        since: datetime | None,
        until: datetime | None,
        routine: str | None,
        newest_first: bool,
    ) -> Generator[Session, None, None]:
        """The sessions that match, read one at a time (the newest first, or the oldest)."""
        if not there(self.path):
            return
        try:
            with self._reader() as db:
                found = rows.sessions(
                    db, since, until, routine, newest_first, self._skip("session")
                )
                for session, pid in found:
                    yield self._as_it_is(session, pid)
        except sqlite3.Error as exc:
            raise cannot_read(self.path, exc) from None

    def _skip(self, kind: str) -> rows.Skip:
        """What to do with a row that cannot be read back: say so (once, however many times
        it is read), and go on."""

        def skip(row_id: object, error: object) -> None:
            if (kind, row_id) not in self._skipped:
                self._skipped.add((kind, row_id))
                self.warn(f"skipping {kind} {row_id} of the history: {error}")

        return skip

    def _reader(self) -> AbstractContextManager[sqlite3.Connection]:
        """A connection to read with (`connection.reading`)."""
        return reading(self.path, self.connect, self.warn)
