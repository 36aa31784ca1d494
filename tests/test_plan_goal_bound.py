"""A plan's goal is one stretch can keep: days that bring more sessions a week than a weekly
goal can be (1 to 100) are refused at `plan use`, naming the days and what to do, unless the
plan gives its own `weekly_goal`; whatever is adopted gives a goal the goal log, the answers
about short weeks, an export and an import all take back."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files import goal_log
from stretchcli.history.barriers import Answer
from stretchcli.plan.model import WEEKDAYS
from tests.conftest import Stretch
from tests.test_plan_run import MONDAY


def plan_text(counts: dict[str, int], goal: int | None = None) -> str:
    lines = ["days:"]
    lines += [f"  {day}: [{', '.join(['desk-break'] * n)}]" for day, n in counts.items()]
    if goal is not None:
        lines.append(f"weekly_goal: {goal}")
    return "\n".join(lines) + "\n"


def use(stretch: Stretch, path: Path, text: str) -> tuple[int, str]:
    path.write_text(text, encoding="utf-8")
    result = stretch("plan", "use", str(path), wall=MONDAY)
    return result.code, result.err


def test_days_of_105_sessions_a_week_are_refused_and_nothing_is_kept(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    path = tmp_path / "plan.yaml"
    code, err = use(stretch, path, plan_text(dict.fromkeys(WEEKDAYS, 15)))
    assert code == 1, err
    assert err.splitlines() == [
        f"stretch: {path}:2:3: days: 105 sessions a week (mon 15, tue 15, wed 15, thu 15, "
        "fri 15, sat 15, sun 15), more than the 100 a weekly goal can be (list fewer "
        "routines a day, or give the plan weekly_goal: N (1 to 100))"
    ]
    assert not (isolated / "config" / "plan.yaml").exists()
    kept = isolated / "state" / goal_log.FILENAME
    assert not kept.exists() or [s.goal for s in goal_log.read(kept)] == [5]
    again = stretch("history", wall=MONDAY)
    assert "cannot be read" not in again.err


def test_the_same_days_with_a_goal_of_their_own_are_taken(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    code, err = use(stretch, tmp_path / "p.yaml", plan_text(dict.fromkeys(WEEKDAYS, 15), 20))
    assert code == 0, err
    assert "cannot be read" not in err
    assert goal_log.read(isolated / "state" / goal_log.FILENAME)[-1].goal == 20


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(st.sampled_from(WEEKDAYS), st.integers(1, 20), min_size=1),
    st.none() | st.integers(1, 100),
)
def test_whatever_plan_use_takes_gives_a_goal_every_reader_takes_back(
    stretch: Stretch, tmp_path: Path, isolated: Path, counts: dict[str, int], own: int | None
) -> None:
    """Refused exactly when the days would make a goal over 100; else the goal kept is read
    back by the goal log, and an answer about a short week with it is taken by an import (an
    export writes only what an import takes)."""
    code, err = use(stretch, tmp_path / "any.yaml", plan_text(counts, own))
    total = sum(counts.values())
    assert (code != 0) == (own is None and total > 100), err
    if code != 0:
        return
    assert "cannot be read" not in err
    goal = goal_log.read(isolated / "state" / goal_log.FILENAME)[-1].goal
    assert goal == (own if own is not None else total)
    page = json.loads(stretch("plan", "--json", wall=MONDAY).out)
    assert json.dumps(goal) in json.dumps(page)
    record = {"at": MONDAY.isoformat(), "week": "2026-10-26", "answer": "other"}
    answer = Answer.from_record({**record, "sessions": goal - 1, "goal": goal})
    assert answer.goal == goal


def test_every_reader_of_a_goal_takes_the_same_bounds() -> None:
    """The config's weekly_goal, a plan's own, the goal log and an answer about a short week
    (as an export and an import check it) all take 1 to 100, and the days' check says so."""
    from dataclasses import fields

    from stretchcli.files.config import Config
    from stretchcli.files.plan_fields import PLAN_FIELDS
    from stretchcli.history.barriers import GOAL_MOST

    setting = next(f for f in fields(Config) if f.name == "weekly_goal").metadata["setting"]
    plan = next(f for f in PLAN_FIELDS if f.name == "weekly_goal")
    bounds = {
        (setting["low"], setting["high"]),
        (plan.low, plan.high),
        (goal_log.GOALS[0], goal_log.GOALS[-1]),
        (1, GOAL_MOST),
    }
    assert bounds == {(1, 100)}
