"""`stretch report`: the history summed up for a physiotherapist."""

from __future__ import annotations

from typing import Annotated

import typer

from stretchcli.cli import params
from stretchcli.cli.context import application
from stretchcli.cli.params import Output, RoutineFilter, examples, format_option, since_option
from stretchcli.errors import UsageError
from stretchcli.report import DEFAULT_SINCE, FORMATS

commands = typer.Typer()


@commands.command(
    "report",
    short_help="A summary for your physiotherapist.",
    epilog=examples("stretch report", "stretch report --since 30d -o report.html"),
)
def report_command(
    ctx: typer.Context,
    since: Annotated[str, since_option("From when:")] = DEFAULT_SINCE,
    routine: RoutineFilter = None,
    fmt: Annotated[
        str | None,
        format_option(
            FORMATS,
            "html (a page to print or send, with charts), md (to paste into a message), "
            "csv (a row per session) or json. Default: from the file name of -o, else md.",
        ),
    ] = None,
    output: Output = None,
) -> None:
    """A summary to show your physiotherapist: what happened over the period in a few
    sentences, then sessions a week against your weekly goal, how each exercise went (by name,
    with its dose), pain and difficulty over time, notes and reminders; with a plan, planned
    against done, each exercise's level over time and why, and pain over the plan's ceiling."""
    from stretchcli.files.output import output_path, write_output
    from stretchcli.report.collect import collect
    from stretchcli.report.render import format_for, render

    app = application(ctx)
    path = output_path(output, own=app.own_folders())
    chosen = format_for(path, fmt)
    if chosen == "html" and path is None and app.env.stdout_isatty:
        raise UsageError(
            "the HTML report is a page to open in a browser, not to read here",
            "give -o report.html",
        )
    start = params.since(since, app.env.wall().date())
    routine = params.known_routine(app, routine)
    goal = app.weekly_goals()
    history, catalog = app.history(), app.catalog()
    report = collect(history, start, routine, goal, catalog, app.env.user, app.plan())
    write_output(path, render(report, chosen), app.env.stdout)
    if path is not None:
        app.env.note(f"report written to {path}")
