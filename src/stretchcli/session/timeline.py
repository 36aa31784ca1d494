"""A plan becomes a flat list of timed phases; every duration shown or run (a routine's, a
step's, an exercise's) comes from here. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterator

from stretchcli.model import RATE, Coach, Dose, Exercise, Phase, PhaseKind, Side
from stretchcli.model import rough_seconds as model_rough_seconds
from stretchcli.session import coaching, holds
from stretchcli.session.planned import Plan, PlannedStep

MIN_PHASE_SECONDS = 0.001  # shorter phases are left out: nobody can do them, floats blur them


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
    told = holds.Coaching(coach, rate=rate) if coach is not None else None
    needed: list[str] = []
    heard: frozenset[str] = frozenset()  # caution sentences said so far

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
            ready = coaching.getready(
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
                heard=heard,
                first_hold=dose.hold,
                started=coaching.said_at_start(plan.intro),
            )
            getready, heard = ready.seconds, ready.heard
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


def _holds(dose: Dose) -> list[tuple[Side | None, int]]:
    reps = range(1, dose.reps + 1)
    if dose.sides == "none":
        return [(None, rep) for rep in reps]
    if dose.sides == "alternate":
        return [(side, rep) for rep in reps for side in ("left", "right")]
    return [(side, rep) for side in ("left", "right") for rep in reps]
