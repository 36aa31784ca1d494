"""Following a plan through the history: its progress worked out from the sessions since it
was adopted (pure, over what `read_plan_past` read), and the level changes it finds stored
through a `PlanStore`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from stretchcli.errors import StretchError, said
from stretchcli.history.barriers import Answer, add_answer, pain_answers
from stretchcli.history.level_rule import Judge, told
from stretchcli.history.levels import (
    LevelChange,
    add_level_changes,
    began,
    in_force,
    level_changes,
)
from stretchcli.history.store import History
from stretchcli.model import Exercise, Routine
from stretchcli.plan.engine import (
    Decision,
    Progress,
    Rated,
    Standing,
    done_on,
    plan_exercises,
    progress,
    routine_done,
    start,
)
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Ladder, Plan
from stretchcli.plan.standing import done_elsewhere
from stretchcli.records import Session
from stretchcli.text import full_date


@dataclass(frozen=True)
class Followed:
    """A plan's progress as of now: since when it counts, every exercise's standing, and its
    stored changes (with those just found)."""

    since: datetime
    progress: Progress
    changes: tuple[LevelChange, ...]
    sessions: tuple[Rated, ...]
    # Each routine's exercises by id: its steps (also those the plan leaves out, which keep
    # their place) and what a session of it does in their place (`routine_done`).
    steps: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def done(self, routines: Sequence[str]) -> int:
        """How many sessions of these routines were done since the plan began."""
        return sum(1 for s in self.sessions if s.routine in routines and s.ran)

    def holds(self, routine: str | None) -> frozenset[str]:
        """The exercises a session of `routine` holds (None: of any of the plan's): its
        steps, and the alternatives done in their place."""
        steps = (
            self.steps.get(routine, frozenset())
            if routine is not None
            else frozenset().union(*self.steps.values())
        )
        standings = self.progress.standings
        instead = {s.instead for n in steps if (s := standings.get(n)) and s.instead is not None}
        return steps | instead

    def done_earlier(self, routine: str | None, day: date) -> frozenset[str]:
        """The exercises of `routine` that a session of another routine did in full on `day`,
        which a session of it then leaves out (none, where that would leave it nothing)."""
        steps = self.steps.get(routine or "", frozenset())
        done = steps & done_elsewhere(self.sessions, routine, day, self.steps.keys()).keys()
        return frozenset() if done == steps else done

    def said_next(self, routine: str | None, leaving: Collection[str] = ()) -> tuple[str, ...]:
        """What the next session of `routine` (None: of any) starts with: each change not
        said yet about an exercise it holds (not those of `leaving`, which it leaves out:
        done in full earlier today; attack 16, H8)."""
        holds = self.holds(routine) - frozenset(leaving)
        return self.progress.pending(self.sessions, holds, self.steps)

    def eased_next(self, routine: str | None, leaving: Collection[str] = ()) -> frozenset[str]:
        """The exercises that the next session of `routine` holds whose last session was too
        much for them, not said yet (`Progress.eased`)."""
        holds = self.holds(routine) - frozenset(leaving)
        return self.progress.eased(self.sessions, holds, self.steps)


@dataclass(frozen=True)
class PlanPast:
    """What a plan's progress is worked out from, as read from the history at `now`: every
    stored level change, and from the plan's start on (now, for a plan not adopted yet) its
    sessions and the answers 'pain' about short weeks."""

    now: datetime
    changes: tuple[LevelChange, ...]
    sessions: tuple[Session, ...]
    pain: tuple[Answer, ...]

    def since(self, plan: Plan) -> datetime:
        """When `plan` began: its latest stored start, or now for a plan not adopted yet (or
        changed since)."""
        return _start(self.changes, plan, self.now) or self.now

    def routine_today(self, plan: Plan) -> str | None:
        """The plan's routine for today (None: a rest day), as `stretch run` picks it: on a
        day of two routines, the first not done yet today."""
        day = self.now.date()
        return plan.schedule.routine_on(day, self.done(plan), done_on(_rated(self), day))

    def done(self, plan: Plan) -> int:
        """How many sessions of the plan's routines were done since it began."""
        routines = plan.schedule.routines()
        return sum(1 for s in _rated(self) if s.routine in routines and s.ran)


def _start(changes: Sequence[LevelChange], plan: Plan, now: datetime) -> datetime | None:
    """When `plan` was adopted, as stored; None if it was not (or another plan was since).
    A start after `now` was stored by a clock that ran ahead: not begun yet (the plan
    begins now instead, rather than stand still until that day)."""
    return began(changes, plan.fingerprint, now)


def read_plan_past(history: History, plan: Plan) -> PlanPast:
    """What `plan`'s progress is worked out from, read from the history."""
    changes = tuple(level_changes(history))
    now = history.now()
    since = _start(changes, plan, now) or now
    # a session a wrong clock put after now has not happened yet: it counts once it has
    sessions = tuple(history.sessions(since=since, until=now))
    return PlanPast(now, changes, sessions, tuple(pain_answers(history, since)))


@dataclass(frozen=True)
class Following:
    """A plan's progress, and the level changes to store: its start (a plan not adopted
    yet), then the decisions not stored yet."""

    followed: Followed
    begun: tuple[LevelChange, ...]
    new: tuple[LevelChange, ...]


def follow_from(
    past: PlanPast,
    plan: Plan,
    ladders: Mapping[str, Ladder],
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
) -> Following:
    """The plan's progress from what `past` read (pure); the changes to store with it."""
    names = plan_exercises(plan, routines, exercises)
    since = past.since(plan)
    begun: tuple[LevelChange, ...] = ()
    if _start(past.changes, plan, past.now) is None:
        begun = tuple(
            LevelChange(since, n, "start", None, s.level, s.reason, None, plan.fingerprint)
            for n, s in start(plan, ladders, exercises, names).items()
        )
    stored = (*past.changes, *begun)
    rated = _rated(past)
    sessions = rated + tuple(_pain_said(a, names, rated) for a in past.pain)
    done = {
        name: routine_done(plan, routines[name], exercises)
        for name in plan.schedule.routines()
        if name in routines
    }
    steps = {
        name: frozenset(step.exercise for step in routines[name].steps) | frozenset(did)
        for name, did in done.items()
    }
    found = progress(plan, ladders, exercises, names, sessions, done)
    known = {(c.session, c.exercise, c.change) for c in stored if c.at >= since}
    new = tuple(
        LevelChange.of(d, plan.fingerprint)
        for d in found.decisions
        if (d.session, d.exercise, d.change) not in known
    )
    kept = _followed(stored, found, start(plan, ladders, exercises, names), plan, since)
    return Following(Followed(since, found, kept, sessions, steps), begun, new)


def _followed(
    stored: Sequence[LevelChange],
    found: Progress,
    starting: Mapping[str, Standing],
    plan: Plan,
    since: datetime,
) -> tuple[LevelChange, ...]:
    """The changes of the plan since it began as it works them out from the sessions, oldest
    first: its start, and each decision (as stored, where it is). A stored change it does
    not make (another plan's, one changed by hand, by an older stretch or on a machine that
    saw other sessions) is not among them: it is not where the exercise is."""
    decided = {_made(d): d for d in found.decisions}
    kept = [
        c
        for c in stored
        if c.plan == plan.fingerprint
        and c.at >= since
        and (
            c.level == getattr(starting.get(c.exercise), "level", None)
            if c.change == "start"
            else decided.pop(_made(c), None) is not None
        )
    ]
    kept += [LevelChange.of(d, plan.fingerprint) for d in decided.values()]  # not stored yet
    return tuple(sorted(kept, key=lambda c: c.at))


def _made(change: LevelChange | Decision) -> tuple[object, ...]:
    """What a decision of the plan is, whatever its words: after which session, of which
    exercise, which change, from and to which level, for what."""
    return (
        change.session,
        change.exercise,
        change.change,
        change.before,
        change.level,
        change.alternative,
    )


def told_changes(
    history: History,
    plan: Plan | None,
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
) -> tuple[list[LevelChange], Followed | None]:
    """Every stored level change told as made (`level_rule.told`), oldest first, with the
    progress of the plan in use, as `stretch plan` works it out (None: no plan, or one not
    adopted yet). Nothing is stored: a decision not stored yet is told all the same."""
    ladders = file_ladders(exercises)
    judge = Judge(exercises, ladders, plan)
    if plan is None:
        return told(in_force(level_changes(history), history.now()), judge, None, ()), None
    past = read_plan_past(history, plan)
    if _start(past.changes, plan, past.now) is None:
        return told(in_force(past.changes, past.now), judge, None, ()), None
    followed = follow_from(past, plan, ladders, routines, exercises).followed
    return told(past.changes, judge, followed.since, followed.changes), followed


def _rated(past: PlanPast) -> tuple[Rated, ...]:
    """The finished sessions since the plan began, as the plan sees them."""
    return tuple(Rated.of(s) for s in past.sessions if s.status != "running")


def follow(
    history: History,
    plan: Plan,
    ladders: Mapping[str, Ladder],
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
    warn: Callable[[str], None],
) -> Followed:
    """The plan's progress from the sessions since it was adopted (a plan not adopted yet, or
    changed since, starts now: its start is stored); the changes not stored yet are stored.
    A history that cannot be read (from a newer stretch, not reached) is a HistoryError, as
    for `stretch history`: a plan worked out from no sessions would show one begun today.
    One that cannot be written is a warning: the progress is still worked out."""
    found = follow_from(read_plan_past(history, plan), plan, ladders, routines, exercises)
    store = PlanRecorder(history)
    store_changes(store, found.begun, warn)
    store_changes(store, found.new, warn)
    return found.followed


def free_to_adopt(history: History) -> None:
    """Wait for the history's write lock as any writer waits, or stop with its HistoryError
    (busy, from a newer stretch, not reached): a plan is adopted only where its start is
    recorded as it is adopted; recorded later, by the next command, it would put the
    sessions between before the plan. A history not made yet is made."""
    with history.writing():
        pass


class PlanStore(Protocol):
    """What a session of a plan writes to the history: level changes, and the answer about
    a short week."""

    def add_level_changes(self, changes: Sequence[LevelChange]) -> None:
        """Store changes, all of them or none."""
        ...

    def add_answer(self, answer: Answer) -> None:
        """Store the answer about a short week."""
        ...


@dataclass(frozen=True)
class PlanRecorder:
    """The history as a `PlanStore`."""

    history: History

    def add_level_changes(self, changes: Sequence[LevelChange]) -> None:
        """Store changes, all of them or none."""
        add_level_changes(self.history, changes)

    def add_answer(self, answer: Answer) -> None:
        """Store the answer about a short week."""
        add_answer(self.history, answer)


def store_changes(
    store: PlanStore, changes: Sequence[LevelChange], warn: Callable[[str], None]
) -> tuple[LevelChange, ...]:
    """Store `changes`; those stored (none when the history cannot be written: a warning)."""
    try:
        store.add_level_changes(changes)
    except (StretchError, sqlite3.Error) as exc:
        warn(f"the plan's level changes could not be recorded: {said(exc)}")
        return ()
    return tuple(changes)


def _pain_said(answer: Answer, names: Sequence[str], sessions: Sequence[Rated]) -> Rated:
    """A week's shortfall put down to pain, as the plan sees it, as of when it was said: each
    exercise of the plan that the week's sessions held hurt (and no other: a week with no
    session changes nothing)."""
    monday = answer.week
    held = {
        name
        for s in sessions
        if monday <= s.at.date() < monday + timedelta(days=7)
        for name in (*s.tried, *s.done, *s.hurt)
    }
    return Rated(
        uid=f"barrier-{monday.isoformat()}",
        at=answer.at,
        done=(),
        tried=(),
        hurt=frozenset(n for n in names if n in held),
        why=f"you said pain got in the way in the week of {full_date(monday)}",
        week=monday,
    )
