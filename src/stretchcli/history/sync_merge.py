"""Merging another machine's file from the sync folder: its new whole lines, read as an
import reads them; a line still on its way is left for the next sync, a bad one refused and
named."""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from stretchcli.errors import StretchError, said
from stretchcli.exported import Refused
from stretchcli.history import plan_lines, sync_records
from stretchcli.history.connection import BusyError
from stretchcli.history.export_file import FORMAT, MAX_LINE, NotASession, not_the_header, parse
from stretchcli.history.level_rule import Judging
from stretchcli.history.reachable import there
from stretchcli.history.store import History
from stretchcli.history.sync_append import open_file
from stretchcli.history.sync_files import Mark, Refusal
from stretchcli.history.sync_own import checksum
from stretchcli.history.sync_records import Note
from stretchcli.history.transfer import ImportError_, import_lines
from stretchcli.moments import unlived
from stretchcli.records import Reminder, Session
from stretchcli.text import plural, whole_number

HEADER = json.dumps(FORMAT) + "\n"
NOT_OURS = "not a stretch history file"
RETRIES = 5  # imports of one file's new lines, each without the lines the last refused


class SyncError(StretchError):
    """The sync folder cannot be used (not there, not a folder, cannot be read)."""


@dataclass(frozen=True)
class Merged:
    mark: Mark
    added: int
    updated: int
    refused: tuple[Refusal, ...]
    plan_added: int = 0
    reminders: tuple[int, ...] = ()  # the row ids of the reminders added
    notes: tuple[Note, ...] = ()  # to set once every file is merged (`sync_records`)
    afresh: bool = False  # read from its start: replaced since it was merged


def merge_file(
    history: History,
    path: Path,
    name: str,
    mark: Mark,
    size: int,
    mtime: int,
    judge: Judging | None = None,
) -> Merged:
    """Merge the whole lines another machine's file gained since `mark` into the history."""
    start = mark.start(size)
    refused: list[Refusal] = []
    good: dict[object, tuple[int, bytes]] = {}  # what a line is of: its number and text
    more: dict[object, tuple[int, sync_records.Record]] = {}  # reminders and notes
    newer: dict[str, int] = {}  # lines of each kind a newer stretch wrote, counted
    first_newer = 0  # the line of the first of them
    sessions = 0  # (a later line of the same session or plan record wins)
    now = history.now()
    offset, number = start.offset, start.line if start.offset else 0
    crc: int | None = 0  # of the bytes before `offset`
    afresh = start is not mark
    try:
        with os.fdopen(open_file(path, os.O_RDONLY), "rb") as stream:  # never a fifo's wait
            if offset:
                crc = checksum(path, offset)
                if not _same_start(stream, offset, crc, start.crc):
                    start = Mark()  # not the file that was merged: read it all
                    offset, number, crc, afresh = 0, 0, 0, True
            stream.seek(offset)
            headed = offset > 0  # (a mark is never made before the header)
            while raw := stream.readline(MAX_LINE + 1):  # as `lines` reads an import
                if not raw.endswith(b"\n"):
                    if len(raw) > MAX_LINE:
                        refused.append(Refusal(name, number + 1, _longer()))
                        offset = size  # nothing after it can be told apart
                        crc = checksum(path, size)
                    break  # a line still on its way: read once it is whole
                last = offset + len(raw) >= size
                first = not headed  # the first line that is not blank is the header
                why, key, record = _read_line(number + 1, raw, now, first)
                headed = headed or bool(raw.strip())
                if why.startswith("not JSON") and last and not first:
                    break  # the end of a file still being synced, cut short: wait for it
                number += 1
                offset += len(raw)
                crc = None if crc is None else zlib.crc32(raw, crc)
                if why and first:  # verify 25, V11: a whole first line is the header
                    said = _not_ours(raw, number) if why == NOT_OURS else why
                    refused.append(Refusal(name, number, said))
                    # Another program's: looked at once it changes, from its start (the
                    # line number is kept only so that the refusal is of a line there).
                    offset, crc = 0, 0
                    break
                if isinstance(key, Newer):
                    newer[key.kind] = newer.get(key.kind, 0) + 1
                    first_newer = first_newer or number
                elif why:
                    refused.append(Refusal(name, number, why))
                elif record is not None:
                    more.pop(key, None)
                    more[key] = (number, record)
                elif key is not None:
                    good.pop(key, None)
                    good[key] = (number, raw)
                    sessions += isinstance(key, str)
    except OSError as exc:
        refused.append(Refusal(name, number + 1, f"cannot be read: {exc.strerror or exc}"))
        return Merged(mark, 0, 0, tuple(refused))  # tried again next time
    if newer:
        refused.append(Refusal(name, first_newer, _newer(newer)))
    lines, notes = _notes_apart(history, good)
    added, updated, plan_added, bad = _import(history, name, lines, judge)
    reminders = [(n, r) for n, r in more.values() if isinstance(r, Reminder)]
    notes += [r for _, r in more.values() if isinstance(r, Note)]
    merged = _merge_reminders(history, reminders)
    refused += [Refusal(name, n, why) for n, why in merged.conflicts]
    new_mark = Mark(size, mtime, offset, number, start.sessions + sessions, crc)
    return Merged(
        new_mark,
        added,
        updated + merged.updated,
        (*refused, *bad),
        plan_added,
        merged.added,
        tuple(notes),
        afresh,
    )


def _same_start(stream: BinaryIO, offset: int, crc: int | None, known: int | None) -> bool:
    """Whether the file's first `offset` bytes (their CRC-32 `crc`) are those merged (their
    CRC-32 `known`). A restored older copy refilled by its machine can have a line end at
    the same offset with other lines before it: only the CRC-32 tells. A mark kept by an
    older stretch has none: a line must end there."""
    if crc is None:
        return False
    if known is not None:
        return crc == known
    stream.seek(offset - 1)
    return stream.read(1) == b"\n"


def _notes_apart(
    history: History, good: dict[object, tuple[int, bytes]]
) -> tuple[list[tuple[int, bytes]], list[Note]]:
    """The lines to import, each session already here with the note it has here (the note
    lines decide a stored session's note, not a line written before the note was given),
    and the notes of those lines for sessions here without one (older than any note line)."""
    uids = [key for key in good if isinstance(key, str)]
    if not uids or not there(history.path):
        return list(good.values()), []
    with history.connect() as db:
        stored = sync_records.stored_notes(db, uids)
    lines: list[tuple[int, bytes]] = []
    notes: list[Note] = []
    for key, (number, raw) in good.items():
        if isinstance(key, str) and key in stored:
            if stored[key] is None and b'"note":null' in raw:
                lines.append((number, raw))  # no note either side: left as it is
                continue
            data = json.loads(raw)
            theirs, ours = data.get("note"), stored[key]
            if theirs != ours:
                if sync_records.line_note(ours, theirs) != ours:  # set with the note lines
                    notes.append(Note(key, theirs, ""))
                data["note"] = ours
                raw = json.dumps(data, separators=(",", ":")).encode("ascii") + b"\n"
        lines.append((number, raw))
    return lines, notes


def _merge_reminders(history: History, found: list[tuple[int, Reminder]]) -> sync_records.Merged:
    if not found:
        return sync_records.Merged((), 0, ())
    try:
        with history.writing() as db:
            return sync_records.merge_reminders(db, found, history.now().tzinfo)
    except BusyError:  # the history's, not the file's: said as every writer says it
        raise
    except (StretchError, sqlite3.Error) as exc:
        raise SyncError(f"cannot merge reminders: {said(exc)}") from None


@dataclass(frozen=True)
class Newer:
    """What a line of a kind that a newer stretch wrote is of: its kind."""

    kind: str


def _newer(counts: dict[str, int]) -> str:
    """Lines of kinds this stretch does not know, in one refusal: how many, which kinds."""
    return (
        f"{plural(sum(counts.values()), 'line')} of a kind this stretch does not know "
        f"({', '.join(sorted(counts))}), the first here, written by a newer stretch: update "
        "stretch to merge them"
    )


def _longer() -> str:
    return f"longer than any session (more than {MAX_LINE:,} bytes); the rest was not read"


def _not_ours(raw: bytes, number: int) -> str:
    try:
        data = parse(number, raw, first=True)
    except NotASession as exc:
        return str(exc).split(": ", 1)[-1]
    return not_the_header(data) or NOT_OURS


Read = tuple[str, object, "sync_records.Record | None"]


def _read_line(number: int, raw: bytes, now: datetime, first: bool) -> Read:
    """Why a line cannot be merged ('' when it can), what it is of (a session's uid, a plan's
    record's, a reminder's or a note's identity; None for the header or a blank line), and
    the reminder or note it is: read as an import reads it."""
    try:
        data = parse(number, raw, first)
    except NotASession as exc:
        return str(exc).split(": ", 1)[-1], None, None
    if data is None:
        return "", None, None
    if first:
        return (NOT_OURS if not_the_header(data) else ""), None, None
    if sync_records.is_one(data):
        try:
            found = sync_records.read(data)
        except Refused as exc:
            return str(exc), None, None
        kind, at = (
            ("reminder", found.at)
            if isinstance(found, Reminder)
            else ("note", datetime.fromisoformat(found.at))
        )
        why = unlived(at, now)
        if why:
            return f"{kind}.at: {why}; {CLOCK}", None, None
        return "", sync_records.identity(found), found
    if plan_lines.is_one(data):
        try:
            record = plan_lines.read(data)
        except Refused as exc:
            return str(exc), None, None
        why = unlived(record.at, now)
        if why:
            return f"{plan_lines.kind(record)}.at: {why}; {CLOCK}", None, None
        return "", plan_lines.identity(record), None
    newer = sync_records.newer_kind(data)
    if newer is not None:
        return "", Newer(newer), None
    try:
        session = Session.from_record(data)
    except Refused as exc:
        return str(exc), None, None
    for key, moment in (("started_at", session.started_at), ("ended_at", session.ended_at)):
        why = unlived(moment, now) if moment else ""
        if why:
            return f"{key}: {why}; {CLOCK}", None, None
    return "", session.uid, None


CLOCK = "a machine whose clock is wrong?"


def _import(
    history: History, name: str, good: list[tuple[int, bytes]], judge: Judging | None
) -> tuple[int, int, int, tuple[Refusal, ...]]:
    """Merge good lines into the history by uid, as `stretch history import` does: sessions
    added, brought up to date, and lines refused (a conflict: the stored one is kept)."""
    refused: list[Refusal] = []
    for _ in range(RETRIES):
        if not good:
            return 0, 0, 0, tuple(refused)
        numbers = [number for number, _ in good]
        try:
            header = HEADER.encode("ascii")
            done = import_lines(history, [header, *(raw for _, raw in good)], judge)
        except ImportError_ as exc:  # a line the history cannot take: without it, again
            bad = _lines_named(exc.problems, numbers)
            refused.extend(Refusal(name, n, why) for n, why in bad)
            named = {n for n, _ in bad}
            if not named:
                break
            good = [(n, raw) for n, raw in good if n not in named]
            continue
        except BusyError:  # the history's, not the file's: said as every writer says it
            raise
        except (StretchError, sqlite3.Error) as exc:
            raise SyncError(f"cannot merge {name}: {said(exc)}") from None
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
        at = whole_number(line, 2, len(numbers) + 1)
        if at is not None:
            found.append((numbers[at - 2], why))
    return found
