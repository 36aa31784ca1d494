"""A plan's review date outside the years 2000 to 2100 is a slip (`0001-01-01` was shown as
"1 Jan 1"): refused with FILE:LINE:COLUMN in one line (attack 11, A12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.words import DateError, review_date
from tests.conftest import Stretch
from tests.test_history import NOON

HINT = "(write the year, month and day: YYYY-MM-DD)"


@pytest.mark.parametrize("when", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_a_review_date_outside_the_years_is_refused_in_one_line(
    stretch: Stretch, tmp_path: Path, when: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"days: {{mon: upper-back}}\nreview: {when}\n")
    assert stretch("plan", "use", str(plan), wall=NOON) == (
        1,
        "",
        f"stretch: {plan}:2:9: review: {when} is outside the years a plan is reviewed in "
        f"(2000 to 2100) {HINT}\n",
    )


@given(st.dates(date(1, 1, 1), date(9999, 12, 31)))
def test_a_review_date_is_taken_exactly_in_the_years_2000_to_2100(when: date) -> None:
    if 2000 <= when.year <= 2100:
        assert review_date(when.isoformat()) == when
    else:
        with pytest.raises(DateError, match="outside the years a plan is reviewed in"):
            review_date(when.isoformat())
