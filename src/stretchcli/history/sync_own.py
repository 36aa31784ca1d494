"""This machine's own file in the sync folder, looked at before it is appended to: as this
machine left it; only touched (the same bytes, a new time); grown by another machine with
this machine's id (a copied state folder); or cut back or replaced by an older copy (a sync
tool or `git checkout` restoring it), when what it should hold and does not is written again.

What this machine wrote is known by its size and a CRC-32 of its bytes, kept in the sync
state and carried on at each append: the file is only read when its size or time changed.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from stretchcli.history.export_file import MAX_LINE
from stretchcli.history.sync_append import open_file

CHUNK = 1024 * 1024


class Found(Enum):
    """What became of this machine's file since its last append."""

    AS_LEFT = "as left"
    TOUCHED = "touched"  # the same bytes with a new time (a checkout of the same version)
    GROWN = "grown"  # what was written, then more: another machine appends to it too
    CUT = "cut"  # shorter, gone, or other bytes: what it lacks is written again


def check(path: Path, seen: tuple[int, int], own: tuple[int, int], crc: int | None) -> Found:
    """What became of the file (`seen`: its size and time now) since this machine left it
    at `own` (size and time) with the CRC-32 `crc` of its bytes (None: not known, as kept
    by an older stretch)."""
    if seen == own or own == (0, 0):
        return Found.AS_LEFT
    if seen == (0, 0):
        return Found.CUT
    size = own[0]
    if crc is None:  # only sizes to go by
        return Found.GROWN if seen[0] > size else Found.CUT
    if seen[0] < size or checksum(path, size) != crc:
        return Found.CUT
    return Found.GROWN if seen[0] > size else Found.TOUCHED


def checksum(path: Path, size: int, start: int = 0) -> int | None:
    """The CRC-32 of the first `size` bytes of a file, carried on from `start` (None: the
    file is shorter, or cannot be read)."""
    crc = start
    left = size
    try:
        with os.fdopen(open_file(path, os.O_RDONLY), "rb") as stream:
            while left:
                chunk = stream.read(min(CHUNK, left))
                if not chunk:
                    return None
                crc = zlib.crc32(chunk, crc)
                left -= len(chunk)
    except OSError:
        return None
    return crc


@dataclass(frozen=True)
class Held:
    """What a file still holds: the uids of its sessions' lines, and its whole lines."""

    uids: set[str] = field(default_factory=set)
    lines: set[str] = field(default_factory=set)

    def lacks(self, line: str) -> bool:
        """Whether a line (with its newline) is not in the file."""
        return line not in self.lines


def held(path: Path) -> Held:
    """The session uids and the whole lines a file holds (nothing, if it cannot be read)."""
    found = Held()
    try:
        with os.fdopen(open_file(path, os.O_RDONLY), "rb") as stream:
            while raw := stream.readline(MAX_LINE + 1):
                if not raw.endswith(b"\n"):
                    break  # cut in the middle: the append cuts it off
                text = raw.decode("ascii", "replace")
                found.lines.add(text)
                try:
                    data = json.loads(raw)
                except (ValueError, RecursionError):
                    continue
                if isinstance(data, dict) and isinstance(data.get("uid"), str):
                    found.uids.add(data["uid"])
    except OSError:
        pass
    return found
