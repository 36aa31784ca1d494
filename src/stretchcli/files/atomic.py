"""Writing a file so that readers see the old text or the new, never half of it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files.reach import link_in_the_way, why_missing


def write_text(path: Path, text: str, make_folder: bool = True, state: bool = False) -> None:
    """Write `text` (as UTF-8) to `path` as `write_bytes` does."""
    write_bytes(path, text.encode("utf-8"), make_folder, state)


def write_bytes(path: Path, data: bytes, make_folder: bool = True, state: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then move it into place, with the
    mode and owner of the file it replaces.

    The temporary name carries the process id, so two processes never share one. Any
    failure is a StretchError naming the file; the temporary file is not left behind.
    `make_folder=False` is for a path the user typed (`-o`): a folder that does not exist
    is more likely a typo than a wish. A file with other names (a hard link, say from a
    dotfiles folder), or whose owner cannot be kept, is written in place once the new text
    is known to fit (written beside it first): moving a new file there would part it from its
    other names, or make it ours. If writing it fails, it is left as it was. A symlink is
    written through (the file it points to gets the text; the link stays); a link to nothing,
    or a folder above that is one (a disk not mounted), and anything else that is not a file
    (a folder, a fifo, a device, a socket) is refused, never replaced nor made.
    A file of stretch's own `state` (a cache, a mark) is worked out afresh instead: what is
    in its place, link or fifo, is replaced.
    """
    asked, path = path, path if state else through_links(path)
    if not make_folder and not path.parent.is_dir():
        raise StretchError(
            f"cannot write {shown(path)}: there is no folder {shown(path.parent)}",
            "create it, or give another",
        )
    temporary = beside(path, "")
    try:
        found = _regular(path)
        if found is None and not state and os.path.lexists(path):
            raise StretchError(
                f"cannot write {shown(path)}: it is {kind(os.lstat(path).st_mode)}, not a file",
                "move it aside, then try again; nothing was written",
            )
        if not state and path != asked and not os.path.lexists(path):
            raise StretchError(  # never the folders of a disk that is not mounted
                f"cannot write {shown(asked)}: it {leads_to(asked)}",
                "point the link at a file, or remove it; nothing was written",
            )
        gone = "" if state or os.path.lexists(path) else link_in_the_way(path)
        if gone:  # its folder a link to a disk not mounted: never made there
            raise StretchError(
                f"cannot write {shown(path)}: {gone}",
                "mount the disk it is on, point the link at a folder, or remove it; nothing "
                "was written",
            )
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
        raise write_failed(path, exc) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


SHOWN = 120  # characters of a name said in full; of a longer one, its start and its end
NAME_BYTES = 255  # what most file systems take in one name (ext4, xfs, btrfs, tmpfs, APFS)


def shown(path: Path | str) -> str:
    """`path` as an error says it: a very long one by its start and its end."""
    text = str(path)
    if len(text) <= SHOWN:
        return text
    return f"{text[:60]}…{text[-50:]}"


def beside(path: Path, prefix: str) -> Path:
    """A temporary name in the folder of `path`, with this process's id (two processes never
    share one), short enough for the file system even when the name of `path` is at its
    limit."""
    name = path.name
    while len(name.encode("utf-8", "surrogateescape")) > NAME_BYTES - 40:
        name = name[:-1]
    return path.with_name(f"{prefix}{name}.{os.getpid()}.tmp")


def write_failed(path: Path, error: OSError) -> StretchError:
    """The one error a failed write of `path` is: the file named (shortened when very long),
    what went wrong, and what to do."""
    why, todo = _advice(path, error)
    return StretchError(f"cannot write {shown(path)}: {why}", todo)


def _advice(path: Path, error: OSError) -> tuple[str, str]:
    said = error.strerror or str(error)
    if error.errno == errno.ENAMETOOLONG:
        return _too_long(path)
    if error.errno == errno.ENOTDIR:
        blocking = _file_in_the_way(path)
        if blocking is not None:
            said = f"{shown(blocking)} is a file, not a folder"
        return said, "move it aside, or give another name"
    advice = {
        errno.EPERM: "the file is locked against changes (see lsattr), or not yours to change;"
        " give another file name",
        errno.EACCES: "you may not write there; give a file in a folder of yours",
        errno.EROFS: "the disk is read-only; give a file on another disk",
        errno.ENOSPC: "the disk is full; free some space, or give a file on another disk",
        errno.EDQUOT: "your disk quota is used up; free some space, or give another disk",
        errno.EFBIG: "a limit on the size of files is set: raise it with ulimit -f",
        errno.EISDIR: "give a file name in it",
    }
    return said, advice.get(error.errno or 0, "")


def _too_long(path: Path) -> tuple[str, str]:
    longest = max(
        path.parts or (str(path),), key=lambda part: len(part.encode("utf-8", "surrogateescape"))
    )
    size = len(longest.encode("utf-8", "surrogateescape"))
    if size > NAME_BYTES:
        count = f"{len(longest)} characters" + (f" ({size} bytes)" if size != len(longest) else "")
        return f"the name is {count} long, more than this file system takes", "give a shorter one"
    return (
        f"the path is {len(str(path))} characters long, more than this system takes",
        "give a shorter one",
    )


def _file_in_the_way(path: Path) -> Path | None:
    """The first folder of `path` that is a file, or None."""
    for folder in reversed(path.parents):
        with contextlib.suppress(OSError, ValueError):
            if folder.exists() and not folder.is_dir():
                return folder
    return None


def through_links(path: Path) -> Path:
    """The file a symlink at `path` leads to (through every link), else `path` itself."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


_KINDS = {
    stat.S_ISDIR: "a folder",
    stat.S_ISFIFO: "a fifo",
    stat.S_ISCHR: "a device",
    stat.S_ISBLK: "a device",
    stat.S_ISSOCK: "a socket",
    stat.S_ISLNK: "a symlink that leads nowhere",
}


def kind(mode: int) -> str:
    """What a file's mode says it is, in words: 'a fifo', 'a folder', 'a device'."""
    if stat.S_ISREG(mode):
        return "a file"
    return next((name for test, name in _KINDS.items() if test(mode)), "something else")


def leads_to(link: Path) -> str:
    """What a link whose end has no name on disk is: one to nothing, a loop, or (the end of
    /dev/stdout when it is a pipe) one to what is open there, in words."""
    why = why_missing(link)
    if why != "is there":
        return why
    try:
        return f"is a link to {kind(os.stat(link).st_mode)}, not a file"
    except OSError:
        return why


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
