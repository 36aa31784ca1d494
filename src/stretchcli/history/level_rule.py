"""Which level changes a plan can make, one rule for every reader of them: an import and a
sync refuse a line no plan makes (`Judge`: what this machine knows of the change's
exercise: that it exists, its own alternative, and, of a change of the plan in use, its
ladder's top), and `stretch plan`, `stretch history` and the report tell as made only a
stored change that follows from the changes before it and that the judge takes (`made`);
from the plan's start on, only what the plan itself works out from the sessions
(`plan_follow.follow_from`). Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from stretchcli import exported
from stretchcli.exported import Refused
from stretchcli.history.levels import LevelChange
from stretchcli.model import Exercise
from stretchcli.plan.model import Ladder, Plan

Judging = Callable[[LevelChange], Refused | None]  # `Judge.refused`, as an import is given it


@dataclass(frozen=True)
class Judge:
    """What this machine knows of the changes a plan can make: its exercises (their own
    alternatives), their files' ladders, and the plan in use (None: none), whose own ladders
    tell the top of its changes; a change of another plan is judged by the exercise alone
    (that plan's ladders are not known here)."""

    exercises: Mapping[str, Exercise]
    ladders: Mapping[str, Ladder]
    plan: Plan | None

    def refused(self, change: LevelChange) -> Refused | None:
        """Why no plan makes `change` (its key path under the change: `exercise`, `level`,
        `level_before`, `alternative`), or None when one can."""
        name = change.exercise
        exercise = self.exercises.get(name)
        if exercise is None:
            return exported.expected("the id of an exercise this machine has", name).under(
                "exercise"
            )
        if change.change == "alternative":
            own = exercise.alternative if exercise.alternative != name else None
            if change.alternative not in (None, own):
                wanted = (
                    f'"{own}" ({name}\'s alternative), or null (left out)'
                    if own is not None
                    else f"null ({name} has no alternative: it is left out)"
                )
                return exported.expected(wanted, change.alternative).under("alternative")
        plan = self.plan
        if plan is not None and change.plan == plan.fingerprint:
            top = plan.ladder(name, self.ladders).top
            for key, level in (("level", change.level), ("level_before", change.before)):
                if level is not None and level > top:
                    wanted = f"a level of {name}'s ladder in the plan in use: 1 to {top}"
                    return exported.expected(wanted, level).under(key)
        return None


def made(changes: Sequence[LevelChange], judge: Judge | None) -> list[LevelChange]:
    """`changes` without those no plan makes, oldest first: each exercise's changes are
    followed from its start (a start sets its level; without one, its first change's
    level_before does), and a change is kept when it moves from the level the exercise is
    at and `judge` (None: nothing known of the exercises) takes it."""
    at: dict[str, int] = {}
    kept = []
    for change in sorted(changes, key=lambda c: (c.at, c.id)):
        name = change.exercise
        if judge is not None and judge.refused(change) is not None:
            continue
        if change.change != "start" and (
            change.before is None or at.setdefault(name, change.before) != change.before
        ):
            continue  # not from where the exercise is
        at[name] = change.level
        kept.append(change)
    return kept


def told(
    changes: Sequence[LevelChange],
    judge: Judge | None,
    since: datetime | None,
    followed: Sequence[LevelChange],
) -> list[LevelChange]:
    """The changes told as made, oldest first: before `since` (the start of the plan in use;
    None: there is none, or it is not adopted yet), those `made` keeps; from it on,
    `followed`: the changes the plan works out from the sessions (as stored where they
    are)."""
    before = [c for c in changes if since is None or c.at < since]
    kept = made(before, judge)
    return sorted([*kept, *followed], key=lambda c: c.at)
