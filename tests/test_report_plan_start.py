"""A plan counts from the moment it was adopted, in the report as in `stretch plan`: a
session done earlier that day is not one of the plan's (README: "sessions before it do not
count"); and a plan adopted on its rest day says nothing was planned yet, not "1 of 0"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from stretchcli.records import ExerciseStatus
from tests.conftest import Stretch
from tests.test_history import TZ, db_path, store
from tests.test_report import session

SUNDAY = datetime(2026, 12, 6, 0, 30, tzinfo=TZ)
EVERY_DAY = "days: {mon: upper-back, tue: upper-back, wed: upper-back, thu: upper-back, " + (
    "fri: upper-back, sat: upper-back, sun: upper-back}\n"
)
WEEKDAYS = "days: {mon: upper-back, wed: upper-back, fri: upper-back}\n"
SQUEEZE: list[tuple[str, ExerciseStatus]] = [("scapular-squeeze", "done")]


def _adopt(stretch: Stretch, tmp_path: Path, text: str, at: datetime) -> None:
    path = tmp_path / "physio.yaml"
    path.write_text(text, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=at).code == 0


def _plan_line(stretch: Stretch, at: datetime) -> str:
    """The report's sentence on the plan, to its first full stop or comma."""
    out = " ".join(stretch("report", "--since", "1w", wall=at).out.split())
    found = re.search(r"Plan: [^.,]*[.,]", out)
    assert found is not None, out
    return found.group()


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_session_before_the_plan_that_day_is_not_the_plan_s(
    stretch: Stretch, isolated: Path, tmp_path: Path, after: int
) -> None:
    history, _ = store(db_path(isolated))
    session(history, SUNDAY, "upper-back", 5, "completed", SQUEEZE, (3, 2))  # before
    adopted = SUNDAY + timedelta(hours=1)
    _adopt(stretch, tmp_path, EVERY_DAY, adopted)
    for n in range(after):
        session(history, adopted + timedelta(hours=1 + n), "upper-back", 5, "completed", SQUEEZE)
    later = adopted + timedelta(hours=5)
    # (this week is not over: it is not yet short, whatever was done)
    assert _plan_line(stretch, later) == f"Plan: {after} of 1 planned session done."
    shown = " ".join(stretch("plan", wall=later).out.split())
    assert f"{after} session" in shown


def test_a_plan_adopted_on_its_rest_day_has_planned_nothing_yet(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    history, _ = store(db_path(isolated))
    session(history, SUNDAY, "upper-back", 5, "completed", SQUEEZE, (3, 2))  # before
    adopted = SUNDAY + timedelta(hours=1)
    _adopt(stretch, tmp_path, WEEKDAYS, adopted)
    later = adopted + timedelta(hours=5)
    assert _plan_line(stretch, later) == "Plan: no session planned yet; 0 sessions done."
    session(history, later, "upper-back", 5, "completed", SQUEEZE)  # an extra one
    line = _plan_line(stretch, later + timedelta(hours=1))
    assert line == "Plan: no session planned yet; 1 session done."
