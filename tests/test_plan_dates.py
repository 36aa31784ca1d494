"""Dates in what `stretch plan` says: '29 Dec 2026', as every other date the product shows,
never '2026-12-29', in each exercise's reason, each change and each line said at a session."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.levels import LevelChange, why
from stretchcli.plan.engine import Change as ChangeKind
from stretchcli.plan.engine import Progress, Rated
from tests.test_plan_engine import UPPER_BACK, ZONE, plan, rated, run

ISO = re.compile(r"\d{4}-\d\d-\d\d")


def texts(found: Progress) -> list[str]:
    """Every text of a plan's progress a person reads: reasons, changes and notes."""
    said = [standing.reason for standing in found.standings.values()]
    said += [text for d in found.decisions for text in (d.reason, d.said)]
    return said + [note.line for note in found.notes]


def test_a_step_down_says_its_day_as_a_person_reads_it() -> None:
    at = datetime(2026, 12, 29, 8, 0, tzinfo=ZONE)
    found = run(plan(), [rated(at, 2, 8)])
    assert found.standings["thoracic-rotation"].reason == (
        "at the lowest level: pain 8/10 after the session, at or over the ceiling of 6 "
        "(29 Dec 2026)"
    )


def test_a_step_up_and_a_second_red_say_their_days_as_a_person_reads_them() -> None:
    monday = datetime(2026, 12, 28, 8, 0, tzinfo=ZONE)
    greens = [rated(monday + timedelta(days=d), 2, 1) for d in (0, 2, 4)]
    found = run(plan(), greens)
    assert found.standings["rhomboid-stretch"].reason == (
        "up: 3 green sessions in a row, the last 1 Jan 2027"
    )
    reds = [rated(monday + timedelta(days=d), 2, 8, hurt=["thoracic-rotation"]) for d in (0, 2)]
    found = run(plan(), reds)
    assert found.standings["thoracic-rotation"].reason == (
        "Ball pressure on trigger points in its place: 2 red sessions in the week of 28 Dec 2026"
    )


@st.composite
def sessions(draw: st.DrawFn) -> list[Rated]:
    """Sessions of any ratings on any days, from any first day of the years a plan runs."""
    first = draw(st.datetimes(datetime(2000, 1, 1), datetime(2098, 12, 1))).replace(tzinfo=ZONE)
    found = []
    for n in range(draw(st.integers(1, 12))):
        at = first + timedelta(days=draw(st.integers(0, 27)), minutes=n)
        ratings = st.one_of(st.none(), st.integers(0, 10))
        hurt = draw(st.lists(st.sampled_from(UPPER_BACK), unique=True, max_size=2))
        found.append(rated(at, draw(ratings), draw(ratings), draw(ratings), UPPER_BACK, hurt))
    return found


@settings(deadline=None, max_examples=60)
@given(sessions())
def test_no_text_of_a_plan_shows_an_iso_date(history: list[Rated]) -> None:
    for text in texts(run(plan(), history)):
        assert not ISO.search(text), text


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("up: 3 green sessions in a row, the last 2026-11-06", "stepped up after 3 green "),
        ("up: 3 green sessions in a row, the last 6 Nov 2026", "stepped up after 3 green "),
        ("down: pain 7/10 after the session (2026-11-06)", "stepped down: pain 7/10 after "),
        ("down: pain 7/10 after the session (6 Nov 2026)", "stepped down: pain 7/10 after "),
        (
            "down: you said pain got in the way in the week of 2 Nov 2026 (9 Nov 2026)",
            "stepped down: pain was what got in the way of a short week",
        ),
        (
            "Wall slide in its place: 2 red sessions in the week of 2026-11-02",
            "swapped for Wall slide: 2 red sessions in the week of 2 Nov",
        ),
        (
            "Wall slide in its place: 2 red sessions in the week of 2 Nov 2026",
            "swapped for Wall slide: 2 red sessions in the week of 2 Nov",
        ),
    ],
)
def test_the_report_reads_a_stored_reason_of_either_date_style(reason: str, said: str) -> None:
    """Histories hold reasons written as '2026-11-06' before, and as '6 Nov 2026' now: the
    report says both the same way, without the day (the change's own date gives it)."""
    change: ChangeKind = (
        "up" if reason.startswith("up") else "down" if "down" in reason else "alternative"
    )
    stored = LevelChange(datetime(2026, 11, 9, tzinfo=ZONE), "x", change, 2, 1, reason, None, "")
    assert why(stored).startswith(said.rstrip(" ")), why(stored)
    assert not ISO.search(why(stored)) and "2026" not in why(stored)
