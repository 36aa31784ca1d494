"""The installed check has moved to another zone only when the zones differ in what they do
(their offsets over the next two years), not in how TZ spells them: `Japan`, `Asia/Tokyo`,
`:Asia/Tokyo` and the zone file's path are one zone; Europe/Berlin and America/New_York, or two
zones whose summer time starts on other days or at other hours, are not."""

from __future__ import annotations

import json
import time
import zoneinfo
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.remind.same_zone import same_zone
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab
from tests.test_remind_zone_moved import said

NOW_SECONDS = NOW.timestamp()


@pytest.fixture
def cron(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    fakes.add("systemctl", out="offline\n", code=1)
    return Crontab(fakes, tmp_path)


def moved(stretch: Stretch) -> tuple[bool, bool]:
    """Whether `remind` says the check runs in another zone, and `remind --json` so."""
    text = "The check runs in" in said(stretch("remind").out)
    return text, json.loads(stretch("remind", "--json").out)["zone_moved"]


def zone_file(name: str) -> list[str]:
    """The zone's file by its full path, where this system keeps one."""
    found = [Path(folder) / name for folder in zoneinfo.TZPATH]
    return [str(path) for path in found if path.is_file()][:1]


@pytest.mark.parametrize("spelling", ["Japan", ":Asia/Tokyo", "JST-9", *zone_file("Asia/Tokyo")])
def test_another_spelling_of_the_zone_is_no_move(
    stretch: Stretch, cron: Crontab, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    monkeypatch.setenv("TZ", spelling)
    assert moved(stretch) == (False, False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert moved(stretch) == (True, True)


def test_tz_utc_on_a_system_whose_zone_is_utc_is_no_move(
    stretch: Stretch, cron: Crontab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()
    if time.localtime(NOW_SECONDS).tm_gmtoff or time.localtime(NOW_SECONDS + 183 * 86400).tm_gmtoff:
        pytest.skip("this system's own zone is not UTC")
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    monkeypatch.setenv("TZ", "UTC")
    assert moved(stretch) == (False, False)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("UTC", "Etc/UTC", True),
        ("UTC", "UTC0", True),
        ("Etc/GMT", "Europe/London", False),
        ("America/New_York", "US/Eastern", True),
        ("America/New_York", "EST5EDT,M3.2.0,M11.1.0", True),
        ("EST5EDT,M3.2.0,M11.1.0", "EST5EDT,M3.5.0,M10.5.0", False),  # other days
        ("EST5EDT,M3.2.0/2,M11.1.0", "EST5EDT,M3.2.0/3,M11.1.0", False),  # another hour
        ("EST5EDT,M3.2.0/2,M11.1.0", "EST5EDT,M3.2.0/2:01,M11.1.0", False),  # a minute
        ("Europe/Berlin", "America/New_York", False),
        ("Europe/Berlin", "Africa/Lagos", False),  # the same winter, no summer time
    ],
)
def test_zones_are_the_same_by_what_they_do(first: str, second: str, same: bool) -> None:
    assert same_zone(first, second, NOW_SECONDS) is same
    assert same_zone(second, first, NOW_SECONDS) is same


ZONES = sorted(available_timezones())
KIN: dict[tuple[timedelta | None, timedelta | None], list[str]] = {}
for _name in ZONES:
    _zone = ZoneInfo(_name)
    _key = (_zone.utcoffset(NOW.replace(month=1)), _zone.utcoffset(NOW.replace(month=7)))
    KIN.setdefault(_key, []).append(_name)


def kin(name: str) -> list[str]:
    """Zones of the same winter and summer offsets as `name`: the same zone, or nearly."""
    zone = ZoneInfo(name)
    return KIN[(zone.utcoffset(NOW.replace(month=1)), zone.utcoffset(NOW.replace(month=7)))]


def offsets(name: str) -> list[timedelta | None]:
    """The zone's offset every half hour of the two years from now (by Python's reader)."""
    zone = ZoneInfo(name)
    start = NOW.astimezone(ZoneInfo("UTC")).replace(hour=0, minute=0, second=0)
    steps = (start + timedelta(minutes=30 * n) for n in range(2 * 366 * 48))
    return [zone.utcoffset(moment) for moment in steps]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ZONES).flatmap(lambda a: st.tuples(st.just(a), st.sampled_from(kin(a)))))
def test_a_move_is_exactly_other_offsets_over_two_years(pair: tuple[str, str]) -> None:
    first, second = pair
    assert same_zone(first, second, NOW_SECONDS) is (offsets(first) == offsets(second))


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_any_two_zones_are_moved_exactly_when_their_offsets_differ(first: str, second: str) -> None:
    assert same_zone(first, second, NOW_SECONDS) is (offsets(first) == offsets(second))
