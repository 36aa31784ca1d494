"""Why a path the user named cannot be looked at, in words: the system's own reason, never a
guess from a generic failure (a loop of symlinks is not a disk that is not mounted)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

LOOP = "is a link that leads back to itself (a loop of symlinks)"


def why_missing(path: Path, missing: str = "is not there") -> str:
    """Why `stat` cannot look at `path`: a loop of links, a link to nothing, `missing` (it is
    not there), or what the system says (a folder it may not look in)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
        if exc.errno == errno.ENOENT:
            return (
                "is a link to nothing (what it names is not there)"
                if path.is_symlink()
                else missing
            )
        return f"cannot be looked at: {exc.strerror or exc}"
    except ValueError:  # a NUL in the name
        return "is not a name a file can have"
    return "is there"


FILE_IN_THE_WAY = "is a file, not a folder"


def link_in_the_way(path: Path) -> str:
    """`in_the_way`, but only for a link that leads nowhere (a file in the way is said by
    the writer's own error, which knows what to suggest)."""
    why = in_the_way(path)
    return "" if why.endswith(FILE_IN_THE_WAY) else why


def in_the_way(path: Path) -> str:
    """Why a file that is not at `path` could not be there either: '' when nothing is in the
    way (it is simply not made yet), else what is, in words: 'it is a link to nothing ...'
    for `path` itself, 'FOLDER is a file, not a folder' or 'FOLDER is a link to nothing ...'
    for the nearest folder above it that is there (a disk not mounted, a file in the way)."""
    if os.path.lexists(path):
        return f"it {why_missing(path)}" if not path.exists() else ""
    for folder in path.parents:
        if not os.path.lexists(folder):
            continue
        if folder.is_dir():
            return ""
        said = FILE_IN_THE_WAY if folder.exists() else why_missing(folder)
        return f"{folder} {said}"
    return ""
