"""Attack 15, H4: on the night the clocks go back, during the repeated hour, "Next" was a
moment already past, or the current minute for ever ("stretch in 1m", "in 0 min"), which
`remind check` never found due; on the night they go forward, a window the clocks skip
whole was promised "at 03:00", and at 03:00 was off-hours until tomorrow. Now a working
window is the real time between the first moments its start and its end are shown: the
hour shown a second time is outside it, and a window skipped whole has no reminder. Next is
never in the past, and what it promises is what the check does at that moment."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.remind.schedule import Facts, decide, schedule_from
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab
from tests.test_remind_zone_moved import said


@pytest.fixture
def night_window(stretch: Stretch, fakes: FakeCommands, tmp_path: Path) -> Crontab:
    """Reminders every day from 02:15 to 02:45, Berlin, the check installed in cron."""
    fakes.add("systemctl", out="offline\n", code=1)
    table = Crontab(fakes, tmp_path)
    for key, value in (("remind_days", "mon-sun"), ("remind_between", "02:15-02:45")):
        assert stretch("config", key, value).code == 0
    on = datetime.fromisoformat("2027-10-30T12:00:00+02:00")
    assert stretch("remind", "on", "--scheduler", "cron", wall=on).code == 0
    return table


def due_json(stretch: Stretch, wall: str) -> dict[str, object]:
    result = stretch("due", "--json", wall=datetime.fromisoformat(wall))
    assert result.code == 0, result.err
    record: dict[str, object] = json.loads(result.out)
    return record


@pytest.mark.usefixtures("night_window")
def test_the_hour_shown_again_is_outside_the_window(stretch: Stretch) -> None:
    """31 Oct 2027 in Berlin: 02:00-03:00 is shown twice; the window was the first 02:15-02:45."""
    tomorrow = "2027-11-01T02:15:00+01:00"
    for wall, minutes in (("2027-10-31T02:10:00+01:00", 1445), ("2027-10-31T02:30:00+01:00", 1425)):
        assert due_json(stretch, wall) == {
            "state": "off-hours",
            "text": "",
            "next": tomorrow,
            "minutes": minutes,
        }
        moment = datetime.fromisoformat(wall)
        assert "Next: tomorrow at 02:15 Breaks" in said(stretch("remind", wall=moment).out)
        check = stretch("remind", "check", wall=moment)
        assert (check.code, check.out) == (0, "not due: tomorrow at 02:15\n")


@pytest.mark.usefixtures("night_window")
def test_a_window_the_clocks_skip_whole_promises_nothing(stretch: Stretch) -> None:
    """28 Mar 2027 in Berlin: 02:00-03:00 is never shown; the next window is the next day's."""
    for wall, minutes in (("2027-03-28T01:59:00+01:00", 1396), ("2027-03-28T03:00:00+02:00", 1395)):
        assert due_json(stretch, wall) == {
            "state": "off-hours",
            "text": "",
            "next": "2027-03-29T02:15:00+02:00",
            "minutes": minutes,
        }
        moment = datetime.fromisoformat(wall)
        assert "Next: tomorrow at 02:15 Breaks" in said(stretch("remind", wall=moment).out)


ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # summer time of half an hour
    "America/Havana",  # clocks change at midnight
    "Pacific/Auckland",
    "Asia/Tokyo",
]


def changes(zone: str) -> list[datetime]:
    """The moments of 2027 at which `zone`'s offset changes (to the hour: each is within it)."""
    from zoneinfo import ZoneInfo

    start = datetime(2027, 1, 1, tzinfo=UTC)
    hours = [start + timedelta(hours=h) for h in range(366 * 24)]
    offsets = [h.astimezone(ZoneInfo(zone)).utcoffset() for h in hours]
    found = [hours[i] for i in range(1, len(hours)) if offsets[i] != offsets[i - 1]]
    return found or [start]


CHANGES = {zone: changes(zone) for zone in ZONES}


@given(
    zone=st.sampled_from(ZONES),
    data=st.data(),
    start=st.integers(0, 24 * 60 - 1),
    length=st.integers(1, 24 * 60 - 1),
    every=st.sampled_from([10, 20, 50, 120]),
    since=st.none() | st.integers(0, 3 * 24 * 60),
)
def test_next_is_never_past_and_is_due_when_it_comes(
    zone: str,
    data: st.DataObject,
    start: int,
    length: int,
    every: int,
    since: int | None,
) -> None:
    """Any zone, any working window, any moment around a change of its clocks (and any last
    reminder): the next reminder is never before now, and at the moment it gives, the same
    facts make it due (`remind check` finds it so): no past Next, no 'in 0 min' for ever."""
    change = data.draw(st.sampled_from(CHANGES[zone]))
    minutes = data.draw(st.integers(-36 * 60, 36 * 60))
    end = (start + length) % (24 * 60)
    between = f"{start // 60:02}:{start % 60:02}-{end // 60:02}:{end % 60:02}"
    schedule = schedule_from(f"{every}m", between, "mon-sun", "desk-break")
    saved = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        now = (change + timedelta(minutes=minutes)).astimezone()
        last = None if since is None else now - timedelta(minutes=since)
        facts = Facts(last_reminder=last)
        due = decide(schedule, facts, now)
        assert due.next_at >= now, (between, now, due)
        if due.state != "due":
            assert due.next_at > now
            assert decide(schedule, facts, due.next_at).state == "due", (between, now, due)
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
