"""`stretch start` ends with what to do about reminders as they stand: the hint to turn them
on only while they are off; with them on, that they are (attack 15, H6: it said "turn them on"
while they were on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab

START = (
    "start", "--where", "u", "--no-red-flags", "--shoulder-blades", "no",
    "--no-precautions", "--yes",
)  # fmt: skip
OFF = "Reminders: turn them on with stretch remind on."
ON = "Reminders: on; stretch remind says when the next one comes."


@pytest.fixture
def crontab(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    return Crontab(fakes, tmp_path)


def test_with_reminders_on_start_says_they_are_on(stretch: Stretch, crontab: Crontab) -> None:
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    assert stretch("remind").out.startswith("Reminders: on, ")
    result = stretch(*START)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == ON
    assert OFF not in result.out


def test_with_reminders_off_start_says_how_to_turn_them_on(
    stretch: Stretch, crontab: Crontab
) -> None:
    result = stretch(*START)  # never turned on
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == OFF
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    assert stretch("remind", "off").code == 0  # on, then off again
    assert stretch("remind").out.startswith("Reminders: off ")
    again = stretch(*START)
    assert again.code == 0, again.err
    assert again.out.splitlines()[-1] == OFF
