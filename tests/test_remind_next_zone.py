"""Review 13, F4: once TZ had changed since `remind on` (the installed check keeps the zone it
was given), `stretch remind` worked "Next" out in this command's zone: its working hours, not
the check's, so no reminder came at the time it gave. Now "Next" is the time the installed
check will remind, worked out in its zone, shown in this command's zone with its offset."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab
from tests.test_remind_zone_moved import said

EVENING = datetime.fromisoformat("2026-11-04T18:00:00+01:00")  # Wed, after Berlin's hours
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"]


@pytest.fixture
def cron(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    fakes.add("systemctl", out="offline\n", code=1)
    return Crontab(fakes, tmp_path)


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set this process's zone (TZ, read at once), put back after the test."""

    def set_zone(tz: str) -> None:
        monkeypatch.setenv("TZ", tz)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def next_at(stretch: Stretch, wall: datetime) -> datetime:
    result = stretch("remind", "--json", wall=wall)
    assert result.code == 0, result.err
    return datetime.fromisoformat(json.loads(result.out)["next"])


def test_next_is_when_the_check_in_its_zone_reminds_shown_here_with_its_offset(
    stretch: Stretch, cron: Crontab, zone: object
) -> None:
    zone("Europe/Berlin")  # type: ignore[operator]
    assert stretch("remind", "on", "--scheduler", "cron", wall=EVENING).code == 0
    assert "Next: tomorrow at 09:00 Breaks" in said(stretch("remind", wall=EVENING).out)
    zone("America/New_York")  # type: ignore[operator]
    out = said(stretch("remind", wall=EVENING).out)
    assert (
        "Next: tomorrow at 03:00 here (UTC-05:00), as the check that runs in "
        "TZ=Europe/Berlin sees it"
    ) in out, out
    assert next_at(stretch, EVENING).isoformat() == "2026-11-05T03:00:00-05:00"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    there=st.sampled_from(ZONES),
    here=st.sampled_from(ZONES),
    minutes=st.integers(min_value=0, max_value=7 * 24 * 60),
)
def test_next_is_the_same_moment_whichever_zone_this_command_runs_in(
    stretch: Stretch, cron: Crontab, zone: object, there: str, here: str, minutes: int
) -> None:
    wall = EVENING + timedelta(minutes=minutes)
    zone(there)  # type: ignore[operator]
    assert stretch("remind", "on", "--scheduler", "cron", wall=wall).code == 0
    seen_by_the_check = next_at(stretch, wall)
    zone(here)  # type: ignore[operator]
    shown = next_at(stretch, wall)
    assert shown == seen_by_the_check  # the same moment...
    assert shown.utcoffset() == shown.astimezone().utcoffset()  # ...in this command's zone
