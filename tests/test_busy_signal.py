"""A writer waiting for another process's write lock takes a signal while it waits (Ctrl-C
ends the command at once, with 130): SQLite is asked to wait a slice at a time, and Python
runs a signal's handler only between calls into SQLite. One wait of the whole busy timeout
held Ctrl-C back until the lock came free or the ten seconds ran out."""

from __future__ import annotations

import linecache
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import FrameType

import pytest

from stretchcli.history.store import History
from stretchcli.records import ExerciseResult
from tests.fakes import NOW
from tests.test_busy import LOCKER

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "pthread_kill"), reason="needs signals sent to a thread (POSIX)"
)


def _waiting_to_begin(ident: int) -> bool:
    """Whether the thread `ident` is at a line that begins a write transaction (it is, or is
    about to be, inside SQLite's wait for the lock)."""
    frame = sys._current_frames().get(ident)
    if frame is None:
        return False
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
    return "BEGIN IMMEDIATE" in line


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    """A history of one session, whose busy timeout is far longer than this test runs."""
    history = History(tmp_path / "history.sqlite3", print, lambda: NOW - timedelta(days=1))
    done = [ExerciseResult("rhomboid-stretch", "done", 2, 2)]
    history.finish(history.start("desk-break", {}, done, None), "completed", 60, done, 0)
    history.close()
    history.busy_timeout = 60.0
    yield history
    history.close()


def test_a_signal_is_taken_while_a_writer_waits_for_the_lock(history: History) -> None:
    """The signal's handler frees the lock (as the person's Ctrl-C would end the command):
    it runs while the writer waits, so the write then goes through. Were the handler held
    back until SQLite's wait ended, the wait would run out first and the write fail."""
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(history.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert locker.stdout is not None and locker.stdin is not None
    assert locker.stdout.readline() == "locked\n"
    main = threading.get_ident()
    handled = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        handled.set()

    def free_on_signal() -> None:
        while not _waiting_to_begin(main):
            time.sleep(0.01)  # polled: the writer's place, not a time
        signal.pthread_kill(main, signal.SIGUSR1)
        handled.wait()
        assert locker.stdin is not None
        locker.stdin.close()  # the other process commits and lets go

    before = signal.signal(signal.SIGUSR1, handler)
    sender = threading.Thread(target=free_on_signal, daemon=True)
    try:
        sender.start()
        history.set_pain_after(1, 2)
    finally:
        signal.signal(signal.SIGUSR1, before)
        sender.join()
        assert locker.wait(timeout=60) == 0
        locker.stdout.close()
    assert handled.is_set()
    assert history.sessions()[0].pain_after == 2


def test_the_writer_still_waits_the_whole_busy_timeout_for_the_lock(history: History) -> None:
    """Waiting a slice at a time is still one wait: a lock held past a slice, then let go,
    is waited for (the write goes through, no error)."""
    locker = sqlite3.connect(history.path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN IMMEDIATE")
    main = threading.get_ident()

    def free_once_waited_on() -> None:
        while not _waiting_to_begin(main):
            time.sleep(0.01)
        time.sleep(0.3)  # longer than a slice: the writer has asked again
        locker.execute("COMMIT")

    freer = threading.Thread(target=free_once_waited_on, daemon=True)
    freer.start()
    history.set_pain_after(1, 3)
    freer.join()
    locker.close()
    assert history.sessions()[0].pain_after == 3
