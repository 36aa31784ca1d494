"""The sync folder's files, as pure data: which files are a machine's (its own, and the
copies sync tools make of it when two versions meet), how far each was merged, and what the
sync keeps between runs. Reading and writing them is `sync.py`.

Each machine appends to `stretch-history-MACHINE.jsonl`, an export file (`export_file.py`'s
lines: a header, then a session a line) that only it writes. A file is read up to its last
whole line: what follows may still be on its way from another machine.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

POINTER = "sync-folder"  # in the state folder: the folder, for `stretch due`'s quick look
PREFIX = "stretch-history-"
SUFFIX = ".jsonl"
MACHINE = r"(?:[a-z0-9]+-)+[0-9a-f]{8}"  # a host's name, then 8 random hex digits
_MACHINE = re.compile(MACHINE)
# A sync tool's copy of a file two machines changed at once: Syncthing's
# NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext; in brackets, Dropbox's, Nextcloud's and
# ownCloud's "NAME (... conflicted copy ...).ext", pCloud's "NAME (conflicted).ext" and
# "NAME (conflicted 1).ext", a numbered "NAME (1).ext" (Google Drive, OneDrive on the
# web) and a machine's name "NAME (HOST).ext" (onedrived); iCloud Drive's
# "NAME 2.ext"; and OneDrive's "keep both", which adds the computer's name:
# NAME-COMPUTER.ext (the Linux client: NAME-HOST-safeBackup-0001.ext). One copy of another
# may carry two marks.
_COPY = (
    r"\.sync-conflict-[0-9]{8}-[0-9]{6}-[A-Za-z0-9]+"
    r"| \([^()/\\]+\)| [0-9]+"
    r"|-[A-Za-z0-9_]+"  # a computer's name's parts, one at a time: one way to read a name
)
_FILE = re.compile(
    rf"{re.escape(PREFIX)}(?P<machine>{MACHINE})(?P<copy>(?:{_COPY})+)?{re.escape(SUFFIX)}"
)
HOST_LENGTH = 24  # characters of the host's name kept in a machine's id


def machine_id(host: str, random_hex: str) -> str:
    """A machine's id: its host name in lower-case letters, digits and dashes (two machines
    may share one), then 8 random hex digits that tell them apart."""
    words = re.findall(r"[a-z0-9]+", host.lower())
    name = "-".join(words)[:HOST_LENGTH].strip("-") or "machine"
    return f"{name}-{random_hex[:8]}"


def is_machine_id(text: str) -> bool:
    """Whether a text is a machine's id as `machine_id` makes them."""
    return _MACHINE.fullmatch(text) is not None


def file_name(machine: str) -> str:
    """The name of the file a machine appends its sessions to."""
    return f"{PREFIX}{machine}{SUFFIX}"


def owner(name: str) -> str | None:
    """The machine whose file (or a sync tool's copy of it) a name is; None for any other
    file (a sync tool's temporary one, the person's own files)."""
    found = _FILE.fullmatch(name) if name.isprintable() else None
    return found["machine"] if found else None


def unread(names: Iterable[str]) -> list[str]:
    """The names, in order, that look like the sync's files (`stretch-history-...jsonl`) but
    are no machine's file nor a copy of one: said, never left out without a word."""
    return sorted(
        n for n in names if n.startswith(PREFIX) and n.endswith(SUFFIX) and owner(n) is None
    )


def unread_in(folder: str) -> list[tuple[str, str | None]]:
    """The files of a folder that look like the sync's and are not read, each with why: a
    name that is `unread` (None: no machine's name), or a machine's that is no regular file
    (a fifo, a folder, a link to nothing: attack 20, A8, its sessions never came and nothing
    said so). None when the folder cannot be listed: said elsewhere."""
    import os

    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found: list[tuple[str, str | None]] = [(name, None) for name in unread(names)]
    for name in sorted(n for n in names if owner(n) is not None):
        why = _not_a_file(os.path.join(folder, name))
        if why:
            found.append((name, why))
    return sorted(found)


def _not_a_file(path: str) -> str:
    """Why a machine's file cannot be read as one, in words ('' where it is a regular file,
    or gone since it was listed)."""
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "it is a link to nothing" if os.path.islink(path) else ""
    except OSError as exc:
        return f"it cannot be looked at: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a fifo, not a file"
    return "it is a device or another special file, not a file"


def is_copy(name: str) -> bool:
    """Whether a file is a sync tool's conflict copy of a machine's file."""
    return owner(name) is not None and name != file_name(owner(name) or "")


@dataclass(frozen=True)
class Mark:
    """How far a file was merged: its size and time then, the byte offset and line number
    after its last whole line read, the sessions taken from it so far, and the CRC-32 of its
    bytes up to the offset (None: not known, as kept by an older stretch)."""

    size: int = 0
    mtime: int = 0  # nanoseconds
    offset: int = 0
    line: int = 0
    sessions: int = 0
    crc: int | None = None

    def unchanged(self, size: int, mtime: int) -> bool:
        """Whether the file is as it was when merged (nothing to read)."""
        return (size, mtime) == (self.size, self.mtime)

    def start(self, size: int) -> Mark:
        """Where to read from: after the last whole line read, or from the beginning when
        the file is now shorter than that (replaced, not appended to)."""
        return self if self.offset <= size else Mark()


@dataclass(frozen=True)
class Refusal:
    """A line of another machine's file that was not merged: the file, its line and why;
    `told`: it has been said (it is said once)."""

    file: str
    line: int
    why: str
    told: bool = False

    def text(self) -> str:
        """FILE:LINE: why, as a bad line of an import is named."""
        return f"{self.file}:{self.line}: {self.why}"


@dataclass(frozen=True)
class Written:
    """Which of this machine's sessions are in its file: every row id up to `through`, and
    those in `also` above it (a run still going in between holds `through` back)."""

    through: int = 0
    also: tuple[int, ...] = ()

    def has(self, ident: int) -> bool:
        if ident <= self.through:
            return True
        at = bisect.bisect_left(self.also, ident)  # `also` is sorted: never a long scan
        return at < len(self.also) and self.also[at] == ident

    def past_gaps(self, existing: list[int]) -> Written:
        """With `through` moved past the ids that are not there (an import's ids skip its
        header's line): `existing` are the ids above `through` that are, in order."""
        through = self.through
        for ident in existing:
            if ident <= self.through:
                continue  # handled already: `through` never moves back
            if not self.has(ident):
                break
            through = ident
        if through == self.through:
            return self
        return Written(through, tuple(i for i in self.also if i > through))

    def add(self, idents: list[int], held: list[int]) -> Written:
        """With `idents` written, and `held` (still running) not."""
        done = set(self.also) | set(idents)
        through = self.through
        first_held = min(held, default=None)
        while through + 1 in done and (first_held is None or through + 1 < first_held):
            through += 1
        return Written(through, tuple(sorted(i for i in done if i > through)))


@dataclass(frozen=True)
class SyncState:
    """What the sync keeps in the state folder between runs: the folder and this machine's
    id it was for, each other file's mark, what this machine has written, what was refused."""

    folder: str = ""
    marks: Mapping[str, Mark] = field(default_factory=dict)
    written: Written = Written()
    refused: tuple[Refusal, ...] = ()
    started: bool = False  # this machine's sessions from before the sync have been written
    own: tuple[int, int] = (0, 0)  # this machine's file's size and time after its last append
    own_crc: int | None = None  # the CRC-32 of its bytes then (None: not known)
    shared: bool = False  # another machine has appended to it too (a copied state folder)
    plan: tuple[int, int] = (0, 0)  # the level changes and answers handled, by row id
    reminders: Written = Written()  # the reminders written to this machine's file, or merged
    notes: tuple[tuple[int, str], ...] = ()  # notes given here (session row id, when) to write
    note_times: Mapping[str, str] = field(default_factory=dict)  # session uid: its note's time
    orphans: tuple[tuple[str, str | None, str], ...] = ()  # notes of sessions not here yet

    def for_folder(self, folder: str) -> SyncState:
        """This state, or a fresh one if it was for another folder (every file is read
        again, and this machine's sessions all written to the new one)."""
        return self if self.folder == folder else SyncState(folder)

    def refuse(
        self, found: list[Refusal], lines: Mapping[str, int], afresh: Collection[str] = ()
    ) -> SyncState:
        """With lines newly refused (one already known is kept once, as it was), and without
        those of lines not there now: of a file gone from the folder (`lines`: each file's
        whole lines read), past a file's end, or of a file read afresh (replaced
        since) and not refused again."""
        again = {(r.file, r.line, r.why) for r in found}
        kept = [
            r
            for r in self.refused
            if r.file in lines
            and r.line <= lines[r.file] + 1  # + 1: a line still on its way, or too long
            and (r.file not in afresh or (r.file, r.line, r.why) in again)
        ]
        known = {(r.file, r.line, r.why) for r in kept}
        new = [r for r in found if (r.file, r.line, r.why) not in known]
        return replace(self, refused=(*kept, *new)[-MAX_REFUSED:])

    def told(self) -> SyncState:
        """With every refusal said."""
        return replace(self, refused=tuple(replace(r, told=True) for r in self.refused))

    def dumps(self) -> str:
        """The state as JSON."""
        return json.dumps(
            {
                "version": 1,
                "folder": self.folder,
                "started": self.started,
                "marks": {name: list(_mark_fields(m)) for name, m in self.marks.items()},
                "written": {"through": self.written.through, "also": list(self.written.also)},
                "refused": [[r.file, r.line, r.why, r.told] for r in self.refused],
                "own": list(self.own),
                "own_crc": self.own_crc,
                "shared": self.shared,
                "plan": list(self.plan),
                "reminders": {
                    "through": self.reminders.through,
                    "also": list(self.reminders.also),
                },
                "notes": [list(n) for n in self.notes],
                "note_times": dict(self.note_times),
                "orphans": [list(n) for n in self.orphans],
            },
            indent=1,
        )


MAX_REFUSED = 200  # refusals kept to show: the newest


def _mark_fields(mark: Mark) -> tuple[int, int, int, int, int, int | None]:
    return (mark.size, mark.mtime, mark.offset, mark.line, mark.sessions, mark.crc)


def _mark(values: Sequence[Any]) -> Mark:
    """A mark as `_mark_fields` keeps it (an older stretch kept no CRC-32: five fields)."""
    size, offset, line, sessions = (_whole(v) for v in (values[0], *values[2:5]))
    mtime = _nanoseconds(values[1])
    crc = _crc(values[5]) if len(values) == 6 else None
    return Mark(size, mtime, offset, line, sessions, crc)


_LARGEST = 2**63 - 1  # SQLite's largest integer, and a file's largest offset


def _whole(value: object) -> int:
    """A count, size or row id as `dumps` writes it: a whole number from 0 to what SQLite
    and a file offset hold (attack 16, H3: -1 or 10**30 stopped every sync with Python's
    error, for ever); ValueError for any other, which makes the state fresh."""
    return _int_in(value, 0, _LARGEST, "a count")


def _nanoseconds(value: object) -> int:
    """A file's time as `dumps` writes it: nanoseconds from 1970, before it too (a file an
    archive restored; review 18, F3), as far as SQLite's integers go."""
    return _int_in(value, -_LARGEST - 1, _LARGEST, "a file's time")


def _crc(value: object) -> int | None:
    """A CRC-32 as `dumps` writes it, or None (not known: an older stretch kept none)."""
    return None if value is None else _int_in(value, 0, 2**32 - 1, "a CRC-32")


def _int_in(value: object, low: int, high: int, what: str) -> int:
    """`value` if it is an integer (not a bool, a float or text) from `low` to `high`."""
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"not {what}: {value!r}")
    return value


def loads(text: str) -> SyncState:
    """A state written by `dumps`; a fresh one for anything else (the files are read again
    from their start: merging is by uid, so nothing is added twice)."""
    try:
        data = json.loads(text)
        marks = {
            str(name): _mark(values)
            for name, values in data["marks"].items()
            if len(values) in (5, 6)
        }
        written = Written(
            _whole(data["written"]["through"]),
            tuple(sorted(_whole(i) for i in data["written"]["also"])),
        )
        refused = tuple(
            Refusal(str(f), _whole(n), str(w), bool(t)) for f, n, w, t in data["refused"]
        )
        size, mtime = data.get("own", (0, 0))
        size, mtime = _whole(size), _nanoseconds(mtime)
        crc = _crc(data.get("own_crc"))
        changes, answers = (_whole(n) for n in data.get("plan", (0, 0)))
        kept = data.get("reminders", {"through": 0, "also": []})
        reminders = Written(_whole(kept["through"]), tuple(sorted(_whole(i) for i in kept["also"])))
        notes = tuple((_whole(i), _text(at)) for i, at in data.get("notes", []))
        times = {_text(uid): _text(at) for uid, at in data.get("note_times", {}).items()}
        orphans = tuple(
            (_text(uid), None if text is None else _text(text), _text(at))
            for uid, text, at in data.get("orphans", [])
        )
        return SyncState(
            str(data["folder"]),
            marks,
            written,
            refused,
            bool(data["started"]),
            (size, mtime),
            crc,
            bool(data.get("shared", False)),
            (changes, answers),
            reminders,
            notes,
            times,
            orphans,
        )
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return SyncState()


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


def unusable(folder: str, exc: OSError) -> str:
    """The warning for an OSError of a sync: one that names the sync folder, and what to do,
    when the failure was in it (a folder that cannot be written: /proc, a read-only disk),
    else what failed, in the system's words (never Python's `[Errno 2] ...: '...'`)."""
    import os

    from stretchcli.errors import StretchError, said

    name = os.fsdecode(exc.filename) if isinstance(exc.filename, str | bytes) else ""
    inside = name and os.path.dirname(os.path.abspath(name)) == os.path.abspath(folder)
    if not inside and os.path.abspath(name) != os.path.abspath(folder):
        return f"sync: {said(exc)}"
    why = exc.strerror or type(exc).__name__
    if inside:
        why = f"{os.path.basename(name)}: {why}"
    return StretchError(
        f"sync: the sync folder {folder} cannot be used ({why}); the history was not synced",
        'another: stretch config sync_folder PATH; none: stretch config sync_folder ""',
    ).line()
