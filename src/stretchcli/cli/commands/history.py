"""`stretch history` and its `note`, `export` and `import`: the sessions done so far."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli.cli import params
from stretchcli.cli.context import Application, application
from stretchcli.cli.params import (
    Output,
    RoutineFilter,
    examples,
    file_name,
    json_flag,
    since_option,
)
from stretchcli.moments import day_start

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import RenderableType

    from stretchcli.history.levels import LevelChange
    from stretchcli.history.transfer import Imported
    from stretchcli.plan.model import Plan

commands = typer.Typer()
history_app = typer.Typer(
    name="history", short_help="Your sessions, streak and pain.", rich_markup_mode=None
)
commands.add_typer(history_app)


@history_app.callback(
    invoke_without_command=True,
    epilog=examples(
        "stretch history", "stretch history --since 6w", "stretch history --since 2026-11-02 --json"
    ),
)
def history_command(
    ctx: typer.Context,
    as_json: Annotated[bool, json_flag("Print the sessions as JSON.")] = False,
    since: Annotated[str | None, since_option("Only sessions from then on:")] = None,
    routine: RoutineFilter = None,
) -> None:
    """Past sessions, the current streak, a calendar of active days and the pain trend;
    with a plan, its level changes and the answers about short weeks (--json: after the
    sessions, as {"level_change": ...} and {"barrier": ...}).

    `history note [SESSION] TEXT` adds a note; `history export` and `history import FILE`
    move the history between machines; `history sync` shares it through a folder you sync."""
    if ctx.invoked_subcommand is not None:
        return
    app = application(ctx)
    today = app.env.wall()
    first = params.since(since, today.date()) if since is not None else None
    routine = params.known_routine(app, routine)
    if as_json:
        app.env.print_json_list(_listed(app, first, routine))
    else:
        app.env.console().print(_page(app, today, first, routine))


def _listed(app: Application, first: date | None, routine: str | None) -> Iterator[str]:
    """`history --json`'s items: the sessions, then the plan's records from `first` on,
    then the sessions whose pain reached its ceiling."""
    from stretchcli.history import ceiling, plan_lines
    from stretchcli.history.bulk import Span

    history = app.history()
    begun = day_start(first) if first else None
    records = history.records(Span(first, None, routine))
    plan = app.plan()
    over = ceiling.json_items(history, plan, begun, routine) if plan is not None else []
    told = _told(app, plan) if plan_lines.records(history, begun) != ([], []) else None
    return itertools.chain(records, plan_lines.json_items(history, begun, told), over)


def _told(app: Application, plan: Plan | None) -> list[LevelChange]:
    """The level changes told as made: those the plan makes (`level_rule.told`)."""
    from stretchcli.history.plan_follow import told_changes

    catalog = app.catalog()
    return told_changes(app.history(), plan, catalog.routines, catalog.exercises)[0]


def _page(
    app: Application, today: datetime, first: date | None, routine: str | None
) -> RenderableType:
    """`stretch history`'s page: the sessions, the streak and calendar, the plan's lines."""
    from stretchcli.history import plan_lines
    from stretchcli.history.bulk import Span
    from stretchcli.history.ceiling import flagged, plan_began
    from stretchcli.history.past import ahead_of_clock
    from stretchcli.plan.review import review_said
    from stretchcli.views.history import RECENT, Over, history_view
    from stretchcli.views.levels import plan_block
    from stretchcli.views.levels import plan_lines as said

    history = app.history()
    begun = day_start(first) if first else None
    changes, answers = plan_lines.records(history, begun)
    plan = None
    if changes or answers:
        changes = [c for c in _told(app, app.plan()) if begun is None or c.at >= begun]
        exercises = app.catalog().exercises

        def name(ident: str) -> str:
            found = exercises.get(ident)
            return found.name if found else ident

        plan = plan_block(said(changes, answers, name))
    span = Span(first, today, routine)
    days = history.days(span)
    recent = history.recent(RECENT, begun, routine, now=today)
    # Started after now (a clock ahead put them there): not counted yet, but shown. The
    # page's one now: a session between two readings was in neither list (attack 19, H18).
    ahead = ahead_of_clock(history, routine, today)[:RECENT]
    reminders = history.reminder_counts(span)
    goal = app.weekly_goals()
    current = app.plan()
    review = over = None
    if current is not None:
        review = review_said(current, today.date())
        began = plan_began(history, current)
        flags = {s.id for s in recent if flagged(current, began, s)}
        over = Over(flags, current.rules.ceiling.value)
    return history_view(
        days, recent, today.date(), reminders, goal, routine, first, plan, ahead, review, over,
        _first_session(app, current),
    )  # fmt: skip


def _first_session(app: Application, plan: Plan | None) -> str:
    """How to start where no session is yet, with a plan or one waiting for a clinician's
    check (review 19, F16: `stretch run upper-back` was said minutes after 'get seen
    today'); '' without either."""
    from stretchcli.session.welcome import waiting_path

    waiting = waiting_path(app.env)
    start = "Start one with: stretch run (today's routine of your plan)" if plan else ""
    if waiting is None:
        return start
    wait = (
        "A plan waits for a clinician to check the pain between your shoulder blades: once "
        f"it is checked, adopt it with: stretch plan use {waiting}"
    )  # with a plan in use too: start made it since (review 20, F2)
    return f"{wait}. {start}" if start else wait


@history_app.command(
    "note",
    short_help="Add a note to a session.",
    epilog=examples(
        'stretch history note "tight on the left"', 'stretch history note 12 "better after lunch"'
    ),
)
def history_note_command(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="The session's id, as `stretch history` shows it (default: the latest), "
            "then the note.",
            metavar="[SESSION] TEXT",
        ),
    ],
) -> None:
    """Add a note to a session (the latest, or the one whose id comes first), replacing any
    (the line says which it replaced)."""
    from stretchcli.history.notes import add_note, note_target

    app = application(ctx)
    session_id, words = note_target(words)
    text = params.note(" ".join(words))
    history = app.history()
    session_id, replaced = add_note(history, session_id, text)
    app.sync(history, noted=session_id)  # the note, to the other machines
    was = f" (was: {replaced})" if replaced is not None else ""
    app.env.print_lines([f"Noted on session {session_id}{was}: {text}"])


@history_app.command(
    "export",
    short_help="Write the history out, to move it.",
    epilog=examples("stretch history export -o history.jsonl"),
)
def history_export_command(ctx: typer.Context, output: Output = None) -> None:
    """Write every session as JSON lines, then the plan's level changes and the answers
    about short weeks, to move the history to another machine."""
    from stretchcli.errors import StretchError
    from stretchcli.files.output import output_path, write_output
    from stretchcli.files.suffixes import check_suffix
    from stretchcli.history.transfer import LeftOut, export_lines
    from stretchcli.text import plural

    app = application(ctx)
    path = output_path(output, own=app.own_folders())
    check_suffix(path, "-o", ("jsonl", "ndjson"), "JSON lines")
    left_out = LeftOut()
    write_output(path, export_lines(app.history(), left_out, app.judge), app.env.stdout)
    if left_out.said:
        kinds = [
            plural(left_out.kinds[k], k) for k in ("session", "plan record") if left_out.kinds[k]
        ]
        raise StretchError(
            f"history written to {path or 'standard output'} without "
            f"{' and '.join(kinds)} that `stretch "
            "history import` would refuse (each named above, with why)",
            "put right what was changed in the history by hand, or let a session still "
            "running end, and export again",
        )
    if path is not None:
        app.env.note(f"history written to {path}")


@history_app.command(
    "import",
    short_help="Add the sessions of an export file.",
    epilog=examples("stretch history import history.jsonl"),
)
def history_import_command(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="A file written by `stretch history export`, or - for standard input.",
            metavar="FILE",
        ),
    ],
) -> None:
    """Add the sessions of an export file that this history does not have yet (by their
    stable id), and its level changes and answers: the same file twice adds nothing; two
    machines' histories merge."""
    from stretchcli.history.transfer import import_file
    from stretchcli.text import plural

    app = application(ctx)
    name = str(file_name(file, "give a file name, or - for standard input"))
    app.importing = name
    done = import_file(app.history(), name, app.env.stdin, app.env.note, app.judge)
    for conflict in done.conflicts:
        app.env.warn(conflict)
    if done.synced:
        app.env.warn(
            f"{name}: {plural(done.synced, 'note or reminder', 'notes and reminders')} of a "
            "sync file left out: `stretch history sync` merges them, by the times it keeps"
        )
    app.env.print_lines([_imported_said(done)])


def _imported_said(done: Imported) -> str:
    """What an import did, in one line ('imported 3 sessions; 1 already there; ...')."""
    from stretchcli.text import plural

    updated = f"; {done.updated} updated" if done.updated else ""
    conflicts = f"; {plural(len(done.conflicts), 'conflict')}" if done.conflicts else ""
    more = "".join(
        f"; {what}: {added} added, {known} already there"
        for what, (added, known) in (("level changes", done.changes), ("answers", done.answers))
        if added or known
    )
    return (
        f"imported {plural(done.added, 'session')}; {done.known} already there"
        f"{updated}{more}{conflicts}"
    )


@history_app.command(
    "sync",
    short_help="What is shared with your other machines.",
    epilog=examples("stretch history sync"),
)
def history_sync_command(ctx: typer.Context) -> None:
    """Merge the sessions your other machines wrote to the sync folder (the `sync_folder`
    setting, set by `stretch config sync_folder ~/Sync`) now, and say what is synced: the
    folder, this machine's id, the other machines and when each last wrote, and any line
    refused."""
    from stretchcli.history.sync import status, usable_folder
    from stretchcli.history.sync_files import unread_in
    from stretchcli.text import wrapped
    from stretchcli.views.sync import sync_lines

    app = application(ctx)
    folder = app.config(strict=True).sync_folder
    if not folder:
        app.env.print_lines(
            [
                "sync is off: the history stays on this machine",
                "to share it: stretch config sync_folder PATH (a folder you already sync)",
            ]
        )
        return
    usable_folder(folder)  # or the one line that says why not
    state = _sync_state(app)
    app.lists_refusals = True  # below, each once
    app.sync_asked = True  # a busy history is an error here, not a warning
    app.history()  # merged as it is opened
    shown = sync_lines(status(folder, state), unread_in(folder))
    app.env.print_lines(wrapped(shown, app.env.width, hang=2))  # each line within the width


def _sync_state(app: Application) -> Path:
    """The state folder, once it can be reached (as the history says it when it cannot:
    attack 18, H15) and this machine's id in it can be read (a damaged one: said)."""
    from stretchcli.files.paths import state_dir
    from stretchcli.history.reachable import there
    from stretchcli.history.store import FILENAME
    from stretchcli.history.sync_local import this_machine

    state = state_dir(app.env.environ)
    there(state / FILENAME)
    this_machine(state, app.env.warn)
    return state
