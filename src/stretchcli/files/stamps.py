"""What says a file is unchanged (its stamp), and the checksum a kept file starts with: for the
caches (`cache.py`, `listing.py`). The standard library only."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

RACY_SECONDS = 3.0  # a file changed more recently than this may change again within its tick


def stamp(path: Path) -> list[int] | None:
    """A file's size, modification and change times (ns) and inode; None if it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    # ctime too: tools can set a file's mtime back (cp -p, touch -r), never its ctime.
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def checksum(text: str) -> str:
    """A checksum of a kept file's text, on the line before it."""
    return f"{zlib.crc32(text.encode()):08x}"
