"""Appending to this machine's file in the sync folder: whole lines only, flushed to the
disk, with the file held by one appender at a time; a half line a crash left is cut off first.
Only a file that is this machine's is ever appended to: never through a link (what it leads
to may be any file, anywhere), never to a file that does not start with a history header."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files.atomic import kind, shown
from stretchcli.history.export_file import FORMAT

AGAIN = "move it aside; stretch writes it again"
HEADER_BYTES = 4096  # read of a file's first line: a header is about 45


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


def refuse_unless_own(path: Path) -> None:
    """A StretchError, in one line, unless the thing at `path` may be appended to as this
    machine's file: nothing there, or a file (not a link) whose first line is a stretch
    history header. An empty file, or one holding only the start of the header (a crash's,
    cut off by the append), is written afresh."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _refused(path, exc.strerror or str(exc), AGAIN) from None
    if stat.S_ISLNK(found.st_mode):
        raise _link(path)
    if not stat.S_ISREG(found.st_mode):
        raise _refused(path, f"it is {kind(found.st_mode)}, not a file", AGAIN)
    try:
        with os.fdopen(open_file(path, os.O_RDONLY | _NOFOLLOW), "rb") as stream:
            first = stream.readline(HEADER_BYTES)
    except OSError as exc:
        raise _refused(path, exc.strerror or str(exc), AGAIN) from None
    if not _header(first):
        why = "it does not start with a stretch history header (this machine did not write it)"
        raise _refused(path, f"{why}, and nothing is added to it", AGAIN)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # (Windows has none: the lstat above says a link)
_HEADER = (json.dumps(FORMAT) + "\n").encode("ascii")


def _header(first: bytes) -> bool:
    """Whether a file's first line (`first`, up to its newline) is a history header, or all
    the file holds is the start of one (or nothing)."""
    if not first.endswith(b"\n"):
        return _HEADER.startswith(first)
    try:
        data = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT["format"]


def _link(path: Path) -> StretchError:
    try:
        to = f" to {shown(os.readlink(path))}"
    except OSError:
        to = ""
    why = f"it is a link{to}, not a file, and nothing is written through it"
    todo = "remove the link, and stretch writes the file again; what it leads to is left alone"
    return _refused(path, why, todo)


def _refused(path: Path, why: str, todo: str) -> StretchError:
    return StretchError(f"this machine's sync file {shown(path)}: {why}", todo)


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
    Where the bytes written start, and the bytes. Anything but this machine's file is
    refused (`refuse_unless_own`), a link put there since too."""
    refuse_unless_own(path)
    try:
        fd = open_file(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | _NOFOLLOW)
    except NotAFile as exc:
        raise _refused(path, exc.strerror or str(exc), AGAIN) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.islink(path):
            raise _link(path) from None
        raise
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
