"""Many sessions at once, in SQL: each local day's sessions summed up, the reminders counted,
and each session's record (or report row) rendered by SQLite (each exercise's tally is in
`tallies.py`),
so that a history of a million sessions is read in seconds and in little memory. Nothing
here makes a Python object per session.

Every query's sessions are chosen by a `Span` (a first local day, a last moment, a routine).
A session is rendered here only when its stored row is one that `Session.from_columns`
reads (`RENDERABLE`: its checks in SQL, but for its exercises' rows, which only `write_
exercises` writes, checked) and it is not `running` (whether its process is still there is
asked in Python); any other row comes back as its id, for `store.py` to read the slow way
(or skip with a warning). A row rendered here and one read in Python give the same JSON
(tests/test_bulk.py).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from stretchcli.columns import local_time, stored_time
from stretchcli.exported import MAX_SESSION_SECONDS
from stretchcli.history import local
from stretchcli.moments import day_start
from stretchcli.records import SESSION_STATUSES, Day, Sum


def _sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"  # our own words, no quotes


ENDED = _sql_list(("completed", "stopped", "interrupted"))
# What `Swap.from_record` refuses, for one element `w` of a session's swaps.
_BAD_SWAP = """(
    w.type IS NOT 'object'
    OR json_type(w.value, '$.exercise') IS NOT 'text'
    OR coalesce(json_type(w.value, '$.instead'), 'null') NOT IN ('text', 'null')
    OR json_type(w.value, '$.avoided') IS NOT 'array'
    OR EXISTS (SELECT 1 FROM json_each(w.value, '$.avoided') a WHERE a.type IS NOT 'text')
)"""


def _rating(column: str) -> str:
    return f"({column} IS NULL OR typeof({column}) = 'integer' AND {column} BETWEEN 0 AND 10)"


# The values of a stored session row that every sum, tally and report row reads, as
# `Session.from_columns` reads them: a row with any other is left out of them all (and read
# in Python where sessions are listed, to be skipped there with a warning naming why).
# (`char(123, 125)` is '{}' without braces, which `str.format` of a query would take; a
# JSON function is asked only under CASE: SQLite may work out both sides of an AND.)
SOUND = f"""(
    s.status IN {_sql_list(SESSION_STATUSES)}
    AND typeof(s.routine) = 'text'
    AND typeof(s.uid) IN ('text', 'null')
    AND typeof(s.note) IN ('text', 'null')
    AND typeof(s.seconds) IN ('integer', 'real') AND s.seconds BETWEEN 0 AND {MAX_SESSION_SECONDS}
    AND {_rating("s.pain_before")} AND {_rating("s.pain_after")} AND {_rating("s.difficulty")}
    AND typeof(s.last_step) IN ('integer', 'null')
    AND (s.options IN ('', char(123, 125)) OR typeof(s.options) = 'text'
        AND CASE WHEN json_valid(s.options) THEN json_type(s.options) = 'object' ELSE 0 END)
    AND (s.swaps IN ('', '[]') OR typeof(s.swaps) = 'text'
        AND CASE WHEN json_valid(s.swaps) THEN json_type(s.swaps) = 'array'
            AND NOT EXISTS (SELECT 1 FROM json_each(s.swaps) w WHERE {_BAD_SWAP}) ELSE 0 END)
)"""
# A stored session row that `Session.from_columns` reads back, and that is not running.
RENDERABLE = f"""(
    s.status IN {ENDED}
    AND {SOUND}
    AND {local.readable("s.started_at")}
    AND (s.ended_at IS NULL OR {local.readable("s.ended_at")})
    AND instr(s.swaps, '\\u0000') = 0  -- swaps with a NUL in them are written out in Python
)"""
# An exercise done in full (`ExerciseResult.in_full`): done, or said to hurt once done.
IN_FULL = "(e.status = 'done' OR e.status = 'hurt' AND e.done = e.holds AND e.holds > 0)"
# A session counts (`Session.counts`): it completed, or finished at least one exercise.
# (CASE, not OR: SQLite then looks for an exercise done only when the session did not complete.)
COUNTS = f"""(CASE WHEN s.status = 'completed' THEN 1 ELSE EXISTS (
    SELECT 1 FROM session_exercises e WHERE e.session_id = s.id AND {IN_FULL}) END)"""
# A session run with only some of its routine's steps (`run_changes` says so): its options
# name steps in `only` or `skip` (most sessions' options name neither: no JSON is read).
CHOSEN = """(CASE WHEN (instr(s.options, '"only"') OR instr(s.options, '"skip"'))
    AND json_valid(s.options) AND json_type(s.options) = 'object'
    THEN coalesce(json_array_length(s.options, '$.only'), 0)
        + coalesce(json_array_length(s.options, '$.skip'), 0) > 0
    ELSE 0 END)"""
# In the order of their places: the primary key's index, which the lookup walks, is in that
# order (tests/test_bulk.py writes the places backwards to see it).
_EXERCISES = """(
    SELECT json_group_array(json_object(
        'exercise', e.exercise, 'status', e.status, 'holds', e.holds, 'done', e.done))
    FROM session_exercises e WHERE e.session_id = s.id
)"""
_SWAPS = """CASE WHEN s.swaps = '[]' THEN json_array() ELSE (
    SELECT json_group_array(json_object(
        'exercise', json_extract(w.value, '$.exercise'),
        'instead', json_extract(w.value, '$.instead'),
        'avoided', json_extract(w.value, '$.avoided')))
    FROM json_each(s.swaps) w
) END"""
# `Session.record()`, key for key; `exported()` is the same without the id, with two more.
_RECORD = f"""
    {"'id', s.id,"}
    'uid', coalesce(s.uid, ''),
    'routine', s.routine,
    'started_at', {local.text("s.started_at")},
    'ended_at', CASE WHEN s.ended_at IS NULL THEN NULL ELSE {local.text("s.ended_at")} END,
    'status', s.status,
    'seconds', {local.rounded("s.seconds", 1)},
    'pain_before', s.pain_before,
    'pain_after', s.pain_after,
    'difficulty', s.difficulty,
    'note', s.note,
    'exercises', json({_EXERCISES}),
    'swaps', json({_SWAPS})
"""
_EXPORTED = (
    _RECORD.replace("'id', s.id,", "") + ", 'options', json(s.options), 'last_step', s.last_step"
)


@dataclass(frozen=True)
class Span:
    """Which rows: started at the first moment of the local day `since` or later (as
    `history`'s list and every other bound of the day: `moments.day_start`), at the moment
    `until` or before, of `routine` (each one None for any)."""

    since: date | None = None
    until: datetime | None = None
    routine: str | None = None

    def where(self, column: str = "s.started_at", routine: str = "s.routine") -> str:
        """The SQL condition, with named parameters (see `args`)."""
        clauses = ["1 = 1"]
        if self.since is not None:
            clauses.append(f"{column} >= :since")
        if self.until is not None:
            clauses.append(f"{column} <= :until")
        if self.routine is not None:
            clauses.append(f"{routine} = :routine")
        return " AND ".join(clauses)

    def args(self) -> dict[str, object]:
        """The parameters of `where`."""
        args: dict[str, object] = {}
        if self.since is not None:
            args["since"] = stored_time(day_start(self.since))
        if self.until is not None:
            args["until"] = stored_time(self.until)
        if self.routine is not None:
            args["routine"] = self.routine
        return args


def days(db: sqlite3.Connection, span: Span, outside: bool = False) -> tuple[list[Day], int, int]:
    """Each local day's sessions summed up, oldest first; and how many sessions were left
    out because their start cannot be read as a time (with `outside`, also those whose
    start is no time at all, outside any period: a report says so, where nothing else
    would), and because another of their values cannot be read (not `SOUND`)."""
    local.fresh()
    query = f"""
        SELECT day, count(*), total(counts), total(status = 'completed'),
            total(seconds), total(CASE WHEN counts THEN seconds END),
            total(pain_before), count(pain_before), total(pain_after), count(pain_after),
            total(pain_after - pain_before), count(pain_after - pain_before),
            total(difficulty), count(difficulty), total(chosen)
        FROM (
            SELECT CASE WHEN {SOUND} THEN {local.day("s.started_at")} ELSE '!' END AS day,
                {COUNTS} AS counts, s.status,
                s.seconds, s.pain_before, s.pain_after, s.difficulty, {CHOSEN} AS chosen
            FROM sessions s WHERE {span.where()}
        )
        GROUP BY day ORDER BY day
    """
    found, unreadable, unsound = [], 0, 0
    for row in db.execute(query, span.args()):
        if row[0] is None or row[0] == "!":
            unreadable, unsound = (row[1], unsound) if row[0] is None else (unreadable, row[1])
            continue
        found.append(
            Day(
                day=date.fromisoformat(row[0]),
                sessions=row[1],
                counted=int(row[2]),
                completed=int(row[3]),
                seconds=row[4],
                counted_seconds=row[5],
                pain_before=Sum(row[6], row[7]),
                pain_after=Sum(row[8], row[9]),
                change=Sum(row[10], row[11]),
                difficulty=Sum(row[12], row[13]),
                chosen=int(row[14]),
            )
        )
    if outside:
        unreadable += len(unreadable_outside(db, span))
    return found, unreadable, unsound


def unreadable_starts(db: sqlite3.Connection, span: Span, outside: bool = False) -> list[int]:
    """The ids of the sessions `days` leaves out because their start cannot be read (with
    `outside`, as it has it)."""
    query = f"""SELECT s.id FROM sessions s WHERE {span.where()} AND {SOUND}
        AND {local.day("s.started_at")} IS NULL ORDER BY s.id"""
    found = [int(ident) for (ident,) in db.execute(query, span.args())]
    return found + (unreadable_outside(db, span) if outside else [])


def unreadable_outside(db: sqlite3.Connection, span: Span) -> list[int]:
    """The ids of the sessions outside `span` whose start cannot be read, wherever its text
    sorts (a word, a number, a date without its time): no period meets them, and a report
    says so, where nothing else would. The rows outside it are scanned for starts not as a
    run writes them (about 0.7 s for a million), and each of those asked of Python's reader
    (a time without its microseconds is one)."""
    args = span.args()
    apart = " OR ".join(
        clause
        for clause, bound in (
            ("s.started_at < :since", "since"),
            ("s.started_at > :until", "until"),
        )
        if bound in args
    )
    if not apart:
        return []
    query = f"""SELECT s.id, s.started_at FROM sessions s WHERE ({apart})
        AND NOT {local.readable("s.started_at")}
        AND (:routine IS NULL OR s.routine = :routine)"""
    rows = db.execute(query, {"routine": None, **args})
    return [int(ident) for ident, start in rows if not _readable(start)]


def _readable(start: object) -> bool:
    """Whether Python reads a stored start as a time, as a session's row is read (one that
    every zone can show: years 2 to 9998, as `local.readable` has it)."""
    try:
        local_time(start)
    except ValueError:
        return False
    return True


def unsound(db: sqlite3.Connection, span: Span) -> list[int]:
    """The ids of the span's sessions that are not `SOUND` (left out of every sum)."""
    query = f"SELECT s.id FROM sessions s WHERE {span.where()} AND NOT {SOUND} ORDER BY s.id"
    return [int(ident) for (ident,) in db.execute(query, span.args())]


def reminder_counts(
    db: sqlite3.Connection, span: Span, stale_before: datetime
) -> Counter[tuple[str, str]]:
    """The span's reminders counted by (how they were given, outcome); one still `waiting`
    from before `stale_before` counts as `no answer` (its process was killed)."""
    local.fresh()
    query = f"""
        SELECT via, CASE WHEN outcome = 'waiting' AND at < :stale THEN 'no answer'
            ELSE outcome END AS answer, count(*)
        FROM reminders r WHERE {span.where("r.at", "r.routine")} GROUP BY via, answer
    """
    args = {**span.args(), "stale": stored_time(stale_before)}
    return Counter({(str(via), str(answer)): n for via, answer, n in db.execute(query, args)})


def routines(db: sqlite3.Connection) -> set[str]:
    """The routine of every session and reminder (a routine deleted since is one of them)."""
    query = "SELECT routine FROM sessions UNION SELECT routine FROM reminders"
    return {str(routine) for (routine,) in db.execute(query)}


def routine_counts(db: sqlite3.Connection, span: Span) -> list[tuple[str, int]]:
    """The span's sessions counted by routine, the most done first (then by id)."""
    local.fresh()
    query = f"""
        SELECT s.routine, count(*) AS n FROM sessions s WHERE {span.where()} AND {SOUND}
        GROUP BY s.routine ORDER BY n DESC, s.routine
    """
    return [(str(routine), int(n)) for routine, n in db.execute(query, span.args())]


def records(
    db: sqlite3.Connection, span: Span, exported: bool = False, also: str = "1"
) -> Iterator[tuple[int, str | None, int | None]]:
    """Each session of the span, oldest first: its id, its record as compact JSON
    (`Session.record()`, or `exported()`) or None for a row to read in Python, and
    whether the SQL condition `also` holds for it (1; 0 or None if not). An exercise row
    changed by hand to hold what SQLite's JSON refuses (bytes, an infinite number: each
    row is not checked, as no run writes one) stops the query: the next session is then
    given to be read in Python, and the rest go on after it."""
    local.fresh()
    fields = _EXPORTED if exported else _RECORD
    after = f"{span.where()} AND (NOT :resumed OR {_AFTER}) ORDER BY s.started_at, s.id"
    query = f"""
        SELECT s.id, CASE WHEN {RENDERABLE} THEN json_object({fields}) END, {also},
            s.started_at
        FROM sessions s WHERE {after}
    """
    args = {**span.args(), "resumed": 0, "at": None, "id": None}
    while True:
        try:
            for ident, text, held, started in db.execute(query, args):
                yield ident, text, held
                args.update(resumed=1, at=started, id=ident)
            return
        except sqlite3.OperationalError as exc:
            if "JSON" not in str(exc):  # JSON cannot hold BLOB values; malformed JSON
                raise
        found = db.execute(f"SELECT s.id, s.started_at FROM sessions s WHERE {after}", args)
        for ident, started in itertools.islice(found, 1):
            yield ident, None, 0
            args.update(resumed=1, at=started, id=ident)
            break
        else:
            return


# The rows after the last one given, in the order of the query.
_AFTER = "(s.started_at > :at OR s.started_at = :at AND s.id > :id)"


# The columns of a report row (`report.model.Row.of` reads them): the seconds (Python
# makes them minutes), and the exercises and those done as one number, done * 2**32 + all.
REPORT_ROW = f"""
    coalesce(s.uid, ''),
    {local.seconds("s.started_at")},
    s.routine,
    s.status,
    s.seconds,
    (SELECT count(*) + (count(CASE WHEN {IN_FULL} THEN 1 END) << 20)
            + (count(CASE WHEN e.status = 'hurt' THEN 1 END) << 40)
        FROM session_exercises e WHERE e.session_id = s.id),
    s.pain_before,
    s.pain_after,
    s.difficulty,
    CASE WHEN s.swaps = '[]' OR NOT json_valid(s.swaps) THEN NULL ELSE (
        SELECT json_group_array(movement) FROM (
            SELECT DISTINCT a.value AS movement
            FROM json_each(s.swaps) w, json_each(w.value, '$.avoided') a ORDER BY movement)
    ) END,
    s.note,
    s.options
"""


def report_rows(db: sqlite3.Connection, span: Span) -> Iterator[tuple[object, ...]]:
    """Each session of the span whose start can be read (the sessions `days` sums up),
    oldest first: its id, whether the rest is its report row (1; 0 for a running one, to
    read in Python: is its process still there? and for a row that is not `SOUND`, which
    Python skips naming the column), then the columns of REPORT_ROW. A row
    that `Session.from_columns` would refuse for what the report does not show (its
    options) is in it, as it is in the report's sums."""
    local.fresh()
    query = f"""
        SELECT s.id, s.status != 'running' AND {SOUND}, {REPORT_ROW}
        FROM sessions s WHERE {span.where()} ORDER BY s.started_at, s.id
    """
    # Its local time is None exactly where its local day is (local.py): asked once a row.
    return (row for row in db.execute(query, span.args()) if row[3] is not None)
