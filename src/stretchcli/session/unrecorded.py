"""A session the history could not take by the run's end (another process held its write
lock all along: a long import, a sync stopped with Ctrl-Z): kept in a file of the state
folder that `stretch history import` takes, rather than lost. The run said, as the history
was found busy, that the session is kept."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchcli.env import Environment
from stretchcli.errors import StretchError
from stretchcli.files.paths import state_dir
from stretchcli.records import EndStatus, ExerciseResult, Session, Swap
from stretchcli.text import json_escaped

HEADER = {"format": "stretch-history", "version": 1}  # an export of sessions only


@dataclass(frozen=True)
class Begun:
    """What the session's row was to begin with (as the run started)."""

    routine: str
    options: dict[str, object]
    pain_before: int | None
    note: str | None
    swaps: Sequence[Swap]
    started_at: datetime


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
        uid=uuid.uuid4().hex,
        note=begun.note,
        swaps=tuple(begun.swaps),
    )


def keep(env: Environment, begun: Begun, ended: Ended) -> Path | None:
    """Write the session to a file of its own in the state folder, as `history export`
    writes one; the file (None when it could not be written: the session is lost)."""
    from stretchcli.files.atomic import write_text

    session = session_of(begun, ended)
    line = json.dumps(session.exported(), ensure_ascii=False, separators=(",", ":"))
    stamp = begun.started_at.astimezone().strftime("%Y%m%d-%H%M%S")
    path = state_dir(env.environ) / f"unrecorded-{stamp}-{session.uid[:8]}.jsonl"
    try:
        write_text(
            path, json.dumps(HEADER) + "\n" + json_escaped(line, ascii_only=True) + "\n", state=True
        )
    except StretchError:
        return None
    return path
