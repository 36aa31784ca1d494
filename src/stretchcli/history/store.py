"""The history of sessions in SQLite: one row per run, written as it starts, goes and ends.

WAL mode, one transaction per change, the schema version in `PRAGMA user_version`, migrated
forward on open. A file that is not a readable database is moved aside (never deleted) and a
fresh one started, so history can never stop a session from running.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files.paths import state_dir
from stretchcli.records import (
    ANSWER_WAIT,
    EndStatus,
    ExerciseResult,
    Outcome,
    Reminder,
    Session,
    Swap,
    Via,
    stored_time,
)

FILENAME = "history.sqlite3"
BUSY_TIMEOUT = 10.0  # seconds to wait for another process's write lock

# SQLite's strftime reads ISO 8601 with an offset and gives UTC; "%f" is seconds.milliseconds.
_UTC_SQL = "strftime('%Y-%m-%dT%H:%M:%f000+00:00', {})"

# MIGRATIONS[n] takes a database from version n to version n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL
            CHECK (status IN ('running', 'completed', 'stopped', 'interrupted')),
        seconds REAL NOT NULL DEFAULT 0,
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        pid INTEGER
    );
    CREATE TABLE session_exercises (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        exercise TEXT NOT NULL,
        status TEXT NOT NULL,
        holds INTEGER NOT NULL,
        done INTEGER NOT NULL,
        PRIMARY KEY (session_id, position)
    );
    CREATE INDEX sessions_started ON sessions (started_at);
    """,
    # Version 2: the options of a run, so that `stretch again` and `--resume` can repeat them.
    """
    ALTER TABLE sessions ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE sessions ADD COLUMN last_exercise TEXT;
    """,
    # Version 3: where a run ended, as a step (the same exercise can come twice in a routine).
    """
    ALTER TABLE sessions ADD COLUMN last_step INTEGER;
    """,
    # Version 4: times in UTC, so that sessions sort right across time zones and daylight
    # saving (local-time text sorted a fall-back hour's sessions wrongly). Unreadable text is
    # left as it was, and skipped with a warning when read.
    f"""
    UPDATE sessions SET started_at = COALESCE({_UTC_SQL.format("started_at")}, started_at);
    UPDATE sessions SET ended_at = COALESCE({_UTC_SQL.format("ended_at")}, ended_at)
        WHERE ended_at IS NOT NULL;
    """,
    # Version 5: the reminders shown (or asked for at the terminal) and how each was answered.
    """
    CREATE TABLE reminders (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        routine TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN
            ('waiting', 'started', 'snoozed', 'skipped', 'no answer', 'shown', 'failed')),
        until TEXT,
        via TEXT NOT NULL CHECK (via IN ('notification', 'command'))
    );
    CREATE INDEX reminders_at ON reminders (at);
    """,
    # Version 6: a stable id per session (export and import match sessions by it, so that
    # two machines' histories merge), a note, and how hard the session felt (0-10).
    """
    ALTER TABLE sessions ADD COLUMN uid TEXT;
    UPDATE sessions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
    CREATE UNIQUE INDEX sessions_uid ON sessions (uid);
    ALTER TABLE sessions ADD COLUMN note TEXT;
    ALTER TABLE sessions ADD COLUMN difficulty INTEGER CHECK (difficulty BETWEEN 0 AND 10);
    """,
    # Version 7: the steps `--avoid` changed (swapped for their alternative, or left out),
    # for the report's completion per exercise.
    """
    ALTER TABLE sessions ADD COLUMN swaps TEXT NOT NULL DEFAULT '[]';
    """,
)
VERSION = len(MIGRATIONS)


def history_path(environ: Mapping[str, str]) -> Path:
    """Where the history database lives (in the state folder)."""
    return state_dir(environ) / FILENAME


class HistoryError(StretchError):
    """The history cannot be written or read at all."""


def migrate(connection: sqlite3.Connection, target: int = VERSION) -> None:
    """Bring the schema to `target`, one version per transaction."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > VERSION:
        raise HistoryError(
            f"the history database is from a newer stretch (schema {version})",
            "upgrade stretch to read it",
        )
    while version < target:
        with connection:
            connection.execute("BEGIN IMMEDIATE")
            # Another process may have migrated while we waited for the lock.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version >= target:
                break
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            version += 1


class History:
    """The session store at `path` (created on first use)."""

    def __init__(
        self,
        path: Path,
        warn: Callable[[str], None],
        now: Callable[[], datetime],
        busy_timeout: float = BUSY_TIMEOUT,
    ) -> None:
        self.path = path
        self.warn = warn
        self.now = now
        self.busy_timeout = busy_timeout

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """An open, migrated connection. A file that SQLite says is not a database (or is
        damaged) is moved aside, never deleted, and a new one started; any other failure
        (a full disk, no permission, a busy lock) is a HistoryError and the file stays."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(
                f"cannot create the history folder {self.path.parent}: {exc.strerror}",
                "check its permissions, or set STRETCH_STATE_DIR to a folder you can write",
            ) from None
        try:
            connection = self._open_or_recover()
        except sqlite3.Error as exc:
            raise _cannot_use(self.path, exc) from None
        with closing(connection):
            yield connection

    def _open_or_recover(self) -> sqlite3.Connection:
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            if not _unreadable(exc):
                raise
            self._recover(exc)
            return self._open()

    def _open(self) -> sqlite3.Connection:
        # Switching to WAL and migrating need locks that SQLite's busy handler does not always
        # wait for (a new file being set up by another process): retry those for a while.
        deadline = time.monotonic() + self.busy_timeout
        while True:
            connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            try:
                connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
                if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA foreign_keys = ON")
                migrate(connection)
                return connection
            except sqlite3.OperationalError as exc:
                connection.close()
                if not _busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
            except BaseException:
                connection.close()
                raise

    def _recover(self, error: sqlite3.DatabaseError) -> None:
        """Move an unreadable database aside, once, whatever other processes do at the same
        time: under a lock, after looking again, to a name that nothing else has."""
        with _locked(self.path.with_name(self.path.name + ".lock")):
            try:  # another process may have recovered it while this one waited for the lock
                self._open().close()
                return
            except sqlite3.DatabaseError as again:
                if not _unreadable(again):
                    raise
            aside = self._reserve_aside_name()
            for suffix in ("", "-wal", "-shm"):
                source = Path(f"{self.path}{suffix}")
                if source.exists():
                    os.replace(source, Path(f"{aside}{suffix}"))
        self.warn(
            f"the history database could not be read ({error}); it was moved to {aside} "
            "and a new one started"
        )

    def _reserve_aside_name(self) -> Path:
        """A new name beside the database, created empty so that no one else takes it."""
        stamp = self.now().strftime("%Y%m%d-%H%M%S")
        for number in range(1, 10_000):
            tail = "" if number == 1 else f"-{number}"
            aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}{tail}")
            try:
                os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                continue
            return aside
        raise HistoryError(f"cannot find a free name to keep {self.path} aside")

    def start(
        self,
        routine: str,
        options: dict[str, object],
        exercises: Sequence[ExerciseResult],
        pain_before: int | None,
        note: str | None = None,
        swaps: Sequence[Swap] = (),
    ) -> int:
        """Write the row of a session that is starting; returns its id."""
        session = Session(
            id=0,
            routine=routine,
            started_at=self.now(),
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
        with self.connect() as db, db:
            db.execute("BEGIN IMMEDIATE")
            return self._insert(db, session, os.getpid())

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
    ) -> None:
        """Write how a session ended."""
        ended_at = stored_time(self.now())
        self._update(
            session_id,
            exercises,
            status=status,
            ended_at=ended_at,
            seconds=seconds,
            last_step=last_step,
        )

    def _update(
        self, session_id: int, exercises: Sequence[ExerciseResult], **columns: object
    ) -> None:
        """Set some columns of a session and its exercises, in one transaction."""
        assignments = ", ".join(f"{name} = ?" for name in columns)  # names are ours, not input
        with self.connect() as db, db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                f"UPDATE sessions SET {assignments} WHERE id = ?", (*columns.values(), session_id)
            )
            self._write_exercises(db, session_id, exercises)

    def set_pain_after(self, session_id: int, pain: int) -> None:
        """Record the pain rating given after the run."""
        with self.connect() as db, db:
            db.execute("UPDATE sessions SET pain_after = ? WHERE id = ?", (pain, session_id))

    def add_sessions(self, sessions: Sequence[Session]) -> None:
        """Store sessions read from an export, in one transaction (all of them or none).
        Their process is not on this machine: one still `running` reads as interrupted."""
        with self.connect() as db, db:
            db.execute("BEGIN IMMEDIATE")
            for session in sessions:
                self._insert(db, session, None)

    def _insert(self, db: sqlite3.Connection, session: Session, pid: int | None) -> int:
        """Add a session's row and its exercises' rows; its id."""
        columns = {**session.columns(), "pid": pid}
        names = ", ".join(columns)  # names are ours, not input
        marks = ", ".join("?" for _ in columns)
        cursor = db.execute(
            f"INSERT INTO sessions ({names}) VALUES ({marks})", tuple(columns.values())
        )
        session_id = int(cursor.lastrowid or 0)
        self._write_exercises(db, session_id, session.exercises)
        return session_id

    def set_difficulty(self, session_id: int, difficulty: int) -> None:
        """Record how hard the session felt (0-10)."""
        with self.connect() as db, db:
            db.execute("UPDATE sessions SET difficulty = ? WHERE id = ?", (difficulty, session_id))

    def set_note(self, session_id: int, note: str) -> bool:
        """Set a session's note (replacing any); whether there is such a session."""
        with self.connect() as db, db:
            cursor = db.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, session_id))
            return cursor.rowcount > 0

    def add_reminder(
        self, routine: str, outcome: Outcome, via: Via, until: datetime | None = None
    ) -> int:
        """Record a reminder (or a snooze or skip given at the terminal) now; its id."""
        columns = Reminder(0, self.now(), routine, outcome, until, via).columns()
        names = ", ".join(columns)  # names are ours, not input
        marks = ", ".join("?" for _ in columns)
        with self.connect() as db, db:
            cursor = db.execute(
                f"INSERT INTO reminders ({names}) VALUES ({marks})", tuple(columns.values())
            )
            return int(cursor.lastrowid or 0)

    def answer_reminder(
        self, reminder_id: int, outcome: Outcome, until: datetime | None = None
    ) -> None:
        """Record how a reminder was answered."""
        with self.connect() as db, db:
            db.execute(
                "UPDATE reminders SET outcome = ?, until = ? WHERE id = ?",
                (outcome, stored_time(until) if until else None, reminder_id),
            )

    def reminders(
        self, since: datetime | None = None, routine: str | None = None
    ) -> list[Reminder]:
        """The reminders from `since` on (of `routine`, when given), oldest first; one still
        `waiting` long after its notification gave up (its process was killed) reads as
        `no answer`."""
        if not self.path.exists():
            return []
        local = self.now().tzinfo
        found = []
        try:
            with self._reader() as db:
                cursor = db.cursor()
                cursor.row_factory = sqlite3.Row
                rows = cursor.execute(
                    "SELECT * FROM reminders"
                    " WHERE at >= ? AND (? IS NULL OR routine = ?) ORDER BY at, id",
                    (stored_time(since) if since else "", routine, routine),
                ).fetchall()
        except sqlite3.Error as exc:
            raise _cannot_read(self.path, exc) from None
        now = self.now()
        for row in rows:
            try:
                reminder = Reminder.from_columns(row, local)
            except (TypeError, ValueError) as exc:
                self.warn(f"skipping reminder {row['id']} of the history: {exc}")
                continue
            stale = (now - reminder.at).total_seconds() > 2 * ANSWER_WAIT
            if reminder.outcome == "waiting" and stale:
                reminder = replace(reminder, outcome="no answer")
            found.append(reminder)
        return found

    @staticmethod
    def _write_exercises(
        db: sqlite3.Connection, session_id: int, exercises: Sequence[ExerciseResult]
    ) -> None:
        db.execute("DELETE FROM session_exercises WHERE session_id = ?", (session_id,))
        db.executemany(
            "INSERT INTO session_exercises (session_id, position, exercise, status, holds, done)"
            " VALUES (:session_id, :position, :exercise, :status, :holds, :done)",
            [
                {"session_id": session_id, "position": i, **e.record()}
                for i, e in enumerate(exercises)
            ],
        )

    def sessions(self, since: datetime | None = None, routine: str | None = None) -> list[Session]:
        """Stored sessions, oldest first, in local time; a `running` row whose process is gone
        reads as `interrupted` (it was killed before it could say so). A row that cannot be
        read back (a bad date, a wrong type) is skipped with a warning."""
        return list(self._each(since, routine, newest_first=False))

    def latest(self) -> Session | None:
        """The newest session (for `stretch again`), or None."""
        return next(self._each(None, None, newest_first=True), None)

    def earliest(self, routine: str | None = None) -> Session | None:
        """The oldest session (of `routine`, when given), or None."""
        return next(self._each(None, routine, newest_first=False), None)

    def last_unfinished(self, routine: str) -> Session | None:
        """The newest session of `routine` if it was stopped or interrupted, else None (a run
        still going in another terminal is passed over)."""
        for session in self._each(None, routine, newest_first=True):
            if session.status != "running":
                return None if session.status == "completed" else session
        return None

    def _each(
        self, since: datetime | None, routine: str | None, newest_first: bool
    ) -> Iterator[Session]:
        """The sessions that match, read one at a time (the newest first, or the oldest)."""
        if not self.path.exists():
            return
        query = "SELECT * FROM sessions WHERE 1 = 1"
        args: list[object] = []
        if since is not None:
            query += " AND started_at >= ?"
            args.append(stored_time(since))
        if routine is not None:
            query += " AND routine = ?"
            args.append(routine)
        order = "DESC" if newest_first else "ASC"
        query += f" ORDER BY started_at {order}, id {order}"
        local = self.now().tzinfo
        try:
            with self._reader() as db:
                db.row_factory = sqlite3.Row
                for row in db.execute(query, args):  # one at a time: `latest` reads one
                    parts = db.execute(
                        "SELECT * FROM session_exercises WHERE session_id = ? ORDER BY position",
                        (row["id"],),
                    ).fetchall()
                    try:
                        session = self._session(row, parts, local)
                    except (TypeError, ValueError, KeyError) as exc:
                        self.warn(f"skipping session {row['id']} of the history: {exc}")
                        continue
                    yield session
        except sqlite3.Error as exc:
            raise _cannot_read(self.path, exc) from None

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A connection to read with: the usual one, or, where the file or its folder cannot
        be written (a read-only disk, a file made by root under sudo), a read-only view."""
        try:
            with self.connect() as db:
                yield db
            return
        except HistoryError:
            if os.access(self.path.parent, os.W_OK) and os.access(self.path, os.W_OK):
                raise
        uri = f"{self.path.absolute().as_uri()}?mode=ro&immutable=1"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != VERSION:
                raise HistoryError(
                    f"cannot read the history database {self.path}: it needs upgrading "
                    f"(schema {version}) and cannot be written",
                    "check the permissions of the file and its folder",
                )
            yield db

    @staticmethod
    def _session(row: sqlite3.Row, parts: list[sqlite3.Row], local: tzinfo | None) -> Session:
        session = Session.from_columns(row, parts, local)
        if session.status == "running" and not _alive(row["pid"], session.started_at):
            session = replace(session, status="interrupted")
        return session


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _unreadable(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file is not a database or is damaged (the only cases in which
    it is moved aside): never for a full disk, an I/O error, a lock or a permission."""
    name = getattr(error, "sqlite_errorname", "")
    if name:
        return name in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
    text = str(error)
    return "not a database" in text or "malformed" in text


def _cannot_read(path: Path, error: sqlite3.Error) -> HistoryError:
    """One line for a database that could be opened but not read (it is left as it is)."""
    return HistoryError(
        f"cannot read the history database {path}: {error}", "the file was left as it is"
    )


def _cannot_use(path: Path, error: sqlite3.Error) -> HistoryError:
    """One line for a database that cannot be used as it is (it is left where it is)."""
    text = str(error)
    if isinstance(error, sqlite3.OperationalError) and _busy(error):
        return HistoryError(f"the history database is busy: {path}", "try again in a moment")
    if "full" in text:
        hint = "free some disk space; the history was kept as it is"
    elif "I/O" in text:
        hint = "the disk may be full or failing; the history was kept as it is"
    elif "readonly" in text or "read-only" in text or "unable to open" in text:
        hint = "check the permissions of the file and its folder, or set STRETCH_STATE_DIR"
    else:
        hint = "the file was left as it is"
    return HistoryError(f"cannot use the history database {path}: {text}", hint)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (created if needed) while the block runs."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _alive(pid: int | None, since: datetime) -> bool:
    """Whether the process that started a session at `since` is still running: its pid is
    in use, by a process that had started by then (not a later one given the same pid)."""
    if not pid or isinstance(pid, bool) or not isinstance(pid, int):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        pass
    started = process_started(pid)
    return started is None or started <= since.timestamp() + PID_SLACK


PID_SLACK = 5.0  # seconds: the clock ticks /proc counts in, and time to open the history


def process_started(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch), where the system says (Linux's
    /proc); None where it cannot be known."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
        with open("/proc/stat", encoding="ascii", errors="replace") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith("btime "))
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22: start time, in ticks
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
