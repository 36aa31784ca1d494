"""One history across machines, through a folder the person already syncs: each machine
appends its sessions to its own file there (an export file: `transfer.py`'s lines, read as
strictly) and merges every other machine's file, by uid, before the history is read.

Cheap when nothing changed: a file whose size and time are what they were when merged is not
opened, and a file that grew is read from where the last merge stopped (once the CRC-32 of
the bytes before says they are those merged; else it was replaced, and is read again whole).
A line on its way (no newline yet, or cut short) is left for the next sync; a bad line of
another machine's file is refused, said once, and never stops anything. This machine's file
is only appended to, by this machine: flushed to disk, a half line a crash left cut off first;
anything else in its place (a link, a file it did not write) is refused, never written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from stretchcli.files.reach import why_missing
from stretchcli.history import plan_lines, rows, sync_own, sync_records
from stretchcli.history.level_rule import Judging
from stretchcli.history.liveness import alive
from stretchcli.history.reachable import there
from stretchcli.history.store import History
from stretchcli.history.sync_append import append, refuse_unless_own, size_and_time
from stretchcli.history.sync_files import Mark, Refusal, SyncState, Written, file_name, owner
from stretchcli.history.sync_local import load, locked, point, save, this_machine
from stretchcli.history.sync_merge import HEADER, SyncError, merge_file
from stretchcli.history.sync_own import Found
from stretchcli.history.sync_records import Note
from stretchcli.records import ANSWER_WAIT, Reminder
from stretchcli.text import json_escaped

SHARED = (
    "another machine writes this file too (its state folder was copied from this one's?): "
    "merged all the same; delete the file machine-id in one of their state folders, and "
    "that one makes itself a new id"
)


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


def sync(
    history: History, folder: str, state_dir: Path, wait: bool = True, judge: Judging | None = None
) -> Synced:
    """Write this machine's new sessions to its file in `folder`, then merge the files of
    the others that changed since the last sync. `wait`: for another process's sync on this
    machine to end (else, while one goes on, do nothing); `judge`: the level changes no plan
    makes, refused (`level_rule`)."""
    where = usable_folder(folder)
    with locked(state_dir, wait) as held:
        if not held:
            return Synced()
        loaded = load(state_dir)
        state = loaded.for_folder(folder)
        machine = this_machine(state_dir, history.warn)
        own = file_name(machine)
        state, written = _write_own(history, where / own, state)
        added = updated = plan_added = 0
        found: list[Refusal] = []
        marks = dict(state.marks)
        before = _last_id(history)
        reminders: list[int] = []
        notes = [Note(*orphan) for orphan in state.orphans]
        listed = list(_listing(where))
        afresh = {name for name, size, _ in listed if marks.get(name, Mark()).offset > size}
        for name, size, mtime in listed:
            mark = marks.get(name, Mark())
            if (name == own and not state.shared) or mark.unchanged(size, mtime):
                continue
            merged = merge_file(history, where / name, name, mark, size, mtime, judge)
            marks[name] = merged.mark
            if merged.afresh:
                afresh.add(name)
            added += merged.added
            updated += merged.updated
            plan_added += merged.plan_added
            reminders.extend(merged.reminders)
            notes.extend(merged.notes)
            found.extend(merged.refused)
        written_now = _merged(history, state.written, before)
        if reminders:  # the others': never written to this machine's file
            state = replace(state, reminders=state.reminders.add(reminders, []))
        if notes:
            state = _set_notes(history, state, notes)
        # What a merge added of a plan's records is the others': not written here.
        plan = _last_plan_ids(history) if plan_added else state.plan
        state = replace(state, marks=marks, written=written_now, plan=plan)
        if state.shared:
            found.append(Refusal(own, 1, SHARED))
        lines = {name: marks.get(name, Mark()).line for name, _, _ in listed}
        state = state.refuse(found, lines, afresh)
        untold = tuple(r for r in state.refused if not r.told)
        if state != loaded:
            save(state_dir, state)
        point(state_dir, folder)
    return Synced(added, updated, written, to_say(untold))


SAID = 3  # refused lines of a file named at one sync (chosen): the rest are counted


def to_say(refused: tuple[Refusal, ...]) -> tuple[Refusal, ...]:
    """Refusals to say: each file's first few, then one counting the rest of that file's
    (a newer stretch, or a damaged file, refuses many lines: never a flood)."""
    said: list[Refusal] = []
    files: dict[str, list[Refusal]] = {}
    for refusal in refused:
        files.setdefault(refusal.file, []).append(refusal)
    for name, found in files.items():
        said += found[:SAID]
        rest = found[SAID:]
        if len(rest) == 1:
            said.append(rest[0])
        elif rest:
            why = f"and {len(rest)} more lines from here on, each refused ({LISTS})"
            said.append(Refusal(name, rest[0].line, why))
    return tuple(said)


LISTS = "stretch history sync lists them"


MAX_ORPHANS = 200  # notes kept for sessions not here yet: the newest


def _set_notes(history: History, state: SyncState, notes: list[Note]) -> SyncState:
    """The state once the notes merged are set (a note waits for its session's line)."""
    if not there(history.path):
        waiting = notes
        times = dict(state.note_times)
    else:
        with history.writing() as db:
            times, waiting = sync_records.apply_notes(db, notes, state.note_times)
    orphans = tuple((n.session, n.text, n.at) for n in waiting if n.at)[-MAX_ORPHANS:]
    return replace(state, note_times=times, orphans=orphans)


def noted(history: History, folder: str, state_dir: Path, session_id: int) -> None:
    """A note was given here to session `session_id`: it goes to this machine's file (now,
    or at the next sync when the folder cannot be written now)."""
    with locked(state_dir, True):
        loaded = load(state_dir)
        state = loaded.for_folder(folder)
        if state.started:  # else every session is written, with its note, at the start
            at = _note_time(history, state, session_id)
            save(state_dir, replace(state, notes=(*state.notes, (session_id, at))))
    write_own(history, folder, state_dir)


def _note_time(history: History, state: SyncState, session_id: int) -> str:
    """When a note given now was given: now, or just after the note it replaces if that
    one's time is later (a clock behind another machine's: the note given here last,
    having seen the other one, is the later one everywhere)."""
    now = history.now()
    with history.connect() as db:
        found = db.execute("SELECT uid FROM sessions WHERE id = ?", (session_id,)).fetchone()
    known = state.note_times.get(str(found[0])) if found else None
    if known:
        after = datetime.fromisoformat(known) + timedelta(microseconds=1)
        if after > now:
            return after.astimezone(now.tzinfo).isoformat()
    return now.isoformat()


def write_own(history: History, folder: str, state_dir: Path, wait: bool = True) -> int:
    """Append this machine's sessions not yet in its file (a run that has just ended); how
    many. `wait`: for another sync here (else nothing now: the next sync appends them)."""
    where = usable_folder(folder)
    with locked(state_dir, wait) as held:
        if not held:
            return 0
        loaded = load(state_dir)
        own = where / file_name(this_machine(state_dir, history.warn))
        state, written = _write_own(history, own, loaded.for_folder(folder))
        if state != loaded:
            save(state_dir, state)
        point(state_dir, folder)
    return written


def told(state_dir: Path) -> None:
    """Every refused line has now been said: it is not said again."""
    with locked(state_dir, True):
        state = load(state_dir)
        if any(not r.told for r in state.refused):
            save(state_dir, state.told())


def status(folder: str, state_dir: Path) -> Status:
    """The folder, this machine's id and file, and each other file as last merged."""
    where = usable_folder(folder)
    state = load(state_dir).for_folder(folder)
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
        why = (
            "is not a folder"
            if where.exists()
            else why_missing(where, "is not there (is its disk mounted?)")
        )
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


def _last_id(history: History) -> int:
    if not there(history.path):
        return 0
    with history.connect() as db:
        return rows.last_session_id(db)


def _merged(history: History, written: Written, before: int) -> Written:
    """`written` with the sessions a merge has just added (they are the other machines'):
    never written to this machine's file."""
    if not there(history.path):
        return written
    with history.connect() as db:
        added = [ident for ident, pid in rows.ids_after(db, before) if pid is None]
    return written.add(added, []) if added else written


def _write_own(history: History, path: Path, state: SyncState) -> tuple[SyncState, int]:
    """Append this machine's sessions that its file does not have yet: every one not from
    another machine's file, once its run has ended (one still going is held back, and a run
    asking its ratings is left to write its own when it ends). A file cut back, replaced by
    an older copy or deleted gets again every line it lacks (the others merge by uid: a line
    they have is nothing new); one another machine appends to too is said. Anything but
    this machine's file in its place (a link, another program's file) is refused at once,
    never read nor written through."""
    if not there(history.path):
        return replace(state, started=True), 0
    refuse_unless_own(path)
    seen = size_and_time(path)
    found = sync_own.check(path, seen, state.own, state.own_crc)
    if found is Found.GROWN:
        state = replace(state, shared=True)
    elif found is Found.TOUCHED:
        state = replace(state, own=seen)
    elif found is Found.CUT:  # all looked at again: what the file still holds is left out
        state = replace(
            state, written=Written(), plan=(0, 0), reminders=Written(), own=(0, 0), own_crc=None
        )
    refill = found is Found.CUT or not state.started
    kept = sync_own.held(path) if refill and seen != (0, 0) else sync_own.Held()
    texts: list[str] = []
    done: list[int] = []
    held: list[int] = []
    with history.connect() as db:
        if kept.uids:  # their lines are there: not written twice
            ids = sorted(ident for ident, *_ in rows.by_uid(db, sorted(kept.uids)).values())
            state = replace(state, written=state.written.add(ids, []))
        if found is Found.CUT:  # a note line cut off goes again, with its time
            state = replace(state, notes=_notes_again(db, state))
        after = rows.ids_after(db, state.written.through)
        for ident, pid in after:
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
    written = state.written.add(done, held).past_gaps([ident for ident, _ in after])
    state = replace(state, written=written, plan=plan)
    state, more = _reminder_and_note_lines(history, state)
    lines = [line for line in texts + plan_texts + more if kept.lacks(line)]
    if not lines:
        return replace(state, started=True), 0
    start, data = append(path, lines, HEADER)
    known = state.own_crc if start == state.own[0] else None
    before = sync_own.checksum(path, start) if known is None else known
    crc = None if before is None else zlib.crc32(data, before)
    own = (start + len(data), size_and_time(path)[1])
    return replace(state, started=True, own=own, own_crc=crc), sum(kept.lacks(t) for t in texts)


def _notes_again(db: sqlite3.Connection, state: SyncState) -> tuple[tuple[int, str], ...]:
    """The notes to write: every note known here (its session here) again, with the time it
    was given, then those given since (a later line of a session's note wins)."""
    waiting = {ident for ident, _ in state.notes}
    here = rows.by_uid(db, sorted(state.note_times))
    again = [(found[0], state.note_times[uid]) for uid, found in here.items()]
    return (*sorted(n for n in again if n[0] not in waiting), *state.notes)


def _reminder_and_note_lines(history: History, state: SyncState) -> tuple[SyncState, list[str]]:
    """The lines of this machine's reminders not written yet (one still waiting for its
    answer is held back until it has one, or has waited too long: then it reads as not
    answered), and of the notes given here since their session's line was written."""
    now = history.now()
    texts: list[str] = []
    done: list[int] = []
    held: list[int] = []
    local = now.tzinfo
    times = dict(state.note_times)
    query = "SELECT * FROM reminders WHERE id > ? ORDER BY id"
    with history.connect() as db:
        for row in rows.by_name(db, query, [state.reminders.through]):
            ident = int(row["id"])
            if state.reminders.has(ident):
                continue
            done.append(ident)
            try:
                reminder = Reminder.from_columns(row, local)
            except (TypeError, ValueError, KeyError):
                continue  # `stretch history` says it cannot be read
            if reminder.outcome == "waiting":
                if (now - reminder.at).total_seconds() <= 2 * ANSWER_WAIT:
                    done.pop()
                    held.append(ident)
                    continue
                reminder = replace(reminder, outcome="no answer")  # as the history reads it
            texts.append(sync_records.line(reminder))
        for ident, at in state.notes:
            found = db.execute("SELECT uid, note FROM sessions WHERE id = ?", (ident,)).fetchone()
            if found is None or not state.written.has(ident):
                continue  # gone, or its session's line (with the note) is still to come
            note = Note(str(found[0]), None if found[1] is None else str(found[1]), at)
            texts.append(sync_records.line(note))
            times[note.session] = at
    reminders = state.reminders.add(done, held)
    return replace(state, reminders=reminders, notes=(), note_times=times), texts


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
    if not there(history.path):
        return (0, 0)
    with history.connect() as db:
        found = [
            int(db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
            for table in PLAN_TABLES
        ]
    return (found[0], found[1])
