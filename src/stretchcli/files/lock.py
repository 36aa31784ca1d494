"""One process at a time: an advisory lock on a small lock file (fcntl's flock on POSIX,
msvcrt's byte lock on Windows), for a read-change-replace of a file that other processes
change too. The lock goes with the process: a process killed while holding it lets go.

(A library such as filelock would do it, but costs about 30 ms to import, where fcntl costs
one: `stretch config` and `stretch remind check` take it on every run.)"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stretchcli.errors import StretchError


@contextmanager
def held(path: Path, wait: bool = True) -> Iterator[bool]:
    """The lock file `path` (made, with its folder, if needed) held by this process while the
    block runs: whether it is held (`wait=False`: False at once when another holds it;
    else it waits for the other to let go, and is always True)."""
    try:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StretchError(
            f"cannot write {path}: {exc.strerror}",
            f"see that {path.parent} is a folder you can write to",
        ) from None
    try:
        try:
            fcntl: Any = importlib.import_module("fcntl")
        except ImportError:  # Windows
            with _windows(fd, wait) as got:
                yield got
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # lets go of the lock


@contextmanager
def _windows(fd: int, wait: bool) -> Iterator[bool]:
    """The lock file's first byte held by this process (msvcrt's locks hold against other
    processes; waiting, it tries again until the other lets go: LK_LOCK itself gives up
    after about ten seconds)."""
    msvcrt: Any = importlib.import_module("msvcrt")
    while True:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
            break
        except OSError:
            if not wait:
                yield False
                return
    try:
        yield True
    finally:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
