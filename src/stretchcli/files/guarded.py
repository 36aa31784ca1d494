"""Reading a small file without surprises: never hangs on a FIFO, never reads a device or a
folder, never more than a limit. Imports nothing heavy: it runs on every start-up."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotReadable(OSError):
    """The path is not a regular file of a sensible size; `strerror` says why."""


class TooLarge(NotReadable):
    """The file is larger than the reader's limit."""


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (OSError, or NotReadable)."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotReadable(0, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(0, f"larger than {limit // 1024} KiB")
    return data


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of a small regular file, without a byte order mark (OSError,
    NotReadable, or UnicodeDecodeError)."""
    return read_bytes(path, limit).decode("utf-8").removeprefix("\ufeff")
