"""Today's session of the plan (`stretch run` with no routine): the routine the plan gives
today, each exercise at its level, and what the session starts with (the changes since the
last session)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from stretchcli.env import Environment
from stretchcli.errors import StretchError, UsageError
from stretchcli.files.catalog import Catalog
from stretchcli.history.past import LastWeek
from stretchcli.history.plan_follow import Followed, PlanPast, PlanStore, follow_from, store_changes
from stretchcli.model import Exercise, Movement, Routine
from stretchcli.plan.engine import Standing, done_on, routine_done
from stretchcli.plan.fitting import ROUTINE_PRESSED, refused_routine
from stretchcli.plan.levels import (
    exercises_at_levels,
    file_ladders,
    routine_at_levels,
    within_own_ladders,
)
from stretchcli.plan.model import WEEKDAYS, Ladder, Plan
from stretchcli.plan.standing import alive_itself, chosen_out, done_elsewhere
from stretchcli.plan.words import eased, run_said
from stretchcli.session import shortfall
from stretchcli.session.planned import Withheld


@dataclass(frozen=True)
class Today:
    """What today's session of the plan is."""

    routine: str
    catalog: Catalog  # the catalog with the plan's exercises at their levels
    said: tuple[str, ...]  # the changes since the last session, said as it starts
    avoid: tuple[Movement, ...]
    easiest: frozenset[str] = frozenset()  # exercises at their lowest level: none easier
    heading: str = ""  # which of the day's routines this is, and what comes after it
    withheld: Withheld = field(default_factory=Withheld)  # what the plan takes from it


def the_plan(plan: Plan | None) -> Plan:
    """The person's plan; without one a UsageError (a routine must be named)."""
    if plan is None:
        raise UsageError(
            "missing argument 'ROUTINE'",
            "name a routine (see `stretch list`), or make a plan with `stretch start` (or "
            "adopt one with `stretch plan use FILE`) to run today's",
        )
    return plan


def without_stand_ins(exercises: Mapping[str, Exercise], plan: Plan) -> dict[str, Exercise]:
    """The exercises, each with only the alternative the plan allows (`stand_in`): what the
    plan leaves out (a ball with blood thinners) never comes back in place of an avoided
    one, and one it leaves out (for want of its alternative) has none, not even when
    `--only` names it."""
    return {
        key: e if e.alternative is None else replace(e, alternative=_allowed(e, plan, exercises))
        for key, e in exercises.items()
    }


def withheld(
    plan: Plan,
    exercises: Mapping[str, Exercise],
    routine: Routine,
    standings: Mapping[str, Standing] | None = None,
) -> Withheld:
    """What `plan` takes away from a run of `routine` (its file's steps), in the plan's
    words: the steps it leaves out (the file's `leave_out`, or for now, its `standings`: a
    second red in a week), and the steps whose alternative it leaves out."""

    def said(name: str, why: str) -> str:
        exercise = exercises.get(name)
        return f"{exercise.name if exercise else name} ({why})"

    steps: dict[str, str] = {}
    alternatives: dict[str, str] = {}
    for step in routine.steps:
        name = step.exercise
        standing = (standings or {}).get(name)
        if name in plan.leave_out:
            steps[name] = said(name, plan.leave_out[name])
        elif standing is not None and not standing.active:
            steps[name] = said(name, standing.reason)
        other = exercises[name].alternative if name in exercises else None
        if other is not None and other in plan.leave_out:
            alternatives[name] = f"its alternative, {said(other, plan.leave_out[other])}"
    # A routine of one's own that names a ball itself: nothing of it is done (verify 26,
    # N2), and it is said why once, for the routine (verify 27, NEW-3).
    doing = {step.exercise for step in routine.steps} - steps.keys()
    refused = refused_routine(plan, routine, doing) if doing else ""
    if refused:
        steps.update({name: said(name, ROUTINE_PRESSED) for name in doing})
    return Withheld(steps, alternatives, refused)


def _allowed(exercise: Exercise, plan: Plan, exercises: Mapping[str, Exercise]) -> str | None:
    """The exercise's alternative if the plan leaves out neither of them (its avoided
    movements are checked where the swap is made)."""
    if exercise.id in plan.leave_out or exercise.alternative in plan.leave_out:
        return None
    return exercise.alternative


def today(
    env: Environment,
    catalog: Catalog,
    plan: Plan,
    past: PlanPast,
    week: LastWeek | None,
    goal: int,
    store: PlanStore,
    named: str | None = None,
    chosen: tuple[Collection[str] | None, Collection[str]] = (None, ()),
    varied: Collection[str] = (),
) -> Today:
    """Today's session of `plan`, from its `past` (read before the run): a StretchError on a
    rest day; `named`, one of the plan's routines named on the command line, on any day. If
    the plan's last full `week` fell short of `goal` (the one that week began with), what
    got in the way is asked first, once. The level changes found, and the answer, are
    written to `store`. What waits to be said of an exercise that `chosen` (the run's
    --only, --skip) leaves out waits for a session that does it; `varied`: the exercises
    its --variant names."""
    ladders = file_ladders(catalog.exercises)
    followed, past = _follow(env, catalog, plan, past, ladders, store)
    barrier, answer = shortfall.ask(env, week, goal, store)
    if barrier == "pain":  # the plan steps down
        if answer is not None:
            past = replace(past, pain=(*past.pain, answer))
        followed, past = _follow(env, catalog, plan, past, ladders, store)
    day = env.wall().date()
    done = followed.done(plan.schedule.routines())
    done_today = done_on(followed.sessions, day)
    name = named or plan.schedule.routine_on(day, done, done_today)
    if name is None:
        raise StretchError(
            f"today ({WEEKDAYS[day.weekday()]}) is a rest day in your plan",
            "rest is part of the plan; to do one anyway, name one of its routines, e.g. "
            f"`stretch run {plan.schedule.routines()[0]}` (at your plan's levels)",
        )
    standings = followed.progress.standings
    # (said of a routine outside the plan; in the plan's own, each exercise is at its level)
    kept = within_own_ladders(catalog.routine(name), plan, catalog.exercises)[0]
    routine = routine_at_levels(kept, plan, standings, ladders)
    if not routine_done(plan, routine, catalog.exercises):  # the engine keeps one: never so
        raise StretchError(
            f"your plan has left out every exercise of {name}",
            "show `stretch plan` to a clinician before you do them again; it says why",
        )
    whole = routine
    routine, twice = _not_twice(routine, followed, day, catalog, *chosen, varied)
    at_levels = exercises_at_levels(plan, standings, ladders, catalog.exercises)
    own = catalog.routine(name).steps
    left = tuple(
        f"{catalog.exercises[step.exercise].name} is left out, as your plan says: {why}."
        for step in own
        if (why := plan.leave_out.get(step.exercise)) is not None
    ) + tuple(  # its alternative is a step already: done once (attack 18, H4)
        f"{catalog.exercises[step.exercise].name} is left out: "
        f"{catalog.exercises[instead].name}, in its place, is in {name} already."
        for step in own
        if (instead := standings[step.exercise].instead if step.exercise in standings else None)
        and instead in {other.exercise for other in own}
        and alive_itself(instead, standings)
    )
    easiest = frozenset(
        exercise
        for exercise, standing in standings.items()
        if standing.active and standing.level == 1
    )
    leaving = {step.exercise for step in whole.steps} - {step.exercise for step in routine.steps}
    leaving |= {step.exercise for step in whole.steps if chosen_out(step.exercise, *chosen)}
    at_levels = eased(at_levels, followed.eased_next(name, leaving))  # (review 21, F8)
    leveled = Catalog(
        routines={**catalog.routines, name: routine},
        exercises=without_stand_ins(at_levels, plan),
        problems=catalog.problems,
    )
    said = (*followed.said_next(name, leaving), *left, *twice)
    todays = plan.schedule.by_day().get(WEEKDAYS[day.weekday()], ())
    heading = run_said(name, todays if name in todays else (name,), done_today)
    taken = withheld(plan, catalog.exercises, catalog.routine(name), standings)
    return Today(name, leveled, said, plan.avoid, easiest, heading, taken)


def _not_twice(
    routine: Routine,
    followed: Followed,
    day: date,
    catalog: Catalog,
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
    varied: Collection[str] = (),
) -> tuple[Routine, tuple[str, ...]]:
    """The routine without the exercises done in full in another of the plan's sessions
    today (the scapular squeeze of strengthening, then of the stretches), and what is said
    of each; a routine that would be left with nothing is kept whole. One its `--only`
    names is asked for: kept (attack 17, H10: refused as no step of the routine), as is one
    its `--variant` names (`varied`), and one its `--skip` names, which the skip leaves out
    (each was refused as no step of it)."""
    earlier = {
        name: other
        for name, other in done_elsewhere(
            followed.sessions, routine.id, day, followed.steps.keys()
        ).items()
        if not (only and name in only) and name not in skip and name not in varied
    }
    kept = without_earlier(routine, earlier)
    if kept is routine:
        return routine, ()
    said = tuple(
        dict.fromkeys(
            f"{catalog.exercises[step.exercise].name} is left out: you did it in "
            f"{earlier[step.exercise]} today."
            for step in routine.steps
            if step.exercise in earlier and step.exercise in catalog.exercises
        )
    )
    return kept, said


def without_earlier(routine: Routine, earlier: Collection[str]) -> Routine:
    """The routine without the steps of `earlier` (exercises done in full in another of the
    plan's sessions that day); the routine itself where none is, or where it would be left
    with nothing."""
    kept = tuple(step for step in routine.steps if step.exercise not in earlier)
    if not kept or len(kept) == len(routine.steps):
        return routine
    return replace(routine, steps=kept)


def _follow(
    env: Environment,
    catalog: Catalog,
    plan: Plan,
    past: PlanPast,
    ladders: Mapping[str, Ladder],
    store: PlanStore,
) -> tuple[Followed, PlanPast]:
    """The plan's progress, its new level changes stored; the past with those stored."""
    found = follow_from(past, plan, ladders, catalog.routines, catalog.exercises)
    stored = store_changes(store, found.begun, env.warn)
    stored += store_changes(store, found.new, env.warn)
    return found.followed, replace(past, changes=(*past.changes, *stored))
