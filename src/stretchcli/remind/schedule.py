"""When a reminder is due: the schedule (its words are read by `stretchcli.words`), and the
rule, as pure functions of what happened and the time now.

Imports only the standard library's light modules: `stretch due` runs on every prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from stretchcli.words import (
    ScheduleError,
    parse_between,
    parse_days,
    parse_every,
)

NOTIFICATION_SNOOZE = 10  # minutes: the notification's "Snooze 10 min"

State = Literal["due", "later", "snoozed", "running"]


@dataclass(frozen=True)
class Schedule:
    """When to remind: every `every` minutes, from `start` to `end` (an end before the start
    runs past midnight), on `days` (0 is Monday)."""

    every: int
    start: time
    end: time
    days: frozenset[int]
    routine: str

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
        """The first moment at or after `moment` inside working hours, and its window."""
        window = self.window_at(moment)
        if window:
            return moment, window
        for ahead in range(0, 8):
            window = self.window(moment.date() + timedelta(days=ahead))
            if window and window[0] >= moment:
                return window[0], window
        raise ScheduleError("no working day in the schedule")  # days is never empty


@dataclass(frozen=True)
class Facts:
    """What the history says, as naive local times: the last session (its end, or its
    start while it has none), the last reminder that counts (shown, started, skipped or
    unanswered), the latest snooze's end, and whether a session is running now."""

    last_session: datetime | None = None
    last_reminder: datetime | None = None
    snoozed_until: datetime | None = None
    running: bool = False


@dataclass(frozen=True)
class Due:
    """The answer: the state now, when the next reminder comes, and the working window it
    falls in (naive local times)."""

    state: State
    next_at: datetime
    window: tuple[datetime, datetime]

    def minutes_left(self, now: datetime) -> int:
        """Whole minutes until the next reminder (rounded up; 0 when due)."""
        return max(0, -(-int((self.next_at - now).total_seconds()) // 60))


def decide(schedule: Schedule, facts: Facts, now: datetime) -> Due:
    """Whether a reminder is due at `now` (naive local time), and else when it will be.

    Due when the interval has passed since the last session or the last reminder (or there
    has been neither), inside the working hours and days, after any snooze, and with no
    session running. A snooze never brings a reminder forward.
    """
    anchors = [t for t in (facts.last_session, facts.last_reminder) if t is not None]
    candidate = max(anchors) + timedelta(minutes=schedule.every) if anchors else now
    snoozed = facts.snoozed_until is not None and facts.snoozed_until > candidate
    if snoozed and facts.snoozed_until is not None:
        candidate = facts.snoozed_until
    next_at, window = schedule.first_open(max(candidate, now))
    if facts.running:
        return Due("running", next_at, window)
    if next_at <= now and window[0] <= now < window[1]:
        return Due("due", next_at, window)
    return Due("snoozed" if snoozed else "later", next_at, window)


def schedule_from(every: str, between: str, days: str, routine: str) -> Schedule:
    """A Schedule from its words (a ScheduleError names the first one that is wrong)."""
    start, end = parse_between(between)
    return Schedule(parse_every(every), start, end, parse_days(days), routine)


def when(due: Due, now: datetime) -> str:
    """When the next reminder comes, in words: 'at 14:20 (in 12 min)', 'Mon 09:00'."""
    naive = now.replace(tzinfo=None)
    if due.state == "running":
        return "a session is running"
    if due.state == "due":
        return "due now"
    at = due.next_at
    if at.date() == naive.date():
        phrase = f"at {at:%H:%M} (in {due.minutes_left(naive)} min)"
    elif at.date() == naive.date() + timedelta(days=1):
        phrase = f"tomorrow at {at:%H:%M}"
    else:
        phrase = f"{at:%a %d %b} at {at:%H:%M}"
    return ("snoozed: " if due.state == "snoozed" else "") + phrase
