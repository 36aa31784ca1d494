"""What the report says of a plan: each exercise's level over the period with every change and
its reason, the sessions planned against those done week by week with the answers about the
weeks that fell short, and the sessions whose pain reached the plan's ceiling. Pure data,
worked out from the plan, its stored level changes and answers, and the period's session rows
(`report.model.Row`); the words a physiotherapist reads are in `plan_text.py`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from stretchcli.history.barriers import Answer
from stretchcli.history.levels import LevelChange
from stretchcli.model import Exercise
from stretchcli.plan.engine import Standing
from stretchcli.plan.model import WEEKDAYS, Ladder, Plan, Rules
from stretchcli.plan.words import dose_text, level_text

Light = tuple[int, int, int]  # sessions rated green, amber, red


class Row(Protocol):
    """What the plan's part reads of a session row (`report.model.Row`)."""

    @property
    def started_at(self) -> str: ...
    @property
    def routine(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def done(self) -> int: ...
    @property
    def exercises(self) -> int: ...
    @property
    def pain_before(self) -> int | None: ...
    @property
    def pain_after(self) -> int | None: ...
    @property
    def hurt(self) -> int: ...
    @property
    def cut(self) -> bool: ...


@dataclass(frozen=True)
class PlanWeek:
    """One week of the plan: what it planned, what was done, and what got in the way."""

    monday: date
    planned: int  # the plan's sessions for the days of the week in the period
    done: int  # sessions of the plan's routines that count (as for the weekly goal)
    light: Light  # sessions by their pain after (red where an exercise hurt): green, amber, red
    answer: Answer | None  # what got in the way, where the week fell short and was asked
    partial: int = 0  # of `done`, those that did not do all of their routine (`whole`)
    # Sessions of any routine, as the weekly goal counts them (`history`, the question about
    # a short week): whether the week fell short (verify 25, V2: "met" and "short" at once).
    counted: int = 0


@dataclass(frozen=True)
class Climb:
    """An exercise's level over the period: where it was at its start, each change in it,
    and where it is now."""

    exercise: str
    first: int  # the level as the period (or the plan) began
    changes: tuple[LevelChange, ...]  # up, down, alternative, oldest first
    standing: int | None = None  # its level in the plan in use now (None: not in it)

    @property
    def now(self) -> int:
        """The level at the end of the period (today's: the plan's now, where it has one)."""
        if self.standing is not None:
            return self.standing
        return self.changes[-1].level if self.changes else self.first

    @property
    def replaced(self) -> LevelChange | None:
        """The change that swapped the exercise for its alternative or left it out, if that
        is where the period ends."""
        last = self.changes[-1] if self.changes else None
        return last if last is not None and last.change == "alternative" else None


@dataclass(frozen=True)
class Flag:
    """A session whose pain after reached the plan's ceiling."""

    started_at: str  # as the session row has it
    routine: str
    pain_before: int | None
    pain_after: int


@dataclass(frozen=True)
class PlanPart:
    """The plan's part of the report (`plan` None: level changes and answers are in the
    history, but there is no plan now: nothing is planned and there is no ceiling)."""

    plan: Plan | None
    goal: int
    since: date  # the first day of the period the plan counts from
    weeks: tuple[PlanWeek, ...]
    climbs: tuple[Climb, ...]
    answers: tuple[Answer, ...]  # of the weeks of the period, oldest first
    flags: tuple[Flag, ...]
    doses: Mapping[str, str] = field(default_factory=dict)  # exercise -> its dose now
    begun: date | None = None  # the day the plan began (its start in the history)
    today: date | None = None  # the report's last day

    @property
    def year(self) -> int | None:
        """The one year the plan's period is in (its dates are shown without it), or None."""
        last = self.today or self.since
        return self.since.year if self.since.year == last.year else None

    @property
    def ceiling(self) -> int | None:
        """The plan's pain ceiling (0-10), if there is a plan."""
        return self.plan.rules.ceiling.value if self.plan else None

    @property
    def changes(self) -> tuple[LevelChange, ...]:
        """Every change of the period, oldest first."""
        # (two at one moment in the order they were stored, as `stretch history` has them)
        return tuple(
            sorted((c for x in self.climbs for c in x.changes), key=lambda c: (c.at, c.id))
        )


def whole(row: Row) -> bool:
    """Whether a session did all of its routine: completed, every exercise in full, and no
    step left out with --only or --skip (else it is partial)."""
    return row.status == "completed" and row.done == row.exercises and not row.cut


def planned_on(plan: Plan, monday: date, first: date, last: date, goal: int) -> int:
    """Sessions the plan sets for the week of `monday`, counting the days from `first` to
    `last` only: its weekdays with a routine, or (a rotation) the weekly goal, in proportion
    to the days of the week counted."""
    days = [monday + timedelta(days=n) for n in range(7)]
    counted = [d for d in days if first <= d <= last]
    if plan.schedule.rotation:
        return round(goal * len(counted) / 7)
    on = plan.schedule.by_day()
    return sum(len(on.get(WEEKDAYS[d.weekday()], ())) for d in counted)


def light(rules: Rules, before: int | None, after: int | None, hurt: int = 0) -> int | None:
    """A session's traffic light as the plan's rules read its pain (0 green, 1 amber, 2 red;
    None: not rated after); red, rated or not, where an exercise hurt (as the plan steps
    that exercise down)."""
    if hurt:
        return 2
    if after is None:
        return None
    if rules.too_much(before, after):
        return 2
    return 0 if after <= rules.green.value else 1


def plan_part(
    plan: Plan | None,
    goal: int,
    start: date,
    today: date,
    changes: Sequence[LevelChange],
    answers: Sequence[Answer],
    rows: Iterable[Row],
    standings: Mapping[str, Standing] | None = None,
    adopted: datetime | None = None,
) -> PlanPart | None:
    """The plan's part of a report from `start` to `today` (None: no plan, no level change
    and no answer: the report says nothing of a plan). `changes` are every change told as
    made (`level_rule.told`), `answers` every stored answer; `rows` the period's sessions,
    read once; `standings` where the plan has each exercise now and `adopted` when it began,
    as `stretch plan` works them out (None: a plan no command has followed yet)."""
    in_period = [a for a in answers if start - timedelta(days=6) <= a.week <= today]
    if plan is None and not changes and not in_period:
        return None
    if plan is None:  # the latest start of any plan tells since when levels are told
        starts = [c.at for c in changes if c.change == "start"]
        adopted = starts[-1] if starts else None
    # A plan no command has followed yet begins at the first that does: today, at the
    # earliest (a report follows no plan); before it, nothing was planned.
    begun = adopted.date() if adopted else (today if plan is not None else start)
    since = max(start, begun)
    routines = set(plan.schedule.routines()) if plan else set()
    weekly: dict[date, list[int]] = {}
    anything: dict[date, int] = {}  # sessions of any routine: what the weekly goal counts
    flags = []
    for row in rows if plan is not None else ():  # without a plan, nothing to count
        day = date.fromisoformat(row.started_at[:10])
        monday = day - timedelta(days=day.weekday())
        anything[monday] = anything.get(monday, 0) + (row.status == "completed" or row.done > 0)
        if plan is None or day < since or row.routine not in routines:
            continue
        if day == begun and adopted is not None and _before(row.started_at, adopted):
            continue  # done before the plan was adopted that day: not the plan's
        counts = weekly.setdefault(monday, [0, 0, 0, 0, 0])
        if row.status == "completed" or row.done:  # as the weekly goal counts it
            counts[0] += 1
            counts[4] += not whole(row)
        found = light(plan.rules, row.pain_before, row.pain_after, row.hurt)
        if found is not None:
            counts[1 + found] += 1
        if row.pain_after is not None and plan.over_ceiling(row.routine, row.pain_after):
            flags.append(Flag(row.started_at, row.routine, row.pain_before, row.pain_after))
    by_week = {a.week: a for a in in_period}
    weeks = []
    if plan is not None:
        monday = since - timedelta(days=since.weekday())
        while monday <= today:
            done, green, amber, red, partial = weekly.get(monday, [0, 0, 0, 0, 0])
            planned = planned_on(plan, monday, since, today, goal)
            weeks.append(
                PlanWeek(
                    monday,
                    planned,
                    done,
                    (green, amber, red),
                    by_week.get(monday),
                    partial,
                    anything.get(monday, 0),
                )
            )
            monday += timedelta(days=7)
    return PlanPart(
        plan,
        goal,
        since,
        tuple(weeks),
        _climbs(changes, since, today, standings or {}),
        tuple(in_period),
        tuple(flags),
        begun=begun if adopted else None,
        today=today,
    )


def doses_now(
    part: PlanPart, exercises: Mapping[str, Exercise], ladders: Mapping[str, Ladder]
) -> dict[str, str]:
    """Each exercise's dose at its level now, in a few words ('3 × 30 s a side'), on the
    plan's ladder (or its file's; none for an exercise whose file is gone)."""
    found = {}
    for climb in part.climbs:
        exercise = exercises.get(climb.exercise)
        if exercise is None or climb.replaced is not None:
            continue
        ladder = (
            part.plan.ladder(climb.exercise, ladders) if part.plan else ladders.get(climb.exercise)
        )
        if ladder is not None:
            found[climb.exercise] = level_text(ladder.at(climb.now), exercise)
    return found


def exercise_doses(
    part: PlanPart,
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    names: Mapping[str, str],
) -> dict[str, str]:
    """Each plan exercise's dose now, as the report's Exercises table says doses ('hold 30 s
    × 4, plan level 4 now, level 2 at the start'), or that the plan swapped it or left it
    out; the others are not in it (their routines' doses stand)."""
    found = {}
    for climb in part.climbs:
        exercise = exercises.get(climb.exercise)
        replaced = climb.replaced
        if replaced is not None:
            instead = replaced.alternative
            found[climb.exercise] = (
                f"swapped by the plan for {names.get(instead, instead)}"
                if instead
                else "left out by the plan"
            )
            continue
        ladder = part.plan.ladder(climb.exercise, ladders) if part.plan else None
        if exercise is None or ladder is None:
            continue
        # Done at other levels in the period: its dose now is not what every session of it
        # did (review 19, F11, review 20, F8): the start's dose too, and the levels between.
        said = f"{_level_dose(ladder, climb.now, exercise)}, plan level {climb.now} now"
        if climb.first != climb.now:
            said += (
                f"; level {climb.first} at the start: {_level_dose(ladder, climb.first, exercise)}"
            )
        levels = {
            climb.first,
            climb.now,
            *(c.level for c in climb.changes if c.change in ("up", "down")),
        }
        if min(levels) < min(climb.first, climb.now) or max(levels) > max(climb.first, climb.now):
            said += f"; levels {min(levels)} to {max(levels)} in the period"
        found[climb.exercise] = said
    return found


def _level_dose(ladder: Ladder, level: int, exercise: Exercise) -> str:
    """A level's dose as the Exercises table says it: 'hold 30 s × 4 (long-sitting)'."""
    rung = ladder.at(level)
    variant = f" ({rung.variant})" if rung.variant else ""
    return f"{dose_text(rung.exercise(exercise).dose, 'brief', exercise.pace)}{variant}"


def _climbs(
    changes: Sequence[LevelChange], since: date, today: date, standings: Mapping[str, Standing]
) -> tuple[Climb, ...]:
    """Each exercise's level from `since` to `today`: where it stood before (its latest
    change or start), its changes in between, and where the plan has it now; in the order
    the exercises began."""
    first: dict[str, int] = {}
    moved: dict[str, list[LevelChange]] = {}
    for change in sorted(changes, key=lambda c: (c.at, c.id)):
        day = change.at.date()
        if change.change == "start":
            if day <= today:
                first[change.exercise] = change.level  # a new plan starts again
                moved[change.exercise] = []
            continue
        if day < since:
            first[change.exercise] = change.level
        elif day <= today:
            first.setdefault(change.exercise, change.before or change.level)
            moved.setdefault(change.exercise, []).append(change)
    return tuple(
        Climb(name, level, tuple(moved.get(name, ())), _level(standings.get(name)))
        for name, level in first.items()
    )


def _level(standing: Standing | None) -> int | None:
    return None if standing is None else standing.level


def _before(started_at: str, moment: datetime) -> bool:
    """Whether a session row's start (local ISO text, with its offset) is before `moment`."""
    try:
        return datetime.fromisoformat(started_at) < moment
    except (ValueError, TypeError):
        return False


def moment_of(at: datetime) -> str:
    """A change's time as a session row has it (local, to the second)."""
    return at.isoformat(timespec="seconds")
