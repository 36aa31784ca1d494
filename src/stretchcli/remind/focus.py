"""Whether a macOS Focus (Do Not Disturb, Work, Sleep...) is on, from the two files macOS keeps
it in, where the check may read them: `~/Library/DoNotDisturb/DB/Assertions.json` (a Focus
turned on by hand, from Control Centre or a shortcut) and `ModeConfigurations.json` beside it
(each Focus's schedule). Apple does not document them: they are read as they have been since
macOS 12, and anything else in them (another shape, a value of another type, a file too large
or unreadable, as without Full Disk Access) tells nothing rather than stopping the check.

Not seen: a Focus turned on by a place, an app or a shortcut's automation (only by hand or
by its time schedule).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

FOLDER = ("Library", "DoNotDisturb", "DB")
ASSERTIONS = "Assertions.json"
MODES = "ModeConfigurations.json"
LARGEST = 4 * 1024 * 1024  # bytes: the files are a few kilobytes; a larger one is not read
SCHEDULE = "DNDModeConfigurationScheduleTrigger"
ENABLED = 2  # a trigger's enabledSetting when its schedule is on
DAY = 24 * 60


def focus_on(home: Path, now: datetime) -> bool | None:
    """Whether a Focus is on at `now` (local time), by hand or by its schedule; None when
    neither file can be read as macOS writes them."""
    folder = home.joinpath(*FOLDER)
    by_hand = _by_hand(_read(folder / ASSERTIONS))
    if by_hand:
        return True
    scheduled = _scheduled(_read(folder / MODES), now)
    if scheduled:
        return True
    return None if by_hand is None and scheduled is None else False


def _read(path: Path) -> object:
    """A file's JSON, or None (not there, unreadable, too large, not JSON)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(LARGEST + 1)
        if len(data) > LARGEST:
            return None
        return json.loads(data)
    except (OSError, ValueError, RecursionError):
        return None


def _records(data: object, key: str) -> list[object] | None:
    """The values under `key` in each item of the file's `data` list (None: not the shape
    macOS writes)."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        return None
    found: list[object] = []
    for item in data["data"]:
        if isinstance(item, dict) and key in item:
            found.append(item[key])
    return found


def _by_hand(data: object) -> bool | None:
    """Whether a Focus was turned on by hand (an assertion is held)."""
    found = _records(data, "storeAssertionRecords")
    if found is None:
        return None
    return any(isinstance(records, list) and records for records in found)


def _scheduled(data: object, now: datetime) -> bool | None:
    """Whether a Focus's time schedule, switched on, covers `now`."""
    found = _records(data, "modeConfigurations")
    if found is None:
        return None
    for modes in found:
        if not isinstance(modes, dict):
            continue
        for mode in modes.values():
            triggers = mode.get("triggers") if isinstance(mode, dict) else None
            listed = triggers.get("triggers") if isinstance(triggers, dict) else None
            if isinstance(listed, list) and any(_covers(t, now) for t in listed):
                return True
    return False


def _covers(trigger: object, now: datetime) -> bool:
    """Whether one schedule trigger is on and covers `now` (a period past midnight belongs
    to the day it began on; the weekdays are bits, Monday the lowest)."""
    if not isinstance(trigger, dict) or trigger.get("class", SCHEDULE) != SCHEDULE:
        return False
    if trigger.get("enabledSetting") != ENABLED:
        return False
    values = [
        _whole(trigger.get(key))
        for key in (
            "timePeriodStartTimeHour",
            "timePeriodStartTimeMinute",
            "timePeriodEndTimeHour",
            "timePeriodEndTimeMinute",
        )
    ]
    start_hour, start_minute, end_hour, end_minute = (v if v is not None else -1 for v in values)
    if not (0 <= start_hour <= 23 and 0 <= end_hour <= 24):
        return False
    if not (0 <= start_minute < 60 and 0 <= end_minute < 60):
        return False
    start, end = start_hour * 60 + start_minute, end_hour * 60 + end_minute
    weekdays = _whole(trigger.get("timePeriodWeekdays", 0b1111111))
    if weekdays is None or not 0 <= weekdays < 128:
        return False
    minute = now.hour * 60 + now.minute
    if start == end:
        return False
    if start < end:
        return start <= minute < end and _on(weekdays, now)
    if minute >= start:  # past midnight: tonight's part
        return _on(weekdays, now)
    return minute < end and _on(weekdays, now - timedelta(days=1))  # this morning's part


def _whole(value: object) -> int | None:
    """A whole number as JSON has it (not a bool, not a fraction), or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _on(weekdays: int, day: datetime) -> bool:
    return bool(weekdays >> day.weekday() & 1)
