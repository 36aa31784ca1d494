"""`stretch list`, `show`, `validate` and `safety`: what there is, and how to do it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stretchcli.cli.completion import complete_names
from stretchcli.cli.context import application
from stretchcli.cli.params import json_flag
from stretchcli.errors import ExitCode, UsageError

commands = typer.Typer()


@commands.command("list")
def list_command(
    ctx: typer.Context,
    exercises: Annotated[
        bool, typer.Option("--exercises", help="List the exercise library instead of routines.")
    ] = False,
    as_json: Annotated[bool, json_flag("Print JSON instead of a table.")] = False,
) -> None:
    """List the routines (id, name, time, exercises, source), or the exercise library."""
    from stretchcli.views.catalog import exercise_list, routine_list

    app = application(ctx)
    catalog = app.catalog()
    listing = exercise_list(catalog) if exercises else routine_list(catalog)
    if as_json:
        app.env.print_json(listing.json())
    else:
        app.env.print_lines(listing.lines(app.env.width), head=True)


@commands.command("show")
def show_command(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="A routine or exercise id.", metavar="NAME", autocompletion=complete_names
        ),
    ],
    as_json: Annotated[bool, json_flag("Print JSON instead of text.")] = False,
    svg: Annotated[
        str | None,
        typer.Option(
            "--svg",
            help="Write an exercise's start and end positions to this file as an SVG picture "
            "(-: to the output).",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Show a routine (steps, doses, total time, cautions) or an exercise (how to do it, with
    pictures of its start and end positions)."""
    from stretchcli.views.catalog import page

    app = application(ctx)
    catalog = app.catalog()
    shown = page(catalog.find(name), catalog)
    if svg is not None:
        from stretchcli.files.output import output_path, write_output
        from stretchcli.views.catalog import ExercisePage
        from stretchcli.views.figure import svg as svg_text

        figure = shown.exercise.figure if isinstance(shown, ExercisePage) else None
        if figure is None:
            raise UsageError(f"--svg: {name} has no figure", "figures belong to exercises")
        path = output_path(svg, "--svg")
        write_output(path, [svg_text(figure, ("start", "held"))], app.env.stdout)
        if path is not None:
            app.env.print_lines([str(path)])
    elif as_json:
        app.env.print_json(shown.json())
    else:
        from stretchcli.views.show import render

        app.env.console().print(render(shown, app.env.width))


@commands.command("validate")
def validate_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Routine or exercise files, or folders of them.",
            metavar="PATH...",
            show_default=False,
        ),
    ],
) -> None:
    """Check routine and exercise files; print every problem as FILE:LINE:COL: message.

    A file inside a folder named `exercises` is an exercise; any other is a routine.
    """
    from stretchcli.files.catalog import validate
    from stretchcli.text import plural

    if "" in paths:  # Path("") is ".": an empty argument would check the whole folder
        raise UsageError("validate: an empty path", "name a file or a folder, e.g. routines/")
    app = application(ctx)
    count, problems = validate([Path(p) for p in paths], app.folders())
    app.env.print_lines([str(problem) for problem in problems])
    if problems:
        app.env.print_lines([f"{plural(len(problems), 'problem')} in {plural(count, 'file')}"])
        raise typer.Exit(ExitCode.FAILURE)
    app.env.print_lines([f"ok: {plural(count, 'file')} checked"])


@commands.command("safety")
def safety_command(
    ctx: typer.Context,
    as_json: Annotated[bool, json_flag("Print the note as JSON.")] = False,
) -> None:
    """The full safety note, and the red flags: when to stop and get help, and how urgently."""
    env = application(ctx).env
    if as_json:
        from stretchcli.views.safety import safety_record

        env.print_json(safety_record())
    else:
        from stretchcli.views.safety import safety_view

        env.console().print(safety_view())
