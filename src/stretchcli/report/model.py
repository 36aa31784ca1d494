"""What `stretch report` says, worked out from the stored sessions and reminders: pure data,
the same numbers for every format (HTML, Markdown, CSV, JSON)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from stretchcli.errors import UsageError
from stretchcli.history.weeks import Week, by_week, mean
from stretchcli.records import Reminder, Session
from stretchcli.safety import GENERAL, SHORT

SINCE_HELP = "6w (this week and the five before), 30d, or a date like 2026-10-01"
MAX_DAYS = 3660  # ten years: any longer is a typo
SELF_REPORTED = (
    "Recorded by the person themselves with stretch, a terminal stretching coach: times are "
    "measured, pain (0-10, 0 none) and difficulty (0-10, 0 very easy) are their own ratings."
)
REMINDER_ANSWERS = ("started", "snoozed", "skipped", "no answer", "shown")


def parse_since(text: str, today: date) -> date:
    """The first day of the report: '6w' (this week and the five before, from a Monday),
    '30d' (today and the 29 days before), or a date; a UsageError otherwise."""
    text = text.strip().lower()
    found = re.fullmatch(r"(\d{1,4})\s*([wd])", text)
    if found:
        count = int(found[1])
        days = count * 7 if found[2] == "w" else count
        if not 1 <= days <= MAX_DAYS:
            raise UsageError(f"--since {text}: expected from 1d to {MAX_DAYS // 7}w", SINCE_HELP)
        if found[2] == "w":
            return today - timedelta(days=today.weekday(), weeks=count - 1)
        return today - timedelta(days=count - 1)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        start = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since: cannot read '{text}'", SINCE_HELP) from None
    if start > today:
        raise UsageError(f"--since {text} is after today", SINCE_HELP)
    if (today - start).days >= MAX_DAYS:
        raise UsageError(f"--since {text}: at most {MAX_DAYS // 365} years back", SINCE_HELP)
    return start


@dataclass(frozen=True)
class Tally:
    """How one exercise went over the period."""

    exercise: str
    sessions: int  # sessions it was in (as done, begun, skipped or not reached)
    done: int
    partial: int
    skipped: int
    not_reached: int
    swapped: int  # times --avoid swapped it for its alternative
    left_out: int  # times --avoid left it out (its alternative had the movement too)
    instead: tuple[str, ...]  # what it was swapped for
    avoided: tuple[str, ...]  # the movements that were avoided


@dataclass(frozen=True)
class Row:
    """One session of the period."""

    uid: str
    started_at: datetime
    routine: str
    status: str
    minutes: float
    exercises: int
    done: int
    pain_before: int | None
    pain_after: int | None
    difficulty: int | None
    avoided: tuple[str, ...]
    note: str | None

    def record(self) -> dict[str, object]:
        """The row as JSON-ready data: the report's JSON, and its CSV's columns."""
        return {
            "uid": self.uid,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "routine": self.routine,
            "status": self.status,
            "minutes": self.minutes,
            "exercises": self.exercises,
            "exercises_done": self.done,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "difficulty": self.difficulty,
            "avoided": list(self.avoided),
            "note": self.note,
        }


@dataclass(frozen=True)
class Totals:
    """The period in a few numbers."""

    sessions: int  # every session started
    counted: int  # the ones that count towards the goal
    completed: int
    minutes: float
    full_weeks: int
    weeks_at_goal: int  # of the full weeks
    per_week: float  # counted sessions per full week (or per week so far)
    pain_before: float | None
    pain_after: float | None
    change: float | None  # the average of (after - before) over sessions rated both times
    difficulty: float | None


@dataclass(frozen=True)
class Report:
    """Everything a report says."""

    start: date
    end: date
    routine: str | None
    goal: int
    generated: datetime
    totals: Totals
    weeks: tuple[Week, ...]
    exercises: tuple[Tally, ...]
    sessions: tuple[Row, ...]
    reminders: dict[str, int]  # notifications shown and their answers; typed at the terminal
    safety: tuple[str, ...] = (SHORT, *GENERAL)


def build(
    sessions: Sequence[Session],
    reminders: Sequence[Reminder],
    start: date,
    now: datetime,
    goal: int,
    routine: str | None = None,
    first: date | None = None,
) -> Report:
    """The report of the sessions and reminders (already chosen by routine) from `start`
    to `now`. The period begins no earlier than the week of `first`, the day of the first
    session ever: weeks before anyone used stretch are not weeks the goal was missed in."""
    today = now.date()
    if first is not None:
        start = max(start, first - timedelta(days=first.weekday()))
    sessions = [s for s in sessions if s.started_at.date() >= start]
    reminders = [r for r in reminders if r.at.date() >= start]
    weeks = by_week(sessions, start, today)
    full = [w for w in weeks if w.days == 7 and w.monday + timedelta(days=6) < today]
    counted = [s for s in sessions if s.counts()]
    changes = [
        s.pain_after - s.pain_before
        for s in sessions
        if s.pain_before is not None and s.pain_after is not None
    ]
    spread = full or weeks
    totals = Totals(
        sessions=len(sessions),
        counted=len(counted),
        completed=sum(s.status == "completed" for s in sessions),
        minutes=round(sum(s.seconds for s in sessions) / 60, 1),
        full_weeks=len(full),
        weeks_at_goal=sum(w.sessions >= goal for w in full),
        per_week=round(sum(w.sessions for w in spread) / len(spread), 1) if spread else 0.0,
        pain_before=mean([s.pain_before for s in sessions if s.pain_before is not None]),
        pain_after=mean([s.pain_after for s in sessions if s.pain_after is not None]),
        change=mean(changes),
        difficulty=mean([s.difficulty for s in sessions if s.difficulty is not None]),
    )
    return Report(
        start=start,
        end=today,
        routine=routine,
        goal=goal,
        generated=now,
        totals=totals,
        weeks=tuple(weeks),
        exercises=_tallies(sessions),
        sessions=tuple(_row(s) for s in sessions),
        reminders=_reminders(reminders),
    )


def _tallies(sessions: Sequence[Session]) -> tuple[Tally, ...]:
    """Per exercise, in the order they first came: how each went, and what --avoid did."""
    statuses: dict[str, Counter[str]] = {}
    swaps: dict[str, tuple[Counter[str], set[str], set[str]]] = {}
    for session in sessions:
        for result in session.exercises:
            statuses.setdefault(result.exercise, Counter())[result.status] += 1
        for swap in session.swaps:
            kinds, instead, avoided = swaps.setdefault(swap.exercise, (Counter(), set(), set()))
            kinds["swapped" if swap.instead else "left out"] += 1
            instead.update([swap.instead] if swap.instead else [])
            avoided.update(swap.avoided)
    order = list(statuses) + [e for e in swaps if e not in statuses]
    tallies = []
    for exercise in order:
        seen = statuses.get(exercise, Counter())
        kinds, instead, avoided = swaps.get(exercise, (Counter(), set(), set()))
        tallies.append(
            Tally(
                exercise=exercise,
                sessions=sum(seen.values()),
                done=seen["done"],
                partial=seen["partial"],
                skipped=seen["skipped"],
                not_reached=seen["not reached"],
                swapped=kinds["swapped"],
                left_out=kinds["left out"],
                instead=tuple(sorted(instead)),
                avoided=tuple(sorted(avoided)),
            )
        )
    return tuple(tallies)


def _row(session: Session) -> Row:
    return Row(
        uid=session.uid,
        started_at=session.started_at,
        routine=session.routine,
        status=session.status,
        minutes=round(session.seconds / 60, 1),
        exercises=len(session.exercises),
        done=sum(e.status == "done" for e in session.exercises),
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        difficulty=session.difficulty,
        avoided=tuple(sorted({m for swap in session.swaps for m in swap.avoided})),
        note=session.note,
    )


def _reminders(reminders: Sequence[Reminder]) -> dict[str, int]:
    """Notifications shown and how they were answered, and snoozes and skips typed."""
    shown: Counter[str] = Counter(
        r.outcome for r in reminders if r.via == "notification" and r.outcome != "failed"
    )
    typed: Counter[str] = Counter(r.outcome for r in reminders if r.via == "command")
    return {
        "notifications": sum(shown.values()),
        **{answer: shown[answer] for answer in REMINDER_ANSWERS},
        "snoozed at the terminal": typed["snoozed"],
        "skipped at the terminal": typed["skipped"],
    }
