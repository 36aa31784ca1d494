"""A goal changed later does not judge again the weeks lived before it: a week keeps the goal it
began with, whether the plan was adopted again with another `weekly_goal`, the setting was
changed, or a file was edited by hand (the goals seen are kept in the state folder)."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import StretchError
from stretchcli.files.goal_log import GOALS, Seen, lived, read
from stretchcli.goals import WeeklyGoal, counts_from, stepped
from tests.conftest import Stretch
from tests.test_plan_run import MONDAY, PLAN, adopt
from tests.test_shortfall import HEAD, QUESTION
from tests.test_weekly_goal_change import session_at

WEDNESDAY_AFTER = MONDAY + timedelta(weeks=3, days=2)  # Wed 25 Nov


def rows(page: str, *mondays: str) -> list[str]:
    """The history's week rows of `mondays` ('2 Nov'), their first four words."""
    found = [line for line in page.splitlines() if line.startswith(mondays)]
    return [" ".join(line.split()[:4]) for line in found]


def three_a_week(isolated: Path, weeks: int) -> None:
    for week in range(weeks):  # Monday, Wednesday and Friday of the weeks from 2 Nov
        for day in (0, 2, 4):
            session_at(isolated, MONDAY + timedelta(weeks=week, days=day, hours=2))


def test_a_plan_adopted_again_with_another_goal_keeps_the_weeks_lived_under_the_first(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    adopt(stretch, tmp_path, PLAN + "weekly_goal: 5\n")  # Monday 2 Nov
    three_a_week(isolated, 3)  # 3 of 5 in the weeks of 2, 9 and 16 Nov
    again = tmp_path / "again.yaml"
    again.write_text(PLAN + "weekly_goal: 2\n", encoding="utf-8")
    tuesday = MONDAY + timedelta(weeks=2, days=1)  # Tue 17 Nov: that week began with 5
    assert stretch("plan", "use", str(again), wall=tuesday).code == 0
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 2 a week from the week of 23 Nov 2026 (5 before))" in page
    assert rows(page, "2 Nov", "9 Nov", "16 Nov") == [
        "2 Nov ●●●○○ 3",
        "9 Nov ●●●○○ 3",
        "16 Nov ●●●○○ 3",
    ]
    assert "Weekly goal met: 0 weeks in a row" in page
    report = json.loads(
        stretch("report", "--since", "4w", "--format", "json", wall=WEDNESDAY_AFTER).out
    )
    assert [w["goal"] for w in report["weeks"]] == [5, 5, 5, 2]
    assert report["weekly_goal_changes"] == [{"from": "2026-11-23", "goal": 2}]
    assert report["totals"]["weeks_at_goal"] == 0


def test_a_setting_changed_later_keeps_the_weeks_before_it(
    stretch: Stretch, isolated: Path
) -> None:
    three_a_week(isolated, 2)
    assert stretch("config", "weekly_goal", "3", wall=MONDAY).code == 0
    friday = MONDAY + timedelta(weeks=1, days=4)  # Fri 13 Nov: a change for next week
    assert stretch("config", "weekly_goal", "4", wall=friday).code == 0
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 4 a week from the week of 16 Nov 2026 (3 before))" in page
    assert rows(page, "2 Nov", "9 Nov") == ["2 Nov ●●● 3", "9 Nov ●●● 3"]


def test_a_goal_changed_on_a_monday_counts_from_that_week(stretch: Stretch, isolated: Path) -> None:
    three_a_week(isolated, 2)
    assert stretch("config", "weekly_goal", "3", wall=MONDAY).code == 0
    monday = MONDAY + timedelta(weeks=1)
    assert stretch("config", "weekly_goal", "4", wall=monday).code == 0
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 4 a week from the week of 9 Nov 2026 (3 before))" in page
    assert rows(page, "2 Nov", "9 Nov") == ["2 Nov ●●● 3", "9 Nov ●●●○ 3"]


def test_a_file_changed_by_hand_is_seen_at_the_next_command(
    stretch: Stretch, isolated: Path
) -> None:
    three_a_week(isolated, 2)
    assert stretch("config", "weekly_goal", "3", wall=MONDAY).code == 0
    (isolated / "config").mkdir(exist_ok=True)
    (isolated / "config" / "config.toml").write_text("weekly_goal = 2\n", encoding="utf-8")
    seen = stretch("history", wall=MONDAY + timedelta(weeks=1, days=3))  # Thu 12 Nov
    assert "Week by week (goal: 3 a week)" in seen.out  # the week of 9 Nov began with 3
    assert seen.err == (  # said once, by the command that sees the change
        "stretch: the weekly goal of 2 counts from the week of 16 Nov 2026; this week keeps "
        "3, the goal it began with\n"
    )
    later = stretch("history", wall=WEDNESDAY_AFTER)
    assert "Week by week (goal: 2 a week from the week of 16 Nov 2026 (3 before))" in later.out
    assert later.err == ""


def test_the_question_about_a_short_week_asks_about_the_goal_it_began_with(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # the question on one line
    adopt(stretch, tmp_path, PLAN + "weekly_goal: 3\n")
    assert stretch("run", "--json", "--no-pain", wall=MONDAY).code == 0
    again = tmp_path / "again.yaml"
    again.write_text(PLAN + "weekly_goal: 1\n", encoding="utf-8")
    friday = MONDAY + timedelta(days=4)
    assert stretch("plan", "use", str(again), wall=friday).code == 0
    asked = stretch("run", "--json", "--no-pain", typed="\n", wall=MONDAY + timedelta(days=7))
    assert asked.err.startswith(f"{HEAD}{QUESTION}")


def test_a_damaged_file_of_goals_is_said_in_one_line_and_left_as_it_was(
    stretch: Stretch, isolated: Path
) -> None:
    three_a_week(isolated, 1)
    assert stretch("config", "weekly_goal", "3", wall=MONDAY).code == 0
    kept = isolated / "state" / "weekly-goals.json"
    kept.write_text('{"format": "stretch-weekly-goals", "seen": [{"day": 1}]}', encoding="utf-8")
    before = kept.read_bytes()
    result = stretch("history", wall=WEDNESDAY_AFTER)
    assert result.code == 0
    assert (
        f"stretch: warning: {kept} cannot be read: an entry is not {{day, goal, settings, "
        "plan} (weeks are judged against the goal now; delete the file to keep the goals "
        "afresh)\n"
    ) == result.err
    assert "Week by week (goal: 3 a week)" in result.out
    assert kept.read_bytes() == before


def test_the_goals_seen_are_kept_once_each() -> None:
    assert stepped(3, [(date(2026, 11, 2), 3)]) == WeeklyGoal(3)
    assert stepped(3, [(date(2026, 11, 2), 5), (date(2026, 11, 2), 3)]) == WeeklyGoal(3)
    assert counts_from(date(2026, 11, 2)) == date(2026, 11, 2)  # a Monday: that week
    assert counts_from(date(2026, 11, 8)) == date(2026, 11, 9)  # a Sunday: the next


days = st.dates(date(2000, 1, 1), date(2100, 1, 1))


@given(st.integers(1, 30), st.lists(st.tuples(days, st.integers(1, 30)), max_size=8), days)
def test_a_week_has_the_goal_last_seen_by_its_monday(
    first: int, seen: list[tuple[date, int]], day: date
) -> None:
    seen.sort(key=lambda s: s[0])  # seen in the order of the days
    goal = stepped(first, [(counts_from(d), g) for d, g in seen])
    monday = day - timedelta(days=day.weekday())
    by_then = [g for d, g in seen if counts_from(d) <= monday]
    assert goal.of(monday) == (by_then[-1] if by_then else first)
    # Each step is a change, on a Monday, oldest first.
    goals = [goal.first, *(g for _, g in goal.steps)]
    assert all(a != b for a, b in itertools.pairwise(goals))
    assert all(s.weekday() == 0 for s, _ in goal.steps)
    assert [s for s, _ in goal.steps] == sorted({s for s, _ in goal.steps})
    # Said for any period: the goal its first week had, then each change within it.
    last = day + timedelta(days=20)
    said = goal.words(day, last)
    inside = goal.within(day, last)
    assert said.startswith(f"{goal.of(last - timedelta(days=last.weekday()))} a week")
    assert said.count("from the week of") == len(inside.steps)
    assert said.endswith(f"({inside.first} before)" if inside.steps else " a week")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
def test_whatever_is_in_the_file_it_is_read_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("goals") / "weekly-goals.json"
    path.write_bytes(data)
    try:
        found = read(path)
    except StretchError as exc:
        assert "\n" not in exc.line() and str(path) in exc.line()
    else:
        assert all(s.goal in GOALS and s.settings in GOALS for s in found)


def test_a_goal_seen_by_a_clock_ahead_neither_counts_nor_stops_a_change_today(
    stretch: Stretch, isolated: Path
) -> None:
    three_a_week(isolated, 2)
    assert stretch("config", "weekly_goal", "3", wall=MONDAY).code == 0
    ahead = MONDAY + timedelta(days=400)  # a clock a year ahead, once
    assert stretch("config", "weekly_goal", "2", wall=ahead).code == 0
    tuesday = MONDAY + timedelta(weeks=2, days=1)  # back to the right time: set again
    assert stretch("config", "weekly_goal", "2", wall=tuesday).code == 0
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 2 a week from the week of 23 Nov 2026 (3 before))" in page
    data = json.loads(stretch("report", "--format", "json", wall=WEDNESDAY_AFTER).out)
    assert (data["weekly_goal"], data["weekly_goal_from"]) == (2, "2026-11-23")
    kept = json.loads((isolated / "state" / "weekly-goals.json").read_text(encoding="utf-8"))
    assert [s["day"] for s in kept["seen"]][-2:] == ["2027-12-07", "2026-11-17"]  # none lost


def test_a_goal_seen_by_a_clock_behind_never_judges_again_the_weeks_lived(
    stretch: Stretch, isolated: Path
) -> None:
    three_a_week(isolated, 2)
    assert stretch("config", "weekly_goal", "3", wall=MONDAY).code == 0
    behind = datetime(2020, 1, 1, 10, tzinfo=UTC)  # a clock years behind, once
    assert stretch("config", "weekly_goal", "2", wall=behind).code == 0
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    # As of the latest day already seen (Monday 2 Nov), not of 2020.
    assert "Week by week (goal: 2 a week)" in page
    assert stretch("config", "weekly_goal", "4", wall=MONDAY + timedelta(days=3)).code == 0
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 4 a week from the week of 9 Nov 2026 (2 before))" in page


def test_a_day_no_goal_is_kept_for_is_said_in_one_line(stretch: Stretch, isolated: Path) -> None:
    three_a_week(isolated, 1)
    kept = isolated / "state" / "weekly-goals.json"
    entry = {"day": "9999-12-31", "goal": 3, "settings": 3, "plan": False}
    kept.write_text(json.dumps({"format": "stretch-weekly-goals", "seen": [entry]}))
    result = stretch("history", wall=WEDNESDAY_AFTER)
    assert result.code == 0
    assert result.err == (
        f"stretch: warning: {kept} cannot be read: not a day from 2000-01-01 to 2100-12-31 "
        "(YYYY-MM-DD): '9999-12-31' (weeks are judged against the goal now; delete the file "
        "to keep the goals afresh)\n"
    )


seen_days = st.dates(date(2000, 1, 1), date(2100, 12, 31))


@given(st.lists(st.tuples(seen_days, st.integers(1, 9)), max_size=10), seen_days)
def test_goals_in_force_are_those_seen_by_today_never_dated_back(
    entries: list[tuple[date, int]], today: date
) -> None:
    seen = [Seen(day, goal, goal, False) for day, goal in entries]
    found = lived(seen, today)
    assert [s.goal for s in found] == [g for d, g in entries if d <= today]
    assert all(s.day <= today for s in found)
    assert [s.day for s in found] == sorted(s.day for s in found)


def test_a_file_of_goals_nested_too_deep_is_said_in_one_line(
    stretch: Stretch, isolated: Path
) -> None:
    three_a_week(isolated, 1)
    kept = isolated / "state" / "weekly-goals.json"
    kept.write_text("[" * 100_000, encoding="utf-8")
    for command in (("history",), ("report",), ("config", "weekly_goal", "3")):
        result = stretch(*command, wall=WEDNESDAY_AFTER)
        assert result.code == 0, result.err
        assert result.err.startswith(f"stretch: warning: {kept} cannot be read: ")
        assert result.err.count("\n") == 1


def test_a_goal_changed_within_a_week_says_when_it_counts_from(
    stretch: Stretch, isolated: Path
) -> None:
    three_a_week(isolated, 1)
    wednesday = MONDAY + timedelta(days=2)
    result = stretch("config", "weekly_goal", "3", wall=wednesday)
    assert result.code == 0
    assert result.err == (
        "stretch: the weekly goal of 3 counts from the week of 9 Nov 2026; this week keeps "
        "5, the goal it began with\n"
    )
    again = stretch("config", "weekly_goal", "3", wall=wednesday)  # no change: nothing said
    assert again.err == ""
    monday = stretch("config", "weekly_goal", "4", wall=MONDAY + timedelta(weeks=1))
    assert monday.err == ""  # on a Monday it counts from that week


def test_the_report_gives_each_week_its_goal_and_its_average_the_full_weeks_goal(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    adopt(stretch, tmp_path, PLAN + "weekly_goal: 5\n")  # Monday 2 Nov
    three_a_week(isolated, 3)
    again = tmp_path / "again.yaml"
    again.write_text(PLAN + "weekly_goal: 2\n", encoding="utf-8")
    assert stretch("plan", "use", str(again), wall=MONDAY + timedelta(weeks=2, days=1)).code == 0
    page = stretch("report", "--since", "4w", "--format", "md", wall=WEDNESDAY_AFTER).out
    # The average is of the three full weeks, all three judged against 5, not the 2 of
    # the week under way.
    assert "over 3 full weeks, against a goal of 5 a week: not met in any of them." in page
    weeks = page[page.index("Week by week (goal: 2 a week from the week of 23 Nov 2026") :]
    rows = [line for line in weeks.splitlines() if line.startswith("| ")][:5]
    assert rows[0].startswith("| week of | sessions | goal | minutes |")
    assert [row.split("|")[3].strip() for row in rows[1:]] == ["5", "5", "5", "2"]


def test_a_plan_file_broken_for_a_while_is_no_change_of_goal(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """A command run while the plan file cannot be read leaves the plan out (a warning):
    the goal it then sees is not a change to judge the weeks by."""
    adopt(stretch, tmp_path, PLAN + "weekly_goal: 5\n")  # Monday 2 Nov
    three_a_week(isolated, 2)
    kept = isolated / "state" / "weekly-goals.json"
    before = kept.read_bytes()
    plan = isolated / "config" / "plan.yaml"
    good = plan.read_text(encoding="utf-8")
    plan.write_text("days: [oops\n", encoding="utf-8")
    broken = stretch("history", wall=MONDAY + timedelta(days=3))
    assert broken.code == 0 and "the plan was left out" in broken.err
    assert kept.read_bytes() == before
    plan.write_text(good, encoding="utf-8")
    page = stretch("history", wall=WEDNESDAY_AFTER).out
    assert "Week by week (goal: 5 a week)" in page
