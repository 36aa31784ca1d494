"""What a person's plan keeps a run to, whatever its flags: the exercises the plan leaves out
(blood thinners and the ball, say), those it has replaced for now (two red sessions in a
week), and the movements it avoids, which are safety limits; and a plan that cannot be read
stops every run."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from stretchcli.cli.context import Application
from stretchcli.errors import InvalidFileError, StretchError, UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from stretchcli.files.catalog import Catalog
    from stretchcli.model import Routine
    from stretchcli.plan.model import Plan
    from stretchcli.plan.standing import Standing
    from stretchcli.session.planned import Withheld
    from stretchcli.session.settings import RunFlags


def plan_kept(app: Application) -> None:
    """A plan file that cannot be read stops every run, not only today's: a routine named
    would run without the plan's limits, the movements it avoids among them (attack 17, H6)."""
    try:
        app.plan(strict=True)
    except InvalidFileError:
        app.env.note(
            "your plan cannot be read, and every run keeps its limits (the movements it "
            "avoids, the exercises it leaves out): put right what follows, then run again"
        )
        raise


def only_what_the_plan_keeps(app: Application, flags: RunFlags, routine: str | None) -> None:
    """A UsageError, before anything is said, where --only or --variant names an exercise
    the plan leaves out (blood thinners and the ball, say), or, for a `routine` named that
    it does not hold, has replaced for now: a safety limit of the plan is not undone by a
    flag (review 19, F15 and review 20, F12: refused after the run's notes)."""
    if not (flags.only or flags.variants):
        return
    plan = app.plan() if routine is None else limits_now(app, routine)
    if plan is None:
        return
    for flag, names in (("only", flags.only or ()), ("variant", flags.variants or {})):
        named = [name for name in names if name in plan.leave_out]
        if named:
            raise UsageError(
                f"--{flag}: your plan leaves out {left_out(app, plan, named)}",
                "it is not done while the plan says so; show `stretch plan` to a clinician to "
                "change that",
            )
    _variants_kept(app, plan, flags.variants or {})


def _variants_kept(app: Application, plan: Plan, variants: Mapping[str, str]) -> None:
    """A UsageError where --variant names a way of doing an exercise that the plan's own
    ladder for it never does (`standing.off_ladder`)."""
    from stretchcli.plan.standing import off_ladder

    exercises = app.catalog().exercises
    ident = next(iter(off_ladder(plan, exercises, variants)), None)  # the first is said
    if ident is not None:
        raise UsageError(
            f"--variant: your plan's own levels of {exercises[ident].name} never do it as its "
            f"{variants[ident]} variant",
            "show `stretch plan` to a clinician to change that, or run `stretch start` "
            "again if your answers have changed",
        )


def left_out(app: Application, plan: Plan, names: list[str]) -> str:
    """Exercises the plan leaves out, each named with the plan's reason ('Ball pressure on
    trigger points (blood thinners)'), for a line that says so."""
    exercises = app.catalog().exercises
    return "; ".join(
        f"{exercises[n].name if n in exercises else n} ({plan.leave_out[n]})" for n in names
    )


def plan_avoid(app: Application, flags: RunFlags, routine: str) -> RunFlags:
    """A routine named on the command line keeps the plan's avoided movements (a safety
    limit, such as no rounding forward with osteoporosis, not a preference of the plan's
    days) and the exercises it leaves out (unless --only names what to do)."""
    plan = app.plan()
    known = app.catalog().routines.get(routine)
    if plan is None or known is None:  # no such routine: the run's refusal says so first
        return flags
    app.env.note(f"{routine} is not in your plan: it runs at its file's doses, not your levels")
    steps = {step.exercise for step in known.steps}
    taken = withheld_now(app, plan, known).steps
    left = list(taken)
    if left and flags.only is None:  # --only names what to do (never what the plan leaves out)
        them = "it" if len(left) == 1 else "them"
        names = "; ".join(taken.values())
        if set(left) != steps:  # with nothing left, the run's refusal says why
            app.env.note(f"your plan leaves out {names}: {routine} is done without {them}")
        flags = replace(flags, skip=tuple(dict.fromkeys([*(flags.skip or ()), *left])))
    if not plan.avoid:
        return flags
    given = flags.avoid if flags.avoid is not None else app.config(strict=True).avoid
    them = "it" if len(plan.avoid) == 1 else "them"
    app.env.note(f"your plan avoids {', '.join(plan.avoid)}: {routine} avoids {them} too")
    return replace(flags, avoid=tuple(dict.fromkeys([*plan.avoid, *given])))


def withheld_now(app: Application, plan: Plan, routine: Routine) -> Withheld:
    """What `plan` takes from a run of `routine`, one it does not hold: the exercises it
    leaves out, and those it has put an alternative in place of for now (two red sessions
    in a week; review 19, F3: such an exercise ran, unannounced, in a routine named)."""
    from stretchcli.session.today import withheld

    return withheld(plan, app.catalog().exercises, routine, _standings(app, plan))


def limits_now(app: Application, routine: str) -> Plan | None:
    """The plan whose limits a session of `routine` run again or resumed keeps: where it
    does not hold the routine, what it has replaced for now is among what it leaves out
    (review 20, F1: `again` and `--resume` ran such an exercise at the file's dose)."""
    plan = app.plan()
    if plan is None or routine in plan.schedule.routines():
        return plan
    out = {n: s.reason for n, s in _standings(app, plan).items() if not s.active}
    return replace(plan, leave_out={**out, **plan.leave_out}) if out else plan


def _standings(app: Application, plan: Plan) -> Mapping[str, Standing]:
    """Each exercise's standing in the plan now (its level changes stored on the way)."""
    from stretchcli.history.plan_follow import follow
    from stretchcli.plan.levels import file_ladders

    known = app.catalog()
    ladders = file_ladders(known.exercises)
    try:
        found = follow(app.history(), plan, ladders, known.routines, known.exercises, app.env.warn)
    except StretchError:  # a history not reached: the run goes ahead unrecorded, saying so
        app.warn_once(  # and that the plan's replacements are not known (attack 18, H11)
            "what your plan has replaced for now, after red sessions, cannot be read from the "
            "history: leave out any exercise that hurt lately (--skip ID)"
        )
        return {}
    return found.progress.standings


def own_ways(app: Application, catalog: Catalog, routine: str) -> Catalog:
    """The catalog with `routine` (one the plan does not hold) keeping to the plan's own
    ladders: a step whose variant they never do is done as they do, and that is said."""
    plan, known = app.plan(), catalog.routines.get(routine)
    if plan is None or known is None:
        return catalog
    from stretchcli.files.catalog import Catalog
    from stretchcli.plan.levels import within_own_ladders

    kept, said = within_own_ladders(known, plan, catalog.exercises)
    for line in said:
        app.env.note(line)
    routines = {**catalog.routines, routine: kept}
    return Catalog(routines, catalog.exercises, catalog.problems)


def own_cautioned(app: Application, catalog: Catalog) -> Catalog:
    """The catalog whose exercises of one's own say, with a plan for blood thinners, to
    press nothing into the back (`plan.fitting.own_cautioned`)."""
    plan = app.plan()
    if plan is None:
        return catalog
    from stretchcli.files.catalog import Catalog
    from stretchcli.plan import fitting

    return Catalog(
        catalog.routines, fitting.own_cautioned(plan, catalog.exercises), catalog.problems
    )
