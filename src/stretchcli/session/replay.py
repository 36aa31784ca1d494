"""A run whose options nobody typed: `stretch again` and `run --resume` take them from a
session in the history, which may no longer fit the routine (a step it no longer has, a
variant, minutes it does not fit into, every step left out), or never did (an import from
another machine). The error then says whose options they are, which one does not fit and
why, and what to run instead: never a flag to change, since none was typed. Pure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stretchcli.session.planned import PlanError
from stretchcli.session.planning import plan
from stretchcli.session.stored_options import ReplayError, whose

if TYPE_CHECKING:
    from stretchcli.files.catalog import Catalog
    from stretchcli.session.planned import Withheld
    from stretchcli.session.settings import RunSettings


def check_replayed(settings: RunSettings, catalog: Catalog, withheld: Withheld) -> None:
    """A ReplayError if the run's options are a stored session's (`settings.replayed`) and
    do not fit its routine in `catalog`, or name what the person's plan takes away from it
    (`withheld`); nothing for options that were typed."""
    replayed = settings.replayed
    if replayed is None:
        return
    name = settings.routine
    lead = whose(replayed, name)
    afresh = f"start afresh with `stretch run {name}`"
    if replayed.today:
        afresh = "start today's session of the plan afresh with `stretch run`"
    routine = catalog.routines.get(name)
    if routine is None:  # gone since (or never here: an import from another machine)
        what = (
            f"session {replayed.session} of {name} cannot be resumed"
            if replayed.resume
            else f"the last session (session {replayed.session}) cannot be run again"
        )
        raise ReplayError(
            f"{what}: its routine, {name}, is not here",
            "see `stretch list`, then `stretch run NAME`",
        )
    options = settings.options
    try:
        made = plan(
            routine,
            catalog.exercises,
            options,
            settings.coach,
            settings.voice_rate,
            settings.cautions_heard,
            withheld,
        )
    except PlanError as exc:
        given = {
            "only": ",".join(options.only),
            "skip": ",".join(options.skip),
            "minutes": f"{options.minutes:g}" if options.minutes is not None else "",
            "variant": next(
                (
                    f"{k}={v}"
                    for k, v in options.variants.items()
                    if k == exc.named or f"'{k}'" in exc.message
                ),
                "",
            ),
        }.get(exc.option)
        flag = f"--{exc.option}" + (f" {given}" if given else "")
        if exc.least is not None and not replayed.today:  # the fewest, with its others
            kept = [f for f in options.flags() if not f.startswith("--minutes")]
            fits = " ".join([name, *kept, f"--minutes {exc.least}"])
            hint = f"{afresh}, or `stretch run {fits}`"
        else:
            hint = f"{exc.hint}; {afresh}"
        raise ReplayError(f"{lead}: its {flag}: {exc.message}", hint) from None
    if not made.steps:
        leaving = [f for f in options.flags() if f.startswith(("--only", "--skip", "--avoid"))]
        why = "; ".join(made.notes) or " ".join(leaving)
        raise ReplayError(f"{lead}: they leave no step of {name} to do: {why}", afresh)
