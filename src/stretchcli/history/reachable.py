"""Whether a history is there to read: nothing yet (a new person) is not the same as a history
that cannot be reached (its folder a link to a disk that is not mounted, a file where its
folder should be). Taking the second for the first would show "No sessions yet" and let
`history export -o backup.jsonl` replace a good backup with an empty one."""

from __future__ import annotations

from pathlib import Path

from stretchcli.errors import HistoryError
from stretchcli.files.reach import in_the_way

LINK = "mount the disk it is on, point the link at the history, or set STRETCH_STATE_DIR"
FILE = "move the file aside, or set STRETCH_STATE_DIR"


def there(path: Path) -> bool:
    """Whether the history database at `path` exists (False: none yet, and one can be made
    there); a HistoryError naming what is in the way when it cannot be reached."""
    if path.exists():
        return True
    why = in_the_way(path)
    if why:
        hint = FILE if why.endswith("is a file, not a folder") else LINK
        raise HistoryError(f"cannot reach the history database {path}: {why}", hint)
    return False
