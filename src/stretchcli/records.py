"""What the history keeps, as frozen data: a session, how each of its exercises went, the
steps `--avoid` changed, and a reminder with how it was answered.

Each record has one way to and from its stored form (the columns of its SQLite row) and one
to and from its exported form (the JSON of `history --json` and `history export`); the store,
export and import, the report and the views all go through these. Reading the exported form
takes only what a run can write: every value in its range, every key known; anything else is
a ValueError (a `Refused`) naming the key and saying what the value must look like. No I/O;
the standard library only.
"""

from __future__ import annotations

import functools
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
# `hurt`: ended because it hurt (the `h` key, or named after the session).
ExerciseStatus = Literal["done", "partial", "skipped", "not reached", "hurt"]
EXERCISE_STATUSES: tuple[ExerciseStatus, ...] = (
    "done",
    "partial",
    "skipped",
    "not reached",
    "hurt",
)
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

# The most a run can write (the exported form is read within these; tests tie each to the
# rule it comes from): a routine lasts at most 4 hours (the catalog's cap) and a run may
# stretch it 4 times (model.SCALES); its steps are at least a 1-second hold each; a step
# holds at most 100 reps on 2 sides in 20 sets (the file schema's ranges); a note is one
# line of at most 500 characters (`--note`); an id is a file name's stem; `--minutes` is 1
# to 120. (The model is imported only to read an export: `history` starts faster without.)
MAX_SESSION_SECONDS = 4 * 3600 * 4
MAX_STEPS = 4 * 3600
MAX_HOLDS = 100 * 2 * 20
NOTE_CHARACTERS = 500
ID_CHARACTERS = 250
RUN_MINUTES = (1.0, 120.0)
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
        """A swap from its exported form; a Refused if a run could not have written it."""
        fields = _object(data, SWAP_KEYS, "a swap: an object with exercise, instead, avoided")
        return Swap(
            _field(fields, "exercise", _SWAPPED),
            _field(fields, "avoided", _AVOIDED),
            _field(fields, "instead", _INSTEAD, None),
        )

    @staticmethod
    def from_stored(data: object) -> Swap:
        """A swap as stored in its session's row; a ValueError if it is not one."""
        if not isinstance(data, dict):
            raise ValueError(f"not a swap: {data!r}")
        avoided = data["avoided"]
        if not isinstance(avoided, list) or not all(isinstance(m, str) for m in avoided):
            raise ValueError(f"not a list of movements: {avoided!r}")
        return Swap(_text(data["exercise"]), tuple(avoided), _optional_text(data.get("instead")))


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
    def from_record(data: object) -> ExerciseResult:
        """A result from its exported form; a Refused if a run could not have written it."""
        fields = _object(data, RESULT_KEYS, "an object with exercise, status, holds, done")
        holds = _field(fields, "holds", _HOLDS)
        return ExerciseResult(
            _field(fields, "exercise", _EXERCISE),
            _field(fields, "status", _RESULT_STATUS),
            holds,
            _field(fields, "done", _whole(0, holds, "(its holds)")),
        )

    @staticmethod
    def from_columns(row: Row) -> ExerciseResult:
        """A result from its stored row; a ValueError if it cannot be read back."""
        return ExerciseResult(
            _text(row["exercise"]),
            choice(row["status"], EXERCISE_STATUSES),
            _count(row["holds"]),
            _count(row["done"]),
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
        """A session from its exported form (its `id` is 0: not stored yet); a Refused
        naming the first key whose value a run could not have written (keys are checked in
        the order of SESSION_KEYS), and saying what it must look like."""
        fields = _object(data, SESSION_KEYS, "a session: a JSON object")
        uid = _field(fields, "uid", _uid)
        routine = _field(fields, "routine", _ROUTINE)
        started_at = _field(fields, "started_at", _moment)
        ended_at = _field(fields, "ended_at", _ENDED, None)
        status = _field(fields, "status", _SESSION_STATUS)
        session = Session(
            id=0,
            uid=uid,
            routine=routine,
            started_at=started_at,
            ended_at=ended_at,
            status=status,
            seconds=_field(fields, "seconds", _seconds),
            pain_before=_field(fields, "pain_before", _rating, None),
            pain_after=_field(fields, "pain_after", _rating, None),
            difficulty=_field(fields, "difficulty", _rating, None),
            note=_field(fields, "note", _note, None),
            exercises=_field(fields, "exercises", _RESULTS),
            swaps=_field(fields, "swaps", _SWAPS, []),  # older files: none
            options=_field(fields, "options", _options, {}),
            last_step=_field(fields, "last_step", _LAST_STEP, None),
        )
        # A run writes when it ended with how: never for one still running, always for one
        # completed or stopped (one interrupted by a kill never could).
        if status == "running" and session.ended_at is not None:
            raise _expected("null for a running session", fields["ended_at"]).under("ended_at")
        if status in ("completed", "stopped") and session.ended_at is None:
            moment = f"the date and time a {status} session ended, such as {EXAMPLE_TIME}"
            raise _expected(moment, None).under("ended_at")
        return session

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
        options = _stored_json(row["options"] or "{}")
        if not isinstance(options, dict):
            raise ValueError("its options are not a mapping")
        last_step = row["last_step"]
        if last_step is not None and not isinstance(last_step, int):
            raise ValueError(f"its last step is not a number: {last_step!r}")
        swaps = _stored_json(row["swaps"] or "[]")
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
            exercises=tuple(ExerciseResult.from_columns(part) for part in exercises),
            uid=str(row["uid"] or ""),
            note=None if row["note"] is None else str(row["note"]),
            difficulty=rating(row["difficulty"]),
            swaps=tuple(Swap.from_stored(swap) for swap in swaps),
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


def _stored_json(text: object) -> object:
    """The value of a JSON column; a ValueError if it is not JSON, or nests too deep to read
    (a file changed by hand: json would run out of stack)."""
    try:
        return json.loads(str(text))
    except RecursionError:
        raise ValueError("its JSON nests too deep to read") from None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"not text: {value!r}")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a whole number: {value!r}")
    return value


# Reading the exported form: each reader takes any JSON value and returns it typed, or
# raises a Refused saying what it must look like; `_field` adds the key it was under.

SESSION_KEYS = (
    "uid",
    "routine",
    "started_at",
    "ended_at",
    "status",
    "seconds",
    "pain_before",
    "pain_after",
    "difficulty",
    "note",
    "exercises",
    "swaps",
    "options",
    "last_step",
)
RESULT_KEYS = ("exercise", "status", "holds", "done")
SWAP_KEYS = ("exercise", "instead", "avoided")
OPTION_KEYS = ("avoid", "only", "skip", "scale", "variants", "minutes")
EXAMPLE_TIME = "2026-11-24T08:30:00+01:00"
_MISSING = object()  # a key that is not there
_SHOWN = 60  # characters of a refused value that a message shows


class Refused(ValueError):
    """A value that a run could not have written: where it is (a key such as
    `exercises[2].holds`; empty until `under` is told), what it must look like, and what
    it was."""

    def __init__(self, problem: str, key: str = "", expected: str | None = None) -> None:
        super().__init__(f"{key}: {problem}" if key else problem)
        self.problem = problem
        self.key = key
        self.expected = expected  # what the value must be, where the problem says so

    def under(self, outer: str) -> Refused:
        """The same refusal, seen from one level out (`outer`: a key, or `[index]`)."""
        inner = self.key
        if not inner:
            key = outer
        elif inner.startswith("["):
            key = outer + inner
        else:
            key = f"{outer}.{inner}"
        return Refused(self.problem, key, self.expected)


def _expected(expected: str, value: object) -> Refused:
    """A refusal of `value`, which must be `expected`."""
    if value is _MISSING:
        return Refused(f"missing (expected {expected})", expected=expected)
    return Refused(f"expected {expected}, got {shown(value)}", expected=expected)


def shown(value: object) -> str:
    """A JSON value as a message shows it: short, any lone surrogate escaped."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:  # an integer too long to write out
        text = "a number too long to show"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _field(
    data: dict[str, object], key: str, read: Callable[[object], V], default: object = _MISSING
) -> V:
    """The value of `key` (or `default` when it is missing; without one it must be there),
    read by `read`."""
    try:
        return read(data.get(key, default))
    except Refused as refused:
        raise refused.under(key) from None


def _object(value: object, keys: tuple[str, ...], what: str) -> dict[str, object]:
    """A JSON object whose keys are all among `keys`."""
    if not isinstance(value, dict):
        raise _expected(what, value)
    if not value.keys() <= set(keys):
        key = next(key for key in value if key not in keys)
        raise Refused(f"not a key a run writes here (the keys: {', '.join(keys)})", key)
    return value


def _optional(read: Callable[[object], V]) -> Callable[[object], V | None]:
    """A reader of null, or of what `read` reads."""

    def optional(value: object) -> V | None:
        if value is None:
            return None
        try:
            return read(value)
        except Refused as refused:
            if refused.expected is None or refused.key:
                raise
            raise _expected(f"null or {refused.expected}", value) from None

    return optional


def _list(read: Callable[[object], V], most: int = MAX_STEPS) -> Callable[[object], tuple[V, ...]]:
    """A reader of a list of at most `most` items, each read by `read`."""

    def items(value: object) -> tuple[V, ...]:
        if not isinstance(value, list) or len(value) > most:
            raise _expected(f"a list of at most {most} items", value)
        found = []
        for index, item in enumerate(value):
            try:
                found.append(read(item))
            except Refused as refused:
                raise refused.under(f"[{index}]") from None
        return tuple(found)

    return items


@functools.cache
def _id_pattern() -> re.Pattern[str]:
    from stretchcli.model import ID_RE

    return ID_RE


def _id(example: str) -> Callable[[object], str]:
    """A reader of an id (a routine's or an exercise's: a file name's stem)."""

    def ident(value: object) -> str:
        fine = _id_pattern().fullmatch
        if isinstance(value, str) and len(value) <= ID_CHARACTERS and fine(value):
            return value
        raise _expected(
            f"an id such as {example} (lowercase letters and digits, joined by single hyphens)",
            value,
        )

    return ident


def _uid(value: object) -> str:
    if isinstance(value, str) and UID.fullmatch(value):
        return value
    raise _expected("a session id: 32 lowercase hexadecimal digits", value)


def _moment(value: object) -> datetime:
    """A time in an export: ISO 8601 with its offset (the reading stays as written)."""
    expected = f"a date and time with its offset, such as {EXAMPLE_TIME}"
    if not isinstance(value, str) or len(value) > len(EXAMPLE_TIME) * 2:
        raise _expected(expected, value)
    if not (value.isascii() and value.isprintable()):  # fromisoformat passes a trailing NUL
        raise _expected(expected, value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _expected(expected, value) from None
    if moment.tzinfo is None:
        raise _expected(expected, value)
    return moment


def _choice(allowed: tuple[T, ...]) -> Callable[[object], T]:
    def chosen(value: object) -> T:
        for one in allowed:
            if one == value:
                return one
        raise _expected(f"one of {', '.join(allowed)}", value)

    return chosen


def _whole(low: int, high: int, why: str = "") -> Callable[[object], int]:
    """A reader of a whole number from `low` to `high` (`why`: where `high` comes from)."""

    def whole(value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        raise _expected(f"a whole number from {low} to {high}{' ' + why if why else ''}", value)

    return whole


def _number(low: float, high: float, what: str) -> Callable[[object], float]:
    """A reader of a number (whole or not) from `low` to `high`, kept as written."""

    def number(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):  # (a union: slower)
            raise _expected(f"{what} from {low:g} to {high:g}", value)
        if not low <= value <= high:  # never NaN or infinite
            raise _expected(f"{what} from {low:g} to {high:g}", value)
        return value

    return number


def _seconds(value: object) -> float:
    return float(_SECONDS(value))


def _note(value: object) -> str | None:
    """A note as `--note` and `history note` store it: one line, at most 500 characters."""
    if value is None:
        return None
    if (
        isinstance(value, str)
        and 0 < len(value) <= NOTE_CHARACTERS
        and value.isprintable()
        and value == value.strip()
    ):
        return value
    raise _expected(
        f"null or one line of 1 to {NOTE_CHARACTERS} printable characters, without spaces "
        "at either end",
        value,
    )


def _movements(fewest: int) -> Callable[[object], tuple[str, ...]]:
    """A reader of a list of different movement names (at least `fewest`)."""

    def movements(value: object) -> tuple[str, ...]:
        from stretchcli.model import MOVEMENTS

        names = value if isinstance(value, list) else None
        if (
            names is not None
            and fewest <= len(names) <= len(MOVEMENTS)
            and all(name in MOVEMENTS for name in names)
            and len(set(names)) == len(names)
        ):
            return tuple(names)
        some = f"{fewest} to {len(MOVEMENTS)}"
        raise _expected(f"a list of {some} different movements of {', '.join(MOVEMENTS)}", value)

    return movements


def _variants(value: object) -> dict[str, object]:
    """`--variant`'s choices: an exercise id to the name of one of its variants."""
    if not isinstance(value, dict) or len(value) > MAX_STEPS:
        raise _expected(f"an object of at most {MAX_STEPS} exercise ids, each to a variant", value)
    for exercise in value:
        _VARIANT_OF(exercise)
        _field(value, exercise, _VARIANT)
    return value


@functools.cache
def _scales() -> Callable[[object], float]:
    from stretchcli.model import SCALES

    return _number(*SCALES, "a time scale")


def _scale(value: object) -> float:
    return _scales()(value)


def _options(value: object) -> dict[str, object]:
    """The options of a run, as it writes them (older runs wrote fewer)."""
    options = _object(value, OPTION_KEYS, "the options of a run: an object")
    for key in options:
        _field(options, key, _OPTIONS[key])
    return options


# The readers, made once.
_ROUTINE = _id("upper-back")
_EXERCISE = _id("thoracic-rotation")
_SWAPPED = _id("back-extension")
_INSTEAD = _optional(_id("pelvic-tilt"))
_VARIANT_OF = _id("rhomboid-stretch")
_VARIANT = _id("long-sitting")
_ENDED = _optional(_moment)
_SESSION_STATUS = _choice(SESSION_STATUSES)
_RESULT_STATUS = _choice(EXERCISE_STATUSES)
_HOLDS = _whole(0, MAX_HOLDS)
_LAST_STEP = _optional(_whole(0, MAX_STEPS - 1))
_rating = _optional(_whole(0, 10))
_SECONDS = _number(
    0, MAX_SESSION_SECONDS, f"a number of seconds ({MAX_SESSION_SECONDS // 3600} hours at most)"
)
_RESULTS = _list(ExerciseResult.from_record)
_SWAPS = _list(Swap.from_record)
_AVOIDED = _movements(1)
_OPTIONS: dict[str, Callable[[object], object]] = {
    "avoid": _movements(0),
    "only": _list(_EXERCISE),
    "skip": _list(_EXERCISE),
    "scale": _scale,
    "variants": _variants,
    "minutes": _optional(_number(*RUN_MINUTES, "a number of minutes")),
}

# The readers of an exported form that the history's other records (level changes, barrier
# answers) are read with too, by name.
read_object = _object
read_field = _field
read_optional = _optional
read_id = _id
read_uid = _uid
read_moment = _moment
read_choice = _choice
read_whole = _whole
refusal = _expected
