"""Which stored level changes a plan can have made, for the report: an import or a sync
brings changes from other machines, and a file changed by hand can hold ones no plan makes (a
level past its ladder's top, a level_before that is not where the exercise was, an
alternative that is not the exercise's own). The import has no catalog nor plan to check
them against; the report has both, and leaves those out, so that it never tells a
physiotherapist of a level or dose the person is not doing. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from stretchcli.history.levels import LevelChange
from stretchcli.model import Exercise
from stretchcli.plan.model import Ladder, Plan


def made(
    changes: Sequence[LevelChange],
    plan: Plan | None,
    exercises: Mapping[str, Exercise] | None,
    ladders: Mapping[str, Ladder],
) -> list[LevelChange]:
    """`changes` without those no plan makes, in their order: each exercise's changes are
    followed from its start (a start sets its level; without one, its first change's
    level_before does), and a change is kept when it moves from the level the exercise is
    at, to a level on its ladder (with the plan and the exercise's file to tell its top),
    and an alternative is the exercise's own (or none: left out)."""
    at: dict[str, int] = {}
    kept = []
    for change in sorted(changes, key=lambda c: (c.at, c.id)):
        name = change.exercise
        if change.change != "start":
            if change.before is None or at.setdefault(name, change.before) != change.before:
                continue
            exercise = exercises.get(name) if exercises is not None else None
            if exercise is not None and not _possible(change, exercise, plan, ladders):
                continue
        at[name] = change.level
        kept.append(change)
    return kept


def _possible(
    change: LevelChange, exercise: Exercise, plan: Plan | None, ladders: Mapping[str, Ladder]
) -> bool:
    """Whether the plan can make `change` of `exercise`: a level on its ladder (known of
    the plan it was made by), an alternative that is its own or none."""
    mine = plan is not None and change.plan == plan.fingerprint
    if mine and plan is not None and change.level > plan.ladder(exercise.id, ladders).top:
        return False
    return change.change != "alternative" or change.alternative in (None, exercise.alternative)
