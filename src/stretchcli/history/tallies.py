"""How each exercise went in a span's sessions, in SQL: its results by status (each session
once), what `--avoid` did with it, and the order the exercises first came in (for a million
sessions, without a Python object per session; see `bulk.py`)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

from stretchcli.history import local
from stretchcli.history.bulk import _BAD_SWAP, IN_FULL, SOUND, Span
from stretchcli.records import EXERCISE_STATUSES


@dataclass(frozen=True)
class ExerciseTally:
    """How one exercise went in the sessions of a span: its results by status, and what
    `--avoid` did with it."""

    exercise: str
    statuses: Counter[str]
    swapped: int = 0  # done as its alternative
    left_out: int = 0  # left out (its alternative had the movement too)
    instead: tuple[str, ...] = ()  # what it was done as
    avoided: tuple[str, ...] = ()  # the movements avoided
    sessions: int = 0  # the sessions it was in, each once (a routine may have it twice)


_STATUS = {"done": IN_FULL}  # done: also one done in full, then said to hurt


def tallies(db: sqlite3.Connection, span: Span) -> list[ExerciseTally]:
    """Each exercise of the span's sessions, in the order they first came (the first session
    it is in, then its place there); after them, those only `--avoid` touched, likewise."""
    local.fresh()
    args = span.args()
    where = span.where()
    joined = (
        f"FROM sessions s JOIN session_exercises e ON e.session_id = s.id WHERE {where} AND {SOUND}"
    )
    by_status = ", ".join(
        "count(DISTINCT e.session_id) FILTER (WHERE " + _STATUS.get(s, f"e.status = '{s}'") + ")"
        for s in EXERCISE_STATUSES
    )
    query = f"""
        SELECT e.exercise, count(DISTINCT e.session_id), count(*), {by_status}
        {joined} GROUP BY e.exercise
    """
    # Each status by the sessions that had it: an exercise a routine holds twice, done
    # both times, is done in one session, not two; one done in full and then said to hurt
    # is done as well as hurt (README: it still counts as done).
    counted: dict[str, Counter[str]] = {}
    sessions: dict[str, int] = {}
    repeated = []  # in a session more than once: each such session has one status
    for exercise, total, rows, *counts in db.execute(query, args):
        pairs = zip(EXERCISE_STATUSES, counts, strict=True)
        counted[str(exercise)] = Counter({status: int(n) for status, n in pairs if n})
        sessions[str(exercise)] = int(total)
        if rows > total:
            repeated.append(str(exercise))
    if repeated:
        counted.update(_once_a_session(db, joined, args, repeated))
    # Where each first came: the span's rows in order, read until every exercise is seen
    # (a few rows, as a rule: cheaper than carrying each row's start through the count).
    statuses: dict[str, tuple[tuple[str, int, int], Counter[str]]] = {}
    ordered = f"""
        SELECT e.exercise, s.started_at, s.id, e.position {joined}
        ORDER BY s.started_at, s.id, e.position
    """
    for exercise, started, ident, position in db.execute(ordered, args):
        if len(statuses) == len(counted):
            break
        name = str(exercise)
        if name not in statuses:
            statuses[name] = ((str(started), int(ident), int(position)), counted[name])
    swaps = _swaps(db, span)
    order = sorted(statuses, key=lambda name: statuses[name][0])
    order += [
        name for name in sorted(swaps, key=lambda name: swaps[name][0]) if name not in statuses
    ]
    return [
        ExerciseTally(
            name,
            statuses[name][1] if name in statuses else Counter(),
            *swaps.get(name, _NONE)[1:],
            sessions=sessions.get(name, 0),
        )
        for name in order
    ]


def _once_a_session(
    db: sqlite3.Connection, joined: str, args: dict[str, object], exercises: list[str]
) -> dict[str, Counter[str]]:
    """The statuses of `exercises`, each session's best of its times (done, then hurt, then
    partial, skipped, not reached; hurt also where it was done in full first): a squeeze done
    and its repeat skipped is a session it was done in, not one it was done and skipped in.
    Only for exercises a session holds twice (a routine's own repeat; a rare case)."""
    query = f"""
        WITH once AS (
            SELECT e.exercise AS exercise, max({IN_FULL}) AS d, max(e.status = 'hurt') AS h,
                max(e.status = 'partial') AS p, max(e.status = 'skipped') AS k,
                max(e.status = 'not reached') AS n
            {joined} AND e.exercise IN (SELECT value FROM json_each(:repeated))
            GROUP BY e.session_id, e.exercise
        )
        SELECT exercise, sum(d), sum(p AND NOT (d OR h)), sum(k AND NOT (d OR h OR p)),
            sum(n AND NOT (d OR h OR p OR k)), sum(h)
        FROM once GROUP BY exercise
    """
    found: dict[str, Counter[str]] = {}
    for exercise, *counts in db.execute(query, {**args, "repeated": json.dumps(exercises)}):
        pairs = zip(EXERCISE_STATUSES, counts, strict=True)
        found[str(exercise)] = Counter({status: int(n) for status, n in pairs if n})
    return found


_NONE: tuple[tuple[str, int, int], int, int, tuple[str, ...], tuple[str, ...]] = (
    ("", 0, 0),
    0,
    0,
    (),
    (),
)
# Each swap of the sessions that have valid ones, as `Swap.from_record` reads them.
_EACH_SWAP = f"""
    FROM sessions s, json_each(s.swaps) w
    WHERE s.swaps != '[]' AND json_valid(s.swaps) AND json_type(s.swaps) = 'array'
        AND NOT {_BAD_SWAP} AND {SOUND} AND {{where}}
"""
_INSTEAD = "coalesce(json_extract(w.value, '$.instead'), '')"


def _swaps(
    db: sqlite3.Connection, span: Span
) -> dict[str, tuple[tuple[str, int, int], int, int, tuple[str, ...], tuple[str, ...]]]:
    """Per exercise that `--avoid` swapped or left out: where it was first (its session's
    start and id, its place in the swaps), how often it was swapped and left out, what it
    was done as, and the movements avoided."""
    each, args = _EACH_SWAP.format(where=span.where()), span.args()
    found = {}
    kinds = f"""
        SELECT json_extract(w.value, '$.exercise') AS exercise, min(s.started_at), s.id, w.key,
            total({_INSTEAD} != ''), total({_INSTEAD} = '')
        {each} GROUP BY exercise
    """
    for exercise, started, ident, key, swapped, left_out in db.execute(kinds, args):
        found[str(exercise)] = ((str(started), int(ident), int(key)), int(swapped), int(left_out))
    instead: dict[str, list[str]] = {}
    query = f"SELECT DISTINCT json_extract(w.value, '$.exercise'), {_INSTEAD} {each} ORDER BY 2"
    for exercise, name in db.execute(query, args):
        if name:
            instead.setdefault(str(exercise), []).append(str(name))
    avoided: dict[str, list[str]] = {}
    each_movement = each.replace(
        "json_each(s.swaps) w", "json_each(s.swaps) w, json_each(w.value, '$.avoided') a"
    )
    query = (
        f"SELECT DISTINCT json_extract(w.value, '$.exercise'), a.value {each_movement} ORDER BY 2"
    )
    for exercise, movement in db.execute(query, args):
        avoided.setdefault(str(exercise), []).append(str(movement))
    return {
        exercise: (
            first,
            swapped,
            left_out,
            tuple(instead.get(exercise, ())),
            tuple(avoided.get(exercise, ())),
        )
        for exercise, (first, swapped, left_out) in found.items()
    }
