"""A plan's level changes in the history: where each exercise started when the plan was
adopted, and each step up or down and alternative since, with its reason and date (the
`level_changes` table). What the plan engine decides from the sessions is stored here as it
is first seen, so that the history and the report can show every change and its reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Literal, TypeVar

from stretchcli import exported
from stretchcli.columns import choice, local_time, optional_text, stored_text, stored_time
from stretchcli.exported import Refused
from stretchcli.history.schema import TABLES
from stretchcli.history.store import History
from stretchcli.plan.engine import Decision
from stretchcli.plan.model import MAX_LEVELS
from stretchcli.records import Row
from stretchcli.text import MONTHS, day_month

T = TypeVar("T")

ChangeKind = Literal["start", "up", "down", "alternative"]
CHANGES: tuple[ChangeKind, ...] = ("start", "up", "down", "alternative")


@dataclass(frozen=True)
class LevelChange:
    """One change of an exercise's place in a plan, as stored."""

    at: datetime
    exercise: str
    change: ChangeKind
    before: int | None  # the level before (None: the plan's start)
    level: int
    reason: str
    session: str | None  # the uid of the session it followed (None: the plan's start)
    plan: str  # the plan file's fingerprint
    alternative: str | None = None
    id: int = 0

    @staticmethod
    def of(decision: Decision, plan: str) -> LevelChange:
        """A decision of the engine, to store."""
        return LevelChange(
            decision.at,
            decision.exercise,
            decision.change,
            decision.before,
            decision.level,
            decision.reason,
            decision.session,
            plan,
            decision.alternative,
        )

    def columns(self) -> dict[str, object]:
        """Its row in `level_changes` (without the row id), the time in UTC."""
        return {
            "at": stored_time(self.at),
            "exercise": self.exercise,
            "change": self.change,
            "level_before": self.before,
            "level": self.level,
            "reason": self.reason,
            "session_uid": self.session,
            "alternative": self.alternative,
            "plan": self.plan,
        }

    @staticmethod
    def from_columns(row: Row, local: tzinfo | None = None) -> LevelChange:
        """A change from its stored row, in local time; a ValueError naming the column
        that cannot be read (a value changed by hand: text as bytes, a level of 1e999)."""

        def read(column: str, reader: Callable[[object], T]) -> T:
            try:
                return reader(row[column])
            except (TypeError, ValueError) as exc:
                where = f"level_changes.{column} of row {row['id']}"
                raise ValueError(f"{where} cannot be read: {exc}") from None

        return LevelChange(
            at=read("at", lambda value: local_time(value, local)),
            exercise=read("exercise", stored_text),
            change=read("change", lambda value: choice(value, CHANGES)),
            before=read("level_before", _optional_level),
            level=read("level", _level),
            reason=read("reason", stored_text),
            session=read("session_uid", optional_text),
            plan=read("plan", stored_text),
            alternative=read("alternative", optional_text),
            id=int(str(row["id"])),
        )

    def exported(self) -> dict[str, object]:
        """The change as an export file and `history --json` have it: its record, with the
        plan it belongs to."""
        return {**self.record(), "plan": self.plan}

    @staticmethod
    def from_record(data: object) -> LevelChange:
        """A change from its exported form (its `id` is 0: not stored yet); a Refused naming
        the first key whose value stretch could not have written."""
        fields = exported.json_object(data, EXPORTED_KEYS, "a level change: a JSON object")
        change = exported.field(fields, "change", _CHANGE)
        before = exported.field(fields, "level_before", _BEFORE, None)
        session = exported.field(fields, "session_uid", _SESSION, None)
        if (change == "start") != (before is None):
            expected = "null for a start" if change == "start" else "the level before the change"
            raise exported.expected(expected, fields.get("level_before")).under("level_before")
        if (change == "start") != (session is None):
            expected = "null for a start" if change == "start" else "the session it followed"
            raise exported.expected(expected, fields.get("session_uid")).under("session_uid")
        at = exported.field(fields, "at", exported.moment)
        exercise = exported.field(fields, "exercise", _EXERCISE)
        level = exported.field(fields, "level", _LEVEL)
        if before is not None and level != before + _STEP[change]:
            # a plan steps one level at a time, and an alternative keeps the level it had
            said = {"up": "one level up from", "down": "one level down from"}.get(change, "")
            wanted = f"{before + _STEP[change]}, {said or 'as'} level_before ({before})"
            raise exported.expected(wanted, level).under("level")
        return LevelChange(
            at=at,
            exercise=exercise,
            change=change,
            before=before,
            level=level,
            reason=exported.field(fields, "reason", _reason),
            session=session,
            plan=exported.field(fields, "plan", _fingerprint),
            alternative=_alternative(fields, change),
        )

    def record(self) -> dict[str, object]:
        """The change as JSON-ready data (`plan --json`)."""
        return {
            "at": self.at.isoformat(),
            "exercise": self.exercise,
            "change": self.change,
            "level_before": self.before,
            "level": self.level,
            "reason": self.reason,
            "session_uid": self.session,
            "alternative": self.alternative,
        }


EXPORTED_KEYS = TABLES["level_changes"][1:]  # its columns but the local row id
REASON_CHARACTERS = 1000  # chosen: the engine's reasons are under 300, with long names
_CHANGE = exported.one_of(CHANGES)
_LEVEL = exported.whole(1, MAX_LEVELS, "(the longest ladder)")
_BEFORE = exported.optional(_LEVEL)
_EXERCISE = exported.identifier("rhomboid-stretch")
_ALTERNATIVE = exported.optional(exported.identifier("wall-slide"))
_SAID_PAIN = re.compile(r"barrier-\d{4}-\d{2}-\d{2}")  # a week said to be short for pain
_FINGERPRINT = re.compile(r"[0-9a-f]{0,64}")


def _session(value: object) -> str:
    """The session a change followed: its uid, or the week pain was said to get in the way."""
    if isinstance(value, str) and _SAID_PAIN.fullmatch(value) and _monday(value[8:]):
        return value
    try:
        return exported.uid(value)
    except Refused:
        raise exported.expected(
            "a session id (32 lowercase hexadecimal digits), or barrier- and the Monday of a "
            "week pain got in the way (barrier-2026-11-02)",
            value,
        ) from None


def _monday(text: str) -> bool:
    try:
        return date.fromisoformat(text).weekday() == 0
    except ValueError:
        return False


_SESSION = exported.optional(_session)


def _alternative(fields: dict[str, object], change: ChangeKind) -> str | None:
    """What took the exercise's place: only an alternative names one (null: left out)."""
    found = exported.field(fields, "alternative", _ALTERNATIVE, None)
    if found is not None and change != "alternative":
        raise exported.expected(f'null for a change "{change}"', found).under("alternative")
    return found


def _reason(value: object) -> str:
    """A change's reason: one line of printable text."""
    if (
        isinstance(value, str)
        and 0 < len(value) <= REASON_CHARACTERS
        and value.isprintable()
        and value == value.strip()
    ):
        return value
    raise exported.expected(
        f"one line of 1 to {REASON_CHARACTERS} printable characters, without spaces at either end",
        value,
    )


def _fingerprint(value: object) -> str:
    if isinstance(value, str) and _FINGERPRINT.fullmatch(value):
        return value
    raise exported.expected("the plan's fingerprint: up to 64 lowercase hexadecimal digits", value)


def level_changes(
    history: History,
    since: datetime | None = None,
    skip: Callable[[object, Exception], None] | None = None,
) -> list[LevelChange]:
    """The stored changes from `since` on, oldest first, in local time; a row that cannot
    be read back is skipped with a warning (or told to `skip`, with its id)."""
    query = "SELECT * FROM level_changes WHERE at >= ? ORDER BY at, id"
    args = [stored_time(since) if since else ""]
    # each moment with the offset it had in the user's zone, not today's
    return history.table_rows("level change", query, args, LevelChange.from_columns, skip)


def in_force(changes: Sequence[LevelChange], now: datetime) -> list[LevelChange]:
    """The changes made by `now`: one dated after it (stored by a clock that ran ahead, or
    imported from one) is not in force yet, nor shown, until its time comes."""
    return [c for c in changes if c.at <= now]


def began(changes: Sequence[LevelChange], fingerprint: str, now: datetime) -> datetime | None:
    """When the plan of `fingerprint` began, as its latest stored start by `now`; None if
    another plan was adopted since (or it never was)."""
    starts = [c for c in in_force(changes, now) if c.change == "start"]
    return starts[-1].at if starts and starts[-1].plan == fingerprint else None


def add_level_changes(history: History, changes: Sequence[LevelChange]) -> None:
    """Store changes, in one transaction (all of them or none). A plan's start replaces a
    start stored after now, which a clock that ran ahead stored (`began`): else that one
    would start the plan again on its day."""
    if not changes:
        return
    names = ", ".join(changes[0].columns())
    marks = ", ".join(f":{name}" for name in changes[0].columns())
    with history.writing() as db:
        if any(c.change == "start" for c in changes):
            now = stored_time(history.now())
            db.execute("DELETE FROM level_changes WHERE change = 'start' AND at > ?", [now])
        db.executemany(
            # A decision two processes found at once is stored once (the unique index).
            f"INSERT OR IGNORE INTO level_changes ({names}) VALUES ({marks})",
            [change.columns() for change in changes],
        )


_STEP = {"up": 1, "down": -1, "alternative": 0, "start": 0}  # the level after, from before
_DONE = {"up": "stepped up", "down": "stepped down", "alternative": "changed"}
# A day in a stored reason: '6 Nov 2026' as the engine writes it, '2026-11-06' as it wrote
# it before (kept in histories and files from then).
_DATE = r"(\d{4}-\d{2}-\d{2}|\d{1,2} (?:" + "|".join(MONTHS) + r") \d{4})"
_DAY = re.compile(r",? ?\(?(the last )?" + _DATE + r"\)?")
_WEEK = re.compile(r"the week of " + _DATE)


def _week(found: re.Match[str]) -> str:
    text = found[1]
    if "-" in text:
        return f"the week of {day_month(date.fromisoformat(text))}"
    day, month, _ = text.split()
    return f"the week of {day} {month}"


def why(change: LevelChange, said_hurt: str = "") -> str:
    """A change's reason in a physiotherapist's words: 'stepped up after 3 green sessions in
    a row', 'stepped down: pain 7/10 after the session, at or over the ceiling of 6',
    'stepped down: named as hurting', 'swapped for Wall slide: 2 red sessions in a week'."""
    # A week is said as its Monday ('in the week of 2 Nov'), not taken out with the dates
    # the change's own date already gives.
    reason = _WEEK.sub(_week, change.reason)
    reason = _DAY.sub("", reason).strip()
    if change.change == "start":
        return reason.replace("starts", "started", 1)
    if ": " not in reason:  # not in the engine's words (a file from elsewhere): as written
        return f"{_DONE[change.change]}: {change.reason}"
    _, _, rest = reason.partition(": ")
    if re.match(r"you said .* hurt$", rest):
        rest = "named as hurting"
    elif rest.startswith("you said pain got in the way"):
        rest = "pain was what got in the way of a short week"
    if change.change == "up":
        return f"stepped up after {rest}" if rest else "stepped up"
    if change.change == "down":
        return f"stepped down: {rest}"
    head = reason.partition(": ")[0]
    count = rest.replace("this week", "in a week")
    if head.endswith(" in its place"):
        return f"swapped for {head.removesuffix(' in its place')}: {count}"
    return f"left out: {count}"


def alike(changes: Sequence[LevelChange]) -> list[tuple[LevelChange, tuple[str, ...]]]:
    """The changes with the exercises that changed alike at the same moment (the same
    change, levels and reason) as one: each with the exercises it stands for, in order."""
    found: list[tuple[LevelChange, list[str]]] = []
    for change in changes:
        if found:
            last, names = found[-1]
            same = (last.at, last.change, last.before, last.level, why(last))
            if same == (change.at, change.change, change.before, change.level, why(change)):
                names.append(change.exercise)
                continue
        found.append((change, [change.exercise]))
    return [(change, tuple(names)) for change, names in found]


def _level(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a level: {value!r}")
    return value


def _optional_level(value: object) -> int | None:
    return None if value is None else _level(value)
