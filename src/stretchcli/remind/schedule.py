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

from stretchcli.moments import first_shown, local_wall
from stretchcli.remind.rule import due_at
from stretchcli.text import time_of_day, weekday_dated
from stretchcli.words import (
    NO_WORKING_DAY,
    Hours,
    ScheduleError,
    parse_days,
    parse_every,
    parse_hours,
    parse_pause,
    parse_times,
    working_days,
)

NOTIFICATION_SNOOZE = 10  # minutes: the notification's "Snooze 10 min"
# Chosen: a session or a reminder in the half hour before a fixed time answers it (a
# reminder at 10:30 right after a stretch at 10:15 would only get in the way).
FIXED_GRACE = timedelta(minutes=30)
# Chosen: after a reminder that could not be shown (no notification server: D-Bus restarting,
# a locked session's bus, SSH), the check tries again this long after, not at every check: a
# passing failure is over by then, and a lasting one puts an error in the scheduler's log
# every quarter of an hour rather than every 5 minutes. It is still due meanwhile.
RETRY = timedelta(minutes=15)

State = Literal["due", "later", "snoozed", "running"]


@dataclass(frozen=True)
class Schedule:
    """When to remind: every `every` minutes, in the working `hours` (by weekday, or the same
    each day; an end before the start runs past midnight), on `days` (0 is Monday); `pause`
    minutes away count as a break; at most `limit` reminders a day (0: no limit); and at
    the fixed times of day `at` too, inside the hours."""

    every: int
    hours: Hours
    days: frozenset[int]
    routine: str
    pause: int = 5
    limit: int = 0
    at: tuple[time, ...] = ()

    def hours_on(self, day: date) -> tuple[time, time] | None:
        """The working hours of `day`, or None when it is not a working day."""
        if day.weekday() not in self.days:
            return None
        for days, start, end in self.hours:
            if days is None or day.weekday() in days:
                return start, end
        return None

    def opens(self, day: date) -> datetime | None:
        """When the window starting on `day` opens (None if `day` is not a working day)."""
        hours = self.hours_on(day)
        return None if hours is None else datetime.combine(day, hours[0])

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The working window that starts on `day`, naive local times, or None."""
        hours = self.hours_on(day)
        if hours is None:
            return None
        opens, closes = datetime.combine(day, hours[0]), datetime.combine(day, hours[1])
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

    def day_began(self, now: datetime) -> datetime:
        """When the working day `now` is in began (aware): the opening of the window it is
        in (hours past midnight stay one day), else the start of the local day."""
        window = self.window_at(local_wall(now))
        return aware(window[0] if window else datetime.combine(local_wall(now).date(), time()))

    def next_day(self, now: datetime) -> datetime:
        """When the next working day's hours begin (aware): after the window `now` is in,
        else the first window opening on a later date than today."""
        wall = local_wall(now)
        window = self.window_at(wall)
        after = window[1] if window else datetime.combine(wall.date() + timedelta(days=1), time())
        for ahead in range(0, 9):
            opens = self.opens(after.date() + timedelta(days=ahead))
            if opens is not None and opens >= after:
                return aware(opens)
        raise ScheduleError(NO_WORKING_DAY)  # schedule_from makes none without one

    def fixed(self, answered: datetime | None, now: datetime) -> datetime | None:
        """The first fixed time still to remind at (aware): one inside working hours whose
        window is still open at `now`, with no session or reminder (`answered`, the latest)
        from `FIXED_GRACE` before it on."""
        today = local_wall(now).date()
        for ahead in range(-1, 9):
            day = today + timedelta(days=ahead)
            for at in self.at:
                wall = datetime.combine(day, at)
                window = self.window_at(wall)
                if window is None or window[1] <= local_wall(now):
                    continue
                moment = aware(wall)
                if answered is None or real(answered) < real(moment) - FIXED_GRACE:
                    return moment
        return None

    def first_open(self, moment: datetime) -> tuple[datetime, tuple[datetime, datetime]]:
        """The first moment at or after `moment` inside working hours, and its window (aware
        moments). A window is the real time from the first moment its start is shown to the
        first its end is: an hour the clocks show again is outside it (it was lived once),
        and a window they skip whole is none, so the moment is never one already past, nor
        one at which the window is shut (`due_at` finds it due there)."""
        wall = local_wall(moment)
        for ahead in range(-1, 9):
            window = self.window(wall.date() + timedelta(days=ahead))
            if window is None:
                continue
            opens, closes = _moments(window)
            if real(moment) < real(closes) and real(opens) < real(closes):
                return max(moment, opens, key=real), (opens, closes)
        raise ScheduleError(NO_WORKING_DAY)  # schedule_from makes none without one


def aware(wall: datetime) -> datetime:
    """The moment the local clock shows `wall` (naive), with its offset: `moments.first_shown`
    (a time the clock skips is the first moment after the gap, one it shows twice the first
    of the two), as `--since` reads a day's start."""
    return first_shown(wall)


def real(moment: datetime) -> datetime:
    """A moment in UTC, to count real time from (a naive one is taken as local time)."""
    return moment.astimezone(UTC)


def later(moment: datetime, minutes: float) -> datetime:
    """`minutes` of real time after `moment`, as the local clock then says it (aware)."""
    return (real(moment) + timedelta(minutes=minutes)).astimezone()


def _moments(window: tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    return aware(window[0]), aware(window[1])


@dataclass(frozen=True)
class Facts:
    """What the history says: the last session (its end, or its start while it has none),
    the last reminder that counts (shown, started, skipped or unanswered), the latest
    snooze's end, and whether a session is running now; and what the checks saw: when the
    person last came back from a natural break; and how many reminders were shown today; and
    the time of the latest reminder that could not be shown, after the last one that counts
    and the last session (it is no anchor: the reminder is still due)."""

    last_session: datetime | None = None
    last_reminder: datetime | None = None
    snoozed_until: datetime | None = None
    running: bool = False
    returned: datetime | None = None
    shown_today: int = 0
    failed: datetime | None = None  # the latest that could not be shown, after those that count


@dataclass(frozen=True)
class Due:
    """The answer: the state now, when the next reminder comes, and the working window it
    falls in (aware moments, with their local offsets); when due, the time of a reminder
    that could not be shown, while the check waits to try again."""

    state: State
    next_at: datetime
    window: tuple[datetime, datetime]
    failed: datetime | None = None  # due, but one could not be shown less than RETRY ago

    def retry_at(self) -> datetime | None:
        """When the check tries again to show a due reminder that could not be shown (None:
        at the next check)."""
        return None if self.failed is None else later(self.failed, RETRY.total_seconds() / 60)

    def minutes_left(self, now: datetime) -> int:
        """Whole minutes until the next reminder (rounded up; 0 when due)."""
        return max(0, -(-int((real(self.next_at) - real(now)).total_seconds()) // 60))


def decide(schedule: Schedule, facts: Facts, now: datetime) -> Due:
    """Whether a reminder is due at `now`, and else when it will be.

    Due when the interval has passed since the last session, the last reminder or the
    return from the last natural break (or there has been none), or at a fixed time; inside
    the working hours and days, after any snooze, with no session running, and while
    today's reminders are fewer than the daily limit (else tomorrow). A snooze never brings
    a reminder forward; a reminder that could not be shown is not an anchor, the check only
    waits RETRY before trying again.
    """
    moments = (facts.last_session, facts.last_reminder, facts.returned)
    # To the minute: a reminder is recorded a few seconds after the check that showed it
    # began, and the check 50 minutes later must not miss it by those seconds.
    anchors = [real(t).replace(second=0, microsecond=0) for t in moments if t is not None]
    candidate = max(anchors) + timedelta(minutes=schedule.every) if anchors else real(now)
    fixed = schedule.fixed(max(anchors) if anchors else None, now)
    if fixed is not None:
        candidate = min(candidate, real(fixed))
    until = real(facts.snoozed_until) if facts.snoozed_until is not None else None
    snoozed = until is not None and until > candidate
    if snoozed and until is not None:
        candidate = until
    if schedule.limit and facts.shown_today >= schedule.limit:
        candidate = max(candidate, real(schedule.next_day(now)))
    next_at, window = schedule.first_open(max(candidate, real(now)).astimezone())
    if facts.running:
        return Due("running", next_at, window)
    if due_at(*(t.timestamp() for t in (next_at, *window, now))):
        failed = facts.failed
        waits = failed is not None and real(now) < real(failed) + RETRY
        return Due("due", next_at, window, failed if waits else None)
    return Due("snoozed" if snoozed else "later", next_at, window)


def schedule_from(
    every: str,
    between: str,
    days: str,
    routine: str,
    pause: str = "5m",
    limit: int = 0,
    at: str = "",
) -> Schedule:
    """A Schedule from its words (a ScheduleError names the first one that is wrong)."""
    hours = parse_hours(between)
    schedule = Schedule(
        parse_every(every),
        hours,
        parse_days(days),
        routine,
        parse_pause(pause),
        limit,
        parse_times(at),
    )
    if not working_days(hours, schedule.days):
        raise ScheduleError(NO_WORKING_DAY)
    return schedule


def when(due: Due, now: datetime) -> str:
    """When the next reminder comes, in words: 'at 14:20 (in 12 min)', 'tomorrow at 09:00',
    'Mon 2 Nov at 09:00'."""
    if due.state == "running":
        return "a session is running"
    if due.state == "due":
        return f"due now ({retrying(due, now)})" if due.failed else "due now"
    if local_wall(due.next_at).date() == local_wall(now).date():
        phrase = f"at {time_of_day(due.next_at.astimezone())} (in {due.minutes_left(now)} min)"
    else:
        phrase = day_and_time(due.next_at, now)
    return ("snoozed: " if due.state == "snoozed" else "") + phrase


def retrying(due: Due, now: datetime) -> str:
    """'the last reminder could not be shown at 02:27: trying again at 02:42'."""
    failed, again = due.failed, due.retry_at()
    if failed is None or again is None:
        return ""
    shown = f"the last reminder could not be shown at {at_words(failed, now)}"
    return f"{shown}: trying again at {at_words(again, now)}"


def snoozed_until(until: datetime, now: datetime) -> str:
    """How every snooze is said: 'snoozed until 14:20', 'snoozed until tomorrow at 09:00'."""
    return f"snoozed until {at_words(until, now)}"


def at_words(moment: datetime, now: datetime) -> str:
    """A moment in words, its day said when it is not today: '14:20', 'tomorrow at 09:00'."""
    if local_wall(moment).date() == local_wall(now).date():
        return time_of_day(moment.astimezone())
    return day_and_time(moment, now)


def day_and_time(moment: datetime, now: datetime) -> str:
    """A moment after today, in words: 'tomorrow at 09:00', 'Mon 2 Nov at 09:00', its year
    said when it is not this one: 'Thu 1 Jan 2099 at 00:00'."""
    at = moment.astimezone()  # its offset shown where the clock shows its time twice
    today = local_wall(now).date()
    if at.date() == today + timedelta(days=1):
        return f"tomorrow at {time_of_day(at)}"
    return f"{weekday_dated(at.date(), today.year)} at {time_of_day(at)}"
