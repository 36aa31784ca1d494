"""The wall clock, made in one place.

It is the system's, except in the test suite: there `STRETCH_TEST_CLOCK` holds a moment (ISO
8601 with its offset) at which the clock of every `stretch` process starts, and from which it
runs on with the monotonic clock. A test's subprocess then never depends on the hour, the day
or the date it runs on. The zone is the process's own (`TZ`), as for any program.

This module imports nothing but the standard library's time: `stretch due` reads it on every
shell prompt.
"""

from __future__ import annotations

import time

TYPE_CHECKING = False  # not typing's: importing typing costs `stretch due` a tenth of its time
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, MutableMapping
    from datetime import datetime
    from typing import NoReturn

TEST_CLOCK = "STRETCH_TEST_CLOCK"
# chosen: the years the test clock may show, with room around every date worked out from it
# (a report's weeks, a streak, the calendar) that datetime can still hold
FIRST_YEAR, LAST_YEAR = 1971, 2999


def wall_seconds(environ: Mapping[str, str]) -> Callable[[], float]:
    """Seconds since the epoch, now: the system's clock, or the test suite's."""
    given = environ.get(TEST_CLOCK)
    if not given:
        return time.time
    began = time.monotonic()
    return lambda: _start(given) + (time.monotonic() - began)


def _start(given: str) -> float:
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(given)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        _refuse(f"expected a moment with its offset, got {given!r}")
    elif not FIRST_YEAR <= moment.year <= LAST_YEAR:
        _refuse(f"expected a moment from {FIRST_YEAR} to {LAST_YEAR}, got {given!r}")
    return moment.timestamp()


def _refuse(why: str) -> NoReturn:
    from stretchcli.errors import StretchError

    raise StretchError(f"{TEST_CLOCK}: {why}", f"unset {TEST_CLOCK}; it is for the test suite only")


DAY = 86400  # seconds: a zone's offset from UTC is less than a day (what datetime can hold)
# The offsets from UTC (seconds east) that a zone can have and an export can carry: whole
# minutes from -12:00 to +14:00 (`exported.zone_offset` reads them; a test ties the two).
OFFSETS = (-12 * 3600, 14 * 3600)


def usable_offset(east: int) -> bool:
    """Whether a zone's offset from UTC (seconds east) is one a zone has: whole minutes from
    -12:00 to +14:00."""
    return east % 60 == 0 and OFFSETS[0] <= east <= OFFSETS[1]


def settle_zone(environ: MutableMapping[str, str]) -> None:
    """Make the process's zone one whose every moment can be shown, exported and imported.
    The C library takes `TZ=UTC+24:30`, `XXX-99:99` (a day or more, which datetime cannot
    hold), `UTC-14:59:59` or `<+1430>-14:30` (offsets no zone has, which an import refuses);
    such a zone is used as the C library uses one it cannot read at all (`TZ=garbage`): as
    UTC."""
    offsets = [-time.timezone, -time.altzone, *_posix_offsets(environ.get("TZ", ""))]
    if all(usable_offset(east) for east in offsets):
        return
    environ["TZ"] = "UTC"
    time.tzset()


def _posix_offsets(zone: str) -> list[int]:
    """The offsets from UTC (seconds east) that a POSIX TZ string (`std offset [dst [offset]
    [,rule]]`) gives its standard and its summer time, read as the C library reads them;
    none for a zone file's name. Summer time may fall in neither January nor July, where
    `time.altzone` looks."""
    std, rest = _posix_name(zone)
    west, rest = _posix_offset(rest) if std else (None, rest)
    if west is None:
        return []
    dst, rest = _posix_name(rest)
    if not dst:
        return [-west]
    summer, _ = _posix_offset(rest)
    return [-west, -west + 3600 if summer is None else -summer]


def _posix_name(text: str) -> tuple[str, str]:
    """A zone abbreviation (`CET`, `<+1430>`) at the start of `text`, and what follows."""
    if text.startswith("<"):
        end = text.find(">")
        return ("", text) if end < 0 else (text[: end + 1], text[end + 1 :])
    letters = 0
    while letters < len(text) and text[letters].isascii() and text[letters].isalpha():
        letters += 1
    return (text[:letters], text[letters:]) if letters >= 3 else ("", text)


def _posix_offset(text: str) -> tuple[int | None, str]:
    """An offset `[+-]hh[:mm[:ss]]` (seconds west, as POSIX writes it) at the start of
    `text`, each part capped as the C library caps it, and what follows."""
    sign = -1 if text[:1] == "-" else 1
    rest = text[1:] if text[:1] in ("+", "-") else text
    parts: list[int] = []
    while len(parts) < 3:
        digits = 0
        while digits < len(rest) and rest[digits] in "0123456789":
            digits += 1
        if not digits:
            break
        parts.append(int(rest[:digits]) if digits < 10 else 10**9)  # capped below anyway
        rest = rest[digits:]
        if len(parts) == 3 or not rest.startswith(":") or rest[1:2] not in tuple("0123456789"):
            break
        rest = rest[1:]
    if not parts:
        return None, text
    hours, minutes, seconds = (*parts, 0, 0)[:3]
    return sign * (min(hours, 24) * 3600 + min(minutes, 59) * 60 + min(seconds, 59)), rest


def wall(environ: Mapping[str, str]) -> Callable[[], datetime]:
    """The local date and time, now, with the offset it has in the process's zone."""
    from datetime import datetime

    seconds = wall_seconds(environ)
    return lambda: datetime.fromtimestamp(seconds()).astimezone()
