"""What the history keeps, as frozen data: a session, how each of its exercises went, the
steps `--avoid` changed, and a reminder with how it was answered.

Each record has one way to and from its stored form (the columns of its SQLite row) and one
to and from its exported form (the JSON of `history --json` and `history export`); the store,
export and import, the report and the views all go through these. No I/O; the standard
library only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal, Protocol, TypeVar

EndStatus = Literal["completed", "stopped", "interrupted"]  # how a run ended
SessionStatus = Literal["running", EndStatus]
SESSION_STATUSES: tuple[SessionStatus, ...] = ("running", "completed", "stopped", "interrupted")
ExerciseStatus = Literal["done", "partial", "skipped", "not reached"]
EXERCISE_STATUSES: tuple[ExerciseStatus, ...] = ("done", "partial", "skipped", "not reached")
# How a reminder went: still waiting for an answer, answered with a button (or at the
# terminal: snoozed, skipped), never answered, shown where no answer can be given, not shown.
Outcome = Literal["waiting", "started", "snoozed", "skipped", "no answer", "shown", "failed"]
OUTCOMES: tuple[Outcome, ...] = (
    "waiting",
    "started",
    "snoozed",
    "skipped",
    "no answer",
    "shown",
    "failed",
)
Via = Literal["notification", "command"]
VIAS: tuple[Via, ...] = ("notification", "command")
# What a person can have lived: a moment from before 2000 (chosen: long before stretch, and
# after the 1970 of a clock that lost its battery) or more than a day ahead of the clock
# (another machine's clock may be a little ahead; a day is more than any zone's offset) was
# made by a wrong clock.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)
ANSWER_WAIT = 300.0  # seconds a notification waits for its answer (chosen: one timer period)
UID = re.compile(r"[0-9a-f]{32}")  # a session's id across machines
T = TypeVar("T", bound=str)
V = TypeVar("V")


class Row(Protocol):
    """A stored row: its columns by name (an sqlite3.Row, or a dict)."""

    def __getitem__(self, column: str, /) -> object: ...


@dataclass(frozen=True)
class Swap:
    """A step of the routine that `--avoid` changed: done as `instead`, or left out (None)."""

    exercise: str
    avoided: tuple[str, ...]  # the movements it has that were avoided
    instead: str | None = None

    def record(self) -> dict[str, object]:
        """The swap as JSON-ready data (stored in the session's row in the same form)."""
        return {"exercise": self.exercise, "instead": self.instead, "avoided": list(self.avoided)}

    @staticmethod
    def from_record(data: object) -> Swap:
        """A swap from its record; a ValueError if it is not one."""
        if not isinstance(data, dict):
            raise ValueError(f"not a swap: {data!r}")
        avoided = data["avoided"]
        if not isinstance(avoided, list) or not all(isinstance(m, str) for m in avoided):
            raise ValueError(f"not a list of movements: {avoided!r}")
        return Swap(_text(data["exercise"]), tuple(avoided), _optional(_text)(data.get("instead")))


@dataclass(frozen=True)
class ExerciseResult:
    """How far one exercise of a session got, counted in holds: what the summary says and
    the history stores."""

    exercise: str
    status: ExerciseStatus
    holds: int
    done: int  # ran their full time

    def record(self) -> dict[str, object]:
        """The result as JSON-ready data; its stored row has the same columns."""
        return {
            "exercise": self.exercise,
            "status": self.status,
            "holds": self.holds,
            "done": self.done,
        }

    @staticmethod
    def from_record(data: Row) -> ExerciseResult:
        """A result from its record or its stored row; a ValueError if it is not one."""
        return ExerciseResult(
            _text(data["exercise"]),
            choice(data["status"], EXERCISE_STATUSES),
            _count(data["holds"]),
            _count(data["done"]),
        )


@dataclass(frozen=True)
class Session:
    """One run, as stored."""

    id: int
    routine: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    seconds: float
    pain_before: int | None
    pain_after: int | None
    options: dict[str, object]
    last_step: int | None  # 0-based step of the session where it ended
    exercises: tuple[ExerciseResult, ...]
    uid: str = ""  # stable across machines (export, import)
    note: str | None = None
    difficulty: int | None = None  # 0-10, how hard it felt
    swaps: tuple[Swap, ...] = ()  # steps that --avoid swapped or left out

    def counts(self) -> bool:
        """Whether the session counts as one done (streaks, the weekly goal): it completed,
        or finished at least one exercise."""
        return self.status == "completed" or any(e.status == "done" for e in self.exercises)

    def record(self) -> dict[str, object]:
        """The `history --json` object of the session."""
        return {
            "id": self.id,
            "uid": self.uid,
            "routine": self.routine,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status,
            "seconds": round(self.seconds, 1),
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "difficulty": self.difficulty,
            "note": self.note,
            "exercises": [e.record() for e in self.exercises],
            "swaps": [swap.record() for swap in self.swaps],
        }

    def exported(self) -> dict[str, object]:
        """The session as an export file has it: its record without this machine's row id,
        with the options of the run and where it ended (for `again` and `--resume`)."""
        record = self.record()
        del record["id"]
        return {**record, "options": self.options, "last_step": self.last_step}

    @staticmethod
    def from_record(data: object) -> Session:
        """A session from its exported form (its `id` is 0: not stored yet); a ValueError
        naming the first key that a session cannot have."""
        if not isinstance(data, dict):
            raise ValueError("expected a session (a JSON object)")

        def read(key: str, reader: Callable[[object], V], default: object = None) -> V:
            try:
                return reader(data.get(key, default))
            except (ValueError, TypeError, KeyError):
                shown = json.dumps(data.get(key))[:60]
                raise ValueError(f"{key}: not a value a session can have ({shown})") from None

        last_step = data.get("last_step")
        return Session(  # the keys are checked in this order
            uid=read("uid", _uid),
            routine=read("routine", _name),
            started_at=read("started_at", _aware_time),
            ended_at=read("ended_at", _optional(_aware_time)),
            status=read("status", lambda value: choice(value, SESSION_STATUSES)),
            seconds=read("seconds", seconds),
            pain_before=read("pain_before", rating),
            pain_after=read("pain_after", rating),
            difficulty=read("difficulty", rating),
            note=read("note", _optional(_text)),
            options=read("options", _mapping, {}),
            exercises=read("exercises", _each(ExerciseResult.from_record)),
            swaps=read("swaps", _each(Swap.from_record), []),  # older files have none
            id=0,
            last_step=last_step if isinstance(last_step, int) else None,
        )

    def columns(self) -> dict[str, object]:
        """The session's row in the `sessions` table (without the row id and the pid);
        times in UTC, so that text order is time order whatever the time zone."""
        return {
            "routine": self.routine,
            "started_at": stored_time(self.started_at),
            "ended_at": stored_time(self.ended_at) if self.ended_at else None,
            "status": self.status,
            "seconds": self.seconds,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "options": json.dumps(self.options),
            "last_step": self.last_step,
            "uid": self.uid,
            "note": self.note,
            "difficulty": self.difficulty,
            "swaps": json.dumps([swap.record() for swap in self.swaps]),
        }

    @staticmethod
    def from_columns(row: Row, exercises: Sequence[Row], local: tzinfo | None = None) -> Session:
        """A session from its stored row and its exercises' rows, in local time (see
        `local_time`); a ValueError (or TypeError, KeyError) for a row that cannot be read
        back."""
        options = json.loads(str(row["options"] or "{}"))
        if not isinstance(options, dict):
            raise ValueError("its options are not a mapping")
        last_step = row["last_step"]
        if last_step is not None and not isinstance(last_step, int):
            raise ValueError(f"its last step is not a number: {last_step!r}")
        swaps = json.loads(str(row["swaps"] or "[]"))
        if not isinstance(swaps, list):
            raise ValueError("its swaps are not a list")
        ended_at = row["ended_at"]
        return Session(
            id=_count(row["id"]),
            routine=str(row["routine"]),
            started_at=local_time(row["started_at"], local),
            ended_at=local_time(ended_at, local) if ended_at else None,
            status=choice(row["status"], SESSION_STATUSES),
            seconds=seconds(row["seconds"]),
            pain_before=rating(row["pain_before"]),
            pain_after=rating(row["pain_after"]),
            options=options,
            last_step=last_step,
            exercises=tuple(ExerciseResult.from_record(part) for part in exercises),
            uid=str(row["uid"] or ""),
            note=None if row["note"] is None else str(row["note"]),
            difficulty=rating(row["difficulty"]),
            swaps=tuple(Swap.from_record(swap) for swap in swaps),
        )


@dataclass(frozen=True)
class Reminder:
    """One reminder, as stored (times in local time)."""

    id: int
    at: datetime
    routine: str
    outcome: Outcome
    until: datetime | None  # the end of a snooze
    via: Via

    def record(self) -> dict[str, object]:
        """The reminder as JSON-ready data."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "routine": self.routine,
            "outcome": self.outcome,
            "until": self.until.isoformat() if self.until else None,
            "via": self.via,
        }

    def columns(self) -> dict[str, object]:
        """The reminder's row in the `reminders` table (without the row id), times in UTC."""
        return {
            "at": stored_time(self.at),
            "routine": self.routine,
            "outcome": self.outcome,
            "until": stored_time(self.until) if self.until else None,
            "via": self.via,
        }

    @staticmethod
    def from_columns(row: Row, local: tzinfo | None = None) -> Reminder:
        """A reminder from its stored row, in local time (see `local_time`); a ValueError if
        it cannot be read."""
        until = row["until"]
        return Reminder(
            _count(row["id"]),
            local_time(row["at"], local),
            str(row["routine"]),
            choice(row["outcome"], OUTCOMES),
            local_time(until, local) if until else None,
            choice(row["via"], VIAS),
        )


@dataclass(frozen=True)
class Sum:
    """Ratings (or changes) added up: their total and how many there were."""

    total: float = 0
    count: int = 0

    def __add__(self, other: Sum) -> Sum:
        return Sum(self.total + other.total, self.count + other.count)

    def mean(self) -> float | None:
        """The average to one decimal, or None when there was nothing to average."""
        return round(self.total / self.count, 1) if self.count else None


@dataclass(frozen=True)
class Day:
    """The sessions started on one local day, summed up: what the calendar, the streaks and
    the weeks of `history` and the report are made of (worked out in SQL, never by reading
    each session)."""

    day: date
    sessions: int = 0  # every session started
    counted: int = 0  # the ones that count (`Session.counts`)
    completed: int = 0
    seconds: float = 0.0  # of every session
    counted_seconds: float = 0.0  # of the ones that count
    pain_before: Sum = Sum()
    pain_after: Sum = Sum()
    change: Sum = Sum()  # pain after minus before, over the sessions rated both times
    difficulty: Sum = Sum()


def unlived(moment: datetime, now: datetime) -> str:
    """Why no one can have lived `moment` by `now` ('' when someone can)."""
    if moment < EARLIEST:
        return f"{moment.isoformat()} is before {EARLIEST.year}"
    if moment > now + AHEAD:
        return f"{moment.isoformat()} is more than a day ahead of this machine's clock"
    return ""


def stored_time(moment: datetime) -> str:
    """A time as stored: UTC, so that text order is time order whatever the time zone."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def local_time(text: object, local: tzinfo | None = None) -> datetime:
    """A stored time (UTC, or with its offset from before version 4) with the offset it had
    in the zone `local` (a zoneinfo zone), or in the process's zone (the user's) when None:
    each moment its own offset, summer's in summer, never today's. A ValueError for a time
    that is not one, or that the zone cannot show (the year 9999 ahead of UTC)."""
    if not isinstance(text, str):
        raise ValueError(f"not a date: {text!r}")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(local)
    except OverflowError:
        raise ValueError(f"{text} cannot be shown in local time") from None


def day_start(day: date) -> datetime:
    """The first moment of a local day in the process's zone (the user's), with its offset
    then (where the clocks skip midnight, the moment they skip to)."""
    return datetime.combine(day, time()).astimezone()


def choice(value: object, allowed: tuple[T, ...]) -> T:
    """The one of `allowed` that a stored text is."""
    for chosen in allowed:
        if chosen == value:
            return chosen
    raise ValueError(f"not one of {', '.join(allowed)}: {value!r}")


def seconds(value: object) -> float:
    """A finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a number of seconds: {value!r}")
    return float(value)


def rating(value: object) -> int | None:
    """A rating from 0 to 10 (pain, difficulty), or None for none given."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"not a pain rating from 0 to 10: {value!r}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"not text: {value!r}")
    return value


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a whole number: {value!r}")
    return value


def _optional(read: Callable[[object], V]) -> Callable[[object], V | None]:
    return lambda value: None if value is None else read(value)


def _uid(value: object) -> str:
    if not isinstance(value, str) or not UID.fullmatch(value):
        raise ValueError(f"not a session id: {value!r}")
    return value


def _name(value: object) -> str:
    if not _text(value):
        raise ValueError("an empty name")
    return _text(value)


def _aware_time(value: object) -> datetime:
    """A time in an export: ISO 8601 with its offset (the reading stays as written)."""
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError(f"a time without its offset: {value!r}")
    return moment


def _mapping(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ValueError(f"not a mapping: {value!r}")
    return value


def _each(read: Callable[[dict[str, object]], V]) -> Callable[[object], tuple[V, ...]]:
    """A reader of a list of mappings, each read by `read`."""

    def each(value: object) -> tuple[V, ...]:
        if not isinstance(value, list):
            raise ValueError(f"not a list: {value!r}")
        return tuple(read(_mapping(item)) for item in value)

    return each
