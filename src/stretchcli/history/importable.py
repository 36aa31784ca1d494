"""What `history export` writes, `history import` takes: the lines of an export's sessions and
plan records without those an import would refuse (a history changed by hand, or by an older
stretch, can hold values no run writes), each left out told why.

Which sessions an import surely takes is decided in SQL, for a million rows (`vouched`): the
condition is narrower than the import's checks, never wider; every other session is asked of
the import's own checks in Python (`refusal`), which have the last word. The texts a history
holds few of (routines, exercises, options, swaps) are each read by the import's own readers
once; the numbers and times are compared with the import's bounds (`exported.py`) in SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime

from stretchcli import exported, session_shape
from stretchcli.columns import stored_json, stored_time
from stretchcli.exported import (
    MAX_HOLDS,
    MAX_SESSION_SECONDS,
    MAX_STEPS,
    NOTE_CHARACTERS,
    SWAP_KEYS,
    Refused,
)
from stretchcli.history import bulk, fast_lines, plan_lines, rows
from stretchcli.history.connection import cannot_read, reading
from stretchcli.history.export_file import NotASession, parse
from stretchcli.history.level_rule import Judging
from stretchcli.history.levels import LevelChange
from stretchcli.history.liveness import running
from stretchcli.history.reachable import there
from stretchcli.history.store import History
from stretchcli.moments import AHEAD, EARLIEST, unlived
from stretchcli.records import EXERCISE_STATUSES, SESSION_COLUMNS, Session, Swap
from stretchcli.session_shape import FASTEST_HOLD, SPAN_SLACK
from stretchcli.text import json_escaped

_SWAPS_COLUMN = SESSION_COLUMNS.index("swaps")  # of a line's columns
# A session to judge swaps alone by (`Judge.refused` of a session: its swaps, its exercises).
_SWAPS_ALONE = Session(0, "a", EARLIEST, None, "running", 0.0, None, None, {}, None, ())
LeaveOut = Callable[[str, str], None]  # told what is left out (a session, a record), and why

_HEX = "0123456789abcdef"
_SLACK = SPAN_SLACK - 1  # (narrower than the import: julianday is not exact)
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
    try:  # its JSON as an import reads it: a key once
        return isinstance(text, str) and _taken(exported.options, parse(0, text))
    except NotASession:
        return False


def _swaps(text: object, judge: Judging | None) -> bool:
    """Whether stored swaps are written out as swaps the import takes (SQL writes out each
    swap's three keys: here only swaps of exactly those), `judge` judging them alone (a
    swapped exercise also done is left to the session's own check)."""
    try:
        found = parse(0, text) if isinstance(text, str) else None
    except NotASession:
        return False
    if not (
        isinstance(found, list)
        and all(isinstance(swap, dict) and swap.keys() == set(SWAP_KEYS) for swap in found)
        and _taken(exported.items(Swap.from_record), found)
    ):
        return False
    shape = [(swap["exercise"], swap["instead"]) for swap in found]
    if session_shape.swaps_problem(shape) is not None:
        return False
    swaps = tuple(Swap.from_record(swap) for swap in found)
    return judge is None or not swaps or judge(replace(_SWAPS_ALONE, swaps=swaps)) is None


def _most(db: sqlite3.Connection, query: str) -> list[object]:
    return [row[0] for row in db.execute(query + f" LIMIT {_MOST}")]


def vouched(db: sqlite3.Connection, now: datetime, judge: Judging | None = None) -> str:
    """SQL, for a row `s` of sessions that `bulk.RENDERABLE` renders: whether an import at
    `now` (with `judge`: judging swaps by this machine's exercises) surely takes its exported
    line (times from 2000 to a day ahead of `now`)."""
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
                AND e.exercise IN {_listed(exercise_ok)}
                AND (e.status != 'done' OR e.done = e.holds)
                AND (e.status != 'not reached' OR e.done = 0), 0)
            UNION SELECT e.session_id FROM session_exercises e JOIN sessions s
                ON s.id = e.session_id GROUP BY e.session_id HAVING count(*) > {MAX_STEPS}
                OR max(CASE WHEN e.status != 'not reached' THEN e.position END)
                    > min(CASE WHEN e.status = 'not reached' THEN e.position END)
                OR NOT coalesce(total(e.done) * {FASTEST_HOLD} <= s.seconds + {_SLACK}, 0)
            UNION SELECT e.session_id FROM session_exercises e JOIN sessions s
                ON s.id = e.session_id WHERE e.status = 'not reached' AND s.status = 'completed'
            UNION SELECT e.session_id FROM session_exercises e JOIN sessions s
                ON s.id = e.session_id, json_each(s.swaps) w WHERE s.swaps != '[]'
                AND json_valid(s.swaps) AND json_type(s.swaps) = 'array'
                AND json_extract(w.value, '$.exercise') = e.exercise"""
            if len(exercises) < _MOST
            else "SELECT DISTINCT session_id FROM session_exercises"
        )
    ]
    routine_ok = [r for r in routines if isinstance(r, str) and _taken(exported.ROUTINE, r)]
    options_ok = [o for o in options if isinstance(o, str) and _options(o)]
    swaps_ok = [w for w in swaps if isinstance(w, str) and _swaps(w, judge)]
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
            OR s.ended_at BETWEEN s.started_at AND '{latest}'
            AND s.seconds <= (julianday(s.ended_at) - julianday(s.started_at)) * 86400 + {_SLACK})
        AND s.id NOT IN (SELECT value FROM json_each('{json.dumps(doubtful_steps)}'))
        AND (s.status != 'completed'
            OR EXISTS (SELECT 1 FROM session_exercises e WHERE e.session_id = s.id))
    )"""


def sessions(
    history: History, now: datetime, leave_out: LeaveOut, judge: Judging | None = None
) -> Iterator[str]:
    """Each session's line of an export at `now` (`bulk.records`, as `History.records`
    writes them), oldest first, but those an import would refuse (with `judge`: swaps no
    run of this machine's exercises makes), told to `leave_out`."""
    if not there(history.path):
        return
    try:
        with reading(history.path, history.connect, history.warn) as db:
            for ident, text, held in bulk.records(db, bulk.Span(), True, vouched(db, now, judge)):
                if text is None:  # read in Python: asked of the import's checks
                    found = rows.session(
                        db, ident, lambda i, exc: leave_out(f"session {i}", str(exc))
                    )
                    if found is None:
                        continue
                    session, pid = found
                    if session.status == "running" and not running(pid, session.started_at, now):
                        session = replace(session, status="interrupted")  # as History reads it
                    record = session.exported()
                    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                    held = 0
                line = json_escaped(text, ascii_only=True)
                if held or _importable(ident, line, now, leave_out, judge):
                    yield line
    except sqlite3.Error as exc:
        raise cannot_read(history.path, exc) from None


def _importable(
    ident: int, line: str, now: datetime, leave_out: LeaveOut, judge: Judging | None
) -> bool:
    """Whether an import takes a session's exported line; if not, it is told to `leave_out`."""
    why = refusal(line, now, judge)
    if why:
        try:
            data = stored_json(line)
        except ValueError:  # nested too deep to read: named by its id alone
            data = None
        uid = data.get("uid") if isinstance(data, dict) else None
        leave_out(f"session {ident}" + (f" ({uid})" if isinstance(uid, str) else ""), why)
    return not why


def refusal(line: str, now: datetime, judge: Judging | None = None) -> str:
    """Why an import at `now` (with `judge`, as the import's) refuses a session's line ('' when
    it takes it): the import's own checks, the fast way first."""
    fast = fast_lines.session(line, EARLIEST, now + AHEAD)
    if fast is not None and (judge is None or fast[1][_SWAPS_COLUMN] == "[]"):
        return ""
    try:
        session = Session.from_record(parse(0, line))
    except NotASession as exc:
        return str(exc).split(" ", 1)[1]  # (without its line number)
    except Refused as exc:
        return str(exc)
    why = unlived_session(session, now)
    if not why and judge is not None and session.swaps:
        return str(judge(session) or "")
    return why


def unlived_session(session: Session, now: datetime) -> str:
    """The first of a session's times that no one can have lived by `now`, and why."""
    for key, moment in (("started_at", session.started_at), ("ended_at", session.ended_at)):
        why = unlived(moment, now) if moment else ""
        if why:
            return f"{key}: {why}"
    return ""


def plan_records(
    history: History, now: datetime, leave_out: LeaveOut, judge: Judging | None = None
) -> list[str]:
    """The lines of the plan's records (`plan_lines.export_lines`) but those an import at
    `now` would refuse (with `judge`: a level change no plan makes), told to `leave_out`."""
    kept = []
    lines = plan_lines.export_lines(history, leave_out)
    changes = [r for _, r in lines if isinstance(r, LevelChange)]
    where = plan_lines.stored_refusals(history, changes, judge) if changes and judge else {}
    for line, record in lines:
        data = json.loads(line)
        found = plan_lines.checked(data, False, now, judge)
        if isinstance(record, LevelChange) and not isinstance(found, str):
            found = where.get(record.id, found)
        if isinstance(found, str):
            readable = plan_lines.checked(data, False, now, None)
            what = _plan_named(data) if isinstance(readable, str) else plan_lines.named(readable)
            leave_out(what, found)
        else:
            kept.append(line)
    return kept


def _plan_named(data: dict[str, object]) -> str:
    """A plan's record that cannot be read, named as it is."""
    change, answer = data.get("level_change"), data.get("barrier")
    if isinstance(change, dict):
        return (
            f"level change of {change.get('exercise')} ({change.get('change')}, {change.get('at')})"
        )
    week = answer.get("week") if isinstance(answer, dict) else None
    return f"answer about the week of {week}"
