"""A cache of checked routine and exercise files, so that start-up need not parse YAML, and of
each routine's length as `list` gives it, so that `list` need not plan a session.

An entry is keyed by the file's path and kind and is used only while the file's size,
modification and change times (ns) and inode are unchanged, and only by the same
build of stretch (`stamps.build`).
Files changed in the last few seconds are not cached at all: a file system with coarse
timestamps could otherwise change a file twice within one tick and serve the old one. A cache
file that cannot be read is ignored and rebuilt; it is written atomically. A routine's length
is used only while its file, the files of its steps' exercises, its get-ready and rest times
(the config's, where it gives none) and the build of stretch are the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from stretchcli.errors import Problem, StretchError
from stretchcli.files import guarded
from stretchcli.files.atomic import write_text
from stretchcli.files.checked import Checked
from stretchcli.files.paths import cache_dir
from stretchcli.files.stamps import RACY_SECONDS, build, checksum, stamp

if TYPE_CHECKING:
    from stretchcli.model import Exercise, Routine

FORMAT = 8  # 5: the checker refuses anchors, tags, leading zeros, invisible text; 6: lengths;
# 7: default-ignorable characters; 8: warnings, ladders that climb
MAX_BYTES = 64 * 1024 * 1024  # far more than 1,000 routine files need
FILENAME = "checked-files.json"


def _key(path: Path, kind: str) -> str:
    return f"{kind}:{os.path.abspath(path)}"


def _present(entries: dict[str, object]) -> dict[str, object]:
    """The entries whose file is still there: a cache kept across checkouts, renames and
    deleted folders would otherwise grow without end (and be read on every start-up)."""
    return {key: entry for key, entry in entries.items() if os.path.lexists(key.partition(":")[2])}


class ParseCache:
    """Checked files by path and kind, and routines' lengths; `save()` writes what changed."""

    def __init__(self, path: Path | None, now_ns: int | None = None) -> None:
        self.path = path
        self.now_ns = now_ns if now_ns is not None else time.time_ns()
        self.entries: dict[str, object] = {}
        self.lengths: dict[str, object] = {}
        self.dirty = False
        if path is not None:
            self.entries, self.lengths = self._read(path)

    @classmethod
    def for_user(cls, environ: Mapping[str, str]) -> ParseCache:
        """The user's cache (STRETCH_NO_CACHE=1 turns it off)."""
        if environ.get("STRETCH_NO_CACHE"):
            return cls(None)
        return cls(cache_dir(environ) / FILENAME)

    @staticmethod
    def _read(path: Path) -> tuple[dict[str, object], dict[str, object]]:
        """The checked files and the lengths, or nothing from a damaged file."""
        try:  # guarded: a FIFO or a device named like the cache must not hang start-up
            digest, _, text = guarded.read_text(path, MAX_BYTES).partition("\n")
            if digest != checksum(text):  # damaged or edited: an entry of the wrong shape
                return {}, {}  # would reach the catalog as if it had been checked
            data = json.loads(text)
        except (OSError, ValueError, RecursionError):
            return {}, {}
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("version") != build()
            or not isinstance(data.get("files"), dict)
            or not isinstance(data.get("lengths"), dict)
        ):
            return {}, {}  # from another version: ignored, and rebuilt
        return cast(dict[str, object], data["files"]), cast(dict[str, object], data["lengths"])

    def get(self, path: Path, kind: str) -> Checked | None:
        """The checked result of `path` if it is cached and the file has not changed."""
        entry = self.entries.get(_key(path, kind))
        its = stamp(path)
        if not isinstance(entry, dict) or its is None or entry.get("stamp") != its:
            return None
        try:
            values = entry["values"]
            marks = {k: (int(v[0]), int(v[1])) for k, v in entry["marks"].items()}
            problems, warnings = (
                [Problem(path, int(p[0]), int(p[1]), str(p[2]), str(p[3])) for p in entry[key]]
                for key in ("problems", "warnings")
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None  # a damaged entry is a miss, never an error
        if not isinstance(values, dict):
            return None
        return Checked(values, marks, problems, warnings)

    def put(self, path: Path, kind: str, checked: Checked) -> None:
        """Remember a checked file, unless it changed too recently to be sure of its stamp."""
        if self.path is None:
            return
        its = stamp(path)
        if its is None or self.now_ns - its[1] < RACY_SECONDS * 1e9:
            return
        self.entries[_key(path, kind)] = {
            "stamp": its,
            "values": checked.values,
            "marks": {k: list(v) for k, v in checked.marks.items()},
            "problems": [[p.line, p.column, p.message, p.hint] for p in checked.problems],
            "warnings": [[p.line, p.column, p.message, p.hint] for p in checked.warnings],
        }
        self.dirty = True

    def _length_key(
        self, routine: Routine, exercises: Mapping[str, Exercise]
    ) -> list[object] | None:
        """What a routine's length is worked out from: its file, its get-ready and rest times
        and its steps' exercise files, each with its stamp (None: a file changed too recently
        to be sure of its stamp, or gone)."""
        paths = [routine.origin.path]
        for step in routine.steps:
            exercise = exercises.get(step.exercise)
            if exercise is None:
                return None
            paths.append(exercise.origin.path)
        key: list[object] = [routine.prepare, routine.rest]
        for path in dict.fromkeys(paths):
            its = stamp(path)
            if its is None or self.now_ns - its[1] < RACY_SECONDS * 1e9:
                return None
            key.append([os.path.abspath(path), its])
        return key

    def length(
        self, routine: Routine, exercises: Mapping[str, Exercise]
    ) -> tuple[float, tuple[str, ...]] | None:
        """The routine's length in seconds and its steps' exercise ids, as they were worked
        out for the same files and times (see `put_length`), or None."""
        entry = self.lengths.get(_key(routine.origin.path, "routine"))
        if not isinstance(entry, dict) or entry.get("key") != self._length_key(routine, exercises):
            return None
        seconds, steps = entry.get("seconds"), entry.get("steps")
        if not isinstance(seconds, float) or not isinstance(steps, list):
            return None  # a damaged entry is a miss, never an error
        if not all(isinstance(step, str) for step in steps):
            return None
        return seconds, tuple(steps)

    def put_length(
        self,
        routine: Routine,
        exercises: Mapping[str, Exercise],
        seconds: float,
        steps: tuple[str, ...],
    ) -> None:
        """Remember a routine's length (in seconds, and its steps' exercise ids as planned)."""
        if self.path is None:
            return
        key = self._length_key(routine, exercises)
        if key is None:
            return
        entry = {"key": key, "seconds": seconds, "steps": list(steps)}
        self.lengths[_key(routine.origin.path, "routine")] = entry
        self.dirty = True

    def save(self) -> None:
        """Write the cache if anything was added (atomically; failures are ignored)."""
        if self.path is None or not self.dirty:
            return
        data = {
            "format": FORMAT,
            "version": build(),
            "files": _present(self.entries),
            "lengths": _present(self.lengths),
        }
        text = json.dumps(data)
        with contextlib.suppress(StretchError):  # a cache that cannot be written is no cache
            write_text(self.path, f"{checksum(text)}\n{text}", state=True)
        self.dirty = False
