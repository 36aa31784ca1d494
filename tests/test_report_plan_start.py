"""A plan counts from the moment it was adopted, in the report as in `stretch plan`: a
session done earlier that day is not one of the plan's (README: "sessions before it do not
count"); and a plan adopted on its rest day says nothing was planned yet, not "1 of 0"."""

from __future__ import annotations

import json
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


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_a_plan_no_command_has_followed_yet_begins_today_in_the_report(
    stretch: Stretch, isolated: Path, tmp_path: Path, fmt: str
) -> None:
    """Attack 14, H3: a report made after `plan use` (or `stretch start`), before any command
    followed the new plan, said it began on the period's first day and counted every week
    before it as missed ("0 of 26 planned sessions done, short in 6 weeks")."""
    history, _ = store(db_path(isolated))
    for weeks in (5, 3, 1):
        session(history, SUNDAY - timedelta(weeks=weeks), "upper-back", 5, "completed", SQUEEZE)
    monday = SUNDAY + timedelta(days=1, hours=9)  # Mon 7 Dec 2026, a plan day
    # Its start is stored by the first command that follows it: none has yet (a plan file
    # put in place by hand; or, as the attack met it, a start stored a moment after the
    # report's clock, which is not in force yet).
    (isolated / "config").mkdir(exist_ok=True)
    (isolated / "config" / "plan.yaml").write_text(EVERY_DAY, encoding="utf-8")
    later = monday + timedelta(hours=1)
    result = stretch("report", "--since", "6w", "--format", fmt, wall=later)
    assert result.code == 0, result.err
    if fmt == "json":
        plan = json.loads(result.out)["plan"]
        assert plan["begun"] == "2026-12-07"
        assert [(w["week_of"], w["planned"], w["done"]) for w in plan["weeks"]] == [
            ("2026-12-07", 1, 0)
        ]
    else:
        out = " ".join(result.out.split())
        assert "Plan: 0 of 1 planned session done." in out
        assert "begun on 7 Dec 2026" in out
