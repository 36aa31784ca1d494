"""Moving a history between machines: export as JSON lines, import by each session's stable
id (the same file twice adds nothing; two machines' histories merge into one).

The file: a first line `{"format": "stretch-history", "version": 1}`, then one session per
line, as `history --json` shows it (without the local row id). An import checks every line
before it writes anything: one bad line and nothing is stored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.history.store import SESSION_STATUSES, History, Session
from stretchcli.session.runner import EXERCISE_STATUSES
from stretchcli.text import plural

FORMAT = {"format": "stretch-history", "version": 1}
UID = re.compile(r"[0-9a-f]{32}")
MAX_LINE = 1_000_000  # characters: a session is a few hundred


def export_lines(sessions: Iterable[Session]) -> Iterator[str]:
    """The lines of an export file (each ends with a newline)."""
    yield json.dumps(FORMAT) + "\n"
    for session in sessions:
        record = session.record()
        del record["id"]  # the row id is this machine's own
        yield json.dumps({**record, "options": session.options, "last_step": session.last_step})
        yield "\n"


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


def read(lines: Iterable[str]) -> list[tuple[int, dict[str, object]]]:
    """The sessions of an export file, each with its line number; every bad line is named."""
    problems: list[str] = []
    found: list[tuple[int, dict[str, object]]] = []
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
        why = _problem(data)
        if why:
            problems.append(f"{number}: {why}")
            continue
        uid = str(data["uid"])
        if uid in seen:
            problems.append(f"{number}: session {uid} is also on line {seen[uid]}")
            continue
        seen[uid] = number
        data.setdefault("swaps", [])  # files written before swaps were kept
        found.append((number, data))
    if not header and not problems:
        problems.append("1: the file is empty")
    if problems:
        raise ImportError_(problems)
    return found


def _problem(data: object) -> str | None:
    """What is wrong with one session's data, or None."""
    if not isinstance(data, dict):
        return "expected a session (a JSON object)"
    checks: list[tuple[str, bool]] = [
        ("uid", isinstance(data.get("uid"), str) and bool(UID.fullmatch(data["uid"]))),
        ("routine", isinstance(data.get("routine"), str) and bool(data["routine"])),
        ("started_at", _time(data.get("started_at"))),
        ("ended_at", data.get("ended_at") is None or _time(data.get("ended_at"))),
        ("status", data.get("status") in SESSION_STATUSES),
        ("seconds", _number(data.get("seconds"))),
        ("pain_before", _rating(data.get("pain_before"))),
        ("pain_after", _rating(data.get("pain_after"))),
        ("difficulty", _rating(data.get("difficulty"))),
        ("note", data.get("note") is None or isinstance(data.get("note"), str)),
        ("options", isinstance(data.get("options", {}), dict)),
        ("exercises", _exercises(data.get("exercises"))),
        ("swaps", _swaps(data.get("swaps", []))),
    ]
    for key, fine in checks:
        if not fine:
            return f"{key}: not a value a session can have ({json.dumps(data.get(key))[:60]})"
    return None


def _time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _rating(value: object) -> bool:
    return value is None or (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
    )


def _exercises(value: object) -> bool:
    if not isinstance(value, list):
        return False
    return all(
        isinstance(e, dict)
        and isinstance(e.get("exercise"), str)
        and e.get("status") in EXERCISE_STATUSES
        and all(
            isinstance(e.get(k), int) and not isinstance(e.get(k), bool) for k in ("holds", "done")
        )
        for e in value
    )


def _swaps(value: object) -> bool:
    if not isinstance(value, list):
        return False
    return all(
        isinstance(s, dict)
        and isinstance(s.get("exercise"), str)
        and (s.get("instead") is None or isinstance(s.get("instead"), str))
        and isinstance(s.get("avoided"), list)
        and all(isinstance(m, str) for m in s["avoided"])
        for s in value
    )


def merge(history: History, sessions: list[tuple[int, dict[str, object]]]) -> Imported:
    """Add the sessions the history does not have (by uid); one that it has with other
    contents is a conflict: the stored one is kept, and the line named."""
    stored = {s.uid: s for s in history.sessions()}
    new = []
    known = 0
    conflicts = []
    for number, data in sessions:
        mine = stored.get(str(data["uid"]))
        if mine is None:
            new.append(data)
            continue
        theirs = {k: v for k, v in data.items() if k not in ("options", "last_step")}
        ours = mine.record()
        del ours["id"]
        if _same(ours, theirs):
            known += 1
        else:
            differ = sorted(k for k in ours if ours.get(k) != theirs.get(k))
            conflicts.append(
                f"{number}: session {data['uid']} differs from the stored one "
                f"({', '.join(differ)}); the stored one was kept"
            )
    history.add_sessions(new)
    return Imported(len(new), known, tuple(conflicts))


def _same(ours: dict[str, object], theirs: dict[str, object]) -> bool:
    """Whether two records are the same session (times compared as instants)."""
    for key in set(ours) | set(theirs):
        a, b = ours.get(key), theirs.get(key)
        if key in ("started_at", "ended_at") and isinstance(a, str) and isinstance(b, str):
            if datetime.fromisoformat(a) != datetime.fromisoformat(b):
                return False
        elif key == "seconds" and _number(a) and _number(b):
            if abs(float(a) - float(b)) > 0.05:  # type: ignore[arg-type]
                return False
        elif a != b:
            return False
    return True


def import_file(history: History, path: Path, warn: Callable[[str], None]) -> Imported:
    """Merge the sessions of an export file into `history`: all of them or, if any line is
    bad, none (each bad line is passed to `warn` as FILE:LINE: problem)."""
    try:
        with path.open(encoding="utf-8") as handle:
            sessions = read(handle)
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
