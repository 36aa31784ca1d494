"""Whether two TZ values are the same zone: what they do, not how they are spelt. `Japan`,
`Asia/Tokyo` and `:Asia/Tokyo` are one zone, as are `TZ=UTC` and no TZ on a system whose zone
is UTC; Europe/Berlin and America/New_York are not, nor are two zones whose summer time
starts on other days."""

from __future__ import annotations

import time
from collections.abc import Sequence

from stretchcli.remind.check_zone import check_zone

DAY = 24 * 60 * 60
SPAN_DAYS = 2 * 366  # chosen: two years from now, every summer time change in them
STEP = 60  # seconds: changes of offset fall on whole minutes (most on whole hours)


def same_zone(first: str, second: str, now: float) -> bool:
    """Whether the zones of TZ values `first` and `second` ('' for the system's zone) give
    the same offset from UTC at every minute of the two years from `now`, each read as the
    C library of the check's process reads it."""
    if first == second:
        return True
    start = int(now) - int(now) % DAY
    days = [start + day * DAY for day in range(SPAN_DAYS + 1)]
    offsets = _offsets(first, days)
    if offsets != _offsets(second, days):
        return False
    # The same offset each day: a change on the same days; its minute may still differ.
    for number, day in enumerate(days[:-1]):
        if offsets[number] != offsets[number + 1]:
            minutes = range(day, day + DAY, STEP)
            if _offsets(first, minutes) != _offsets(second, minutes):
                return False
    return True


def moved_to(theirs: str | None, here: str, now: float) -> str | None:
    """The zone the installed check runs in (`theirs`, its TZ value; None: not known) when
    it is another zone than `here`, this command's, at `now`; else None. What a command says
    of the next reminder is worked out there (`check_zone`), as the check works it out."""
    if theirs is None or same_zone(theirs, here, now):
        return None
    return theirs


def _offsets(zone: str, moments: Sequence[int]) -> list[int]:
    """The offsets from UTC (seconds east) of `zone` at each of `moments`."""
    with check_zone(zone):
        return [time.localtime(moment).tm_gmtoff for moment in moments]
