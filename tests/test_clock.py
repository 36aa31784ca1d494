"""The wall clock is made in one place, and the test suite can start it where it likes: in
this process (the fixtures) and in every `stretch` process a test starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stretchcli.clock import TEST_CLOCK, wall, wall_seconds
from stretchcli.errors import StretchError
from tests.fakes import NOW, ZONE


def test_without_the_hook_it_is_the_system_clock() -> None:
    assert wall_seconds({}) is time.time


def test_the_hook_starts_the_clock_at_its_moment_and_it_runs_on() -> None:
    seconds = wall_seconds({TEST_CLOCK: "2027-03-28T01:59:30+01:00"})
    start = datetime(2027, 3, 28, 0, 59, 30, tzinfo=ZoneInfo("UTC")).timestamp()
    first, second = seconds(), seconds()
    assert start <= first <= second < start + 60


def test_the_hooks_moment_is_shown_in_the_process_zone() -> None:
    # 01:59:30 in Berlin on the night the clocks go forward: half a minute later it is 03:00.
    now = wall({TEST_CLOCK: "2027-03-28T00:59:30+00:00"})()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(hours=1)
    assert (now.hour, now.minute) == (1, 59)


@pytest.mark.parametrize("given", ["tomorrow", "2027-03-28T01:59:30", "", "1796083200"])
def test_a_moment_without_an_offset_is_refused_in_one_line(given: str) -> None:
    if not given:  # empty: as if it were not set
        assert wall_seconds({TEST_CLOCK: given}) is time.time
        return
    with pytest.raises(StretchError) as raised:
        wall_seconds({TEST_CLOCK: given})()
    assert raised.value.line() == (
        f"{TEST_CLOCK}: expected a moment with its offset, got {given!r} "
        f"(unset {TEST_CLOCK}; it is for the test suite only)"
    )


def test_every_test_runs_in_the_same_zone_at_the_same_moment() -> None:
    assert os.environ["TZ"] == ZONE and os.environ[TEST_CLOCK] == NOW.isoformat()
    assert datetime(2026, 7, 1, 12).astimezone().utcoffset() == timedelta(hours=2)  # summer


def _due(isolated: Path, moment: datetime) -> dict[str, object]:
    """`stretch due --json` in a process of its own, its clock started at `moment`."""
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("remind = true\n")
    done = subprocess.run(
        [sys.executable, "-c", "from stretchcli.entry import run; run()", "due", "--json"],
        env={**os.environ, TEST_CLOCK: moment.isoformat()},
        capture_output=True,
        text=True,
        check=True,
    )
    answer: dict[str, object] = json.loads(done.stdout)
    return answer


@pytest.mark.parametrize(
    ("moment", "state", "next_"),
    [
        (NOW, "due", "2026-11-04T10:30:00+01:00"),  # a Wednesday, inside the hours
        # 03:30 on a Sunday morning, the night the clocks went back: Monday at nine.
        (datetime(2026, 10, 25, 3, 30), "off-hours", "2026-10-26T09:00:00+01:00"),
        # Sunday 28 March 2027, a minute before the clocks go forward: Monday at nine, summer.
        (datetime(2027, 3, 28, 1, 59), "off-hours", "2027-03-29T09:00:00+02:00"),
    ],
)
def test_a_stretch_process_runs_on_the_tests_clock_and_zone(
    isolated: Path, moment: datetime, state: str, next_: str
) -> None:
    answer = _due(isolated, moment.replace(tzinfo=moment.tzinfo or ZoneInfo(ZONE)))
    assert (answer["state"], answer["next"]) == (state, next_)
