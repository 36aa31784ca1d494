"""Whether the routine reminders suggest is one the person's plan leaves something of: a
plan that leaves out every exercise of it would make each reminder's Start lead only to
"nothing left to do"."""

from __future__ import annotations

from collections.abc import Mapping

from stretchcli.errors import UsageError
from stretchcli.model import Routine
from stretchcli.plan.model import Plan


def left_nothing(plan: Plan | None, routines: Mapping[str, Routine], routine: str) -> bool:
    """Whether `plan` leaves out every exercise of `routine` (False: no plan, or a routine
    not known here, which is said where it is looked for)."""
    found = routines.get(routine)
    if plan is None or found is None or not found.steps:
        return False
    return all(step.exercise in plan.leave_out for step in found.steps)


def _others(plan: Plan) -> str:
    return ", ".join(plan.schedule.routines())


def refused(plan: Plan | None, routines: Mapping[str, Routine], routine: str, how: str) -> None:
    """A UsageError where `plan` leaves nothing of `routine`, the routine to suggest; `how`
    names the way to choose another (`--routine ROUTINE`)."""
    if plan is not None and left_nothing(plan, routines, routine):
        raise UsageError(
            f"your plan leaves out every exercise of {routine}: a reminder's Start would "
            "find nothing to do",
            f"choose another routine with {how} (your plan's: {_others(plan)}), or change the plan",
        )


def warning(plan: Plan | None, routines: Mapping[str, Routine], routine: str) -> str | None:
    """What `stretch remind` warns of where the plan, changed since reminders were set,
    leaves nothing of the routine they suggest (None: nothing to say)."""
    if plan is None or not left_nothing(plan, routines, routine):
        return None
    return (
        f"your plan leaves out every exercise of {routine}, the routine reminders suggest: "
        "a reminder's Start finds nothing to do; choose another with `stretch remind on "
        f"--routine ROUTINE` (your plan's: {_others(plan)}), or change the plan"
    )
