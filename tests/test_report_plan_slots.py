"""The report's "Planned and done" counts a plan's routine once a day, however many times it
was run that day; partial where no run that day did all of it; red where an exercise hurt,
whatever the pain after (review 23, F5: three `--only` runs of one exercise were three
sessions done, and a session whose exercise hurt was green)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.store import History
from stretchcli.plan.model import WEEKDAYS, Plan, Schedule, Weekday
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.records import ExerciseStatus
from stretchcli.report.plan import light, plan_part
from tests.conftest import Stretch
from tests.test_history import db_path, store
from tests.test_report import session
from tests.test_report_plan_start import EVERY_DAY, SUNDAY, _adopt, _plan_line

DONE: list[tuple[str, ExerciseStatus]] = [("scapular-squeeze", "done"), ("chest-stretch", "done")]
ADOPTED = SUNDAY + timedelta(hours=1)
LATER = ADOPTED + timedelta(hours=8)


def _with_plan(stretch: Stretch, isolated: Path, tmp_path: Path) -> History:
    history, _ = store(db_path(isolated))
    _adopt(stretch, tmp_path, EVERY_DAY, ADOPTED)
    return history


def _week(stretch: Stretch) -> tuple[str, dict[str, object]]:
    """The table's row of the week, and the JSON's."""
    text = stretch("report", "--since", "1w", wall=LATER).out
    row = next(line for line in text.splitlines() if line.startswith("| 30 Nov |"))
    weeks = json.loads(stretch("report", "--since", "1w", "--format", "json", wall=LATER).out)
    return row, weeks["plan"]["weeks"][0]


def _at(hours: int) -> datetime:
    return ADOPTED + timedelta(hours=hours)


def test_three_runs_of_one_exercise_on_a_day_are_one_partial_session(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    history = _with_plan(stretch, isolated, tmp_path)
    for hours in (1, 2, 3):
        only: dict[str, object] = {"only": ["scapular-squeeze"]}
        session(history, _at(hours), "upper-back", 1, "completed", DONE[:1], options=only)
    assert _plan_line(stretch, LATER) == "Plan: 1 of 1 planned session done (1 partial)."
    row, week = _week(stretch)
    assert row == "| 30 Nov | 1 | 1 (1 partial) | 0 | 0 | 0 | - |"
    assert (week["planned"], week["done"], week["partial"]) == (1, 1, 1)


def test_a_whole_run_that_day_makes_the_routine_whole(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    history = _with_plan(stretch, isolated, tmp_path)
    only: dict[str, object] = {"only": ["scapular-squeeze"]}
    session(history, _at(1), "upper-back", 1, "completed", DONE[:1], options=only)
    session(history, _at(2), "upper-back", 5, "completed", DONE, (2, 1))
    assert _plan_line(stretch, LATER) == "Plan: 1 of 1 planned session done."
    row, week = _week(stretch)
    assert row == "| 30 Nov | 1 | 1 | 1 | 0 | 0 | - |"
    assert (week["done"], week["partial"], week["green"]) == (1, 0, 1)


def test_a_run_stopped_before_its_end_is_partial(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    history = _with_plan(stretch, isolated, tmp_path)
    stopped: list[tuple[str, ExerciseStatus]] = [DONE[0], ("chest-stretch", "not reached")]
    session(history, _at(1), "upper-back", 2, "stopped", stopped, (2, 1))
    row, _ = _week(stretch)
    assert row == "| 30 Nov | 1 | 1 (1 partial) | 1 | 0 | 0 | - |"


def test_a_run_whose_exercise_hurt_is_red_whatever_its_pain_after(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    history = _with_plan(stretch, isolated, tmp_path)
    hurt: list[tuple[str, ExerciseStatus]] = [DONE[0], ("chest-stretch", "hurt")]
    session(history, _at(1), "upper-back", 5, "stopped", hurt, (2, 1))  # 1/10 after: green
    row, week = _week(stretch)
    assert row == "| 30 Nov | 1 | 1 (1 partial) | 0 | 0 | 1 | - |"
    assert (week["green"], week["red"]) == (0, 1)


@dataclass(frozen=True)
class FakeRow:
    started_at: str
    routine: str
    status: str
    done: int
    exercises: int
    pain_before: int | None
    pain_after: int | None
    hurt: int
    cut: bool


MONDAY = date(2026, 11, 30)
rows = st.builds(
    lambda day, hour, routine, status, done, after, hurt, cut: FakeRow(
        f"{MONDAY + timedelta(days=day)}T{hour:02}:00:00+00:00",
        routine,
        status,
        done,
        2,
        None,
        after,
        hurt,
        cut,
    ),
    st.integers(0, 13),
    st.integers(0, 23),
    st.sampled_from(["upper-back", "desk-upper-back"]),
    st.sampled_from(["completed", "stopped", "interrupted"]),
    st.integers(0, 2),
    st.none() | st.integers(0, 10),
    st.integers(0, 1),
    st.booleans(),
)


@given(st.lists(rows, max_size=30), st.sets(st.sampled_from(WEEKDAYS)))
def test_a_routine_counts_as_often_as_the_plan_lists_it_that_day_whole_runs_first(
    found: list[FakeRow], twice: set[Weekday]
) -> None:
    days = tuple((d, "upper-back") for d in WEEKDAYS for _ in range(2 if d in twice else 1))
    plan = Plan(Schedule(days), DEFAULT_RULES)
    adopted = datetime(2026, 11, 30, tzinfo=UTC)  # its first moment: every row is the plan's
    part = plan_part(plan, 7, MONDAY, MONDAY + timedelta(days=13), [], [], found, {}, adopted)
    assert part is not None
    for week in part.weeks:
        by_day: dict[date, list[FakeRow]] = {}
        for r in found:
            day = date.fromisoformat(r.started_at[:10])
            if r.routine == "upper-back" and week.monday <= day < week.monday + _WEEK:
                by_day.setdefault(day, []).append(r)
        done = partial = 0
        lights: list[int] = []
        for day, runs in by_day.items():
            listed = 2 if WEEKDAYS[day.weekday()] in twice else 1
            counted = [r for r in runs if r.status == "completed" or r.done]
            whole = [r for r in counted if r.status == "completed" and r.done == 2 and not r.cut]
            done += min(len(counted), listed)
            partial += min(len(counted), listed) - min(len(whole), len(counted), listed)
            rated = [light(DEFAULT_RULES, r.pain_before, r.pain_after, r.hurt) for r in runs]
            worst = sorted((x for x in rated if x is not None), reverse=True)
            lights += worst[: max(1, min(len(counted), listed))]
            if any(r.hurt for r in runs):
                assert worst[0] == 2  # an exercise that hurt makes its day red
        assert (week.done, week.partial) == (done, partial)
        assert week.light == (lights.count(0), lights.count(1), lights.count(2))


_WEEK = timedelta(days=7)


def test_a_routine_the_plan_lists_twice_a_day_counts_twice_and_no_more(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    history, _ = store(db_path(isolated))
    _adopt(stretch, tmp_path, "days: {sun: [upper-back, upper-back]}\n", ADOPTED)
    for hours in (1, 2, 3):
        session(history, _at(hours), "upper-back", 5, "completed", DONE, (2, 1))
    assert _plan_line(stretch, LATER) == "Plan: 2 of 2 planned sessions done."
    row, _ = _week(stretch)
    assert row == "| 30 Nov | 2 | 2 | 2 | 0 | 0 | - |"
