"""A routine as a plan has it done: each exercise at its level, on the ladder its exercise
file declares (or the plan's own). Pure.

The level is laid over the exercise itself (its variant, then its hold, reps and sets), so
that it holds wherever the exercise comes up, also as the alternative `--avoid` swaps in; a
routine's own hold, reps and sets for a step give way to the level (relax, rest and sides are
kept). An exercise whose alternative took its place is done as that alternative; one left
out is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from stretchcli.model import DoseChange, Exercise, Routine, Step
from stretchcli.plan.engine import Standing, alive
from stretchcli.plan.model import Ladder, Plan
from stretchcli.plan.standing import off_ladder


def file_ladders(exercises: Mapping[str, Exercise]) -> dict[str, Ladder]:
    """The ladders the exercise files declare (`ladder:`), by exercise id: what a plan
    climbs where it gives no ladder of its own."""
    return {name: e.ladder for name, e in exercises.items() if e.ladder is not None}


def exercises_at_levels(
    plan: Plan,
    standings: Mapping[str, Standing],
    ladders: Mapping[str, Ladder],
    exercises: Mapping[str, Exercise],
) -> dict[str, Exercise]:
    """Every exercise, those of the plan at their level (their variant and dose)."""
    found = dict(exercises)
    for name, standing in standings.items():
        if name in exercises:
            level = plan.ladder(name, ladders).at(standing.level)
            found[name] = level.exercise(exercises[name])
    return found


def routine_at_levels(
    routine: Routine, plan: Plan, standings: Mapping[str, Standing], ladders: Mapping[str, Ladder]
) -> Routine:
    """The routine's steps as the plan has them done: an exercise with a standing without
    the routine's own hold, reps and sets (its level's are in the exercise), and without the
    routine's variant where its level has one; one whose alternative took its place swapped
    for it (unless that is left out too, or in the routine already); one left out dropped."""
    steps: list[Step] = []
    held = {step.exercise for step in routine.steps}
    for step in routine.steps:
        standing = standings.get(step.exercise)
        if standing is None:
            steps.append(step)
            continue
        if not alive(step.exercise, standings):
            continue
        own = step.overrides
        kept = DoseChange(relax=own.relax, rest=own.rest, sides=own.sides)
        if standing.instead is not None:
            # Once, at its own relax, rest and sides (attack 18, H4: the ball twice in
            # upper-back; H13: at the rhomboid stretch's 3 s relax), as --avoid does it.
            if standing.instead not in held:
                held.add(standing.instead)
                steps.append(Step(standing.instead))
            continue
        level = plan.ladder(step.exercise, ladders).at(standing.level)
        steps.append(Step(step.exercise, None if level.variant else step.variant, kept))
    return replace(routine, steps=tuple(steps))


def within_own_ladders(
    routine: Routine, plan: Plan, exercises: Mapping[str, Exercise]
) -> tuple[Routine, tuple[str, ...]]:
    """The routine with each step whose variant the plan's own ladder for its exercise never
    does (`standing.off_ladder`) done as the ladder's first level does, and what is said of
    each: a routine file's `variant:` is no way round what `--variant` may not do (attack
    19, H1: with osteoporosis, a copy of upper-back whose ball step lies on the floor)."""
    steps: list[Step] = []
    said: list[str] = []
    for step in routine.steps:
        variant = step.variant
        if variant is None or not off_ladder(plan, exercises, {step.exercise: variant}):
            steps.append(step)
            continue
        steps.append(replace(step, variant=plan.ladders[step.exercise].levels[0].variant))
        said.append(
            f"{routine.id} does {exercises[step.exercise].name} as its {variant} variant, "
            "which your plan's own levels never do: it is done as they do"
        )
    return replace(routine, steps=tuple(steps)), tuple(said)
