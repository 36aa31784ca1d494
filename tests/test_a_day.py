"""A working day of checks every five minutes, with what the machine showed at each (at the
screen, a meeting under Do Not Disturb, lunch away with the screen locked, a video call, the
laptop asleep): the reminders it gave, and the ones it held back, minute by minute."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from stretchcli.files.config import Config
from stretchcli.history.store import History
from stretchcli.remind.check import check
from stretchcli.remind.presence import Seen
from tests.system_fakes import FakeCommands

TUESDAY = datetime(2026, 11, 24)
CONFIG = Config(remind=True, remind_every="50m", remind_between="09:00-17:30")


def at(hour: int, minute: int) -> datetime:
    return TUESDAY.replace(hour=hour, minute=minute).astimezone()


def seen_at(now: datetime) -> Seen | None:
    """What the machine shows at `now` (None: asleep, no check runs)."""
    clock = now.hour * 60 + now.minute
    if clock < 8 * 60 + 55:
        return None  # the laptop is asleep until 08:55
    if 10 * 60 + 30 <= clock < 11 * 60 + 15:
        return Seen(now, 20, quiet="do-not-disturb")  # a meeting, typing notes
    if 12 * 60 + 30 <= clock < 13 * 60 + 15:
        return Seen(now, (clock - 12 * 60 - 30) * 60 + 40, locked=True)  # lunch
    if 15 * 60 + 20 <= clock < 15 * 60 + 50:
        return Seen(now, 5, quiet="camera")  # a video call
    if 16 * 60 + 40 <= clock < 16 * 60 + 44:
        return Seen(now, 200)  # reading, no input for a few minutes: no break
    return Seen(now, 3)


def check_at(now: datetime, seen: Seen, state: Path) -> str:
    """`stretch remind check` at `now`, where the machine shows `seen`."""
    history = History(state / "history.sqlite3", print, lambda: now)
    return check(CONFIG, history, os.environ, lambda r: 120.0, lambda _: seen, "linux")


def test_a_day_of_checks(fakes: FakeCommands, isolated: Path) -> None:
    fakes.add("notify-send")
    state = isolated / "state"
    state.mkdir(parents=True)
    evening = at(17, 30) - timedelta(days=1)  # the last check of yesterday
    (state / "presence").write_text(Seen(evening, 3).line() + "\n")
    log = []
    now = at(8, 0)
    while now < at(18, 0):
        seen = seen_at(now)
        if seen is not None:
            said = check_at(now, seen, state)
            if not said.startswith("not due"):
                log.append(f"{now:%H:%M} {said}")
        now += timedelta(minutes=5)
    assert log == [
        # 08:55 the laptop wakes: a return from a break; the first reminder is 50 min on.
        "09:45 reminded to do desk-break: shown",
        # 10:35 due, in a meeting under Do Not Disturb: held until it is over.
        "10:35 due, but Do Not Disturb is on: no reminder until that is over",
        "10:40 due, but Do Not Disturb is on: no reminder until that is over",
        "10:45 due, but Do Not Disturb is on: no reminder until that is over",
        "10:50 due, but Do Not Disturb is on: no reminder until that is over",
        "10:55 due, but Do Not Disturb is on: no reminder until that is over",
        "11:00 due, but Do Not Disturb is on: no reminder until that is over",
        "11:05 due, but Do Not Disturb is on: no reminder until that is over",
        "11:10 due, but Do Not Disturb is on: no reminder until that is over",
        "11:15 reminded to do desk-break: shown",
        "12:05 reminded to do desk-break: shown",
        # Lunch, the screen locked from 12:30: due at 12:55, held; the lunch is a break, and
        # back at 13:15 the next is 50 minutes on.
        "12:55 due, but the screen is locked: no reminder now",
        "13:00 due, but the screen is locked: no reminder now",
        "13:05 due, but the screen is locked: no reminder now",
        "13:10 due, but the screen is locked: no reminder now",
        "14:05 reminded to do desk-break: shown",
        "14:55 reminded to do desk-break: shown",
        # A video call from 15:20: the camera holds the reminder back.
        "15:45 due, but a camera is in use: no reminder until that is over",
        "15:50 reminded to do desk-break: shown",
        # Reading at 16:40 (no input for 200 s) is no break.
        "16:40 reminded to do desk-break: shown",
    ]
