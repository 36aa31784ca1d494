"""The app's command group: stretch's completion scripts, and the one error handler of every
command (click's own exceptions and the domain's StretchError become one line on stderr and
the exit code, whichever command raised them)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import typer
from typer.core import TyperCommand, TyperOption

from stretchcli.cli.completion.serving import CompletingGroup
from stretchcli.cli.completion.typer_internals import (
    ClickContext,
    ClickUsageError,
    NoArgsIsHelpError,
    NoSuchOption,
)
from stretchcli.cli.context import Application
from stretchcli.ending import raise_if_ended
from stretchcli.env import Environment
from stretchcli.errors import ExitCode, InvalidFileError, StretchError, UsageError, problem_lines
from stretchcli.files.paths import check_folder_variables
from stretchcli.text import did_you_mean


class StretchCommand(TyperCommand):
    """A command whose usage line names its arguments plainly: `stretch run [OPTIONS]
    ROUTINE`, not typer's `{ROUTINE}`."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        """A negative number given as an argument (`remind snooze -5m`) is that argument, which
        the command then refuses for what it is, not an option that does not exist."""
        return super().parse_args(ctx, negatives_as_arguments(self, args))


def negatives_as_arguments(command: TyperCommand, args: list[str]) -> list[str]:
    """`args` with `--` before the first token like `-5` that is not an option's value (no
    option is named by a digit), so that the parser takes it as an argument."""
    takes_value = {
        name
        for param in command.params
        if isinstance(param, TyperOption) and not param.is_flag and not param.count
        for name in param.opts
    }
    for i, token in enumerate(args):
        if token == "--":
            break
        if re.match(r"-[0-9]", token) and (i == 0 or args[i - 1] not in takes_value):
            return [*args[:i], "--", *args[i:]]
    return args


class StretchGroup(CompletingGroup):
    """Runs a command with the Application (made from the Environment given as `obj`) as its
    context object, and turns every error it raises into one line and an exit code;
    `standalone_mode` exits with it, else returns it."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        given = extra.pop("obj", None)
        if isinstance(given, Environment):
            given = Application(given)
        # The real environment is read now: test runners swap the streams.
        app = given if isinstance(given, Application) else Application(Environment.from_os())
        env = app.env
        code: int
        try:
            refuse_text_that_is_not_utf8(args or ())
            check_folder_variables(env.environ)  # for every command, whichever it reads
            # What click prints itself (help, completion) goes to the Environment's streams.
            with redirect_stdout(env.stdout), redirect_stderr(env.stderr):
                result = super().main(
                    args,
                    prog_name,
                    complete_var,
                    standalone_mode=False,
                    windows_expand_args=windows_expand_args,
                    obj=app,
                    **extra,
                )
            code = result if isinstance(result, int) else ExitCode.OK  # an Exit's code
        except InvalidFileError as exc:  # every problem of the file, each on a line
            for line in problem_lines(exc.problems):
                code = env.error(StretchError(line))
        except StretchError as exc:
            raise_if_ended()  # an error that a signal caused (an SQLite query it broke)
            code = env.error(exc)
        except NoArgsIsHelpError as exc:  # `stretch` alone, `stretch history note`
            exc.show(env.stdout)
            code = ExitCode.OK
        except ClickUsageError as exc:
            code = env.error(usage_error(exc))
        except typer.TyperException as exc:  # click's other errors
            code = env.error(StretchError(exc.format_message()))
        except typer.Abort:  # end of input at a prompt
            env.stderr.write("\n")
            code = ExitCode.FAILURE
        finally:
            app.close()
        if standalone_mode:
            raise SystemExit(code)
        return code


def refuse_text_that_is_not_utf8(args: Sequence[str]) -> None:
    """A UsageError for the first argument holding bytes that are not UTF-8 (Python keeps
    them as lone surrogates, which no file, database or terminal takes), shown as bytes."""
    for arg in args:
        if not arg.isprintable() and any(_SURROGATE <= c <= _LAST for c in arg):
            shown = "".join(_as_byte(c) for c in arg)
            raise UsageError(
                f"the argument '{shown}' is not UTF-8 text",
                "give it in UTF-8; a file whose name is not, rename",
            )


_SURROGATE, _LAST = "\ud800", "\udfff"


def _as_byte(char: str) -> str:
    """A byte Python kept as a surrogate ('\\udcff') as the byte ('\\xff'); any other
    surrogate as its code ('\\ud800')."""
    if not _SURROGATE <= char <= _LAST:
        return char
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def usage_error(exc: ClickUsageError) -> StretchError:
    """Click's usage error (an unknown option, a bad value) as one line, pointing at the help
    of the command it is about."""
    message, _, close = exc.format_message().partition(". Did you mean ")
    hint = f"did you mean {close}" if close else ""
    if isinstance(exc, NoSuchOption):  # its message lists the options
        message = f"no such option: {exc.option_name}"
        hint = did_you_mean(exc.option_name, exc.possibilities or ())
    if not hint and exc.ctx is not None:
        hint = f"see `{exc.ctx.command_path} --help`"
    message = message[:1].lower() + message[1:].rstrip(".")
    error = StretchError(message, hint)
    error.exit_code = exc.exit_code
    return error
