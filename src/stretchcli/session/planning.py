"""A routine and its run options become a plan: --only and --skip, --avoid's swaps, variants,
the time scale, a resume, and --minutes (`fitting.py`). Times are scaled once, here: the
plan's doses and rest are the ones the session uses. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from stretchcli.model import RATE, Coach, Dose, Exercise, Pace, Routine, apply_variant, step_dose
from stretchcli.session import wording
from stretchcli.session.fitting import fit
from stretchcli.session.options import RunOptions
from stretchcli.session.planned import Plan, PlanError, PlannedStep, Withheld, refuse_withheld
from stretchcli.session.timeline import length
from stretchcli.text import clock

if TYPE_CHECKING:
    from stretchcli.records import Swap


def plan(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    options: RunOptions,
    coach: Coach | None = "full",
    rate: float = RATE,
    heard: bool = False,
    withheld: Withheld | None = None,
) -> Plan:
    """Resolve a routine's steps with the options: --only, --skip, --avoid, variants, and
    --minutes (fitted as `coach` would run it, at `rate` words a minute); `heard`: its
    cautions were said in full lately; `withheld`: what the person's plan takes away from
    the routine, said as the plan's where an option names it."""
    taken = withheld or Withheld()
    notes = _named(routine, exercises, options, taken)
    step_ids = [s.exercise for s in routine.steps]
    planned: list[PlannedStep] = []
    swaps: list[Swap] = []
    changed: list[tuple[Exercise, tuple[str, ...], Exercise | None]] = []
    kept = [
        step
        for step in routine.steps
        if not (options.only and step.exercise not in options.only)
        and step.exercise not in options.skip
    ]
    kept_ids = {step.exercise for step in kept}
    for step in kept:
        variant = options.variants.get(step.exercise, step.variant)
        exercise = apply_variant(exercises[step.exercise], variant)
        dose = step_dose(exercise, step)
        avoided = options.avoid.intersection(exercise.movements)
        if avoided:
            swapped = _alternative(exercise, exercises, options.avoid)
            skipped = swapped is not None and swapped.id in options.skip
            if skipped:  # --skip keeps it out, in any step's place (review 21, F4)
                swapped = None
            what = ", ".join(sorted(avoided))
            other = exercises.get(exercise.alternative or "")
            instead = None if swapped is None else swapped.id
            if instead in kept_ids or any(p.exercise.id == instead for p in planned):
                instead = None  # its alternative is in the session already: left out
            from stretchcli.records import Swap  # only when --avoid swaps: `list` needs none

            swaps.append(Swap(exercise.id, tuple(sorted(avoided)), instead))
            changed.append((exercise, tuple(sorted(avoided)), exercises.get(instead or "")))
            if skipped and other is not None:
                notes.append(
                    f"skipping {exercise.id} ({what}): its alternative, {other.id}, is "
                    "skipped too (--skip)"
                )
                continue
            if swapped is None and other is not None:
                theirs = ", ".join(sorted(options.avoid.intersection(other.movements)))
                notes.append(
                    f"skipping {exercise.id} ({what}): its alternative, "
                    f"{other.id}, has an avoided movement too ({theirs})"
                )
                continue
            if swapped is None:  # where the plan leaves its alternative out, that is why
                why = taken.alternatives.get(exercise.id)
                said = f"your plan leaves out {why}" if why else "it has no alternative"
                notes.append(f"skipping {exercise.id} ({what}): {said}")
                continue
            if any(p.exercise.id == swapped.id for p in planned) or swapped.id in kept_ids:
                notes.append(
                    f"skipping {exercise.id} ({what}): "
                    f"its alternative, {swapped.id}, is in the session"
                )
                continue
            notes.append(f"doing {swapped.id} instead of {exercise.id} ({what})")
            exercise, dose = swapped, swapped.dose
        planned.append(PlannedStep(exercise, _scaled(dose, options.scale, exercise.pace)))
    first = 0
    if options.start_at is not None:
        if 0 <= options.start_at < len(planned):
            first = options.start_at
            planned = planned[first:]
            notes.append(f"resuming at step {first + 1}, {planned[0].exercise.id}")
        elif planned:  # with no step left, the options say why (`replay.py`), not this
            notes.append("the routine has changed since: starting from the top")
    if not planned and taken.steps:  # why there is nothing left: the plan's, then the flags'
        notes.append(_nothing_left(step_ids, options, taken))
    planned = _no_skip_of_all(planned)
    rest = routine.rest * options.scale
    doing = [p.exercise for p in planned]
    needs = wording.equipment(doing)
    if routine.equipment is not None:  # the routine's own list, and what swaps bring in
        swapped_in = [e for e in doing if e.id not in step_ids]
        needs = list(dict.fromkeys([*routine.equipment, *wording.equipment(swapped_in)]))
    intro = wording.Intro(
        cautions=tuple(
            map(_mended(planned), routine.cautions_for({p.exercise.id for p in planned}))
        ),  # (review 23, F10: the routine's own named --skip of all the session did)
        changes=wording.changes_said(changed),
        needs=tuple(needs),
        on_bed="bed" in (routine.equipment or ()),
        heard=heard,
    )
    made = Plan(tuple(planned), routine.prepare, rest, tuple(notes), first, tuple(swaps), intro)
    if options.scale != 1 and made.steps:
        unscaled = plan(
            routine, exercises, replace(options, scale=1.0, minutes=None), coach, rate, False, taken
        )
        before, after = length(unscaled, coach, rate), length(made, coach, rate)
        paced = [
            f"{step.exercise.name} keeps its pace and does {step.dose.reps} of {was.dose.reps} reps"
            for step, was in zip(made.steps, unscaled.steps, strict=True)
            if step.exercise.pace == "moved" and step.dose.reps != was.dose.reps
        ]
        said = _scaled_note(options.scale, before, after)
        made = replace(made, notes=(*made.notes, "; ".join([said, *paced])))
    if options.minutes is None or not made.steps:
        return made
    return fit(made, options.minutes, coach, routine.id, rate)


def _named(
    routine: Routine, exercises: Mapping[str, Exercise], options: RunOptions, taken: Withheld
) -> list[str]:
    """A PlanError where --only, --skip or a variant names what the routine has not, or
    --only or a variant names what the plan takes away from it (with the plan's reason);
    the notes for a --skip of what the plan takes away already."""
    step_ids = [s.exercise for s in routine.steps]
    steps_hint = "its steps: " + ", ".join(step_ids)
    notes: list[str] = []
    named = [
        *(("only", ident) for ident in options.only),
        *(("skip", ident) for ident in options.skip),
        *(("variant", ident) for ident in options.variants),
    ]
    refuse_withheld(options.only, options.variants, taken)
    # An alternative --avoid could bring in may be skipped too (review 21, F4: refused).
    alternatives = {exercises[i].alternative for i in step_ids if i in exercises}
    for option, ident in named:
        why = taken.steps.get(ident)
        if ident in step_ids or (option == "skip" and ident in alternatives):
            continue
        if why is None:
            raise PlanError(option, f"'{ident}' is not a step of {routine.id}", steps_hint)
        notes.append(f"--skip {ident}: your plan leaves out {why} already")
    for ident, name in options.variants.items():
        known = exercises[ident].variants
        if name not in known:
            hint = ("variants: " + ", ".join(known)) if known else "it has no variants"
            raise PlanError("variant", f"'{ident}' has no variant '{name}'", hint)
    return notes


def _nothing_left(step_ids: list[str], options: RunOptions, taken: Withheld) -> str:
    """Why a run of a routine the plan takes steps from has nothing left: what the plan
    leaves out, and the flags that leave out the rest."""
    if taken.refused:
        return taken.refused
    if all(step in taken.steps for step in step_ids):
        return (
            f"your plan leaves out every exercise of it: {'; '.join(taken.steps.values())}; "
            "run one of your plan's routines, which `stretch plan` lists"
        )
    flags = [
        flag
        for flag, given in (
            ("--only", options.only),
            ("--skip", [s for s in options.skip if s not in taken.steps]),
        )
        if given
    ]
    rest = f"{' and '.join(flags)} leave{'s' if len(flags) == 1 else ''} out the rest"
    return f"your plan leaves out {'; '.join(taken.steps.values())}; " + (
        rest if flags else "check --avoid for the rest"
    )


def _scaled_note(scale: float, before: float, after: float) -> str:
    """What --scale changed, in words."""
    return (
        f"--scale {scale:g}: holds, relaxes and rests {scale:g} times their length "
        f"({clock(after)} in all instead of {clock(before)})"
    )


def _alternative(
    exercise: Exercise, exercises: Mapping[str, Exercise], avoid: frozenset[str]
) -> Exercise | None:
    if exercise.alternative is None:
        return None
    alternative = exercises.get(exercise.alternative)
    if alternative is None or avoid.intersection(alternative.movements):
        return None
    return alternative


def _scaled(dose: Dose, scale: float, pace: Pace = "held") -> Dose:
    """The dose with --scale applied: a held position's hold, relax and rest stretched; a
    movement's pace kept (a band pulled twice as fast is jerked), its reps scaled instead,
    down only (more than the dose is a step up its ladder, not a longer session), and its
    rest stretched."""
    if scale == 1:
        return dose
    if pace == "moved":
        reps = max(1, min(dose.reps, round(dose.reps * scale)))
        return replace(dose, reps=reps, rest=dose.rest * scale)
    return replace(dose, hold=dose.hold * scale, relax=dose.relax * scale, rest=dose.rest * scale)


# Said in place of what a caution tells to do with `(--skip X)`, where X is all the session
# does: skipping it leaves nothing to run, and is refused (review 22, F6: trigger-point-
# release said to start again with --skip ball-pressure, then refused it; review 23, F2:
# "start again without the ball (this routine does nothing else ...)" was a muddle aloud).
NOTHING_ELSE = "stop, and run another routine: this one does nothing else"


def _mended(planned: Sequence[PlannedStep]) -> Callable[[str], str]:
    """What a caution says in a session of these steps: where they do one exercise only, one
    that names `--skip` of it says to run another routine instead (the clause that leads to
    the aside, after its sentence's last comma, and the aside are said as NOTHING_ELSE); any
    other as it is."""
    ids = {step.exercise.id for step in planned}
    if len(ids) != 1:
        return lambda caution: caution
    aside = re.escape(f"(--skip {next(iter(ids))})")
    clause = re.compile(rf"(?:,[^,.]*?)?\s*{aside}")
    return lambda caution: clause.sub(
        lambda m: (", " if m[0].startswith(",") else " ") + NOTHING_ELSE, caution
    )


def _no_skip_of_all(planned: list[PlannedStep]) -> list[PlannedStep]:
    """The steps, each exercise's cautions as `_mended` says them."""
    mended = _mended(planned)
    return [
        replace(
            step,
            exercise=replace(
                step.exercise, cautions=tuple(mended(c) for c in step.exercise.cautions)
            ),
        )
        for step in planned
    ]
