"""A goal changed by hand mid-week is said against the goal this week is judged by, not
against one seen on a later day (a clock that ran ahead), which is not in force yet."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch

TUESDAY = datetime(2026, 12, 8, 12, 0).astimezone()  # noon here, in any zone


def set_up(isolated: Path, ahead: int, by_hand: int) -> None:
    """A goal of 5 since October, one of `ahead` seen in January (a clock ahead), and the
    config's goal changed by hand to `by_hand`."""
    (isolated / "state").mkdir(parents=True, exist_ok=True)
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    seen = [
        {"day": "2026-10-01", "goal": 5, "settings": 5, "plan": False},
        {"day": "2027-01-05", "goal": ahead, "settings": ahead, "plan": False},
    ]
    log = {"format": "stretch-weekly-goals", "seen": seen}
    (isolated / "state" / "weekly-goals.json").write_text(json.dumps(log), encoding="utf-8")
    config = f"weekly_goal = {by_hand}\n"
    (isolated / "config" / "config.toml").write_text(config, encoding="utf-8")


def note(by_hand: int) -> str:
    return (
        f"stretch: the weekly goal of {by_hand} counts from the week of 14 Dec 2026; this "
        "week keeps 5, the goal it began with"
    )


def notes(stretch: Stretch) -> list[str]:
    err = stretch("history", wall=TUESDAY).err
    return [line for line in err.splitlines() if "weekly goal" in line]


def test_the_note_names_this_week_s_goal_not_the_one_ahead(
    stretch: Stretch, isolated: Path
) -> None:
    set_up(isolated, 3, 4)
    assert notes(stretch) == [note(4)]


def test_a_change_to_the_goal_ahead_s_value_is_said_too(stretch: Stretch, isolated: Path) -> None:
    set_up(isolated, 3, 3)
    assert notes(stretch) == [note(3)]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(1, 100), st.integers(1, 100))
def test_whatever_the_goal_ahead_the_note_is_against_this_week_s(
    stretch: Stretch, isolated: Path, ahead: int, by_hand: int
) -> None:
    set_up(isolated, ahead, by_hand)
    assert notes(stretch) == ([] if by_hand == 5 else [note(by_hand)])
