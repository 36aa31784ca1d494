"""One history across machines, through a folder the person already syncs: each machine
appends its sessions to its own file there (an export file: `transfer.py`'s lines, read as
strictly) and merges every other machine's file, by uid, before the history is read.

Cheap when nothing changed: a file whose size and time are what they were when merged is not
opened, and a file that grew is read from where the last merge stopped. A line still on its
way (no newline yet, or the last line cut short) is left for the next sync; a bad line of
another machine's file is refused, said once, and never stops anything. This machine's file
is only ever appended to, by this machine: flushed to the disk, and a half line a crash left
is cut off before the next lines go on.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.exported import Refused
from stretchcli.history import plan_lines, rows
from stretchcli.history.export_file import (
    FORMAT,
    MAX_LINE,
    NotASession,
    not_the_header,
    parse,
)
from stretchcli.history.liveness import alive
from stretchcli.history.store import History
from stretchcli.history.sync_files import (
    POINTER,
    Mark,
    Refusal,
    SyncState,
    Written,
    file_name,
    is_machine_id,
    loads,
    machine_id,
    owner,
)
from stretchcli.history.transfer import ImportError_, import_lines
from stretchcli.moments import unlived
from stretchcli.records import Session
from stretchcli.text import json_escaped

STATE = "sync.json"  # in the state folder: how far each file was merged
MACHINE = "machine-id"  # in the state folder: this machine's id, made once
LOCK = "sync.lock"
HEADER = json.dumps(FORMAT) + "\n"
SHARED = (
    "another machine writes this file too (its state folder was copied from this one's?): "
    "merged all the same; delete the file machine-id in one of their state folders, and "
    "that one makes itself a new id"
)
RETRIES = 5  # imports of one file's new lines, each without the lines the last refused


class SyncError(StretchError):
    """The sync folder cannot be used (not there, not a folder, cannot be read)."""


@dataclass(frozen=True)
class Synced:
    """What a sync did: sessions added and brought up to date here, this machine's sessions
    written to its file, and the lines refused that have not been said yet."""

    added: int = 0
    updated: int = 0
    written: int = 0
    refused: tuple[Refusal, ...] = ()


@dataclass(frozen=True)
class OtherFile:
    """Another machine's file (or a sync tool's copy of one) as the sync last saw it."""

    name: str
    machine: str
    sessions: int
    changed: datetime | None


@dataclass(frozen=True)
class Status:
    """What `stretch history sync` shows."""

    folder: str
    machine: str
    own_file: str
    own_changed: datetime | None
    others: tuple[OtherFile, ...]
    refused: tuple[Refusal, ...]


def this_machine(state_dir: Path) -> str:
    """This machine's id, kept in the state folder (made the first time: the host's name and
    8 random hex digits, as two machines can have one host name)."""
    path = state_dir / MACHINE
    try:
        found = path.read_text("ascii").strip()
        if is_machine_id(found):
            return found
    except (OSError, UnicodeDecodeError):
        pass
    made = machine_id(socket.gethostname(), secrets.token_hex(4))
    state_dir.mkdir(parents=True, exist_ok=True)
    temporary = state_dir / f"{MACHINE}.{os.getpid()}.tmp"
    temporary.write_text(made + "\n", "ascii")
    try:
        os.link(temporary, path)  # fails if another process made one first: that one holds
    except FileExistsError:
        found = path.read_text("ascii").strip()
        if is_machine_id(found):
            return found
        os.replace(temporary, path)  # a damaged one: replaced
    finally:
        temporary.unlink(missing_ok=True)
    return made


def sync(history: History, folder: str, state_dir: Path, wait: bool = True) -> Synced:
    """Write this machine's new sessions to its file in `folder`, then merge the files of
    the others that changed since the last sync. `wait`: for another process's sync on this
    machine to end (else, while one goes on, do nothing)."""
    where = usable_folder(folder)
    with _locked(state_dir, wait) as locked:
        if not locked:
            return Synced()
        loaded = _load(state_dir)
        state = loaded.for_folder(folder)
        machine = this_machine(state_dir)
        own = file_name(machine)
        state, written = _write_own(history, where / own, state)
        added = updated = plan_added = 0
        found: list[Refusal] = []
        marks = dict(state.marks)
        before = _last_id(history)
        for name, size, mtime in _listing(where):
            mark = marks.get(name, Mark())
            if (name == own and not state.shared) or mark.unchanged(size, mtime):
                continue
            merged = _merge_file(history, where / name, name, mark, size, mtime)
            marks[name] = merged.mark
            added += merged.added
            updated += merged.updated
            plan_added += merged.plan_added
            found.extend(merged.refused)
        written_now = _merged(history, state.written, before)
        # What a merge added of a plan's records is the others': not written here.
        plan = _last_plan_ids(history) if plan_added else state.plan
        state = replace(state, marks=marks, written=written_now, plan=plan)
        if state.shared:
            found.append(Refusal(own, 1, SHARED))
        state = state.refuse(found)
        untold = tuple(r for r in state.refused if not r.told)
        if state != loaded:
            _save(state_dir, state)
        _point(state_dir, folder)
    return Synced(added, updated, written, untold)


def write_own(history: History, folder: str, state_dir: Path) -> int:
    """Append this machine's sessions not yet in its file (a run that has just ended); how
    many."""
    where = usable_folder(folder)
    with _locked(state_dir, True):
        loaded = _load(state_dir)
        own = where / file_name(this_machine(state_dir))
        state, written = _write_own(history, own, loaded.for_folder(folder))
        if state != loaded:
            _save(state_dir, state)
        _point(state_dir, folder)
    return written


def told(state_dir: Path) -> None:
    """Every refused line has now been said: it is not said again."""
    with _locked(state_dir, True):
        state = _load(state_dir)
        if any(not r.told for r in state.refused):
            _save(state_dir, state.told())


def status(folder: str, state_dir: Path) -> Status:
    """The folder, this machine's id and file, and each other file as last merged."""
    where = usable_folder(folder)
    state = _load(state_dir).for_folder(folder)
    machine = this_machine(state_dir)
    own = file_name(machine)
    others = []
    for name, _, mtime in _listing(where):
        if name != own:
            found = owner(name) or ""
            sessions = state.marks.get(name, Mark()).sessions
            others.append(OtherFile(name, found, sessions, _time(mtime)))
    own_changed = None
    with suppress(OSError):
        own_changed = _time((where / own).stat().st_mtime_ns)
    return Status(folder, machine, own, own_changed, tuple(others), state.refused)


def _time(mtime: int) -> datetime:
    return datetime.fromtimestamp(mtime / 1e9).astimezone()


def usable_folder(folder: str) -> Path:
    """The sync folder, or a SyncError saying why it cannot be used."""
    where = Path(folder)
    if not where.is_dir():
        why = "is not a folder" if where.exists() else "is not there (is its disk mounted?)"
        raise SyncError(
            f"the sync folder {folder} {why}; the history was not synced",
            'another: stretch config sync_folder PATH; none: stretch config sync_folder ""',
        )
    return where


def _listing(where: Path) -> Iterator[tuple[str, int, int]]:
    """Each machine's file in the folder (and each sync tool's copy of one): its name,
    size and time, in name order."""
    found = []
    with os.scandir(where) as entries:
        for entry in entries:
            if owner(entry.name) is None:
                continue
            try:
                if entry.is_file():
                    info = entry.stat()
                    found.append((entry.name, info.st_size, info.st_mtime_ns))
            except OSError:
                continue  # gone since (a sync tool's rename)
    yield from sorted(found)


@contextmanager
def _locked(state_dir: Path, wait: bool) -> Iterator[bool]:
    """One sync at a time on this machine (whether this one may go on)."""
    try:
        import fcntl
    except ImportError:  # Windows: two syncs at once only append a line twice
        yield True
        return
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # lets go of the lock


def _load(state_dir: Path) -> SyncState:
    try:
        return loads((state_dir / STATE).read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return SyncState()


def _save(state_dir: Path, state: SyncState) -> None:
    from stretchcli.files.atomic import write_text

    write_text(state_dir / STATE, state.dumps() + "\n")


def _point(state_dir: Path, folder: str) -> None:
    """Tell `stretch due` which folder to look at (it reads no config while nothing changed)."""
    path = state_dir / POINTER
    text = folder + "\n"
    try:
        if path.read_text("utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    from stretchcli.files.atomic import write_text

    write_text(path, text)


def _last_id(history: History) -> int:
    if not history.path.exists():
        return 0
    with history.connect() as db:
        return rows.last_session_id(db)


def _merged(history: History, written: Written, before: int) -> Written:
    """`written` with the sessions a merge has just added (they are the other machines'):
    never written to this machine's file."""
    if not history.path.exists():
        return written
    with history.connect() as db:
        added = [ident for ident, pid in rows.ids_after(db, before) if pid is None]
    return written.add(added, []) if added else written


def _write_own(history: History, path: Path, state: SyncState) -> tuple[SyncState, int]:
    """Append this machine's sessions that its file does not have yet: every one not from
    another machine's file, once its run has ended (one still going is held back, and a run
    asking its ratings is left to write its own when it ends)."""
    if not history.path.exists():
        return replace(state, started=True), 0
    seen = _size_and_time(path)
    if seen != state.own and state.own != (0, 0) and seen != (0, 0):
        state = replace(state, shared=True)  # grown, or replaced, by another machine
    elif seen == (0, 0) and state.own != (0, 0):  # deleted: every session written again
        state = replace(state, written=Written(), own=(0, 0), plan=(0, 0))
    texts: list[str] = []
    done: list[int] = []
    held: list[int] = []
    with history.connect() as db:
        if not state.started and seen != (0, 0):  # what was kept of it is lost: not twice
            state = replace(state, written=state.written.add(_in_file(db, path), []))
        for ident, pid in rows.ids_after(db, state.written.through):
            if state.written.has(ident):
                continue
            session = history.read_back(db, ident)
            if session is None:  # cannot be read back: said, and left out
                done.append(ident)
                continue
            going = pid is not None and pid != os.getpid() and alive(pid, session.started_at)
            if session.status == "running" or going:
                held.append(ident)
                continue
            record = json.dumps(session.exported(), ensure_ascii=False, separators=(",", ":"))
            texts.append(json_escaped(record, ascii_only=True) + "\n")
            done.append(ident)
    plan, plan_texts = _plan_lines(history, state.plan)
    if texts or plan_texts:
        _append(path, texts + plan_texts)
    written = state.written.add(done, held)
    own = _size_and_time(path) if texts or plan_texts else state.own
    return replace(state, written=written, started=True, own=own, plan=plan), len(texts)


PLAN_TABLES = ("level_changes", "barriers")


def _plan_lines(history: History, after: tuple[int, int]) -> tuple[tuple[int, int], list[str]]:
    """The lines of the level changes and barrier answers stored after the row ids `after`
    (one of each table), as an export has them, and the ids they reach."""
    local = history.now().tzinfo
    reached = list(after)
    texts = []
    for n, (table, kind) in enumerate(zip(PLAN_TABLES, plan_lines.KINDS, strict=True)):
        query = f"SELECT * FROM {table} WHERE id > ? ORDER BY id"
        for ident, record in history.table_rows(
            kind.replace("_", " "), query, [after[n]], lambda row: _plan_record(row, local)
        ):
            line = json.dumps({kind: record.exported()}, ensure_ascii=False, separators=(",", ":"))
            texts.append(json_escaped(line, ascii_only=True) + "\n")
            reached[n] = max(reached[n], ident)
    return (reached[0], reached[1]), texts


def _plan_record(row: sqlite3.Row, local: tzinfo | None) -> tuple[int, plan_lines.Record]:
    from stretchcli.history.barriers import Answer
    from stretchcli.history.levels import LevelChange

    if "level" in row.keys():  # noqa: SIM118 - a Row has keys(), and no `in`
        return int(row["id"]), LevelChange.from_columns(row, local)
    return int(row["id"]), Answer.from_columns(row, local)


def _last_plan_ids(history: History) -> tuple[int, int]:
    """The largest row id of each plan table (what a merge added is above them)."""
    if not history.path.exists():
        return (0, 0)
    with history.connect() as db:
        found = [
            int(db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
            for table in PLAN_TABLES
        ]
    return (found[0], found[1])


def _in_file(db: sqlite3.Connection, path: Path) -> list[int]:
    """The ids of the sessions here whose line this machine's file has."""
    uids = []
    with open(path, "rb") as stream:
        while raw := stream.readline(MAX_LINE + 1):
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("uid"), str):
                uids.append(data["uid"])
    return sorted(ident for ident, *_ in rows.by_uid(db, uids).values())


def _size_and_time(path: Path) -> tuple[int, int]:
    """A file's size and time ((0, 0): not there)."""
    try:
        found = path.stat()
    except OSError:
        return (0, 0)
    return (found.st_size, found.st_mtime_ns)


def _append(path: Path, texts: list[str]) -> None:
    """Append whole lines to this machine's file, flushed to the disk; a half line left by a
    crash is cut off first (its session is written again, as it was not marked written)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        _lock_file(fd)  # another appender's line is whole before this one looks at the end
        size = os.fstat(fd).st_size
        whole = _after_last_newline(fd, size)
        if whole < size:
            os.ftruncate(fd, whole)
        data = ("" if whole else HEADER) + "".join(texts)
        view = memoryview(data.encode("ascii"))
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    if not size:
        _sync_folder_entry(path.parent)


def _lock_file(fd: int) -> None:
    """Hold an open file for this process alone (let go when it is closed)."""
    try:
        import fcntl
    except ImportError:  # Windows: syncs on one machine take turns by the state folder's lock
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _after_last_newline(fd: int, size: int) -> int:
    """The offset just after the file's last newline (0 for none)."""
    end = size
    while end > 0:
        start = max(0, end - 65536)
        os.lseek(fd, start, os.SEEK_SET)
        chunk = os.read(fd, end - start)
        found = chunk.rfind(b"\n")
        if found >= 0:
            return start + found + 1
        end = start
    return 0


def _sync_folder_entry(folder: Path) -> None:
    """Flush a new file's name in its folder to the disk (where the system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class _Merged:
    mark: Mark
    added: int
    updated: int
    refused: tuple[Refusal, ...]
    plan_added: int = 0


def _merge_file(
    history: History, path: Path, name: str, mark: Mark, size: int, mtime: int
) -> _Merged:
    """Merge the whole lines another machine's file gained since `mark` into the history."""
    start = mark.start(size)
    refused: list[Refusal] = []
    good: dict[object, tuple[int, bytes]] = {}  # what a line is of: its number and text
    sessions = 0  # (a later line of the same session or plan record wins)
    now = history.now()
    offset, number = start.offset, start.line
    try:
        with open(path, "rb") as stream:
            if offset:
                stream.seek(offset - 1)
                if stream.read(1) != b"\n":  # not the file that was merged: read it all
                    start = Mark()
                    offset, number = 0, 0
            stream.seek(offset)
            while raw := stream.readline(MAX_LINE + 1):  # as `lines` reads an import
                if not raw.endswith(b"\n"):
                    if len(raw) > MAX_LINE:
                        refused.append(Refusal(name, number + 1, _longer()))
                        offset = size  # nothing after it can be told apart
                    break  # a line still on its way: read once it is whole
                last = offset + len(raw) >= size
                why, key = _read_line(number + 1, raw, now)
                if why.startswith("not JSON") and last:
                    break  # the end of a file still being synced, cut short: wait for it
                number += 1
                offset += len(raw)
                if why == "not a stretch history file":
                    refused.append(Refusal(name, number, _not_ours(raw, number)))
                    offset, number = 0, 0  # another program's file: looked at once it changes
                    break
                if why:
                    refused.append(Refusal(name, number, why))
                elif key is not None:
                    good.pop(key, None)
                    good[key] = (number, raw)
                    sessions += isinstance(key, str)
    except OSError as exc:
        refused.append(Refusal(name, number + 1, f"cannot be read: {exc.strerror or exc}"))
        return _Merged(mark, 0, 0, tuple(refused))  # tried again next time
    added, updated, plan_added, more = _import(history, name, list(good.values()))
    new_mark = Mark(size, mtime, offset, number, start.sessions + sessions)
    return _Merged(new_mark, added, updated, (*refused, *more), plan_added)


def _longer() -> str:
    return f"longer than any session (more than {MAX_LINE:,} bytes); the rest was not read"


def _not_ours(raw: bytes, number: int) -> str:
    try:
        data = parse(number, raw)
    except NotASession as exc:
        return str(exc).split(": ", 1)[-1]
    return not_the_header(data) or "not a stretch history file"


def _read_line(number: int, raw: bytes, now: datetime) -> tuple[str, object]:
    """Why a line cannot be merged ('' when it can), and what it is of (a session's uid, a
    plan's record's identity; None for the header or a blank line): read as an import reads
    it."""
    try:
        data = parse(number, raw)
    except NotASession as exc:
        return str(exc).split(": ", 1)[-1], None
    if data is None:
        return "", None
    if number == 1:
        return ("not a stretch history file" if not_the_header(data) else ""), None
    if plan_lines.is_one(data):
        try:
            record = plan_lines.read(data)
        except Refused as exc:
            return str(exc), None
        why = unlived(record.at, now)
        if why:
            return f"{plan_lines.kind(record)}.at: {why}; {CLOCK}", None
        return "", plan_lines.identity(record)
    try:
        session = Session.from_record(data)
    except Refused as exc:
        return str(exc), None
    for key, moment in (("started_at", session.started_at), ("ended_at", session.ended_at)):
        why = unlived(moment, now) if moment else ""
        if why:
            return f"{key}: {why}; {CLOCK}", None
    return "", session.uid


CLOCK = "a machine whose clock is wrong?"


def _import(
    history: History, name: str, good: list[tuple[int, bytes]]
) -> tuple[int, int, int, tuple[Refusal, ...]]:
    """Merge good lines into the history by uid, as `stretch history import` does: sessions
    added, brought up to date, and lines refused (a conflict: the stored one is kept)."""
    refused: list[Refusal] = []
    for _ in range(RETRIES):
        if not good:
            return 0, 0, 0, tuple(refused)
        numbers = [number for number, _ in good]
        try:
            done = import_lines(history, [HEADER.encode("ascii"), *(raw for _, raw in good)])
        except ImportError_ as exc:  # a line the history cannot take: without it, again
            bad = _lines_named(exc.problems, numbers)
            refused.extend(Refusal(name, n, why) for n, why in bad)
            named = {n for n, _ in bad}
            if not named:
                break
            good = [(n, raw) for n, raw in good if n not in named]
            continue
        except (StretchError, sqlite3.Error) as exc:
            raise SyncError(f"cannot merge {name}: {exc}") from None
        refused.extend(Refusal(name, n, why) for n, why in _lines_named(done.conflicts, numbers))
        plan = done.changes[0] + done.answers[0]
        return done.added, done.updated, plan, tuple(refused)
    return 0, 0, 0, tuple(refused)


def _lines_named(
    problems: tuple[str, ...] | list[str], numbers: list[int]
) -> list[tuple[int, str]]:
    """Problems named by the line of the lines imported ('LINE: why'), each with the line
    of the file it came from."""
    found = []
    for problem in problems:
        head, _, why = problem.partition(": ")
        line = head.split(":")[0]
        if line.isdigit() and 2 <= int(line) <= len(numbers) + 1:
            found.append((numbers[int(line) - 2], why))
    return found
