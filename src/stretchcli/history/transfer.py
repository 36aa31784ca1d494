"""Moving a history between machines: export as JSON lines, import by each session's stable
id (the same file twice adds nothing; two machines' histories merge into one).

The file: a first line `{"format": "stretch-history", "version": 1}`, then one session per
line, as `history --json` shows it (without the local row id). An import checks every line
before it writes anything: one bad line and nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.history.store import History
from stretchcli.records import Session, unlived
from stretchcli.text import plural

FORMAT = {"format": "stretch-history", "version": 1}
MAX_LINE = 1_000_000  # characters: a session is a few hundred


def export_lines(sessions: Iterable[Session]) -> Iterator[str]:
    """The lines of an export file (each ends with a newline)."""
    yield json.dumps(FORMAT) + "\n"
    for session in sessions:
        yield json.dumps(session.exported()) + "\n"


@dataclass(frozen=True)
class Imported:
    """What an import did: sessions added, already there, and conflicts (line, message)."""

    added: int
    known: int
    conflicts: tuple[str, ...]


class ImportError_(ValueError):
    """Lines that cannot be imported, each as 'LINE: message'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0])
        self.problems = problems


def read(lines: Iterable[str], now: datetime) -> list[tuple[int, Session]]:
    """The sessions of an export file, each with its line number; every bad line is named
    (a time no one can have lived by `now` among them)."""
    problems: list[str] = []
    found: list[tuple[int, Session]] = []
    seen: dict[str, int] = {}
    header = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            problems.append(f"{number}: the line is too long to be a session")
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            problems.append(f"{number}: not JSON ({exc.args[0].split(':')[0]})")
            continue
        if number == 1:
            if data != FORMAT:
                problems.append(f"1: not a stretch history export (expected {json.dumps(FORMAT)})")
                break
            header = True
            continue
        try:
            session = Session.from_record(data)
        except ValueError as exc:
            problems.append(f"{number}: {exc}")
            continue
        wrong = _unlived(session, now)
        if wrong:
            problems.append(f"{number}: {wrong}")
            continue
        if session.uid in seen:
            problems.append(f"{number}: session {session.uid} is also on line {seen[session.uid]}")
            continue
        seen[session.uid] = number
        found.append((number, session))
    if not header and not problems:
        problems.append("1: the file is empty")
    if problems:
        raise ImportError_(problems)
    return found


def _unlived(session: Session, now: datetime) -> str:
    """The first of a session's times that no one can have lived by `now`, and why."""
    for key, moment in (("started_at", session.started_at), ("ended_at", session.ended_at)):
        why = unlived(moment, now) if moment else ""
        if why:
            return f"{key}: {why}"
    return ""


def merge(history: History, sessions: list[tuple[int, Session]]) -> Imported:
    """Add the sessions the history does not have (by uid); one that it has with other
    contents is a conflict: the stored one is kept, and the line named."""
    stored = {s.uid: s for s in history.sessions()}
    new = []
    known = 0
    conflicts = []
    for number, session in sessions:
        mine = stored.get(session.uid)
        if mine is None:
            new.append(session)
            continue
        ours, theirs = mine.record(), session.record()
        differ = sorted(k for k in ours if k != "id" and not _same(k, ours[k], theirs[k]))
        if not differ:
            known += 1
        else:
            conflicts.append(
                f"{number}: session {session.uid} differs from the stored one "
                f"({', '.join(differ)}); the stored one was kept"
            )
    history.add_sessions(new)
    return Imported(len(new), known, tuple(conflicts))


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
            sessions = read(handle, history.now())
    except OSError as exc:
        raise StretchError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise StretchError(f"{path}: not UTF-8 text") from None
    except ImportError_ as exc:
        for problem in exc.problems:
            warn(f"{path}:{problem}")
        raise StretchError(
            f"{path}: nothing was imported ({plural(len(exc.problems), 'bad line')})",
            "the history is as it was",
        ) from None
    return merge(history, sessions)
