"""The typer app: parse the arguments, call the core, print what it returns. Decisions live
in the core: errors become one line in group.py, run settings are resolved in
session/settings.py, and what is printed is built in views/. What stays here is the talk
with the person at the terminal (the edit loop's question) and the process edge (main)."""

from __future__ import annotations

import contextlib
import copy
import errno
import io
import math
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.globals import get_current_context

from stretchcli import __version__
from stretchcli.completion import (
    complete_movements,
    complete_names,
    complete_one_of,
    complete_routines,
    complete_sources,
    complete_steps,
    complete_variants,
)
from stretchcli.env import Environment
from stretchcli.errors import ExitCode, InvalidFileError, StretchError, UsageError
from stretchcli.files.paths import routine_folders
from stretchcli.group import StretchGroup
from stretchcli.remind.due import FORMATS
from stretchcli.report import DEFAULT_SINCE
from stretchcli.report import FORMATS as REPORT_FORMATS
from stretchcli.text import plural

if TYPE_CHECKING:
    from stretchcli.files.catalog import Catalog, FileKind
    from stretchcli.files.config import Config
    from stretchcli.history.store import History
    from stretchcli.remind.status import Status
    from stretchcli.session.settings import RunFlags

app = typer.Typer(
    name="stretch",
    help="A guided stretching coach for the terminal. Not medical advice: "
    "stop if you feel sharp pain, numbness or tingling.",
    no_args_is_help=True,
    add_completion=True,
    cls=StretchGroup,  # one error handler; stretch's completion scripts
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _env() -> Environment:
    """The Environment the command runs in (main's, or the real one)."""
    env = get_current_context().find_object(Environment)
    return env if env is not None else Environment.from_os()


def _config(env: Environment, strict: bool = False) -> Config:
    """The config file's settings; a broken file is an error for `run` (strict), else a
    warning and the defaults."""
    from stretchcli.files.config import Config, load_config

    try:
        return load_config(env.environ)
    except InvalidFileError as exc:
        if strict:
            raise
        for problem in exc.problems:
            env.warn(f"{problem}; using the default settings")
        return Config()


def _catalog(env: Environment, config: Config | None = None) -> Catalog:
    """Load every routines folder; report broken files on stderr and carry on without them."""
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import folder_state

    config = config or _config(env)
    cache = ParseCache.for_user(env.environ)
    folders = routine_folders(env.environ)
    for folder in folders:
        why = folder_state(folder.path)
        if folder.source == "path" and why not in (None, "not there yet"):  # named, unusable
            env.warn(f"STRETCH_PATH: {folder.path}: {why}; ignored")
    catalog = load_catalog(folders, prepare=config.prepare, rest=config.rest, cache=cache)
    cache.save()
    for problem in catalog.problems:
        env.warn(f"{problem}; file skipped")
    return catalog


def _history(env: Environment) -> History:
    from stretchcli.history.store import History, history_path

    return History(history_path(env.environ), env.warn, env.wall)


def _version(value: bool) -> None:
    if value:
        _env().stdout.write(f"stretch {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """A guided stretching coach for the terminal. Not medical advice."""


@app.command("list")
def list_command(
    exercises: Annotated[
        bool, typer.Option("--exercises", help="List the exercise library instead of routines.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the routines (id, name, time, exercises, source), or the exercise library."""
    from stretchcli.views.catalog import exercise_list, routine_list

    env = _env()
    catalog = _catalog(env)
    listing = exercise_list(catalog) if exercises else routine_list(catalog)
    if as_json:
        env.print_json(listing.json())
    else:
        env.print_lines(listing.lines(env.width, env.bold))


@app.command("show")
def show_command(
    name: Annotated[
        str,
        typer.Argument(
            help="A routine or exercise id.", metavar="NAME", autocompletion=complete_names
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg",
            help="Write an exercise's start and end positions to this file as an SVG picture.",
            metavar="FILE",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Show a routine (steps, doses, total time, cautions) or an exercise (how to do it, with
    pictures of its start and end positions)."""
    from stretchcli.views.catalog import ExercisePage, page

    env = _env()
    catalog = _catalog(env)
    shown = page(catalog.find(name), catalog)
    if svg is not None:
        figure = shown.exercise.figure if isinstance(shown, ExercisePage) else None
        if figure is None:
            raise UsageError(f"--svg: {name} has no figure", "figures belong to exercises")
        from stretchcli.files.atomic import write_text
        from stretchcli.views.figure import svg as svg_text

        write_text(svg, svg_text(figure, ("start", "held")), make_folder=False)
        env.print_lines([str(svg)])
        return
    if as_json:
        env.print_json(shown.json())
        return
    from stretchcli.views.show import render

    env.console().print(render(shown, env.width))


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Routine or exercise files, or folders of them.", show_default=False),
    ],
) -> None:
    """Check routine and exercise files; print every problem as FILE:LINE:COL: message.

    A file inside a folder named `exercises` is an exercise; any other is a routine.
    """
    from stretchcli.files.catalog import validate

    if "" in paths:  # Path("") is ".": an empty argument would check the whole folder
        raise UsageError("validate: an empty path", "name a file or a folder, e.g. routines/")
    env = _env()
    count, problems = validate([Path(p) for p in paths], routine_folders(env.environ))
    env.print_lines([str(problem) for problem in problems])
    if problems:
        env.print_lines([f"{plural(len(problems), 'problem')} in {plural(count, 'file')}"])
        raise typer.Exit(ExitCode.FAILURE)
    env.print_lines([f"ok: {plural(count, 'file')} checked"])


# Python reads Arabic-Indic and full-width digits as numbers; the pain prompt refuses
# them, and so do the options.
_ASCII_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _scale(text: str) -> float:
    from stretchcli.model import SCALES

    value = float(text) if _ASCII_NUMBER.fullmatch(text.strip()) else math.nan
    if not SCALES[0] <= value <= SCALES[1]:  # false for NaN too
        raise typer.BadParameter(f"'{text}' is not a number from {SCALES[0]:g} to {SCALES[1]:g}")
    return value


def _minutes(text: str) -> float:
    from stretchcli.session.timeline import MINUTES

    value = float(text) if _ASCII_NUMBER.fullmatch(text.strip()) else math.nan
    if not MINUTES[0] <= value <= MINUTES[1]:
        raise typer.BadParameter(
            f"'{text}' is not a number of minutes from {MINUTES[0]:g} to {MINUTES[1]:g}"
        )
    return value


def _voice_rate(text: str) -> int:
    from stretchcli.session.speech import RATES

    words = text.strip()
    if not (words.isascii() and words.isdigit() and RATES[0] <= int(words) <= RATES[1]):
        raise typer.BadParameter(
            f"'{text}' is not a whole number of words a minute from {RATES[0]} to {RATES[1]}"
        )
    return int(words)


def _pain(text: str) -> int:
    from stretchcli.session.run import pain_rating

    rating = pain_rating(text)
    if rating is None:
        raise typer.BadParameter(f"'{text}' is not a whole number from 0 to 10")
    return rating


def _date(text: str) -> datetime:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            raise ValueError
        return datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date like 2026-11-01") from None


def _variants(pairs: list[str] | None) -> dict[str, str] | None:
    if pairs is None:
        return None
    chosen = {}
    for pair in pairs:
        exercise, _, name = pair.partition("=")
        if not exercise.strip() or not name.strip():
            raise UsageError(
                f"--variant: expected EXERCISE=VARIANT, not '{pair}'",
                "e.g. --variant rhomboid-stretch=long-sitting",
            )
        chosen[exercise.strip()] = name.strip()
    return chosen


def _ids(value: str | None, flag: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    ids = tuple(part.strip() for part in value.split(",") if part.strip())
    if not ids:  # `--only ''` must not mean "everything"
        raise UsageError(f"{flag}: give at least one exercise id", f"e.g. {flag} ball-pressure")
    return ids


@app.command("run")
def run_command(
    routine: Annotated[
        str,
        typer.Argument(
            help="The routine to run.", metavar="ROUTINE", autocompletion=complete_routines
        ),
    ],
    avoid: Annotated[
        str | None,
        typer.Option(
            help="Movements to avoid, comma-separated (rotation, side-bend, flexion, extension): "
            "exercises with them are swapped for their alternative, or skipped.",
            autocompletion=complete_movements,
        ),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            help="Do only these exercises (comma-separated ids).", autocompletion=complete_steps
        ),
    ] = None,
    skip: Annotated[
        str | None,
        typer.Option(
            help="Leave out these exercises (comma-separated ids).",
            autocompletion=complete_steps,
        ),
    ] = None,
    scale: Annotated[
        float | None,
        typer.Option(
            help="Stretch or shrink holds, relax and rests by this factor (0.25-4).",
            parser=_scale,
            metavar="FLOAT",
        ),
    ] = None,
    minutes: Annotated[
        float | None,
        typer.Option(
            help="Fit the routine into this many minutes, in the same order, with fewer sets "
            "and reps (holds are kept); refused if even half the reps do not fit.",
            parser=_minutes,
            metavar="N",
        ),
    ] = None,
    voice: Annotated[
        bool | None, typer.Option("--voice/--no-voice", help="Speak short cues aloud.")
    ] = None,
    voice_rate: Annotated[
        int | None,
        typer.Option(
            help="Words a minute the voice speaks at, 100-250 (config: voice_rate); every "
            "cue is timed for it.",
            parser=_voice_rate,
            metavar="WPM",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell and no voice.")] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="One plain line per phase, for screen readers (also when piped or "
            "TERM=dumb; config: plain).",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per phase, then an end line.")
    ] = False,
    pain: Annotated[
        bool | None,
        typer.Option("--pain/--no-pain", help="Ask for pain (0-10) before and after the run."),
    ] = None,
    pain_before: Annotated[
        int | None,
        typer.Option(
            help="Record pain before the run (0-10) without asking.",
            parser=_pain,
            metavar="0-10",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue the last stopped or interrupted run of this routine."
        ),
    ] = False,
    variant: Annotated[
        list[str] | None,
        typer.Option(
            help="Do an exercise's variant, as EXERCISE=VARIANT "
            "(e.g. rhomboid-stretch=long-sitting); repeatable.",
            autocompletion=complete_variants,
        ),
    ] = None,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Coach briefly, for a routine you know: a short get-ready and only the "
            "action at each hold (config: coach).",
        ),
    ] = False,
    note: Annotated[
        str | None,
        typer.Option(help='A note kept with the session, e.g. "tight on the left".'),
    ] = None,
    figures: Annotated[
        bool | None,
        typer.Option(
            "--figures/--no-figures",
            help="Draw the position to be in beside the countdown, on a screen of at least "
            "96x28 (config: figures).",
        ),
    ] = None,
) -> None:
    """Run a routine as a guided session: every hold and rep counted, on time.

    Keys: space pause/resume, n next, b back, + and - change the current hold by 5 s, q quit.
    Not medical advice: stop if you feel sharp pain, numbness or tingling.
    """
    from stretchcli.files.config import movement_list
    from stretchcli.session.settings import RunFlags

    flags = RunFlags(
        avoid=movement_list(avoid, "--avoid") if avoid is not None else None,
        only=_ids(only, "--only"),
        skip=_ids(skip, "--skip"),
        scale=scale,
        minutes=minutes,
        variants=_variants(variant),
        voice=voice,
        voice_rate=voice_rate,
        pain=pain,
        pain_before=pain_before,
        quiet=quiet,
        plain=plain,
        as_json=as_json,
        brief=brief,
        figures=figures,
        note=_note(note) if note is not None else None,
    )
    _run(flags, routine=routine, resume=resume)


@app.command("again")
def again_command(
    plain: Annotated[bool, typer.Option("--plain", help="One plain line per phase.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per phase.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell and no voice.")] = False,
    brief: Annotated[
        bool, typer.Option("--brief", help="Coach briefly: a short get-ready, the action only.")
    ] = False,
) -> None:
    """Run the last routine again, with the same options."""
    from stretchcli.session.settings import RunFlags

    _run(RunFlags(quiet=quiet, plain=plain, as_json=as_json, brief=brief))


def _run(flags: RunFlags, routine: str | None = None, resume: bool = False) -> None:
    from stretchcli.session.run import run_session
    from stretchcli.session.settings import RunSettings
    from stretchcli.session.timeline import PlanError

    env = _env()
    config = _config(env, strict=True)
    history = _history(env)
    settings = RunSettings.resolve(
        flags=flags, config=config, history=history, routine=routine, resume=resume
    )
    catalog = _catalog(env, config)
    try:
        outcome = run_session(env, settings, catalog, history)
    except PlanError as exc:  # the plan names the option; the command line calls it a flag
        raise UsageError(f"--{exc.option}: {exc.message}", exc.hint) from None
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


@app.command("safety")
def safety_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the note as JSON.")] = False,
) -> None:
    """The full safety note, and the red flags: when to stop and get help, and how urgently."""
    env = _env()
    if as_json:
        from stretchcli.views.safety import safety_record

        env.print_json(safety_record())
        return
    from stretchcli.views.safety import safety_view

    env.console().print(safety_view())


history_app = typer.Typer(name="history", rich_markup_mode=None)  # help: the callback's
app.add_typer(history_app)


@history_app.callback(invoke_without_command=True)
def history_command(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sessions as JSON.")] = False,
    since: Annotated[
        datetime | None,
        typer.Option(
            help="Only sessions from this date on (YYYY-MM-DD).", parser=_date, metavar="DATE"
        ),
    ] = None,
    routine: Annotated[
        str | None,
        typer.Option(
            help="Only sessions of this routine.",
            metavar="ROUTINE",
            autocompletion=complete_routines,
        ),
    ] = None,
) -> None:
    """Past sessions, the current streak, a calendar of active days and the pain trend.

    `history note [SESSION] TEXT` adds a note; `history export` and `history import FILE`
    move the history between machines.
    """
    if context.invoked_subcommand is not None:
        return
    env = _env()
    today = env.wall()
    start = since.replace(tzinfo=today.tzinfo) if since else None
    history = _history(env)
    sessions = history.sessions(since=start, routine=routine)
    if as_json:
        env.print_json([s.record() for s in sessions])
        return
    from stretchcli.views.history import history_view

    reminders = history.reminders(since=start, routine=routine)
    goal = _config(env).weekly_goal
    env.console().print(history_view(sessions, today.date(), reminders, goal))


@history_app.command("note")
def history_note_command(
    words: Annotated[
        list[str],
        typer.Argument(
            help="[SESSION] TEXT: the session's id (from `history --json`; default: the "
            "latest) and the note.",
            metavar="[SESSION] TEXT",
        ),
    ],
) -> None:
    """Add a note to a session (the latest, or the one whose id comes first), replacing any."""
    env = _env()
    history = _history(env)
    session_id: int | None = None
    if len(words) > 1 and words[0].isascii() and words[0].isdigit():
        session_id, words = int(words[0]), words[1:]
    text = _note(" ".join(words))
    if session_id is None:
        latest = history.latest()
        if latest is None:
            raise StretchError("no session yet to add a note to", "run one first")
        session_id = latest.id
    if not history.set_note(session_id, text):
        raise StretchError(f"no session {session_id}", "see the ids with `stretch history --json`")
    env.print_lines([f"Noted on session {session_id}: {text}"])


def _note(text: str) -> str:
    """A note as stored: one line, at most NOTE_CHARACTERS."""
    from stretchcli.errors import one_line

    line = one_line(text).strip()
    if not line:
        raise UsageError("the note is empty", 'e.g. stretch history note "tight on the left"')
    if len(line) > NOTE_CHARACTERS:
        raise UsageError(f"the note is longer than {NOTE_CHARACTERS} characters")
    return line


NOTE_CHARACTERS = 500  # chosen: a few sentences for the physiotherapist


@history_app.command("export")
def history_export_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: standard output)."),
    ] = None,
) -> None:
    """Write every session as JSON lines, to move the history to another machine."""
    from stretchcli.history.transfer import export_lines

    env = _env()
    lines = export_lines(_history(env).sessions())
    if output is None:
        for line in lines:
            env.stdout.write(line)
        return
    from stretchcli.files.atomic import write_text

    write_text(output, "".join(lines), make_folder=False)
    env.note(f"history written to {output}")


@history_app.command("import")
def history_import_command(
    file: Annotated[Path, typer.Argument(help="A file written by `stretch history export`.")],
) -> None:
    """Add the sessions of an export file that this history does not have yet (by their
    stable id): the same file twice adds nothing; two machines' histories merge."""
    from stretchcli.history.transfer import ImportError_, merge, read

    env = _env()
    try:
        with file.open(encoding="utf-8") as handle:
            sessions = read(handle)
    except OSError as exc:
        raise StretchError(f"cannot read {file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise StretchError(f"{file}: not UTF-8 text") from None
    except ImportError_ as exc:
        for problem in exc.problems:
            env.note(f"{file}:{problem}")
        raise StretchError(
            f"{file}: nothing was imported ({plural(len(exc.problems), 'bad line')})",
            "the history is as it was",
        ) from None
    done = merge(_history(env), sessions)
    for conflict in done.conflicts:
        env.warn(f"{file}:{conflict}")
    env.print_lines(
        [
            f"imported {plural(done.added, 'session')}; {done.known} already there"
            + (f"; {plural(len(done.conflicts), 'conflict')}" if done.conflicts else "")
        ]
    )


@app.command("report")
def report_command(
    since: Annotated[
        str,
        typer.Option(
            help="From when: 6w (this week and the five before), 30d, or a date (YYYY-MM-DD).",
            metavar="WHEN",
        ),
    ] = DEFAULT_SINCE,
    routine: Annotated[
        str | None,
        typer.Option(
            help="Only sessions of this routine.",
            metavar="ROUTINE",
            autocompletion=complete_routines,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="html (a page to print or send, with charts), md (to paste into a message), "
            "csv (a row per session) or json. Default: from the file name of -o, else md.",
            parser=_one_of(REPORT_FORMATS),
            metavar="FORMAT",
            autocompletion=complete_one_of(REPORT_FORMATS),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: standard output)."),
    ] = None,
) -> None:
    """Sessions a week against your weekly goal, how each exercise went, pain and difficulty
    over time, notes and reminders: a summary to show your physiotherapist."""
    from stretchcli.report.formats import format_for, render
    from stretchcli.report.model import build, parse_since

    env = _env()
    now = env.wall()
    start = parse_since(since, now.date())
    history = _history(env)
    moment = datetime.combine(start, datetime.min.time(), now.tzinfo)
    sessions = history.sessions(since=moment, routine=routine)
    reminders = history.reminders(since=moment, routine=routine)
    earliest = history.earliest(routine)
    first = earliest.started_at.date() if earliest else None
    goal = _config(env).weekly_goal
    chosen = format_for(output, fmt)
    if chosen == "html" and output is None and env.stdout_isatty:
        raise UsageError(
            "the HTML report is a page to open in a browser, not to read here",
            "give -o report.html",
        )
    text = render(build(sessions, reminders, start, now, goal, routine, first), chosen)
    if output is None:
        env.stdout.write(text)
        return
    from stretchcli.files.atomic import write_text

    write_text(output, text, make_folder=False)
    env.note(f"report written to {output}")


@app.command("new")
def new_command(
    name: Annotated[str, typer.Argument(help="The new routine's (or exercise's) id.")],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Copy this routine (or exercise) instead of the template.",
            autocompletion=complete_sources,
        ),
    ] = None,
    exercise: Annotated[bool, typer.Option("--exercise", help="Make an exercise.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a file that exists.")] = False,
) -> None:
    """Write a new routine (or exercise) into your routines folder and print its path.

    Without --from it is a template with every key explained in a comment.
    """
    from stretchcli.files.authoring import create

    env = _env()
    kind: FileKind = "exercise" if exercise else "routine"
    created = create(env.environ, routine_folders(env.environ), name, kind, source, force)
    env.print_lines([str(created.path)])
    if created.shadows is not None:
        env.note(
            f"note: it takes the place of {created.shadows.source} {name} ({created.shadows.path})"
        )


@app.command("edit")
def edit_command(
    name: Annotated[
        str, typer.Argument(help="A routine or exercise id.", autocompletion=complete_names)
    ],
) -> None:
    """Open your copy of a routine or exercise in $VISUAL or $EDITOR, then check it.

    Editing a built-in one first copies it to your routines folder, where it then takes the
    place of the built-in one.
    """
    from stretchcli.files.authoring import editable_copy, editor_command, run_editor
    from stretchcli.files.catalog import validate

    env = _env()
    folders = routine_folders(env.environ)
    command = editor_command(env.environ)  # before any copy is made: a bad $EDITOR costs nothing
    copy = editable_copy(env.environ, folders, name)
    if copy.shadows is not None:
        env.note(f"copied built-in {name} to {copy.path}")
    while True:
        try:
            status = run_editor(command, copy.path)
        except StretchError:
            if copy.shadows is not None:  # the editor never ran: do not leave a copy behind
                copy.path.unlink(missing_ok=True)
            raise
        if status:
            env.warn(f"the editor exited with status {status}")
        if not copy.path.is_file():
            raise StretchError(
                f"the editor left no file at {copy.path}", f"`stretch new {name}` starts afresh"
            )
        _, problems = validate([copy.path], folders)
        if not problems:
            env.print_lines([f"ok: {copy.path}"])
            return
        env.print_lines([str(problem) for problem in problems])
        if not env.stdin_isatty or not _yes(env, "Open it again to fix this? [Y/n] "):
            raise StretchError(
                f"kept {copy.path} with {plural(len(problems), 'problem')}",
                f"it is skipped until fixed: `stretch edit {name}`",
            )


def _yes(env: Environment, question: str) -> bool:
    env.stderr.write(question)
    env.stderr.flush()
    return env.stdin.readline().strip().lower() in ("", "y", "yes")


@app.command("schema")
def schema_command(
    exercise: Annotated[
        bool, typer.Option("--exercise", help="The schema of exercise files instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of routine files (or exercise files), for editors' YAML support."""
    from stretchcli.files.schema import json_schema

    _env().print_json(json_schema(exercise))


@app.command("config")
def config_command(
    key: Annotated[str | None, typer.Argument(help="A setting to show or set.")] = None,
    value: Annotated[str | None, typer.Argument(help="The value to set it to.")] = None,
    paths: Annotated[
        bool, typer.Option("--paths", help="List where routines, config and history live.")
    ] = False,
) -> None:
    """Show the settings and where each comes from; show one; or set one in config.toml.

    Settings: sound, voice, coach, countdown, figures, avoid, ask_pain, scale, prepare, rest;
    for reminders: remind, remind_every, remind_between, remind_days, remind_routine, terminal.
    Examples: `stretch config sound false`, `stretch config avoid rotation,side-bend`,
    `stretch config terminal kitty`.
    """
    from stretchcli.files.config import config_path, effective, set_value, setting_named, toml_value

    env = _env()
    if paths:
        _print_paths(env)
        return
    if key is not None and value is not None:
        path, written = set_value(env.environ, key, value)
        env.print_lines([f"{key} = {toml_value(written)}  (written to {path})"])
        return
    rows = effective(_config(env, strict=True))
    if key is not None:
        wanted = setting_named(key)
        env.print_lines([toml_value(v) for s, v, _ in rows if s is wanted])
        return
    from stretchcli.views.settings import settings_table

    env.console().print(settings_table(rows))
    path = config_path(env.environ)
    env.print_lines([f"config file: {path}{'' if path.exists() else '  (not there yet)'}"])


@app.command("paths")
def paths_command() -> None:
    """List every folder searched for routines and exercises (highest precedence first), and
    where the config file and the history live."""
    _print_paths(_env())


def _print_paths(env: Environment) -> None:
    from stretchcli.views.settings import paths_lines

    env.print_lines(paths_lines(env.environ))


remind_app = typer.Typer(name="remind", rich_markup_mode=None)  # help: the callback's
app.add_typer(remind_app)


@remind_app.callback(invoke_without_command=True)
def remind_command(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """The reminders: the schedule, the next one, any snooze, how the check is installed.

    `stretch remind on` starts them, `off` stops them; `snooze [30m]` and `skip` put off
    the next one; `check` is what the scheduler runs.
    """
    if context.invoked_subcommand is not None:
        return
    env = _env()
    status = _remind_status(env)
    if as_json:
        env.print_json(status.record())
    else:
        env.print_lines(status.lines())


def _remind_status(env: Environment) -> Status:
    from stretchcli.remind import schedulers
    from stretchcli.remind.facts import configured, due_now
    from stretchcli.remind.status import Status

    config = _config(env, strict=True)
    history = _history(env)
    schedule = configured(config)
    now = history.now()
    due = due_now(schedule, history) if config.remind else None
    installed = schedulers.load(history.path.parent)
    state = schedulers.state(installed, env.environ) if installed else ""
    reminders = history.reminders()
    last = reminders[-1] if reminders else None
    return Status(config.remind, schedule, due, now, installed, state, last)


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    """An option parser that takes one of `choices`."""

    def parse(text: str) -> str:
        if text not in choices:
            raise typer.BadParameter(f"'{text}' is not one of {', '.join(choices)}")
        return text

    return parse


def _schedule_word(reader: Callable[[str], object]) -> Callable[[str], str]:
    """An option parser that checks a schedule word and keeps it as typed."""

    def parse(text: str) -> str:
        from stretchcli.remind.schedule import ScheduleError

        try:
            reader(text)
        except ScheduleError as exc:
            raise typer.BadParameter(f"{exc}, not '{text}'") from None
        return text.strip()

    return parse


def _every(text: str) -> str:
    from stretchcli.remind.schedule import parse_every

    return _schedule_word(parse_every)(text)


def _between(text: str) -> str:
    from stretchcli.remind.schedule import parse_between

    return _schedule_word(parse_between)(text)


def _days(text: str) -> str:
    from stretchcli.remind.schedule import parse_days

    return _schedule_word(parse_days)(text)


@remind_app.command("on")
def remind_on_command(
    every: Annotated[
        str | None,
        typer.Option(help="Time between reminders, e.g. 50m or 1h30m.", parser=_every),
    ] = None,
    between: Annotated[
        str | None,
        typer.Option(help="Working hours to remind in, e.g. 09:00-17:30.", parser=_between),
    ] = None,
    days: Annotated[
        str | None,
        typer.Option(help="Days to remind on, e.g. mon-fri or mon,wed,fri.", parser=_days),
    ] = None,
    routine: Annotated[
        str | None,
        typer.Option(
            help="The routine to suggest (default: desk-break).", autocompletion=complete_routines
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="systemd, launchd, schtasks or cron (default: this system's own).",
            parser=_one_of(("systemd", "launchd", "schtasks", "cron")),
            metavar="NAME",
        ),
    ] = None,
) -> None:
    """Turn reminders on: the system's scheduler runs `stretch remind check` every 5 minutes,
    which shows a notification when a stretch is due."""
    from stretchcli.files.config import set_value
    from stretchcli.remind import schedulers
    from stretchcli.remind.system import stretch_command

    env = _env()
    given = {"remind_every": every, "remind_between": between, "remind_days": days}
    given["remind_routine"] = routine
    # The words are checked by their options' parsers, the routine here, before anything
    # is installed; set_value checks them again as it writes them.
    changes = {key: text for key, text in given.items() if text is not None}
    config = _config(env, strict=True)
    wanted = changes.get("remind_routine", config.remind_routine)
    _catalog(env, config).routine(wanted)  # a NotFoundError, with the closest names
    name = scheduler or schedulers.detect(env.environ)
    command = stretch_command()
    if name is None:
        line = schedulers.cron_line([*command, "remind", "check"], env.environ)
        env.print_lines([line])
        raise StretchError(
            "no user scheduler is running here (no systemd user instance)",
            "add the line above with `crontab -e`, or use `stretch remind on --scheduler cron`",
        )
    state_dir = _history(env).path.parent
    old = schedulers.load(state_dir)
    if old is not None:
        schedulers.remove(old, env.environ)
        schedulers.forget(state_dir)
    installed = schedulers.install(name, command, env.environ)  # type: ignore[arg-type]
    schedulers.save(installed, state_dir)
    for key, text in {**changes, "remind": "true"}.items():
        set_value(env.environ, key, text)
    env.print_lines(_remind_status(env).lines())


@remind_app.command("off")
def remind_off_command() -> None:
    """Turn reminders off, and remove everything `remind on` installed."""
    from stretchcli.files.config import set_value
    from stretchcli.remind import schedulers

    env = _env()
    state_dir = _history(env).path.parent
    installed = schedulers.load(state_dir)
    if installed is not None:
        schedulers.remove(installed, env.environ)
        schedulers.forget(state_dir)
    set_value(env.environ, "remind", "false")
    lines = ["Reminders: off"]
    if installed is not None:
        lines.append(f"Removed: the {installed.scheduler} check")
        lines += [f"  {path}" for path in installed.files]
    env.print_lines(lines)


@remind_app.command("snooze")
def remind_snooze_command(
    time: Annotated[str, typer.Argument(help="How long, e.g. 30m or 2h.")] = "30m",
) -> None:
    """Put the next reminder off for a while (default 30 minutes)."""
    from datetime import timedelta

    from stretchcli.remind.schedule import ScheduleError, parse_snooze

    try:
        minutes = parse_snooze(time)
    except ScheduleError as exc:
        raise UsageError(f"snooze: {exc}, not '{time}'") from None
    env = _env()
    config = _reminding(env)
    history = _history(env)
    until = history.now() + timedelta(minutes=minutes)
    history.add_reminder(config.remind_routine, "snoozed", "command", until)
    env.print_lines([f"Snoozed until {until:%H:%M}.", _remind_next(config, history)])


@remind_app.command("skip")
def remind_skip_command() -> None:
    """Skip the next reminder: the one after comes a full interval from now."""
    env = _env()
    config = _reminding(env)
    history = _history(env)
    history.add_reminder(config.remind_routine, "skipped", "command")
    env.print_lines(["Skipped.", _remind_next(config, history)])


def _reminding(env: Environment) -> Config:
    """The config, when reminders are on; else an error saying how to turn them on."""
    config = _config(env, strict=True)
    if not config.remind:
        raise StretchError("reminders are off", "turn them on with `stretch remind on`")
    return config


def _remind_next(config: Config, history: History) -> str:
    """The status's "Next:" line alone (no scheduler to ask, no reminders to list)."""
    from stretchcli.remind.facts import configured, due_now
    from stretchcli.remind.schedule import when

    return f"Next: {when(due_now(configured(config), history), history.now())}"


@remind_app.command("check")
def remind_check_command() -> None:
    """Show a reminder if one is due (what the scheduler runs every 5 minutes)."""
    from stretchcli.remind.check import check
    from stretchcli.session.timeline import RunOptions, length, plan

    env = _env()
    config = _config(env, strict=True)
    history = _history(env)

    def seconds(routine: str) -> float | None:
        catalog = _catalog(env, config)
        if routine not in catalog.routines:
            return None
        found = catalog.routine(routine)
        return length(plan(found, catalog.exercises, RunOptions()), config.coach)

    env.print_lines([check(config, history, env.environ, seconds)])


@app.command("due")
def due_command(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="plain, prompt (in brackets, a space after) or tmux (with tmux's colours).",
            parser=_one_of(FORMATS),
            metavar="FORMAT",
            autocompletion=complete_one_of(FORMATS),
        ),
    ] = "plain",
    as_json: Annotated[bool, typer.Option("--json", help="Print the state as JSON.")] = False,
) -> None:
    """One short line for a shell prompt or tmux: 'stretch in 12m', 'stretch due', or
    nothing (reminders off, or outside the working hours). Fast: made for every prompt."""
    from stretchcli.remind.due import report

    env = _env()
    code = report(env.environ, env.stdout, env.stderr, fmt, as_json, env.wall().timestamp())
    if code:
        raise typer.Exit(code)


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run `stretch` with `argv` (default: the process's) in `env` (default: the process's);
    the exit code. The process's own run also says in one line when the output cannot be
    written (a full disk, a closed stdout, a pipe gone)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if env is not None:  # a caller's environment: no process-wide changes
        return _invoke(args, env, "stretch")
    from stretchcli.env import prepare_streams

    prepare_streams()
    if args[:1] not in (["run"], ["again"]) and hasattr(signal, "SIGPIPE"):
        # A reader that goes away (`stretch list | head -1`) ends the command quietly, as it
        # would any Unix tool; `run` handles it itself, to record the session first.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    env = Environment.from_os()
    try:
        code = _invoke(args, env, None)  # the name it was started by (for completion)
    except OSError as exc:
        code = _output_failed(env, exc)
    failed = _settle_output()
    if failed is not None and code == ExitCode.OK:
        code = _output_failed(env, failed)
    return code


def _only(name: str) -> typer.Typer:
    """The app with the one command `name` if it has one, else the whole app (for help, an
    unknown command, completion). Typer makes every command's options on each start, about
    12 ms; `stretch list` needs only its own."""
    chosen = [info for info in app.registered_commands if info.name == name]
    if not chosen:
        return app
    single = copy.copy(app)
    single.registered_commands = chosen
    return single


def _invoke(args: list[str], env: Environment, prog_name: str | None) -> int:
    try:
        command = _only(args[0]) if args else app
        code: int = command(args, prog_name=prog_name, obj=env, standalone_mode=False)
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError):
            env.stderr.write("\n")
        return ExitCode.INTERRUPTED
    except SystemExit as exc:  # completion scripts exit on their own
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code


def _output_failed(env: Environment, error: OSError) -> int:
    """Say in one line that the output could not be written; the exit code for it."""
    if error.errno == errno.EPIPE:  # the reader went away (`| head`): quiet, as SIGPIPE
        return ExitCode.BROKEN_PIPE
    with contextlib.suppress(OSError, ValueError):
        env.note(f"cannot write the output: {error.strerror or error}")
    return ExitCode.FAILURE


def _settle_output() -> OSError | None:
    """Flush now; if the output is gone, drop what is left (so that Python's own flush at
    exit cannot fail and change the exit code) and return the error."""
    failed: OSError | None = None
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError) as exc:
            if isinstance(exc, OSError) and stream is sys.stdout:
                failed = exc
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
    return failed
