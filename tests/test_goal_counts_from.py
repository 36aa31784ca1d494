"""`config weekly_goal N` on a day other than Monday says that the week keeps its goal and
from which week the new one counts (it looked ignored until Monday)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch

WEDNESDAY = datetime(2026, 12, 2, 12, 0).astimezone()  # noon here, in any zone


def test_a_goal_set_midweek_says_when_it_counts_from(stretch: Stretch) -> None:
    code, out, err = stretch("config", "weekly_goal", "3", wall=WEDNESDAY)
    assert code == 0 and out.startswith("weekly_goal = 3")
    assert err == (
        "stretch: the weekly goal of 3 counts from the week of 7 Dec 2026; this week keeps 5, "
        "the goal it began with\n"
    )


def test_a_goal_set_on_a_monday_counts_at_once_and_says_nothing(stretch: Stretch) -> None:
    monday = WEDNESDAY - timedelta(days=2)
    code, _, err = stretch("config", "weekly_goal", "3", wall=monday)
    assert (code, err) == (0, "")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dates(date(2000, 1, 3), date(2090, 12, 31)), st.integers(1, 14))
def test_the_week_named_is_the_next_monday_after_a_midweek_day(
    stretch: Stretch, day: date, goal: int
) -> None:
    """Each example in a history of its own: a fresh state folder per day."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.environ["STRETCH_STATE_DIR"] = folder + "/state"
        os.environ["STRETCH_CONFIG_DIR"] = folder + "/config"
        moment = datetime(day.year, day.month, day.day, 12).astimezone()
        code, _, err = stretch("config", "weekly_goal", str(goal), wall=moment)
    assert code == 0
    if day.weekday() == 0 or goal == 5:
        assert err == ""
    else:
        monday = day + timedelta(days=7 - day.weekday())
        assert f"counts from the week of {monday.day} {monday:%b %Y}" in err


def test_a_goal_change_that_cannot_be_kept_with_the_weeks_says_so(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state folder a link to a disk not mounted: the config is written, and the goal
    log that could not be is said (the weeks until it is kept keep the old goal)."""
    isolated.mkdir(parents=True, exist_ok=True)
    state = isolated / "state-link"
    state.symlink_to(isolated / "not-mounted" / "state")
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    code, out, err = stretch("config", "weekly_goal", "3", wall=WEDNESDAY + timedelta(days=5))
    assert code == 0 and out.startswith("weekly_goal = 3")
    assert "stretch: warning: the new weekly goal is not kept with the weeks (" in err
    assert err.count("\n") == 1
