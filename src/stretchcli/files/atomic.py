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
    dotfiles folder), or whose owner cannot be kept, is written in place once the new text
    is known to fit (written beside it first): moving a new file there would part it from its
    other names, or make it ours. If writing it fails, it is left as it was.
    """
    if not make_folder and not path.parent.is_dir():
        raise StretchError(
            f"cannot write {path}: there is no folder {path.parent}", "create it, or give another"
        )
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    data = text.encode("utf-8")
    try:
        found = _regular(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if found is not None and found.st_nlink > 1:
            rehearse(temporary, data)
            overwrite(path, data)
            return
        temporary.write_bytes(data)
        if found is not None and not _keeps(temporary, found):
            overwrite(path, data)
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


def rehearse(temporary: Path, data: bytes) -> None:
    """Write `data` to a new file `temporary` (beside the one it is for), so that a size limit
    or a full disk fails there, before that file is touched; nothing when no file can be made
    there (a folder we may not write in): the file itself may still be ours to write."""
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return
    with open(descriptor, "wb") as handle:
        handle.write(data)


def overwrite(path: Path, data: bytes) -> None:
    """Put `data` into the file at `path` itself, which keeps its inode: its other names (hard
    links), its mode and its owner. If that fails part way, its old content is put back."""
    descriptor = os.open(path, os.O_RDWR)
    try:
        old = _read_all(descriptor)
        try:
            _put(descriptor, data)
        except OSError:
            with contextlib.suppress(OSError):
                _put(descriptor, old)
            raise
    finally:
        os.close(descriptor)


def _read_all(descriptor: int) -> bytes:
    parts = []
    while part := os.read(descriptor, 1 << 16):
        parts.append(part)
    return b"".join(parts)


def _put(descriptor: int, data: bytes) -> None:
    """Write `data` from the start over what is there (no truncating first: the old blocks
    stay until the new text is all written), then cut the file to its length."""
    os.lseek(descriptor, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
    os.ftruncate(descriptor, len(data))
