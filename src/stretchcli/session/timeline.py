"""A routine and its run options become a plan, and a plan a flat list of timed phases; every
duration shown or run (a routine's, a step's, an exercise's) comes from here. Pure functions.

Times are scaled once, in `plan`: the plan's doses and rest are the ones the session uses.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeGuard

from stretchcli.errors import UsageError
from stretchcli.model import (
    PREPARE,
    RATE,
    REST,
    SCALES,
    Coach,
    Dose,
    Exercise,
    Phase,
    PhaseKind,
    Routine,
    Side,
    apply_variant,
    step_dose,
)
from stretchcli.model import rough_seconds as model_rough_seconds
from stretchcli.records import Swap
from stretchcli.session import coaching, wording
from stretchcli.text import clock

MIN_PHASE_SECONDS = 0.001  # shorter phases are left out: nobody can do them, floats blur them
MINUTES = (1.0, 120.0)  # what `run --minutes` takes


@dataclass(frozen=True)
class RunOptions:
    """How to shape a session: movements to avoid, steps to keep or drop, a time scale."""

    avoid: frozenset[str] = frozenset()
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    scale: float = 1.0
    variants: Mapping[str, str] = field(default_factory=dict)
    start_at: int | None = None  # resume: leave out the steps before this one (0-based)
    minutes: float | None = None  # fit the session into this many minutes (fewer reps, sets)

    def record(self) -> dict[str, object]:
        """The options as JSON-ready data, to repeat a session later (`stretch again`)."""
        return {
            "avoid": sorted(self.avoid),
            "only": list(self.only),
            "skip": list(self.skip),
            "scale": self.scale,
            "variants": dict(self.variants),
            "minutes": self.minutes,
        }

    def flags(self) -> list[str]:
        """The options as they would be typed: ['--avoid rotation', '--scale 0.5']."""
        given = [
            ("--avoid", ",".join(sorted(self.avoid))),
            ("--only", ",".join(self.only)),
            ("--skip", ",".join(self.skip)),
            ("--scale", f"{self.scale:g}" if self.scale != 1 else ""),
            ("--minutes", f"{self.minutes:g}" if self.minutes is not None else ""),
        ]
        given += [("--variant", f"{k}={v}") for k, v in self.variants.items()]
        return [f"{flag} {value}" for flag, value in given if value]

    @classmethod
    def from_record(cls, data: Mapping[str, object]) -> RunOptions:
        """Options stored by `record` (unknown or missing keys fall back to defaults)."""

        def strings(key: str) -> tuple[str, ...]:
            value = data.get(key)
            return tuple(str(v) for v in value) if isinstance(value, list) else ()

        scale = data.get("scale")
        variants = data.get("variants")
        minutes = data.get("minutes")
        return cls(
            avoid=frozenset(strings("avoid")),
            only=strings("only"),
            skip=strings("skip"),
            scale=float(scale) if _a_scale(scale) else 1.0,
            variants={str(k): str(v) for k, v in variants.items()}
            if isinstance(variants, dict)
            else {},
            minutes=float(minutes) if _a_minutes(minutes) else None,
        )


def _a_minutes(value: object) -> TypeGuard[float]:
    """Whether a stored value is a number of minutes `run --minutes` would accept."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return MINUTES[0] <= value <= MINUTES[1]


def _a_scale(value: object) -> TypeGuard[float]:
    """Whether a stored value is a scale `run` would accept (read-back data is input too)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return SCALES[0] <= value <= SCALES[1]


@dataclass(frozen=True)
class PlannedStep:
    """An exercise as it will be done in this session: variant applied, dose settled."""

    exercise: Exercise
    dose: Dose


@dataclass(frozen=True)
class Plan:
    """The steps a session will do, the get-ready and rest between them (scaled), and notes
    on what the options changed."""

    steps: tuple[PlannedStep, ...]
    prepare: float = PREPARE
    rest: float = REST
    notes: tuple[str, ...] = ()
    first_step: int = 0  # a resumed run starts at this step of the full plan
    swaps: tuple[Swap, ...] = ()
    intro: wording.Intro = field(default_factory=wording.Intro)  # the first get-ready's


class PlanError(UsageError):
    """Options that name a step the routine does not have, or a variant its exercise does
    not have; `option` is which ("only", "skip", "variant"), for the CLI to name its flag."""

    def __init__(self, option: str, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.option = option


def plan(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    options: RunOptions,
    coach: Coach | None = "full",
    rate: float = RATE,
    heard: bool = False,
) -> Plan:
    """Resolve a routine's steps with the options: --only, --skip, --avoid, variants, and
    --minutes (fitted as `coach` would run it, at `rate` words a minute); `heard`: its
    cautions were said in full lately."""
    step_ids = [s.exercise for s in routine.steps]
    steps_hint = "its steps: " + ", ".join(step_ids)
    for option, ids in (("only", options.only), ("skip", options.skip)):
        for ident in ids:
            if ident not in step_ids:
                raise PlanError(option, f"'{ident}' is not a step of {routine.id}", steps_hint)
    for ident, name in options.variants.items():
        if ident not in step_ids:
            raise PlanError("variant", f"'{ident}' is not a step of {routine.id}", steps_hint)
        known = exercises[ident].variants
        if name not in known:
            hint = ("variants: " + ", ".join(known)) if known else "it has no variants"
            raise PlanError("variant", f"'{ident}' has no variant '{name}'", hint)
    planned: list[PlannedStep] = []
    notes: list[str] = []
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
            what = ", ".join(sorted(avoided))
            other = exercises.get(exercise.alternative or "")
            instead = None if swapped is None else swapped.id
            if instead in kept_ids or any(p.exercise.id == instead for p in planned):
                instead = None  # its alternative is in the session already: left out
            swaps.append(Swap(exercise.id, tuple(sorted(avoided)), instead))
            changed.append((exercise, tuple(sorted(avoided)), exercises.get(instead or "")))
            if swapped is None and other is not None:
                theirs = ", ".join(sorted(options.avoid.intersection(other.movements)))
                notes.append(
                    f"skipping {exercise.id} ({what}): its alternative, "
                    f"{other.id}, has an avoided movement too ({theirs})"
                )
                continue
            if swapped is None:
                notes.append(f"skipping {exercise.id} ({what}): it has no alternative")
                continue
            if any(p.exercise.id == swapped.id for p in planned) or swapped.id in kept_ids:
                notes.append(
                    f"skipping {exercise.id} ({what}): "
                    f"its alternative, {swapped.id}, is in the session"
                )
                continue
            notes.append(f"doing {swapped.id} instead of {exercise.id} ({what})")
            exercise, dose = swapped, swapped.dose
        planned.append(PlannedStep(exercise, _scaled(dose, options.scale)))
    first = 0
    if options.start_at is not None:
        if 0 <= options.start_at < len(planned):
            first = options.start_at
            planned = planned[first:]
            notes.append(f"resuming at step {first + 1}, {planned[0].exercise.id}")
        else:
            notes.append("the routine has changed since: starting from the top")
    rest = routine.rest * options.scale
    doing = [p.exercise for p in planned]
    needs = wording.equipment(doing)
    if routine.equipment is not None:  # the routine's own list, and what swaps bring in
        swapped_in = [e for e in doing if e.id not in step_ids]
        needs = list(dict.fromkeys([*routine.equipment, *wording.equipment(swapped_in)]))
    intro = wording.Intro(
        cautions=routine.cautions,
        changes=wording.changes_said(changed),
        needs=tuple(needs),
        on_bed="bed" in (routine.equipment or ()),
        heard=heard,
    )
    made = Plan(tuple(planned), routine.prepare, rest, tuple(notes), first, tuple(swaps), intro)
    if options.scale != 1 and made.steps:
        unscaled = plan(routine, exercises, replace(options, scale=1.0, minutes=None), coach, rate)
        before, after = length(unscaled, coach, rate), length(made, coach, rate)
        made = replace(made, notes=(*made.notes, _scaled_note(options.scale, before, after)))
    if options.minutes is None or not made.steps:
        return made
    return fit(made, options.minutes, coach, routine.id, rate)


def _scaled_note(scale: float, before: float, after: float) -> str:
    """What --scale changed, in words."""
    return (
        f"--scale {scale:g}: holds, relaxes and rests {scale:g} times their length "
        f"({clock(after)} in all instead of {clock(before)})"
    )


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

    floors = [max(1, -(-step.dose.reps // 2)) for step in steps]
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
            raise PlanError(
                "minutes",
                f"{routine_id} does not fit into {_minutes(minutes)}: with one set and half "
                f"the reps of each exercise it takes {clock(seconds())}",
                f"give --minutes {math.ceil(seconds() / 60)} or more, or fewer steps with --only",
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


def _minutes(minutes: float) -> str:
    return f"{minutes:g} minute{'' if minutes == 1 else 's'}"


def _change(old: PlannedStep, new: PlannedStep) -> str:
    """What fitting changed in a step: 'scapular-squeeze 1 of 2 sets, 6 of 10 reps'."""
    parts = []
    if new.dose.sets != old.dose.sets:
        parts.append(f"{new.dose.sets} of {old.dose.sets} sets")
    if new.dose.reps != old.dose.reps:
        parts.append(f"{new.dose.reps} of {old.dose.reps} reps")
    return f"{old.exercise.id} " + ", ".join(parts)


def _alternative(
    exercise: Exercise, exercises: Mapping[str, Exercise], avoid: frozenset[str]
) -> Exercise | None:
    if exercise.alternative is None:
        return None
    alternative = exercises.get(exercise.alternative)
    if alternative is None or avoid.intersection(alternative.movements):
        return None
    return alternative


def _scaled(dose: Dose, scale: float) -> Dose:
    if scale == 1:
        return dose
    return replace(dose, hold=dose.hold * scale, relax=dose.relax * scale, rest=dose.rest * scale)


def build(plan: Plan, coach: Coach | None, rate: float = RATE) -> list[Phase]:
    """The phases of a session, in order, with offsets from its start.

    Before each exercise a `prepare`; per set, per side, per rep a `hold`, with a `relax`
    between holds (on the side of the hold it follows); a `switch` between the sides of a
    `both` exercise (as long as `prepare`); the exercise's `rest` between sets and the
    routine's `rest` between exercises. Phases of (next to) no length are left out.

    With a `coach`, a get-ready and a switch last as long as it takes to hear what is said in
    them at `rate` words a minute and to do it: getting up from the floor, going to a wall,
    each line of the setup (coaching.getready); the time a get-ready adds comes out of the
    rest before it, down to what it takes to say what comes next.
    """
    phases: list[Phase] = []
    offset = 0.0
    for step, kind, ident, side, set_, rep, duration in _specs(plan, coach, rate):
        phases.append(Phase(len(phases), kind, ident, side, set_, rep, duration, offset, step))
        offset += duration
    return phases


def step_seconds(plan: Plan, coach: Coach | None, rate: float = RATE) -> list[float]:
    """How long each step of `build(plan, coach, rate)` lasts, the rest before it included,
    without making the timeline (the sums are the same, added in the same order)."""
    seconds = [0.0] * len(plan.steps)
    for step, *_, duration in _specs(plan, coach, rate):
        seconds[step] += duration
    return seconds


def length(plan: Plan, coach: Coach | None, rate: float = RATE) -> float:
    """The nominal length of `build(plan, coach, rate)`, without making the timeline (`list`
    and `show` give it coached in full at the default rate, as a run does by default)."""
    total = 0.0
    for *_, duration in _specs(plan, coach, rate):
        total += duration
    return total


def exercise_seconds(exercise: Exercise) -> float:
    """How long one exercise takes on its own, at its own dose."""
    return length(Plan((PlannedStep(exercise, exercise.dose),), 0, 0), None)


def rough_seconds(plan: Plan) -> float:
    """About how long a plan takes, without coaching (`model.rough_seconds` of its doses)."""
    return model_rough_seconds([s.dose for s in plan.steps], plan.prepare, plan.rest)


Spec = tuple[int, PhaseKind, str, "Side | None", int, "int | None", float]


def _specs(plan: Plan, coach: Coach | None, rate: float = RATE) -> Iterator[Spec]:
    """The phases of `build`, as plain tuples, one at a time."""
    steps, prepare, rest = plan.steps, plan.prepare, plan.rest
    told = coaching.Coaching(coach, rate=rate) if coach is not None else None
    needed: list[str] = []

    def spec(
        step: int,
        kind: PhaseKind,
        ident: str,
        side: Side | None,
        set_: int,
        rep: int | None,
        duration: float,
    ) -> Iterator[Spec]:
        if duration >= MIN_PHASE_SECONDS:
            yield (step, kind, ident, side, set_, rep, float(duration))

    for number, step in enumerate(steps):
        exercise, dose = step.exercise, step.dose
        ident = exercise.id
        getready, resting = prepare, rest
        if told is not None:
            before = steps[number - 1].exercise if number else None
            shortest = min(rest, coaching.shortest_rest(before or exercise, exercise, told))
            getready = coaching.getready(
                exercise,
                before=before,
                needed_before=needed,
                intro=plan.intro if number == 0 else None,
                first_side=None if dose.sides == "none" else "left",
                # A rest long enough to say it says how to let go of the last hold.
                released=before is None
                or shortest >= coaching.shortest_rest(before, exercise, told),
                prepare=prepare,
                coaching=told,
                long_holds=coaching.holds_remind(
                    exercise, dose.hold, _count(dose), dose.reps, told
                ),
            ).seconds
            needed += [item for item in exercise.equipment if item not in needed]
            # Listening to the setup is restful: the time it adds comes out of the rest
            # before it, down to a short rest that still says what comes next.
            resting = max(shortest, rest - (getready - prepare))
        if number:
            yield from spec(number, "rest", ident, None, 1, None, resting)
        yield from spec(number, "prepare", ident, None, 1, None, getready)
        for set_ in range(1, dose.sets + 1):
            if set_ > 1:
                yield from spec(number, "rest", ident, None, set_, None, dose.rest)
            previous: tuple[Side | None, int] | None = None
            for side, rep in _holds(dose):
                if previous is not None and dose.sides == "both" and side != previous[0]:
                    change = prepare
                    if told is not None and side is not None:
                        change = coaching.switch_seconds(exercise, prepare, side, told)
                    yield from spec(number, "switch", ident, side, set_, rep, change)
                elif previous is not None:  # on the side of the hold it lets go of
                    before_side, before_rep = previous
                    yield from spec(
                        number, "relax", ident, before_side, set_, before_rep, dose.relax
                    )
                yield from spec(number, "hold", ident, side, set_, rep, dose.hold)
                previous = (side, rep)


def _count(dose: Dose) -> int:
    """How many holds a dose has."""
    return dose.sets * dose.reps * (1 if dose.sides == "none" else 2)


def _holds(dose: Dose) -> list[tuple[Side | None, int]]:
    reps = range(1, dose.reps + 1)
    if dose.sides == "none":
        return [(None, rep) for rep in reps]
    if dose.sides == "alternate":
        return [(side, rep) for rep in reps for side in ("left", "right")]
    return [(side, rep) for side in ("left", "right") for rep in reps]
