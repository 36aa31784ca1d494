"""Which column of a history row cannot be read back, said so that the person can put it
right: a value changed by hand (text in a number's column, a time that is not one, a NULL
where a run always writes a value) names its table, its column and its row, and what to do.
Only asked once a row has failed to read: rows that read are never checked twice."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence

from stretchcli.columns import choice, local_time, rating, seconds, stored_json, stored_text, whole
from stretchcli.records import EXERCISE_STATUSES, OUTCOMES, SESSION_STATUSES, VIAS, Swap

Reader = Callable[[object], object]
WHAT_TO_DO = (
    "put it right or delete that row by hand; `stretch history export` writes every session "
    "that can be read"
)


def _optional(read: Reader) -> Reader:
    return lambda value: None if value is None else read(value)


def _of_type(kind: type, what: str) -> Reader:
    def read(value: object) -> object:
        if not isinstance(value, kind):
            raise ValueError(f"not {what}: {value!r}")
        return value

    return read


def _json(kind: type, what: str) -> Reader:
    return lambda value: _of_type(kind, what)(
        stored_json(value or ("{}" if kind is dict else "[]"))
    )


def _listed(value: object) -> list[object]:
    found = _json(list, "a JSON list")(value)
    assert isinstance(found, list)
    return found


# What a run writes in each column, read as the records read it (`records.py`).
SESSIONS: Mapping[str, Reader] = {
    "routine": stored_text,
    "started_at": local_time,
    "ended_at": _optional(local_time),
    "status": lambda value: choice(value, SESSION_STATUSES),
    "seconds": seconds,
    "pain_before": rating,
    "pain_after": rating,
    "difficulty": rating,
    "last_step": _optional(_of_type(int, "a whole number")),
    "uid": _optional(_of_type(str, "text")),
    "note": _optional(_of_type(str, "text")),
    "options": _json(dict, "a JSON object"),
    "swaps": lambda value: [Swap.from_stored(s) for s in _listed(value)],
}
EXERCISES: Mapping[str, Reader] = {
    "exercise": stored_text,
    "status": lambda value: choice(value, EXERCISE_STATUSES),
    "holds": whole,
    "done": whole,
}
REMINDERS: Mapping[str, Reader] = {
    "at": local_time,
    "routine": stored_text,
    "outcome": lambda value: choice(value, OUTCOMES),
    "until": _optional(local_time),
    "via": lambda value: choice(value, VIAS),
}


class DamagedRow(ValueError):
    """A row of the history that cannot be read back, with the column at fault."""


def _first_bad(row: sqlite3.Row, readers: Mapping[str, Reader]) -> tuple[str, Exception] | None:
    for column, read in readers.items():
        if column not in row.keys():  # noqa: SIM118 - a Row has no `in` of its names
            continue
        try:
            read(row[column])
        except (TypeError, ValueError, KeyError, RecursionError) as exc:
            return column, exc
    return None


def named(
    table: str, row: sqlite3.Row, parts: Sequence[sqlite3.Row], error: Exception
) -> Exception:
    """`error`, the reason a row of `table` (with its exercises' rows `parts`, for a
    session) could not be read, as a DamagedRow naming the column at fault and its row."""
    readers = SESSIONS if table == "sessions" else REMINDERS
    found = _first_bad(row, readers)
    where = f"{table}.{{}} of row {row['id']}"
    if found is None:
        for part in parts:
            found = _first_bad(part, EXERCISES)
            if found is not None:
                where = (
                    f"session_exercises.{{}} of session {row['id']}'s exercise at position "
                    f"{part['position']}"
                )
                break
    column, cause = found if found is not None else ("?", error)
    said = where.format(column) if found is not None else f"{table} row {row['id']}"
    return DamagedRow(f"{said} cannot be read: {cause} ({WHAT_TO_DO})")
