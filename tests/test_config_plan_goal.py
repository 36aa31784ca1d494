"""`stretch config weekly_goal N` with a plan: the plan's goal is the one used (README: "With
a plan, the plan's days decide it"), so setting or showing the config's says so, names the
plan's goal and how to change it. The setting is still written: it applies again without a
plan."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch
from tests.test_plan_run import MONDAY, adopt

DAYS = "days: {mon: desk-upper-back, wed: desk-upper-back, fri: desk-upper-back}\n"
USED = (
    "stretch: your plan's weekly goal is the one used: 3 sessions (a session for each routine "
    "on its days); the config's weekly_goal applies again without a plan. To change the "
    "plan's, adopt a copy of it with `weekly_goal: N` (stretch plan use FILE)\n"
)


def test_setting_the_goal_under_a_plan_says_the_plans_is_used(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    adopt(stretch, tmp_path, DAYS)
    result = stretch("config", "weekly_goal", "2", wall=MONDAY)
    assert result.code == 0
    assert result.out.startswith("weekly_goal = 2  (written to ")
    assert result.err == USED
    shown = stretch("config", "weekly_goal", wall=MONDAY)
    assert (shown.out, shown.err) == ("2\n", USED)
    table = stretch("config", wall=MONDAY)
    assert table.err == USED
    assert "Weekly goal: 3 sessions\n" in stretch("plan", wall=MONDAY).out


def test_a_plans_own_goal_is_named_as_its_own(stretch: Stretch, tmp_path: Path) -> None:
    adopt(stretch, tmp_path, DAYS + "weekly_goal: 4\n")
    result = stretch("config", "weekly_goal", "2", wall=MONDAY)
    assert result.err == (
        "stretch: your plan's weekly goal is the one used: 4 sessions on 3 days (its "
        "weekly_goal); the config's weekly_goal applies again without a plan. To change the "
        "plan's, adopt a copy of it with `weekly_goal: N` (stretch plan use FILE)\n"
    )


def test_without_a_plan_or_with_a_rotation_the_config_goal_is_used_without_a_word(
    stretch: Stretch, tmp_path: Path
) -> None:
    assert stretch("config", "weekly_goal", "2", wall=MONDAY).err == ""
    adopt(stretch, tmp_path, "rotation: [desk-upper-back, mid-back]\n")
    assert stretch("config", "weekly_goal", "2", wall=MONDAY).err == ""
    assert stretch("config", "sound", "false", wall=MONDAY).err == ""


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(1, 100), st.one_of(st.none(), st.integers(1, 14)))
def test_the_goal_said_is_the_one_the_weeks_are_counted_against(
    stretch: Stretch, tmp_path: Path, setting: int, own: int | None
) -> None:
    """Whatever the setting and the plan's own goal, the goal named is the one the plan
    counts the weeks against (history and the report take the same)."""
    adopt(stretch, tmp_path, DAYS + (f"weekly_goal: {own}\n" if own else ""))
    said = stretch("config", "weekly_goal", str(setting), wall=MONDAY).err
    used = own or 3
    assert f"is the one used: {used} session{'s' if used > 1 else ''}" in said
    assert json.loads(stretch("plan", "--json", wall=MONDAY).out)["weekly_goal"] == used
