"""Whether a file that an option writes in one format is named for it: `--svg x.png` or
`history export -o history.txt` would leave a file whose name lies about what it holds.
A device or a fifo (`/dev/null`, `/dev/stdout`, `<(...)`) is written as it is, whatever its
name; standard output (`-`) has none."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from stretchcli.errors import UsageError


def name_suffix(path: Path) -> str | None:
    """What the name ends in after its last dot, in lower case (`x.SVG`: 'svg', `.svg`: 'svg',
    `r.md.`: ''), or None for a name without a dot."""
    name = path.name
    return name.rsplit(".", 1)[1].lower() if "." in name else None


# Folders whose names are open files (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/3`): what
# they lead to is wherever the shell sent it, a file named by someone else perhaps.
_STREAMS = re.compile(r"/dev(/fd)?|/proc/(self|thread-self|\d+)(/task/\d+)?/fd")


def written_as_it_is(path: Path) -> bool:
    """Whether `path` is a device, a fifo or a socket (through its links), or an open file's
    name (`/dev/stdout`): not a file whose name tells its format."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return False  # a new file, named by the person
    if _STREAMS.fullmatch(os.path.realpath(path.parent)):
        return True
    return not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode)


def quoted(name: str) -> str:
    """A file's name as a message says it: quoted, as Python writes it, when a space at its
    start or end (or a character that does not show) would otherwise be lost."""
    return name if name.isprintable() and name == name.strip() else repr(name)


def only_a_suffix(path: Path, flag: str) -> None:
    """A UsageError when the name is only a suffix (`.md`, ` .md`): a slip, which would
    leave a hidden file (or one named by a space) rather than the one meant."""
    suffix = name_suffix(path)
    if suffix and path.name.strip() == f".{path.name.rsplit('.', 1)[1]}":
        raise UsageError(
            f"{flag}: {quoted(path.name)} is only a suffix, with no name before it (a slip?)",
            f"name the file before its suffix, e.g. {flag} stretch.{suffix}",
        )


def name_said(path: Path) -> str:
    """A file's name as a message says it: its whole path where the name alone is `-` (which
    would read as standard output)."""
    return str(path) if path.name == "-" else path.name


def check_suffix(path: Path | None, flag: str, suffixes: tuple[str, ...], what: str) -> None:
    """A UsageError unless the file `flag` names (None: standard output) ends in one of
    `suffixes` (any case), or is a device or a fifo; `what` is what it holds ("an SVG
    picture"). A name that is only the suffix is a slip (`only_a_suffix`)."""
    if path is None or written_as_it_is(path):
        return
    if name_suffix(path) in suffixes:
        only_a_suffix(path, flag)
        return
    wanted = " or ".join(f".{suffix}" for suffix in suffixes)
    said = quoted(name_said(path))  # the file named `-` in full: not standard output
    raise UsageError(
        f"{flag}: {said} is not a {wanted} name, and {flag} writes {what}",
        f"name a file ending in {wanted}, or give {flag} - for standard output",
    )
