"""Errors with user-facing messages. The domain raises them; the CLI prints them and exits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def one_line(text: str) -> str:
    """Text safe to print as one line: control characters (newlines, escape codes from a
    file's content) are shown escaped instead of acting on the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Problem:
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

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFoundError(StretchError):
    """An unknown routine or exercise name."""


class UsageError(StretchError):
    """Options that do not fit together."""

    exit_code = 2


class InvalidFileError(StretchError):
    """A routine or exercise file with one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems
