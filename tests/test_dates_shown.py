"""Dates for people carry their year wherever the reader could take them for another year's:
outside the year they are in, and everywhere in a report whose period spans years."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.report.summary import sentences
from stretchcli.text import MONTHS, WEEKDAYS, dated, full_date, weekday_dated
from tests.conftest import Stretch
from tests.test_history import NOON, db_path, seed, store
from tests.test_report_summary import MONDAY, day, report


@given(
    st.dates(date(2000, 1, 1), date(2999, 12, 31)), st.one_of(st.none(), st.integers(2000, 2999))
)
def test_a_date_is_shown_with_its_year_unless_it_is_in_the_one_year_given(
    shown: date, year: int | None
) -> None:
    text = dated(shown, year)
    number, month, *rest = text.split(" ")
    assert (int(number), MONTHS.index(month) + 1) == (shown.day, shown.month)
    assert rest == ([] if shown.year == year else [str(shown.year)])
    assert weekday_dated(shown, year) == f"{WEEKDAYS[shown.weekday()]} {text}"


def test_a_report_across_years_dates_its_weeks() -> None:
    """Three Decembers' sessions: 'the week of 2 Dec' alone read as this week."""
    first = MONDAY - timedelta(weeks=104)
    days = [day(first, 1, [7], [6]), day(MONDAY, 1, [3], [3])]
    said = " ".join(sentences(report(days, start=first)))
    assert (
        f"fell from 7.0 in the week of {first.day} Nov {first.year} to 3.0 in the week of "
        f"{MONDAY.day} Nov {MONDAY.year}." in said
    )
    one_year = " ".join(sentences(report([day(MONDAY, 1, [7], [6])])))
    assert f"in the week of {MONDAY.day} Nov only" in one_year


def test_history_shows_the_year_of_sessions_from_other_years(
    stretch: Stretch, isolated: Path
) -> None:
    """Three Decembers' sessions (the attack's case) were listed as 'Fri 4 Dec', 'Fri 5
    Dec', 'Fri 6 Dec': three days of this week."""
    history, _ = store(db_path(isolated))
    for back in (365 * 2, 365, 0):
        seed(history, NOON - timedelta(days=back), 5)
    history.close()
    out = stretch("history", wall=NOON).out
    this_year = weekday_dated(NOON.date(), NOON.year)
    assert f"{this_year} 12:00" in out
    for back in (365 * 2, 365):
        earlier = (NOON - timedelta(days=back)).date()
        assert f"{weekday_dated(earlier, NOON.year)} 12:00" in out
        assert str(earlier.year) in weekday_dated(earlier, NOON.year)


@given(st.integers(1, 400), st.one_of(st.none(), st.just(2026)))
def test_a_chart_labels_fewer_weeks_where_its_labels_carry_their_year(
    weeks: int, year: int | None
) -> None:
    """'2 Dec 202428 Apr 2025...': labels twice as long as '2 Dec' ran into each other."""
    from stretchcli.report.charts import THINNED, WITH_YEARS, label_every

    options = label_every(weeks, year)
    every = options.get("x_labels_major_every", 1)
    assert isinstance(every, int)
    shown = len(range(0, weeks, every))
    assert shown <= (WITH_YEARS if year is None else max(THINNED, 6))


def test_a_long_chart_leaves_the_numbers_off_its_bars() -> None:
    """Over two years a bar is about a pixel wide: its number ran over its neighbours'."""
    from stretchcli.report.charts import VALUES_SHOWN, WIDTH, values_shown

    assert values_shown(6) and values_shown(VALUES_SHOWN) and not values_shown(105)
    assert WIDTH / VALUES_SHOWN >= 12  # a bar at least as wide as a two-digit number


def test_an_empty_period_says_where_the_latest_session_is(stretch: Stretch, isolated: Path) -> None:
    """A history all older than the period: 'No sessions in this period.' three times, and
    nothing about where they are. The hint's command shows it."""
    history, _ = store(db_path(isolated))
    when = NOON - timedelta(days=340)
    seed(history, when, 5)
    history.close()
    out = stretch("report", wall=NOON).out
    monday = when.date() - timedelta(days=when.weekday())
    hint = f"stretch report --since {monday.isoformat()} shows it."
    assert f"No sessions in this period. The latest was on {full_date(when.date())}: {hint}" in out
    shown = stretch("report", "--since", monday.isoformat(), wall=NOON).out
    assert "1 session of " in shown and "No sessions in this period" not in shown
