"""Which level changes a plan can make, one rule for every reader of them: an import and a
sync refuse a line no plan makes (`Judge`: what this machine knows of the change's
exercise: that it exists, its own alternative, and, of a change of the plan in use, its
ladder's top; an import also asks where a change stands, `chain`), and `stretch plan`,
`stretch history` and the report tell as made only a stored change that follows from the
changes before it under its plan and that the judge takes (`made`), from the latest start
on; with a plan in use, only what the plan itself works out from the sessions since its
start (`plan_follow.follow_from`), and nothing before it (`told`). Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from stretchcli import exported
from stretchcli.exported import Refused
from stretchcli.history import swap_rule
from stretchcli.history.levels import LevelChange
from stretchcli.model import Exercise
from stretchcli.plan.model import Ladder, Plan
from stretchcli.records import Session

# `Judge.refused`, as an import is given it: of a level change, or of a session's swaps.
Judging = Callable[[LevelChange | Session], Refused | None]


@dataclass(frozen=True)
class Judge:
    """What this machine knows of the changes a plan can make: its exercises (their own
    alternatives), their files' ladders, and the plan in use (None: none), whose own ladders
    tell the top of its changes; a change of another plan is judged by the exercise alone
    (that plan's ladders are not known here)."""

    exercises: Mapping[str, Exercise]
    ladders: Mapping[str, Ladder]
    plan: Plan | None

    def refused(self, change: LevelChange | Session) -> Refused | None:
        """Why no plan makes `change` (its key path under the change: `exercise`, `level`,
        `level_before`, `alternative`), or no run of these exercises a session's swaps
        (`swap_rule.refused`), or None when one can."""
        if isinstance(change, Session):
            return swap_rule.refused(self.exercises, change)
        name = change.exercise
        exercise = self.exercises.get(name)
        if exercise is None:
            return exported.expected("the id of an exercise this machine has", name).under(
                "exercise"
            )
        if change.change == "alternative":
            wrong = swap_rule.alternative_refused(name, exercise, change.alternative)
            if wrong is not None:
                return wrong.under("alternative")
        plan = self.plan
        if plan is not None and change.plan == plan.fingerprint:
            top = plan.ladder(name, self.ladders).top
            for key, level in (("level", change.level), ("level_before", change.before)):
                if level is not None and level > top:
                    wanted = f"a level of {name}'s ladder in the plan in use: 1 to {top}"
                    return exported.expected(wanted, level).under(key)
        return None


@dataclass(frozen=True)
class Link:
    """A change in its exercise's chain under its plan: the level the exercise was at (its
    latest kept change or start of that plan before it; None: none), and whether it is kept
    (a plan makes it, and it moves from that level)."""

    change: LevelChange
    was: int | None
    kept: bool


def chain(changes: Sequence[LevelChange], judging: Judging | None) -> list[Link]:
    """Each change, oldest first (by `at`, then id), in its exercise's chain under its plan
    (fingerprint): a start sets the level; any other change is kept when it moves from the
    level the exercise is at (there must be a start of that plan before it) and `judging`
    (None: not asked) takes it; one not kept moves nothing."""
    at: dict[tuple[str, str], int] = {}
    links = []
    for change in sorted(changes, key=lambda c: (c.at, c.id)):
        key = (change.plan, change.exercise)
        was = at.get(key)
        kept = (judging is None or judging(change) is None) and (
            change.change == "start" or (was is not None and change.before == was)
        )
        if kept:
            at[key] = change.level
        links.append(Link(change, was, kept))
    return links


def unfollowed(link: Link) -> Refused:
    """Why a change not kept by `chain` (but a plan can make) does not follow, by its key."""
    change = link.change
    if link.was is None:
        wanted = (
            f"a level {change.exercise} is at under its plan ({change.plan}), which has no "
            f"start of {change.exercise} before this change"
        )
    else:
        wanted = (
            f"{link.was}, the level {change.exercise} is at under its plan ({change.plan}) "
            "after its latest change or start before this one"
        )
    return exported.expected(wanted, change.before).under("level_before")


def made(changes: Sequence[LevelChange], judge: Judge | None) -> list[LevelChange]:
    """`changes` without those no plan makes, oldest first (`chain`: each moves from where
    its exercise is under its plan, from a start of it; `judge`, None: nothing known of the
    exercises, takes it)."""
    return [link.change for link in chain(changes, judge.refused if judge else None) if link.kept]


def told(
    changes: Sequence[LevelChange],
    judge: Judge | None,
    since: datetime | None,
    followed: Sequence[LevelChange],
) -> list[LevelChange]:
    """The changes told as made, oldest first, as the report tells them: with a plan in use
    that began at `since`, `followed` (the changes the plan works out from the sessions, as
    stored where they are), and none before it (its start begins each level again); with
    none (`since` None: no plan, or one not adopted yet), those `made` keeps from the latest
    start of any plan on (an earlier plan's, begun again by a later one, are not)."""
    if since is not None:
        return sorted(followed, key=lambda c: c.at)
    kept = made(changes, judge)
    starts = [c.at for c in kept if c.change == "start"]
    latest = max(starts) if starts else None
    return [c for c in kept if latest is None or c.at >= latest]
