"""The presence file in the state folder: one line per reminder check of what it saw (see
`stretchcli.remind.presence`), kept for two days and replaced whole, so that a reader never
sees half of it."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files import atomic, guarded
from stretchcli.remind.presence import Seen, kept, parse_all
from stretchcli.remind.state_files import PRESENCE

MAX_BYTES = 256 * 1024  # two days of checks every five minutes take about 12 KiB


def read(state_dir: Path) -> list[Seen]:
    """The checks the file holds, oldest first; none where it is missing or unreadable (a
    damaged file costs only a natural break, never a reminder or a run)."""
    try:
        text = guarded.read_text(state_dir / PRESENCE, MAX_BYTES)
    except (OSError, UnicodeDecodeError):
        return []
    return parse_all(text.splitlines())


def record(state_dir: Path, seen: Seen, now: datetime) -> None:
    """Add what a check saw, dropping what no longer decides anything (best effort: a
    folder that cannot be written only loses natural breaks)."""
    lines = [s.line() for s in kept([*read(state_dir), seen], now)]
    with contextlib.suppress(StretchError):
        atomic.write_text(state_dir / PRESENCE, "".join(f"{line}\n" for line in lines), state=True)
