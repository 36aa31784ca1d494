"""What the history keeps, as frozen data: a session, how each of its exercises went, the
steps `--avoid` changed, and a reminder with how it was answered.

Each record has one way to and from its stored form (the columns of its SQLite row) and one
to and from its exported form (the JSON of `history --json` and `history export`); the store,
export and import, the report and the views all go through these. The exported form is read
strictly (`exported.py`): anything a run could not have written is a `Refused` naming its key.
No I/O; the standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Literal, Protocol, TypeGuard

from stretchcli import exported, session_shape
from stretchcli.columns import (
    choice,
    local_time,
    optional_text,
    rating,
    seconds,
    stored_json,
    stored_text,
    stored_time,
    whole,
)
from stretchcli.exported import (
    EXAMPLE_TIME,
    RESULT_KEYS,
    SESSION_KEYS,
    SWAP_KEYS,
    expected,
    field,
    json_object,
)
from stretchcli.moments import EARLIEST

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
ANSWER_WAIT = 300.0  # seconds a notification waits for its answer (chosen: one timer period)


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
        fields = json_object(data, SWAP_KEYS, "a swap: an object with exercise, instead, avoided")
        return Swap(
            field(fields, "exercise", exported.SWAPPED),
            field(fields, "avoided", exported.AVOIDED),
            field(fields, "instead", exported.INSTEAD, None),
        )

    @staticmethod
    def from_stored(data: object) -> Swap:
        """A swap as stored in its session's row; a ValueError if it is not one."""
        if not isinstance(data, dict) or not {"exercise", "avoided"} <= data.keys():
            raise ValueError(f"not a swap (an object with exercise, instead, avoided): {data!r}")
        avoided = data["avoided"]
        if not isinstance(avoided, list) or not all(isinstance(m, str) for m in avoided):
            raise ValueError(f"not a list of movements: {avoided!r}")
        return Swap(
            stored_text(data["exercise"]), tuple(avoided), optional_text(data.get("instead"))
        )


@dataclass(frozen=True)
class ExerciseResult:
    """How far one exercise of a session got, counted in holds: what the summary says and
    the history stores."""

    exercise: str
    status: ExerciseStatus
    holds: int
    done: int  # ran their full time

    @property
    def in_full(self) -> bool:
        """Whether every hold ran its full time: done, or hurt only after it was done in
        full (named after the session, or `h` in the rest after its last hold)."""
        return self.status == "done" or (self.status == "hurt" and self.done == self.holds > 0)

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
        fields = json_object(data, RESULT_KEYS, "an object with exercise, status, holds, done")
        holds = field(fields, "holds", exported.HOLDS)
        return ExerciseResult(
            field(fields, "exercise", exported.EXERCISE),
            field(fields, "status", _RESULT_STATUS),
            holds,
            field(fields, "done", exported.whole(0, holds, "(its holds)")),
        )

    @staticmethod
    def from_columns(row: Row) -> ExerciseResult:
        """A result from its stored row; a ValueError if it cannot be read back."""
        return ExerciseResult(
            stored_text(row["exercise"]),
            choice(row["status"], EXERCISE_STATUSES),
            whole(row["holds"]),
            whole(row["done"]),
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
        return self.status == "completed" or any(e.in_full for e in self.exercises)

    def record(self) -> dict[str, object]:
        """The `history --json` object of the session."""
        return {
            "id": self.id,
            "uid": self.uid,
            "routine": self.routine,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status,
            "seconds": round(self.seconds, 1) + 0.0,  # never -0.0, which no run writes
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
        fields = json_object(data, SESSION_KEYS, "a session: a JSON object")
        uid = field(fields, "uid", exported.uid)
        routine = field(fields, "routine", exported.ROUTINE)
        started_at = field(fields, "started_at", exported.moment)
        ended_at = field(fields, "ended_at", exported.ENDED, None)
        status = field(fields, "status", _SESSION_STATUS)
        session = Session(
            id=0,
            uid=uid,
            routine=routine,
            started_at=started_at,
            ended_at=ended_at,
            status=status,
            seconds=field(fields, "seconds", exported.seconds),
            pain_before=field(fields, "pain_before", exported.rating, None),
            pain_after=field(fields, "pain_after", exported.rating, None),
            difficulty=field(fields, "difficulty", exported.rating, None),
            note=field(fields, "note", exported.note, None),
            exercises=field(fields, "exercises", _RESULTS),
            swaps=field(fields, "swaps", _SWAPS, []),  # older files: none
            options=field(fields, "options", exported.options, {}),
            last_step=field(fields, "last_step", exported.LAST_STEP, None),
        )
        # A run writes when it ended with how: never for one still running, always for one
        # completed or stopped (one interrupted by a kill never could).
        if status == "running" and session.ended_at is not None:
            raise expected("null for a running session", fields["ended_at"]).under("ended_at")
        if status in ("completed", "stopped") and session.ended_at is None:
            moment = f"the date and time a {status} session ended, such as {EXAMPLE_TIME}"
            raise expected(moment, None).under("ended_at")
        # One that ended before 2000 is refused as a time no one lived (`moments.unlived`),
        # which says more than that it ended before it started.
        if session.ended_at is not None and EARLIEST <= session.ended_at < started_at:
            after = f"a moment at or after started_at ({started_at.isoformat()})"
            raise expected(after, fields["ended_at"]).under("ended_at")
        results = [(e.exercise, e.status, e.holds, e.done) for e in session.exercises]
        swaps = [(swap.exercise, swap.instead) for swap in session.swaps]
        found = session_shape.problem(
            status, started_at, session.ended_at, session.seconds, results, swaps
        )
        if found is not None:
            raise found
        return session

    def columns(self) -> dict[str, object]:
        """The session's row in the `sessions` table (without the row id and the pid), in
        the order of SESSION_COLUMNS; times in UTC, so that text order is time order
        whatever the time zone."""
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
        options = stored_json(row["options"] or "{}")
        if not isinstance(options, dict):
            raise ValueError("its options are not a mapping")
        last_step = row["last_step"]
        if last_step is not None and not isinstance(last_step, int):
            raise ValueError(f"its last step is not a number: {last_step!r}")
        swaps = stored_json(row["swaps"] or "[]")
        if not isinstance(swaps, list):
            raise ValueError("its swaps are not a list")
        ended_at = row["ended_at"]
        return Session(
            id=whole(row["id"]),
            routine=stored_text(row["routine"]),
            started_at=local_time(row["started_at"], local),
            ended_at=local_time(ended_at, local) if ended_at else None,
            status=choice(row["status"], SESSION_STATUSES),
            seconds=seconds(row["seconds"]),
            pain_before=rating(row["pain_before"]),
            pain_after=rating(row["pain_after"]),
            options=options,
            last_step=last_step,
            exercises=tuple(ExerciseResult.from_columns(part) for part in exercises),
            uid=optional_text(row["uid"]) or "",
            note=optional_text(row["note"]),
            difficulty=rating(row["difficulty"]),
            swaps=tuple(Swap.from_stored(swap) for swap in swaps),
        )


# The columns of `Session.columns()`, in its order (an import writes rows in this order).
SESSION_COLUMNS = (
    "routine",
    "started_at",
    "ended_at",
    "status",
    "seconds",
    "pain_before",
    "pain_after",
    "options",
    "last_step",
    "uid",
    "note",
    "difficulty",
    "swaps",
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
            whole(row["id"]),
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
    chosen: int = 0  # run with only some of the routine's steps (`--only`, `--skip`)


def changes_said(options: Mapping[str, object]) -> str:
    """How a run changed its routine's steps or dose, from its options, in the words
    `history` and the report both say it ('doses ×0.5, chosen steps only'); '' for none.
    `--avoid` is said on its own (the swaps); a variant changes no dose."""
    said = []
    scale, minutes = options.get("scale"), options.get("minutes")
    if _number(scale) and scale != 1:
        said.append(f"doses ×{scale:g}")
    if _number(minutes):
        said.append(f"fitted to {minutes:g} min")
    if options.get("only"):
        said.append("chosen steps only")
    if options.get("skip"):
        said.append("steps left out")
    return ", ".join(said)


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


# The readers of the exported form that need the records' own words and types, made once.
_SESSION_STATUS = exported.one_of(SESSION_STATUSES)
_RESULT_STATUS = exported.one_of(EXERCISE_STATUSES)
_RESULTS = exported.items(ExerciseResult.from_record)
_SWAPS = exported.items(Swap.from_record)
