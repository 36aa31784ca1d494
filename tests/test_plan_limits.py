"""The plan's safety limits hold for a run whose options nobody typed (attack 15, H9): a
session recorded before the plan was adopted (or on another machine) has none of its `avoid`
or `leave_out` in its options; `stretch again` ran it with flexion despite an osteoporosis
avoid and with the ball despite blood thinners, and `--resume` went on into them. Run again,
the session keeps the plan's limits and says so; resumed, it is refused with what to run."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUILTIN, Stretch
from tests.test_level_rule import CATALOG
from tests.test_plan_run import MONDAY, holds

AVOID = "days: {mon: desk-upper-back, wed: desk-upper-back, fri: desk-upper-back}\n"
BEFORE = MONDAY - timedelta(days=1)  # the session stopped in, before the plan
LATER = MONDAY + timedelta(hours=2)


def stopped_then_planned(stretch: Stretch, tmp_path: Path, plan: str, routine: str) -> None:
    """A run of `routine` stopped in its second exercise, then `plan` adopted."""
    first = stretch("run", routine, "--json", "--no-pain", keys=[(200, "q")], wall=BEFORE)
    assert first.code == 0, first.err
    path = tmp_path / "plan.yaml"
    path.write_text(plan, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0


@pytest.mark.parametrize("routine", ["upper-back", "desk-upper-back"])
def test_again_keeps_the_plans_avoid_which_the_session_was_run_without(
    stretch: Stretch, tmp_path: Path, routine: str
) -> None:
    stopped_then_planned(stretch, tmp_path, AVOID + "avoid: [flexion]\n", routine)
    again = stretch("again", "--json", "--no-pain", wall=LATER)
    assert again.code == 0, again.err
    assert "rhomboid-stretch" not in holds(again.out)  # flexion: its alternative instead
    assert "ball-pressure" in holds(again.out)
    assert (
        "stretch: your plan's limits, which session 1 was run without, are kept: avoiding "
        "flexion" in again.err.splitlines()
    ), again.err


@pytest.mark.parametrize("routine", ["upper-back", "desk-upper-back"])
def test_a_session_run_without_the_plans_limits_is_not_resumed(
    stretch: Stretch, tmp_path: Path, routine: str
) -> None:
    stopped_then_planned(stretch, tmp_path, AVOID + "avoid: [flexion]\n", routine)
    resumed = stretch("run", routine, "--resume", "--json", "--no-pain", wall=LATER)
    assert (resumed.code, resumed.out) == (1, "")
    assert resumed.err.splitlines()[-1] == (
        f"stretch: session 1 of {routine} cannot be resumed: it was run without your plan's "
        f"limits (avoiding flexion) (start afresh with `stretch run {routine}`, which keeps them)"
    )


def test_again_leaves_out_what_the_plan_leaves_out(stretch: Stretch, tmp_path: Path) -> None:
    plan = AVOID + "leave_out: {ball-pressure: blood thinners}\n"
    stopped_then_planned(stretch, tmp_path, plan, "upper-back")
    again = stretch("again", "--json", "--no-pain", wall=LATER)
    assert again.code == 0, again.err
    assert "ball-pressure" not in holds(again.out)
    assert (
        "stretch: your plan's limits, which session 1 was run without, are kept: leaving out "
        "Ball pressure on trigger points (blood thinners)" in again.err.splitlines()
    ), again.err


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    routine=st.sampled_from(["upper-back", "desk-upper-back", "mid-back", "back-pain-relief"]),
    avoid=st.sets(st.sampled_from(["flexion", "rotation", "extension"]), max_size=2),
    left=st.sets(st.sampled_from(["ball-pressure", "scapular-squeeze", "cat-camel"]), max_size=1),
)
def test_whatever_the_limits_again_does_nothing_the_plan_rules_out(
    stretch: Stretch,
    isolated: Path,
    tmp_path: Path,
    routine: str,
    avoid: set[str],
    left: set[str],
) -> None:
    for old in [
        *(isolated / "state").glob("history.sqlite3*"),
        *(isolated / "config").glob("plan*.yaml"),
    ]:
        old.unlink()  # each example from a history and no plan of its own (one in use
        # before would hold the run made before this example's plan)
    plan = AVOID + f"avoid: [{', '.join(sorted(avoid))}]\n"
    plan += "leave_out: {" + ", ".join(f"{n}: a reason" for n in sorted(left)) + "}\n"
    stopped_then_planned(stretch, tmp_path, plan, routine)
    again = stretch("again", "--json", "--no-pain", wall=LATER)
    assert "Traceback" not in again.err
    for name in holds(again.out):
        assert name not in left
        assert not set(CATALOG.exercises[name].movements) & avoid, (name, again.err)


@pytest.mark.parametrize("routine", ["upper-back", "desk-upper-back"])
def test_again_never_brings_back_what_the_plan_leaves_out_as_a_stand_in(
    stretch: Stretch, tmp_path: Path, routine: str
) -> None:
    """A session run with --avoid flexion before the plan did the ball in place of the
    rhomboid stretch; the plan leaves the ball out: run again, it is done without either."""
    first = stretch(
        "run", routine, "--avoid", "flexion", "--json", "--no-pain", keys=[(200, "q")],
        wall=BEFORE,
    )  # fmt: skip
    assert first.code == 0, first.err
    path = tmp_path / "plan.yaml"
    path.write_text(AVOID + "leave_out: {ball-pressure: blood thinners}\n", encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0
    again = stretch("again", "--json", "--no-pain", wall=LATER)
    assert again.code == 0, again.err
    assert "ball-pressure" not in holds(again.out) and "rhomboid-stretch" not in holds(again.out)


def own_routine_with_a_bending_variant(isolated: Path) -> None:
    """An own exercise (the seed's squeeze, id my-squeeze) whose variant `bend` rounds
    forward (flexion), and an own routine that does it in that variant."""
    folder = isolated / "config" / "routines"
    (folder / "exercises").mkdir(parents=True, exist_ok=True)
    seed = (BUILTIN / "exercises" / "scapular-squeeze.yaml").read_text(encoding="utf-8")
    bend = "variants:\n  bend:\n    movements: [flexion]\n"
    (folder / "exercises" / "my-squeeze.yaml").write_text(
        seed.replace("name: Scapular squeeze", "name: My squeeze").replace("variants:\n", bend),
        encoding="utf-8",
    )
    (folder / "my-r.yaml").write_text(
        "name: My routine\nsummary: A squeeze, bent.\nsteps:\n"
        "  - exercise: chin-tuck\n  - exercise: my-squeeze\n    variant: bend\n",
        encoding="utf-8",
    )


def test_a_step_whose_variant_has_an_avoided_movement_keeps_the_plans_avoid(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """Review 17, F4: the limits were looked for in the step's exercise, not in the variant
    it is done in: `again` ran the bending squeeze, and `--resume` went on into it."""
    own_routine_with_a_bending_variant(isolated)
    stopped_then_planned(stretch, tmp_path, AVOID + "avoid: [flexion]\n", "my-r")
    resumed = stretch("run", "my-r", "--resume", "--json", "--no-pain", wall=LATER)
    assert (resumed.code, resumed.out) == (1, "")
    assert "cannot be resumed: it was run without your plan's limits" in resumed.err
    again = stretch("again", "--json", "--no-pain", wall=LATER)
    assert again.code == 0, again.err
    assert "my-squeeze" not in holds(again.out)
    assert "are kept: avoiding flexion" in again.err, again.err


WALL_ONLY = (
    "days: {mon: upper-back, wed: upper-back, fri: upper-back}\n"
    "ladders:\n  ball-pressure:\n    - {hold: 15}\n    - {hold: 20}\n"
)  # the ball at the wall only, as a plan made with osteoporosis keeps it


def stopped_on_the_floor(stretch: Stretch, tmp_path: Path) -> None:
    """A run that lay on the ball (--variant ball-pressure=floor), stopped, then a plan
    adopted whose own ladder keeps the ball at the wall."""
    first = stretch("run", "upper-back", "--variant", "ball-pressure=floor", "--json",
                    "--no-pain", keys=[(200, "q")], wall=BEFORE)  # fmt: skip
    assert first.code == 0, first.err
    path = tmp_path / "plan.yaml"
    path.write_text(WALL_ONLY, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0


def test_again_does_the_ball_as_the_plans_own_ladder_does_not_as_it_was_stored(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Review 22, F1 left this open: `--variant` typed was refused where the plan's own
    ladder never does it, but `again` replayed the stored floor variant, and lay on the
    ball. Run again, the ball is done at the wall, and the run says why."""
    stopped_on_the_floor(stretch, tmp_path)
    again = stretch("again", "--json", "--no-pain", wall=LATER)
    assert again.code == 0, again.err
    assert (
        "stretch: your plan's limits, which session 1 was run without, are kept: doing Ball "
        "pressure on trigger points as your plan's levels do, not as its floor"
        in again.err.splitlines()
    ), again.err
    assert "--variant" not in next(
        line for line in again.err.splitlines() if line.startswith("stretch: again: ")
    )
    assert "ball-pressure" in holds(again.out)
    exported = stretch("history", "export", "-o", "-", wall=LATER).out.splitlines()
    stored = [json.loads(line) for line in exported if line.startswith('{"uid"')]
    assert stored[-1]["options"].get("variants", {}) == {}, stored[-1]
    assert stored[0]["options"]["variants"] == {"ball-pressure": "floor"}


def test_a_session_that_lay_on_the_ball_is_not_resumed_under_a_wall_only_plan(
    stretch: Stretch, tmp_path: Path
) -> None:
    stopped_on_the_floor(stretch, tmp_path)
    resumed = stretch("run", "upper-back", "--resume", "--json", "--no-pain", wall=LATER)
    assert (resumed.code, resumed.out) == (1, "")
    assert resumed.err.splitlines()[-1] == (
        "stretch: session 1 of upper-back cannot be resumed: it was run without your plan's "
        "limits (doing Ball pressure on trigger points as your plan's levels do, not as its "
        "floor) (start afresh with `stretch run upper-back`, which keeps them)"
    )
