"""Attack 15, H3: `remind snooze` and `remind skip` said the next reminder as worked out in
this shell's zone, while the installed check (and `stretch remind`, as that check sees it)
works it out in the zone it was given at `remind on`. With the check in Berlin, in Tokyo a
snooze of 2 h said "outside your working hours" and "Next: snoozed: tomorrow at 09:00" where
the check reminds at 18:00; a skip said 16:50 where it reminds at 17:00. Now both say the
Next that `stretch remind` says, worked out as it works it out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_remind_next_zone
from tests.conftest import Stretch
from tests.test_remind_next_zone import ZONES
from tests.test_remind_safety import Crontab
from tests.test_remind_zone_moved import said

cron = test_remind_next_zone.cron  # the fixtures, as that file has them
zone = test_remind_next_zone.zone
MONDAY = datetime.fromisoformat("2026-12-07T08:00:00+01:00")  # 16:00 in Tokyo, 08:00 in Berlin
AS_BERLIN = "here (UTC+09:00), as the check that runs in TZ=Europe/Berlin sees it"


def remind_next(stretch: Stretch, wall: datetime) -> str:
    """What `stretch remind` says after "Next: "."""
    out = said(stretch("remind", wall=wall).out)
    return out.split("Next: ", 1)[1].split(" Breaks: ", 1)[0]


def test_snooze_and_skip_in_tokyo_say_when_the_check_in_berlin_reminds(
    stretch: Stretch, cron: Crontab, zone: Callable[[str], None]
) -> None:
    zone("Europe/Berlin")
    assert stretch("remind", "on", "--scheduler", "cron", wall=MONDAY).code == 0
    zone("Asia/Tokyo")
    snoozed = stretch("remind", "snooze", "2h", wall=MONDAY)
    assert (snoozed.code, said(snoozed.out)) == (
        0,
        f"Snoozed until 18:00. Next: snoozed: at 18:00 (in 120 min) {AS_BERLIN}",
    )
    assert remind_next(stretch, MONDAY) == f"snoozed: at 18:00 (in 120 min) {AS_BERLIN}"


def test_skip_in_tokyo_says_when_the_check_in_berlin_reminds(
    stretch: Stretch, cron: Crontab, zone: Callable[[str], None]
) -> None:
    zone("Europe/Berlin")
    assert stretch("remind", "on", "--scheduler", "cron", wall=MONDAY).code == 0
    zone("Asia/Tokyo")
    skipped = stretch("remind", "skip", wall=MONDAY)
    assert (skipped.code, said(skipped.out)) == (
        0,
        f"Skipped. Next: at 17:00 (in 60 min) {AS_BERLIN}",
    )
    assert remind_next(stretch, MONDAY) == f"at 17:00 (in 60 min) {AS_BERLIN}"


def test_snooze_tomorrow_runs_to_the_next_working_hours_of_the_check(
    stretch: Stretch, cron: Crontab, zone: Callable[[str], None]
) -> None:
    """Mon 23:30 in Berlin, Tue 07:30 in Tokyo: the check's next working hours begin on
    Tuesday at 09:00 there, 17:00 here; the snooze says so, as `stretch remind` does."""
    night = datetime.fromisoformat("2026-12-07T23:30:00+01:00")
    zone("Europe/Berlin")
    assert stretch("remind", "on", "--scheduler", "cron", wall=night).code == 0
    zone("Asia/Tokyo")
    snoozed = stretch("remind", "snooze", "tomorrow", wall=night)
    assert (snoozed.code, said(snoozed.out)) == (
        0,
        f"Snoozed until 17:00. Next: snoozed: at 17:00 (in 570 min) {AS_BERLIN}",
    )
    assert remind_next(stretch, night) == f"snoozed: at 17:00 (in 570 min) {AS_BERLIN}"


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    there=st.sampled_from(ZONES),
    here=st.sampled_from([*ZONES, "Asia/Tokyo"]),
    minutes=st.integers(min_value=0, max_value=7 * 24 * 60),
    put_off=st.sampled_from(
        [["skip"], ["snooze", "tomorrow"], ["snooze", "30m"], ["snooze", "5h"]]
    ),
)
def test_snooze_and_skip_say_the_next_that_remind_says(
    stretch: Stretch,
    cron: Crontab,
    zone: Callable[[str], None],
    there: str,
    here: str,
    minutes: int,
    put_off: list[str],
) -> None:
    """Whatever the zones of the check and of the shell, and whenever: the Next a snooze or
    a skip says is the Next `stretch remind` says right after."""
    wall = MONDAY + timedelta(minutes=minutes)
    zone(there)
    assert stretch("remind", "on", "--scheduler", "cron", wall=wall).code == 0
    zone(here)
    result = stretch("remind", *put_off, wall=wall)
    assert result.code == 0, result.err
    assert said(result.out).split("Next: ", 1)[1] == remind_next(stretch, wall)
