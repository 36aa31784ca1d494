"""`stretch plan` and `plan use`: the plan across weeks, and adopting a plan file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli.context import Application, application
from stretchcli.cli.params import examples, file_name, json_flag

if TYPE_CHECKING:
    from pathlib import Path

    from stretchcli.views.plan import PlanPage

commands = typer.Typer()
plan_app = typer.Typer(
    name="plan", short_help="Your plan: routines, levels and why.", rich_markup_mode=None
)
commands.add_typer(plan_app)


@plan_app.callback(
    invoke_without_command=True,
    epilog=examples("stretch plan", "stretch plan --json", "stretch plan use physio-plan.yaml"),
)
def plan_command(
    ctx: typer.Context,
    as_json: Annotated[bool, json_flag("Print the plan as JSON.")] = False,
) -> None:
    """The current plan: its routines, each exercise's level on its ladder and why, what the
    next session starts with, and the rules with their sources.

    `plan use FILE` adopts a plan file, e.g. one a physiotherapist wrote."""
    if ctx.invoked_subcommand is not None:
        return
    app = application(ctx)
    page = _page(app)
    if as_json:
        app.env.print_json(page.json())
    else:
        app.env.print_lines(page.lines(app.env.width))


@plan_app.command(
    "use",
    short_help="Make a plan file your plan.",
    epilog=examples("stretch plan use physio-plan.yaml"),
)
def plan_use_command(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="The plan file (YAML) to check and adopt.", metavar="FILE")
    ],
) -> None:
    """Check a plan file and make it your plan (a copy in your config folder); the plan
    before it is kept beside it as plan.previous.yaml. Its exercises start where it says."""
    from stretchcli.files.plan_adopt import adopt, waited_said

    app = application(ctx)
    source = _plan_file(file)
    _history_free(app)
    with app.changing_goal():  # (a new goal is said last)
        adopted = adopt(app.env.environ, source, app.catalog(), app.env.wall().date())
        if adopted.previous is not None:
            app.env.note(f"the plan before is kept as {adopted.previous}")
        if adopted.waited:
            app.env.note(waited_said(adopted))
        for warning in adopted.warnings:
            app.env.note(str(warning))
        _page(app)  # the plan's start is recorded in the history now
        app.env.print_lines([f"plan adopted: {adopted.path}"])


def _plan_file(text: str) -> Path:
    """FILE as a path; `-` (standard input, for `history import`) is a UsageError: a plan is
    adopted from a file, which is copied (a file named `-` is given as `./-`)."""
    if text == "-":
        from stretchcli.errors import UsageError

        raise UsageError(
            "FILE: - (standard input) is not read by `plan use`",
            "give the plan file's name; save the plan to a file first",
        )
    return file_name(text)


def _history_free(app: Application) -> None:
    """Stop, adopting nothing, where the plan's start could not be recorded as it is adopted
    (`plan_follow.free_to_adopt`). (Not synced first: that is for after the plan file is
    checked.)"""
    from stretchcli.history.plan_follow import free_to_adopt
    from stretchcli.history.store import History, history_path

    env = app.env
    with History(history_path(env.environ), env.warn, env.wall) as history:
        free_to_adopt(history)


def _page(app: Application) -> PlanPage:
    """The current plan and its progress as of now (a UsageError-free StretchError when there
    is no plan); new level changes are recorded in the history on the way."""
    from stretchcli.errors import StretchError
    from stretchcli.files.planfile import load_plan, plan_path
    from stretchcli.history.plan_follow import follow
    from stretchcli.plan.levels import file_ladders
    from stretchcli.views.plan import plan_page

    catalog = app.catalog()
    plan = load_plan(app.env.environ, catalog)
    if plan is None:
        from stretchcli.session.welcome import waiting_path

        waiting = waiting_path(app.env)
        if waiting is not None:  # start made one, to adopt after the check (review 19, F16)
            raise StretchError(
                "you have no plan in use yet: one waits for a clinician to check the pain "
                "between your shoulder blades",
                f"once it is checked, adopt it with `stretch plan use {waiting}`",
            )
        raise StretchError(
            "you have no plan yet",
            "make one with `stretch start`, or adopt a plan file with `stretch plan use FILE`",
        )
    from stretchcli.session.welcome import waiting_said

    waiting_said(app.env)  # start made one while this is in use (review 20, F2)
    history = app.history()
    ladders = file_ladders(catalog.exercises)
    followed = follow(history, plan, ladders, catalog.routines, catalog.exercises, app.env.warn)
    done = followed.done(plan.schedule.routines())
    today = app.env.wall().date()
    goal = app.config().weekly_goal
    path = plan_path(app.env.environ)
    return plan_page(plan, path, followed, ladders, catalog.exercises, today, done, goal)
