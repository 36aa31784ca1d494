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


def settle_zone(environ: MutableMapping[str, str]) -> None:
    """Make the process's zone one that every date can be shown in. The C library takes
    `TZ=UTC+24:30` or `XXX-99:99` (offsets of a day or more, which no zone has and which
    datetime cannot hold); such a zone is used as the C library uses one it cannot read at
    all (`TZ=garbage`): as UTC."""
    if abs(time.timezone) < DAY and abs(time.altzone) < DAY:
        return
    environ["TZ"] = "UTC"
    time.tzset()


def wall(environ: Mapping[str, str]) -> Callable[[], datetime]:
    """The local date and time, now, with the offset it has in the process's zone."""
    from datetime import datetime

    seconds = wall_seconds(environ)
    return lambda: datetime.fromtimestamp(seconds()).astimezone()
