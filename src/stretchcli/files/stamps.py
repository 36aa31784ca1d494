"""What says a file is unchanged (its stamp), and the checksum a kept file starts with: for the
caches (`cache.py`, `listing.py`). The standard library only."""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Iterator
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

        _BUILD.append(identity(Path(__file__).resolve().parent.parent, __version__))
    return _BUILD[0]


def identity(package: Path, version: str) -> str:
    """`build` for the package in the folder `package`."""
    installed = _installed(package, version)
    if installed is not None:
        # Installed beside its record: a new install rewrites the record, so its stamp stands
        # for every module (one stat, not one for each of about 190 files).
        parts = [f"{installed}:{stamp(installed)}"]
    else:
        parts = list(_modules(package))
    return f"{version}+{checksum(chr(10).join(parts))}"


def _installed(package: Path, version: str) -> Path | None:
    """The RECORD that an installer wrote beside the package's folder, or None where the
    package is not an installed copy (an editable install, a checkout: the code is edited
    in place)."""
    record = package.parent / f"stretch_cli-{version}.dist-info" / "RECORD"
    return record if os.path.isfile(record) else None


def _modules(package: Path) -> Iterator[str]:
    """Each of the package's modules, with its size and modification time."""
    for folder, folders, names in os.walk(package):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".py")):
            with contextlib.suppress(OSError):
                info = os.stat(os.path.join(folder, name))
                yield f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}"
