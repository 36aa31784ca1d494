"""The decisions of a plan, from the history of ratings: for each exercise, step up, hold,
step down, or (at a second red in a week) its alternative and when to see a clinician.

A pure fold over the sessions since the plan began, oldest first: the same plan and the same
sessions always give the same levels, reasons and words. Each session's verdict for an
exercise it did:

- red: the person said the exercise hurt; or pain after the session at or over the ceiling;
  or pain up from before the session by the rise or more. One level down (never below the
  first). At the week's `reds`-th red (Monday to Sunday), the alternative takes its place, or
  it is left out when it has none, with when to see a clinician.
  Pain over the ceiling or up by the rise is red for every exercise the session did, whether
  or not it names one that hurt (chosen: the pain cannot be put down to one exercise for
  sure; when in doubt, ease off). An exercise named as hurt is red whatever the ratings.
- amber: pain after between green and the ceiling. The level holds, and the count of green
  sessions starts again (chosen: a step up needs green sessions in a row).
- green: pain after at or below green. Counted toward a step up if the exercise was done in
  full and the session's difficulty, where rated, was at most the plan's; a session rated
  harder holds the level and starts the count again. At `sessions` in a row: one level up
  (never past the top).
- no pain rating after the session: nothing is known; nothing changes (chosen: a level is
  never raised on a session whose pain nobody rated).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from stretchcli.model import Exercise, Routine
from stretchcli.plan import words
from stretchcli.plan.model import Band, Ladder, Plan
from stretchcli.records import Session

Change = Literal["up", "down", "alternative"]


@dataclass(frozen=True)
class Rated:
    """A session as the plan sees it: when, which exercises it did, and its ratings."""

    uid: str
    at: datetime
    done: tuple[str, ...]  # exercises done in full
    tried: tuple[str, ...]  # exercises started (done in full or in part)
    pain_before: int | None = None
    pain_after: int | None = None
    difficulty: int | None = None
    hurt: frozenset[str] = frozenset()  # exercises the person said hurt
    routine: str = ""
    why: str = ""  # why the exercises of `hurt` count as hurt, where not said in the session

    @staticmethod
    def of(session: Session, hurt: frozenset[str] = frozenset()) -> Rated:
        """A stored session, as the plan sees it: the exercises said to hurt are those of
        `hurt` and those recorded as hurt (the `h` key, or named after the session)."""
        results = session.exercises
        hurt = hurt | {r.exercise for r in results if r.status == "hurt"}
        return Rated(
            uid=session.uid,
            at=session.started_at,
            done=tuple(r.exercise for r in results if r.in_full),
            tried=tuple(r.exercise for r in results if r.status in ("done", "partial")),
            pain_before=session.pain_before,
            pain_after=session.pain_after,
            difficulty=session.difficulty,
            hurt=hurt,
            routine=session.routine,
        )


def done_on(sessions: Sequence[Rated], day: date) -> frozenset[str]:
    """The routines of the sessions done on `day` (each at its own local time)."""
    return frozenset(s.routine for s in sessions if s.done and s.at.date() == day)


@dataclass(frozen=True)
class Decision:
    """A change to an exercise's place in the plan, with its reason and the line said about it
    at the start of the next session."""

    exercise: str
    change: Change
    before: int  # the level before
    level: int  # the level after
    reason: str
    said: str
    at: datetime  # when the session it follows started
    session: str  # that session's uid
    alternative: str | None = None  # the exercise done in its place, for "alternative"


@dataclass(frozen=True)
class Standing:
    """Where an exercise is in the plan now, and why."""

    exercise: str
    level: int
    top: int
    reason: str
    greens: int = 0  # green sessions in a row at this level
    reds: tuple[date, ...] = ()  # the days of its red sessions
    instead: str | None = None  # its alternative, done in its place
    left_out: bool = False  # by the plan, or hurt too often with no alternative

    @property
    def active(self) -> bool:
        """Whether the exercise itself is still done."""
        return self.instead is None and not self.left_out


@dataclass(frozen=True)
class Progress:
    """Every exercise's standing, in the plan's order, and every change made so far."""

    standings: Mapping[str, Standing]
    decisions: tuple[Decision, ...]
    # (session uid, line): what is said after a session without a change of level (an
    # exercise that hurt at its lowest level), not stored as a change.
    notes: tuple[tuple[str, str], ...] = ()

    def said(self, session: str) -> tuple[str, ...]:
        """What is said at the start of the session after `session` (a uid)."""
        changes = tuple(d.said for d in self.decisions if d.session == session)
        return changes + tuple(line for uid, line in self.notes if uid == session)


def stand_in(exercise: Exercise, plan: Plan, exercises: Mapping[str, Exercise]) -> Exercise | None:
    """The exercise that may be done in place of `exercise` (for an avoided movement, a
    second red in a week, or the `h` key): its alternative, unless the plan leaves out
    either of them (what it leaves out is never done, not even in another's place, and the
    alternative of one it leaves out is the reason why: a ball it has not got) or the
    alternative has an avoided movement too."""
    other = exercises.get(exercise.alternative or "")
    if other is None or exercise.id in plan.leave_out or other.id in plan.leave_out:
        return None
    return None if set(other.movements) & set(plan.avoid) else other


def routine_done(
    plan: Plan, routine: Routine, exercises: Mapping[str, Exercise]
) -> tuple[str, ...]:
    """What a session of `routine` does under the plan, as `stretch run` does it: each step
    but those the plan leaves out, one with an avoided movement as its stand-in (and not at
    all without one, or where the stand-in is in the session already)."""
    steps = [step.exercise for step in routine.steps if step.exercise in exercises]
    done: list[str] = []
    for name in steps:
        exercise = exercises[name]
        if name in plan.leave_out:
            continue
        if set(exercise.movements) & set(plan.avoid):
            other = stand_in(exercise, plan, exercises)
            if other is None or other.id in steps or other.id in done:
                continue
            exercise = other
        done.append(exercise.id)
    return tuple(done)


def plan_exercises(
    plan: Plan, routines: Mapping[str, Routine], exercises: Mapping[str, Exercise]
) -> tuple[str, ...]:
    """The exercises a plan does, each once, in order: its routines' steps (one the plan
    leaves out as itself, shown as left out; one with an avoided movement as its stand-in,
    or not at all), then any other it gives a level."""
    found: list[str] = []
    for name in plan.schedule.routines():
        routine = routines.get(name)
        for step in routine.steps if routine else ():
            exercise = exercises.get(step.exercise)
            if exercise is None:
                continue
            if exercise.id in plan.leave_out:
                pass  # left out as it is: not swapped for its alternative
            elif set(exercise.movements) & set(plan.avoid):
                other = stand_in(exercise, plan, exercises)
                if other is None:
                    continue
                exercise = other
            found.append(exercise.id)
    found += [name for name in plan.levels if name in exercises]
    return tuple(dict.fromkeys(found))


def start(
    plan: Plan,
    ladders: Mapping[str, Ladder],
    exercises: Mapping[str, Exercise],
    names: Sequence[str],
) -> dict[str, Standing]:
    """Where each exercise starts: the plan's level, else the lowest."""
    standings = {}
    for name in names:
        ladder = plan.ladder(name, ladders)
        level = plan.start(name, ladder)
        if name in plan.leave_out:
            reason = f"left out, as the plan says: {plan.leave_out[name]}"
            standings[name] = Standing(name, level, ladder.top, reason, left_out=True)
            continue
        if name in plan.levels:
            reason = f"starts at level {level} of {ladder.top}, as the plan says"
        elif ladder.top == 1:
            reason = "has no ladder yet: its file's dose"
        else:
            reason = f"starts at the lowest level of {ladder.top}"
        standings[name] = Standing(name, level, ladder.top, reason)
    return standings


def progress(
    plan: Plan,
    ladders: Mapping[str, Ladder],
    exercises: Mapping[str, Exercise],
    names: Sequence[str],
    sessions: Sequence[Rated],
) -> Progress:
    """The standing of each exercise in `names` after `sessions` (those since the plan
    began), and the changes on the way."""
    standings = start(plan, ladders, exercises, names)
    decisions: list[Decision] = []
    notes: list[tuple[str, str]] = []
    for session in sorted(sessions, key=lambda s: (s.at, s.uid)):
        for name in list(standings):
            if name not in session.tried and name not in session.hurt:
                continue
            if not standings[name].active:
                continue  # its alternative is done instead, or it is left out, until a new plan
            found = _verdict(plan, standings[name], session, exercises, ladders, standings)
            standings[name] = found.standing
            decisions += found.decisions
            notes += [(session.uid, line) for line in found.notes]
            if found.alternative is not None and found.alternative not in standings:
                standings.update(start(plan, ladders, exercises, [found.alternative]))
    return Progress(standings, tuple(decisions), tuple(notes))


@dataclass(frozen=True)
class _Found:
    standing: Standing
    decisions: tuple[Decision, ...] = ()
    alternative: str | None = None
    notes: tuple[str, ...] = ()  # said at the next session, without a change of level


def _band(plan: Plan, session: Rated, name: str, exercise: Exercise) -> tuple[Band | None, str]:
    """The session's traffic light for the exercise, and why; None when nothing is known."""
    rules = plan.rules
    before, after = session.pain_before, session.pain_after
    too_much = ""
    if after is not None and after >= rules.ceiling.value:
        too_much = (
            f"pain {after}/10 after the session, at or over the ceiling of {rules.ceiling.value}"
        )
    elif after is not None and before is not None and after - before >= rules.rise.value:
        too_much = f"pain rose from {before} to {after}/10, by {rules.rise.value} or more"
    if name in session.hurt:
        said = session.why or f"you said {exercise.name} hurt"
        return "red", f"{said}; {too_much}" if too_much else said
    if too_much:
        return "red", too_much
    if after is None:
        return None, "no pain rating after the session"
    if rules.band(after) == "amber":
        return "amber", f"pain {after}/10 after the session is amber"
    return "green", f"pain {after}/10 after the session is green"


def _verdict(
    plan: Plan,
    standing: Standing,
    session: Rated,
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    standings: Mapping[str, Standing],
) -> _Found:
    rules = plan.rules
    exercise = exercises[standing.exercise]
    ladder = plan.ladder(standing.exercise, ladders)
    band, why = _band(plan, session, standing.exercise, exercise)
    day = session.at.date()
    when = f"({day.isoformat()})"
    if band is None:
        return _Found(replace(standing, reason=f"holds: {why} {when}"))
    if band == "amber":
        return _Found(replace(standing, greens=0, reason=f"holds: {why} {when}"))
    if band == "red":
        return _red(plan, standing, session, exercise, ladder, exercises, why, standings)
    difficulty = session.difficulty
    if difficulty is not None and difficulty > rules.difficulty.value:
        reason = (
            f"holds: difficulty {difficulty}/10 is over {rules.difficulty.value}, though {why} "
            f"{when}"
        )
        return _Found(replace(standing, greens=0, reason=reason))
    if standing.exercise not in session.done:
        return _Found(replace(standing, reason=f"holds: not done in full {when}"))
    greens = standing.greens + 1
    if greens < rules.sessions.value:
        left = rules.sessions.value - greens
        reason = f"{why} {when}: {left} more green session{'s' if left > 1 else ''} to step up"
        return _Found(replace(standing, greens=greens, reason=reason))
    if standing.level >= ladder.top:
        reason = f"at the top of its ladder; {why} {when}"
        return _Found(replace(standing, greens=greens, reason=reason))
    level = standing.level + 1
    reason = f"up: {rules.sessions.value} green sessions in a row, the last {day.isoformat()}"
    said = words.step_said(exercise, ladder.at(standing.level), ladder.at(level), "up")
    decision = Decision(
        standing.exercise, "up", standing.level, level, reason, said, session.at, session.uid
    )
    return _Found(replace(standing, level=level, greens=0, reason=reason), (decision,))


def _red(
    plan: Plan,
    standing: Standing,
    session: Rated,
    exercise: Exercise,
    ladder: Ladder,
    exercises: Mapping[str, Exercise],
    why: str,
    standings: Mapping[str, Standing],
) -> _Found:
    day = session.at.date()
    week = day.isocalendar()[:2]
    reds = (*standing.reds, day)
    this_week = sum(1 for d in reds if d.isocalendar()[:2] == week)
    decisions: list[Decision] = []
    level = max(standing.level - 1, 1)
    if level < standing.level:
        reason = f"down: {why} ({day.isoformat()})"
        said = words.step_said(
            exercise, ladder.at(standing.level), ladder.at(level), "down", bool(session.why)
        )
        decisions.append(
            Decision(
                standing.exercise,
                "down",
                standing.level,
                level,
                reason,
                said,
                session.at,
                session.uid,
            )
        )
    else:
        reason = f"at the lowest level: {why} ({day.isoformat()})"
    standing = replace(standing, level=level, greens=0, reds=reds, reason=reason)
    instead = stand_in(exercise, plan, exercises)
    if this_week < plan.rules.reds.value or not standing.active:
        # At the lowest level there is no step down to say: the hurt is said instead.
        hurt = not decisions and standing.exercise in session.hurt and standing.active
        notes = (words.still_hurt_said(exercise, instead),) if hurt else ()
        return _Found(standing, tuple(decisions), notes=notes)
    said = words.alternative_said(exercise, instead, this_week)
    monday = day - timedelta(days=day.weekday())
    count = f"{this_week} red sessions in the week of {monday.isoformat()}"
    if instead is None:
        reason = f"left out: {count}, and it has no alternative"
        standing = replace(standing, left_out=True, reason=reason)
    else:
        reason = f"{instead.name} in its place: {count}"
        standing = replace(standing, instead=instead.id, reason=reason)
    decisions.append(
        Decision(
            standing.exercise,
            "alternative",
            standing.level,
            standing.level,
            reason,
            said,
            session.at,
            session.uid,
            alternative=None if instead is None else instead.id,
        )
    )
    alternative = None if instead is None or instead.id in standings else instead.id
    return _Found(standing, tuple(decisions), alternative)
