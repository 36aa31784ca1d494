"""Errors with user-facing messages, and the exit codes. The domain raises the errors; the
app's one error handler (group.py) prints them through the Environment and exits."""

from __future__ import annotations

import re
import signal
from collections import Counter
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

from stretchcli.text import one_line


class ExitCode(IntEnum):
    """What `stretch` exits with (a signal that ends a run: 128 + its number)."""

    OK = 0
    FAILURE = 1  # something to fix: a file, a name, a folder, the output
    USAGE = 2  # options that do not fit, or an unknown command or option
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader went away, as `| head` does (128 + SIGPIPE)

    @staticmethod
    def for_signal(signum: int) -> int:
        """The code of a run ended by signal `signum` (SIGTERM: 143, SIGHUP: 129)."""
        return 128 + signum


def ended_by(code: int) -> str:
    """How a child process ended, from its return code as `subprocess` gives it: "exit
    status 3", or "killed by signal 9 (SIGKILL)" for a negative one (there is no exit
    status -9: a signal ended it)."""
    if code >= 0:
        return f"exit status {code}"
    try:
        name = f" ({signal.Signals(-code).name})"
    except ValueError:  # a number this system has no name for
        name = ""
    return f"killed by signal {-code}{name}"


LONGEST_WORD = 200  # chosen: characters of one word an error line shows in full


def long_words_cut(text: str) -> str:
    """`text` with each word (a run without spaces) of more than LONGEST_WORD characters
    shown as its start, an ellipsis, its end and its length: a 5000-digit value echoed in
    an error filled fifty rows of a terminal (review 23, F3)."""
    return re.sub(
        rf"\S{{{LONGEST_WORD + 1},}}",
        lambda m: f"{m[0][:40]}…{m[0][-20:]} ({len(m[0])} characters)",
        text,
    )


class Problem(NamedTuple):  # a NamedTuple: a dataclass costs `list` about 0.2 ms to make
    """One thing wrong with a file, at a 1-based line and column."""

    path: Path
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return one_line(f"{text} ({self.hint})" if self.hint else text)


class StretchError(Exception):
    """Base of every error the user may see; `message` is one readable line."""

    exit_code: int = ExitCode.FAILURE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def line(self) -> str:
        """The one line the user sees: the message, and the hint in brackets."""
        said = f"{self.message} ({self.hint})" if self.hint else self.message
        return long_words_cut(one_line(said))


def said(error: Exception) -> str:
    """What an error says in a line: a StretchError's message and hint; an OSError's file and
    the system's reason (not Python's `[Errno 2] ...: '...'`); else its text."""
    if isinstance(error, StretchError):
        return error.line()
    if isinstance(error, OSError) and error.strerror:
        where = error.filename
        return one_line(f"{where}: {error.strerror}" if where is not None else error.strerror)
    return one_line(str(error))


class NotFoundError(StretchError):
    """An unknown routine or exercise name."""


class UsageError(StretchError):
    """Options that do not fit together."""

    exit_code = ExitCode.USAGE


class HistoryError(StretchError):
    """The history cannot be written or read at all."""


class InvalidFileError(StretchError):
    """A routine or exercise file with one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems


SHOWN_OF_A_KIND = 5  # chosen: enough to see a mistake and where it is, not a screenful


def problem_lines(problems: list[Problem], most: int = SHOWN_OF_A_KIND) -> list[str]:
    """The problems as lines; of a file's problems of one kind (the same message but for
    names and numbers), at most `most`, then how many more: a file with eighty of one
    mistake reads as five of them and 'and 75 more like these'."""

    def kind(problem: Problem) -> tuple[Path, str]:
        return problem.path, re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "#", problem.message)

    total = Counter(kind(problem) for problem in problems)
    seen: Counter[tuple[Path, str]] = Counter()
    lines: list[str] = []
    for problem in problems:
        key = kind(problem)
        seen[key] += 1
        if seen[key] <= most:
            lines.append(str(problem))
        elif seen[key] == most + 1:
            lines.append(one_line(f"{problem.path}: and {total[key] - most} more like these"))
    return lines
