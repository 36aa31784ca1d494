"""A snooze is bounded (at most 12 hours, a value we chose; longer is `snooze tomorrow`), any
length beyond it a one-line error naming the most; and every snooze confirmation says the same
thing the same way: "snoozed until" the local time, with its day when that is not today."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files.config import Config
from stretchcli.history.store import History
from stretchcli.remind import check as check_module
from stretchcli.remind.presence import Seen
from stretchcli.text import time_of_day, weekday
from stretchcli.words import SNOOZE, ScheduleError, parse_snooze
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands

TUESDAY = datetime(2026, 11, 24)
ALWAYS = 'remind = true\nremind_between = "00:00-24:00"\nremind_days = "every day"\n'


def too_long(text: str) -> tuple[int, str, str]:
    word = f"'{text}'"
    if len(word) > 200:  # a long word is shown as its two ends and its length
        word = f"{word[:40]}…{word[-20:]} ({len(word)} characters)"
    return (2, "", f"stretch: snooze: expected from 1m to 12h, or tomorrow, not {word}\n")


@pytest.mark.parametrize("text", ["99999999h", "13h", "721m", "12h1m", "9" * 5000 + "m"])
def test_a_snooze_beyond_the_most_is_refused_naming_it(stretch: Stretch, text: str) -> None:
    assert stretch("remind", "snooze", text) == too_long(text)


@given(hours=st.integers(0, 10**12), minutes=st.integers(0, 10**12), form=st.integers(0, 2))
def test_any_length_is_taken_within_the_bounds_or_refused_naming_them(
    hours: int, minutes: int, form: int
) -> None:
    text = [f"{hours}h{minutes}m", f"{hours}h", f"{minutes}"][form]
    wanted = [hours * 60 + minutes, hours * 60, minutes][form]
    if SNOOZE[0] <= wanted <= SNOOZE[1]:
        assert parse_snooze(text) == wanted
    else:
        with pytest.raises(ScheduleError, match=r"^expected from 1m to 12h$"):
            parse_snooze(text)


def said(until: datetime, now: datetime) -> str:
    """The moment as a confirmation says it: its day only when not today."""
    if until.date() == now.date():
        return time_of_day(until)
    if until.date() == now.date() + timedelta(days=1):
        return f"tomorrow at {time_of_day(until)}"
    return f"{weekday(until)} at {time_of_day(until)}"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    minute_of_day=st.integers(0, 24 * 60 - 1),
    minutes=st.integers(1, 720),
)
def test_every_snooze_says_until_when_in_local_time_with_the_day_when_not_today(
    stretch: Stretch, isolated: Path, minute_of_day: int, minutes: int
) -> None:
    (isolated / "state" / "history.sqlite3").unlink(missing_ok=True)
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text(ALWAYS)
    now = (TUESDAY + timedelta(minutes=minute_of_day)).astimezone()
    until = (now + timedelta(minutes=minutes)).astimezone()
    code, out, _ = stretch("remind", "snooze", f"{minutes}m", wall=now)
    assert code == 0
    assert out.splitlines()[0] == f"Snoozed until {said(until, now)}."


def test_a_snooze_past_midnight_says_tomorrow(stretch: Stretch, isolated: Path) -> None:
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text("remind = true\n")
    late = TUESDAY.replace(hour=22).astimezone()
    assert stretch("remind", "snooze", "8h", wall=late).out == (
        "Snoozed until tomorrow at 06:00, outside your working hours.\n"
        "Next: snoozed: tomorrow at 09:00\n"
    )
    assert stretch("remind", "snooze", "1h", wall=late).out == (
        "Already snoozed until tomorrow at 06:00, longer than that: nothing changed.\n"
        "Next: snoozed: tomorrow at 09:00\n"
    )


def test_the_notifications_snooze_says_the_day_when_not_today(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_module, "notify", lambda *_: "snooze")
    now = TUESDAY.replace(hour=23, minute=55).astimezone()
    history = History(isolated / "state" / "history.sqlite3", print, lambda: now)
    config = Config(remind=True, remind_between="00:00-24:00", remind_days="every day")
    said_ = check_module.check(config, history, {}, lambda _: 300.0, Seen, "linux")
    assert said_ == "reminded to do desk-break: snoozed until tomorrow at 00:05"


def test_the_status_says_the_day_of_a_check_that_was_not_today(
    stretch: Stretch, isolated: Path, fakes: FakeCommands
) -> None:
    """The same rule for the other moments `stretch remind` shows: the last check's."""
    fakes.add("notify-send")
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text(ALWAYS)
    monday = (TUESDAY - timedelta(minutes=2)).astimezone()  # 23:58, then just past midnight
    assert stretch("remind", "check", wall=monday).code == 0
    lines = stretch("remind", wall=monday + timedelta(minutes=5)).out.splitlines()
    assert [line for line in lines if line.startswith("Last check:")] == [
        "Last check: Mon 23 Nov at 23:58, nothing tells whether you are at the screen"
    ]
    lines = stretch("remind", wall=monday + timedelta(minutes=1)).out.splitlines()
    assert "Last check: 23:58, " in "\n".join(lines)
