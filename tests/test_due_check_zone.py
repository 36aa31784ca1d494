"""Attack 15, H2: `stretch due` worked the next reminder out in this shell's zone, while the
installed check (and `stretch remind`, as that check sees it) works it out in the zone it was
given at `remind on`. In Tokyo, with the check in Berlin, the prompt said "stretch due" an
hour before the check found anything due, and in New York "off-hours" for 7 hours where the
check reminds in one. Now `due` asks the check's zone too: it says "stretch due" exactly
when the check finds a reminder due, whatever TZ the shell has."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_remind_next_zone
from tests.conftest import Stretch
from tests.test_remind_next_zone import ZONES
from tests.test_remind_safety import Crontab

cron = test_remind_next_zone.cron  # the fixtures, as that file has them
zone = test_remind_next_zone.zone
MONDAY = datetime.fromisoformat("2026-12-07T08:00:00+01:00")  # 08:00 in Berlin, before 09:00


def due_json(stretch: Stretch, wall: datetime) -> dict[str, object]:
    result = stretch("due", "--json", wall=wall)
    assert result.code == 0, result.err
    record: dict[str, object] = json.loads(result.out)
    return record


def test_due_in_tokyo_says_what_the_check_in_berlin_does(
    stretch: Stretch,
    cron: Crontab,
    zone: Callable[[str], None],
) -> None:
    zone("Europe/Berlin")
    assert stretch("remind", "on", "--scheduler", "cron", wall=MONDAY).code == 0
    # as in Berlin: before the hours, quiet, the next reminder in 60 min (at 09:00 there)
    assert due_json(stretch, MONDAY) == {
        "state": "off-hours",
        "text": "",
        "next": "2026-12-07T09:00:00+01:00",
        "minutes": 60,
    }
    zone("Asia/Tokyo")
    assert due_json(stretch, MONDAY) == {
        "state": "off-hours",
        "text": "",
        "next": "2026-12-07T17:00:00+09:00",
        "minutes": 60,
    }
    assert stretch("due", wall=MONDAY).out == ""
    assert stretch("due", wall=MONDAY + timedelta(minutes=10)).out == ""
    assert stretch("due", wall=MONDAY + timedelta(minutes=60)).out == "stretch due\n"
    zone("America/New_York")
    assert due_json(stretch, MONDAY) == {
        "state": "off-hours",
        "text": "",
        "next": "2026-12-07T03:00:00-05:00",
        "minutes": 60,
    }
    # Tue 09:30 in Berlin, 17:30 in Tokyo: due there, though Tokyo's own hours have ended
    tuesday = datetime.fromisoformat("2026-12-08T09:30:00+01:00")
    zone("Asia/Tokyo")
    assert stretch("due", wall=tuesday).out == "stretch due\n"
    zone("Europe/Berlin")
    assert stretch("remind", "check", wall=MONDAY).out == "not due: at 09:00 (in 60 min)\n"


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    there=st.sampled_from(ZONES),
    here=st.sampled_from([*ZONES, "Asia/Tokyo", "Japan"]),
    minutes=st.integers(min_value=0, max_value=7 * 24 * 60),
)
def test_due_says_due_exactly_when_the_check_in_its_zone_would(
    stretch: Stretch,
    cron: Crontab,
    zone: Callable[[str], None],
    there: str,
    here: str,
    minutes: int,
) -> None:
    """At any moment, from any shell zone: `due` is due exactly when `stretch remind` run in
    the check's own zone (as the check decides) is, and its next reminder is the same moment."""
    wall = MONDAY + timedelta(minutes=minutes)
    zone(there)
    assert stretch("remind", "on", "--scheduler", "cron", wall=wall).code == 0
    checked = json.loads(stretch("remind", "--json", wall=wall).out)
    zone(here)
    for _ in range(2):  # afresh, then from its kept answer
        said = due_json(stretch, wall)
        assert (said["state"] == "due") == (checked["state"] == "due"), (said, checked)
        assert (said["text"] == "stretch due") == (checked["state"] == "due")
        shown = datetime.fromisoformat(str(said["next"]))
        assert shown == datetime.fromisoformat(checked["next"])
        assert shown.utcoffset() == shown.astimezone().utcoffset()  # in this shell's zone
