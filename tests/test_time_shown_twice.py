"""On the night the clocks go back the local clock shows an hour twice: a moment in it is shown
with its offset in every text view ('Sun 1 Nov 01:30 -04:00', then '01:30 -05:00'), so that two
sessions an hour apart never look the same; every other time of day is shown as it was. JSON
and CSV carry the whole moment (ISO 8601 with its offset) anyway."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.remind.schedule import at_words, day_and_time
from stretchcli.report.formats import when
from stretchcli.text import moment, time_of_day
from tests.conftest import Stretch
from tests.test_time import changes, stored

NEW_YORK = "America/New_York"
EDT_0130 = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 -04:00
EST_0130 = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 -05:00, an hour later


def in_zone(name: str) -> None:
    """Run in zone `name` from now on (conftest's `fixed_time` puts the test's zone back)."""
    os.environ["TZ"] = name
    time.tzset()


def test_two_sessions_an_hour_apart_in_the_repeated_hour_look_different(
    stretch: Stretch, isolated: Path
) -> None:
    in_zone(NEW_YORK)
    stored(isolated, EDT_0130, EST_0130)
    wall = datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo(NEW_YORK))
    out = stretch("history", wall=wall).out
    assert "Sun 1 Nov 01:30 -04:00" in out and "Sun 1 Nov 01:30 -05:00" in out
    markdown = stretch("report", "--since", "2026-10-26", wall=wall).out
    assert "| Sun 1 Nov 01:30 -04:00 | Desk break |" in markdown
    assert "| Sun 1 Nov 01:30 -05:00 | Desk break |" in markdown
    html = stretch("report", "--since", "2026-10-26", "--format", "html", wall=wall).out
    assert "Sun 1 Nov 01:30 -04:00" in html and "Sun 1 Nov 01:30 -05:00" in html
    # JSON and CSV: the whole moment, offset and all
    records = json.loads(stretch("history", "--json", wall=wall).out)
    assert [r["started_at"] for r in records] == [
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:30:00-05:00",
    ]
    text = stretch("report", "--since", "2026-10-26", "--format", "csv", wall=wall).out
    rows = list(csv.DictReader(io.StringIO(text.split("\n", 2)[2])))
    assert [r["started_at"] for r in rows] == [
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:30:00-05:00",
    ]


def test_a_time_the_clock_shows_once_has_no_offset(stretch: Stretch, isolated: Path) -> None:
    in_zone(NEW_YORK)
    stored(isolated, EDT_0130 - timedelta(hours=1), EST_0130 + timedelta(hours=1))
    wall = datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo(NEW_YORK))
    out = stretch("history", wall=wall).out
    assert " 2  Sun 1 Nov 02:30  desk-break" in out and " 1  Sun 1 Nov 00:30  desk-break" in out


def test_a_reminder_in_the_repeated_hour_is_said_with_its_offset() -> None:
    in_zone(NEW_YORK)
    now = datetime(2026, 11, 1, 4, 0, tzinfo=UTC).astimezone()  # 00:00 -04:00
    assert at_words(EST_0130.astimezone(), now) == "01:30 -05:00"
    assert at_words(EDT_0130.astimezone(), now) == "01:30 -04:00"
    assert day_and_time(EST_0130.astimezone(), now - timedelta(days=1)) == (
        "tomorrow at 01:30 -05:00"
    )


# --- the rule: in zones whose clocks change, two moments a minute or more apart never look the
# same, in any text view that shows a time of day

ZONES = ("America/New_York", "Europe/London", "Australia/Lord_Howe", "Australia/Sydney")


@st.composite
def near_a_change(draw: st.DrawFn) -> tuple[str, datetime, datetime]:
    """A zone and two moments, each a whole minute, within three hours of one of its changes
    of offset."""
    name = draw(st.sampled_from(ZONES))
    change = draw(st.sampled_from(changes(ZoneInfo(name), draw(st.integers(2000, 2037)))))
    minutes = st.integers(-180, 180)
    first, second = (change + timedelta(minutes=draw(minutes)) for _ in range(2))
    return name, first.replace(second=0, microsecond=0), second.replace(second=0, microsecond=0)


@settings(max_examples=400, deadline=None)
@given(near_a_change())
def test_distinct_minutes_are_shown_differently(found: tuple[str, datetime, datetime]) -> None:
    name, first, second = found
    in_zone(name)
    a, b = first.astimezone(), second.astimezone()
    assert (time_of_day(a) == time_of_day(b)) == (first == second)
    assert (moment(a) == moment(b)) == (first == second)
    # the report's rows, written from SQLite's local text
    assert (when(a.isoformat(), a.year) == when(b.isoformat(), a.year)) == (first == second)
    assert when(a.isoformat(), a.year) == moment(a)
    # an offset only where the clock shows the time twice
    zone = ZoneInfo(name)
    wall = a.replace(tzinfo=None)
    twice = (
        wall.replace(tzinfo=zone, fold=0).utcoffset()
        != wall.replace(tzinfo=zone, fold=1).utcoffset()
    )
    assert time_of_day(a) == (f"{a:%H:%M} {a.isoformat()[-6:]}" if twice else f"{a:%H:%M}")
