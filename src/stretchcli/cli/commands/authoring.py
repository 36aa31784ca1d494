"""`stretch new`, `edit` and `schema`: the person's own routines and exercises."""

from __future__ import annotations

from typing import Annotated

import typer

from stretchcli.cli.completion import complete_names, complete_sources
from stretchcli.cli.context import application
from stretchcli.cli.params import examples

commands = typer.Typer()


@commands.command(
    "new",
    short_help="Write a new routine or exercise of your own.",
    epilog=examples("stretch new lunch-break", "stretch new my-upper-back --from upper-back"),
)
def new_command(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The new routine's (or exercise's) id.", metavar="NAME")
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Copy this routine (or exercise) instead of the template.",
            metavar="NAME",
            autocompletion=complete_sources,
        ),
    ] = None,
    exercise: Annotated[bool, typer.Option("--exercise", help="Make an exercise.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a file that exists.")] = False,
) -> None:
    """Write a new routine (or exercise) into your routines folder and print its path.

    Without --from it is a template with every key explained in a comment."""
    from stretchcli.files.authoring import create
    from stretchcli.files.scan import FileKind

    app = application(ctx)
    kind: FileKind = "exercise" if exercise else "routine"
    created = create(app.env.environ, app.folders(), name, kind, source, force)
    app.env.print_lines([str(created.path)])
    if created.shadows is not None:
        shadowed = created.shadows
        app.env.note(f"it takes the place of {shadowed.source} {name} ({shadowed.path})")


@commands.command(
    "edit",
    short_help="Edit a routine or exercise, then check it.",
    epilog=examples("stretch edit upper-back", "EDITOR=nano stretch edit lunch-break"),
)
def edit_command(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="A routine or exercise id.", metavar="NAME", autocompletion=complete_names
        ),
    ],
) -> None:
    """Open your copy of a routine or exercise in $VISUAL or $EDITOR, then check it.

    Editing a built-in one first copies it to your routines folder, where it then takes the
    place of the built-in one."""
    from stretchcli.files.authoring import Talk, edit
    from stretchcli.session.terminal import Terminated, signals_as_exceptions

    app = application(ctx)
    env = app.env
    talk = Talk(env.note, env.print_lines, env.confirm, env.stdin_isatty)
    try:
        with signals_as_exceptions():  # a closed window still removes an unchanged copy
            path = edit(env.environ, app.folders(), name, talk)
    except Terminated as exc:
        raise SystemExit(exc.exit_code) from None
    env.print_lines([f"ok: {path}"])


@commands.command(
    "schema",
    short_help="The JSON Schema of the files, for editors.",
    epilog=examples(
        "stretch schema > stretch-routine.schema.json",
        "stretch schema --exercise",
        "stretch schema --plan",
    ),
)
def schema_command(
    ctx: typer.Context,
    exercise: Annotated[
        bool, typer.Option("--exercise", help="The schema of exercise files instead.")
    ] = False,
    plan: Annotated[bool, typer.Option("--plan", help="The schema of plan files instead.")] = False,
) -> None:
    """Print the JSON Schema of routine files (or exercise or plan files), for editors' YAML
    support."""
    if plan:
        from stretchcli.errors import UsageError
        from stretchcli.files import plan_fields

        if exercise:
            raise UsageError("--exercise and --plan: give one of them")
        application(ctx).env.print_json(plan_fields.json_schema())
        return
    from stretchcli.files.json_schema import json_schema

    application(ctx).env.print_json(json_schema(exercise))
