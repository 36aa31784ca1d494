"""What got in the way of a week that fell short of the plan's weekly goal, as the person
answered at their next session (the `barriers` table): one answer per week, never asked
twice, a skipped question kept as no answer."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from stretchcli.errors import HistoryError
from stretchcli.history.store import History
from stretchcli.records import choice, local_time, stored_time

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


def asked(history: History, week: date) -> bool:
    """Whether the question about `week` (its Monday) was asked already."""
    if not history.path.exists():
        return False
    try:
        with history.connect() as db:
            found = db.execute("SELECT 1 FROM barriers WHERE week = ?", [week.isoformat()])
            return found.fetchone() is not None
    except sqlite3.Error as exc:
        raise HistoryError(f"cannot read the history's answers: {exc}") from None


def add_answer(history: History, answer: Answer) -> None:
    """Store an answer; one about a week already answered is left out (two runs at once)."""
    columns = answer.columns()
    names, marks = ", ".join(columns), ", ".join(f":{name}" for name in columns)
    with history.writing() as db:
        db.execute(f"INSERT OR IGNORE INTO barriers ({names}) VALUES ({marks})", columns)


def pain_answers(history: History, since: datetime) -> list[Answer]:
    """The answers 'pain' given from `since` on, oldest first, in local time."""
    if not history.path.exists():
        return []
    local = history.now().tzinfo
    query = "SELECT * FROM barriers WHERE answer = 'pain' AND at >= ? ORDER BY at, id"
    found = []
    try:
        with history.connect() as db:
            cursor = db.cursor()
            cursor.row_factory = sqlite3.Row
            for row in cursor.execute(query, [stored_time(since)]):
                try:
                    found.append(
                        Answer(
                            local_time(row["at"], local),
                            date.fromisoformat(str(row["week"])),
                            choice(row["answer"], BARRIERS),
                            int(row["sessions"]),
                            int(row["goal"]),
                        )
                    )
                except (TypeError, ValueError) as exc:
                    history.warn(f"skipping answer {row['id']} of the history: {exc}")
    except sqlite3.Error as exc:
        raise HistoryError(f"cannot read the history's answers: {exc}") from None
    return found
