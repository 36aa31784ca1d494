"""The typer app, built from a table of commands: a command's module is imported only when it
runs (start-up pays for one command, not all of them), the whole app for help, an unknown
command and completion. And the process edge: the streams, SIGPIPE, the signals that end a
command, and an output that cannot be written."""

# No `from __future__ import annotations`: typer reads the commands' annotations on every
# start, and as strings each would be compiled and evaluated again (about 1 ms for `list`).

import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from stretchcli import __version__, ending, unwritten
from stretchcli.cli.context import Application, application
from stretchcli.cli.group import StretchCommand, StretchGroup
from stretchcli.env import Environment
from stretchcli.errors import ExitCode

if TYPE_CHECKING:
    from stretchcli.session.devices import Devices

# Each command, in the order `stretch --help` lists them, and the module of `cli/commands`
# that declares it.
COMMANDS: dict[str, str] = {
    "run": "run",
    "again": "run",
    "list": "catalog",
    "show": "catalog",
    "safety": "catalog",
    "history": "history",
    "report": "report",
    "start": "start",
    "plan": "plan",
    "remind": "remind",
    "due": "due",
    "new": "authoring",
    "edit": "authoring",
    "validate": "catalog",
    "schema": "authoring",
    "config": "settings",
    "paths": "settings",
    "help": "help",
}


def _every_command(app: typer.Typer) -> list[typer.models.CommandInfo]:
    """The commands of `app` and of its groups."""
    found = list(app.registered_commands)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            found += _every_command(group.typer_instance)
    return found


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        application(ctx).env.stdout.write(f"stretch {__version__}\n")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """A guided stretching coach for the terminal. Not medical advice."""


def build(names: Sequence[str] | None = None) -> typer.Typer:
    """The app with the commands `names` (every command when None), importing only the
    modules that declare them."""
    wanted = [n for n in COMMANDS if names is None or n in names]
    app = typer.Typer(
        name="stretch",
        help="A guided stretching coach for the terminal. Not medical advice: "
        "stop if you feel sharp pain, numbness or tingling.",
        no_args_is_help=True,  # the help, on standard output, and exit 0 (group.py)
        add_completion=True,
        cls=StretchGroup,  # one error handler; stretch's completion scripts
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    modules = [COMMANDS[n] for n in wanted]
    declared = {
        m: importlib.import_module(f"stretchcli.cli.commands.{m}").commands
        for m in dict.fromkeys(modules)
    }
    for name in wanted:
        commands: typer.Typer = declared[COMMANDS[name]]
        app.registered_commands += [c for c in commands.registered_commands if c.name == name]
        app.registered_groups += [
            g
            for g in commands.registered_groups
            if g.typer_instance and g.typer_instance.info.name == name
        ]
    for info in _every_command(app):
        info.cls = StretchCommand
    return app


def main(
    argv: Sequence[str] | None = None,
    env: Environment | None = None,
    devices: "Devices | None" = None,
) -> int:
    """Run `stretch` with `argv` (default: the process's) in `env` (default: the process's),
    a run with `devices` (default: the machine's own); the exit code. The process's own run
    also says in one line when the output cannot be written (a full disk, a closed stdout, a
    pipe gone)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if env is not None:  # a caller's environment: no process-wide changes
        return _invoke(args, Application(env, devices), "stretch")
    from stretchcli.clock import settle_zone
    from stretchcli.env import prepare_streams

    settle_zone(os.environ)
    prepare_streams()
    pipe = [signal.SIGPIPE] if hasattr(signal, "SIGPIPE") else []
    if args[:1] not in (["run"], ["again"]) and pipe:
        # A reader that goes away (`stretch list | head -1`) ends the command quietly, as it
        # would any Unix tool; `run` handles it itself, to record the session first.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    env = Environment.from_os()
    if args[:1] not in (["run"], ["again"]):
        # SIGTERM, SIGHUP, SIGPIPE...: unwound as Ctrl-C is (SIGPIPE still ends the command
        # quietly, with its own exit code), so that a file being written leaves no
        # temporary file behind (a run handles them itself, to record the session).
        from stretchcli.session.terminal import ending_signals

        ending.install([*ending_signals(), *pipe])
    try:
        code = _invoke(args, Application(env), None)  # the name it was started by (completion)
    except OSError as exc:
        code = unwritten.failed(exc, env.note)
    finally:
        ending.uninstall()
    failed = unwritten.settle()
    if failed is not None and code == ExitCode.OK:
        code = unwritten.failed(failed, env.note)
    return code


def _invoke(args: list[str], app: Application, prog_name: str | None) -> int:
    try:
        command = build([args[0]] if args and args[0] in COMMANDS else None)
        code: int = command(args, prog_name=prog_name, obj=app, standalone_mode=False)
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError):
            app.env.stderr.write("\n")
        return ExitCode.INTERRUPTED
    except ending.Stopped as exc:  # SIGTERM, SIGHUP...: quietly, as the signal itself would
        return exc.exit_code
    except SystemExit as exc:  # completion scripts exit on their own
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code


def __getattr__(name: str) -> typer.Typer:
    """`app`: the whole app, every command's module imported (for tests and the docs)."""
    if name == "app":
        return build()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
