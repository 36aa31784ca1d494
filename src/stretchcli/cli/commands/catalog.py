"""`stretch list`, `show`, `validate` and `safety`: what there is, and how to do it."""

# No `from __future__ import annotations`: typer reads the commands' annotations on every
# start, and as strings each would be compiled and evaluated again (about 1 ms for `list`).

from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli.completion import complete_names
from stretchcli.cli.context import Application, application
from stretchcli.cli.params import examples, file_name, given_name, json_flag
from stretchcli.errors import ExitCode, Problem, UsageError, problem_lines

if TYPE_CHECKING:
    from stretchcli.views.catalog import ExerciseList, ExercisePage, RoutinePage

commands = typer.Typer()


@commands.command(
    "list",
    short_help="List the routines, or the exercises.",
    epilog=examples("stretch list", "stretch list --exercises"),
)
def list_command(
    ctx: typer.Context,
    exercises: Annotated[
        bool, typer.Option("--exercises", help="List the exercise library instead of routines.")
    ] = False,
    as_json: Annotated[bool, json_flag("Print JSON instead of a table.")] = False,
) -> None:
    """List the routines, or the exercise library.

    The table's columns: routine (the id to run), name, time (the whole routine, coached in
    full), steps (how many exercises) and source (built-in, yours, or a STRETCH_PATH folder)."""
    from stretchcli.views.routine_table import RoutineTable

    app = application(ctx)
    listing: ExerciseList | RoutineTable
    if exercises:
        from stretchcli.views.catalog import exercise_list

        listing = exercise_list(app.catalog())
    else:
        listing = RoutineTable(app.routines_listed())  # kept from the last `list`, if it can be
    if as_json:
        app.env.print_json(listing.json())
    else:
        width = app.env.width if app.env.stdout_isatty else 0  # piped: whole names
        app.env.print_lines(listing.lines(width), head=True)


@commands.command(
    "show",
    short_help="Show how to do a routine or an exercise.",
    epilog=examples(
        "stretch show upper-back", "stretch show rhomboid-stretch --variant long-sitting"
    ),
)
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
            help="Write an exercise's start and held positions to this file as an SVG picture "
            "(-: to the output).",
            metavar="FILE",
        ),
    ] = None,
    variant: Annotated[
        str | None,
        typer.Option("--variant", help="Show this variant of the exercise.", metavar="NAME"),
    ] = None,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text: no colours, no pictures.")
    ] = False,
    figures: Annotated[
        bool | None,
        typer.Option(
            "--figures/--no-figures",
            help="Draw the positions in braille, or not (default: on a terminal, unless "
            "TERM=dumb, --plain or the config's figures = false).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show a routine (steps, doses, total time, cautions) or an exercise (how to do it, with
    its start and held positions in words and pictures)."""
    from stretchcli.views.catalog import shown_page

    given_name(name, "NAME", "a routine's or an exercise's id, as `stretch list` shows it")
    app = application(ctx)
    shown = shown_page(app.catalog(), name, variant)
    if svg is not None:
        _write_svg(app, name, shown, svg)
    elif as_json:
        app.env.print_json(shown.json())
    else:
        from stretchcli.views.show import draws_pictures, render

        env = app.env
        pictures = draws_pictures(figures, plain, env.stdout_isatty, env.dumb, app.config().figures)
        env.console(plain).print(render(shown, env.width, pictures), crop=False)


def _write_svg(
    app: Application, name: str, shown: "RoutinePage | ExercisePage", target: str
) -> None:
    """`show --svg`: an exercise's start and held positions, as one SVG picture."""
    from stretchcli.files.output import output_path, write_output
    from stretchcli.files.suffixes import check_suffix
    from stretchcli.views.catalog import ExercisePage
    from stretchcli.views.figure import svg

    exercise = shown.exercise if isinstance(shown, ExercisePage) else None
    figure = exercise.figure if exercise is not None else None
    if exercise is None or figure is None:
        raise UsageError(f"--svg: {name} has no figure", "figures belong to exercises")
    title = f"{exercise.name}: start and held positions"
    path = output_path(target, "--svg", own=app.own_folders())
    check_suffix(path, "--svg", ("svg",), "an SVG picture")
    write_output(path, [svg(figure, ("start", "held"), title=title)], app.env.stdout)
    if path is not None:
        app.env.print_lines([str(path)])


@commands.command(
    "validate",
    short_help="Check routine, exercise and plan files.",
    epilog=examples(
        "stretch validate my-routines/", "stretch validate lunch.yaml exercises/neck.yaml"
    ),
)
def validate_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Routine, exercise or plan files, or folders of them.",
            metavar="PATH...",
            show_default=False,
        ),
    ],
) -> None:
    """Check routine, exercise and plan files; print every problem as FILE:LINE:COL: message.

    A file inside a folder named `exercises` is an exercise; a plan.yaml, or a file with
    `days:` or `rotation:` (and no `steps:`), is a plan (a plan.yaml with `steps:` in a
    routines folder is a routine); any other is a routine."""
    from stretchcli.files.catalog import nothing_checked, validate
    from stretchcli.files.output import spelt_apart
    from stretchcli.text import plural

    for path in paths:  # Path("") is ".": an empty argument would check the whole folder
        file_name(path, "name a file or a folder, e.g. routines/", "PATH")
    app = application(ctx)
    from stretchcli.files.planfile import PlanFiles

    files = [spelt_apart(f"./{p}" if p == "-" else p) for p in paths]  # no standard input
    plans = PlanFiles(app.env.wall().date(), [folder.path for folder in app.folders()])
    found = validate(files, app.folders(), plans)
    problems, count = found.problems, found.files
    app.env.print_lines(problem_lines(sorted(problems + found.warnings, key=_where)))
    if problems:
        app.env.print_lines([f"{plural(len(problems), 'problem')} in {plural(count, 'file')}"])
        raise typer.Exit(ExitCode.FAILURE)
    if count == 0:  # nothing to do, as `remind off` with nothing installed: said, and 0
        app.env.print_lines([nothing_checked(paths)])
        return
    checks = f" ({plural(len(found.warnings), 'warning')})" if found.warnings else ""
    app.env.print_lines([f"ok: {plural(count, 'file')} checked{checks}"])


def _where(problem: Problem) -> tuple[str, int, int]:
    return str(problem.path), problem.line, problem.column


@commands.command(
    "safety", short_help="When to stop, and when to get help.", epilog=examples("stretch safety")
)
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

        env.console().print(safety_view(), crop=False)
