"""A run's words where the plan takes a step away: a step the plan leaves out, named with
--skip, --only or --variant, or with an avoided movement whose alternative the plan leaves
out, and a routine the plan leaves nothing of. Each says what is true: the plan leaves it
out, with the plan's reason, and where to look (`stretch plan`), never "not a step of" a
routine that has it, "it has no alternative" of one that has, or "check --only, --skip and
--avoid" where none was given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch
from tests.test_plan_engine import UPPER_BACK, catalog, on, rated
from tests.test_plan_engine import plan as engine_plan
from tests.test_plan_engine import run as engine_run
from tests.test_plan_run import MONDAY, adopt, holds

BALL = "days: {mon: upper-back}\nleave_out: {ball-pressure: blood thinners}\n"
RHOMBOID = (
    "days: {mon: desk-upper-back}\nleave_out: {rhomboid-stretch: its alternative needs a ball}\n"
)
LEFT_OUT = (
    "stretch: --{flag}: your plan leaves out Rhomboid stretch (its alternative needs a ball) "
    "(it is not done while the plan says so; show `stretch plan` to a clinician to change "
    "that)\n"
)


@pytest.mark.parametrize("named", [[], ["desk-upper-back"], ["desk-break"]])
def test_a_variant_of_a_step_the_plan_leaves_out_is_refused_with_the_plans_reason(
    stretch: Stretch, tmp_path: Path, named: list[str]
) -> None:
    """Today's routine, a routine of the plan named, and one it does not hold: the variant
    would not be done, so it is refused, saying why, and nothing is recorded."""
    adopt(stretch, tmp_path, RHOMBOID)
    result = stretch(
        "run", *named, "--variant", "rhomboid-stretch=chair", "--json", "--no-pain", wall=MONDAY
    )
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines()[-1] + "\n" == LEFT_OUT.format(flag="variant")
    assert '"uid"' not in stretch("history", "--json", wall=MONDAY).out


@pytest.mark.parametrize("named", [[], ["desk-upper-back"]])
def test_skipping_a_step_the_plan_leaves_out_runs_the_rest_and_says_so(
    stretch: Stretch, tmp_path: Path, named: list[str]
) -> None:
    adopt(stretch, tmp_path, RHOMBOID)
    result = stretch(
        "run", *named, "--skip", "rhomboid-stretch", "--json", "--no-pain", wall=MONDAY
    )
    assert result.code == 0, result.err
    assert (
        "stretch: --skip rhomboid-stretch: your plan leaves out Rhomboid stretch (its "
        "alternative needs a ball) already\n"
    ) in result.err
    assert "not a step" not in result.err
    assert list(holds(result.out)) == ["chest-stretch", "scapular-squeeze"]


@pytest.mark.parametrize("named", [[], ["upper-back"], ["desk-break"]])
def test_an_avoided_step_whose_alternative_the_plan_leaves_out_says_so(
    stretch: Stretch, tmp_path: Path, named: list[str]
) -> None:
    """Blood thinners: the ball is left out. The rotation avoided has the ball as its
    alternative: it is skipped because the plan leaves the ball out, not for want of one."""
    adopt(stretch, tmp_path, BALL)
    result = stretch("run", *named, "--avoid", "rotation", "--json", "--no-pain", wall=MONDAY)
    assert result.code == 0, result.err
    assert (
        "stretch: skipping thoracic-rotation (rotation): your plan leaves out its "
        "alternative, Ball pressure on trigger points (blood thinners)\n"
    ) in result.err
    assert "no alternative" not in result.err


def test_a_routine_the_plan_leaves_nothing_of_says_so(stretch: Stretch, tmp_path: Path) -> None:
    adopt(stretch, tmp_path, BALL)
    result = stretch("run", "trigger-point-release", "--json", "--no-pain", wall=MONDAY)
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines()[-1] == (
        "stretch: nothing left to do in trigger-point-release (your plan leaves out every "
        "exercise of it: Ball pressure on trigger points (blood thinners); run one of your "
        "plan's routines, which `stretch plan` lists)"
    )
    assert "check --only" not in result.err
    assert "is done without it" not in result.err


def test_the_rest_skipped_by_hand_names_both_reasons(stretch: Stretch, tmp_path: Path) -> None:
    adopt(stretch, tmp_path, RHOMBOID)
    result = stretch(
        "run", "--skip", "chest-stretch,scapular-squeeze", "--json", "--no-pain", wall=MONDAY
    )
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines()[-1] == (
        "stretch: nothing left to do in desk-upper-back (your plan leaves out Rhomboid stretch "
        "(its alternative needs a ball); --skip leaves out the rest)"
    )


STEPS = ["chest-stretch", "rhomboid-stretch", "scapular-squeeze"]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(STEPS), min_size=1, max_size=2, unique=True),
    st.sampled_from(["--skip", "--only", "--variant"]),
    st.sampled_from(STEPS),
    st.sampled_from([[], ["desk-upper-back"]]),
)
def test_a_step_of_the_routine_is_never_called_not_a_step_of_it(
    stretch: Stretch, tmp_path: Path, left: list[str], flag: str, step: str, named: list[str]
) -> None:
    """Whatever the plan leaves out and whatever flag names a step of the routine, the words
    never say the routine has no such step; a refusal of a step left out gives the plan's
    reason."""
    why = {name: f"reason {n}" for n, name in enumerate(left)}
    path = tmp_path / f"{'-'.join(left)}.yaml"
    path.write_text(
        f"days: {{mon: desk-upper-back}}\nleave_out: {json.dumps(why)}\n", encoding="utf-8"
    )
    assert stretch("plan", "use", str(path), wall=MONDAY).code in (0, 2)
    value = f"{step}=chair" if flag == "--variant" else step
    result = stretch("run", *named, flag, value, "--json", "--no-pain", wall=MONDAY)
    assert "is not a step of" not in result.err
    if step in left and result.code == 2 and flag != "--skip":
        assert why[step] in result.err


def test_at_a_second_red_an_alternative_the_plan_leaves_out_is_named_as_why(
    stretch: Stretch, tmp_path: Path
) -> None:
    """The rhomboid stretch has an alternative, the ball, which the plan leaves out: at its
    second red in a week it is left out because of that, not for want of one."""
    found = engine_run(
        engine_plan(leave_out={"ball-pressure": "blood thinners"}),
        [rated(on(1, d), 1, 1, hurt=["rhomboid-stretch"]) for d in (0, 2)],
    )
    rhomboid = found.standings["rhomboid-stretch"]
    assert (rhomboid.left_out, rhomboid.reason) == (
        True,
        "left out: 2 red sessions in the week of 2 Nov 2026, and your plan leaves out its "
        "alternative, Ball pressure on trigger points",
    )
    assert found.decisions[-1].said.startswith(
        "Rhomboid stretch hurt twice in the week of 2 Nov 2026 and your plan leaves out its "
        "alternative, Ball pressure on trigger points: it is left out until a clinician has "
        "looked at it."
    )


@pytest.mark.parametrize("avoid", [(), ("rotation",), ("flexion",), ("rotation", "flexion")])
@pytest.mark.parametrize("leave_out", [{}, {"ball-pressure": "no ball"}])
def test_has_no_alternative_is_said_only_of_an_exercise_without_one(
    avoid: tuple[str, ...], leave_out: dict[str, str]
) -> None:
    """Over every exercise of the routine at two reds in a week, whatever the plan avoids or
    leaves out: 'has no alternative' only of an exercise whose file gives none."""
    sessions = [rated(on(1, d), 1, 1, hurt=list(UPPER_BACK)) for d in (0, 2)]
    found = engine_run(engine_plan(avoid=avoid, leave_out=leave_out), sessions)
    exercises = catalog().exercises
    for decision in found.decisions:
        if decision.change != "alternative" or decision.alternative is not None:
            continue
        none = exercises[decision.exercise].alternative is None
        assert ("has no alternative" in decision.said) == none, decision.said
        assert ("it has no alternative" in decision.reason) == none, decision.reason
