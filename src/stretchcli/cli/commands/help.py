"""`stretch help [COMMAND]`: the help of the app, or of one command."""

from __future__ import annotations

from typing import Annotated

import typer

from stretchcli.cli.context import application
from stretchcli.cli.params import examples

commands = typer.Typer()


@commands.command(
    "help",
    short_help="Show the help of a command.",
    epilog=examples("stretch help run", "stretch help history note"),
)
def help_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(help="A command, e.g. run or history note.", metavar="[COMMAND]"),
    ] = None,
) -> None:
    """Show the help of stretch, or of one of its commands (the same as COMMAND --help)."""
    from stretchcli.cli.app import COMMANDS, build

    app = application(ctx)
    named = list(words or [])
    wanted = [named[0]] if named and named[0] in COMMANDS else None
    code = build(wanted)(
        [*named, "--help"], prog_name="stretch", obj=app.env, standalone_mode=False
    )
    if code:
        raise typer.Exit(code)
