"""Moving a history between machines: export as JSON lines, import by each session's stable
id (the same file twice adds nothing; two machines' histories merge into one).

The file: a first line `{"format": "stretch-history", "version": 1}`, then one session per
line, as `history --json` shows it (without the local row id). Both ways are streamed: a
million sessions are never held at once. An import checks every line, in one transaction:
one bad line and nothing is stored.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.history import rows
from stretchcli.history.bulk import Span
from stretchcli.history.store import History
from stretchcli.records import Session, unlived
from stretchcli.text import plural

FORMAT = {"format": "stretch-history", "version": 1}
MAX_LINE = 1_000_000  # characters: a session is a few hundred


def export_lines(history: History) -> Iterator[str]:
    """The lines of an export file (each ends with a newline), every session of `history`
    as it is read (compact JSON, written by SQLite), a thousand lines at a time."""
    yield json.dumps(FORMAT) + "\n"
    lines = history.records(Span(), exported=True)
    while batch := list(itertools.islice(lines, 1000)):
        yield "\n".join(batch) + "\n"


@dataclass(frozen=True)
class Imported:
    """What an import did: sessions added, already there, and conflicts (line, message)."""

    added: int
    known: int
    conflicts: tuple[str, ...]


class ImportError_(ValueError):
    """Lines that cannot be imported, each as 'LINE: message' (the first MOST_NAMED of
    them), and how many there were in all."""

    def __init__(self, problems: list[str], count: int) -> None:
        super().__init__(problems[0])
        self.problems = problems
        self.count = count


MOST_NAMED = 1000  # bad lines named one by one; the rest are counted
BATCH = 1000  # lines checked against the history at a time


def check_line(number: int, line: str, now: datetime) -> Session | str:
    """The session on line `number` of an export file (after the first), or what is wrong
    with it (a time no one can have lived by `now` among the rest)."""
    if len(line) > MAX_LINE:
        return "the line is too long to be a session"
    try:
        data = json.loads(line)
    except ValueError as exc:
        return f"not JSON ({exc.args[0].split(':')[0]})"
    try:
        session = Session.from_record(data)
    except ValueError as exc:
        return str(exc)
    return _unlived(session, now) or session


def _unlived(session: Session, now: datetime) -> str:
    """The first of a session's times that no one can have lived by `now`, and why."""
    for key, moment in (("started_at", session.started_at), ("ended_at", session.ended_at)):
        why = unlived(moment, now) if moment else ""
        if why:
            return f"{key}: {why}"
    return ""


class _Import:
    """One import, a batch of lines at a time, in one write transaction: each session is
    checked, looked up by its uid, and added (with the id `base` + its line number, so that
    a later line with the same uid names it without anything held in memory), or compared
    with the stored one. Any bad line and nothing is written (the transaction is rolled
    back), but every line is still checked, to name them all."""

    def __init__(self, history: History, db: sqlite3.Connection, pool: ThreadPoolExecutor) -> None:
        self.history = history
        self.db = db
        self.base = rows.last_session_id(db)
        rows.forget_known(db)
        self.problems: list[tuple[int, str]] = []
        self.bad = 0
        self.added = 0
        self.known = 0
        self.conflicts: list[str] = []
        self.pool = pool
        self.writing: Future[None] | None = None

    def written(self) -> None:
        """Wait for the batch being written (and raise what stopped it)."""
        if self.writing is not None:
            writing, self.writing = self.writing, None
            writing.result()

    def problem(self, number: int, message: str) -> None:
        self.bad += 1
        if len(self.problems) < MOST_NAMED:
            self.problems.append((number, message))

    def batch(self, sessions: list[tuple[int, Session]]) -> None:
        """Look a batch of good lines up, add the new ones, compare the known ones. The new
        ones are written on a thread of their own while the next batch is read (SQLite lets
        go of Python's lock as it writes: the two share the machine's cores)."""
        self.written()
        stored = rows.by_uid(self.db, [session.uid for _, session in sessions])
        new = []
        known = []
        for number, session in sessions:
            found = stored.get(session.uid)
            if found is None:
                new.append((self.base + number, session))
            elif found[0] > self.base:  # added by this import, from an earlier line
                line = found[0] - self.base
                self.problem(number, f"session {session.uid} is also on line {line}")
            else:
                known.append((number, session))
        earlier = rows.known_before(self.db, [(session.uid, n) for n, session in known])
        for number, session in known:
            if session.uid in earlier:
                line = earlier[session.uid]
                self.problem(number, f"session {session.uid} is also on line {line}")
            else:
                self._compare(number, session, *stored[session.uid])
        if not self.bad:
            self.writing = self.pool.submit(rows.NewRows.of(new).insert, self.db)
            self.added += len(new)

    def _compare(
        self, number: int, session: Session, ident: int, comparable: tuple[object, ...]
    ) -> None:
        """A session the history has: known if it is the same, else a conflict (the stored
        one is kept). Its stored row as it is, first; what it reads as, if that differs."""
        if comparable == rows.comparable(session):
            self.known += 1
            return
        mine = self.history.read_back(self.db, ident)
        if mine is None:  # a stored row that cannot be read: keep it, and say so
            self.conflicts.append(f"{number}: session {session.uid} cannot be read back here")
            return
        ours, theirs = mine.record(), session.record()
        differ = sorted(k for k in ours if k != "id" and not _same(k, ours[k], theirs[k]))
        if not differ:
            self.known += 1
        else:
            self.conflicts.append(
                f"{number}: session {session.uid} differs from the stored one "
                f"({', '.join(differ)}); the stored one was kept"
            )


def import_lines(history: History, lines: Iterable[str]) -> Imported:
    """Merge the sessions of an export file's lines into `history` by uid, streamed: all of
    them, or, if any line is bad, none (an ImportError_ names them)."""
    now = history.now()
    with history.writing() as db, ThreadPoolExecutor(1, "import") as pool:
        job = _Import(history, db, pool)
        header = False
        batch: list[tuple[int, Session]] = []
        uids: dict[str, int] = {}  # of the batch: earlier batches are in the history
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            if number == 1:
                wrong = _header(line)
                if wrong:
                    job.problem(1, wrong)
                    break
                header = True
                continue
            checked = check_line(number, line, now)
            if isinstance(checked, str):
                job.problem(number, checked)
            elif checked.uid in uids:
                job.problem(number, f"session {checked.uid} is also on line {uids[checked.uid]}")
            else:
                uids[checked.uid] = number
                batch.append((number, checked))
            if len(batch) >= BATCH:
                job.batch(batch)
                batch, uids = [], {}
        job.batch(batch)
        job.written()
        if not header and not job.bad:
            job.problem(1, "the file is empty")
        if job.bad:
            named = [f"{number}: {message}" for number, message in sorted(job.problems)]
            raise ImportError_(named, job.bad)  # rolls the transaction back
    return Imported(job.added, job.known, tuple(job.conflicts))


def _header(line: str) -> str:
    """What is wrong with the first line of an export file ('' when nothing is)."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        return f"not JSON ({exc.args[0].split(':')[0]})"
    if data != FORMAT:
        return f"not a stretch history export (expected {json.dumps(FORMAT)})"
    return ""


def _same(key: str, ours: object, theirs: object) -> bool:
    """Whether two values of a session's record are the same (times compared as instants,
    seconds to the tenth the record shows)."""
    if key in ("started_at", "ended_at") and isinstance(ours, str) and isinstance(theirs, str):
        return datetime.fromisoformat(ours) == datetime.fromisoformat(theirs)
    if key == "seconds" and isinstance(ours, float) and isinstance(theirs, float):
        return abs(ours - theirs) <= 0.05
    return ours == theirs


def import_file(history: History, path: Path, warn: Callable[[str], None]) -> Imported:
    """Merge the sessions of an export file into `history`: all of them or, if any line is
    bad, none (each bad line is passed to `warn` as FILE:LINE: problem)."""
    try:
        with path.open(encoding="utf-8") as handle:
            return import_lines(history, handle)
    except OSError as exc:
        raise StretchError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise StretchError(f"{path}: not UTF-8 text") from None
    except ImportError_ as exc:
        for problem in exc.problems:
            warn(f"{path}:{problem}")
        if exc.count > len(exc.problems):
            warn(f"{path}: {plural(exc.count - len(exc.problems), 'more bad line')}")
        raise StretchError(
            f"{path}: nothing was imported ({plural(exc.count, 'bad line')})",
            "the history is as it was",
        ) from None
