"""The columns of a stored row read back, each strictly: a time (stored in UTC, shown with the
offset it had in the user's zone), one of a set of words, seconds, a rating, text, a count, a
JSON column. A column that is not what it should be (a history changed by hand, or by an older
stretch) is a ValueError, which the store turns into a warning and a row left out.
No I/O; the standard library only.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, tzinfo
from typing import TypeVar

from stretchcli.exported import MAX_SESSION_SECONDS

T = TypeVar("T", bound=str)


def stored_time(moment: datetime) -> str:
    """A time as stored: UTC, so that text order is time order whatever the time zone."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


_DATED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def local_time(text: object, local: tzinfo | None = None) -> datetime:
    """A stored time (UTC, or with its offset from before version 4) with the offset it had
    in the zone `local` (a zoneinfo zone), or in the process's zone (the user's) when None:
    each moment its own offset, summer's in summer, never today's. A ValueError for a time
    that is not one, or that not every zone can show (years 2 to 9998 only: the year 9999
    ahead of UTC, or the year 1 behind it, is none)."""
    if not isinstance(text, str):
        raise ValueError(f"not a date: {text!r}")
    if not _DATED.match(text):  # as SQL sorts them: the date written out, as stored_time has it
        raise ValueError(f"not a date written as YYYY-MM-DD: {text!r}")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not 2 <= utc.year <= 9998:
        raise ValueError(f"{text} cannot be shown in every zone (years 2 to 9998 can)")
    return moment.astimezone(local)


def choice(value: object, allowed: tuple[T, ...]) -> T:
    """The one of `allowed` that a stored text is."""
    for chosen in allowed:
        if chosen == value:
            return chosen
    raise ValueError(f"not one of {', '.join(allowed)}: {value!r}")


def seconds(value: object) -> float:
    """A number of seconds a run can take (0 to its 16 hours at most)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a number of seconds: {value!r}")
    if not 0 <= value <= MAX_SESSION_SECONDS:
        raise ValueError(f"not a number of seconds from 0 to {MAX_SESSION_SECONDS}: {value!r}")
    return float(value)


def rating(value: object) -> int | None:
    """A rating from 0 to 10 (pain, difficulty), or None for none given."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"not a rating from 0 to 10: {value!r}")
    return value


def stored_json(text: object) -> object:
    """The value of a JSON column; a ValueError if it is not JSON text (bytes are not), or
    nests too deep to read (a file changed by hand: json would run out of stack)."""
    try:
        return json.loads(stored_text(text))
    except RecursionError:
        raise ValueError("its JSON nests too deep to read") from None


def stored_text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"not text: {value!r}")
    return value


def optional_text(value: object) -> str | None:
    return None if value is None else stored_text(value)


def whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a whole number: {value!r}")
    return value
