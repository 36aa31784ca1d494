"""One process at a time: an advisory lock on a small lock file (fcntl's flock on POSIX,
msvcrt's byte lock on Windows), for a read-change-replace of a file that other processes
change too. The lock goes with the process: a process killed while holding it lets go.

(A library such as filelock would do it, but costs about 30 ms to import, where fcntl costs
one: `stretch config` and `stretch remind check` take it on every run.)"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stretchcli.errors import StretchError

BUSY_WAIT = 10.0  # seconds to wait for another's lock: the history's busy timeout, the same
POLL = 0.05  # seconds between two tries while waiting a bounded time (chosen)


def _opened(path: Path, mode: int) -> int:
    """The lock file's descriptor (the file made, with `mode` and its folder, if needed)."""
    try:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT, mode)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(path, os.O_RDWR | os.O_CREAT, mode)
    except OSError as exc:
        if path.is_symlink() and not path.exists():
            raise StretchError(
                f"cannot write {path}: it is a link to {os.readlink(path)}, which is not there",
                f"remove {path}; stretch makes it again",
            ) from None
        raise StretchError(
            f"cannot write {path}: {exc.strerror}",
            f"see that {path.parent} is a folder you can write to",
        ) from None


@contextmanager
def held(
    path: Path,
    wait: bool = True,
    within: float | None = None,
    now: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    mode: int = 0o644,
) -> Iterator[bool]:
    """The lock file `path` (made with `mode`, and its folder, if needed) held by this
    process while the block runs: whether it is held (`wait=False`: False at once when
    another holds it; `within` seconds by `now`: False when another still holds it then;
    else it waits for the other to let go, and is always True)."""
    fd = _opened(path, mode)
    try:
        try:
            fcntl: Any = importlib.import_module("fcntl")
        except ImportError:  # Windows
            with _windows(fd, wait, within, now, sleep) as got:
                yield got
            return
        if wait and within is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield True
            return
        deadline = now() + (within or 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - now()
                if not wait or left <= 0:
                    yield False
                    return
                sleep(min(POLL, left))
        yield True
    finally:
        os.close(fd)  # lets go of the lock


@contextmanager
def _windows(
    fd: int,
    wait: bool,
    within: float | None,
    now: Callable[[], float],
    sleep: Callable[[float], None],
) -> Iterator[bool]:
    """The lock file's first byte held by this process (msvcrt's locks hold against other
    processes; waiting, it tries again until the other lets go, or `within` seconds have
    passed: LK_LOCK itself gives up after about ten seconds)."""
    msvcrt: Any = importlib.import_module("msvcrt")
    deadline = None if within is None else now() + within
    while True:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            bounded = deadline is not None or not wait
            msvcrt.locking(fd, msvcrt.LK_NBLCK if bounded else msvcrt.LK_LOCK, 1)
            break
        except OSError:
            if not wait or (deadline is not None and now() >= deadline):
                yield False
                return
            if deadline is not None:
                sleep(min(POLL, max(0.0, deadline - now())))
    try:
        yield True
    finally:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
