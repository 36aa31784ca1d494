"""Writing a file so that readers see the old text or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from stretchcli.errors import StretchError


def write_text(path: Path, text: str, make_folder: bool = True) -> None:
    """Write `text` to a temporary file beside `path`, then move it into place, with the
    mode and owner of the file it replaces.

    The temporary name carries the process id, so two processes never share one. Any
    failure is a StretchError naming the file; the temporary file is not left behind.
    `make_folder=False` is for a path the user typed (`-o`): a folder that does not exist
    is more likely a typo than a wish. A file with other names (a hard link, say from a
    dotfiles folder), or whose owner cannot be kept, is written in place: moving a new
    file there would part it from its other names, or make it ours.
    """
    if not make_folder and not path.parent.is_dir():
        raise StretchError(
            f"cannot write {path}: there is no folder {path.parent}", "create it, or give another"
        )
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        found = _regular(path)
        if found is not None and found.st_nlink > 1:
            _in_place(path, text)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        if found is not None and not _keeps(temporary, found):
            _in_place(path, text)
            return
        os.replace(temporary, path)
    except OSError as exc:
        raise StretchError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _regular(path: Path) -> os.stat_result | None:
    """The file at `path` (not through a link), or None when none is there (or no file)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def _keeps(temporary: Path, found: os.stat_result) -> bool:
    """Give `temporary` the mode and owner of `found`; False when the owner cannot be."""
    os.chmod(temporary, stat.S_IMODE(found.st_mode))
    mine = os.stat(temporary)
    if not hasattr(os, "chown") or (mine.st_uid, mine.st_gid) == (found.st_uid, found.st_gid):
        return True
    try:
        os.chown(temporary, found.st_uid, found.st_gid)
    except PermissionError:
        return False
    return True


def _in_place(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
