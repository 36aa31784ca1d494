"""When a reminder is due: the schedule (its words are read by `stretchcli.words`), and the
rule, as pure functions of what happened and the time now.

Moments are aware datetimes (a naive one is a local time): intervals are counted in real
time, so that an hour the clocks go back is not counted twice, and the working hours and
days are read on the local clock, with the offset each moment has in the process's zone.

Imports only the standard library's light modules: `stretch due` runs on every prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from stretchcli.text import time_of_day, weekday
from stretchcli.words import (
    ScheduleError,
    parse_between,
    parse_days,
    parse_every,
    parse_pause,
)

NOTIFICATION_SNOOZE = 10  # minutes: the notification's "Snooze 10 min"

State = Literal["due", "later", "snoozed", "running"]


@dataclass(frozen=True)
class Schedule:
    """When to remind: every `every` minutes, from `start` to `end` (an end before the start
    runs past midnight), on `days` (0 is Monday); `pause` minutes away count as a break."""

    every: int
    start: time
    end: time
    days: frozenset[int]
    routine: str
    pause: int = 5

    def opens(self, day: date) -> datetime | None:
        """When the window starting on `day` opens (None if `day` is not a working day)."""
        if day.weekday() not in self.days:
            return None
        return datetime.combine(day, self.start)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The working window that starts on `day`, naive local times, or None."""
        opens = self.opens(day)
        if opens is None:
            return None
        closes = datetime.combine(day, self.end)
        if closes <= opens:
            closes += timedelta(days=1)
        return opens, closes

    def window_at(self, moment: datetime) -> tuple[datetime, datetime] | None:
        """The working window `moment` (naive local) falls in, or None outside them."""
        for back in (1, 0):
            window = self.window(moment.date() - timedelta(days=back))
            if window and window[0] <= moment < window[1]:
                return window
        return None

    def first_open(self, moment: datetime) -> tuple[datetime, tuple[datetime, datetime]]:
        """The first moment at or after `moment` inside working hours, and its window (aware
        moments)."""
        wall = local_wall(moment)
        window = self.window_at(wall)
        if window:
            return moment, _moments(window)
        for ahead in range(0, 8):
            window = self.window(wall.date() + timedelta(days=ahead))
            if window and window[0] >= wall:
                return window[0].astimezone(), _moments(window)
        raise ScheduleError("no working day in the schedule")  # days is never empty


def local_wall(moment: datetime) -> datetime:
    """What the local clock shows at `moment` (naive; a naive moment is that already)."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def real(moment: datetime) -> datetime:
    """A moment in UTC, to count real time from (a naive one is taken as local time)."""
    return moment.astimezone(UTC)


def later(moment: datetime, minutes: float) -> datetime:
    """`minutes` of real time after `moment`, as the local clock then says it (aware)."""
    return (real(moment) + timedelta(minutes=minutes)).astimezone()


def _moments(window: tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    return window[0].astimezone(), window[1].astimezone()


@dataclass(frozen=True)
class Facts:
    """What the history says: the last session (its end, or its start while it has none),
    the last reminder that counts (shown, started, skipped or unanswered), the latest
    snooze's end, and whether a session is running now; and what the checks saw: when the
    person last came back from a natural break."""

    last_session: datetime | None = None
    last_reminder: datetime | None = None
    snoozed_until: datetime | None = None
    running: bool = False
    returned: datetime | None = None


@dataclass(frozen=True)
class Due:
    """The answer: the state now, when the next reminder comes, and the working window it
    falls in (aware moments, with their local offsets)."""

    state: State
    next_at: datetime
    window: tuple[datetime, datetime]

    def minutes_left(self, now: datetime) -> int:
        """Whole minutes until the next reminder (rounded up; 0 when due)."""
        return max(0, -(-int((real(self.next_at) - real(now)).total_seconds()) // 60))


def decide(schedule: Schedule, facts: Facts, now: datetime) -> Due:
    """Whether a reminder is due at `now`, and else when it will be.

    Due when the interval has passed since the last session, the last reminder or the
    return from the last natural break (or there has been none), inside the working hours
    and days, after any snooze, and with no session running. A snooze never brings a
    reminder forward.
    """
    moments = (facts.last_session, facts.last_reminder, facts.returned)
    anchors = [real(t) for t in moments if t is not None]
    candidate = max(anchors) + timedelta(minutes=schedule.every) if anchors else real(now)
    until = real(facts.snoozed_until) if facts.snoozed_until is not None else None
    snoozed = until is not None and until > candidate
    if snoozed and until is not None:
        candidate = until
    next_at, window = schedule.first_open(max(candidate, real(now)).astimezone())
    if facts.running:
        return Due("running", next_at, window)
    if next_at <= real(now) and window[0] <= real(now) < window[1]:
        return Due("due", next_at, window)
    return Due("snoozed" if snoozed else "later", next_at, window)


def schedule_from(every: str, between: str, days: str, routine: str, pause: str = "5m") -> Schedule:
    """A Schedule from its words (a ScheduleError names the first one that is wrong)."""
    start, end = parse_between(between)
    return Schedule(parse_every(every), start, end, parse_days(days), routine, parse_pause(pause))


def when(due: Due, now: datetime) -> str:
    """When the next reminder comes, in words: 'at 14:20 (in 12 min)', 'tomorrow at 09:00',
    'Mon 2 Nov at 09:00'."""
    if due.state == "running":
        return "a session is running"
    if due.state == "due":
        return "due now"
    at, today = local_wall(due.next_at), local_wall(now).date()
    if at.date() == today:
        phrase = f"at {time_of_day(at)} (in {due.minutes_left(now)} min)"
    elif at.date() == today + timedelta(days=1):
        phrase = f"tomorrow at {time_of_day(at)}"
    else:
        phrase = f"{weekday(at)} at {time_of_day(at)}"
    return ("snoozed: " if due.state == "snoozed" else "") + phrase
