"""An import into a history with no session yet (a new machine, a restore): the sessions'
indexes are built once, after the rows, instead of kept up row by row, which was about half
of SQLite's time for a million sessions (the uids' random order puts each row anywhere in
its index). Both are dropped and built in the import's own transaction, so a failed or
killed import leaves them as they were."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence

# The indexes of the sessions' table (schema.py); the exercises' key stays, filled in order.
_SET_ASIDE = ("sessions_started", "sessions_uid")


def set_aside(db: sqlite3.Connection) -> tuple[str, ...]:
    """Where the history has no session, drop the sessions' indexes and give the SQL that
    makes them again (for `build`); () where it has one (they are looked up by uid then)."""
    if db.execute("SELECT 1 FROM sessions LIMIT 1").fetchone() is not None:
        return ()
    marks = ", ".join("?" for _ in _SET_ASIDE)
    found = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
        _SET_ASIDE,
    ).fetchall()
    for name, _ in found:
        db.execute(f'DROP INDEX "{name}"')
    return tuple(str(sql) for _, sql in found)


def build(
    db: sqlite3.Connection,
    made: Sequence[str],
    line_of: Callable[[int], int],
    problem: Callable[[str], None],
) -> bool:
    """Make the indexes of `made` again. Two rows of one uid (two lines of one session, in
    batches apart: nothing was looked up) are a bad line each, told to `problem` with both
    lines (`line_of` a row's id); then the import is rolled back. Whether any was found."""
    try:
        for sql in made:
            db.execute(sql)
    except sqlite3.IntegrityError:
        found = db.execute(
            "SELECT s.uid, f.first, s.id FROM sessions s JOIN ("
            " SELECT uid, min(id) AS first FROM sessions GROUP BY uid HAVING count(*) > 1"
            ") f ON f.uid = s.uid WHERE s.id > f.first ORDER BY s.id"
        ).fetchall()
        for uid, first, other in found:
            problem(f"{line_of(other)}: session {uid} is also on line {line_of(first)}")
        return bool(found)
    return False


def by_line(problem: str) -> int:
    """The line a bad line's text ('LINE: ...', 'LINE:COLUMN: ...') names, to sort by."""
    found = re.match(r"\d+", problem)
    return int(found.group()) if found else 0
