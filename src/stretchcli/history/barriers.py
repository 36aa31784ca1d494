"""What got in the way of a week that fell short of the plan's weekly goal, as the person
answered at their next session (the `barriers` table): one answer per week, never asked
twice, a skipped question kept as no answer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from stretchcli import exported
from stretchcli.columns import choice, local_time, stored_time
from stretchcli.errors import HistoryError
from stretchcli.history.reachable import there
from stretchcli.history.schema import TABLES
from stretchcli.history.starting import PROBE_PATIENCE
from stretchcli.history.store import History
from stretchcli.records import Row

Barrier = Literal["no time", "pain", "forgot", "not helping", "other"]
BARRIERS: tuple[Barrier, ...] = ("no time", "pain", "forgot", "not helping", "other")


@dataclass(frozen=True)
class Answer:
    """The answer about one week: when it was given, the week (its Monday), what got in the
    way (None: skipped), and the sessions done against the goal."""

    at: datetime
    week: date
    barrier: Barrier | None
    sessions: int
    goal: int

    def columns(self) -> dict[str, object]:
        """Its row in `barriers` (without the row id), the time in UTC."""
        return {
            "at": stored_time(self.at),
            "week": self.week.isoformat(),
            "answer": self.barrier,
            "sessions": self.sessions,
            "goal": self.goal,
        }

    def exported(self) -> dict[str, object]:
        """The answer as an export file and `history --json` have it."""
        return {
            "at": self.at.isoformat(),
            "week": self.week.isoformat(),
            "answer": self.barrier,
            "sessions": self.sessions,
            "goal": self.goal,
        }

    @staticmethod
    def from_record(data: object) -> Answer:
        """An answer from its exported form; a Refused naming the first key whose value
        stretch could not have written."""
        fields = exported.json_object(data, EXPORTED_KEYS, "a barrier answer: a JSON object")
        answer = Answer(
            at=exported.field(fields, "at", exported.moment),
            week=exported.field(fields, "week", _week),
            barrier=exported.field(fields, "answer", _BARRIER, None),
            sessions=exported.field(fields, "sessions", _SESSIONS),
            goal=exported.field(fields, "goal", _GOAL),
        )
        if answer.sessions >= answer.goal:  # asked only of a week that fell short
            short = f"fewer sessions than the goal ({answer.goal})"
            raise exported.expected(short, answer.sessions).under("sessions")
        return answer

    @staticmethod
    def from_columns(row: Row, local: tzinfo | None = None) -> Answer:
        """An answer from its stored row, in local time; a ValueError if it cannot be read."""
        answer = row["answer"]
        return Answer(
            local_time(row["at"], local),
            date.fromisoformat(str(row["week"])),
            None if answer is None else choice(answer, BARRIERS),
            _whole(row["sessions"]),
            _whole(row["goal"]),
        )


EXPORTED_KEYS = TABLES["barriers"][1:]  # its columns but the local row id
GOAL_MOST = 100  # the most a weekly goal can be (the config's and the plan's bound)
_BARRIER = exported.optional(exported.one_of(BARRIERS))
_SESSIONS = exported.whole(0, GOAL_MOST - 1, "(a week that fell short of its goal)")
_GOAL = exported.whole(1, GOAL_MOST)


def _week(value: object) -> date:
    """A week, as its Monday: 2026-11-02."""
    if isinstance(value, str) and len(value) == 10 and value.isascii():
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and day.weekday() == 0:
            return day
    raise exported.expected("a week as the date of its Monday, such as 2026-11-02", value)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a whole number: {value!r}")
    return value


def monday(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def last_full_week(today: date, since: date) -> date | None:
    """The Monday of the week before `today`'s, if a plan begun on `since` had all of it."""
    week = monday(today) - timedelta(days=7)
    return week if since <= week else None


def asked(history: History, week: date) -> bool:
    """Whether the question about `week` (its Monday) was asked already."""
    if not there(history.path):
        return False
    try:
        with history.connect() as db:
            found = db.execute("SELECT 1 FROM barriers WHERE week = ?", [week.isoformat()])
            return found.fetchone() is not None
    except sqlite3.Error as exc:
        raise HistoryError(f"cannot read the history's answers: {exc}") from None


def add_answer(history: History, answer: Answer) -> None:
    """Store an answer; one about a week already answered is left out (two runs at once).
    Given as a run starts: a busy history is waited for as briefly as the run's start does."""
    columns = answer.columns()
    names, marks = ", ".join(columns), ", ".join(f":{name}" for name in columns)
    with history.writing(patience=PROBE_PATIENCE) as db:
        db.execute(f"INSERT OR IGNORE INTO barriers ({names}) VALUES ({marks})", columns)


def pain_answers(history: History, since: datetime) -> list[Answer]:
    """The answers 'pain' given from `since` on, oldest first, in local time."""
    return answers(history, since, only="pain")


def answers(
    history: History,
    since: datetime | None = None,
    only: Barrier | None = None,
    skip: Callable[[object, Exception], None] | None = None,
) -> list[Answer]:
    """The answers given from `since` on (only those of `only`, when given), oldest first,
    in local time; a row that cannot be read back is skipped with a warning (or told to
    `skip`, with its id)."""
    query = "SELECT * FROM barriers WHERE at >= ? AND (? IS NULL OR answer = ?) ORDER BY at, id"
    args = [stored_time(since) if since else "", only, only]
    # each moment with the offset it had in the user's zone, not today's
    return history.table_rows("answer", query, args, Answer.from_columns, skip)
