"""Writing what a command makes (a report, an export, a picture) where the person asked:
standard output (`-o -`, or no -o), a device or a fifo (written to as it is: `/dev/null` stays
a device), or a file, replaced whole so that a reader never sees half of it, keeping its
mode, its owner and its other names (hard links), and through a symlink, never over it.
Never stretch's own files (the history database, the config, the plan, the sync files, the
caches), however they are named: through a symlink, a hard link or `..`."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from stretchcli.env import writes_unicode
from stretchcli.errors import StretchError, UsageError
from stretchcli.files.atomic import beside, overwrite, shown, write_failed

STDOUT = "-"


class OwnFolder(NamedTuple):
    """A folder holding files of stretch's own, and what a file of a name in it is ("the
    history database", "the config"), None for a name that is not stretch's."""

    path: Path
    what: Callable[[str], str | None]


def output_path(text: str | None, flag: str = "-o", *, own: Sequence[OwnFolder]) -> Path | None:
    """The file `-o TEXT` names, or None for standard output; a UsageError for a name that
    cannot be a file ('', '.', a folder) or that is one of stretch's own files (in `own`)."""
    if text is None or text == STDOUT:
        return None
    if not text.strip():
        raise UsageError(f"{flag}: {blank(text)}", f"give a file name, or {flag} - for the output")
    path = spelt_apart(text)
    try:
        folder = text.endswith(("/", os.sep)) or path.is_dir()
    except OSError as exc:  # a name too long
        raise write_failed(path, exc) from None
    if folder and not os.path.lexists(text):  # `r.md/`: nothing is there
        raise UsageError(
            f"{flag}: {shown(text)} ends with {text[-1]}, as a folder's name does",
            "give a file name, without the / at its end",
        )
    if folder:
        raise UsageError(f"{flag}: {shown(text)} is a folder", "give a file name in it")
    found = _own_file(path, own)
    if found is not None:
        what, where = found
        raise UsageError(
            f"{flag}: {text} is stretch's own {what}, {where}",
            "give another file name: writing there would lose it",
        )
    return path


def spelt_apart(text: str) -> Path:
    """The path `text` names; the file named `-` however it is given (`./-`) in full, as
    pathlib spells it `-`: never taken, or said, as the `-` of standard input or output."""
    path = Path(text)
    return path.absolute() if str(path) == STDOUT and text != STDOUT else path


def blank(text: str, what: str = "file name") -> str:
    """What a name with nothing but white space in it is, said so that it can be seen."""
    if not text:
        return f"an empty {what}"
    if set(text) == {" "}:
        return f"a blank {what}, only spaces"
    return f"a blank {what}, only white space (spaces, tabs, new lines)"


def _own_file(path: Path, own: Sequence[OwnFolder]) -> tuple[str, str] | None:
    """What of stretch's own `path` is (and that file's path), or None: the same file by
    device and inode where it exists (a hard link, a symlink), else by its resolved path."""
    resolved = Path(os.path.realpath(path))
    try:
        found: os.stat_result | None = os.stat(path)
    except (OSError, ValueError):
        found = None
    for folder in own:
        real = Path(os.path.realpath(folder.path))
        if resolved.parent == real:
            what = folder.what(resolved.name)
            if what is not None:
                return what, str(folder.path / resolved.name)
        if found is None or not stat.S_ISREG(found.st_mode):
            continue
        for name, info in _files(real):
            what = folder.what(name)
            if what is not None and (info.st_dev, info.st_ino) == (found.st_dev, found.st_ino):
                return what, str(folder.path / name)
    return None


def _files(folder: Path) -> Iterable[tuple[str, os.stat_result]]:
    """Each file in a folder (through symlinks) with its status; none where it cannot be
    read."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return
    for entry in listed:
        with contextlib.suppress(OSError):
            yield entry.name, entry.stat()


def write_output(path: Path | None, chunks: Iterable[str], stdout: IO[str]) -> None:
    """Write `chunks` to `path`, or to `stdout` when it is None. Any failure is one
    StretchError naming the file; a file being replaced is left as it was."""
    stream = None if path is None else open_stream(path)
    if path is None or stream == 1:
        _to_stdout(chunks, stdout)
        return
    if stream is not None:
        _write_to_descriptor(path, stream, chunks, stdout)
        return
    try:
        found = _found(path)  # the kernel follows the links: /dev/stdout is the real one
        target = path.resolve()  # through symlinks: the link stays, its file gets the text
    except (OSError, RuntimeError) as exc:  # a loop of links, a folder we may not look in
        if isinstance(exc, OSError):
            raise write_failed(path, exc) from None
        raise StretchError(f"cannot write {shown(path)}: its symlinks go round in a loop") from None
    try:
        if found is not None and not stat.S_ISREG(found.st_mode):
            _write_in_place(path, chunks, found)  # a device, a fifo
            return
        if not target.parent.is_dir():
            folder = target.parent if path.is_symlink() else path.parent
            raise StretchError(
                f"cannot write {shown(path)}: there is no folder {shown(folder)}",
                "create it, or give another",
            )
        _replace(target, chunks, found, path)
    except OSError as exc:
        raise write_failed(path, exc) from None


def _to_stdout(chunks: Iterable[str], stdout: IO[str]) -> None:
    """A file's text to standard output: in UTF-8, what every format says it is in, when
    that goes to a file or a pipe whose locale's encoding could not hold every character
    (`> report.csv` in a legacy code page would turn a note's words into '?'); a terminal
    gets its own encoding's stand-ins, to be read there."""
    binary = getattr(stdout, "buffer", None)
    if binary is None or writes_unicode(stdout) or _is_terminal(stdout):
        stdout.writelines(chunks)
        stdout.flush()
        return
    stdout.flush()
    for chunk in chunks:
        binary.write(chunk.encode("utf-8"))
    binary.flush()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


_STREAMS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_FOLDERS = re.compile(rf"/dev/fd|/proc/(self|thread-self|{os.getpid()})(/task/\d+)?/fd")


def open_stream(path: Path) -> int | None:
    """The descriptor of ours that `path` names (`/dev/stdout`, `/dev/fd/3`,
    `/proc/self/fd/1`), or that is open on the very file `path` names (a shell's `>> log.md`
    with `-o log.md`); None for any other name. Such a name is written to the open
    descriptor, as `-o -` is: reopening it would replace what the shell appends to."""
    named = _descriptor_named(path)
    if named is not None:
        if not _is_open(named):
            raise StretchError(f"cannot write {path}: it is not open")
        if not os.get_inheritable(named):  # opened by stretch itself: the history, a lock
            raise StretchError(
                f"cannot write {path}: descriptor {named} was not given to stretch (it is one "
                "of its own files)",
                f"open it in the shell, as in {named}> FILE, or give a file name",
            )
        return named
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    for descriptor in (1, 2):
        try:
            opened = os.fstat(descriptor)
        except OSError:
            continue
        if (opened.st_dev, opened.st_ino) == (info.st_dev, info.st_ino):
            return descriptor
    return None


def _descriptor_named(path: Path) -> int | None:
    """The descriptor a name stands for (`/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`),
    itself or through symlinks read one at a time (a link's target is never resolved: at
    /proc/self/fd/3 the kernel would show stretch's own open file); None for any other."""
    name = str(path)
    for _ in range(_MOST_LINKS):
        name = os.path.normpath(os.path.abspath(name))
        if name in _STREAMS:
            return _STREAMS[name]
        folder, _, number = name.rpartition("/")
        if _DESCRIPTOR_FOLDERS.fullmatch(folder):
            return int(number) if number.isascii() and number.isdigit() else None
        try:
            name = os.path.join(folder, os.readlink(name))
        except (OSError, ValueError):
            return None
    return None


_MOST_LINKS = 40  # as the kernel follows at most


def _write_to_descriptor(
    path: Path, descriptor: int, chunks: Iterable[str], stdout: IO[str]
) -> None:
    """Write to a descriptor already open (after what is waiting on standard output)."""
    stdout.flush()
    try:
        with open(os.dup(descriptor), "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
    except OSError as exc:
        if exc.errno == errno.EBADF:
            why = "it is open only for reading" if _is_open(descriptor) else "it is not open"
            raise StretchError(f"cannot write {path}: {why}") from None
        raise write_failed(path, exc) from None


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def _found(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:  # none yet, or a link to nothing
        return None


READER_WAIT = 1.0  # seconds a fifo's reader may take to open it (started just before us)


def _write_in_place(path: Path, chunks: Iterable[str], found: os.stat_result) -> None:
    if stat.S_ISSOCK(found.st_mode):  # opening one fails with "No such device or address"
        raise StretchError(
            f"cannot write {shown(path)}: it is a socket, not a file",
            "give another name, or - for standard output",
        )
    if not stat.S_ISFIFO(found.st_mode):
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
        return
    # Without O_NONBLOCK, opening a fifo waits for ever for a reader.
    fd = _open_fifo(path, time.monotonic() + READER_WAIT)
    os.set_blocking(fd, True)
    with open(fd, "w", encoding="utf-8") as handle:
        handle.writelines(chunks)


def _open_fifo(path: Path, deadline: float) -> int:
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            if time.monotonic() >= deadline:
                raise StretchError(
                    f"cannot write {path}: it is a fifo that nothing is reading from",
                    f"start what reads it first, e.g. cat {path} &",
                ) from None
            time.sleep(0.05)


def _replace(target: Path, chunks: Iterable[str], found: os.stat_result | None, path: Path) -> None:
    """Write to a new file beside `target` (the file `path` names), give it the old one's
    mode and owner, then move it into place; if the owner cannot be kept (another user's
    file) or the file has other names (hard links), copy it into the file itself, which is
    left as it was if that fails."""
    temporary = beside(target, ".")
    linked = found is not None and found.st_nlink > 1  # a file with other names (hard links)
    # One try from before the file is made: an interrupt (Ctrl-C, SIGTERM, SIGHUP) the moment
    # it exists still removes it.
    try:
        try:
            opened = open(temporary, "x", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:  # /proc, a read-only disk: said of the folder, not of the file
            if linked:  # the folder is not ours to write in; the file is
                overwrite(target, "".join(chunks).encode("utf-8"))
                return
            folder = target.parent if path.is_symlink() else path.parent
            raise StretchError(
                f"cannot write {shown(path)}: no file can be made in {shown(folder)}"
                f" ({exc.strerror})",
                "give a file in another folder",
            ) from None
        with opened as handle:
            handle.writelines(chunks)
        if linked:  # into the file itself, now that the new text is known to fit
            overwrite(target, temporary.read_bytes())
            return
        if found is not None:
            os.chmod(temporary, stat.S_IMODE(found.st_mode))
            if hasattr(os, "chown") and (found.st_uid, found.st_gid) != _owner(temporary):
                try:
                    os.chown(temporary, found.st_uid, found.st_gid)
                except PermissionError:
                    overwrite(target, temporary.read_bytes())  # the file stays theirs
                    return
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _owner(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid
