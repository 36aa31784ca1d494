"""The timeline rules: phase order, sides, relax and rest placement, offsets and options."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.model import (
    Coach,
    Dose,
    DoseChange,
    Exercise,
    Phase,
    Routine,
    Sides,
    Step,
    Variant,
)
from stretchcli.session.options import RunOptions
from stretchcli.session.planned import Plan, PlanError, PlannedStep
from stretchcli.session.planning import plan
from stretchcli.session.timeline import build
from tests.by_hand import ORIGIN


def exercise(
    ident: str,
    sides: Sides = "none",
    movements: tuple[str, ...] = (),
    alternative: str | None = None,
    **dose: float,
) -> Exercise:
    values: dict[str, float] = {"hold": 10, "reps": 2, "sets": 1, "relax": 3, "rest": 20}
    values.update(dose)
    return Exercise(
        id=ident,
        name=ident.title(),
        summary="s",
        dose=Dose(
            hold=values["hold"],
            reps=int(values["reps"]),
            sets=int(values["sets"]),
            relax=values["relax"],
            rest=values["rest"],
            sides=sides,
        ),
        instructions=("Do it.",),
        cautions=("Gently.",),
        origin=ORIGIN,
        movements=movements,  # type: ignore[arg-type]
        alternative=alternative,
    )


def shape(phases: list[Phase]) -> list[tuple[str, str | None, int, int | None, float]]:
    return [(p.kind, p.side, p.set, p.rep, p.duration) for p in phases]


def steps(*exercises: Exercise) -> tuple[PlannedStep, ...]:
    return tuple(PlannedStep(e, e.dose) for e in exercises)


def test_no_sides_holds_with_relax_between_but_not_after_the_last() -> None:
    phases = build(Plan(steps(exercise("a", reps=3)), prepare=5, rest=10), None)
    assert shape(phases) == [
        ("prepare", None, 1, None, 5),
        ("hold", None, 1, 1, 10),
        ("relax", None, 1, 1, 3),
        ("hold", None, 1, 2, 10),
        ("relax", None, 1, 2, 3),
        ("hold", None, 1, 3, 10),
    ]


def test_both_sides_does_all_left_then_switch_then_all_right() -> None:
    phases = build(Plan(steps(exercise("a", sides="both")), prepare=5, rest=10), None)
    assert shape(phases) == [
        ("prepare", None, 1, None, 5),
        ("hold", "left", 1, 1, 10),
        ("relax", "left", 1, 1, 3),
        ("hold", "left", 1, 2, 10),
        ("switch", "right", 1, 1, 5),
        ("hold", "right", 1, 1, 10),
        ("relax", "right", 1, 1, 3),
        ("hold", "right", 1, 2, 10),
    ]


def test_alternate_goes_left_right_left_right_with_relax_between() -> None:
    """A relax is on the side of the hold it lets go of: the next side is never named
    before its turn."""
    phases = build(Plan(steps(exercise("a", sides="alternate")), prepare=0, rest=10), None)
    assert shape(phases) == [
        ("hold", "left", 1, 1, 10),
        ("relax", "left", 1, 1, 3),
        ("hold", "right", 1, 1, 10),
        ("relax", "right", 1, 1, 3),
        ("hold", "left", 1, 2, 10),
        ("relax", "left", 1, 2, 3),
        ("hold", "right", 1, 2, 10),
    ]


@given(
    sides=st.sampled_from(["none", "both", "alternate"]),
    reps=st.integers(1, 4),
    sets=st.integers(1, 3),
    coached=st.sampled_from([None, "full", "brief"]),
)
def test_a_relax_is_on_the_side_and_rep_of_the_hold_before_it(
    sides: Sides, reps: int, sets: int, coached: Coach | None
) -> None:
    planned = Plan(steps(exercise("a", sides=sides, reps=reps, sets=sets)), prepare=5, rest=10)
    phases = build(planned, coached)
    for before, phase in itertools.pairwise(phases):
        if phase.kind == "relax":
            assert before.kind == "hold"
            assert (phase.side, phase.rep, phase.set) == (before.side, before.rep, before.set)
        if phase.kind in ("switch", "hold") and before.kind == "switch":
            assert phase.side == before.side  # a switch names the side that comes next


def test_sets_rest_between_and_exercises_rest_between() -> None:
    phases = build(
        Plan(steps(exercise("a", reps=1, sets=2), exercise("b", reps=1)), prepare=5, rest=10),
        None,
    )
    assert [(p.kind, p.exercise, p.set, p.duration) for p in phases] == [
        ("prepare", "a", 1, 5),
        ("hold", "a", 1, 10),
        ("rest", "a", 2, 20),
        ("hold", "a", 2, 10),
        ("rest", "b", 1, 10),
        ("prepare", "b", 1, 5),
        ("hold", "b", 1, 10),
    ]


def test_offsets_are_the_running_sum_and_total_is_the_sum() -> None:
    phases = build(
        Plan(steps(exercise("a", sides="both", sets=2), exercise("b")), prepare=5, rest=10),
        None,
    )
    running = 0.0
    for index, phase in enumerate(phases):
        assert phase.index == index
        assert phase.offset == running
        running += phase.duration
    assert sum(p.duration for p in phases) == running


def test_zero_relax_and_zero_prepare_leave_no_empty_phases() -> None:
    phases = build(Plan(steps(exercise("a", relax=0)), prepare=0, rest=0), None)
    assert [p.kind for p in phases] == ["hold", "hold"]


def routine(*ids: str) -> Routine:
    return Routine("r", "R", "s", tuple(Step(i) for i in ids), ORIGIN)


LIBRARY = {
    "stretch": exercise("stretch", movements=("flexion",)),
    "twist": exercise("twist", movements=("rotation",), alternative="ball"),
    "bend": exercise("bend", movements=("side-bend",), alternative="ball"),
    "ball": exercise("ball", sides="both"),
    "lonely": exercise("lonely", movements=("rotation",)),
}


def ids(p: object) -> list[str]:
    return [s.exercise.id for s in p.steps]  # type: ignore[attr-defined]


def test_avoid_swaps_for_the_alternative_once_and_notes_it() -> None:
    result = plan(
        routine("stretch", "twist", "bend"),
        LIBRARY,
        RunOptions(avoid=frozenset({"rotation", "side-bend"})),
    )
    assert ids(result) == ["stretch", "ball"]
    assert result.notes == (
        "doing ball instead of twist (rotation)",
        "skipping bend (side-bend): its alternative, ball, is in the session",
    )


def test_avoid_without_alternative_skips_with_a_note() -> None:
    result = plan(routine("lonely", "stretch"), LIBRARY, RunOptions(avoid=frozenset({"rotation"})))
    assert ids(result) == ["stretch"]
    assert result.notes == ("skipping lonely (rotation): it has no alternative",)


def test_avoid_when_the_alternative_is_already_a_step_keeps_one() -> None:
    result = plan(routine("twist", "ball"), LIBRARY, RunOptions(avoid=frozenset({"rotation"})))
    assert ids(result) == ["ball"]


def test_only_and_skip() -> None:
    r = routine("stretch", "twist", "ball")
    assert ids(plan(r, LIBRARY, RunOptions(only=("ball", "stretch")))) == ["stretch", "ball"]
    assert ids(plan(r, LIBRARY, RunOptions(skip=("twist",)))) == ["stretch", "ball"]


def test_only_with_an_unknown_step_is_a_usage_error_naming_the_option() -> None:
    with pytest.raises(PlanError) as caught:
        plan(routine("stretch"), LIBRARY, RunOptions(only=("stretsh",)))
    error = caught.value
    assert (error.option, error.message) == ("only", "'stretsh' is not a step of r")
    assert error.hint == "its steps: stretch"
    assert error.exit_code == 2


def test_scale_stretches_holds_relax_and_rest() -> None:
    result = plan(routine("stretch"), LIBRARY, RunOptions(scale=0.5))
    dose = result.steps[0].dose
    assert (dose.hold, dose.relax, dose.rest, dose.reps) == (5, 1.5, 10, 2)


def test_step_overrides_and_variants_apply() -> None:
    base = exercise("rs")
    floor = Variant(position="floor", dose=DoseChange(hold=20))
    with_variant = replace(base, variants={"floor": floor})
    r = Routine("r", "R", "s", (Step("rs", "floor", DoseChange(reps=4)),), ORIGIN)
    result = plan(r, {"rs": with_variant}, RunOptions())
    step = result.steps[0]
    assert (step.exercise.position, step.exercise.variant) == ("floor", "floor")
    assert (step.dose.hold, step.dose.reps) == (20, 4)
