"""Rules of time that the history keeps to: what moment a person can have lived, and where
a local day starts. No I/O; the standard library only."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

from stretchcli.words import FIRST_DAY

# What a person can have lived: a moment before 2000-01-01 00:00 UTC (chosen: long before
# stretch, and after the 1970 of a clock that lost its battery) or more than a day ahead of
# the clock (another machine's clock may be a little ahead; a day is more than any zone's
# offset) was made by a wrong clock. In UTC, not in the moment's own offset: the history
# stores UTC, so an export of what an import took is taken again (a session at 00:30+01:00
# on 1 Jan 2000 is 23:30 UTC on 31 Dec 1999, and refused saying so); `--since` takes the
# day that moment falls on in the user's zone (`words.first_day`).
EARLIEST = datetime.combine(FIRST_DAY, time(), UTC)
AHEAD = timedelta(days=1)


def unlived(moment: datetime, now: datetime) -> str:
    """Why no one can have lived `moment` by `now` ('' when someone can)."""
    if moment < EARLIEST:  # the same instant whatever its offset: stored and compared in UTC
        return (
            f"{moment.isoformat()} is before {EARLIEST.year} "
            f"({EARLIEST.date().isoformat()} 00:00 UTC, the earliest a session can be)"
        )
    if moment > now + AHEAD:
        return f"{moment.isoformat()} is more than a day ahead of this machine's clock"
    return ""


# Chosen: the longest a snooze can last, from its reminder's time to its end. A run snoozes
# for at most 12 hours (`words.SNOOZE`; a notification's 10 minutes, after up to 5 minutes
# waiting for the answer), or "tomorrow": until the next working day's hours begin, which on
# a schedule of one working day a week is up to 8 days on (said at 00:00, hours opening at
# 23:59 a week later), an hour more the night the clocks go back. 9 days covers every one;
# an end further on (another machine's clock, a damaged line) would silence reminders.
LONGEST_SNOOZE = timedelta(days=9)


def unsnoozed(at: datetime, until: datetime) -> str:
    """Why no run can have snoozed a reminder at `at` until `until` ('' when one can)."""
    if until < at:
        return f"{until.isoformat()} is before the reminder's time ({at.isoformat()})"
    if until - at > LONGEST_SNOOZE:
        return (
            f"{until.isoformat()} is more than {LONGEST_SNOOZE.days} days after the "
            f"reminder's time ({at.isoformat()}), longer than any snooze"
        )
    return ""


def local_wall(moment: datetime) -> datetime:
    """What the local clock shows at `moment` (naive; a naive moment is that already)."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def first_shown(wall: datetime) -> datetime:
    """The first moment the local clock (the process's zone: the user's) shows `wall`
    (naive), with its offset then. A time it shows twice (the clocks going back) is the first
    of the two; a time it skips (springing forward: 00:00 in Havana on 8 Mar 2026, all of 30
    Dec 2011 in Apia) is the first moment after the jump. Every local day, date or time of
    day turned into a moment to count from goes through here."""
    readings = sorted((wall.replace(fold=f).astimezone() for f in (0, 1)), key=_seconds)
    for moment in readings:
        if local_wall(moment) == wall:
            return moment
    # Skipped: the two readings fall either side of the jump (each with the offset of one
    # side of it); the jump is on a whole second, found by halving.
    early, late = math.floor(_seconds(readings[0])), math.ceil(_seconds(readings[1]))
    while late - early > 1:
        middle = (early + late) // 2
        if datetime.fromtimestamp(middle) >= wall:
            late = middle
        else:
            early = middle
    return datetime.fromtimestamp(late).astimezone()


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


def day_start(day: date) -> datetime:
    """The first moment of a local day in the process's zone (the user's), with its offset
    then: its midnight, or where the clocks skip midnight, the moment they skip to; for a
    day the zone skipped whole, the next day's first moment. `--since`'s one bound."""
    return first_shown(datetime.combine(day, time()))


def next_day(day: date) -> date:
    """The local day after `day` on the calendar of the process's zone: the next date, or
    the one after it where the zone skipped a whole day (29 Dec 2011 in Apia: 31 Dec)."""
    return day_start(day + timedelta(days=1)).date()


def day_before(day: date) -> date:
    """The local day before `day` on that calendar (31 Dec 2011 in Apia: 29 Dec)."""
    return (day_start(day) - timedelta(microseconds=1)).astimezone().date()
