"""The sessions of a period summed up week by week (Monday to Sunday): how many counted, their
minutes, the average pain and difficulty, from each local day's sums (`records.Day`). Pure;
used by `stretch history` and the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stretchcli.records import Day


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


def sum_days(days: Sequence[Day], day: date | None = None) -> Day:
    """The days' sessions summed up as one day (dated `day`)."""
    total = Day(day or date.min)
    for d in days:
        total = Day(
            total.day,
            total.sessions + d.sessions,
            total.counted + d.counted,
            total.completed + d.completed,
            total.seconds + d.seconds,
            total.counted_seconds + d.counted_seconds,
            total.pain_before + d.pain_before,
            total.pain_after + d.pain_after,
            total.change + d.change,
            total.difficulty + d.difficulty,
            total.chosen + d.chosen,
        )
    return total


def by_week(days: Sequence[Day], start: date, today: date) -> list[Week]:
    """The calendar weeks from `start`'s to `today`'s, each with its days summed up."""
    weeks = []
    monday = start - timedelta(days=start.weekday())
    while monday <= today:
        sunday = monday + timedelta(days=6)
        these = sum_days([d for d in days if monday <= d.day <= sunday], monday)
        weeks.append(
            Week(
                monday=monday,
                days=(min(sunday, today) - max(monday, start)).days + 1,
                sessions=these.counted,
                minutes=round(these.seconds / 60, 1),
                pain_before=these.pain_before.mean(),
                pain_after=these.pain_after.mean(),
                difficulty=these.difficulty.mean(),
            )
        )
        monday += timedelta(weeks=1)
    return weeks
