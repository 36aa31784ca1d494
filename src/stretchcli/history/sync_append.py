"""Appending to this machine's file in the sync folder: whole lines only, flushed to the
disk, with the file held by one appender at a time; a half line a crash left is cut off first."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files.atomic import kind


class NotAFile(OSError):
    """What is at a sync file's place is not a file (a fifo, a device); its words say what."""


def open_file(path: Path, flags: int, mode: int = 0o644) -> int:
    """A descriptor of the regular file at `path` (made with `mode` if `flags` say so),
    opened without waiting: a fifo there would wait for a writer, with the sync's lock held
    and Ctrl-C unheard. Anything but a file is an OSError naming what it is."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # (Windows has no fifo to wait on, nor this)
    fd = os.open(path, flags | nonblocking, mode)
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode):
        os.close(fd)
        raise NotAFile(0, f"it is {kind(found.st_mode)}, not a file")
    if nonblocking:
        os.set_blocking(fd, True)
    return fd


def size_and_time(path: Path) -> tuple[int, int]:
    """A file's size and time ((0, 0): not there)."""
    try:
        found = path.stat()
    except OSError:
        return (0, 0)
    return (found.st_size, found.st_mtime_ns)


def append(path: Path, texts: list[str], header: str) -> tuple[int, bytes]:
    """Append whole lines to this machine's file, flushed to the disk; a half line left by a
    crash is cut off first (its session is written again, as it was not marked written).
    Where the bytes written start, and the bytes."""
    try:
        fd = open_file(path, os.O_RDWR | os.O_CREAT | os.O_APPEND)
    except NotAFile as exc:
        raise StretchError(
            f"this machine's sync file {path}: {exc.strerror}",
            "move it aside; stretch writes it again",
        ) from None
    try:
        _lock_file(fd)  # another appender's line is whole before this one looks at the end
        size = os.fstat(fd).st_size
        whole = _after_last_newline(fd, size)
        if whole < size:
            os.ftruncate(fd, whole)
        data = (("" if whole else header) + "".join(texts)).encode("ascii")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    if not size:
        _sync_folder_entry(path.parent)
    return whole, data


def _lock_file(fd: int) -> None:
    """Hold an open file for this process alone (let go when it is closed)."""
    try:
        import fcntl
    except ImportError:  # Windows: every append is made holding the state folder's lock
        return  # (`sync_local.locked`), and a lock on this file would keep the sync tool out
    fcntl.flock(fd, fcntl.LOCK_EX)


def _after_last_newline(fd: int, size: int) -> int:
    """The offset just after the file's last newline (0 for none)."""
    end = size
    while end > 0:
        start = max(0, end - 65536)
        os.lseek(fd, start, os.SEEK_SET)
        chunk = os.read(fd, end - start)
        found = chunk.rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0


def _sync_folder_entry(folder: Path) -> None:
    """Flush a new file's name in its folder to the disk (where the system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
