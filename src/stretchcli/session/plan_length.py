"""How long a session of a plan takes on the plan's first day, as `stretch run` runs it:
today's routine at the start levels, through the same planner (`planning.plan`) and the same
timeline (`timeline.length`) as the run, get-ready and safety lines included. `stretch
start` says it of the plan it makes, and chooses by it. Pure."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from stretchcli.files.catalog import Catalog
from stretchcli.model import RATE, Coach
from stretchcli.plan.engine import plan_exercises, start
from stretchcli.plan.levels import (
    exercises_at_levels,
    file_ladders,
    routine_at_levels,
    within_own_ladders,
)
from stretchcli.plan.model import Plan
from stretchcli.session.fitting import least_minutes
from stretchcli.session.options import MINUTES, RunOptions
from stretchcli.session.planned import Plan as Session
from stretchcli.session.planning import plan as plan_session
from stretchcli.session.timeline import length
from stretchcli.session.today import without_earlier, without_stand_ins

NO_OPTIONS = RunOptions()


def first_session_seconds(
    catalog: Catalog,
    plan: Plan,
    routine: str,
    earlier: Collection[str] = (),
    options: RunOptions = NO_OPTIONS,
    coach: Coach = "full",
    rate: float = RATE,
) -> float:
    """How long the first session of `routine` in `plan` takes, every exercise at its start
    level, as `stretch run` runs today's session of the plan: with `options` (the config's
    avoided movements and time scale) beside the plan's own avoided movements, at `coach`
    and `rate`, its cautions said in full (a first session); `earlier`: the exercises done
    in full in another of the plan's sessions that day, which it leaves out."""
    planned = first_session(catalog, plan, routine, earlier, options, coach, rate)
    return length(planned, coach, rate)


def least_run_minutes(
    catalog: Catalog,
    plan: Plan,
    routine: str,
    options: RunOptions = NO_OPTIONS,
    coach: Coach = "full",
    rate: float = RATE,
) -> int | None:
    """The fewest minutes `stretch run --minutes` fits that first session into, as its
    "give --minutes N or more" says (None: more than `--minutes` takes)."""
    planned = first_session(catalog, plan, routine, (), options, coach, rate)
    least = least_minutes(planned, coach, rate)
    return least if least <= MINUTES[1] else None


def first_session(
    catalog: Catalog,
    plan: Plan,
    routine: str,
    earlier: Collection[str],
    options: RunOptions,
    coach: Coach,
    rate: float,
) -> Session:
    """The first session of `routine` in `plan`, as `stretch run` plans it (`options` with
    its --minutes fit it, as the run's)."""
    ladders = file_ladders(catalog.exercises)
    names = plan_exercises(plan, catalog.routines, catalog.exercises)
    standings = start(plan, ladders, catalog.exercises, names)
    kept = within_own_ladders(catalog.routine(routine), plan, catalog.exercises)[0]
    found = routine_at_levels(kept, plan, standings, ladders)
    found = without_earlier(found, earlier)
    at_levels = exercises_at_levels(plan, standings, ladders, catalog.exercises)
    avoid = frozenset({*plan.avoid, *options.avoid})
    return plan_session(
        found, without_stand_ins(at_levels, plan), replace(options, avoid=avoid), coach, rate
    )
