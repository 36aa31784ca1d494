"""The records in the history's tables: sessions and their exercises, reminders. The SQL is
here; what goes in each column and comes back out of it is the records' own (`records.py`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from stretchcli.columns import stored_time
from stretchcli.history import damage
from stretchcli.history.schema import TABLES
from stretchcli.records import SESSION_COLUMNS, ExerciseResult, Reminder, Session

Table = str  # "sessions" or "reminders": names are ours, never input
Skip = Callable[[object, Exception], None]  # told the id of a row that cannot be read back


def insert(db: sqlite3.Connection, table: Table, columns: Mapping[str, object]) -> int:
    """Add a row; its id."""
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    cursor = db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(columns.values()))
    return int(cursor.lastrowid or 0)


def update(
    db: sqlite3.Connection, table: Table, row_id: int, columns: Mapping[str, object]
) -> bool:
    """Set some columns of a row; whether there is such a row."""
    assignments = ", ".join(f"{name} = ?" for name in columns)
    cursor = db.execute(
        f"UPDATE {table} SET {assignments} WHERE id = ?", (*columns.values(), row_id)
    )
    return cursor.rowcount > 0


def insert_session(db: sqlite3.Connection, session: Session, pid: int | None) -> int:
    """Add a session's row (with the process that runs it, if any) and its exercises' rows;
    its id."""
    session_id = insert(db, "sessions", {**session.columns(), "pid": pid})
    write_exercises(db, session_id, session.exercises)
    return session_id


def write_exercises(
    db: sqlite3.Connection, session_id: int, exercises: Sequence[ExerciseResult]
) -> None:
    """Replace the rows of a session's exercises, in order."""
    db.execute("DELETE FROM session_exercises WHERE session_id = ?", (session_id,))
    db.executemany(
        "INSERT INTO session_exercises (session_id, position, exercise, status, holds, done)"
        " VALUES (:session_id, :position, :exercise, :status, :holds, :done)",
        [{"session_id": session_id, "position": i, **e.record()} for i, e in enumerate(exercises)],
    )


def sessions(
    db: sqlite3.Connection,
    since: datetime | None,
    until: datetime | None,
    routine: str | None,
    newest_first: bool,
    skip: Skip,
) -> Iterator[tuple[Session, object]]:
    """The sessions that match, each with the pid stored with it, read one at a time (the
    newest first, or the oldest), in local time; a row that cannot be read is skipped."""
    query = "SELECT * FROM sessions WHERE 1 = 1"
    args: list[object] = []
    if since is not None:
        query += " AND started_at >= ?"
        args.append(stored_time(since))
    if until is not None:
        query += " AND started_at <= ?"
        args.append(stored_time(until))
    if routine is not None:
        query += " AND routine = ?"
        args.append(routine)
    order = "DESC" if newest_first else "ASC"
    query += f" ORDER BY started_at {order}, id {order}"
    for row in by_name(db, query, args):  # one at a time: `latest` reads one
        found = _session(db, row, skip)
        if found is not None:
            yield found


def session(db: sqlite3.Connection, ident: int, skip: Skip) -> tuple[Session, object] | None:
    """The session with the row id `ident` and the pid stored with it, in local time; None
    when there is none, or it cannot be read (skipped)."""
    row = by_name(db, "SELECT * FROM sessions WHERE id = ?", [ident]).fetchone()
    return None if row is None else _session(db, row, skip)


def _session(db: sqlite3.Connection, row: sqlite3.Row, skip: Skip) -> tuple[Session, object] | None:
    parts = by_name(
        db, "SELECT * FROM session_exercises WHERE session_id = ? ORDER BY position", [row["id"]]
    ).fetchall()
    try:
        return Session.from_columns(row, parts), row["pid"]
    except (TypeError, ValueError, KeyError) as exc:
        skip(row["id"], damage.named("sessions", row, parts, exc))  # the column at fault
        return None


def last_session_id(db: sqlite3.Connection) -> int:
    """The largest session id so far (0 for none)."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM sessions").fetchone()[0])


def drop_left_over_rows(db: sqlite3.Connection, after: int) -> None:
    """Remove the exercise rows of sessions after the id `after`, which do not exist: left
    by a session deleted by hand with foreign keys off (the sqlite3 shell's default), they
    would stand in the way of the next session given its id (attack 19, H2: every import
    failed on a UNIQUE constraint). A range of the primary key: cheap where there are none."""
    db.execute("DELETE FROM session_exercises WHERE session_id > ?", (after,))


def ids_after(db: sqlite3.Connection, after: int) -> list[tuple[int, object]]:
    """The id of each session after the id `after`, with the pid of the run that wrote it
    (None for one read from an export or a sync folder), in order."""
    query = "SELECT id, pid FROM sessions WHERE id > ? ORDER BY id"
    return [(int(ident), pid) for ident, pid in db.execute(query, (after,))]


# The columns a stored session is compared by (`comparable`): every one a record has but its
# uid (looked up by) and what only this machine knows (its id, the pid of its run).
_COMPARED = tuple(
    name for name in TABLES["sessions"] if name not in ("id", "uid", "pid", "last_exercise")
)
# A stored session as `comparable` has it, for the sessions with the uids given as JSON.
_COMPARABLE = f"""
    SELECT s.uid, s.id, {", ".join("s." + name for name in _COMPARED)}, (
            SELECT json_group_array(json_array(e.exercise, e.status, e.holds, e.done))
            FROM session_exercises e WHERE e.session_id = s.id
        )
    FROM sessions s WHERE s.uid IN (SELECT value FROM json_each(?))
"""


def by_uid(
    db: sqlite3.Connection, uids: Sequence[str]
) -> dict[str, tuple[int, tuple[object, ...]]]:
    """The stored sessions that have these uids: each one's id, and its row as `comparable`
    gives a session's."""
    found = db.execute(_COMPARABLE, [json.dumps(list(uids))])
    return {str(row[0]): (int(row[1]), tuple(row[2:])) for row in found}


_COMPARED_AT = tuple(SESSION_COLUMNS.index(name) for name in _COMPARED)
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
Exercise = tuple[str, str, int, int]  # an exercise's row: exercise, status, holds, done


def comparable(columns: Sequence[object], exercises: Sequence[Exercise]) -> tuple[object, ...]:
    """What a session's stored row would hold, from its columns (in the order of
    SESSION_COLUMNS) and its exercises' rows (a stored row the same as this is the same
    session, as a record; one that differs is compared as a record, in Python)."""
    return (*(columns[at] for at in _COMPARED_AT), _COMPACT(exercises))


def exercise_rows(session: Session) -> list[Exercise]:
    """The rows of a session's exercises, in order, without the session's id and places."""
    return [(e.exercise, e.status, e.holds, e.done) for e in session.exercises]


def forget_known(db: sqlite3.Connection) -> None:
    """Start an import's list of the known sessions it has seen (a table of this
    connection's own, on disk: a million uids are not held in memory)."""
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS imported_known"
        " (uid TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.execute("DELETE FROM temp.imported_known")


def known_before(db: sqlite3.Connection, lines: Sequence[tuple[str, int]]) -> dict[str, int]:
    """Of these (uid, line) of known sessions, those this import saw on an earlier line, with
    that line; the others are noted."""
    uids = json.dumps([uid for uid, _ in lines])
    query = (
        "SELECT uid, line FROM temp.imported_known WHERE uid IN (SELECT value FROM json_each(?))"
    )
    earlier = {str(uid): int(line) for uid, line in db.execute(query, [uids])}
    db.executemany(
        "INSERT INTO temp.imported_known (uid, line) VALUES (?, ?)",
        [(uid, line) for uid, line in lines if uid not in earlier],
    )
    return earlier


@dataclass(frozen=True)
class NewRows:
    """The rows that add sessions from elsewhere (no process of this machine runs them), with
    the ids given, and their exercises' rows: made first, then written (`insert`)."""

    sessions: Sequence[tuple[object, ...]]  # the id, then SESSION_COLUMNS
    exercises: Sequence[tuple[object, ...]]

    @staticmethod
    def of(sessions: Sequence[tuple[int, Sequence[object], Sequence[Exercise]]]) -> NewRows:
        """The rows of these (id, columns in the order of SESSION_COLUMNS, exercises' rows)."""
        return NewRows(
            [(ident, *columns) for ident, columns, _ in sessions],
            [
                (ident, position, *exercise)
                for ident, _, exercises in sessions
                for position, exercise in enumerate(exercises)
            ],
        )

    def insert(self, db: sqlite3.Connection) -> None:
        """Write them."""
        if not self.sessions:
            return
        db.executemany(_INSERT_SESSION, self.sessions)
        db.executemany(
            "INSERT INTO session_exercises (session_id, position, exercise, status, holds, done)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            self.exercises,
        )


_INSERT_SESSION = (
    f"INSERT INTO sessions (id, {', '.join(SESSION_COLUMNS)})"
    f" VALUES (?, {', '.join('?' for _ in SESSION_COLUMNS)})"
)


def session_by_uid(db: sqlite3.Connection, uid: str) -> tuple[Session, object] | None:
    """The session with this stable id and the pid stored with it, in local time; None if
    there is none (a ValueError, TypeError or KeyError for a row that cannot be read)."""
    row = by_name(db, "SELECT * FROM sessions WHERE uid = ?", [uid]).fetchone()
    if row is None:
        return None
    parts = by_name(
        db, "SELECT * FROM session_exercises WHERE session_id = ? ORDER BY position", [row["id"]]
    ).fetchall()
    return Session.from_columns(row, parts), row["pid"]


def replace_session(db: sqlite3.Connection, session_id: int, session: Session) -> None:
    """Write `session` over the row `session_id` and its exercises (no process runs it)."""
    update(db, "sessions", session_id, {**session.columns(), "pid": None})
    write_exercises(db, session_id, session.exercises)


def reminders(
    db: sqlite3.Connection,
    since: datetime | None,
    until: datetime | None,
    routine: str | None,
    skip: Skip,
) -> list[Reminder]:
    """The reminders from `since` on (up to `until`; of `routine`, when given), oldest
    first, in local time; a row that cannot be read is skipped."""
    found = []
    query = (
        "SELECT * FROM reminders WHERE at >= ? AND (? IS NULL OR at <= ?)"
        " AND (? IS NULL OR routine = ?) ORDER BY at, id"
    )
    start = stored_time(since) if since else ""
    end = stored_time(until) if until else None
    for row in by_name(db, query, [start, end, end, routine, routine]):
        try:
            found.append(Reminder.from_columns(row))
        except (TypeError, ValueError) as exc:
            skip(row["id"], damage.named("reminders", row, [], exc))
    return found


def by_name(db: sqlite3.Connection, query: str, args: Sequence[object]) -> sqlite3.Cursor:
    """A query's rows, each by column name (the one way every table of the history is read
    row by row)."""
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(query, args)
