"""`stretch start`: the first conversation, which makes a plan (or says why not)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli import params
from stretchcli.cli.context import Application, application
from stretchcli.cli.params import examples
from stretchcli.errors import ExitCode, UsageError
from stretchcli.plan.answers import (
    AREA_NAMES,
    AREA_UNCLEAR,
    AREAS,
    FLAG_NAMES,
    FLAG_UNCLEAR,
    FLAGS,
    LASTING_UNCLEAR,
    MINUTES,
    PRECAUTION_NAMES,
    PRECAUTIONS,
    SEEN_NAMES,
    SHOULDER_UNCLEAR,
)

if TYPE_CHECKING:
    from stretchcli.views.start import KeyReader

commands = typer.Typer()


def _flag(name: str, help_: str) -> typer.models.OptionInfo:
    option: typer.models.OptionInfo = typer.Option(f"--{name}/--no-{name}", help=help_)
    return option


@commands.command(
    "start",
    short_help="A few questions, then a plan made for you.",
    epilog=examples(
        "stretch start",
        "stretch start --where upper-back --no-floor --yes",
        "stretch start --precaution osteoporosis --days 5",
    ),
)
def start_command(
    ctx: typer.Context,
    where: Annotated[
        str | None,
        typer.Option(
            help="Where it hurts most: " + ", ".join(AREAS) + " (or u, n, l as at the "
            "prompt, or upper, neck, lower).",
            parser=params.named(AREA_NAMES, AREA_UNCLEAR),
            metavar="PLACE",
        ),
    ] = None,
    red_flag: Annotated[
        list[str] | None,
        typer.Option(
            help="A warning sign of `stretch safety` applies, at this level: "
            + ", ".join(FLAGS)
            + " (then no plan, only the advice). Pain that has not eased after a few weeks "
            "is --lasting-pain.",
            parser=params.named(FLAG_NAMES, FLAG_UNCLEAR),
            metavar="LEVEL",
        ),
    ] = None,
    shoulder_blades: Annotated[
        str | None,
        typer.Option(
            help="Pain at the top of your back, between the shoulder blades: no (none "
            "there), checked (a doctor or physiotherapist has checked it, and it has not "
            "changed since) or unchecked (the NHS asks for a check the same day: the plan is "
            "made, and waits for it).",
            parser=params.named(SEEN_NAMES, SHOULDER_UNCLEAR),
            metavar="ANSWER",
        ),
    ] = None,
    lasting_pain: Annotated[
        str | None,
        typer.Option(
            help="Pain that has not started to ease after a few weeks, is getting worse, or "
            "stops you doing everyday things: no, checked (a doctor or physiotherapist has "
            "seen it, and it is no worse since: the plan as for anyone) or unchecked (the NHS "
            "asks you to book an appointment: the plan is made and started meanwhile, as its "
            "advice is to keep active). --no-red-flags without it is no.",
            parser=params.named(SEEN_NAMES, LASTING_UNCLEAR),
            metavar="ANSWER",
        ),
    ] = None,
    no_red_flags: Annotated[
        bool,
        typer.Option(
            "--no-red-flags",
            help="None of the warning signs of `stretch safety` applies (for pain that has "
            "lasted weeks, --lasting-pain says whether a clinician has seen it).",
        ),
    ] = False,
    precaution: Annotated[
        list[str] | None,
        typer.Option(
            help="A precaution (repeat for more): " + ", ".join(PRECAUTIONS) + ".",
            parser=params.named(PRECAUTION_NAMES),
            metavar="NAME",
        ),
    ] = None,
    no_precautions: Annotated[
        bool, typer.Option("--no-precautions", help="None of the precautions applies.")
    ] = False,
    cleared: Annotated[
        bool,
        typer.Option(
            "--cleared", help="After recent surgery: your clinician has said you can stretch."
        ),
    ] = False,
    floor: Annotated[
        bool | None,
        _flag("floor", "You can (or cannot) get down to the floor and up, with room."),
    ] = None,
    chair: Annotated[
        bool | None, _flag("chair", "A steady chair without wheels, such as a kitchen chair.")
    ] = None,
    bed: Annotated[bool | None, _flag("bed", "A bed you can stretch on.")] = None,
    ball: Annotated[bool | None, _flag("ball", "A tennis ball.")] = None,
    wall: Annotated[bool | None, _flag("wall", "A clear stretch of wall.")] = None,
    mat: Annotated[bool | None, _flag("mat", "A mat, or a thick blanket, for the floor.")] = None,
    band: Annotated[
        bool | None,
        _flag("band", "A resistance band (without one, the strengthening is done without)."),
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option(help="Minutes a day.", min=MINUTES[0], max=MINUTES[1], metavar="N"),
    ] = None,
    days: Annotated[
        int | None, typer.Option(help="Days a week.", min=1, max=7, metavar="N")
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Take the default for every question the options leave open (no to the "
            "warning signs: read them in `stretch safety` first).",
        ),
    ] = False,
) -> None:
    """Make your plan: where it hurts, the warning signs of `stretch safety`, precautions,
    where and with what you can stretch, and how long and how often. Any warning sign: no
    plan, only the advice. The plan is written as `stretch plan use` writes one (the plan
    before is kept), and shown with the reason for each choice.

    Pain between the shoulder blades that no clinician has checked: the NHS's advice (an
    urgent appointment the same day), and the plan written beside yours, to adopt with
    `stretch plan use` once checked. Pain that has lasted weeks that no clinician has seen:
    the NHS's advice (book an appointment) first, then the plan, made and started meanwhile
    (the NHS's self-care is to keep active, with exercises and stretches).

    Exit codes: 0 a plan was written and started; 1 none was started (a warning sign at any
    urgency, pain between the shoulder blades not yet checked, recent surgery not yet
    cleared, or no routine fits the answers), with the advice instead, or none could be
    (the history busy, from a newer stretch, or not reached: nothing is written, as with
    `plan use`); 2 options that do not fit.

    Every question is also an option, for scripts; Enter takes the answer shown in capitals
    (the warning signs take no default: y or n)."""
    from stretchcli.views.start import start

    flags = (red_flag, no_red_flags, lasting_pain)
    given = _screened(*flags, precaution, no_precautions, cleared, yes)
    asked: dict[str, object] = dict(where=where, shoulder_blades=shoulder_blades, days=days)
    asked |= dict(minutes=minutes, floor=floor, chair=chair, bed=bed, ball=ball, wall=wall)
    asked |= dict(mat=mat, band=band)  # the answers given as options
    given |= {name: value for name, value in asked.items() if value is not None}
    app = application(ctx)
    config, keys = app.config(strict=True), _single_keys(app)
    with app.changing_goal():
        if not start(app.env, app.catalog(), app.history(), given, yes, keys, config):
            raise typer.Exit(ExitCode.FAILURE)  # no plan: a script must not go on as if made


def _screened(
    red_flag: list[str] | None,
    no_red_flags: bool,
    lasting_pain: str | None,
    precaution: list[str] | None,
    no_precautions: bool,
    cleared: bool,
    yes: bool,
) -> dict[str, object]:
    """The answers about warning signs and precautions that the options give."""
    params.exclusive(("--red-flag", bool(red_flag)), ("--no-red-flags", no_red_flags))
    params.exclusive(("--precaution", bool(precaution)), ("--no-precautions", no_precautions))
    # Without surgery among the precautions (given, or not asked: --yes), --cleared says
    # nothing; taking it silently would let a script believe it was heard.
    asked = precaution is None and not no_precautions and not yes
    if cleared and not asked and "recent-surgery" not in (precaution or ()):
        raise UsageError(
            "--cleared is for --precaution recent-surgery",
            "add --precaution recent-surgery, or leave --cleared out",
        )
    given: dict[str, object] = {}
    if red_flag or no_red_flags:
        given["flags"] = tuple(red_flag or ())
    if no_red_flags or lasting_pain:  # --no-red-flags: no, unless --lasting-pain says
        given["lasting"] = lasting_pain or "no"
    if precaution or no_precautions:
        given["precautions"] = frozenset(precaution or ())
    if cleared:
        given["cleared"] = True
    return given


def _single_keys(app: Application) -> KeyReader | None:
    """At a terminal, the next key pressed; None elsewhere (lines are read)."""
    from stretchcli.session.devices import single_keys

    return single_keys(app.env, app.devices().keyboard)
