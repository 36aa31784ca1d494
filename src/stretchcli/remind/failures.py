"""When this machine last could not show a reminder, in a small file in the state folder:
its check waits `schedule.RETRY` after it before trying again. Kept per machine, not read
from the history: the history holds the other machines' reminders too, and one that a machine
without a notification server could not show must not hold back this one's."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from stretchcli.columns import stored_time
from stretchcli.errors import StretchError
from stretchcli.files import atomic, guarded
from stretchcli.remind.state_files import FAILED

LONGEST = 100  # bytes: one time


def record(state_dir: Path, at: datetime) -> None:
    """Note that the reminder of `at` could not be shown (best effort: a folder that cannot
    be written only means the next check tries again at once)."""
    with contextlib.suppress(StretchError):
        atomic.write_text(state_dir / FAILED, stored_time(at) + "\n", state=True)


def last(state_dir: Path) -> datetime | None:
    """When the last reminder this machine could not show was (None: none, or a file that is
    not what `record` writes)."""
    try:
        moment = datetime.fromisoformat(guarded.read_text(state_dir / FAILED, LONGEST).strip())
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None
