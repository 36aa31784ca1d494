"""Whether the routine reminders suggest is one the person's plan leaves something of: a
plan that leaves out every exercise of it would make each reminder's Start lead only to
"nothing left to do"."""

from __future__ import annotations

from collections.abc import Mapping

from stretchcli.errors import UsageError
from stretchcli.model import Routine
from stretchcli.plan.fitting import routine_ball
from stretchcli.plan.model import Plan


def left_nothing(plan: Plan | None, routines: Mapping[str, Routine], routine: str) -> str:
    """What `plan` leaves of `routine`: nothing ('your plan leaves out every exercise of
    ...'), or not a run at all (a routine of one's own that names a ball, with blood
    thinners: verify 27, NEW-5); '' when it leaves something, has no plan, or the routine
    is not known here (which is said where it is looked for)."""
    found = routines.get(routine)
    if plan is None or found is None or not found.steps:
        return ""
    doing = {step.exercise for step in found.steps} - plan.leave_out.keys()
    if not doing:
        return f"your plan leaves out every exercise of {routine}"
    why = routine_ball(plan, found, doing)
    return f"your plan does not run {routine}, as {why}" if why else ""


def _others(plan: Plan) -> str:
    return ", ".join(plan.schedule.routines())


def refused(plan: Plan | None, routines: Mapping[str, Routine], routine: str, how: str) -> None:
    """A UsageError where `plan` leaves nothing of `routine`, the routine to suggest; `how`
    names the way to choose another (`--routine ROUTINE`)."""
    if plan is not None and (nothing := left_nothing(plan, routines, routine)):
        raise UsageError(
            f"{nothing}: a reminder's Start would find nothing to do",
            f"choose another routine with {how} (your plan's: {_others(plan)}), or change the plan",
        )


def warning(plan: Plan | None, routines: Mapping[str, Routine], routine: str) -> str | None:
    """What `stretch remind` warns of where the plan, changed since reminders were set,
    leaves nothing of the routine they suggest (None: nothing to say)."""
    if plan is None or not (nothing := left_nothing(plan, routines, routine)):
        return None
    return (
        f"{nothing}, the routine reminders suggest: "
        "a reminder's Start finds nothing to do; choose another with `stretch remind on "
        f"--routine ROUTINE` (your plan's: {_others(plan)}), or change the plan"
    )
