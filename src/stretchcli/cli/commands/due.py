"""`stretch due`: one short line for a shell prompt or tmux (answered before typer is even
imported, by `stretchcli.entry`; this is the command for help and mistakes)."""

from __future__ import annotations

from typing import Annotated

import typer

from stretchcli.cli.context import application
from stretchcli.cli.params import examples, format_option, json_flag
from stretchcli.remind.due import FORMATS

commands = typer.Typer()


@commands.command(
    "due",
    short_help="One line for a shell prompt or tmux.",
    epilog=examples("stretch due", "stretch due --format tmux"),
)
def due_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        format_option(
            FORMATS, "plain, prompt (in brackets, a space after) or tmux (with tmux's colours)."
        ),
    ] = "plain",
    as_json: Annotated[bool, json_flag("Print the state as JSON.")] = False,
) -> None:
    """One short line for a shell prompt or tmux: 'stretch in 12m', 'stretch due', or
    nothing (reminders off, or outside the working hours). Fast: made for every prompt."""
    from stretchcli.remind.due import report

    env = application(ctx).env
    code = report(env.environ, env.stdout, env.stderr, fmt, as_json, env.wall().timestamp())
    if code:
        raise typer.Exit(code)
