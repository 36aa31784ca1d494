"""What the history says about reminders: the last session, the last reminder that counts,
the latest snooze, and whether a session is running; and what the checks saw: the last
return from a natural break (for `decide`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from stretchcli.history import run_mark
from stretchcli.history.store import History
from stretchcli.moments import unsnoozed
from stretchcli.remind import failures, presence_log
from stretchcli.remind.presence import as_checked, returned, steady_until
from stretchcli.remind.schedule import (
    Due,
    Facts,
    Schedule,
    decide,
    real,
    schedule_from,
)
from stretchcli.remind.texts import CHECK_MINUTES
from stretchcli.words import EVERY

if TYPE_CHECKING:
    from stretchcli.files.config import Config

# A reminder counts as an anchor for the next one when it was shown (and however it was
# answered but snoozed); a snooze moves the next one instead. One that could not be shown
# ("failed") was never seen: it is no anchor, the check only waits a while to try again.
ANCHORS = ("waiting", "started", "skipped", "no answer", "shown")


def configured(config: Config) -> Schedule:
    """The schedule the config sets."""
    return schedule_from(
        config.remind_every,
        config.remind_between,
        config.remind_days,
        config.remind_routine,
        config.remind_pause,
        config.remind_limit,
        config.remind_at,
    )


def due_now(schedule: Schedule, history: History, asked: bool = False) -> Due:
    """Whether a reminder is due now (by the history's clock), and else when it will be.
    `asked`: by the person (`stretch due`, `stretch remind`), answered as a check at this
    moment decides, one that sees them at the screen (`presence.as_checked`)."""
    return decide(schedule, gather(history, schedule, asked), history.now())


def first_ahead(history: History) -> datetime | None:
    """The first session, reminder or check recorded ahead of the history's clock (a clock
    that was wrong, or set back since): what `decide` leaves out now and counts once the
    clock reaches it; None when nothing is ahead."""
    now = history.now()
    moments = [s.started_at for s in history.sessions(since=now)]
    latest = history.latest()  # started by now; its end may still be ahead
    if latest is not None and latest.ended_at is not None:
        moments.append(latest.ended_at)
    moments += [r.at for r in history.reminders(since=now)]
    moments += [s.at for s in presence_log.read(history.path.parent)]
    return min((t for t in moments if real(t) > real(now)), key=real, default=None)


# Two checks of a machine that is awake are at most this far apart (the timer's interval,
# and as much again for a slow or late check): a longer gap is a pause (asleep, off).
GAP = timedelta(minutes=2 * CHECK_MINUTES)


def steady(history: History, schedule: Schedule) -> datetime | None:
    """Until when what the checks written so far say for an answer `asked` now holds (None:
    until another check is written): `presence.steady_until`."""
    seen = presence_log.read(history.path.parent)
    return steady_until(seen, timedelta(minutes=schedule.pause), GAP, history.now())


def gather(history: History, schedule: Schedule, asked: bool = False) -> Facts:
    """The facts `decide` needs, from the history and the checks beside it (`asked`: with
    the line a check now would write, seeing the person at the screen)."""
    now = history.now()
    latest = history.latest()
    # Only a run on this machine: one exported or synced while it ran elsewhere holds back
    # nothing here (it counts as a session from its start, below).
    running = history.running_here() or run_mark.starting_here(history.path.parent)
    last_session = None
    if latest is not None:
        # An end the clock has not reached (a wrong clock, another machine's, an import a
        # day ahead) has not happened: until it does, the session counts from its start.
        ended = latest.ended_at
        reached = ended is not None and real(ended) <= real(now)
        last_session = ended if reached else latest.started_at
    # Nothing older than the longest interval, today or a snooze until tomorrow can still
    # decide anything.
    back = max(timedelta(minutes=EVERY[1] + 60), timedelta(hours=26))
    recent = history.reminders(since=now - back, until=now)
    began = real(schedule.day_began(now))
    shown_today = sum(
        1
        for r in recent
        if r.via == "notification" and r.outcome != "failed" and real(r.at) >= began
    )
    anchors = [r.at for r in recent if r.outcome in ANCHORS]
    last_reminder = max(anchors, key=real) if anchors else None
    newest = max((real(t) for t in (last_session, last_reminder) if t), default=None)
    # A snooze no run can have set (stored before the sync refused such lines) holds nothing.
    snoozed_until = max(
        (
            r.until
            for r in recent
            if r.outcome == "snoozed"
            and r.until
            and not unsnoozed(r.at, r.until)
            and (newest is None or real(r.at) >= newest)
        ),
        key=real,
        default=None,
    )
    # This machine's last failure, until a session or a reminder that counts comes after it
    # (one ahead of the clock, the clock set back since, is not waited for).
    failed = failures.last(history.path.parent)
    if failed is not None:
        after = newest is None or real(failed) >= newest
        failed = failed if after and real(failed) <= real(now) else None
    seen = presence_log.read(history.path.parent)
    if asked:
        seen = as_checked(seen, now)
    came_back = returned(seen, timedelta(minutes=schedule.pause), GAP, now)
    return Facts(
        last_session, last_reminder, snoozed_until, running, came_back, shown_today, failed
    )
