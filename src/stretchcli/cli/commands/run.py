"""`stretch run` and `stretch again`: the guided session."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli import params
from stretchcli.cli.commands.run_limits import (
    limits_now,
    only_what_the_plan_keeps,
    own_cautioned,
    own_ways,
    plan_avoid,
    plan_kept,
    withheld_now,
)
from stretchcli.cli.completion import (
    complete_movements,
    complete_routines,
    complete_steps,
    complete_variants,
)
from stretchcli.cli.context import Application, application
from stretchcli.cli.params import (
    Brief,
    Note,
    Pain,
    Plain,
    Quiet,
    RunJson,
    Voice,
    VoiceRate,
    examples,
)
from stretchcli.errors import UsageError

if TYPE_CHECKING:
    from stretchcli.files.catalog import Catalog
    from stretchcli.history.past import Past
    from stretchcli.plan.model import Plan, Rules
    from stretchcli.session.planned import Withheld
    from stretchcli.session.settings import RunFlags, RunSettings
    from stretchcli.session.today import Today

commands = typer.Typer()


@commands.command(
    "run",
    short_help="Run a routine as a guided session.",
    epilog=examples(
        "stretch run upper-back", "stretch run upper-back --avoid rotation --minutes 10"
    ),
)
def run_command(
    ctx: typer.Context,
    routine: Annotated[
        str | None,
        typer.Argument(
            help="The routine to run (none: today's in your plan, each exercise at its level).",
            metavar="ROUTINE",
            autocompletion=complete_routines,
        ),
    ] = None,
    avoid: Annotated[
        str | None,
        typer.Option(
            help="Movements to avoid, comma-separated (rotation, side-bend, flexion, extension): "
            "exercises with them are swapped for their alternative, or skipped.",
            metavar="MOVEMENTS",
            autocompletion=complete_movements,
        ),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            help="Do only these exercises (comma-separated ids).",
            metavar="EXERCISES",
            autocompletion=complete_steps,
        ),
    ] = None,
    skip: Annotated[
        str | None,
        typer.Option(
            help="Leave out these exercises (comma-separated ids).",
            metavar="EXERCISES",
            autocompletion=complete_steps,
        ),
    ] = None,
    scale: Annotated[
        float | None,
        typer.Option(
            help="Stretch or shrink holds, relax and rests by this factor (0.25-4).",
            parser=params.scale,
            metavar="FACTOR",
        ),
    ] = None,
    minutes: Annotated[
        float | None,
        typer.Option(
            help="Fit the routine into this many minutes, in the same order, with fewer sets "
            "and reps (holds are kept); refused if even half the reps do not fit.",
            parser=params.minutes,
            metavar="MINUTES",
        ),
    ] = None,
    voice: Voice = None,
    voice_rate: VoiceRate = None,
    quiet: Quiet = False,
    plain: Plain = False,
    as_json: RunJson = False,
    pain: Pain = None,
    pain_before: Annotated[
        int | None,
        typer.Option(
            help="Record pain before the run (0-10) without asking.",
            parser=params.pain,
            metavar="0-10",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue the last stopped or interrupted run of this routine."
        ),
    ] = False,
    variant: Annotated[
        list[str] | None,
        typer.Option(
            help="Do an exercise's variant, as EXERCISE=VARIANT "
            "(e.g. rhomboid-stretch=long-sitting); repeatable.",
            metavar="EXERCISE=VARIANT",
            autocompletion=complete_variants,
        ),
    ] = None,
    brief: Brief = False,
    note: Note = None,
    figures: Annotated[
        bool | None,
        typer.Option(
            "--figures/--no-figures",
            help="Draw the position to be in beside the countdown, on a screen of at least "
            "96x28 (config: figures).",
        ),
    ] = None,
) -> None:
    """Run a routine as a guided session: every hold and rep counted, on time. With no
    routine, today's in your plan (`stretch plan`), each exercise at its level.

    Keys: space pause/resume, n next, b back, + and - change the current hold by 5 s, h end
    an exercise that hurts, q quit.
    Not medical advice: stop if you feel sharp pain, numbness or tingling."""
    from stretchcli.session.settings import RunFlags

    params.exclusive(("--plain", plain), ("--json", as_json))
    params.exclusive(("--only", only is not None), ("--skip", skip is not None))
    flags = RunFlags(
        avoid=params.movements(avoid, "--avoid"),
        only=params.ids(only, "--only"),
        skip=params.ids(skip, "--skip"),
        scale=scale,
        minutes=minutes,
        variants=params.variants(variant),
        voice=voice,
        voice_rate=voice_rate,
        pain=pain,
        pain_before=pain_before,
        quiet=quiet,
        plain=plain,
        as_json=as_json,
        brief=brief,
        figures=figures,
        note=params.note(note) if note is not None else None,
    )
    if routine is not None:
        params.given_name(routine, "ROUTINE", params.ROUTINE_NAME)
    _run(application(ctx), flags, routine=routine, resume=resume, today=routine is None)


@commands.command(
    "again",
    short_help="Run the last routine again.",
    epilog=examples("stretch again", "stretch again --brief"),
)
def again_command(
    ctx: typer.Context,
    plain: Plain = False,
    as_json: RunJson = False,
    quiet: Quiet = False,
    brief: Brief = False,
    voice: Voice = None,
    voice_rate: VoiceRate = None,
    pain: Pain = None,
    note: Note = None,
) -> None:
    """Run the last routine again, with the same options (its --avoid, --only, --skip,
    --scale, --minutes and variants), and say which those are."""
    from stretchcli.session.settings import RunFlags

    params.exclusive(("--plain", plain), ("--json", as_json))
    flags = RunFlags(
        quiet=quiet,
        plain=plain,
        as_json=as_json,
        brief=brief,
        voice=voice,
        voice_rate=voice_rate,
        pain=pain,
        note=params.note(note) if note is not None else None,
    )
    _run(application(ctx), flags)


def _run(
    app: Application,
    flags: RunFlags,
    routine: str | None = None,
    resume: bool = False,
    today: bool = False,
) -> None:
    """A run in three steps: its settings (from what the history holds, read once); the
    session, which only writes its own row; then its row to the sync folder. Exit with the
    session's code."""
    from stretchcli.session.planned import PlanError
    from stretchcli.session.replay import check_replayed
    from stretchcli.session.run import NotStarted, run_session
    from stretchcli.session.terminal import Terminated, signals_as_exceptions
    from stretchcli.session.unwind import by_signal

    try:
        settings, catalog, planned, easiest, withheld = _settings(
            app, flags, routine, resume, today
        )
        check_replayed(settings, catalog, withheld)  # a stored session's options, as its own
        with signals_as_exceptions():  # the questions before and after the session too
            outcome = run_session(
                app.env,
                settings,
                catalog,
                app.history(),
                app.devices(),
                planned=planned,
                easiest=easiest,
                rules=_pain_rule(app),
                withheld=withheld,
            )
    except Terminated as exc:  # the answers given are kept; the terminal given back
        raise typer.Exit(exc.exit_code) from None  # the sync folder too: by the next command
    except PlanError as exc:  # the plan names the option; the command line calls it a flag
        raise UsageError(f"--{exc.option}: {exc.message}", exc.hint) from None
    except NotStarted:  # the pain before it at or over the ceiling: nothing of it is kept
        app.env.note("not started: nothing of this session is kept")
        raise typer.Exit(0) from None
    if not by_signal(outcome.exit_code):  # else the next command: a signal means now
        app.sync(app.history(), only_own=True)  # the session, with its ratings, to the folder
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


def _settings(
    app: Application, flags: RunFlags, routine: str | None, resume: bool, today: bool
) -> tuple[RunSettings, Catalog, bool, frozenset[str], Withheld]:
    """How the run is to go: the flags over the config, and what the run needs from the
    history, read here once (`history/past.py`): the session to run again or resume, and the
    rest; the catalog it runs from (with `today`, today's session of the plan, with the
    catalog at its levels), whether it is the plan's, the exercises at their lowest, and
    what the person's plan takes away from the routine."""
    from stretchcli.history.past import read_past
    from stretchcli.session.plan_limits import kept_within
    from stretchcli.session.settings import RunSettings
    from stretchcli.session.welcome import hint_once, may_hint, waiting_said

    waiting_said(app.env)  # a plan that waits for a clinician's check: said at every run
    app.config(strict=True)  # a broken config is said before a broken plan
    plan_kept(app)
    named = routine is not None and not resume
    catalog = plan = None
    easiest: frozenset[str] = frozenset()  # today's plan's exercises at their lowest level
    only_what_the_plan_keeps(app, flags, routine if named else None)
    if today:
        from stretchcli.session.today import the_plan

        app.config(strict=True)  # a broken config is said before a missing plan
        plan = the_plan(app.plan(strict=True))
    elif routine is not None:  # named or resumed: a routine of the plan at its levels
        plan = _plan_holding(app, routine)
        if plan is None and named:
            flags = plan_avoid(app, flags, routine)
    config, history = app.config(strict=True), app.history()
    if resume:
        flags.check_resumable()
    asking = app.env.stdin_isatty  # the question about a short week, at a terminal only
    newcomer = routine is not None and may_hint(app.env)
    past = read_past(history, routine, resume, today=plan, last_week=asking, newcomer=newcomer)
    again = past.last.routine if routine is None and not today and past.last else None
    if again is not None:  # the last session's routine: at the plan's levels, if it holds it
        plan = _plan_holding(app, again)
        if plan is not None:
            held = read_past(history, again, today=plan, last_week=asking)
            past = replace(past, plan=held.plan, last_week=held.last_week)
    if routine is not None:  # a newcomer's first run: `stretch start` is said once
        hint_once(app.env, past.newcomer)
    taken = None
    if plan is not None:
        flags, found = _today(app, flags, resume, plan, past, routine or again)
        catalog, easiest, taken = found.catalog, found.easiest, found.withheld
        routine = None if again is not None else found.routine  # again: its own options
    has_plan = routine is None and app.plan() is not None  # again: where to start, if first
    settings = RunSettings.resolve(
        flags=flags, config=config, past=past, routine=routine, resume=resume, has_plan=has_plan
    )
    if plan is not None and settings.replayed is not None:  # afresh is `stretch run`
        settings = replace(settings, replayed=replace(settings.replayed, today=True))
    if catalog is None:
        catalog = _shaped(app) if named or settings.replayed else app.catalog()
        catalog = own_ways(app, catalog, settings.routine)
    # a stored session's options keep the plan's safety limits
    limits = limits_now(app, settings.routine) if settings.replayed else app.plan()
    settings, said = kept_within(settings, limits, catalog.routines, catalog.exercises)
    if routine is None:  # again: say what it does again
        reused = " ".join(settings.options.flags())
        app.env.note(f"again: {settings.routine}" + (f" {reused}" if reused else ""))
    for line in said:
        app.env.note(line)
    ours = taken is not None  # the plan's session, at its levels (with its catalog)
    if not ours and past.hurt_last:  # the plan's own says so at its levels (`today`)
        catalog = _eased(app, catalog, past.hurt_last, settings.routine)
    catalog = own_cautioned(app, catalog)
    return settings, catalog, ours, easiest, taken if taken is not None else _taken(app, settings)


def _taken(app: Application, settings: RunSettings) -> Withheld:
    """What the person's plan takes away from a routine it does not hold (`withheld_now`)."""
    from stretchcli.session.planned import Withheld

    plan, known = app.plan(), app.catalog()
    routine = known.routines.get(settings.routine)
    if plan is None or routine is None:
        return Withheld()
    return withheld_now(app, plan, routine)


def _today(
    app: Application,
    flags: RunFlags,
    resume: bool,
    plan: Plan,
    past: Past,
    named: str | None = None,
) -> tuple[RunFlags, Today]:
    """Today's routine of the plan (or `named`, one of its routines, on any day), the flags
    it runs with (the plan's --avoid beside the person's; the ratings asked for, as the plan
    moves on them), and the catalog with each exercise at its level; what changed since the
    last session is said first."""
    from stretchcli.history.plan_follow import PlanRecorder
    from stretchcli.session.planned import refuse_withheld
    from stretchcli.session.today import today

    assert past.plan is not None  # read for today's plan
    config = app.config(strict=True)
    week = past.last_week
    found = today(
        app.env,
        app.catalog(),
        plan,
        past.plan,
        week,
        app.weekly_goals().of(week.monday) if week else plan.goal(config.weekly_goal),
        PlanRecorder(app.history()),
        named,
        (flags.only, flags.skip or ()),
        tuple(flags.variants or ()),
    )
    refuse_withheld(flags.only or (), flags.variants or (), found.withheld)  # before it is said
    if not resume:  # a resumed run keeps the options it had
        given = flags.avoid if flags.avoid is not None else config.avoid
        movements = tuple(dict.fromkeys([*found.avoid, *given]))
        flags = replace(flags, avoid=movements or flags.avoid)
    flags = replace(flags, pain=True if flags.pain is None else flags.pain)
    if named is None:
        app.env.note(f"today's plan: {found.heading}")
    else:
        app.env.note(f"{named} is in your plan: each exercise at its level (`stretch plan`)")
    from stretchcli.plan.review import review_said

    review = review_said(plan, app.env.wall().date())
    if review is not None:
        app.env.note(review)
    for line in found.said:
        app.env.note(line)
    return flags, found


def _pain_rule(app: Application) -> Rules:
    """The plan's pain rule, where there is a plan, else the default one."""
    from stretchcli.plan.rules import DEFAULT_RULES

    return plan.rules if (plan := app.plan()) is not None else DEFAULT_RULES


def _shaped(app: Application) -> Catalog:
    """The catalog a named routine (or a stored session's) runs from: with a plan, what it
    leaves out never comes back in place of an avoided exercise (the plan's --skip would)."""
    plan = app.plan()
    if plan is None or not plan.leave_out:
        return app.catalog()
    from stretchcli.files.catalog import Catalog
    from stretchcli.session.today import without_stand_ins

    known = app.catalog()
    return Catalog(known.routines, without_stand_ins(known.exercises, plan), known.problems)


def _eased(app: Application, catalog: Catalog, hurt: frozenset[str], routine: str) -> Catalog:
    """The catalog with each exercise of `routine` that hurt at its latest session saying so
    at its get-ready (review 23, F4: without a plan, the next run gave it at the same dose
    without a word), and said before the run too."""
    from stretchcli.files.catalog import Catalog
    from stretchcli.plan.words import EASED_CAUTION, eased

    known = catalog.routines.get(routine)
    steps = {step.exercise for step in known.steps} if known is not None else set()
    names = sorted(hurt & steps & catalog.exercises.keys())
    for name in names:
        exercise = catalog.exercises[name]
        app.env.note(f"{exercise.name} hurt last time: {EASED_CAUTION.partition(': ')[2]}")
    return Catalog(catalog.routines, eased(catalog.exercises, names), catalog.problems)


def _plan_holding(app: Application, routine: str) -> Plan | None:
    """The plan, if it holds `routine` (which then runs at the plan's levels, as its own
    sessions move them); None without a plan, or for a routine it does not hold."""
    plan = app.plan()
    if plan is None or routine not in plan.schedule.routines():
        return None
    app.config(strict=True)  # a broken config is said before the plan's questions
    return plan
