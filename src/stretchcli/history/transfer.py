"""Moving a history between machines: export as JSON lines, import by each session's stable
id (the same file twice adds nothing; two machines' histories merge into one).

The file: a first line `{"format": "stretch-history", "version": 2}` (1 without a plan's
records), then a session per line, as `history --json` shows it (without the row id), then
the plan's level changes and barrier answers (`plan_lines.py`). Both ways are streamed. An
import checks every line, in one transaction: one bad line and nothing is stored. It takes
only what a run can write (exported.py), read as `export_file.py` reads lines."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import IO

from stretchcli.errors import HistoryError, StretchError
from stretchcli.exported import Refused
from stretchcli.history import (
    export_file,
    fast_lines,
    first_import,
    importable,
    plan_lines,
    rows,
    sync_records,
)
from stretchcli.history.export_file import (
    FORMAT,
    MAX_LINE,
    SESSIONS_ONLY,
    STDIN,
    NotASession,
    lines,
    not_the_header,
    opened,
    parse,
)
from stretchcli.history.fast_lines import Line
from stretchcli.history.importable import unlived_session as _unlived
from stretchcli.history.level_rule import Judging
from stretchcli.history.liveness import alive
from stretchcli.history.record_compare import compare
from stretchcli.history.store import History
from stretchcli.moments import AHEAD, EARLIEST
from stretchcli.records import SESSION_COLUMNS, Session
from stretchcli.text import plural

NAMED = 20  # bad lines named one by one; the rest are counted
BATCH = 1000  # lines checked against the history at a time...
BATCH_BYTES = 1 << 20  # ...or fewer, long ones (chosen: a few wide sessions hold 14,400 steps)


@dataclass
class LeftOut:
    """What an export left out: each one's warning, and how many of each kind ("session",
    "plan record")."""

    said: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)


def export_lines(
    history: History, left_out: LeftOut | None = None, judge: Judging | None = None
) -> Iterator[str]:
    """The lines of an export file (each ends with a newline), every session of `history`
    as it is read (compact JSON in ASCII, every control character escaped: safe on a
    terminal), a thousand lines at a time. What an import would refuse (a history changed
    by hand) is left out: each such session or record is warned of and kept in `left_out`
    (what export writes, import takes: `importable.py`; `judge`: as the import's)."""
    now = history.now()
    found = LeftOut() if left_out is None else left_out

    def leaving(kind: str) -> importable.LeaveOut:
        def leave_out(what: str, why: str) -> None:
            found.kinds[kind] += 1
            found.said.append(f"left out {what}: {why}")
            history.warn(found.said[-1])

        return leave_out

    more = importable.plan_records(
        history, now, leaving("plan record"), judge
    )  # none if unreadable
    lines = importable.sessions(history, now, leaving("session"), judge)
    batches = _batches(lines)
    first = next(batches, [])  # written (a HistoryError before the first)
    header = json.dumps(FORMAT if more else SESSIONS_ONLY) + "\n"
    yield header + "".join(line + "\n" for line in first)
    for batch in batches:
        yield "\n".join(batch) + "\n"
    if more:
        yield "\n".join(more) + "\n"


def _batches(lines: Iterable[str]) -> Iterator[list[str]]:
    """The lines a BATCH at a time, or fewer when they come to BATCH_BYTES."""
    batch: list[str] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line)
        if len(batch) >= BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


LARGEST_ID = 2**63 - 1  # SQLite's largest row id


@dataclass(frozen=True)
class Imported:
    """What an import did: sessions added, already there, brought up to date (a later record
    of a run exported while it ran), and conflicts (FILE:LINE: message)."""

    added: int
    known: int
    updated: int
    conflicts: tuple[str, ...]
    changes: tuple[int, int] = (0, 0)  # level changes: added, already there
    answers: tuple[int, int] = (0, 0)  # barrier answers: added, already there
    synced: int = 0  # a sync file's notes and reminders, left out: only a sync merges them


class ImportError_(ValueError):
    """Lines that cannot be imported, each as 'LINE: message' (the first NAMED of them), and
    how many there were."""

    def __init__(self, problems: list[str], count: int) -> None:
        super().__init__(problems[0])
        self.problems = problems
        self.count = count


_SWAPS = SESSION_COLUMNS.index("swaps")  # of a line's columns
_MANY = 4096  # sets of swaps remembered as taken (a history has a few; a file may have more)


def _judged(line: Line) -> tuple[object, tuple[str, ...]]:
    """What the judge of a session's swaps reads: its swaps, and the exercises it did."""
    return line[1][_SWAPS], tuple(exercise[0] for exercise in line[2])


def import_lines(
    history: History, lines: Iterable[str | bytes], judge: Judging | None = None
) -> Imported:
    """Merge the sessions of an export file's lines into `history` by uid, streamed, in one
    write transaction: all of them or, if any line is bad, none (an ImportError_ names the
    first NAMED). A line longer than MAX_LINE ends the reading (the rest cannot be told
    apart), as does a first line not an export's; a sync file's own lines (a note, a
    reminder) are passed over and counted. `judge`: why no plan makes a level change, as
    this machine knows."""
    now = history.now()
    earliest, latest = EARLIEST, now + AHEAD  # the times someone can have lived (moments.py)
    with history.writing(keys_checked=False) as db, ThreadPoolExecutor(1, "import") as pool:
        job = _Import(history, db, pool, judge)
        header = plain = False
        batch: list[tuple[int, Line]] = []
        uids: dict[str, int] = {}  # of the batch: earlier batches are in the history
        size = 0  # of the batch's lines
        judged: set[tuple[object, tuple[str, ...]]] = set()  # swaps with exercises, taken
        for number, raw in enumerate(lines, 1):
            line = fast_lines.session(raw, earliest, latest) if header else None
            if (
                line is not None
                and judge is not None
                and line[1][_SWAPS] != "[]"
                and _judged(line) not in judged
            ):
                line = None  # its swaps judged by what this machine knows: read in full
            if line is None:  # not as export writes it: read the strict way
                try:
                    data = parse(number, raw, first=not header)
                except NotASession as exc:
                    job.problem(str(exc))
                    if len(raw) > MAX_LINE or not header:
                        break
                    continue
                if data is None:  # a blank line
                    continue
                if not header:
                    why = not_the_header(data)
                    if why:
                        job.problem(f"{number}: {why}")
                        break
                    header = True
                    plain = data == SESSIONS_ONLY
                    continue
                if plan_lines.is_one(data):
                    job.plan_line(number, data, plain, now)
                    continue
                if sync_records.is_one(data):  # one key, "note" or "reminder"
                    assert isinstance(data, dict)
                    if isinstance(next(iter(data.values())), dict):  # as a sync writes it
                        job.synced += 1  # (attack 17, H1: the file was refused, and the
                        continue  # sync that named it said to import its sessions)
                line = _read(number, data, now, job)
                if line is None:
                    continue
                if judge is not None and line[1][_SWAPS] != "[]" and len(judged) < _MANY:
                    judged.add(_judged(line))  # the same again takes the fast way
            uid = line[0]
            if uid in uids:
                job.problem(f"{number}: session {uid} is also on line {uids[uid]}")
            else:
                uids[uid] = number
                batch.append((number, line))
                size += len(raw)
            if len(batch) >= BATCH or size >= BATCH_BYTES:
                job.batch(batch)
                batch, uids, size = [], {}, 0
        job.batch(batch)
        job.written()
        job.indexed()
        found = plan_lines.unfollowed_lines(db, job.plan_records, job.judge, job.running, now)
        found += plan_lines.followed_running(db, job.running, now)
        for problem in found:  # a plan makes it where it stands too, after a session ended
            job.problem(problem)
        if not header and not job.count:
            job.problem("1: the file is empty")
        if job.count:
            raise ImportError_(job.problems, job.count)  # rolls the transaction back
        merged = plan_lines.merge(db, job.plan_records)
    return Imported(
        job.added,
        job.known,
        job.updated,
        (*job.conflicts, *merged.conflicts),
        (merged.changes[0], merged.changes[1]),
        (merged.answers[0], merged.answers[1]),
        job.synced,
    )


def _read(number: int, data: object, now: datetime, job: _Import) -> Line | None:
    """A session's line read the strict way, or None (its problem told to `job`)."""
    try:
        session = Session.from_record(data)
    except Refused as exc:
        job.problem(f"{number}: {export_file.second_header(data) or exc}")
        return None
    why = _unlived(session, now)
    if not why and job.judge is not None and session.swaps:
        why = str(job.judge(session) or "")
    if why:
        job.problem(f"{number}: {why}")
        return None
    assert isinstance(data, dict)  # from_record took it
    columns = tuple(session.columns().values())
    return session.uid, columns, rows.exercise_rows(session), data


class _Import:
    """One import, a batch of lines at a time, in one write transaction: each session is
    looked up by its uid, and added (with the next id after `base`, no gap; its line number
    kept by id, 8 bytes a session, so that a later line with its uid names it), or compared
    with the stored one. Once a line is bad nothing is written, but every line is checked."""

    def __init__(
        self,
        history: History,
        db: sqlite3.Connection,
        pool: ThreadPoolExecutor,
        judge: Judging | None = None,
    ) -> None:
        self.history = history
        self.judge = judge
        self.db = db
        self.base = rows.last_session_id(db)
        rows.drop_left_over_rows(db, self.base)  # the ids to come are theirs
        self.numbers = array("Q")  # the line of each session added: id base + 1 is the first
        rows.forget_known(db)
        self.made = first_import.set_aside(db)  # a history with no session yet
        self.problems: list[str] = []
        self.count = 0
        self.added = self.known = self.updated = 0
        self.conflicts: list[str] = []
        self.pool = pool
        self.writing: Future[None] | None = None
        self.plan_seen: dict[tuple[object, ...], tuple[int, plan_lines.Record]] = {}
        self.plan_records: list[tuple[int, plan_lines.Record]] = []
        self.running: dict[str, int] = {}  # the file's sessions still running: uid, line
        self.synced = 0  # a sync file's notes and reminders, passed over

    def plan_line(self, number: int, data: object, plain: bool, now: datetime) -> None:
        """A line of a plan's record: read, checked, and kept to merge once every session
        line is checked (a version 1 file has none)."""
        record = plan_lines.checked(data, plain, now, self.judge)
        if isinstance(record, str):
            self.problem(f"{number}: {record}")
            return
        key = plan_lines.kind(record)
        same = plan_lines.identity(record)
        earlier = self.plan_seen.setdefault(same, (number, record))
        if earlier[1].exported() != record.exported():  # the same record, told two ways
            self.problem(f"{number}: {key}: the same record is also on line {earlier[0]}")
            return
        self.plan_records.append((number, record))  # a start stored twice comes back twice

    def problem(self, text: str) -> None:
        """A bad line ('LINE: message'): named if it is among the first NAMED."""
        self.count += 1
        if len(self.problems) < NAMED:
            self.problems.append(text)

    def written(self) -> None:
        """Wait for the batch being written (and raise what stopped it)."""
        if self.writing is not None:
            writing, self.writing = self.writing, None
            writing.result()

    def indexed(self) -> None:
        """Make the indexes set aside for a history with no session again; a session on two
        lines in batches apart is named then, in line order among the other bad lines."""
        line_of = lambda ident: self.numbers[ident - self.base - 1]  # noqa: E731
        if self.made and first_import.build(self.db, self.made, line_of, self.problem):
            self.problems.sort(key=first_import.by_line)

    def batch(self, lines: list[tuple[int, Line]]) -> None:
        """Look a batch of good lines up, add the new ones, compare the known ones. The new
        ones are written on a thread of their own while the next batch is read (SQLite lets
        go of Python's lock as it writes: the two share the machine's cores)."""
        self.written()
        self.running.update((ln[0], n) for n, ln in lines if ln[3].get("status") == "running")
        if self.count or not lines:  # nothing will be written: only the lines are checked
            return
        stored = rows.by_uid(self.db, [line[0] for _, line in lines]) if not self.made else {}
        new = []
        known = []
        for number, line in lines:
            uid = line[0]
            found = stored.get(uid)
            if found is None:
                self.numbers.append(number)
                ident = self.base + len(self.numbers)
                if ident > LARGEST_ID:
                    raise HistoryError(  # rolls the transaction back
                        f"the history has no session id left after {self.base} (its largest, "
                        "more than a run can reach: set by hand?); nothing was imported",
                        "give that session a smaller id, or export the history and import it "
                        "into a new one",
                    )
                new.append((ident, line[1], line[2]))
            elif found[0] > self.base:  # added by this import, from an earlier line
                first = self.numbers[found[0] - self.base - 1]
                self.problem(f"{number}: session {uid} is also on line {first}")
            else:
                known.append((number, line))
        earlier = rows.known_before(self.db, [(line[0], n) for n, line in known])
        for number, line in known:
            uid = line[0]
            if uid in earlier:
                self.problem(f"{number}: session {uid} is also on line {earlier[uid]}")
            elif stored[uid][1] == rows.comparable(line[1], line[2]):
                self.known += 1
            else:
                self._merge(number, Session.from_record(line[3]), stored[uid][0])
        if not self.count:
            self.writing = self.pool.submit(rows.NewRows.of(new).insert, self.db)
            self.added += len(new)

    def _merge(self, number: int, session: Session, ident: int) -> None:
        """A session the history has, stored otherwise: brought up to date by a later record
        of the same run (it was exported while it ran, and has ended since); an earlier
        record of it, or the same one, adds nothing; other contents are a conflict (the
        stored one is kept, and the line named)."""
        try:
            found = rows.session_by_uid(self.db, session.uid)
        except (ValueError, TypeError, KeyError) as exc:
            self.conflicts.append(
                f"{number}: session {session.uid} is stored here but cannot be read back "
                f"({exc}); it was kept as it is"
            )
            return
        assert found is not None  # by_uid has just found it, in this transaction
        stored, pid = found
        running_here = stored.status == "running" and alive(pid, stored.started_at)
        note = sync_records.line_note(stored.note, session.note)  # as a sync merges it
        verdict, differ = compare(
            replace(stored, note=note), running_here, replace(session, note=note)
        )
        if verdict == "newer":
            rows.replace_session(self.db, ident, replace(session, note=note))
            self.updated += 1
        elif verdict in ("same", "older") and note != stored.note:  # a note given since
            rows.update(self.db, "sessions", ident, {"note": note})
            self.updated += 1
        elif verdict in ("same", "older"):
            self.known += 1
        else:
            self.conflicts.append(
                f"{number}: session {session.uid} differs from the stored one "
                f"({', '.join(differ)}); the stored one was kept"
            )
        if verdict != "conflict" and session.note not in (None, note):
            self.conflicts.append(_other_note(number, ident, note, session.note))


def _other_note(number: int, ident: int, ours: str | None, theirs: str | None) -> str:
    """A line whose session has another note here: both, and how to take the file's."""
    shown = json.dumps(ours, ensure_ascii=False), json.dumps(theirs, ensure_ascii=False)
    return (
        f"{number}: session {ident} has another note here: {shown[0]} was kept, the file has "
        f"{shown[1]} (`stretch history note {ident} TEXT` sets the one you want)"
    )


def import_file(
    history: History,
    name: str,
    stdin: IO[str],
    warn: Callable[[str], None],
    judge: Judging | None = None,
) -> Imported:
    """Merge the sessions of an export file (`-`: standard input) into `history`: all of them
    or, if any line is bad, none (each bad line is passed to `warn` as FILE:LINE: problem)."""
    shown = "<stdin>" if name == STDIN else name
    try:
        with opened(name, stdin) as stream:
            done = import_lines(history, lines(stream), judge)
    except OSError as exc:
        raise StretchError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except ImportError_ as exc:
        for problem in exc.problems:
            warn(f"{shown}:{problem}")
        if exc.count > len(exc.problems):
            warn(f"{shown}: and {plural(exc.count - len(exc.problems), 'more bad line')}")
        raise StretchError(
            f"{shown}: nothing was imported ({plural(exc.count, 'bad line')})",
            "the history is as it was",
        ) from None
    conflicts = tuple(f"{shown}:{conflict}" for conflict in done.conflicts)
    return replace(done, conflicts=conflicts)
