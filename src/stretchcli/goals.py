"""The weekly goal week by week: a week is judged against the goal it began with (a plan's
goal from its first whole week, the settings' before it; a goal changed later counts from
the first week it was in force all through). Pure data; no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from stretchcli.text import full_date

Step = tuple[date, int]  # the Monday a goal counts from, and the goal


@dataclass(frozen=True)
class WeeklyGoal:
    """Sessions a week to aim for, week by week: `first`, the goal of the earliest weeks,
    then each later goal from the Monday of the first week it was in force all through
    (`steps`, oldest first, each a change)."""

    first: int
    steps: tuple[Step, ...] = ()

    @classmethod
    def planned(cls, now: int, before: int | None = None, since: date | None = None) -> WeeklyGoal:
        """`now` (a plan's goal) from the week of `since`, `before` (the settings') in the
        weeks before it; `now` all through without both."""
        if before is None or since is None:
            return cls(now)
        return stepped(before, [(since, now)])

    @property
    def now(self) -> int:
        """The goal of the latest weeks."""
        return self.steps[-1][1] if self.steps else self.first

    @property
    def since(self) -> date | None:
        """The Monday the latest goal counts from (None: it never changed)."""
        return self.steps[-1][0] if self.steps else None

    @property
    def before(self) -> int | None:
        """The goal of the weeks before `since` (None: it never changed)."""
        if not self.steps:
            return None
        return self.steps[-2][1] if len(self.steps) > 1 else self.first

    def of(self, monday: date) -> int:
        """The goal of the week of `monday`."""
        goal = self.first
        for since, later in self.steps:
            if monday >= since:
                goal = later
        return goal

    def within(self, first: date, last: date) -> WeeklyGoal:
        """The goals of the weeks from `first` to `last` (days): the goal of `first`'s week,
        then each change up to `last`."""
        monday = first - timedelta(days=first.weekday())
        return stepped(self.of(monday), [s for s in self.steps if first < s[0] <= last])

    def changed_within(self, first: date, last: date) -> bool:
        """Whether weeks from `first` to `last` (days) had two goals or more."""
        return bool(self.within(first, last).steps)

    def words(self, first: date, last: date) -> str:
        """The goal of the weeks from `first` to `last` (days): '5 a week', or with a change
        among them '5 a week from the week of 2 Nov 2026 (3 before)', and with more, each
        earlier one: '2 a week from the week of 7 Dec 2026 (5 from the week of 2 Nov 2026,
        3 before)'."""
        period = self.within(first, last)
        if not period.steps:
            return f"{period.first} a week"
        *earlier, (since, now) = period.steps
        before = [f"{goal} from the week of {full_date(day)}" for day, goal in reversed(earlier)]
        return (
            f"{now} a week from the week of {full_date(since)} "
            f"({', '.join([*before, f'{period.first} before'])})"
        )


def stepped(first: int, steps: Iterable[Step]) -> WeeklyGoal:
    """The goal `first`, then `steps` in the order given (a later one for the same Monday or
    an earlier one wins), each kept only where it changes the goal."""
    kept: list[Step] = []
    for since, goal in steps:
        while kept and kept[-1][0] >= since:
            kept.pop()
        if goal != (kept[-1][1] if kept else first):
            kept.append((since, goal))
    return WeeklyGoal(first, tuple(kept))


def counts_from(day: date) -> date:
    """The Monday of the first week a goal set on `day` is in force all through: that of
    `day` itself on a Monday (the week begins with it), else the next."""
    return day + timedelta(days=-day.weekday() % 7)


def weekly_goal(goal: int | WeeklyGoal) -> WeeklyGoal:
    """A goal that never changed is a number: the same as a WeeklyGoal of it."""
    return goal if isinstance(goal, WeeklyGoal) else WeeklyGoal(goal)
