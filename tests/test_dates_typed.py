"""A date typed by a person (`--since` of `history` and `report`, a plan's `review:`) is read by
one parser: a date that does not exist is said to be none, with why ('2026-02-29 is not a
date: February 2026 has 28 days'), and the form to type; never 'cannot read'."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.words import DateError, parse_date
from tests.conftest import Stretch
from tests.test_history import NOON

HINT = "(give weeks like 6w, days like 30d, or a date like 2026-11-02)"


@pytest.mark.parametrize("command", ["history", "report"])
def test_the_29th_of_february_in_a_common_year_is_said_not_to_exist(
    stretch: Stretch, command: str
) -> None:
    assert stretch(command, "--since", "2026-02-29", wall=NOON) == (
        2,
        "",
        f"stretch: --since: 2026-02-29 is not a date: February 2026 has 28 days {HINT}\n",
    )


def test_a_plan_review_date_that_does_not_exist_is_said_so(
    stretch: Stretch, isolated: Path
) -> None:
    from stretchcli.files.planfile import FILENAME

    plan = isolated / "config" / FILENAME
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text("review: 2027-02-29\n")
    code, out, err = stretch("plan", wall=NOON)
    assert code != 0
    assert "review: 2027-02-29 is not a date: February 2027 has 28 days" in out + err


def test_the_other_ways_a_date_is_not_one() -> None:
    for text, why in (
        ("2026-13-01", "2026-13-01 is not a date: a year has 12 months"),
        ("2026-00-10", "2026-00-10 is not a date: a year has 12 months"),
        ("2026-04-00", "2026-04-00 is not a date: days are counted from 1"),
        ("2026-4-3", "2026-4-3 is not written as YYYY-MM-DD: type 2026-04-03"),
        ("0000-01-01", "0000-01-01 is not a date: years are counted from 0001"),
    ):
        with pytest.raises(DateError) as caught:
            parse_date(text)
        assert str(caught.value) == why


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(0, 99))
def test_every_day_of_every_month_is_read_or_said_not_to_exist(
    year: int, month: int, day: int
) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        assert parse_date(text) == date(year, month, day)
        return
    with pytest.raises(DateError) as caught:
        parse_date(text)
    if day == 0:
        assert str(caught.value) == f"{text} is not a date: days are counted from 1"
    else:
        name = calendar.month_name[month]
        assert str(caught.value) == f"{text} is not a date: {name} {year} has {days} days"
