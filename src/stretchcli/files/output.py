"""Writing what a command makes (a report, an export, a picture) where the person asked:
standard output (`-o -`, or no -o), a device or a fifo (written to as it is: `/dev/null` stays
a device), or a file, replaced whole so that a reader never sees half of it, keeping its
mode, its owner and its other names (hard links), and through a symlink, never over it."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from stretchcli.errors import StretchError, UsageError

STDOUT = "-"


def output_path(text: str | None, flag: str = "-o") -> Path | None:
    """The file `-o TEXT` names, or None for standard output; a UsageError for a name that
    cannot be a file ('', '.', a folder)."""
    if text is None or text == STDOUT:
        return None
    if not text.strip():
        raise UsageError(
            f"{flag}: an empty file name", f"give a file name, or {flag} - for the output"
        )
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise UsageError(f"{flag}: {text} is a folder", "give a file name in it")
    return path


def write_output(path: Path | None, chunks: Iterable[str], stdout: IO[str]) -> None:
    """Write `chunks` to `path`, or to `stdout` when it is None. Any failure is one
    StretchError naming the file; a file being replaced is left as it was."""
    if path is None:
        stdout.writelines(chunks)
        stdout.flush()
        return
    try:
        target = path.resolve()  # through symlinks: the link stays, its file gets the text
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except (OSError, RuntimeError) as exc:  # a loop of links, a folder we may not look in
        why = exc.strerror if isinstance(exc, OSError) else "its symlinks go round in a loop"
        raise StretchError(f"cannot write {path}: {why}") from None
    if not target.parent.is_dir():
        raise StretchError(
            f"cannot write {path}: there is no folder {path.parent}", "create it, or give another"
        )
    try:
        if found is not None and (not stat.S_ISREG(found.st_mode) or found.st_nlink > 1):
            _write_in_place(target, chunks)  # a device, a fifo, a file with other names
        else:
            _replace(target, chunks, found)
    except OSError as exc:
        raise StretchError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_in_place(target: Path, chunks: Iterable[str]) -> None:
    with open(target, "w", encoding="utf-8") as handle:
        handle.writelines(chunks)


def _replace(target: Path, chunks: Iterable[str], found: os.stat_result | None) -> None:
    """Write to a new file beside `target`, give it the old one's mode and owner, then move
    it into place; if the owner cannot be kept (another user's file), write in place."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8") as handle:
            handle.writelines(chunks)
        if found is not None:
            os.chmod(temporary, stat.S_IMODE(found.st_mode))
            if hasattr(os, "chown") and (found.st_uid, found.st_gid) != _owner(temporary):
                try:
                    os.chown(temporary, found.st_uid, found.st_gid)
                except PermissionError:
                    shutil.copyfile(temporary, target)  # into the file itself: it stays theirs
                    return
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _owner(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid
