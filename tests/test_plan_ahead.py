"""A plan adopted while the clock ran ahead does not stand still until that day: a start
stored in the future has not happened yet, and the plan begins at the first command that
follows it at the right time (the issue's rule: a moment the clock put in the future
never governs the present)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.conftest import Stretch
from tests.test_plan_run import MONDAY, PLAN
from tests.test_weekly_goal_change import session_at


def test_a_plan_adopted_with_the_clock_a_year_ahead_begins_at_the_right_time(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    ahead = MONDAY + timedelta(days=395)  # the clock a year ahead, once
    assert stretch("plan", "use", str(path), wall=ahead).code == 0
    shown = stretch("plan", wall=MONDAY)
    assert shown.code == 0, shown.err
    assert "Since 2 Nov 2026: 0 sessions" in shown.out
    session_at(isolated, MONDAY + timedelta(hours=1))
    later = stretch("plan", wall=MONDAY + timedelta(hours=2)).out
    assert "Since 2 Nov 2026: 1 session" in later


def test_the_start_a_clock_ahead_stored_never_starts_the_plan_again_on_its_day(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    ahead = MONDAY + timedelta(days=395)
    assert stretch("plan", "use", str(path), wall=ahead).code == 0
    assert stretch("plan", wall=MONDAY).code == 0  # begins now, in place of that start
    session_at(isolated, MONDAY + timedelta(hours=1))
    year_later = stretch("plan", wall=ahead + timedelta(days=1)).out
    assert "Since 2 Nov 2026: 1 session" in year_later
