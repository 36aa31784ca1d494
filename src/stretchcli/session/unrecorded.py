"""A session the history could not take by the run's end (another process held its write
lock all along: a long import, a sync stopped with Ctrl-Z): kept in a file of the state
folder that `stretch history import` takes, rather than lost. The run said, as the history
was found busy, that the session is kept."""

from __future__ import annotations

import json
import os
import shlex
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO

from stretchcli.env import Environment
from stretchcli.errors import StretchError
from stretchcli.files.paths import state_dir
from stretchcli.records import EndStatus, ExerciseResult, Session, Swap
from stretchcli.text import json_escaped, json_text, one_line

HEADER = {"format": "stretch-history", "version": 1}  # an export of sessions only
_PLAIN = frozenset(range(0x20, 0x7F)) - {ord("\\"), ord("'")}  # as they are in $'...'


@dataclass(frozen=True)
class Begun:
    """What the session's row was to begin with (as the run started)."""

    routine: str
    options: dict[str, object]
    pain_before: int | None
    note: str | None
    swaps: Sequence[Swap]
    started_at: datetime
    # The run's uid: its row in the history and a file it is kept in share it, so that
    # importing the file brings a row written mid-run up to date (never a second session).
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Ended:
    """How the session ended (as the run's last write had it)."""

    status: EndStatus
    seconds: float
    exercises: Sequence[ExerciseResult]
    last_step: int
    ended_at: datetime | None


def session_of(begun: Begun, ended: Ended) -> Session:
    """The session as the history would have held it."""
    return Session(
        id=0,
        routine=begun.routine,
        started_at=begun.started_at,
        ended_at=ended.ended_at,
        status=ended.status,
        seconds=ended.seconds,
        pain_before=begun.pain_before,
        pain_after=None,
        options=begun.options,
        last_step=ended.last_step,
        exercises=tuple(ended.exercises),
        uid=begun.uid,
        note=begun.note,
        swaps=tuple(begun.swaps),
    )


@dataclass
class Kept:
    """The file a session is kept in, and the session (the ratings after the run go in too,
    as they are given: each write replaces the file whole)."""

    path: Path
    session: Session

    def write(self) -> None:
        """The file as `history export` writes one session (a StretchError if it cannot be)."""
        from stretchcli.files.atomic import write_text

        line = json.dumps(self.session.exported(), ensure_ascii=False, separators=(",", ":"))
        text = json.dumps(HEADER) + "\n" + json_escaped(line, ascii_only=True) + "\n"
        write_text(self.path, text, state=True)

    def set_pain_after(self, session_id: int | None, pain: int) -> None:
        """The pain rated after the run, kept with it."""
        self.session = replace(self.session, pain_after=pain)
        self.write()

    def set_difficulty(self, session_id: int | None, difficulty: int) -> None:
        """How hard it felt, kept with it."""
        self.session = replace(self.session, difficulty=difficulty)
        self.write()

    def set_hurt(self, exercise: str) -> None:
        """The exercise that hurt (named after the run): its begun steps marked `hurt`, as
        the history marks them."""
        marked = tuple(
            replace(one, status="hurt")
            if one.exercise == exercise and one.status in ("done", "partial")
            else one
            for one in self.session.exercises
        )
        self.session = replace(self.session, exercises=marked)
        self.write()


def keep(env: Environment, begun: Begun, ended: Ended) -> Kept | None:
    """Write the session to a file of its own in the state folder, as `history export`
    writes one; the file (None when it could not be written: the session is lost)."""
    session = session_of(begun, ended)
    stamp = begun.started_at.astimezone().strftime("%Y%m%d-%H%M%S")
    kept = Kept(state_dir(env.environ) / f"unrecorded-{stamp}-{session.uid[:8]}.jsonl", session)
    try:
        kept.write()
    except StretchError:
        return None
    return kept


def shell_word(path: Path) -> str:
    """`path` as one word a POSIX shell reads back as its bytes, and a terminal shows as it
    is: quoted as `shlex` does where it is text a terminal shows as it is (`one_line`), else
    `$'...'` in printable ASCII, each other byte as `\\xHH` (a name not UTF-8, or with
    control characters, which must not reach a terminal as they are)."""
    text = str(path)
    if one_line(text) == text:
        return shlex.quote(text)
    raw = os.fsencode(path)
    return "$'" + "".join(chr(b) if b in _PLAIN else f"\\x{b:02x}" for b in raw) + "'"


def write_event(out: IO[str], why: str, kept_in: Path | None) -> None:
    """`run --json`'s line after its end for a session the history did not take: that it is
    not recorded, why, and the file it is kept in (None: none) for `history import`."""
    where = None if kept_in is None else os.fspath(kept_in)
    event = {"event": "unrecorded", "recorded": False, "kept_in": where, "why": why}
    out.write(json_text(event, indent=None, ascii_only=True) + "\n")
    out.flush()
