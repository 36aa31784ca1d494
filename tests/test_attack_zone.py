"""A zone whose offset is a day or more (`TZ=UTC+24:30`, `XXX-99:99`: the C library takes
them, datetime cannot hold them), or beyond -12:00..+14:00 (an import refuses them), is used
as the C library uses a zone it cannot read at all (`TZ=garbage`): as UTC. No command ends
in a traceback (attack 4, D4; attack 6, F1)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.clock import settle_zone
from tests.conftest import Stretch
from tests.fakes import NOW


def posix_zone(sign: str, hours: int, minutes: int) -> str:
    return f"UTC{sign}{hours}:{minutes:02}"


@given(st.sampled_from("+-"), st.integers(0, 99), st.integers(0, 59))
def test_a_zone_of_any_offset_gives_dates_that_can_be_shown(
    sign: str, hours: int, minutes: int
) -> None:
    saved = os.environ.get("TZ")
    os.environ["TZ"] = posix_zone(sign, hours, minutes)
    time.tzset()
    try:
        settle_zone(os.environ)
        offset = datetime.now().astimezone().utcoffset()
        zone = os.environ["TZ"]
    finally:  # the suite's zone back, in the C library too (later tests read local times)
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
    west = timedelta(hours=hours, minutes=minutes) * (1 if sign == "+" else -1)
    if -timedelta(hours=12) <= -west <= timedelta(hours=14):  # a zone can have it: as it is
        assert offset == -west  # (POSIX writes west of UTC as +)
        assert zone == posix_zone(sign, hours, minutes)
    else:  # none can (nor can an import take it): UTC, as for a zone that cannot be read
        assert offset == timedelta(0)
        assert zone == "UTC"


def test_a_zone_that_can_be_used_is_left_as_it_is() -> None:
    environ = {"TZ": os.environ["TZ"]}
    settle_zone(environ)
    assert environ == {"TZ": os.environ["TZ"]}


@pytest.fixture
def with_a_session(stretch: Stretch) -> None:
    assert stretch("run", "upper-back", "--plain", "--brief").code == 0


@pytest.mark.usefixtures("with_a_session")
@pytest.mark.parametrize("zone", ["UTC+24:30", "XXX-99:99", "UTC-24"])
@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["history", "--json"],
        ["report"],
        ["report", "--format", "csv"],
        ["plan"],
        ["history", "export"],
        ["due"],
        ["due", "--json"],
        ["remind"],
        ["remind", "check"],
        ["again", "--plain", "--brief", "--only", "1"],
    ],
)
def test_every_command_works_in_a_zone_no_place_has(
    zone: str, args: list[str], tmp_path: Path
) -> None:
    env = {**os.environ, "TZ": zone, "STRETCH_TEST_CLOCK": NOW.isoformat()}
    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    as_garbage = subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**env, "TZ": "UTC"},
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stdout) == (as_garbage.returncode, as_garbage.stdout)
