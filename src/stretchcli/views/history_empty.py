"""What `stretch history` says where there is no session to show yet, and how to start one."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from stretchcli.text import dated, one_line


def nothing_yet(
    routine: str | None, since: date | None, start: bool, year: int, first: str = ""
) -> Text:
    """'No sessions yet.', of the routine and since the day asked for, and with `start` how
    to start one (`first`, where there is a plan or one waits: how)."""
    of = f" of {one_line(routine)}" if routine else ""
    if since is not None:
        return Text(f"No sessions{of} since {dated(since, year)}.")
    hint = first if first and not of else f"Start one with: stretch run {routine or 'upper-back'}"
    return Text(f"No sessions{of} yet." + (f" {one_line(hint)}" if start else ""))
