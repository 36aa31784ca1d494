"""`stretch config` and `stretch paths`: the settings, and where everything lives."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli.completion import complete_setting_values, complete_settings
from stretchcli.cli.context import Application, application
from stretchcli.cli.params import examples
from stretchcli.files.config import SETTINGS

if TYPE_CHECKING:
    from pathlib import Path

    from stretchcli.errors import Problem

commands = typer.Typer()

CONFIG_HELP = f"""Show the settings and where each comes from; show one; or set one in config.toml.

Settings: {", ".join(s.name for s in SETTINGS)}.
"""


@commands.command(
    "config",
    help=CONFIG_HELP,
    short_help="Show or change the settings.",
    epilog=examples(
        "stretch config", "stretch config sound false", "stretch config avoid rotation,side-bend"
    ),
)
def config_command(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(
            help="A setting to show or set.", metavar="KEY", autocompletion=complete_settings
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            help="The value to set it to.",
            metavar="VALUE",
            autocompletion=complete_setting_values,
        ),
    ] = None,
    paths: Annotated[
        bool, typer.Option("--paths", help="List where routines, config and history live.")
    ] = False,
) -> None:
    """Show, or set, the settings (the help is CONFIG_HELP, made from the table of them)."""
    from stretchcli.files.config import effective, setting_named, toml_value
    from stretchcli.files.paths import config_path

    app = application(ctx)
    env = app.env
    if paths:
        _print_paths(ctx)
    elif key is not None and value is not None:
        path, written, left = _set(app, key, value)
        env.print_lines([f"{key} = {toml_value(written)}  (written to {path})"])
        _still_wrong(app, left)
        _program_found(app, key, written)
        _plan_goal(app, key)
    elif key is not None:
        rows = effective(app.config(strict=True))
        wanted = setting_named(key)
        env.print_lines([toml_value(v) for s, v, _ in rows if s is wanted])
        _plan_goal(app, wanted.name)
    else:
        from stretchcli.views.settings import settings_table

        env.console().print(settings_table(effective(app.config(strict=True))))
        path = config_path(env.environ)
        env.print_lines([f"config file: {path}{'' if path.exists() else '  (not there yet)'}"])
        _plan_goal(app, "weekly_goal")


def _plan_keeps(app: Application, key: str, routine: str) -> None:
    """Of `remind_routine`: a UsageError where the plan leaves nothing of `routine` (each
    reminder's Start would have nothing to do)."""
    from stretchcli.remind.planned import refused

    plan = app.plan() if key == "remind_routine" else None
    if plan is not None and plan.leave_out:
        refused(plan, app.catalog().routines, routine, "`stretch config remind_routine ROUTINE`")


def _set(app: Application, key: str, value: str) -> tuple[Path, object, tuple[Problem, ...]]:
    """Write one setting, once the plan is known to keep working with it; the weekly goal
    seen before and after it (weeks lived under the one before keep it)."""
    from stretchcli.files.config_edit import set_value

    _plan_keeps(app, key, value)
    with app.changing_goal() if key == "weekly_goal" else contextlib.nullcontext():
        return set_value(app.env.environ, key, value)


def _still_wrong(app: Application, left: tuple[Problem, ...]) -> None:
    """Each line of the file still wrong after a setting was written (attack 20, A6:
    "written", and every command still stopped at another line)."""
    for problem in left:
        app.env.warn(
            f"{problem}: every command stops there, so no setting is in force until it is "
            "right too (set it with `stretch config` too, or fix it by hand)"
        )


def _program_found(app: Application, key: str, value: object) -> None:
    """Of `terminal`: a warning where its program is found neither on PATH nor at the path
    given (attack 21, B5: the mistake showed only when a reminder's Start was clicked). It
    is written all the same: the program may be installed later, or on PATH only where the
    reminders run."""
    import shlex
    import shutil

    if key != "terminal" or not isinstance(value, str) or not value.strip():
        return
    program = shlex.split(value)[0]
    if shutil.which(program, path=app.env.environ.get("PATH", "")) is None:
        from stretchcli.text import one_line

        shown = one_line(program)
        where = f"at '{shown}'" if "/" in program else f"named '{shown}' on PATH here"
        app.env.warn(
            f"terminal: there is no program {where}; a reminder's Start fails until there is "
            "(install it, or give its full path)"
        )


def _plan_goal(app: Application, key: str) -> None:
    """Where `key` is the weekly goal and a plan sets its own, say that the plan's is used
    (the setting is kept: it applies again without a plan)."""
    if key != "weekly_goal":
        return
    from stretchcli.plan.words import goal_used_said

    plan = app.plan()
    said = goal_used_said(plan) if plan is not None else None
    if said is not None:
        app.env.note(said)


@commands.command(
    "paths",
    short_help="Where routines, config and history live.",
    epilog=examples("stretch paths"),
)
def paths_command(ctx: typer.Context) -> None:
    """List every folder searched for routines and exercises (highest precedence first), and
    where the config file and the history live."""
    _print_paths(ctx)


def _print_paths(ctx: typer.Context) -> None:
    from stretchcli.views.settings import paths_lines

    env = application(ctx).env
    env.print_lines(paths_lines(env.environ))
