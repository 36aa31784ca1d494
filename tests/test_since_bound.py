"""`--since DAY` has one bound everywhere: the first moment on or after DAY's start that the
person's clock shows (where the clocks spring forward at midnight, the moment they jump to;
for a day the zone skipped whole, the next day's first moment). `history`'s list, its count,
`history --json` and the report all start there; and a streak counts days by the local
calendar, in which the day a zone skipped is not missing (attack 11, A5)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.moments import day_before, day_start, first_shown, next_day
from tests.conftest import Stretch
from tests.test_time import imported

# (zone, the day whose midnight it skipped, that day's first moment, the day before's 23:30)
SKIPPED = [
    ("America/Havana", "2026-03-08", "2026-03-08T01:00:00-04:00", "2026-03-07T23:30:00-05:00"),
    ("Asia/Beirut", "2026-03-29", "2026-03-29T01:00:00+03:00", "2026-03-28T23:30:00+02:00"),
    ("America/Santiago", "2026-09-06", "2026-09-06T01:00:00-03:00", "2026-09-05T23:30:00-04:00"),
    ("Pacific/Apia", "2011-12-30", "2011-12-31T00:00:00+14:00", "2011-12-29T23:30:00-10:00"),
]
ZONES = sorted(available_timezones())


def zone(name: str) -> None:
    """Run in zone `name` (conftest's `fixed_time` puts the test's zone back)."""
    os.environ["TZ"] = name
    time.tzset()


def local_date(moment: datetime) -> date:
    """The date the process's zone shows at `moment` (as the history reads it)."""
    return datetime.fromtimestamp(moment.timestamp()).date()


@pytest.mark.parametrize(("name", "day", "first", "before"), SKIPPED)
def test_a_day_whose_midnight_was_skipped_starts_when_the_clocks_jump(
    name: str, day: str, first: str, before: str
) -> None:
    zone(name)
    start = day_start(date.fromisoformat(day))
    assert start.isoformat() == first
    assert local_date(start - timedelta(microseconds=1)) < date.fromisoformat(day)


@pytest.mark.parametrize(("name", "day", "first", "before"), SKIPPED)
def test_history_its_count_json_and_the_report_leave_out_the_day_before(
    stretch: Stretch, isolated: Path, name: str, day: str, first: str, before: str
) -> None:
    """The day before's 23:30 session was listed by `history --since DAY` (its bound read
    the skipped midnight with the later offset, an hour early) while the count under it,
    `--json` and the report left it out."""
    zone(name)
    after = datetime.fromisoformat(first) + timedelta(minutes=30)
    imported(isolated, datetime.fromisoformat(before), after)
    wall = after + timedelta(hours=2)
    code, out, err = stretch("history", "--since", day, wall=wall)
    assert (code, err) == (0, "")
    shown = after.strftime("%a %-d %b %H:%M")
    rows = [line for line in out.splitlines() if "desk-break" in line]
    assert rows == [f" 2  {shown}  desk-break  5:00  completed  -"]
    assert "1 session, 5:00 in all" in out
    records = json.loads(stretch("history", "--since", day, "--json", wall=wall).out)
    assert [r["started_at"] for r in records] == [after.isoformat()]
    report = json.loads(stretch("report", "--since", day, "--format", "json", wall=wall).out)
    assert report["totals"]["sessions"] == 1
    assert [r["started_at"] for r in report["sessions"]] == [after.isoformat()]


def test_a_streak_runs_across_the_day_apia_skipped(stretch: Stretch, isolated: Path) -> None:
    """28, 29, 31 Dec and 1 Jan: every day Apia's calendar had from the 28th on (30 Dec
    2011 never came there), a streak of 4, not two of 2."""
    zone("Pacific/Apia")
    imported(
        isolated,
        *(
            datetime.fromisoformat(moment)
            for moment in (
                "2011-12-28T23:30:00-10:00",
                "2011-12-29T23:30:00-10:00",
                "2011-12-31T00:30:00+14:00",
                "2012-01-01T10:00:00+14:00",
            )
        ),
    )
    out = stretch("history", wall=datetime.fromisoformat("2012-01-01T12:00:00+14:00")).out
    assert "Streak: 4 days (longest 4)" in out
    assert next_day(date(2011, 12, 29)) == date(2011, 12, 31)
    assert day_before(date(2011, 12, 31)) == date(2011, 12, 29)
    assert next_day(date(2011, 12, 31)) == date(2012, 1, 1)


DAYS = st.dates(date(2000, 1, 1), date(2037, 12, 31))


@settings(max_examples=2000)
@given(
    name=st.sampled_from(ZONES),
    day=DAYS,
    seconds=st.integers(-2 * 86400, 2 * 86400),
)
def test_the_bound_is_the_first_moment_of_the_day_in_every_zone(
    name: str, day: date, seconds: int
) -> None:
    """In any zone, on any day from 2000 to 2037: the bound is on the day or after it (never
    before it starts), the moment before it is on an earlier day, and any moment near it on
    the day or later is inside it."""
    zone(name)
    start = day_start(day)
    assert local_date(start) >= day
    assert local_date(start - timedelta(microseconds=1)) < day
    moment = start + timedelta(seconds=seconds)
    if local_date(moment) >= day:
        assert moment >= start
    # The day after is the next the calendar shows: the local date of its first moment.
    assert next_day(day) == local_date(day_start(day + timedelta(days=1)))
    assert day_before(next_day(day)) == local_date(start) or local_date(start) > day


@settings(max_examples=2000)
@given(name=st.sampled_from(ZONES), wall=st.datetimes(datetime(2000, 1, 2), datetime(2037, 12, 30)))
def test_a_time_of_day_is_its_first_moment_or_the_first_after_the_jump(
    name: str, wall: datetime
) -> None:
    """What the reminders' working hours are read by too: the first moment the clock shows
    the time, or the first after it where the clocks skip it."""
    zone(name)
    moment = first_shown(wall)
    shown = datetime.fromtimestamp(moment.timestamp())
    assert shown >= wall
    before = datetime.fromtimestamp(moment.timestamp() - 1e-6)
    assert before < wall or shown == wall


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from([z for z, *_ in SKIPPED] + ZONES),
    day=DAYS,
    offsets=st.lists(st.integers(-30 * 3600, 30 * 3600), min_size=1, max_size=6),
)
def test_history_its_json_and_the_report_take_the_same_sessions(
    stretch: Stretch, isolated: Path, name: str, day: date, offsets: list[int]
) -> None:
    """Sessions around a `--since` day's start, in any zone: the list, its count, `--json`
    and the report hold exactly the sessions whose local date is that day or later."""
    zone(name)
    (isolated / "state" / "history.sqlite3").unlink(missing_ok=True)
    start = day_start(day)
    moments = sorted({start + timedelta(seconds=s) for s in offsets})
    moments = [m for m in moments if m >= datetime(2000, 1, 1, tzinfo=UTC)]
    if not moments:
        return
    imported(isolated, *moments)
    wall = max(start, moments[-1]) + timedelta(hours=1)
    since = day.isoformat()
    inside = [m for m in moments if local_date(m) >= day]
    records = json.loads(stretch("history", "--since", since, "--json", wall=wall).out)
    assert len(records) == len(inside)
    report = json.loads(stretch("report", "--since", since, "--format", "json", wall=wall).out)
    assert report["totals"]["sessions"] == len(inside)
    out = stretch("history", "--since", since, wall=wall).out
    listed = [line for line in out.splitlines() if "desk-break" in line]
    assert len(listed) == len(inside)
    if inside:
        assert f"{len(inside)} session{'s' if len(inside) > 1 else ''}, " in out
