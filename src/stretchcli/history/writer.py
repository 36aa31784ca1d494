"""History writes on a thread of their own, so that the session's clock never waits for the
disk or for another process's lock."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable

from stretchcli.errors import StretchError, said


class Writer:
    """Runs history writes in order on a thread of their own, so that a slow disk or another
    process's lock never holds up the session's clock. A waiting progress write is replaced
    by a newer one (only the latest progress matters); every other write is kept."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self.warn = warn
        self.waiting: deque[tuple[str, Callable[[], None]]] = deque()
        self.ready = threading.Condition()
        self.thread: threading.Thread | None = None
        self.busy = False
        self.closing = False

    def submit(self, kind: str, write: Callable[[], None]) -> None:
        """Queue a write; `kind` "progress" replaces a progress write still waiting."""
        with self.ready:
            if kind == "progress" and self.waiting and self.waiting[-1][0] == "progress":
                self.waiting[-1] = (kind, write)
            else:
                self.waiting.append((kind, write))
            if self.thread is None:
                self.thread = threading.Thread(target=self._work, name="history", daemon=True)
                self.thread.start()
            self.ready.notify()

    def close(self) -> None:
        """No more writes will come: the thread ends once those queued are done (and with
        it what it holds: the history and its open file)."""
        with self.ready:
            self.closing = True
            self.ready.notify_all()

    def _work(self) -> None:
        while True:
            with self.ready:
                while not self.waiting:
                    if self.closing:
                        self.thread = None
                        return
                    self.ready.wait()
                _, write = self.waiting.popleft()
                self.busy = True
            try:
                write()
            except (StretchError, sqlite3.Error, OSError) as exc:  # never stops a session
                self.warn(f"could not write the history: {said(exc)}")
            finally:
                del write  # not kept while waiting for the next: it holds the history
                with self.ready:
                    self.busy = False
                    self.ready.notify_all()

    def flush(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for every queued write; whether all were done."""
        deadline = time.monotonic() + timeout
        with self.ready:
            while self.waiting or self.busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.ready.wait(left)
        return True
