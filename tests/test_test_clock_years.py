"""The test clock (STRETCH_TEST_CLOCK) set to a moment whose days, weeks or calendar datetime
cannot hold (year 1, year 9999) is one line, never a traceback: before, year 1 ended
`history` in "ValueError: year 0 is out of range" and year 9999 `report` in an
OverflowError."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.clock import FIRST_YEAR, LAST_YEAR, TEST_CLOCK, wall_seconds
from stretchcli.errors import StretchError

COMMANDS = [("history",), ("report",), ("due",), ("remind",), ("history", "export")]
OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


def refusal(given_: str) -> str:
    return (
        f"{TEST_CLOCK}: expected a moment from {FIRST_YEAR} to {LAST_YEAR}, got {given_!r} "
        f"(unset {TEST_CLOCK}; it is for the test suite only)"
    )


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)), OFFSETS)
def test_a_moment_outside_the_years_is_refused_in_one_line(
    moment: datetime, zone: timezone
) -> None:
    given_ = moment.replace(tzinfo=zone).isoformat()
    if FIRST_YEAR <= moment.year <= LAST_YEAR:
        assert wall_seconds({TEST_CLOCK: given_})() > 0
        return
    with pytest.raises(StretchError) as raised:
        wall_seconds({TEST_CLOCK: given_})()
    assert raised.value.line() == refusal(given_)


def run(tmp_path: Path, moment: str, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, TEST_CLOCK: moment, "STRETCH_STATE_DIR": str(tmp_path / "state")}
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("moment", "refused"),
    [
        ("0001-01-01T00:00:00+00:00", True),
        ("9999-12-31T00:00:00+00:00", True),
        (f"{FIRST_YEAR}-01-01T00:00:00+23:59", False),
        (f"{LAST_YEAR}-12-31T23:59:59-23:59", False),
    ],
)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_commands_at_the_ends_of_the_years(
    tmp_path: Path, moment: str, refused: bool, command: tuple[str, ...]
) -> None:
    done = run(tmp_path, moment, *command)
    if refused:
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr == f"stretch: {refusal(moment)}\n"
    else:
        assert (done.returncode, done.stderr) == (0, "")
