"""The history of sessions in SQLite: one row per run, written as it starts, goes and ends.

WAL mode, one transaction per change, the schema version in `PRAGMA user_version`, migrated
forward on open. A file that is not a readable database is moved aside (never deleted) and a
fresh one started, so history can never stop a session from running.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchcli.errors import StretchError

FILENAME = "history.sqlite3"
BUSY_TIMEOUT_MS = 10_000

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
)
VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class ExerciseRecord:
    """How far one exercise of a session got."""

    exercise: str
    status: str
    holds: int
    done: int


@dataclass(frozen=True)
class Session:
    """One run, as stored."""

    id: int
    routine: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    seconds: float
    pain_before: int | None
    pain_after: int | None
    options: dict[str, object]
    last_step: int | None  # 0-based step of the session where it ended
    exercises: tuple[ExerciseRecord, ...]

    def record(self) -> dict[str, object]:
        """The `history --json` object of the session."""
        return {
            "id": self.id,
            "routine": self.routine,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status,
            "seconds": round(self.seconds, 1),
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "exercises": [
                {"exercise": e.exercise, "status": e.status, "holds": e.holds, "done": e.done}
                for e in self.exercises
            ],
        }


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
        self, path: Path, warn: Callable[[str], None], now: Callable[[], datetime] | None = None
    ) -> None:
        self.path = path
        self.warn = warn
        self.now = now or (lambda: datetime.now().astimezone())

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """An open, migrated connection (the database is moved aside if it is unreadable)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        try:
            connection = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise HistoryError(f"the history database is busy: {self.path}") from None
            self._move_aside(exc)
            connection = self._open()
        with closing(connection):
            yield connection

    def _open(self) -> sqlite3.Connection:
        # Switching to WAL and migrating need locks that SQLite's busy handler does not always
        # wait for (a new file being set up by another process): retry those for a while.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            try:
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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

    def _move_aside(self, error: Exception) -> None:
        stamp = self.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{aside}{suffix}"))
        self.warn(
            f"the history database could not be read ({error}); it was moved to {aside} "
            "and a new one started"
        )

    def start(
        self,
        routine: str,
        options: dict[str, object],
        exercises: Sequence[ExerciseRecord],
        pain_before: int | None,
    ) -> int:
        """Write the row of a session that is starting; returns its id."""
        with self.connect() as db, db:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute(
                "INSERT INTO sessions (routine, started_at, status, pain_before, pid, options)"
                " VALUES (?, ?, 'running', ?, ?, ?)",
                (routine, self.now().isoformat(), pain_before, os.getpid(), json.dumps(options)),
            )
            session_id = int(cursor.lastrowid or 0)
            self._write_exercises(db, session_id, exercises)
            return session_id

    def progress(
        self,
        session_id: int,
        seconds: float,
        exercises: Sequence[ExerciseRecord],
        last_step: int | None,
    ) -> None:
        """Update a running session: time so far and how far each exercise got."""
        self._update(session_id, exercises, seconds=seconds, last_step=last_step)

    def finish(
        self,
        session_id: int,
        status: str,
        seconds: float,
        exercises: Sequence[ExerciseRecord],
        last_step: int | None,
    ) -> None:
        """Write how a session ended."""
        ended_at = self.now().isoformat()
        self._update(
            session_id,
            exercises,
            status=status,
            ended_at=ended_at,
            seconds=seconds,
            last_step=last_step,
        )

    def _update(
        self, session_id: int, exercises: Sequence[ExerciseRecord], **columns: object
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

    @staticmethod
    def _write_exercises(
        db: sqlite3.Connection, session_id: int, exercises: Sequence[ExerciseRecord]
    ) -> None:
        db.execute("DELETE FROM session_exercises WHERE session_id = ?", (session_id,))
        db.executemany(
            "INSERT INTO session_exercises (session_id, position, exercise, status, holds, done)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (session_id, i, e.exercise, e.status, e.holds, e.done)
                for i, e in enumerate(exercises)
            ],
        )

    def sessions(self, since: datetime | None = None, routine: str | None = None) -> list[Session]:
        """Stored sessions, oldest first; a `running` row whose process is gone reads as
        `interrupted` (it was killed before it could say so)."""
        if not self.path.exists():
            return []
        query = "SELECT * FROM sessions WHERE 1 = 1"
        args: list[object] = []
        if since is not None:
            query += " AND started_at >= ?"
            args.append(since.isoformat())
        if routine is not None:
            query += " AND routine = ?"
            args.append(routine)
        with self.connect() as db:
            db.row_factory = sqlite3.Row
            rows = db.execute(query + " ORDER BY started_at, id", args).fetchall()
            parts: dict[int, list[ExerciseRecord]] = {}
            for part in db.execute("SELECT * FROM session_exercises ORDER BY session_id, position"):
                parts.setdefault(part["session_id"], []).append(
                    ExerciseRecord(part["exercise"], part["status"], part["holds"], part["done"])
                )
        return [self._session(row, parts.get(row["id"], [])) for row in rows]

    def _session(self, row: sqlite3.Row, exercises: list[ExerciseRecord]) -> Session:
        status = row["status"]
        if status == "running" and not _alive(row["pid"]):
            status = "interrupted"
        return Session(
            id=row["id"],
            routine=row["routine"],
            started_at=datetime.fromisoformat(row["started_at"]),
            ended_at=datetime.fromisoformat(row["ended_at"]) if row["ended_at"] else None,
            status=status,
            seconds=row["seconds"],
            pain_before=row["pain_before"],
            pain_after=row["pain_after"],
            options=json.loads(row["options"] or "{}"),
            last_step=row["last_step"],
            exercises=tuple(exercises),
        )


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
