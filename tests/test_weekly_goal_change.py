"""A week is judged against the weekly goal it had: the weeks before a plan began against
the settings' goal, the weeks from the plan's first on against the plan's. Judged against a
goal set later, three months of weeks at the goal of 3 read as weeks short of the plan's 5
(the report a physiotherapist reads, the history's dots and streak)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.goals import WeeklyGoal
from stretchcli.history.store import History
from tests.conftest import Stretch
from tests.test_plan_run import MONDAY, PLAN, adopt

WEDNESDAY_AFTER = MONDAY + timedelta(days=9)  # Wed 11 Nov: the week of 2 Nov is over


def session_at(isolated: Path, moment: datetime) -> None:
    store = History(isolated / "state" / "history.sqlite3", print, lambda: moment)
    store.finish(store.start("desk-break", {}, [], None), "completed", 60, [], None)


def three_weeks_at_three_then_a_plan_of_five(stretch: Stretch, isolated: Path, tmp: Path) -> None:
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("weekly_goal = 3\n", encoding="utf-8")
    for week in (3, 2, 1):  # the weeks of 12, 19 and 26 Oct: Monday, Wednesday, Friday
        for day in (0, 2, 4):
            session_at(isolated, MONDAY - timedelta(weeks=week) + timedelta(days=day))
    adopt(stretch, tmp, PLAN + "weekly_goal: 5\n")  # on Monday 2 Nov
    for day in range(4):  # the plan's first week: 4 of its 5
        session_at(isolated, MONDAY + timedelta(days=day, hours=2))


def test_the_report_judges_each_week_against_the_goal_it_had(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    three_weeks_at_three_then_a_plan_of_five(stretch, isolated, tmp_path)
    report = stretch("report", "--since", "5w", wall=WEDNESDAY_AFTER)
    assert report.code == 0, report.err
    assert (
        "- **Goal:** 5 a week from the week of 2 Nov 2026 (3 before); 3.2 a week on average, "
        "met in 3 of 4 full weeks\n"
    ) in report.out
    assert "Week by week (goal: 5 a week from the week of 2 Nov 2026 (3 before))" in report.out
    data = json.loads(
        stretch("report", "--since", "5w", "--format", "json", wall=WEDNESDAY_AFTER).out
    )
    assert (data["weekly_goal"], data["weekly_goal_before"], data["weekly_goal_from"]) == (
        5,
        3,
        "2026-11-02",
    )
    assert [w["goal"] for w in data["weeks"]] == [3, 3, 3, 5, 5]
    assert data["totals"]["weeks_at_goal"] == 3
    page = tmp_path / "report.html"
    made = stretch("report", "--since", "5w", "-o", str(page), wall=WEDNESDAY_AFTER)
    assert made.code == 0, made.err
    # The chart's bars are judged by both goals: its title says both.
    assert "Sessions a week (goal: 5 a week from the week of 2 Nov 2026 (3 before))" in (
        page.read_text(encoding="utf-8")
    )


def test_the_history_draws_each_week_against_the_goal_it_had(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    three_weeks_at_three_then_a_plan_of_five(stretch, isolated, tmp_path)
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 5 a week from the week of 2 Nov 2026 (3 before))" in page
    assert "Weekly goal met: 0 weeks in a row (longest 3)" in page
    rows = [line for line in page.splitlines() if line.startswith(("12 Oct", "2 Nov"))]
    assert [" ".join(row.split()[:4]) for row in rows] == ["12 Oct ●●● 3", "2 Nov ●●●●○ 4"]


def test_without_a_change_of_goal_nothing_more_is_said(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    session_at(isolated, MONDAY - timedelta(weeks=2))
    adopt(stretch, tmp_path, PLAN + "weekly_goal: 5\n")  # the settings' goal is 5 too
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 5 a week)\n" in page


mondays = st.dates(date(2000, 1, 3), date(2100, 1, 1)).map(
    lambda d: d - timedelta(days=d.weekday())
)


@given(mondays, mondays, st.integers(1, 30), st.integers(1, 30))
def test_a_week_has_the_goal_in_force_in_it(
    since: date, monday: date, now: int, before: int
) -> None:
    goal = WeeklyGoal.planned(now, before, since)
    assert goal.of(monday) == (now if monday >= since else before)
    assert WeeklyGoal(now).of(monday) == now
    said = goal.words(monday, monday + timedelta(days=6))
    if monday < since <= monday + timedelta(days=6) and before != now:
        assert said.startswith(f"{now} a week from the week of ") and f"({before} before)" in said
    else:  # the goal the period's weeks had, not one set later
        assert said == f"{goal.of(monday)} a week"


def test_a_plan_made_on_a_sunday_judges_from_the_next_week(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """The week a plan was made in on its Sunday was lived under the settings' goal: it is
    judged against that one, the plan's goal from its first whole week."""
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("weekly_goal = 3\n", encoding="utf-8")
    for day in (0, 2, 4):  # Monday, Wednesday, Friday of the week of 26 Oct
        session_at(isolated, MONDAY - timedelta(weeks=1) + timedelta(days=day))
    sunday = MONDAY - timedelta(hours=10)  # Sun 1 Nov, 22:00
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN + "weekly_goal: 5\n", encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=sunday).code == 0
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 5 a week from the week of 2 Nov 2026 (3 before))" in page
    rows = [line for line in page.splitlines() if line.startswith("26 Oct")]
    assert [" ".join(row.split()[:4]) for row in rows] == ["26 Oct ●●● 3"]
