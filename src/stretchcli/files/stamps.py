"""What says a file is unchanged (its stamp), and the checksum a kept file starts with: for the
caches (`cache.py`, `listing.py`). The standard library only."""

from __future__ import annotations

import contextlib
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


_BUILD: list[str] = []


def build() -> str:
    """Which stretch made a kept file: its version and a stamp of its own modules. A version
    alone stays the same while the code changes (an editable install, a checkout), and a
    cache kept by other code could serve what this code would check or plan otherwise."""
    if not _BUILD:
        from stretchcli import __version__

        package = Path(__file__).resolve().parent.parent
        parts = []
        for folder, folders, names in os.walk(package):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(n for n in names if n.endswith(".py")):
                with contextlib.suppress(OSError):
                    info = os.stat(os.path.join(folder, name))
                    parts.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
        _BUILD.append(f"{__version__}+{checksum(chr(10).join(parts))}")
    return _BUILD[0]
