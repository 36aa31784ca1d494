"""A run that has started but written no row yet (its get-ready, the pain question before it)
says so in a small file beside the history: reminders then wait, as they do for a running
session's row. The run takes it back as it ends; one left by a run that was killed names a
process that is gone (or another one started later) and means nothing."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files import atomic, guarded
from stretchcli.history.liveness import alive

MARK = "run-starting"  # in the state folder: "PID STARTED" (the start as ISO text)


def mark(state_dir: Path, pid: int, now: datetime) -> None:
    """Say that process `pid` is starting a run at `now` (best effort: a folder that cannot
    be written only loses this; the run says so itself when it cannot write its row)."""
    with contextlib.suppress(StretchError, OSError):
        atomic.write_text(state_dir / MARK, f"{pid} {now.isoformat()}\n", state=True)


def unmark(state_dir: Path, pid: int) -> None:
    """Remove the mark of process `pid` (and never another process's)."""
    path = state_dir / MARK
    with contextlib.suppress(OSError, UnicodeDecodeError, ValueError):
        if guarded.read_text(path, 128).split()[0] == str(pid):
            path.unlink()


def starting_here(state_dir: Path) -> bool:
    """Whether a run is starting on this machine now: the process the mark names is still
    running, and is the one that wrote it."""
    try:
        pid, started = guarded.read_text(state_dir / MARK, 128).split()
        return alive(int(pid), datetime.fromisoformat(started))
    except (OSError, UnicodeDecodeError, ValueError, OverflowError):
        return False  # none, or not one this wrote: nothing is starting
