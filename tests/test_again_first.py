"""`stretch again` before any session: it says what to start with, and with a plan that is
today's routine of the plan, never a routine outside it (review 19, F9)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUILTIN, Stretch

MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
WITHOUT = "stretch: no session yet to run again (start one with `stretch run upper-back`)\n"
WITH = (
    "stretch: no session yet to run again (start one with `stretch run`: today's routine of "
    "your plan)\n"
)
ROUTINES = sorted(p.stem for p in BUILTIN.glob("*.yaml"))
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def adopt(stretch: Stretch, folder: Path, text: str) -> None:
    path = folder / "physio.yaml"
    path.write_text(text, encoding="utf-8")
    used = stretch("plan", "use", str(path), wall=MONDAY)
    assert used.code == 0, used.err


def test_without_a_plan_it_points_to_a_routine(stretch: Stretch) -> None:
    assert stretch("again", wall=MONDAY) == (1, "", WITHOUT)


def test_with_a_plan_it_points_to_todays_routine_of_the_plan(
    stretch: Stretch, tmp_path: Path
) -> None:
    """The review's plan: desk-upper-back; upper-back is not in it, and needs a ball."""
    adopt(stretch, tmp_path, "days: {mon: desk-upper-back, wed: desk-upper-back}\n")
    assert stretch("again", wall=MONDAY) == (1, "", WITH)
    started = stretch("run", "--json", "--no-pain", wall=MONDAY)  # what it points to runs
    assert started.code == 0, started.err
    assert "stretch: today's plan: desk-upper-back" in started.err.splitlines()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    routines=st.lists(st.sampled_from(ROUTINES), min_size=1, max_size=3),
    days=st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True),
    rotation=st.booleans(),
)
def test_with_any_plan_it_never_names_a_routine(
    stretch: Stretch,
    tmp_path: Path,
    routines: list[str],
    days: list[str],
    rotation: bool,
) -> None:
    """Whatever the plan holds, a rest day or not: `stretch run` is what starts its session
    (or says what to do on a rest day)."""
    if rotation:
        text = f"rotation: [{', '.join(routines)}]\n"
    else:
        pairs = (f"{day}: {routines[i % len(routines)]}" for i, day in enumerate(days))
        text = "days: {" + ", ".join(pairs) + "}\n"
    adopt(stretch, tmp_path, text)
    assert stretch("again", wall=MONDAY) == (1, "", WITH)
