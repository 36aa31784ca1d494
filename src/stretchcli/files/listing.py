"""The routines as `stretch list` last gave them, kept so that the next `list` loads no catalog
(nor the model, the config or a session's planning: it is the command people run most).

What is kept is plain data: the `list --json` entries and the warnings that came with them.
It is used only while every routine and exercise file of the routines folders (the same
files, each with the same size, modification and change times and inode), the config file
and the build of stretch (`stamps.build`) are as they were. Nothing is kept while one of
those files is too recent to be sure of its stamp, or while the config has problems (they are
said on every run). A kept list that cannot be read, or is not of its shape, is ignored and
made again.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files import guarded
from stretchcli.files.atomic import write_text
from stretchcli.files.paths import Folder, cache_dir
from stretchcli.files.scan import scan
from stretchcli.files.stamps import RACY_SECONDS, build, checksum, stamp

FORMAT = 1
FILENAME = "routine-list.json"
MAX_BYTES = 16 * 1024 * 1024  # far more than 1,000 routines need
Entry = dict[str, object]
# Each key of an entry, and the type its value has (`list --json` writes these).
_SHAPE: dict[str, type] = {
    "id": str,
    "name": str,
    "summary": str,
    "total_seconds": float,
    "exercises": list,
    "source": str,
    "path": str,
}


def kept_path(environ: Mapping[str, str]) -> Path | None:
    """Where the list is kept (None: STRETCH_NO_CACHE=1, nothing is)."""
    if environ.get("STRETCH_NO_CACHE"):
        return None
    return cache_dir(environ) / FILENAME


def made_from(
    folders: list[Folder], config: Path, now_ns: int | None = None
) -> list[object] | None:
    """What the list is made from: the config file and every file of the folders, each with
    its stamp (None when one is too recent to be sure of it)."""
    now = time.time_ns() if now_ns is None else now_ns
    config_stamp = stamp(config)  # None: there is none (the defaults)...
    if config_stamp is None and not _absent(config):
        return None  # ...or it cannot be read: made afresh, which says so
    if config_stamp is not None and now - config_stamp[1] < RACY_SECONDS * 1e9:
        return None
    found: list[object] = [build(), FORMAT, os.path.abspath(config), config_stamp]
    for candidate in scan(folders):
        its = stamp(candidate.path)
        if its is None or now - its[1] < RACY_SECONDS * 1e9:
            return None
        path = os.path.abspath(candidate.path)
        found.append([candidate.kind, candidate.id, candidate.source, path, its])
    return found


def _absent(path: Path) -> bool:
    """Whether there is no file at `path` (and not one that cannot be reached)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def read(path: Path, key: list[object]) -> tuple[list[Entry], list[str]] | None:
    """The entries and warnings kept for `key`, or None."""
    try:  # guarded: a FIFO or a device named like the file must not hang start-up
        digest, _, text = guarded.read_text(path, MAX_BYTES).partition("\n")
        if digest != checksum(text):
            return None
        data = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    entries, warnings = data.get("entries"), data.get("warnings")
    if not isinstance(entries, list) or not all(_entry(e) for e in entries):
        return None
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    return entries, warnings


def _entry(value: object) -> bool:
    """Whether a kept value is an entry as `list --json` writes it."""
    if not isinstance(value, dict) or list(value) != list(_SHAPE):
        return False
    if not all(type(value[k]) is kind for k, kind in _SHAPE.items()):
        return False
    exercises = value["exercises"]
    return isinstance(exercises, list) and all(isinstance(e, str) for e in exercises)


def keep(path: Path, key: list[object], entries: list[Entry], warnings: list[str]) -> None:
    """Keep the list made from `key` (atomically; a failure only means it is not kept)."""
    text = json.dumps({"key": key, "entries": entries, "warnings": warnings})
    with contextlib.suppress(StretchError):
        write_text(path, f"{checksum(text)}\n{text}", state=True)
