"""The process environment in one object, injected for tests (httpie's `context.py`): the
streams and how to write to them (warnings, errors, JSON), the variables, the clocks, the
keyboard and the voice."""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, TYPE_CHECKING

from stretchcli.errors import StretchError
from stretchcli.text import json_escaped, json_text, one_line, wrapped

if TYPE_CHECKING:
    from rich.console import Console


class TrimmedLines:
    """A text stream that writes each line without the spaces at its end (a line is
    written once it is whole; the rest when flushed)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.pending = ""

    @property
    def encoding(self) -> str | None:
        """The stream's encoding (rich asks for it)."""
        return getattr(self.stream, "encoding", None)

    def write(self, text: str) -> int:
        """Write the whole lines of what came so far, trimmed."""
        *lines, self.pending = (self.pending + text).split("\n")
        if lines:
            self.stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        """Write what is left (trimmed) and flush the stream."""
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        """Never a terminal (it is used for pipes and files)."""
        return False

    def fileno(self) -> int:
        """The stream's file descriptor."""
        return self.stream.fileno()


@dataclass
class Environment:
    """What the program may touch of the outside world."""

    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]
    environ: Mapping[str, str]
    monotonic: Callable[[], float] = field(default=time.monotonic)
    sleep: Callable[[float], None] = field(default=time.sleep)
    # None: the system's wall clock (or the test suite's, see clock.py), made on first use.
    wall_clock: Callable[[], datetime] | None = None

    def now(self) -> float:
        """The monotonic clock the runner keeps its deadlines on."""
        return self.monotonic()

    def wall(self) -> datetime:
        """The local date and time, with the offset it has in the user's zone."""
        if self.wall_clock is None:
            from stretchcli.clock import wall

            self.wall_clock = wall(self.environ)
        return self.wall_clock()

    @classmethod
    def from_os(cls) -> Environment:
        """The real environment, read at call time (so test runners' swapped streams count)."""
        return cls(sys.stdin, sys.stdout, sys.stderr, os.environ)

    @property
    def stdout_isatty(self) -> bool:
        """Whether standard output is a terminal."""
        return _isatty(self.stdout)

    @property
    def stdin_isatty(self) -> bool:
        """Whether standard input is a terminal (no terminal: no keys, no prompts)."""
        return _isatty(self.stdin)

    @property
    def dumb(self) -> bool:
        """TERM=dumb: a terminal that cannot move the cursor."""
        return self.environ.get("TERM") == "dumb"

    @property
    def width(self) -> int:
        """Columns to draw in: $COLUMNS, else the terminal's, else 80 (as rich decides); at
        most MAX_WIDTH."""
        columns = _size(self.environ.get("COLUMNS", ""))
        if columns is not None:
            return columns
        if self.stdout_isatty:
            import shutil

            return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH) or 80
        return 80

    def drawing_environ(self) -> dict[str, str]:
        """The variables as a drawing library may read them: COLUMNS and LINES bounded by
        MAX_WIDTH and MAX_HEIGHT, and left out where they are no size at all."""
        drawn = dict(self.environ)
        for name in ("COLUMNS", "LINES"):
            size = _size(drawn.pop(name, ""), MAX_WIDTH if name == "COLUMNS" else MAX_HEIGHT)
            if size is not None:
                drawn[name] = str(size)
        return drawn

    @property
    def user(self) -> str | None:
        """The user's login name, as the environment gives it (LOGNAME, USER, LNAME or
        USERNAME, in getpass's order), or None: whose report it is."""
        for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
            if self.environ.get(name, "").strip():
                return self.environ[name].strip()
        return None

    @property
    def bold(self) -> bool:
        """Whether to write bold text: a terminal, and no NO_COLOR."""
        return self.stdout_isatty and not self.environ.get("NO_COLOR") and not self.dumb

    def console(self, plain: bool = False) -> Console:
        """A rich console on stdout that honours NO_COLOR; `plain` (and TERM=dumb, which
        cannot show them): no styles at all. It reads no string as markup or emoji codes: a
        routine named `[link=...]` or `:warning:` is shown as it is written (views give data
        as `Text`, made one line with `text.one_line`)."""
        from rich.console import Console

        # Rich pads its tables and grids to the width with spaces: in a pipe or a file
        # they would end every line; at a terminal they are never seen.
        out = self.stdout if self.stdout_isatty else TrimmedLines(self.stdout)
        return Console(
            file=out,  # type: ignore[arg-type]
            no_color=bool(self.environ.get("NO_COLOR")) or None,
            markup=False,
            emoji=False,
            highlight=False,
            soft_wrap=False,
            force_terminal=False if plain or self.dumb else None,
            _environ=self.drawing_environ(),  # rich reads COLUMNS itself
        )

    def _line(self, text: str) -> None:
        """A message on stderr: one line, wrapped at words (under its text, after
        'stretch: ') where stderr is a terminal, so that no word breaks at its edge; one
        line as it is for pipes and logs."""
        shown = one_line(text)
        if _isatty(self.stderr) and len(shown) > self.width:
            shown = "\n".join(wrapped([shown], self.width, hang=len(PREFIX)))
        self.stderr.write(shown + "\n")
        self.stderr.flush()

    def note(self, message: str) -> None:
        """Tell the user something on stderr: 'stretch: MESSAGE'."""
        self._line(f"{PREFIX}{message}")

    def warn(self, message: str) -> None:
        """A problem that does not stop the command: 'stretch: warning: MESSAGE'."""
        self._line(f"stretch: warning: {message}")

    def error(self, error: StretchError) -> int:
        """Say what went wrong (and what to do) in one line; the exit code for it."""
        self._line(f"stretch: {error.line()}")
        return error.exit_code

    def confirm(self, question: str) -> bool:
        """A yes/no question at the terminal, Enter meaning yes; no where nobody can answer."""
        if not self.stdin_isatty:
            return False
        self.stderr.write(question)
        self.stderr.flush()
        return self.stdin.readline().strip().lower() in ("", "y", "yes")

    def drop_typed_ahead(self) -> None:
        """Forget the keys typed at the terminal and not read yet: pressed during a run (or
        while its last words are said), they would answer the question asked after it.
        Nothing to forget in the background: the keys are the shell's."""
        if not self.stdin_isatty:
            return
        try:
            descriptor = self.stdin.fileno()
            if not in_foreground(descriptor):
                return
            if sys.platform == "win32":
                import msvcrt

                while msvcrt.kbhit():
                    msvcrt.getwch()
            else:
                import termios

                with contextlib.suppress(termios.error):  # the terminal has gone away
                    termios.tcflush(descriptor, termios.TCIFLUSH)
        except (OSError, ValueError):  # no descriptor: lines typed by a test, or a closed file
            return

    def print_lines(self, lines: list[str], head: bool = False) -> None:
        """Write lines of text to stdout, each shown as one line (`text.one_line`: nothing in
        them acts on the terminal); with `head`, the first is a table's head, in bold where
        the terminal shows bold."""
        shown = [one_line(line) for line in lines]
        if head and shown and self.bold:
            shown[0] = f"\x1b[1m{shown[0]}\x1b[0m"
        self.stdout.write("".join(line + "\n" for line in shown))

    def print_json(self, data: object) -> None:
        """Write data as indented JSON (never rich: rich would wrap long lines), exact, with
        what a terminal could act on written as `\\u` escapes (`text.json_text`), and escaped
        where the output's encoding could not hold every character."""
        ascii_only = not writes_unicode(self.stdout)
        self.stdout.write(json_text(data, ascii_only=ascii_only) + "\n")

    def print_json_list(self, items: Iterable[str]) -> None:
        """Write a JSON list of items already written as JSON, one item a line, as they
        come (a million sessions are never held at once); escaped as `print_json` does
        where the output's encoding could not hold every character."""
        ascii_only = not writes_unicode(self.stdout)
        write = self.stdout.write
        batch: list[str] = []
        size = 0
        separator = "[\n  "
        for item in items:
            batch.append(separator + (json_escaped(item, ascii_only) if ascii_only else item))
            size += len(batch[-1])
            separator = ",\n  "
            # One write of many (a write per item costs a third), bounded by size too: a
            # session of 14,400 exercises is a line of megabytes (attack 19, H15: 256 of
            # them held 2 GiB).
            if len(batch) >= _BATCH or size >= _BATCH_CHARS:
                write("".join(batch))
                batch.clear()
                size = 0
        batch.append("[]\n" if separator.startswith("[") else "\n]\n")
        write("".join(batch))


_BATCH = 256  # chosen: items written at once (a few hundred KB of usual sessions)
_BATCH_CHARS = 256 * 1024  # chosen: or fewer, once they hold this many characters


# Chosen: wider than any screen (a 8K screen at the smallest font is about 1000 columns), and
# small enough that a line padded to it costs nothing (COLUMNS=20000000 made `safety` take 3 GB).
MAX_WIDTH = 1000
PREFIX = "stretch: "  # every message on stderr starts so
MAX_HEIGHT = 1000


def _size(given: str, most: int = MAX_WIDTH) -> int | None:
    """A size given in a variable: ASCII digits, more than 0, at most `most`; None for
    anything else (the default is used)."""
    digits = given.lstrip("0")
    if not (digits.isascii() and digits.isdigit()):  # also '', '0', '-5', ' 80', '٨٠'
        return None
    return most if len(digits) > len(str(most)) else min(int(digits), most)


def in_foreground(descriptor: int) -> bool:
    """Whether this process is in the foreground of the terminal at `descriptor` (or cannot
    tell: none, or gone). One in the background that changes the terminal is stopped
    (SIGTTOU), and, ending, would stay stopped for ever."""
    if sys.platform == "win32":
        return True
    try:
        return os.tcgetpgrp(descriptor) == os.getpgrp()
    except OSError:
        return True


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# Characters the screens use, for terminals and pipes that cannot encode them (cp1252, ASCII).
ASCII_FALLBACK = {
    "·": "-",
    "×": "x",
    "→": "->",
    "•": "*",
    "●": "*",  # a week's sessions done, against the goal's
    "○": "o",
    "━": "-",
    "╸": "-",
    "╺": "-",
    "─": "-",
    "│": "|",
    "█": "#",
    "▓": "%",  # (not "#": the calendar's 10-19 minutes and 20 or more must differ)
    "▒": "+",
    "░": ".",
    "…": "...",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
}


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ASCII_FALLBACK.get(c, "?") for c in text), error.end


class ClosedOutput(io.TextIOBase):
    """Standard output when it was closed (`>&-`): every write fails as a write to a closed
    descriptor would, so that the command reports it in one line."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


def prepare_streams() -> None:
    """Make the process's streams safe to write: a closed stdout fails in one clear line,
    a closed stderr is a sink, and text a legacy encoding cannot hold is written in ASCII."""
    codecs.register_error("stretch-ascii", _ascii_fallback)
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        if not writes_unicode(stream) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="stretch-ascii")


def writes_unicode(stream: object) -> bool:
    """Whether a text stream can hold any character (its encoding is UTF-8)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")
