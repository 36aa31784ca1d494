"""Whether the process that wrote a `running` session is still running it: a run killed
before it could say how it ended reads as interrupted."""

from __future__ import annotations

import os
from datetime import datetime

from stretchcli.exported import MAX_SESSION_SECONDS

PID_SLACK = 5.0  # seconds: the clock ticks /proc counts in, and time to open the history


def running(pid: object, since: datetime, now: datetime) -> bool:
    """Whether a session stored as `running` still is: its process here is (`alive`), or, with
    no process here (a session exported or synced while it ran on another machine), it began
    less than the longest a run can last (`MAX_SESSION_SECONDS`) before `now`."""
    if pid is None:
        return 0 <= (now - since).total_seconds() < MAX_SESSION_SECONDS
    return alive(pid, since)


def alive(pid: object, since: datetime) -> bool:
    """Whether the process that started a session at `since` is still running: its pid is
    in use, by a process that had started by then (not a later one given the same pid)."""
    if not pid or isinstance(pid, bool) or not isinstance(pid, int):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        pass
    started = process_started(pid)
    return started is None or started <= since.timestamp() + PID_SLACK


def process_started(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch), where the system says (Linux's
    /proc); None where it cannot be known."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
        with open("/proc/stat", encoding="ascii", errors="replace") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith("btime "))
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22: start time, in ticks
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
