"""What `stretch report` says, worked out from the stored sessions and reminders: pure data,
the same numbers for every format (HTML, Markdown, CSV, JSON)."""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from stretchcli.goals import WeeklyGoal, weekly_goal
from stretchcli.history.tallies import ExerciseTally
from stretchcli.history.weeks import Week, by_week, sum_days
from stretchcli.records import Day, Outcome, Session, Via, changes_said
from stretchcli.safety import GENERAL, SHORT

if TYPE_CHECKING:
    from stretchcli.report.plan import PlanPart

SELF_REPORTED = (
    "Recorded by the person themselves with stretch, a terminal stretching coach: times are "
    "measured, pain (0-10, 0 none) and difficulty (0-10, 0 very easy) are their own ratings."
)
REMINDER_ANSWERS = ("started", "snoozed", "skipped", "no answer", "shown")


@dataclass(frozen=True)
class Tally:
    """How one exercise went over the period."""

    exercise: str
    sessions: int  # sessions it was in (as done, begun, skipped, not reached or it hurt)
    done: int
    partial: int
    skipped: int
    not_reached: int
    hurt: int  # ended with `h`, or named after the session as the one that hurt
    swapped: int  # times --avoid swapped it for its alternative
    left_out: int  # times --avoid left it out (its alternative had the movement too)
    instead: tuple[str, ...]  # what it was swapped for
    avoided: tuple[str, ...]  # the movements that were avoided


class Row(NamedTuple):
    """One session of the period (a tuple: a million of them are written one by one)."""

    uid: str
    started_at: str  # local time with its offset, to the second
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
    adjusted: str = ""  # how the run changed the routine's steps or dose ('doses ×0.5')
    hurt: int = 0  # exercises that hurt (`h`, or named after the session)
    # Not in its record (`adjusted` says it in words): the plan's part reads it.
    cut: bool = False  # run with some of the routine's steps only (--only, --skip)

    def record(self) -> dict[str, object]:
        """The row as JSON-ready data: the report's JSON, and its CSV's columns."""
        return {
            "uid": self.uid,
            "started_at": self.started_at,
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
            "adjusted": self.adjusted or None,
            # (verify 25, V7: a session red for an exercise that hurt showed no why)
            "exercises_hurt": self.hurt,
        }

    @staticmethod
    def of(found: tuple[Any, ...] | Session) -> Row:
        """The row of a session: from the columns SQL gave (`history.bulk.REPORT_ROW`), or
        from a Session read in Python."""
        if isinstance(found, Session):
            return Row(
                uid=found.uid,
                started_at=found.started_at.isoformat(timespec="seconds"),
                routine=found.routine,
                status=found.status,
                minutes=round(found.seconds / 60, 1),
                exercises=len(found.exercises),
                done=sum(e.in_full for e in found.exercises),
                pain_before=found.pain_before,
                pain_after=found.pain_after,
                difficulty=found.difficulty,
                avoided=tuple(sorted({m for swap in found.swaps for m in swap.avoided})),
                note=found.note,
                adjusted=run_changes(json.dumps(found.options)),
                hurt=sum(e.status == "hurt" for e in found.exercises),
                cut=steps_cut(json.dumps(found.options)),
            )
        uid, started, routine, status, seconds, counts, before, after, hard, avoided, note, how = (
            found
        )
        return Row(
            uid,
            started,
            routine,
            status,
            round(seconds / 60, 1),
            counts & _COUNT,
            counts >> 20 & _COUNT,
            before,
            after,
            hard,
            () if avoided is None else tuple(json.loads(avoided)),
            note,
            run_changes(how),
            counts >> 40,
            steps_cut(how),
        )


@functools.lru_cache(maxsize=256)  # a history's runs have a few options, many times over
def run_changes(options: object) -> str:
    """How a run changed its routine's steps or dose, from its stored options (JSON), in
    words ('doses ×0.5, chosen steps only', as `history` says it); '' for none."""
    try:
        found = json.loads(options) if isinstance(options, str) else None
    except (ValueError, RecursionError):
        return ""
    return changes_said(found) if isinstance(found, dict) else ""


@functools.lru_cache(maxsize=256)
def steps_cut(options: object) -> bool:
    """Whether a run did some of its routine's steps only (--only, --skip), from its stored
    options (JSON); --minutes and --scale change the dose, never the steps."""
    try:
        found = json.loads(options) if isinstance(options, str) else None
    except (ValueError, RecursionError):
        return False
    return isinstance(found, dict) and any(found.get(k) for k in ("only", "skip"))


_COUNT = (1 << 20) - 1  # one count of REPORT_ROW's: a session has at most MAX_STEPS exercises


@dataclass(frozen=True)
class Totals:
    """The period in a few numbers."""

    sessions: int  # every session started
    counted: int  # the ones that count towards the goal
    completed: int
    minutes: float
    full_weeks: int
    weeks_at_goal: int  # of the full weeks
    per_week: float  # counted sessions per full week (or per week so far), unrounded
    pain_before: float | None
    pain_after: float | None
    change: float | None  # the average of (after - before) over sessions rated both times
    difficulty: float | None
    chosen: int = 0  # sessions run with only some of the routine's steps (--only, --skip)


@dataclass(frozen=True)
class Names:
    """What the routines folders say of a report's routines and exercises: their names, and
    each exercise's dose in words (a routine or exercise whose file is gone keeps its id)."""

    routines: Mapping[str, str] = field(default_factory=dict)  # id -> name
    exercises: Mapping[str, str] = field(default_factory=dict)
    doses: Mapping[str, str] = field(default_factory=dict)  # exercise id -> 'hold 20 s × 3'

    def routine(self, ident: str) -> str:
        """A routine's name, else its id."""
        return self.routines.get(ident, ident)

    def exercise(self, ident: str) -> str:
        """An exercise's name, else its id."""
        return self.exercises.get(ident, ident)


@dataclass(frozen=True)
class Report:
    """Everything a report says; its sessions are read as they are written (`rows`)."""

    start: date
    end: date
    routine: str | None
    goal: int  # the goal now
    generated: datetime
    totals: Totals
    weeks: tuple[Week, ...]
    exercises: tuple[Tally, ...]
    rows: Callable[[], Iterator[Row]]  # the period's sessions, oldest first, each time anew
    reminders: dict[str, int]  # notifications shown and their answers; typed at the terminal
    safety: tuple[str, ...] = (SHORT, *GENERAL)
    person: str | None = None  # whose report: their login name, where known
    routines: tuple[tuple[str, int], ...] = ()  # (routine, sessions), the most done first
    names: Names = Names()
    plan: PlanPart | None = None  # a plan, its level changes and answers (None: none at all)
    last: date | None = None  # with no session in the period: the day of the latest before
    goals: WeeklyGoal | None = None  # week by week, where a plan changed it (else `goal`)

    def goal_of(self, monday: date) -> int:
        """The goal of the week of `monday` (the one it had)."""
        return (self.goals or WeeklyGoal(self.goal)).of(monday)

    def goal_words(self, full: bool = False) -> str:
        """The period's goal: '5 a week', or '5 a week from the week of 2 Nov 2026 (3
        before)'; `full`: the goals of its full weeks alone (those the average is of)."""
        goals, weeks = self.goals or WeeklyGoal(self.goal), full_weeks(self.weeks, self.end)
        if full and weeks:
            return goals.words(weeks[0].monday, weeks[-1].monday + timedelta(days=6))
        return goals.words(self.start, self.end)

    @property
    def year(self) -> int | None:
        """The one year the period is in (its dates are shown without it), or None."""
        return self.start.year if self.start.year == self.end.year else None


def full_weeks(weeks: Sequence[Week], today: date) -> list[Week]:
    """The weeks of all seven days that ended before `today`."""
    return [w for w in weeks if w.days == 7 and w.monday + timedelta(days=6) < today]


def period_start(start: date, first: date | None) -> date:
    """The first day of the period: `start`, but no earlier than the week of `first`, the
    day of the first session ever (weeks before anyone used stretch are not weeks the goal
    was missed in)."""
    if first is None:
        return start
    return max(start, first - timedelta(days=first.weekday()))


def build(
    days: Sequence[Day],
    tallies: Sequence[ExerciseTally],
    reminders: Counter[tuple[Via, Outcome]],
    rows: Callable[[], Iterator[Row]],
    start: date,
    now: datetime,
    goal: int | WeeklyGoal,
    routine: str | None = None,
    routines: Sequence[tuple[str, int]] = (),
    names: Names = Names(),
    person: str | None = None,
) -> Report:
    """The report from `start` to `now` of the days' sessions (already chosen by routine and
    period), the exercises' tallies, the reminders counted, the sessions' rows and the
    sessions counted by routine; with the routines' and exercises' names, for `person`."""
    today = now.date()
    goals = weekly_goal(goal).within(start, today)  # the goals the period's weeks had
    days = [d for d in days if start <= d.day <= today]
    weeks = by_week(days, start, today)
    full = full_weeks(weeks, today)
    spread = full or weeks
    every = sum_days(days)
    totals = Totals(
        sessions=every.sessions,
        counted=every.counted,
        completed=every.completed,
        minutes=round(every.seconds / 60, 1),
        full_weeks=len(full),
        weeks_at_goal=sum(w.sessions >= goals.of(w.monday) for w in full),
        per_week=sum(w.sessions for w in spread) / len(spread) if spread else 0.0,
        pain_before=every.pain_before.mean(),
        pain_after=every.pain_after.mean(),
        change=every.change.mean(),
        difficulty=every.difficulty.mean(),
        chosen=every.chosen,
    )
    return Report(
        start=start,
        end=today,
        routine=routine,
        goal=goals.now,
        generated=now,
        totals=totals,
        weeks=tuple(weeks),
        exercises=tuple(_tally(t) for t in tallies),
        rows=rows,
        reminders=_reminders(reminders),
        person=person,
        routines=tuple(routines),
        names=names,
        goals=goals if goals.steps else None,
    )


def _tally(found: ExerciseTally) -> Tally:
    seen = found.statuses
    return Tally(
        exercise=found.exercise,
        sessions=found.sessions,
        done=seen["done"],
        partial=seen["partial"],
        skipped=seen["skipped"],
        not_reached=seen["not reached"],
        hurt=seen["hurt"],
        swapped=found.swapped,
        left_out=found.left_out,
        instead=found.instead,
        avoided=found.avoided,
    )


def _reminders(counts: Counter[tuple[Via, Outcome]]) -> dict[str, int]:
    """Notifications shown and how they were answered, and snoozes and skips typed."""
    shown: dict[str, int] = {
        outcome: n
        for (via, outcome), n in counts.items()
        if via == "notification" and outcome != "failed"
    }
    return {
        "notifications": sum(shown.values()),
        **{answer: shown.get(answer, 0) for answer in REMINDER_ANSWERS},
        "snoozed at the terminal": counts["command", "snoozed"],
        "skipped at the terminal": counts["command", "skipped"],
    }
