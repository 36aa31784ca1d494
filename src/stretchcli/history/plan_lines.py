"""A plan's records in an export file, after the sessions: each level change and each barrier
answer, a line each (`{"level_change": {...}}`, `{"barrier": {...}}`), oldest first. An
import adds those this history does not have: a level change is the same one when its plan,
session, exercise and kind of change are (a start: and its time), an answer when its week is;
the same record twice adds nothing, and other contents are a conflict (the stored one kept).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from stretchcli.history import rows
from stretchcli.history.barriers import Answer, answers
from stretchcli.history.levels import LevelChange, level_changes
from stretchcli.history.store import History
from stretchcli.records import Refused, read_field, read_object
from stretchcli.text import json_escaped

KINDS = ("level_change", "barrier")  # the key of each kind of line
Record = LevelChange | Answer


def records(
    history: History, since: datetime | None = None
) -> tuple[list[LevelChange], list[Answer]]:
    """The level changes and the answers given from `since` on, each oldest first."""
    return level_changes(history, since), answers(history, since)


def _lines(history: History, since: datetime | None, ascii_only: bool) -> list[str]:
    changes, given = records(history, since)
    found = [{"level_change": change.exported()} for change in changes]
    found += [{"barrier": answer.exported()} for answer in given]
    compact = (",", ":")
    return [
        json_escaped(json.dumps(r, ensure_ascii=False, separators=compact), ascii_only)
        for r in found
    ]


def export_lines(history: History) -> list[str]:
    """The lines of the plan's records (without newlines), compact JSON in ASCII: the level
    changes, then the answers, each oldest first."""
    return _lines(history, None, ascii_only=True)


def json_items(history: History, since: datetime | None) -> list[str]:
    """The plan's records from `since` on as `history --json` lists them after the sessions,
    each as its export line has it (what a terminal would act on escaped)."""
    return _lines(history, since, ascii_only=False)


def is_one(data: object) -> bool:
    """Whether a line's JSON is meant as a plan's record rather than a session (it has the
    key of one: a session never does)."""
    return isinstance(data, dict) and any(kind in data for kind in KINDS)


def read(data: object) -> Record:
    """A plan's record from its line; a Refused naming the key path of the first value
    stretch could not have written."""
    fields_ = read_object(data, KINDS, "a level change or a barrier answer")
    if len(fields_) > 1:
        raise Refused("a line is one record: a level_change or a barrier, not both", KINDS[1])
    if "level_change" in fields_:
        return read_field(fields_, "level_change", LevelChange.from_record)
    return read_field(fields_, "barrier", Answer.from_record)


def kind(record: Record) -> str:
    """The key of a record's line."""
    return "level_change" if isinstance(record, LevelChange) else "barrier"


def identity(record: Record) -> tuple[object, ...]:
    """What makes two records the same one (two lines with it: the second is refused)."""
    if isinstance(record, Answer):
        return ("barrier", record.week)
    at = record.at if record.change == "start" else None  # a start follows no session
    return ("level_change", record.plan, record.session, record.exercise, record.change, at)


@dataclass
class Merged:
    """What merging the plan's records did: added and already there, of each kind, and the
    conflicts ('LINE: message')."""

    changes: list[int]  # [added, already there]
    answers: list[int]
    conflicts: list[str]


def merge(
    db: sqlite3.Connection, found: Sequence[tuple[int, Record]], local: tzinfo | None
) -> Merged:
    """Add the records this history does not have, in the transaction of `db`."""
    merged = Merged([0, 0], [0, 0], [])
    for number, record in found:
        counts = merged.changes if isinstance(record, LevelChange) else merged.answers
        try:
            stored = _stored(db, record, local)
        except (TypeError, ValueError, KeyError) as exc:
            merged.conflicts.append(
                f"{number}: the {_named(record)} is stored here but cannot be read back "
                f"({exc}); it was kept as it is"
            )
            continue
        if stored is None:
            rows.insert(db, _table(record), record.columns())
            counts[0] += 1
        elif _differ(stored, record):
            merged.conflicts.append(
                f"{number}: the {_named(record)} differs from the stored one "
                f"({', '.join(_differ(stored, record))}); the stored one was kept"
            )
        else:
            counts[1] += 1
    return merged


def _table(record: Record) -> rows.Table:
    return "level_changes" if isinstance(record, LevelChange) else "barriers"


def _named(record: Record) -> str:
    if isinstance(record, Answer):
        return f"answer about the week of {record.week.isoformat()}"
    return f"level change of {record.exercise} ({record.change}, {record.at.isoformat()})"


def _stored(db: sqlite3.Connection, record: Record, local: tzinfo | None) -> Record | None:
    """The stored record that is the same one as `record`, if any."""
    if isinstance(record, Answer):
        query = "SELECT * FROM barriers WHERE week = ? ORDER BY id"
        row = rows.by_name(db, query, [record.week.isoformat()]).fetchone()
        return None if row is None else Answer.from_columns(row, local)
    query = (
        "SELECT * FROM level_changes WHERE plan = ? AND session_uid IS ? AND exercise = ?"
        " AND change = ? AND (? IS NULL OR at = ?) ORDER BY id"
    )
    at = record.columns()["at"] if record.change == "start" else None
    args = [record.plan, record.session, record.exercise, record.change, at, at]
    row = rows.by_name(db, query, args).fetchone()
    return None if row is None else replace(LevelChange.from_columns(row, local), id=0)


def _differ(stored: Record, incoming: Record) -> list[str]:
    """The exported keys whose values differ (times compared as instants)."""
    ours, theirs = stored.exported(), incoming.exported()
    differ = [key for key in ours if key != "at" and ours[key] != theirs[key]]
    if stored.at != incoming.at:
        differ.insert(0, "at")
    return differ
