"""The records in the history's tables: sessions and their exercises, reminders. The SQL is
here; what goes in each column and comes back out of it is the records' own (`records.py`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime

from stretchcli.records import ExerciseResult, Reminder, Session, stored_time

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
    for row in _rows(db, query, args):  # one at a time: `latest` reads one
        parts = _rows(
            db,
            "SELECT * FROM session_exercises WHERE session_id = ? ORDER BY position",
            [row["id"]],
        ).fetchall()
        try:
            session = Session.from_columns(row, parts)
        except (TypeError, ValueError, KeyError) as exc:
            skip(row["id"], exc)
            continue
        yield session, row["pid"]


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
    for row in _rows(db, query, [start, end, end, routine, routine]):
        try:
            found.append(Reminder.from_columns(row))
        except (TypeError, ValueError) as exc:
            skip(row["id"], exc)
    return found


def _rows(db: sqlite3.Connection, query: str, args: Sequence[object]) -> sqlite3.Cursor:
    """A query's rows, each by column name."""
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(query, args)
