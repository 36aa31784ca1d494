"""The user's clock inside SQLite: functions registered on every connection that turn a
stored moment (UTC text, see `columns.stored_time`) into the local time and the local day it
had in the process's zone (the user's), so that a million of them are read in seconds.

The offset is Python's own (`datetime.astimezone`, as `columns.local_time` has it). It is
worked out once per UTC hour in which it does not change, and the text of each moment in
that hour is then written from the hour's by hand (a third of the time SQLite's own date
functions take); a moment in an hour where the clocks change is worked out on its own.

Chosen over keeping each moment's offset in the table (a migration): the offset a moment is
shown with is the one it had in the zone the person is in *now*, so someone who moves, or a
test that pins its zone, sees every moment in that zone, summer's offset in summer. A text
that is not canonical UTC, or a moment no zone can show, gives NULL: its row is read the
slow way instead (or skipped, as one that cannot be read back).

None of them raises, whatever SQLite hands it (NULL instead): an error SQLite reports from one
of them ("user-defined function raised exception") is a signal's interrupt raised inside it,
which `ending` noted and the history's error mapping raises again. Nothing is added here for
that: these run a million times a query.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from datetime import datetime, timedelta
from typing import TypeGuard

from stretchcli.columns import local_time

TEXT = "stretch_local"  # the local time, as datetime.isoformat() writes it
SECONDS = "stretch_local_seconds"  # the same, to the second
DAY = "stretch_day"  # the local date, YYYY-MM-DD
ROUND = "stretch_round"  # Python's round(x, digits): SQLite rounds halves away from zero
_HOUR = timedelta(hours=1)
_LARGEST_CACHE = 100_000  # hours (11 years of them), about 15 MB
# UTC hour ('2026-07-01T06') -> the local clock at its start ('2026-07-01T08'), the local
# minute then, the local clock an hour later, the offset ('+02:00'), the local dates at the
# start and an hour later; or None: the offset changes in that hour (or has seconds).
Hour = tuple[str, int, str, str, str, str] | None
_hours: dict[str, Hour] = {}
_zone: tuple[object, ...] = ()


def register(db: sqlite3.Connection) -> None:
    """Make the functions the history's SQL calls known to a connection."""
    db.create_function(TEXT, 1, local_text, deterministic=True)
    db.create_function(SECONDS, 1, local_seconds, deterministic=True)
    db.create_function(DAY, 1, local_day, deterministic=True)
    db.create_function(ROUND, 2, _round, deterministic=True)


def fresh() -> None:
    """Forget what was worked out in another zone (TZ changed since: a test's zone)."""
    global _zone
    zone = (os.environ.get("TZ"), time.tzname, time.timezone, time.altzone)
    if zone != _zone or len(_hours) > _LARGEST_CACHE:
        _hours.clear()
        _zone = zone


def local_text(stored: object) -> str | None:
    """The local time of a stored moment with its offset, as `columns.local_time(stored)
    .isoformat()` writes it; None for one that cannot be read."""
    hour = _whole_hour(stored)
    if hour is not None and isinstance(stored, str):  # the short way, for most moments
        if stored[19:26] == ".000000":
            return hour[0] + stored[13:19] + hour[3]
        return hour[0] + stored[13:26] + hour[3]
    head, hour = _clock(stored)
    if head is None or hour is None or not isinstance(stored, str):
        return _exact(stored, "auto")
    fraction = stored[19:26]
    return head + hour[3] if fraction == ".000000" else head + fraction + hour[3]


def local_seconds(stored: object) -> str | None:
    """The same, to the second (`isoformat(timespec="seconds")`)."""
    hour = _whole_hour(stored)
    if hour is not None and isinstance(stored, str):
        return hour[0] + stored[13:19] + hour[3]
    head, hour = _clock(stored)
    if head is None or hour is None:
        return _exact(stored, "seconds")
    return head + hour[3]


def local_day(stored: object) -> str | None:
    """The local date of a stored moment, 'YYYY-MM-DD' (asked of every session when they
    are summed up by day: the shortest way through)."""
    if _canonical(stored):
        key = stored[:13]
        hour = _hours[key] if key in _hours else _hour(key)
        if hour is not None:
            if not hour[1]:
                return hour[4]
            minute = stored[14:16]
            if minute.isascii() and minute.isdigit():
                return hour[4] if int(minute) + hour[1] < 60 else hour[5]
    shown = _exact(stored, "auto")
    return shown[:10] if shown else None


def _whole_hour(stored: object) -> Hour:
    """The hour of a canonical stored moment when its offset is whole hours (the local
    minutes and seconds are the stored ones), else None: `_clock` then works it out. Asked
    twice a session for a million sessions: `_canonical` written out here."""
    if type(stored) is not str or _CANONICAL(stored) is None:
        return None
    try:
        hour = _hours[stored[:13]]
    except KeyError:
        hour = _hour(stored[:13])
    return hour if hour is not None and not hour[1] else None


def _clock(stored: object) -> tuple[str | None, Hour]:
    """The local 'YYYY-MM-DDTHH:MM:SS' of a canonical stored moment in an hour of one
    offset, and that hour; (None, None) otherwise."""
    if not _canonical(stored):
        return None, None  # worked out the slow way (or not at all)
    key = stored[:13]
    hour = _hours[key] if key in _hours else _hour(key)
    if hour is None:
        return None, None
    if not hour[1]:
        return hour[0] + stored[13:19], hour
    minute = stored[14:16]
    if not (minute.isascii() and minute.isdigit()):
        return None, None
    minute_then = int(minute) + hour[1]
    if minute_then < 60:
        return f"{hour[0]}:{minute_then:02d}{stored[16:19]}", hour
    return f"{hour[2]}:{minute_then - 60:02d}{stored[16:19]}", hour


def _canonical(stored: object) -> TypeGuard[str]:
    """Whether a stored moment looks as `stored_time` writes it (its hour's date is checked
    when the hour is worked out)."""
    return type(stored) is str and _CANONICAL(stored) is not None


# As `stored_time` writes a moment, with a real minute and second (review 16, R18: the short
# ways took ':60' as a minute, and counted a session whose start Python cannot read): any
# other text is worked out the slow way, or not at all. One match costs a third of the
# checks written out one by one.
_CANONICAL = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-5][0-9]:[0-5][0-9]\.[0-9]{6}\+00:00"
).fullmatch


def _hour(key: str) -> Hour:
    """Work out a UTC hour ('2026-07-01T06'), and keep it."""
    hour: Hour = None
    try:
        start = datetime.fromisoformat(key + ":00:00+00:00")
        first = start.astimezone()
        last = (start + _HOUR - timedelta(microseconds=1)).astimezone()
        offset = first.utcoffset()
        if offset is not None and offset == last.utcoffset() and not offset % _MINUTE:
            shown, later = first.isoformat(), (first + _HOUR).isoformat()
            hour = (shown[:13], first.minute, later[:13], shown[19:], shown[:10], later[:10])
    except (ValueError, OverflowError):
        pass
    _hours[key] = hour
    return hour


_MINUTE = timedelta(minutes=1)


def _exact(stored: object, timespec: str) -> str | None:
    """A moment worked out on its own, the slow way."""
    try:
        return local_time(stored).isoformat(timespec=timespec)
    except ValueError:
        return None


def _round(value: object, digits: object) -> float | None:
    if isinstance(value, int | float) and isinstance(digits, int):
        return round(float(value), digits)
    return None


_SHAPE = "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]" + (
    ".[0-9][0-9][0-9][0-9][0-9][0-9]+00:00"
)


def readable(column: str) -> str:
    """SQL: whether a stored moment is exactly as `stored_time` writes it, a real date and
    time that every zone can show (so that the functions above take their short way and the
    slow one could not say otherwise). In SQL alone: a third of the time of asking Python."""
    return (
        f"({column} GLOB '{_SHAPE}' AND substr({column}, 12, 2) < '24'"
        f" AND date(substr({column}, 1, 10)) IS substr({column}, 1, 10)"
        f" AND {column} BETWEEN '0002' AND '9998-12-31')"
    )


def text(column: str) -> str:
    """SQL for a stored moment's local time, as `local_time(...).isoformat()`."""
    return f"{TEXT}({column})"


def seconds(column: str) -> str:
    """SQL for a stored moment's local time to the second."""
    return f"{SECONDS}({column})"


def day(column: str) -> str:
    """SQL for a stored moment's local date."""
    return f"{DAY}({column})"


def rounded(expression: str, digits: int) -> str:
    """SQL for Python's round(EXPRESSION, DIGITS). A whole number (most sessions' seconds)
    is itself as a float, without a call into Python for each row."""
    if digits < 0:
        return f"{ROUND}({expression}, {digits})"
    return (
        f"CASE WHEN typeof({expression}) IN ('integer', 'real')"
        f" AND {expression} = CAST({expression} AS INTEGER)"
        f" THEN CAST({expression} AS REAL) ELSE {ROUND}({expression}, {digits}) END"
    )
