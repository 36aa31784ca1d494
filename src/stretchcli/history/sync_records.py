"""What the sync files carry besides sessions and a plan's records: each reminder and how it
was answered (`{"reminder": {...}}`), and a note given to a session after its line was written
(`{"note": {"session": UID, "text": ..., "at": ...}}`).

A reminder is the same one on every machine when its time (to the microsecond), routine and
way of being given are: a second line of it adds nothing, and one that tells the answer of a
reminder stored here as still waiting brings it up to date. A note line sets the note of the
session with its uid when it was given after the note stored here came (the later one wins
on every machine, whichever file is merged first); a note of a session not here yet waits for
the session's line.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from stretchcli import exported
from stretchcli.columns import stored_time
from stretchcli.history import plan_lines, rows
from stretchcli.moments import unsnoozed
from stretchcli.records import OUTCOMES, VIAS, Reminder
from stretchcli.text import json_escaped

KINDS = ("reminder", "note")
REMINDER_KEYS = ("at", "routine", "outcome", "until", "via")  # its columns but the row id
NOTE_KEYS = ("session", "text", "at")
_ROUTINE = exported.identifier("upper-back")
_OUTCOME = exported.one_of(OUTCOMES)
_VIA = exported.one_of(VIAS)
_UNTIL = exported.optional(exported.moment)
WRONG = "a machine whose clock is wrong, or a damaged line?"


@dataclass(frozen=True)
class Note:
    """A note given to a session (None: taken away), and when: `at` is '' for a note that
    came with its session's line (older than any given on its own)."""

    session: str
    text: str | None
    at: str

    def newer_than(self, known: str | None) -> bool:
        """Whether this note wins over the one given at `known` (None: none given yet)."""
        if known is None:
            return True
        return _instant(self.at) > _instant(known)


Record = Reminder | Note


def _instant(at: str) -> tuple[int, str]:
    """A note's time as something that sorts as instants ('' before every time)."""
    if not at:
        return (0, "")
    moment = datetime.fromisoformat(at)
    return (1, stored_time(moment))


def is_one(data: object) -> bool:
    """Whether a line's JSON is a reminder's or a note's (it has the key of one)."""
    return isinstance(data, dict) and len(data) == 1 and next(iter(data)) in KINDS


_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")  # a kind's key, as stretch names its own
KNOWN = frozenset((*KINDS, *plan_lines.KINDS, *exported.SESSION_KEYS))


def newer_kind(data: object) -> str | None:
    """The kind of record a line is of, when it is of a kind this stretch does not know (a
    newer stretch wrote it): a record of any kind is one key, named as stretch names them,
    its value an object; a session's key in that place is a damaged session, not a kind."""
    if not isinstance(data, dict) or len(data) != 1:
        return None
    key, value = next(iter(data.items()))
    if not isinstance(value, dict) or key in KNOWN or not _KIND.fullmatch(key):
        return None
    return str(key)


def read(data: object) -> Record:
    """A reminder or a note from its line; a Refused naming the key path of the first value
    stretch could not have written."""
    fields = exported.json_object(data, KINDS, "a reminder or a note")
    if "reminder" in fields:
        return exported.field(fields, "reminder", _reminder)
    return exported.field(fields, "note", _note)


def _reminder(value: object) -> Reminder:
    fields = exported.json_object(value, REMINDER_KEYS, "a reminder: a JSON object")
    at = exported.field(fields, "at", exported.moment)
    until = exported.field(fields, "until", _UNTIL, None)
    # A snooze's end no run could have written would silence reminders on every machine.
    why = "" if until is None else unsnoozed(at, until)
    if why:
        raise exported.Refused(f"{why}; {WRONG}", "until")
    return Reminder(
        0,
        at,
        exported.field(fields, "routine", _ROUTINE),
        exported.field(fields, "outcome", _OUTCOME),
        until,
        exported.field(fields, "via", _VIA),
    )


def _note(value: object) -> Note:
    fields = exported.json_object(value, NOTE_KEYS, "a note: a JSON object")
    at = exported.field(fields, "at", exported.moment)
    return Note(
        exported.field(fields, "session", exported.uid),
        exported.field(fields, "text", exported.note),
        at.isoformat(),
    )


def line_note(ours: str | None, theirs: str | None) -> str | None:
    """The note a session stored here keeps when a line of it arrives (a sync file's or an
    export's): its own, or the line's where it has none (a note given on the other machine
    after the session came here). Which of two notes is the later only a note line tells."""
    return theirs if ours is None else ours


def identity(record: Record) -> tuple[object, ...]:
    """What makes two lines about the same thing (the later line of a file wins)."""
    if isinstance(record, Note):
        return ("note", record.session)
    return ("reminder", stored_time(record.at), record.routine, record.via)


def line(record: Record) -> str:
    """A record's line in a machine's file (with its newline): compact JSON in ASCII."""
    if isinstance(record, Note):
        data: dict[str, object] = {
            "note": {"session": record.session, "text": record.text, "at": record.at}
        }
    else:
        kept = {key: value for key, value in record.record().items() if key != "id"}
        data = {"reminder": kept}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json_escaped(text, ascii_only=True) + "\n"


@dataclass(frozen=True)
class Merged:
    """What merging reminders did: the row ids added, how many brought up to date, and the
    lines refused (each with its line number)."""

    added: tuple[int, ...]
    updated: int
    conflicts: tuple[tuple[int, str], ...]


def merge_reminders(
    db: sqlite3.Connection, found: Iterable[tuple[int, Reminder]], local: tzinfo | None
) -> Merged:
    """Add the reminders this history does not have, and the answers of those it has as
    still waiting, in the transaction of `db`."""
    added: list[int] = []
    updated = 0
    conflicts: list[tuple[int, str]] = []
    query = "SELECT * FROM reminders WHERE at = ? AND routine = ? AND via = ? ORDER BY id"
    for number, reminder in found:
        columns = reminder.columns()
        row = rows.by_name(db, query, [columns["at"], reminder.routine, reminder.via]).fetchone()
        if row is None:
            added.append(rows.insert(db, "reminders", columns))
            continue
        try:
            stored = Reminder.from_columns(row, local)
        except (TypeError, ValueError, KeyError) as exc:
            conflicts.append((number, f"the reminder is stored here but cannot be read ({exc})"))
            continue
        answer = {"outcome": reminder.outcome, "until": columns["until"]}
        if (stored.outcome, _stored(stored.until)) == tuple(answer.values()):
            continue
        if stored.outcome == "waiting":  # answered since, on the machine that showed it
            rows.update(db, "reminders", stored.id, answer)
            updated += 1
        elif reminder.outcome != "waiting":  # a line from before the answer adds nothing
            conflicts.append(
                (
                    number,
                    f"the reminder at {reminder.at.isoformat()} was answered otherwise here "
                    f"({stored.outcome}, not {reminder.outcome}); the stored answer was kept",
                )
            )
    return Merged(tuple(added), updated, tuple(conflicts))


def _stored(moment: datetime | None) -> str | None:
    return None if moment is None else stored_time(moment)


def apply_notes(
    db: sqlite3.Connection, notes: Iterable[Note], known: Mapping[str, str]
) -> tuple[dict[str, str], list[Note]]:
    """Set each note that is newer than the one known for its session, in the transaction of
    `db`; the times of the notes now known, and the notes whose session is not here yet."""
    times = dict(known)
    waiting: list[Note] = []
    for note in notes:
        if not note.newer_than(times.get(note.session)):
            continue
        cursor = db.execute("UPDATE sessions SET note = ? WHERE uid = ?", (note.text, note.session))
        if cursor.rowcount:
            times[note.session] = note.at
        else:
            waiting.append(note)
    return times, waiting


def stored_notes(db: sqlite3.Connection, uids: list[str]) -> dict[str, str | None]:
    """The note of each session here among `uids` (a session not here is left out)."""
    found: dict[str, str | None] = {}
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        query = f"SELECT uid, note FROM sessions WHERE uid IN ({marks})"
        for uid, note in db.execute(query, chunk):
            found[str(uid)] = None if note is None else str(note)
    return found
