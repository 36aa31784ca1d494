"""The sessions of a period summed up week by week (Monday to Sunday): how many counted, their
minutes, the average pain and difficulty. Pure; used by `stretch history` and the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stretchcli.records import Session


def mean(values: Sequence[float]) -> float | None:
    """The average to one decimal, or None when there is nothing to average."""
    return round(sum(values) / len(values), 1) if values else None


@dataclass(frozen=True)
class Week:
    """One calendar week (Monday to Sunday) of the period; `days` of it fall in the period
    (fewer than seven for a week the period starts in the middle of, or this week)."""

    monday: date
    days: int
    sessions: int  # sessions that count: completed, or at least one exercise done
    minutes: float
    pain_before: float | None  # averages over the sessions rated
    pain_after: float | None
    difficulty: float | None


def by_week(sessions: Sequence[Session], start: date, today: date) -> list[Week]:
    """The calendar weeks from `start`'s to `today`'s, each with its sessions summed up."""
    weeks = []
    monday = start - timedelta(days=start.weekday())
    while monday <= today:
        sunday = monday + timedelta(days=6)
        days = (min(sunday, today) - max(monday, start)).days + 1
        these = [s for s in sessions if monday <= s.started_at.date() <= sunday]
        weeks.append(
            Week(
                monday=monday,
                days=days,
                sessions=sum(s.counts() for s in these),
                minutes=round(sum(s.seconds for s in these) / 60, 1),
                pain_before=mean([s.pain_before for s in these if s.pain_before is not None]),
                pain_after=mean([s.pain_after for s in these if s.pain_after is not None]),
                difficulty=mean([s.difficulty for s in these if s.difficulty is not None]),
            )
        )
        monday += timedelta(weeks=1)
    return weeks
