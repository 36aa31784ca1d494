"""A day of two routines: `stretch plan` names both for today, in their order, with which is
done and which is next; `stretch run` says which of them it runs and what comes after."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.plan.model import WEEKDAYS
from tests.conftest import Stretch
from tests.test_plan_run import MONDAY, adopt

TWO = "days: {mon: [strength-upper-back, desk-upper-back], wed: desk-upper-back}\n"


def today_line(stretch: Stretch, hours: float = 0) -> str:
    out = stretch("plan", wall=MONDAY + timedelta(hours=hours)).out.splitlines()
    return next(line for line in out if line.startswith("Today ("))


def test_the_plan_names_both_of_todays_routines_and_which_is_next(
    stretch: Stretch, tmp_path: Path
) -> None:
    adopt(stretch, tmp_path, TWO)
    assert today_line(stretch) == ("Today (mon): strength-upper-back (next), then desk-upper-back")
    first = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert first.code == 0, first.err
    assert first.err.splitlines()[0] == (
        "stretch: today's plan: strength-upper-back, then desk-upper-back (each a session "
        "of its own: `stretch run` again for the next)"
    )
    assert today_line(stretch, 1) == (
        "Today (mon): strength-upper-back (done), then desk-upper-back (next)"
    )
    page = json.loads(stretch("plan", "--json", wall=MONDAY + timedelta(hours=1)).out)
    assert page["today"]["routines"] == ["strength-upper-back", "desk-upper-back"]
    assert page["today"]["routine"] == "desk-upper-back"
    second = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(hours=1))
    assert second.code == 0, second.err
    assert second.err.splitlines()[0] == (
        "stretch: today's plan: desk-upper-back (strength-upper-back is done today)"
    )
    assert today_line(stretch, 2) == (
        "Today (mon): strength-upper-back (done), then desk-upper-back (done)"
    )
    # Both done: the stretching again, not a second strengthening session that day (more
    # than the plan sets).
    again = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(hours=2))
    assert again.err.splitlines()[0] == (
        "stretch: today's plan: desk-upper-back again (strength-upper-back and "
        "desk-upper-back are done today)"
    )


def test_a_day_of_one_routine_reads_as_before(stretch: Stretch, tmp_path: Path) -> None:
    adopt(stretch, tmp_path, TWO)
    assert today_line(stretch, 48) == "Today (wed): desk-upper-back"
    result = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(hours=48))
    assert result.err.splitlines()[0] == "stretch: today's plan: desk-upper-back"


ROUTINES = ["desk-upper-back", "mid-back", "upper-back", "strength-upper-back"]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(ROUTINES), min_size=1, max_size=3, unique=True), st.integers(0, 6))
def test_todays_line_names_every_routine_of_the_day_in_order(
    stretch: Stretch, tmp_path: Path, routines: list[str], weekday: int
) -> None:
    """Whatever the day and its routines, the plan's line for today names each of them, in
    the plan's order, as its table of the week does."""
    day = WEEKDAYS[weekday]
    path = tmp_path / f"{day}-{len(routines)}.yaml"
    path.write_text(f"days: {{{day}: [{', '.join(routines)}]}}\n", encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0
    line = today_line(stretch, 24 * weekday)
    assert line.startswith(f"Today ({day}): ")
    named = line.removeprefix(f"Today ({day}): ").split(", then ")
    assert [name.split(" (")[0] for name in named] == routines
    assert (len(routines) == 1) == ("(next)" not in line)


def _holds(out: str) -> set[str]:
    return {
        e["exercise"]
        for e in map(json.loads, out.splitlines())
        if e["event"] == "phase" and e["kind"] == "hold"
    }


def test_a_routine_the_plan_does_not_hold_takes_nothing_from_its_sessions(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Attack 17, H11: a desk break in the morning (a reminder's routine, not the plan's)
    left the scapular squeeze out of the plan's strengthening that evening ("you did it in
    desk-break today"): only the plan's own sessions of the day count."""
    adopt(stretch, tmp_path, "days: {mon: strength-upper-back, wed: strength-upper-back}\n")
    morning = stretch("run", "desk-break", "--json", "--no-pain", wall=MONDAY)
    assert morning.code == 0, morning.err
    assert "scapular-squeeze" in _holds(morning.out)
    evening = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(hours=9))
    assert evening.code == 0, evening.err
    assert "left out" not in evening.err
    assert "scapular-squeeze" in _holds(evening.out)
    page = json.loads(stretch("plan", "--json", wall=MONDAY + timedelta(hours=10)).out)
    assert not [line for line in page["next_session"] if "left out" in line]


def test_only_brings_back_what_a_session_earlier_today_did(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Attack 17, H10: `--only scapular-squeeze` in the day's second routine, the squeeze
    done in full in its first, was refused as "not a step of desk-upper-back", after the
    plan's lines said it was left out. Asked for by name, it is done."""
    adopt(stretch, tmp_path, TWO)
    first = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert first.code == 0, first.err
    later = MONDAY + timedelta(hours=1)
    plain = stretch("run", "--json", "--no-pain", wall=later)
    assert "stretch: Scapular squeeze is left out: you did it in strength-upper-back today." in (
        plain.err.splitlines()
    )
    only = stretch(
        "run", "--json", "--no-pain", "--only", "scapular-squeeze", wall=later + timedelta(hours=1)
    )
    assert only.code == 0, only.err
    assert "left out" not in only.err
    assert _holds(only.out) == {"scapular-squeeze"}
