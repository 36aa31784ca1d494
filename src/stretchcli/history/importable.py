"""Which stored sessions an import surely takes, decided in SQL for a million rows: what
`history export` writes, `history import` takes (a history changed by hand, or by an older
stretch, can hold values no run writes).

The condition is narrower than the import's checks, never wider: a session it vouches for is
one the import takes; every other one is asked of the import's own checks in Python
(`transfer.refusal`), which have the last word. The texts a history holds few of (routines,
exercises and their statuses, options) are each read by the import's own readers once; the
numbers and times are compared with the import's bounds (`exported.py`) in SQL.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from stretchcli import exported
from stretchcli.columns import stored_time
from stretchcli.exported import (
    MAX_HOLDS,
    MAX_SESSION_SECONDS,
    MAX_STEPS,
    NOTE_CHARACTERS,
    SWAP_KEYS,
)
from stretchcli.moments import AHEAD, EARLIEST
from stretchcli.records import EXERCISE_STATUSES, Swap

_HEX = "0123456789abcdef"
_MOST = 1000  # distinct texts of a kind read once; a session with any other is read alone
# A note of printable ASCII (`exported.note`: printable, no space at either end).
_PLAIN_NOTE = (
    f"(typeof(s.note) = 'text' AND length(s.note) BETWEEN 1 AND {NOTE_CHARACTERS}"
    " AND NOT s.note GLOB '*[^ -~]*' AND NOT s.note GLOB ' *' AND NOT s.note GLOB '* ')"
)


def _rating(column: str) -> str:
    return f"({column} IS NULL OR {column} BETWEEN 0 AND 10)"


def _listed(values: list[str]) -> str:
    """SQL: the texts `values` as a list to look a value up in (any text, safely quoted)."""
    return "(SELECT value FROM json_each('" + json.dumps(values).replace("'", "''") + "'))"


def _taken(read: object, value: object) -> bool:
    """Whether the import's reader `read` takes `value`."""
    try:
        read(value)  # type: ignore[operator]
    except (exported.Refused, ValueError, TypeError):
        return False
    return True


def _options(text: object) -> bool:
    from stretchcli.history.export_file import NotASession, parse  # its JSON: a key once

    try:
        return isinstance(text, str) and _taken(exported.options, parse(0, text))
    except NotASession:
        return False


def _swaps(text: object) -> bool:
    """Whether stored swaps are written out as swaps the import takes (SQL writes out each
    swap's three keys: here only swaps of exactly those)."""
    from stretchcli.history.export_file import NotASession, parse

    try:
        found = parse(0, text) if isinstance(text, str) else None
    except NotASession:
        return False
    return (
        isinstance(found, list)
        and all(isinstance(swap, dict) and swap.keys() == set(SWAP_KEYS) for swap in found)
        and _taken(exported.items(Swap.from_record), found)
    )


def _most(db: sqlite3.Connection, query: str) -> list[object]:
    return [row[0] for row in db.execute(query + f" LIMIT {_MOST}")]


def vouched(db: sqlite3.Connection, now: datetime) -> str:
    """SQL, for a row `s` of sessions that `bulk.RENDERABLE` renders: whether an import at
    `now` surely takes its exported line (times from 2000 to a day ahead of `now`)."""
    earliest, latest = stored_time(EARLIEST), stored_time(now + AHEAD)  # our own text
    routines = _most(db, "SELECT DISTINCT routine FROM sessions")
    options = _most(db, "SELECT DISTINCT options FROM sessions")
    swaps = _most(db, "SELECT DISTINCT swaps FROM sessions")
    exercises = _most(db, "SELECT DISTINCT exercise FROM session_exercises")
    exercise_ok = [e for e in exercises if isinstance(e, str) and _taken(exported.EXERCISE, e)]
    doubtful_steps = [
        ident
        for (ident,) in db.execute(
            f"""SELECT DISTINCT session_id FROM session_exercises e WHERE NOT coalesce(
                typeof(e.holds) = 'integer' AND typeof(e.done) = 'integer'
                AND 0 <= e.done AND e.done <= e.holds AND e.holds <= {MAX_HOLDS}
                AND e.status IN {_listed(list(EXERCISE_STATUSES))}
                AND e.exercise IN {_listed(exercise_ok)}, 0)
            UNION SELECT session_id FROM session_exercises
                GROUP BY session_id HAVING count(*) > {MAX_STEPS}"""
            if len(exercises) < _MOST
            else "SELECT DISTINCT session_id FROM session_exercises"
        )
    ]
    routine_ok = [r for r in routines if isinstance(r, str) and _taken(exported.ROUTINE, r)]
    options_ok = [o for o in options if isinstance(o, str) and _options(o)]
    swaps_ok = [w for w in swaps if isinstance(w, str) and _swaps(w)]
    return f"""(
        typeof(s.uid) = 'text' AND length(s.uid) = 32 AND ltrim(s.uid, '{_HEX}') = ''
        AND s.routine IN {_listed(routine_ok)}
        AND s.seconds BETWEEN 0 AND {MAX_SESSION_SECONDS}
        AND {_rating("s.pain_before")} AND {_rating("s.pain_after")}
        AND {_rating("s.difficulty")}
        AND (s.last_step IS NULL OR s.last_step BETWEEN 0 AND {MAX_STEPS - 1})
        AND (s.note IS NULL OR {_PLAIN_NOTE})
        AND s.options IN {_listed(options_ok)}
        AND s.swaps IN {_listed(swaps_ok)}
        AND s.started_at BETWEEN '{earliest}' AND '{latest}'
        AND (s.ended_at IS NULL AND s.status = 'interrupted'
            OR s.ended_at BETWEEN s.started_at AND '{latest}')
        AND s.id NOT IN (SELECT value FROM json_each('{json.dumps(doubtful_steps)}'))
    )"""
