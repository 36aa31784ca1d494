"""`stretch remind` and its `on`, `off`, `snooze`, `skip` and `check`: reminders to stretch."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli import params
from stretchcli.cli.completion import complete_one_of, complete_routines, complete_snooze
from stretchcli.cli.context import application
from stretchcli.cli.params import examples, json_flag
from stretchcli.errors import UsageError
from stretchcli.remind.schedulers import SCHEDULERS

if TYPE_CHECKING:
    from stretchcli.cli.context import Application
    from stretchcli.env import Environment

commands = typer.Typer()
remind_app = typer.Typer(
    name="remind", short_help="Reminders to stretch, on a schedule.", rich_markup_mode=None
)
commands.add_typer(remind_app)


@remind_app.callback(
    invoke_without_command=True, epilog=examples("stretch remind", "stretch remind --json")
)
def remind_command(
    ctx: typer.Context,
    as_json: Annotated[bool, json_flag("Print the status as JSON.")] = False,
) -> None:
    """The reminders: the schedule, the next one, any snooze, how the check is installed.

    `stretch remind on` starts them, `off` stops them; `snooze [30m]` and `skip` put off
    the next one; `check` is what the scheduler runs."""
    if ctx.invoked_subcommand is not None:
        return
    from stretchcli.remind.setup import status

    app = application(ctx)
    config = app.config(strict=True)
    shown = status(config, app.history(), app.env.environ)
    if config.remind:  # (off, nothing is suggested)
        _plan_warning(app, config.remind_routine)
    if as_json:
        app.env.print_json(shown.record())
    else:
        _say(app.env, shown.lines())


@remind_app.command(
    "on",
    short_help="Turn reminders on.",
    epilog=examples(
        "stretch remind on",
        "stretch remind on --every 45m --days mon-fri",
        "stretch remind on --between 08:30-17:00",
    ),
)
def remind_on_command(
    ctx: typer.Context,
    every: Annotated[
        str | None,
        typer.Option(
            help="Time between reminders, e.g. 50m or 1h30m.",
            parser=params.every,
            metavar="TIME",
        ),
    ] = None,
    between: Annotated[
        str | None,
        typer.Option(
            help="Working hours to remind in, e.g. 09:00-17:30.",
            parser=params.between,
            metavar="HOURS",
        ),
    ] = None,
    days: Annotated[
        str | None,
        typer.Option(
            help="Days to remind on, e.g. mon-fri or mon,wed,fri.",
            parser=params.days,
            metavar="DAYS",
        ),
    ] = None,
    routine: Annotated[
        str | None,
        typer.Option(
            help="The routine to suggest (default: desk-break).",
            metavar="ROUTINE",
            autocompletion=complete_routines,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="systemd, launchd, schtasks or cron (default: this system's own).",
            parser=params.one_of(SCHEDULERS),
            metavar="NAME",
            autocompletion=complete_one_of(SCHEDULERS),
        ),
    ] = None,
    as_json: Annotated[bool, json_flag("Print what was done, and the status, as JSON.")] = False,
) -> None:
    """Turn reminders on: the system's scheduler runs `stretch remind check` every 5 minutes,
    which shows a notification when a stretch is due."""
    from stretchcli.remind.setup import NoScheduler, turn_on

    if routine is not None:
        params.given_name(routine, "--routine", params.ROUTINE_NAME)
    app = application(ctx)
    given = {"remind_every": every, "remind_between": between, "remind_days": days}
    changes = {k: v for k, v in {**given, "remind_routine": routine}.items() if v is not None}
    named = next((s for s in SCHEDULERS if s == scheduler), None)  # checked by its parser
    config = app.config(strict=True)
    _plan_keeps(app, routine or config.remind_routine, "--routine")
    try:
        done = turn_on(app.env.environ, config, changes, named, app.history)
    except NoScheduler as exc:
        if exc.crontab_line is not None:
            app.env.print_lines([exc.crontab_line])
        raise
    if as_json:
        app.env.print_json(done.record())
    else:
        _say(app.env, done.lines())


@remind_app.command("off", short_help="Turn reminders off.", epilog=examples("stretch remind off"))
def remind_off_command(
    ctx: typer.Context,
    as_json: Annotated[bool, json_flag("Print what was removed as JSON.")] = False,
) -> None:
    """Turn reminders off, and remove everything `remind on` installed (do this before
    uninstalling stretch)."""
    from stretchcli.remind.setup import NotAllRemoved, turn_off

    env = application(ctx).env
    done = turn_off(env.environ)
    if as_json:
        env.print_json(done.record())
    else:
        _say(env, done.lines())
    if done.failed():
        raise NotAllRemoved


@remind_app.command(
    "snooze",
    short_help="Put the next reminder off for a while.",
    epilog=examples(
        "stretch remind snooze", "stretch remind snooze 2h", "stretch remind snooze tomorrow"
    ),
)
def remind_snooze_command(
    ctx: typer.Context,
    time: Annotated[
        str,
        typer.Argument(
            help="How long, e.g. 30m or 2h; or tomorrow (no more reminders today).",
            metavar="TIME",
            autocompletion=complete_snooze,
        ),
    ] = "30m",
) -> None:
    """Put the next reminder off for a while (default 30 minutes)."""
    from stretchcli.remind.setup import snooze
    from stretchcli.words import ScheduleError, parse_snooze

    try:
        minutes = None if time.strip().lower() == "tomorrow" else parse_snooze(time)
    except ScheduleError as exc:
        raise UsageError(f"snooze: {exc}, or tomorrow, not '{time}'") from None
    app = application(ctx)
    history = app.history()
    done = snooze(app.config(strict=True), history, minutes, app.env.environ)
    app.sync(history, only_own=True)  # the snooze, to the other machines
    _say(app.env, [done.done, f"Next: {done.next}"])


@remind_app.command(
    "skip", short_help="Skip the next reminder.", epilog=examples("stretch remind skip")
)
def remind_skip_command(ctx: typer.Context) -> None:
    """Skip the next reminder: the one after comes a full interval from now."""
    from stretchcli.remind.setup import skip

    app = application(ctx)
    history = app.history()
    done = skip(app.config(strict=True), history, app.env.environ)
    app.sync(history, only_own=True)  # the skip, to the other machines
    _say(app.env, [done.done, f"Next: {done.next}"])


@remind_app.command(
    "check", short_help="Remind now if a stretch is due.", epilog=examples("stretch remind check")
)
def remind_check_command(ctx: typer.Context) -> None:
    """Show a reminder if one is due (what the scheduler runs every 5 minutes)."""
    from stretchcli.remind.check import check
    from stretchcli.remind.senses import sense

    app = application(ctx)
    config = app.config(strict=True)
    env = app.env
    history = app.history()
    state = history.path.parent
    said = check(
        config,
        history,
        env.environ,
        lambda r: _seconds(ctx, r),
        lambda now: sense(env.environ, state, now),
        sys.platform,
        env.monotonic,
        env.sleep,
    )
    app.sync(history, only_own=True)  # the reminder and its answer, to the other machines
    _say(env, [said])


def _say(env: Environment, lines: list[str]) -> None:
    """Print lines wrapped to the terminal's width, a line's continuation under its start
    (made one line first, so that what shows is what is measured)."""
    from stretchcli.text import one_line, wrapped

    env.print_lines(wrapped([one_line(line) for line in lines], env.width, hang=2))


def _seconds(ctx: typer.Context, routine: str) -> float | None:
    """How long `routine` takes, coached as the config says; None when there is no such one."""
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan
    from stretchcli.session.timeline import length

    app = application(ctx)
    catalog = app.catalog()
    if routine not in catalog.routines:
        return None
    found = catalog.routine(routine)
    return length(plan(found, catalog.exercises, RunOptions()), app.config().coach)


def _plan_keeps(app: Application, routine: str, how: str) -> None:
    """A UsageError where the plan leaves nothing of `routine`, the one reminders suggest
    (`how`: the way to choose another)."""
    from stretchcli.remind.planned import refused

    plan = app.plan()
    if plan is not None and plan.leave_out:
        refused(plan, app.catalog().routines, routine, how)


def _plan_warning(app: Application, routine: str) -> None:
    """Warn where the plan, changed since reminders were set, leaves nothing of `routine`."""
    from stretchcli.remind.planned import warning

    plan = app.plan()
    said = warning(plan, app.catalog().routines, routine) if plan and plan.leave_out else None
    if said is not None:
        app.env.warn(said)
