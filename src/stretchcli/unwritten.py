"""Standard output that cannot be written (a full disk, a closed descriptor, a reader gone):
what is left unwritten is dropped, so that Python's own flush at exit cannot fail again,
and the failure is said in one line with its exit code. Imports nothing heavy: the quick
`stretch due` uses it as every other command does."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable
from typing import TextIO


def drop(stream: TextIO | None) -> None:
    """Point `stream`'s descriptor at the null device: what is left in it goes nowhere."""
    if stream is None:  # closed before Python started
        return
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)


def settle() -> OSError | None:
    """Flush standard output and error now; a stream that cannot be flushed is dropped.
    The error of standard output, if it failed."""
    failed: OSError | None = None
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError) as exc:
            if isinstance(exc, OSError) and stream is sys.stdout:
                failed = exc
            drop(stream)
    return failed


def failed(error: OSError, say: Callable[[str], None]) -> int:
    """Say (`say`, a line without the program's name) that the output could not be
    written; the exit code for it: 141 for a reader gone (`| head`), quietly, as SIGPIPE."""
    from stretchcli.errors import ExitCode

    if error.errno == errno.EPIPE:
        return ExitCode.BROKEN_PIPE
    with contextlib.suppress(OSError, ValueError):
        say(f"cannot write the output: {error.strerror or error}")
    return ExitCode.FAILURE
