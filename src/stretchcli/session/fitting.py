"""`run --minutes`: a plan made to fit into a number of minutes, by fewer sets, then fewer
reps, never shorter holds. Pure functions."""

from __future__ import annotations

import math
from dataclasses import replace

from stretchcli.model import RATE, Coach
from stretchcli.session.planned import Plan, PlanError, PlannedStep
from stretchcli.session.timeline import length
from stretchcli.text import clock, display_name


def fit(
    plan_: Plan,
    minutes: float,
    coach: Coach | None,
    routine_id: str,
    rate: float = RATE,
) -> Plan:
    """The plan in at most `minutes`, in the same order: sets come off first, then reps,
    always from the step with the most left (proportionally); holds, get-readies and rests
    stay as they are, since a shorter hold is not the stretch the sources describe. Every
    exercise keeps one set and at least half its reps: less is not the exercise (a
    PlanError for --minutes when even that is too long)."""
    budget = minutes * 60
    steps = list(plan_.steps)
    before = length(plan_, coach, rate)

    def seconds() -> float:
        return length(replace(plan_, steps=tuple(steps)), coach, rate)

    floors = [_floor(step.dose.reps) for step in steps]
    while seconds() > budget + 1e-9:
        with_sets = [i for i, step in enumerate(steps) if step.dose.sets > 1]
        with_reps = [i for i, step in enumerate(steps) if step.dose.reps > floors[i]]
        if with_sets:
            i = max(with_sets, key=lambda i: (steps[i].dose.sets, -i))
            dose = replace(steps[i].dose, sets=steps[i].dose.sets - 1)
        elif with_reps:
            original = plan_.steps
            i = max(with_reps, key=lambda i: (steps[i].dose.reps / original[i].dose.reps, -i))
            dose = replace(steps[i].dose, reps=steps[i].dose.reps - 1)
        else:
            least = least_minutes(plan_, coach, rate)
            raise PlanError(
                "minutes",
                f"{routine_id} does not fit into {_minutes(minutes)}: with one set and half "
                f"the reps of each exercise it takes {clock(seconds())}",
                f"give --minutes {least} or more, or fewer steps with --only",
                least,
            )
        steps[i] = replace(steps[i], dose=dose)
    changes = [_change(old, new) for old, new in zip(plan_.steps, steps, strict=True) if old != new]
    if not changes:
        return plan_
    note = (
        f"fitted into {_minutes(minutes)} ({clock(seconds())} instead of {clock(before)}): "
        + "; ".join(changes)
    )
    return replace(plan_, steps=tuple(steps), notes=(*plan_.notes, note))


def shortest(plan_: Plan) -> Plan:
    """The plan as short as `fit` makes it: one set of each exercise, half its reps."""
    steps = tuple(
        replace(
            step,
            dose=replace(
                step.dose,
                sets=min(step.dose.sets, 1),
                reps=min(step.dose.reps, _floor(step.dose.reps)),
            ),
        )
        for step in plan_.steps
    )
    return replace(plan_, steps=steps)


def least_minutes(plan_: Plan, coach: Coach | None, rate: float = RATE) -> int:
    """The fewest whole minutes `fit` fits the plan into (its "give --minutes N")."""
    return math.ceil(length(shortest(plan_), coach, rate) / 60)


def _floor(reps: int) -> int:
    """The fewest reps fitting leaves an exercise: half, rounded up, and at least one."""
    return max(1, -(-reps // 2))


def _minutes(minutes: float) -> str:
    return f"{minutes:g} minute{'' if minutes == 1 else 's'}"


def _change(old: PlannedStep, new: PlannedStep) -> str:
    """What fitting changed in a step, by the name every other line gives the exercise
    (review 19, F12): 'Scapular squeeze 1 of 2 sets, 6 of 10 reps'."""
    parts = []
    if new.dose.sets != old.dose.sets:
        parts.append(f"{new.dose.sets} of {old.dose.sets} sets")
    if new.dose.reps != old.dose.reps:
        parts.append(f"{new.dose.reps} of {old.dose.reps} reps")
    return f"{display_name(old.exercise.name, old.exercise.variant)} " + ", ".join(parts)
