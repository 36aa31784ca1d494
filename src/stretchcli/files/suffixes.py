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


def check_suffix(path: Path | None, flag: str, suffixes: tuple[str, ...], what: str) -> None:
    """A UsageError unless the file `flag` names (None: standard output) ends in one of
    `suffixes` (any case), or is a device or a fifo; `what` is what it holds ("an SVG
    picture")."""
    if path is None or name_suffix(path) in suffixes or written_as_it_is(path):
        return
    wanted = " or ".join(f".{suffix}" for suffix in suffixes)
    raise UsageError(
        f"{flag}: {path.name} is not a {wanted} name, and {flag} writes {what}",
        f"name a file ending in {wanted}, or give {flag} - for standard output",
    )
