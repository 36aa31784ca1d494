"""`stretch again` and `run --resume` of a session whose stored --only or --variant names an
exercise the plan leaves out (the ball, with blood thinners): the stored options cannot be
used, and the error says so as that session's, exit 1, as for any other stored option that
does not fit (attack 15, H8), never as a flag the person typed (exit 2)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_replay import sessions, stopped

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEFT_OUT = "leave_out: {ball-pressure: blood thinners}\n"
WHY = (
    "your plan leaves out Ball pressure on trigger points (blood thinners) (it is not done "
    "while the plan says so; show `stretch plan` to a clinician to change that; "
)
# Each way a stored session names the ball.
STORED: dict[str, tuple[dict[str, object], str]] = {
    "only": ({"only": ["ball-pressure"]}, "--only ball-pressure"),
    "only, one of two": (
        {"only": ["scapular-squeeze", "ball-pressure"]},
        "--only scapular-squeeze,ball-pressure",
    ),
    "variant": ({"variants": {"ball-pressure": "floor"}}, "--variant ball-pressure=floor"),
}


def adopt(stretch: Stretch, tmp_path: Path, routine: str) -> None:
    """A plan of `routine` every day, which leaves the ball out; adopted two days ago."""
    plan = tmp_path / "plan.yaml"
    days = ", ".join(f"{day}: {routine}" for day in WEEK)
    plan.write_text(f"days: {{{days}}}\n{LEFT_OUT}", encoding="utf-8")
    assert stretch("plan", "use", str(plan), wall=NOW - timedelta(days=2)).code == 0


def test_again_of_a_stored_only_the_plan_leaves_out_is_the_sessions(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    adopt(stretch, tmp_path, "desk-upper-back")
    stopped(isolated, {"only": ["ball-pressure"]}, routine="upper-back")
    before = sessions(stretch)
    code, out, err = stretch("again", "--json")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "stretch: again: upper-back --only ball-pressure",
        "stretch: the last session (session 1) cannot be run again with its options: its "
        f"--only ball-pressure: {WHY}start afresh with `stretch run upper-back`)",
    ]
    assert sessions(stretch) == before  # nothing was started


@pytest.mark.parametrize("held", [False, True], ids=["routine not in the plan", "in the plan"])
@pytest.mark.parametrize("stored", STORED)
@pytest.mark.parametrize("command", ["again", "resume"])
def test_stored_options_naming_what_the_plan_leaves_out_are_said_as_the_sessions(
    stretch: Stretch, isolated: Path, tmp_path: Path, held: bool, stored: str, command: str
) -> None:
    adopt(stretch, tmp_path, "upper-back" if held else "desk-upper-back")
    options, flag = STORED[stored]
    stopped(isolated, options, routine="upper-back")
    before = sessions(stretch)
    if command == "again":
        code, out, err = stretch("again", "--json")
        lead = "stretch: the last session (session 1) cannot be run again with its options"
    else:
        code, out, err = stretch("run", "upper-back", "--resume", "--json")
        lead = "stretch: session 1 of upper-back cannot be resumed with its options"
    afresh = (
        "start today's session of the plan afresh with `stretch run`"
        if held
        else "start afresh with `stretch run upper-back`"
    )
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == f"{lead}: its {flag}: {WHY}{afresh})"
    assert sessions(stretch) == before  # nothing was started


def test_a_typed_only_of_what_the_plan_leaves_out_is_still_exit_2(
    stretch: Stretch, tmp_path: Path
) -> None:
    adopt(stretch, tmp_path, "desk-upper-back")
    code, _, err = stretch("run", "upper-back", "--only", "ball-pressure", "--json")
    assert code == 2
    assert err.startswith("stretch: --only: your plan leaves out Ball pressure on trigger points")


IDS = ["rhomboid-stretch", "scapular-squeeze", "ball-pressure", "gone"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    only=st.lists(st.sampled_from(IDS), unique=True, max_size=2),
    variants=st.sampled_from([{}, {"ball-pressure": "floor"}, {"scapular-squeeze": "band"}]),
)
def test_whatever_a_stored_session_names_again_runs_it_or_says_it_is_the_sessions(
    stretch: Stretch, isolated: Path, tmp_path: Path, only: list[str], variants: dict[str, str]
) -> None:
    """Under a plan that leaves the ball out, `again` of any stored --only and variants runs
    (none names the ball) or says in one line, exit 1, that they are the last session's."""
    for made in (isolated / "state").glob("history.sqlite3*"):
        made.unlink()
    (isolated / "config" / "plan.yaml").unlink(missing_ok=True)
    adopt(stretch, tmp_path, "desk-upper-back")
    stopped(isolated, {"only": only, "variants": variants}, routine="upper-back")
    code, out, err = stretch("again", "--json")
    if code == 0:
        assert "ball-pressure" not in only and "ball-pressure" not in variants
        return
    assert (code, out) == (1, "")
    said = err.splitlines()[1:]
    assert len(said) == 1 and said[0].startswith(
        "stretch: the last session (session 1) cannot be run again with its options: its --"
    ), err
    assert said[0].endswith("start afresh with `stretch run upper-back`)")
