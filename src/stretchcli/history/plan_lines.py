"""A plan's records in an export file, after the sessions: each level change and each barrier
answer, a line each (`{"level_change": {...}}`, `{"barrier": {...}}`), oldest first. An
import adds those this history does not have: a level change is the same one when its plan,
session, exercise and kind of change are (a start: every value), an answer when its week is;
the same record twice adds nothing, and other contents are a conflict (the stored one kept).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone

from stretchcli import exported
from stretchcli.columns import local_time
from stretchcli.exported import Refused
from stretchcli.history import liveness, rows
from stretchcli.history.barriers import Answer, answers
from stretchcli.history.connection import reading
from stretchcli.history.level_rule import Judging, chain, unfollowed
from stretchcli.history.levels import LevelChange, level_changes
from stretchcli.history.store import History
from stretchcli.moments import unlived
from stretchcli.text import json_escaped
from stretchcli.words import FIRST_DAY

LATEST_ZONE = timezone(timedelta(hours=14))  # where a day begins first (Kiribati's)

KINDS = ("level_change", "barrier")  # the key of each kind of line
Record = LevelChange | Answer


LeaveOut = Callable[[str, str], None]  # told what is left out, and why


def records(
    history: History, since: datetime | None = None, leave_out: LeaveOut | None = None
) -> tuple[list[LevelChange], list[Answer]]:
    """The level changes and the answers given from `since` on, each oldest first; a row
    that cannot be read is skipped with a warning (or told to `leave_out`, named)."""

    def skipping(kind: str) -> Callable[[object, Exception], None] | None:
        if leave_out is None:
            return None
        return lambda ident, exc: leave_out(f"{kind} {ident}", str(exc))

    changes = level_changes(history, since, skipping("level change"))
    return changes, answers(history, since, None, skipping("answer"))


def _lines(
    history: History,
    since: datetime | None,
    ascii_only: bool,
    told: Sequence[LevelChange] | None = None,
    leave_out: LeaveOut | None = None,
) -> list[tuple[str, Record]]:
    changes, given = records(history, since, leave_out)
    if told is not None:  # those told as made (`level_rule.told`), from `since` on
        changes = [c for c in told if since is None or c.at >= since]
    found: list[Record] = [*changes, *given]
    compact = (",", ":")
    return [
        (
            json_escaped(
                json.dumps({kind(r): r.exported()}, ensure_ascii=False, separators=compact),
                ascii_only,
            ),
            r,
        )
        for r in found
    ]


def export_lines(history: History, leave_out: LeaveOut) -> list[tuple[str, Record]]:
    """The lines of the plan's records (without newlines), compact JSON in ASCII, each with
    its record: the level changes, then the answers, each oldest first; a row that cannot
    be read is told to `leave_out` (what, why)."""
    return _lines(history, None, True, None, leave_out)


def json_items(
    history: History, since: datetime | None, told: Sequence[LevelChange] | None = None
) -> list[str]:
    """The plan's records from `since` on as `history --json` lists them after the sessions,
    each as its export line has it (what a terminal would act on escaped); `told`: the
    level changes told as made (None: every stored one)."""
    return [line for line, _ in _lines(history, since, False, told)]


def is_one(data: object) -> bool:
    """Whether a line's JSON is meant as a plan's record rather than a session (it has the
    key of one: a session never does)."""
    return isinstance(data, dict) and any(kind in data for kind in KINDS)


def read(data: object) -> Record:
    """A plan's record from its line; a Refused naming the key path of the first value
    stretch could not have written."""
    fields_ = exported.json_object(data, KINDS, "a level change or a barrier answer")
    if len(fields_) > 1:
        raise Refused("a line is one record: a level_change or a barrier, not both", KINDS[1])
    if "level_change" in fields_:
        return exported.field(fields_, "level_change", LevelChange.from_record)
    return exported.field(fields_, "barrier", Answer.from_record)


def checked(data: object, plain: bool, now: datetime, judge: Judging | None) -> Record | str:
    """A plan's record from its line as an import at `now` takes it, or why it is refused
    ('KEY: why'): read, in a version 2 file (not `plain`), made by then, and (a level
    change) one a plan makes, as `judge` knows (None: not asked)."""
    try:
        record = read(data)
    except Refused as exc:
        return str(exc)
    key = kind(record)
    if plain:
        return f"{key}: not in a version 1 export (sessions only)"
    why = unlived_record(record, now)
    refused = judge(record) if judge and isinstance(record, LevelChange) and not why else None
    return why or (str(refused.under(key)) if refused is not None else record)


def unlived_record(record: Record, now: datetime) -> str:
    """Why no one can have made `record` by `now` ('KEY: why'; '' when someone can): its
    `at` as any moment (`moments.unlived`), and the week it is about (an answer's, or the
    week pain was said to get in the way, of a change after it), which has a day from 2000
    on and ended by the day the record was made (the question asks about a past week)."""
    key = kind(record)
    why = unlived(record.at, now)
    if why:
        return f"{key}.at: {why}"
    if isinstance(record, Answer):
        week, name = record.week, "week"
    elif record.session is not None and record.session.startswith("barrier-"):
        week, name = date.fromisoformat(record.session[8:]), "session_uid"
    else:
        return ""
    if week < FIRST_DAY - timedelta(days=6):  # (never past the last date)
        return f"{key}.{name}: the week of {week.isoformat()} is before {FIRST_DAY.year}"
    # Its day where it is latest (UTC+14): `at` is shown in the zone of whoever exports it,
    # and an answer given early on a Monday in Berlin is still Sunday in UTC.
    day = record.at.astimezone(LATEST_ZONE).date()
    if week > day - timedelta(days=7):
        return (
            f"{key}.{name}: the week of {week.isoformat()} had not ended anywhere by at "
            f"({record.at.isoformat()})"
        )
    return ""


def kind(record: Record) -> str:
    """The key of a record's line."""
    return "level_change" if isinstance(record, LevelChange) else "barrier"


def identity(record: Record) -> tuple[object, ...]:
    """What makes two records the same one (two lines with it: the second is refused)."""
    if isinstance(record, Answer):
        return ("barrier", record.week)
    if record.change == "start":  # it follows no session: a start at another level, or
        return ("level_change", *record.columns().values())  # said otherwise, is another
    return ("level_change", record.plan, record.session, record.exercise, record.change)


@dataclass
class Merged:
    """What merging the plan's records did: added and already there, of each kind, and the
    conflicts ('LINE: message')."""

    changes: list[int]  # [added, already there]
    answers: list[int]
    conflicts: list[str]


def merge(db: sqlite3.Connection, found: Sequence[tuple[int, Record]]) -> Merged:
    """Add the records this history does not have, in the transaction of `db` (what is
    stored is read with each moment's own offset in the user's zone)."""
    merged = Merged([0, 0], [0, 0], [])
    before = {  # what was stored before: a record twice in the file is added twice
        table: int(db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        for table in ("level_changes", "barriers")
    }
    for number, record in found:
        counts = merged.changes if isinstance(record, LevelChange) else merged.answers
        try:
            stored = _stored(db, record, before[_table(record)])
        except (TypeError, ValueError, KeyError) as exc:
            merged.conflicts.append(
                f"{number}: the {named(record)} is stored here but cannot be read back "
                f"({exc}); it was kept as it is"
            )
            continue
        if stored is None:
            rows.insert(db, _table(record), record.columns())
            counts[0] += 1
        elif _differ(stored, record):
            merged.conflicts.append(
                f"{number}: the {named(record)} differs from the stored one "
                f"({', '.join(_differ(stored, record))}); the stored one was kept"
            )
        else:
            counts[1] += 1
    return merged


def _table(record: Record) -> rows.Table:
    return "level_changes" if isinstance(record, LevelChange) else "barriers"


def named(record: Record) -> str:
    """A record in words: 'level change of rhomboid-stretch (up, 2026-...)'."""
    if isinstance(record, Answer):
        return f"answer about the week of {record.week.isoformat()}"
    return f"level change of {record.exercise} ({record.change}, {record.at.isoformat()})"


def _stored(db: sqlite3.Connection, record: Record, last: int) -> Record | None:
    """The stored record (of those up to the row id `last`) that is the same one as
    `record`, if any."""
    if isinstance(record, Answer):
        query = "SELECT * FROM barriers WHERE week = ? AND id <= ? ORDER BY id"
        row = rows.by_name(db, query, [record.week.isoformat(), last]).fetchone()
        return None if row is None else Answer.from_columns(row)
    columns = record.columns()
    if record.change == "start":  # the same in every column
        same = " AND ".join(f"{name} IS ?" for name in columns)
        query = f"SELECT * FROM level_changes WHERE {same} AND id <= ? ORDER BY id"
        args = [*columns.values(), last]
    else:
        query = (
            "SELECT * FROM level_changes WHERE plan = ? AND session_uid IS ? AND exercise = ?"
            " AND change = ? AND id <= ? ORDER BY id"
        )
        args = [record.plan, record.session, record.exercise, record.change, last]
    row = rows.by_name(db, query, args).fetchone()
    return None if row is None else replace(LevelChange.from_columns(row), id=0)


def _differ(stored: Record, incoming: Record) -> list[str]:
    """The exported keys whose values differ (times compared as instants)."""
    ours, theirs = stored.exported(), incoming.exported()
    differ = [key for key in ours if key != "at" and ours[key] != theirs[key]]
    if stored.at.astimezone(UTC) != incoming.at.astimezone(UTC):  # a time in a clock's fold
        # is never equal to one in another zone: compared in UTC, as instants
        differ.insert(0, "at")
    return differ


_LAST = 1 << 62  # ids of a file's changes, after every stored one's (ties of `at`: file order)


def unfollowed_lines(
    db: sqlite3.Connection,
    found: Sequence[tuple[int, Record]],
    judge: Judging | None,
    running: Container[str] = frozenset(),
    now: datetime | None = None,
) -> list[str]:
    """The file's level changes (by line) an import refuses for where they stand among the
    stored ones ('LINE: level_change.KEY: why'): one that follows a session not ended (the
    file's line of it says `running`, a uid of `running`, or the history, with the file
    merged, holds it as running at `now`: a plan decides at a run's end), one decided before
    the session it names began, and one whose level_before does not follow from its
    exercise's latest change or start under its plan (`level_rule.chain`). A change the
    history has already (the same one, or a conflict, which keeps the stored one) is not
    judged again. Without `judge` (nothing known of the exercises and plan), only the
    session each follows is asked of."""
    if not any(isinstance(record, LevelChange) for _, record in found):
        return []
    stored = _stored_changes(db)
    known = {identity(c) for c in stored}
    incoming: dict[int, int] = {}  # id given: line
    changes: list[LevelChange] = []
    for number, record in found:
        if not isinstance(record, LevelChange) or identity(record) in known:
            continue
        known.add(identity(record))
        ident = _LAST + number
        incoming[ident] = number
        changes.append(replace(record, id=ident))
    problems = []
    for change in changes:  # refused: no link of the chain
        why = after_its_session(db, change, running, now)
        if why:
            problems.append((incoming.pop(change.id), why))
    if judge is None:
        return [f"{line}: {why}" for line, why in sorted(problems)]
    followed = [c for c in changes if c.id in incoming]
    for link in chain([*stored, *followed], judge):
        line = incoming.get(link.change.id)
        if line is not None and not link.kept:
            problems.append((line, str(unfollowed(link).under("level_change"))))
    return [f"{line}: {why}" for line, why in sorted(problems)]


def _unended(
    db: sqlite3.Connection, uid: str, running: Container[str], now: datetime | None
) -> tuple[bool, datetime | None]:
    """Whether the session `uid` has not ended (in `running`, or held by the history as
    running at `now`, or to begin after it: a run killed long ago reads as interrupted), and
    when it began (None: not held, or not readable)."""
    row = db.execute(
        "SELECT started_at, status, pid FROM sessions WHERE uid = ?", (uid,)
    ).fetchone()
    try:
        began = local_time(row[0]) if row is not None else None
    except (TypeError, ValueError):
        began = None
    unended = uid in running or (
        row is not None
        and row[1] == "running"
        and began is not None
        and now is not None
        and (began > now or liveness.running(row[2], began, now))  # (ahead: not begun yet)
    )
    return unended, began


def followed_running(
    db: sqlite3.Connection, running: Mapping[str, int], now: datetime
) -> list[str]:
    """The lines of sessions an import adds as running ('LINE: why'; `running`: uid, line)
    that a level change stored already follows: refused as that change would be, whichever
    file came first (a plan changes a level only after a session has ended)."""
    problems = []
    for uid, line in running.items():
        found = db.execute(
            "SELECT id FROM level_changes WHERE session_uid = ? LIMIT 1", (uid,)
        ).fetchone()
        if found is not None and _unended(db, uid, frozenset(), now)[0]:
            problems.append(
                f"{line}: status: expected a session that has ended, as the level change "
                f"{found[0]} of the history follows it, got running"
            )
    return problems


def stored_refusals(
    history: History, changes: Sequence[LevelChange], judge: Judging
) -> dict[int, str]:
    """Of the stored `changes`, by id, why an import would refuse each it refuses for where
    it stands (`unfollowed_lines`), 'level_change.KEY: why': an export leaves it out."""
    found = {}
    with reading(history.path, history.connect, history.warn) as db:
        for change in changes:
            why = after_its_session(db, change, frozenset(), history.now())
            if why:
                found[change.id] = why
    linked = [c for c in changes if c.id not in found]  # as the import's (`unfollowed_lines`)
    for link in chain(linked, judge):
        if not link.kept and judge(link.change) is None:
            found[link.change.id] = str(unfollowed(link).under("level_change"))
    return found  # (one refused for itself, `checked` says why)


def _stored_changes(db: sqlite3.Connection) -> list[LevelChange]:
    """Every stored change that can be read back (one that cannot is no link of a chain)."""
    found = []
    for row in rows.by_name(db, "SELECT * FROM level_changes ORDER BY at, id", []):
        try:
            found.append(LevelChange.from_columns(row))
        except (TypeError, ValueError, KeyError):
            continue
    return found


def after_its_session(
    db: sqlite3.Connection, change: LevelChange, running: Container[str], now: datetime | None
) -> str:
    """Why `change` cannot follow the session it names ('level_change.KEY: why'; '' when it
    can): that session has not ended (its uid is in `running`, or the history holds it as
    running at `now`: a run killed long ago reads as interrupted), or it was decided before
    that session began (a session this history does not hold is not known)."""
    uid = change.session
    if uid is None or uid.startswith("barrier-"):
        return ""
    unended, began = _unended(db, uid, running, now)
    if unended:
        return (
            "level_change.session_uid: expected a session that has ended (a plan decides a "
            f"change at the end of a run), got {uid}, which is still running"
        )
    if began is None or change.at >= began:
        return ""
    return (
        f"level_change.at: expected the start of session {uid} ({began.isoformat()}), which "
        f"it follows, or later, got {exported.shown(change.at.isoformat())}"
    )
