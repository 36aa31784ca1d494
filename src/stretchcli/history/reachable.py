"""Whether a history is there to read: nothing yet (a new person) is not the same as a history
that cannot be reached (its folder a link to a disk that is not mounted, a file where its
folder should be). Taking the second for the first would show "No sessions yet" and let
`history export -o backup.jsonl` replace a good backup with an empty one."""

from __future__ import annotations

import os
from pathlib import Path

from stretchcli.errors import HistoryError
from stretchcli.files.reach import why_missing

LINK = "mount the disk it is on, point the link at the history, or set STRETCH_STATE_DIR"
FILE = "move the file aside, or set STRETCH_STATE_DIR"


def there(path: Path) -> bool:
    """Whether the history database at `path` exists (False: none yet, and one can be made
    there); a HistoryError naming what is in the way when it cannot be reached."""
    if path.exists():
        return True
    if os.path.lexists(path):  # a link that leads nowhere, or round in a loop
        raise HistoryError(
            f"cannot reach the history database {path}: it {why_missing(path)}", LINK
        )
    for folder in path.parents:
        if not os.path.lexists(folder):
            continue
        if folder.is_dir():
            return False  # the nearest folder there is: the history is made in it
        if folder.exists():
            said, hint = "is a file, not a folder", FILE
        else:
            said, hint = why_missing(folder), LINK
        raise HistoryError(f"cannot reach the history database {path}: {folder} {said}", hint)
    return False
