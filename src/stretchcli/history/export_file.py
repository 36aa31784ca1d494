"""An export file's lines, read safely: from a file, standard input or a pipe that something
writes to (never waiting on a fifo that nothing writes to, never reading a device), a line at
a time and never more of one than a session can be, each line's JSON parsed within the bounds
of what a run writes (no deep nesting, no NaN, no key twice)."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import accumulate
from typing import IO, TYPE_CHECKING

from stretchcli.errors import StretchError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# Version 2 adds a plan's level changes and the barrier answers after the sessions; a file
# without them is written as version 1, which every stretch with export reads.
LATEST = 2
FORMAT = {"format": "stretch-history", "version": LATEST}
SESSIONS_ONLY = {"format": "stretch-history", "version": 1}
STDIN = "-"
# The longest line a run writes: its options come from one command line (at most 2 MB on
# Linux), and a routine file of at most 256 KiB has at most 14,400 steps (4 hours of 1-second
# holds), each an exercise's result and a swap of about 100 bytes: about 5 MB in all. A line
# longer than this is not a session, and the reading stops there.
MAX_LINE = 8 * 1024 * 1024  # bytes
MAX_DEPTH = 16  # brackets: a session nests 4 deep (a swap's movements); deeper is not one
_NOT_BRACKET = re.compile(r"[^][{}]+")
_NESTING = {"[": 1, "{": 1, "]": -1, "}": -1}


class NotASession(ValueError):
    """What is wrong with one line: 'LINE: message' or 'LINE:COLUMN: message'."""


def parse(number: int, raw: str | bytes, first: bool | None = None) -> object:
    """The JSON value of one line (None for a blank line); a NotASession says why not.
    `first`: the line is where the header belongs, the first that is not blank (None: line
    1)."""
    if len(raw) > MAX_LINE:
        raise NotASession(
            f"{number}: longer than any session (more than {MAX_LINE:,} bytes); "
            "the rest of the file was not read"
        )
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
            raise NotASession(f"{number}:{column}: not UTF-8 text") from None
    else:
        line = raw
    if number == 1:
        line = line.removeprefix("\ufeff")  # a byte order mark some editors add
    if not line.strip():
        return None
    if _depth(line) > MAX_DEPTH:
        raise NotASession(
            f"{number}: nested more than {MAX_DEPTH} deep (a session nests 4 deep at most)"
        )
    try:
        value = json.loads(
            line, parse_constant=_no_constant, object_pairs_hook=_no_twice, parse_int=_short_int
        )
    except json.JSONDecodeError as exc:
        if number == 1 and line.lstrip().startswith("["):
            raise NotASession(f"1: {HISTORY_JSON}") from None
        if exc.msg == "Extra data" and line[exc.pos :].lstrip().startswith('{"format"'):
            raise NotASession(
                f"{number}:{exc.colno}: {JOINED} (two exports joined, the first without a line "
                "break at its end?): import the files one at a time"
            ) from None
        why = exc.msg.removesuffix(" at")  # "Invalid control character at"
        raise NotASession(f"{number}:{exc.colno}: not JSON ({why})") from None
    except ValueError as exc:  # a constant, a key twice, a number of more than 4300 digits
        raise NotASession(f"{number}: not JSON a run writes ({exc})") from None
    if value is None:  # a JSON null, which a run never writes: not a blank line (attack 21, B4)
        header = number == 1 if first is None else first  # (attack 22, C7: after a blank)
        said = not_the_header(None) if header else "expected a session: a JSON object, got null"
        raise NotASession(f"{number}: {said}")
    return value


def _depth(line: str) -> int:
    """How deep the brackets of a line nest outside its strings (json would recurse, and
    run out of stack, on a deep one)."""
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return 0  # cannot nest deeper than that: no need to look
    unescaped = line.replace("\\\\", "").replace('\\"', "")  # then each " opens or closes
    outside = "".join(unescaped.split('"')[::2])
    brackets = _NOT_BRACKET.sub("", outside)
    return max(accumulate(map(_NESTING.__getitem__, brackets)), default=0)


def _short_int(text: str) -> int:
    """An integer of JSON, refused where it is too long for Python to read: its own refusal
    (past 4300 digits) tells the reader to call a Python function (attack 19, H4). Shorter
    ones out of range are refused by the field, with its name."""
    if len(text) > LONGEST_INT:
        raise ValueError(f"a number of {len(text)} characters is too long to read")
    return int(text)


LONGEST_INT = 4000  # characters: under Python's 4300 digits


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON has")


def _no_twice(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object, whose keys each come once (json would keep the last one silently)."""
    data = dict(pairs)
    if len(data) < len(pairs):
        keys = [key for key, _ in pairs]
        twice = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"the key {json.dumps(twice)} is given twice in one object")
    return data


HISTORY_JSON = (
    "a JSON list, as `stretch history --json` writes it, not an export "
    "(write a file to import with `stretch history export -o FILE`)"
)


JOINED = "a second export's first line"


def second_header(data: object) -> str | None:
    """Why a line after the first is an export's first line: two files joined into one."""
    if isinstance(data, dict) and "format" in data:
        return f"{JOINED} (two exports joined into one file?): import the files one at a time"
    return None


def not_the_header(data: object) -> str | None:
    """Why a first line is not an export's, or None. Its version is a JSON integer: `true`
    and `1.0`, which Python takes as equal to 1, are not one."""
    if isinstance(data, list):
        return HISTORY_JSON
    version = data.get("version") if isinstance(data, dict) else None
    whole = isinstance(version, int) and not isinstance(version, bool)
    if whole and data in (FORMAT, SESSIONS_ONLY):
        return None
    if whole and isinstance(data, dict) and data.get("format") == FORMAT["format"]:
        assert isinstance(version, int)
        if version > LATEST:
            return (
                f"an export of a newer stretch (version {version}); this one reads versions "
                f"1 to {LATEST}: upgrade stretch to import it"
            )
    return (
        f"not a stretch history export (an export's first line is {json.dumps(SESSIONS_ONLY)}, as "
        f"`stretch history export` writes it, or version {LATEST} with a plan's records)"
    )


def lines(stream: IO[bytes] | IO[str]) -> Iterator[str | bytes]:
    """The lines of `stream`, none longer than MAX_LINE + 1 (a longer one comes in parts)."""
    while line := stream.readline(MAX_LINE + 1):
        yield line


@contextmanager
def opened(name: str, stdin: IO[str]) -> Iterator[IO[bytes] | IO[str]]:
    """The stream to read: standard input, a regular file, or a pipe that something writes
    to; a StretchError for a device, a folder, a terminal or a fifo with no writer."""
    if name == STDIN:
        try:
            terminal = stdin.isatty()
        except (AttributeError, ValueError):  # closed (Python then makes sys.stdin None)
            raise StretchError("standard input is closed", "pipe an export into it") from None
        if terminal:
            raise StretchError(
                "standard input is a terminal, not an export",
                "give a file, or pipe one in: stretch history import - < history.jsonl",
            )
        yield getattr(stdin, "buffer", stdin)  # bytes where it has them: UTF-8 whatever
        return  # the locale; the process's standard input stays open
    # Without O_NONBLOCK, opening a fifo waits until something opens it to write.
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        first = b""
        if stat.S_ISDIR(mode):
            raise StretchError(
                f"{name} is a folder", "give a file written by `stretch history export`"
            )
        if stat.S_ISFIFO(mode):
            first = _first_bytes(fd, name)
        elif not stat.S_ISREG(mode):
            raise StretchError(
                f"{name} is a device, not a file", "give a file written by `stretch history export`"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    with io.BufferedReader(_Prefixed(fd, first), 1024 * 1024) as stream:
        yield stream


def _first_bytes(fd: int, name: str) -> bytes:
    """What a fifo has for us already, or b"" if its writer has not written yet; a
    StretchError if nothing writes to it (reading it would wait for ever)."""
    try:
        first = os.read(fd, io.DEFAULT_BUFFER_SIZE)
    except BlockingIOError:  # a writer is there, and has written nothing yet
        return b""
    if not first:  # no writer: a read that does not wait says the end is reached
        raise StretchError(
            f"{name} is a fifo that nothing is writing to",
            f"start what writes to it first, e.g. stretch history export -o {name} &",
        )
    return first


class _Prefixed(io.RawIOBase):
    """A file descriptor, read from after some bytes already read from it."""

    def __init__(self, fd: int, prefix: bytes) -> None:
        self.fd = fd
        self.prefix = prefix

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self.prefix:
            size = min(len(view), len(self.prefix))
            view[:size] = self.prefix[:size]
            self.prefix = self.prefix[size:]
            return size
        data = os.read(self.fd, len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()
