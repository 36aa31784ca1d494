"""Rules of time that the history keeps to: what moment a person can have lived, and where
a local day starts. No I/O; the standard library only."""

from __future__ import annotations

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


def day_start(day: date) -> datetime:
    """The first moment of a local day in the process's zone (the user's), with its offset
    then (where the clocks skip midnight, the moment they skip to)."""
    return datetime.combine(day, time()).astimezone()
