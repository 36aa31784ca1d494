"""The report's sessions and reminders, read from the history for the period asked for."""

from __future__ import annotations

from stretchcli.history.store import History
from stretchcli.records import day_start
from stretchcli.report.model import Report, build, parse_since


def collect(history: History, since: str, routine: str | None, goal: int) -> Report:
    """The report from `since` (6w, 30d, a date) to now, of one routine or all; the period
    starts no earlier than the week of the routine's first session."""
    now = history.now()
    start = parse_since(since, now.date())
    moment = day_start(start)
    sessions = history.sessions(since=moment, routine=routine, until=now)
    reminders = history.reminders(since=moment, routine=routine, until=now)
    earliest = history.earliest(routine)
    first = earliest.started_at.date() if earliest else None
    return build(sessions, reminders, start, now, goal, routine, first)
