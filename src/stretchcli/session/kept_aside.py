"""Sessions a run kept aside while the history was busy (`unrecorded-*.jsonl`, see
`unrecorded`): added by the next command that opens the history once it is free, so that
none waits, unsaid, for an import nobody was told of (a run ended at a question after its
last line, or by a closed terminal). Cheap: one listing of the state folder."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from stretchcli.columns import local_time, stored_json
from stretchcli.errors import StretchError
from stretchcli.files import guarded
from stretchcli.history import rows
from stretchcli.history.liveness import alive
from stretchcli.history.starting import PROBE_PATIENCE
from stretchcli.history.store import History
from stretchcli.history.transfer import import_file
from stretchcli.records import Session
from stretchcli.session.recorder import is_busy
from stretchcli.session.unrecorded import HEADER, Kept, shell_word
from stretchcli.text import moment_dated

PATTERN = "unrecorded-*.jsonl"
RUNS_NAME = re.compile(r"unrecorded-[0-9]{8}-[0-9]{6}-[0-9a-f]{8}\.jsonl")  # as `keep` names it
LARGEST = 16 * 1024 * 1024  # a run's one session is far smaller (its holds are bounded)
# Chosen: a file written this recently may belong to a run still asking its ratings after
# it (each answer rewrites the file): it is left to that run until then.
SETTLED = 60.0


def adopt(
    history: History,
    folder: Path,
    now: datetime,
    note: Callable[[str], None],
    warn: Callable[[str], None],
    leave: str | None = None,
) -> None:
    """Import each kept file of `folder` into `history`, saying one line for each, and
    delete it only once imported; one that cannot be is said (where it is, how to add it)
    and left. A busy history leaves them all for a later command, silently; `leave`, a file
    the command imports itself, is left to it."""
    left = _same_file(leave)
    for path in sorted(folder.glob(PATTERN)):
        try:
            if left is not None and _identity(path) == left:
                continue
            age = now.timestamp() - path.stat().st_mtime
            if -SETTLED <= age < SETTLED:
                continue
        except OSError:
            continue
        if _holds_nothing(path):  # a run that ended before writing it: nothing to keep
            with contextlib.suppress(OSError):
                path.unlink()
                note(f"removed {shell_word(path)}: a session kept aside, empty (nothing lost)")
            continue
        session_line = _session_line(path)
        if session_line is None:  # changed by hand, or not a run's: never imported unasked
            _left(path, "it is not one session as a run keeps it", warn)
            continue
        if _run_still_writes(history, session_line):  # its run, still asking, adds it as it ends
            continue
        problems: list[str] = []
        try:
            done = import_file(history, str(path), io.StringIO(), problems.append)
        except StretchError as exc:
            if is_busy(exc):
                return
            _left(path, exc.message, warn)
            continue
        if done.conflicts:  # an import would not add it either
            warn(
                "a session kept aside while the history was busy differs from the session "
                f"stored with its uid, which is kept; delete {shell_word(path)} (or move it "
                "out of the state folder) to stop this warning"
            )
            continue
        if done.added or done.updated:  # else imported by hand already: nothing to say
            # Further ahead than a run on this clock can write (a clock put back, a copy
            # from a machine whose clock is ahead): added, and the file named once.
            ahead = f" (its file, {shell_word(path)}, was dated ahead of the clock)"
            when = _when(session_line, now.astimezone().year)
            line = f"added the session of {when} kept aside while the history was busy"
            note(line + (ahead if age < -SETTLED else ""))
        path.unlink(missing_ok=True)


def record(store: object, kept: Kept, now: Callable[[], datetime]) -> StretchError | None:
    """Try the history once more, as a run ends its questions (waiting at most as long as
    the run's start does): end the row this run wrote as it ran, if it has one, and add its
    kept file (a row of it another command added from the file meanwhile gets the answers
    given since); then delete the file. None: recorded; else why not (the file stays)."""
    if not isinstance(store, History):
        return StretchError("the history cannot be tried again")
    try:
        if not kept.path.exists():  # deleted meanwhile: the run has it still
            kept.write()
        with History(store.path, store.warn, now, busy_timeout=PROBE_PATIENCE) as quick:
            _end_own_row(quick, kept.session)
            done = import_file(quick, str(kept.path), io.StringIO(), lambda problem: None)
    except StretchError as exc:
        return exc
    if done.conflicts:  # the next command says how it stands
        return StretchError("the history holds this session otherwise")
    kept.path.unlink(missing_ok=True)
    return None


def _end_own_row(history: History, session: Session) -> None:
    """The row this process wrote of `session` as it ran, still `running`: ended as kept
    (an import leaves a row its live process writes alone), with a note given it meanwhile
    (`history note`, a sync) kept, as an import keeps the note here (attack 17, H3)."""
    with history.writing(patience=PROBE_PATIENCE) as db:
        try:
            found = rows.session_by_uid(db, session.uid)
        except (ValueError, TypeError, KeyError):  # the import names it
            return
        if found is not None and found[0].status == "running" and found[1] == os.getpid():
            note = found[0].note if found[0].note is not None else session.note
            rows.replace_session(db, found[0].id, replace(session, note=note))


def _run_still_writes(history: History, line: bytes) -> bool:
    """Whether the session of a kept file's `line` has a row stored as running by a process
    of this machine that is still alive: the run itself, still asking its questions."""
    try:
        uid = json.loads(line)["uid"]
        found = history.table_rows(
            "session",
            "SELECT id, status, pid, started_at FROM sessions WHERE uid = ?",
            [str(uid)],
            lambda row: (row["status"], row["pid"], local_time(row["started_at"])),
        )
    except (ValueError, KeyError, TypeError, StretchError):
        return False
    return any(status == "running" and alive(pid, began) for status, pid, began in found)


def _holds_nothing(path: Path) -> bool:
    """Whether `path` is a file of blank lines or none (review 18, F4: such a file was named
    on every command, with an import to run that then refused it)."""
    try:
        if not RUNS_NAME.fullmatch(path.name) or not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        return not guarded.read_bytes(path, _BLANK).strip()
    except OSError:
        return False


_BLANK = 4096  # bytes of blank lines at most: a larger file is not an empty one


def _session_line(path: Path) -> bytes | None:
    """The session's line of `path`, if it is a file (not a link) named as a run names its
    kept file and holds what a run writes there: its header (an export of sessions only)
    and one ended session, the one its name is for, not a plan's record (None: not a
    run's)."""
    if not RUNS_NAME.fullmatch(path.name):
        return None
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        lines = [line for line in guarded.read_bytes(path, LARGEST).splitlines() if line.strip()]
        if len(lines) != 2:  # empty too (attack 16, H2: an IndexError in every command)
            return None
        record = stored_json(lines[1].decode())
    except (OSError, ValueError):
        return None
    header = lines[0].strip() == json.dumps(HEADER).encode()
    if not header or not isinstance(record, dict) or not record.keys() >= _SESSION:
        return None
    return lines[1] if record["status"] != "running" and _named_for(path, record) else None


_SESSION = {"uid", "routine", "started_at", "status", "exercises"}  # as every session has


def _named_for(path: Path, record: dict[str, object]) -> bool:
    """Whether the kept file's name is the one a run gives its session: the start's local
    date and time (in the zone the run had: within a day of it, to the second) and the
    first 8 characters of its uid."""
    _, day, clock, uid = path.stem.split("-")
    try:
        named = datetime.strptime(day + clock, "%Y%m%d%H%M%S")
        began = datetime.fromisoformat(str(record["started_at"]))
        if began.tzinfo is not None:
            began = began.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # no time, or none UTC can show (the year 1)
        return False
    apart = abs(named - began)  # a zone's offset: less than a day
    return str(record["uid"]).startswith(uid) and named.second == began.second and apart.days < 1


def _same_file(name: str | None) -> tuple[int, int] | None:
    """The inode and device of the file `name`, if it is one."""
    try:
        found = None if name is None else os.stat(name)
    except (OSError, ValueError):
        return None
    return None if found is None else (found.st_ino, found.st_dev)


def _identity(path: Path) -> tuple[int, int]:
    """The inode and device of `path` (an OSError if it has gone)."""
    found = path.stat()
    return (found.st_ino, found.st_dev)


def _left(path: Path, why: str, warn: Callable[[str], None]) -> None:
    where = shell_word(path)
    warn(
        f"a session kept aside while the history was busy could not be added ({why}); it is "
        f"in {where}: `stretch history import {where}` adds it"
    )


def _when(line: bytes, year: int) -> str:
    """When the kept session started, as `history` shows a day and time (its year outside
    `year`, this one)."""
    try:
        moment = datetime.fromisoformat(json.loads(line)["started_at"]).astimezone()
    except (ValueError, KeyError, TypeError, OverflowError):
        return "an earlier run"
    return moment_dated(moment, year)
