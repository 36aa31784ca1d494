"""The typer app: parse arguments, call the core, print, map errors to exit codes. No logic."""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import json
import math
import os
import re
import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from stretchcli import __version__
from stretchcli.completion import CompletingGroup
from stretchcli.env import Environment
from stretchcli.errors import (
    InvalidFileError,
    NotFoundError,
    StretchError,
    UsageError,
    one_line,
)
from stretchcli.files.paths import folder_state, routine_folders, state_dir

if TYPE_CHECKING:
    from stretchcli.files.catalog import Catalog, FileKind
    from stretchcli.files.config import Config
    from stretchcli.history.store import History, Session
    from stretchcli.session.timeline import RunOptions

app = typer.Typer(
    name="stretch",
    help="A guided stretching coach for the terminal. Not medical advice: "
    "stop if you feel sharp pain, numbness or tingling.",
    no_args_is_help=True,
    add_completion=True,
    cls=CompletingGroup,  # stretch's completion scripts; --install-completion SHELL
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

P = ParamSpec("P")
R = TypeVar("R")


def _friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the domain's errors into one line on stderr and the right exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except StretchError as exc:
            hint = f" ({exc.hint})" if exc.hint else ""
            print(one_line(f"stretch: {exc.message}{hint}"), file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


make_env = Environment.from_os  # tests put a fake clock and streams here


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
            print(f"stretch: warning: {problem}; using the default settings", file=env.stderr)
        return Config()


def _catalog(env: Environment, config: Config | None = None) -> Catalog:
    """Load every routines folder; report broken files on stderr and carry on without them."""
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.catalog import load_catalog

    config = config or _config(env)
    cache = ParseCache.for_user(env.environ)
    folders = routine_folders(env.environ)
    for folder in folders:
        why = folder_state(folder.path)
        if folder.source == "path" and why not in (None, "not there yet"):  # named, unusable
            print(f"stretch: warning: STRETCH_PATH: {folder.path}: {why}; ignored", file=env.stderr)
    catalog = load_catalog(folders, prepare=config.prepare, rest=config.rest, cache=cache)
    cache.save()
    for problem in catalog.problems:
        print(f"stretch: warning: {problem}; file skipped", file=env.stderr)
    return catalog


def _print_lines(env: Environment, lines: list[str]) -> None:
    env.stdout.write("".join(line + "\n" for line in lines))


def _print_json(env: Environment, data: object) -> None:
    # json.dumps, never rich: rich would wrap long lines. Escaped where the output's encoding
    # could not hold every character (the JSON stays exact).
    from stretchcli.env import writes_unicode

    ascii_only = not writes_unicode(env.stdout)
    env.stdout.write(json.dumps(data, indent=2, ensure_ascii=ascii_only) + "\n")


def _complete_names(incomplete: str) -> list[str]:
    """Routine and exercise ids for shell completion, from file names only (no YAML parsing)."""
    from stretchcli import completion

    return completion.matching(completion.ids(os.environ), incomplete)


def _complete_routines(incomplete: str) -> list[str]:
    """Routine ids (`run` takes nothing else), from file names only."""
    from stretchcli import completion

    return completion.matching(completion.ids(os.environ, ("routine",)), incomplete)


def _complete_sources(ctx: typer.Context, incomplete: str) -> list[str]:
    """`new --from`: routines and exercises; only exercises once --exercise is given."""
    from stretchcli import completion

    kinds = ("exercise",) if ctx.params.get("exercise") else ("routine", "exercise")
    return completion.matching(completion.ids(os.environ, kinds), incomplete)


def _complete_movements(incomplete: str) -> list[str]:
    """--avoid: movement names, completing the one after the last comma."""
    from stretchcli import completion

    return completion.movements(incomplete)


def _complete_steps(ctx: typer.Context, incomplete: str) -> list[str]:
    """--only, --skip: the steps of the routine given, else every exercise id."""
    from stretchcli import completion

    return completion.steps(os.environ, ctx.params.get("routine"), incomplete)


def _complete_variants(ctx: typer.Context, incomplete: str) -> list[str]:
    """--variant: EXERCISE=VARIANT pairs (the only completion that reads YAML)."""
    from stretchcli import completion

    return completion.variants(os.environ, ctx.params.get("routine"), incomplete)


def _version(value: bool) -> None:
    if value:
        print(f"stretch {__version__}")
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
@_friendly
def list_command(
    exercises: Annotated[
        bool, typer.Option("--exercises", help="List the exercise library instead of routines.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the routines (id, name, time, exercises, source), or the exercise library."""
    from stretchcli.session.timeline import RunOptions, plan
    from stretchcli.views import listing, records

    env = make_env()
    catalog = _catalog(env)
    if exercises:
        if as_json:
            items = sorted(catalog.exercises.values(), key=lambda e: e.id)
            _print_json(env, [records.exercise_record(e, catalog) for e in items])
        else:
            _print_lines(env, listing.exercises_lines(catalog, env.width, env.bold))
        return
    rows = []
    for routine in sorted(catalog.routines.values(), key=lambda r: r.id):
        routine_plan = plan(routine, catalog.exercises, RunOptions())
        rows.append((routine, routine_plan, records.routine_seconds(routine, routine_plan)))
    if as_json:
        _print_json(env, [records.routine_summary(r, p) for r, p, _ in rows])
    else:
        table = [(r, len(p.steps), seconds) for r, p, seconds in rows]
        _print_lines(env, listing.routines_lines(table, env.width, env.bold))


@app.command("show")
@_friendly
def show_command(
    name: Annotated[
        str,
        typer.Argument(
            help="A routine or exercise id.", metavar="NAME", autocompletion=_complete_names
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Show a routine (steps, doses, total time, cautions) or an exercise (how to do it)."""
    from stretchcli.model import Routine
    from stretchcli.session.timeline import RunOptions, plan
    from stretchcli.views import records
    from stretchcli.views import show as display

    env = make_env()
    catalog = _catalog(env)
    found = catalog.find(name)
    if isinstance(found, Routine):
        routine_plan = plan(found, catalog.exercises, RunOptions())
        total = records.routine_seconds(found, routine_plan)
        if as_json:
            _print_json(env, records.routine_record(found, routine_plan))
        else:
            env.console().print(display.routine_view(found, routine_plan, total))
        return
    if as_json:
        _print_json(env, records.exercise_record(found, catalog))
        return
    env.console().print(display.exercise_view(found, catalog, records.exercise_seconds(found)))


@app.command("validate")
@_friendly
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
    env = make_env()
    count, problems = validate([Path(p) for p in paths], routine_folders(env.environ))
    for problem in problems:
        env.stdout.write(f"{problem}\n")
    files = f"{count} file{'s' if count != 1 else ''}"
    if problems:
        env.stdout.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files}\n")
        raise typer.Exit(1)
    env.stdout.write(f"ok: {files} checked\n")


# Python reads Arabic-Indic and full-width digits as numbers; the pain prompt refuses
# them, and so do the options.
_ASCII_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _scale(text: str) -> float:
    from stretchcli.model import SCALES

    value = float(text) if _ASCII_NUMBER.fullmatch(text.strip()) else math.nan
    if not SCALES[0] <= value <= SCALES[1]:  # false for NaN too
        raise typer.BadParameter(f"'{text}' is not a number from {SCALES[0]:g} to {SCALES[1]:g}.")
    return value


def _pain(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,2}", text.strip()) or int(text) > 10:
        raise typer.BadParameter(f"'{text}' is not a whole number from 0 to 10.")
    return int(text)


def _date(text: str) -> datetime:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            raise ValueError
        return datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date like 2026-11-01.") from None


def _variants(pairs: list[str]) -> dict[str, str]:
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


def _ids(value: str | None, flag: str = "") -> tuple[str, ...]:
    ids = tuple(part.strip() for part in (value or "").split(",") if part.strip())
    if value is not None and not ids and flag:  # `--only ''` must not mean "everything"
        raise UsageError(f"{flag}: give at least one exercise id", f"e.g. {flag} ball-pressure")
    return ids


@app.command("run")
@_friendly
def run_command(
    routine: Annotated[
        str,
        typer.Argument(
            help="The routine to run.", metavar="ROUTINE", autocompletion=_complete_routines
        ),
    ],
    avoid: Annotated[
        str | None,
        typer.Option(
            help="Movements to avoid, comma-separated (rotation, side-bend, flexion, extension): "
            "exercises with them are swapped for their alternative, or skipped.",
            autocompletion=_complete_movements,
        ),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            help="Do only these exercises (comma-separated ids).", autocompletion=_complete_steps
        ),
    ] = None,
    skip: Annotated[
        str | None,
        typer.Option(
            help="Leave out these exercises (comma-separated ids).",
            autocompletion=_complete_steps,
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
    voice: Annotated[
        bool | None, typer.Option("--voice/--no-voice", help="Speak short cues aloud.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell and no voice.")] = False,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="One plain line per phase (also when piped or TERM=dumb)."),
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
            autocompletion=_complete_variants,
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
) -> None:
    """Run a routine as a guided session: every hold and rep counted, on time.

    Keys: space pause/resume, n next, b back, + and - change the current hold by 5 s, q quit.
    Not medical advice: stop if you feel sharp pain, numbness or tingling.
    """
    from stretchcli.model import MOVEMENTS
    from stretchcli.session.timeline import RunOptions

    env = make_env()
    config = _config(env, strict=True)
    avoided = _ids(avoid) if avoid is not None else config.avoid
    unknown = [m for m in avoided if m not in MOVEMENTS]
    if unknown:
        raise UsageError(
            f"--avoid: unknown movement '{unknown[0]}'", "movements: " + ", ".join(MOVEMENTS)
        )
    options = RunOptions(
        avoid=frozenset(avoided),
        only=_ids(only, "--only"),
        skip=_ids(skip, "--skip"),
        scale=scale if scale is not None else config.scale,
        variants=_variants(variant or []),
    )
    history = _history(env)
    given = [flag for flag, value in (("--avoid", avoid), ("--only", only), ("--skip", skip),
             ("--scale", scale), ("--variant", variant)) if value is not None]  # fmt: skip
    if resume and given:
        raise UsageError(
            f"--resume continues with the options of the run it resumes: leave out {given[0]}",
            "or start afresh without --resume",
        )
    if resume:
        last = _last_unfinished(history, routine)
        options = replace(RunOptions.from_record(last.options), start_at=last.last_step)
    _run(env, routine, options, plain, as_json, quiet, voice, pain, pain_before, brief)


def _run(
    env: Environment,
    routine_id: str,
    options: RunOptions,
    plain: bool,
    as_json: bool,
    quiet: bool,
    voice: bool | None,
    pain: bool | None,
    pain_before: int | None,
    brief: bool,
) -> None:
    from stretchcli.session.run import Recording, choose_mode, run_session

    config = _config(env, strict=True)
    catalog = _catalog(env, config)
    recording = Recording(
        _history(env),
        ask_pain=config.ask_pain if pain is None else pain,
        pain_before=pain_before,
    )
    outcome = run_session(
        env,
        catalog.routine(routine_id),
        catalog,
        options,
        choose_mode(env, plain, as_json),
        bell=config.sound and not quiet,
        voice=(config.voice if voice is None else voice) and not quiet,
        recording=recording,
        coach="brief" if brief else config.coach,
        countdown=config.countdown,
    )
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


def _history(env: Environment) -> History:
    from stretchcli.history.store import FILENAME, History

    def warn(message: str) -> None:
        env.stderr.write(f"stretch: warning: {message}\n")

    return History(state_dir(env.environ) / FILENAME, warn, env.wall)


def _last_unfinished(history: History, routine: str) -> Session:
    last = history.last_unfinished(routine)
    if last is None:
        raise NotFoundError(
            f"no stopped or interrupted run of {routine} to resume",
            f"start one with `stretch run {routine}`",
        )
    return last


@app.command("safety")
@_friendly
def safety_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the note as JSON.")] = False,
) -> None:
    """The full safety note, and the red flags: when to stop and get help, and how urgently."""
    from stretchcli import safety

    env = make_env()
    if as_json:
        flags = [
            {"urgency": urgency.name, "action": urgency.action, "signs": list(signs)}
            for urgency, signs in safety.RED_FLAGS
        ]
        _print_json(
            env,
            {
                "short": safety.SHORT,
                "general": list(safety.GENERAL),
                "red_flags": flags,
                "sources": list(safety.SOURCES),
            },
        )
        return
    from stretchcli.views.show import safety_view

    env.console().print(safety_view())


@app.command("again")
@_friendly
def again_command(
    plain: Annotated[bool, typer.Option("--plain", help="One plain line per phase.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per phase.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell and no voice.")] = False,
    brief: Annotated[
        bool, typer.Option("--brief", help="Coach briefly: a short get-ready, the action only.")
    ] = False,
) -> None:
    """Run the last routine again, with the same options."""
    from stretchcli.session.timeline import RunOptions

    env = make_env()
    sessions = _history(env).sessions()
    if not sessions:
        raise NotFoundError(
            "no session yet to run again", "start one with `stretch run upper-back`"
        )
    last = sessions[-1]
    options = RunOptions.from_record(last.options)
    _run(env, last.routine, options, plain, as_json, quiet, None, None, None, brief)


@app.command("history")
@_friendly
def history_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the sessions as JSON.")] = False,
    since: Annotated[
        datetime | None,
        typer.Option(
            help="Only sessions from this date on (YYYY-MM-DD).", parser=_date, metavar="DATE"
        ),
    ] = None,
    routine: Annotated[
        str | None,
        typer.Option(help="Only sessions of this routine.", autocompletion=_complete_routines),
    ] = None,
) -> None:
    """Past sessions, the current streak, a calendar of active days and the pain trend."""
    from stretchcli.views.history import history_view

    env = make_env()
    today = env.wall()
    start = since.replace(tzinfo=today.tzinfo) if since else None
    sessions = _history(env).sessions(since=start, routine=routine)
    if as_json:
        _print_json(env, [s.record() for s in sessions])
        return
    env.console().print(history_view(sessions, today.date()))


@app.command("new")
@_friendly
def new_command(
    name: Annotated[str, typer.Argument(help="The new routine's (or exercise's) id.")],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Copy this routine (or exercise) instead of the template.",
            autocompletion=_complete_sources,
        ),
    ] = None,
    exercise: Annotated[bool, typer.Option("--exercise", help="Make an exercise.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a file that exists.")] = False,
) -> None:
    """Write a new routine (or exercise) into your routines folder and print its path.

    Without --from it is a template with every key explained in a comment.
    """
    from stretchcli.files.authoring import create

    env = make_env()
    kind: FileKind = "exercise" if exercise else "routine"
    created = create(env.environ, routine_folders(env.environ), name, kind, source, force)
    env.stdout.write(f"{created.path}\n")
    if created.shadows is not None:
        env.stderr.write(
            f"stretch: note: it takes the place of {created.shadows.source} {name} "
            f"({created.shadows.path})\n"
        )


@app.command("edit")
@_friendly
def edit_command(
    name: Annotated[
        str, typer.Argument(help="A routine or exercise id.", autocompletion=_complete_names)
    ],
) -> None:
    """Open your copy of a routine or exercise in $VISUAL or $EDITOR, then check it.

    Editing a built-in one first copies it to your routines folder, where it then takes the
    place of the built-in one.
    """
    from stretchcli.files.authoring import editable_copy, editor_command, run_editor
    from stretchcli.files.catalog import validate

    env = make_env()
    folders = routine_folders(env.environ)
    command = editor_command(env.environ)  # before any copy is made: a bad $EDITOR costs nothing
    copy = editable_copy(env.environ, folders, name)
    if copy.shadows is not None:
        env.stderr.write(f"stretch: copied built-in {name} to {copy.path}\n")
    while True:
        try:
            status = run_editor(command, copy.path)
        except StretchError:
            if copy.shadows is not None:  # the editor never ran: do not leave a copy behind
                copy.path.unlink(missing_ok=True)
            raise
        if status:
            env.stderr.write(f"stretch: warning: the editor exited with status {status}\n")
        if not copy.path.is_file():
            raise StretchError(
                f"the editor left no file at {copy.path}", f"`stretch new {name}` starts afresh"
            )
        _, problems = validate([copy.path], folders)
        if not problems:
            env.stdout.write(f"ok: {copy.path}\n")
            return
        for problem in problems:
            env.stdout.write(f"{problem}\n")
        if not env.stdin_isatty or not _yes(env, "Open it again to fix this? [Y/n] "):
            raise StretchError(
                f"kept {copy.path} with {len(problems)} problem{'s' if len(problems) > 1 else ''}",
                "it is skipped until fixed: `stretch edit " + name + "`",
            )


def _yes(env: Environment, question: str) -> bool:
    env.stderr.write(question)
    env.stderr.flush()
    return env.stdin.readline().strip().lower() in ("", "y", "yes")


@app.command("schema")
@_friendly
def schema_command(
    exercise: Annotated[
        bool, typer.Option("--exercise", help="The schema of exercise files instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of routine files (or exercise files), for editors' YAML support."""
    from stretchcli.files.schema_json import json_schema

    _print_json(make_env(), json_schema(exercise))


@app.command("config")
@_friendly
def config_command(
    key: Annotated[str | None, typer.Argument(help="A setting to show or set.")] = None,
    value: Annotated[str | None, typer.Argument(help="The value to set it to.")] = None,
    paths: Annotated[
        bool, typer.Option("--paths", help="List where routines, config and history live.")
    ] = False,
) -> None:
    """Show the settings and where each comes from; show one; or set one in config.toml.

    Settings: sound, voice, avoid, ask_pain, scale, prepare, rest. Examples:
    `stretch config sound false`, `stretch config avoid rotation,side-bend`.
    """
    from stretchcli.files.config import config_path, effective, set_value, setting_named, toml_value

    env = make_env()
    if paths:
        _print_paths(env)
        return
    if key is not None and value is not None:
        path, written = set_value(env.environ, key, value)
        env.stdout.write(f"{key} = {toml_value(written)}  (written to {path})\n")
        return
    config = _config(env, strict=True)
    rows = effective(config)
    if key is not None:
        setting_named(key)
        rows = [row for row in rows if row[0].name == key]
        env.stdout.write(toml_value(rows[0][1]) + "\n")
        return
    from stretchcli.views.show import settings_table

    env.console().print(settings_table(rows))
    path = config_path(env.environ)
    env.stdout.write(f"config file: {path}{'' if path.exists() else '  (not there yet)'}\n")


@app.command("paths")
@_friendly
def paths_command() -> None:
    """List every folder searched for routines and exercises (highest precedence first), and
    where the config file and the history live."""
    _print_paths(make_env())


def _print_paths(env: Environment) -> None:
    from stretchcli.files.config import config_path
    from stretchcli.history.store import FILENAME

    def state(path: Path) -> str:
        return "" if path.exists() else "  (not there yet)"

    out = env.stdout
    out.write("Routines, highest precedence first (exercises in each one's exercises/):\n")
    for number, folder in enumerate(routine_folders(env.environ), 1):
        why = folder_state(folder.path)
        note = f"  ({why})" if why else ""
        out.write(f"  {number}. {folder.path}  [{folder.source}]{note}\n")
    config = config_path(env.environ)
    history = state_dir(env.environ) / FILENAME
    out.write(f"Config file: {config}{state(config)}\n")
    out.write(f"History:     {history}{state(history)}\n")


def main() -> None:
    """Console-script entry point: the exit code, and one line if the output cannot be
    written (a full disk, a closed stdout, a pipe gone)."""
    from stretchcli.env import prepare_streams

    prepare_streams()
    if sys.argv[1:2] not in (["run"], ["again"]) and hasattr(signal, "SIGPIPE"):
        # A reader that goes away (`stretch list | head -1`) ends the command quietly, as it
        # would any Unix tool; `run` handles it itself, to record the session first.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    code = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write("\n")
        code = 130
    except OSError as exc:
        code = _output_failed(exc)
    failed = _settle_output()
    if failed is not None and code == 0:
        code = _output_failed(failed)
    sys.exit(code)


def _output_failed(error: OSError) -> int:
    """Say in one line that the output could not be written; the exit code for it."""
    if error.errno == errno.EPIPE:  # the reader went away (`| head`): quiet, as SIGPIPE
        return 128 + 13
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"stretch: cannot write the output: {error.strerror or error}\n")
        sys.stderr.flush()
    return 1


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
