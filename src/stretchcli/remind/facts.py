"""What the history says about reminders: the last session, the last reminder that counts,
the latest snooze, and whether a session is running (for `decide`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from stretchcli.history.store import History
from stretchcli.remind.schedule import Due, Facts, Schedule, decide, schedule_from
from stretchcli.words import EVERY

if TYPE_CHECKING:
    from stretchcli.files.config import Config

# A reminder counts as an anchor for the next one when it was shown (and however it was
# answered but snoozed); a snooze moves the next one instead.
ANCHORS = ("waiting", "started", "skipped", "no answer", "shown", "failed")


def configured(config: Config) -> Schedule:
    """The schedule the config sets."""
    return schedule_from(
        config.remind_every, config.remind_between, config.remind_days, config.remind_routine
    )


def due_now(schedule: Schedule, history: History) -> Due:
    """Whether a reminder is due now (by the history's clock), and else when it will be."""
    return decide(schedule, gather(history), _naive(history.now()))


def gather(history: History) -> Facts:
    """The facts `decide` needs, from the history (naive local times)."""
    now = history.now()
    latest = history.latest()
    running = latest is not None and latest.status == "running"
    last_session = None
    if latest is not None:
        last_session = _naive(latest.ended_at or latest.started_at)
    # Nothing older than the longest interval can still decide anything.
    recent = history.reminders(since=now - timedelta(minutes=EVERY[1] + 60))
    anchors = [r.at for r in recent if r.outcome in ANCHORS]
    last_reminder = _naive(max(anchors)) if anchors else None
    newest_anchor = max(t for t in (last_session, last_reminder, datetime.min) if t)
    snoozed_until = max(
        (
            _naive(r.until)
            for r in recent
            if r.outcome == "snoozed" and r.until and _naive(r.at) >= newest_anchor
        ),
        default=None,
    )
    return Facts(last_session, last_reminder, snoozed_until, running)


def _naive(moment: datetime) -> datetime:
    """A local time without its zone, as the schedule's hours are."""
    return moment.replace(tzinfo=None)
