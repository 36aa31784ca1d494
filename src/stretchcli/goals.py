"""The weekly goal week by week: a week is judged against the goal it began with (a plan's
goal from its first whole week, the settings' before it). Pure data; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stretchcli.text import full_date


@dataclass(frozen=True)
class WeeklyGoal:
    """Sessions a week to aim for, week by week: `now` (a plan's), and `before`, the
    settings' goal, in the weeks before `since` (the Monday of the plan's first whole week):
    a week is judged against the goal it began with, not one set later."""

    now: int
    before: int | None = None
    since: date | None = None

    def of(self, monday: date) -> int:
        """The goal of the week of `monday`."""
        if self.before is None or self.since is None or monday >= self.since:
            return self.now
        return self.before

    def changed_within(self, first: date, last: date) -> bool:
        """Whether weeks from `first` to `last` (days) had two goals."""
        return (
            self.before is not None
            and self.since is not None
            and first < self.since <= last
            and self.before != self.now
        )

    def words(self, first: date, last: date) -> str:
        """The goal of the weeks from `first` to `last` (days): '5 a week', or with the
        plan's start among them '5 a week from the week of 2 Nov 2026 (3 before)'."""
        if not self.changed_within(first, last) or self.since is None:
            return f"{self.now} a week"
        return f"{self.now} a week from the week of {full_date(self.since)} ({self.before} before)"


def weekly_goal(goal: int | WeeklyGoal) -> WeeklyGoal:
    """A goal that never changed is a number: the same as a WeeklyGoal of it."""
    return goal if isinstance(goal, WeeklyGoal) else WeeklyGoal(goal)
