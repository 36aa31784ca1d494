"""How a session read from a file stands to the stored one with its uid: the same, an
earlier or a later record of the same run, or a conflict. A later record is one whose run
went further, or one that only adds what the run's questions after its end gave (a rating,
the exercise that hurt) where the stored one lacks it: the same run, finished later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Literal

from stretchcli.records import Session
from stretchcli.session_shape import behind

Verdict = Literal["same", "older", "newer", "conflict"]
# What a run writes as it starts and never changes: two records of one run agree on these.
FIXED = ("routine", "started_at", "pain_before", "options", "swaps")


def compare(stored: Session, running_here: bool, incoming: Session) -> tuple[Verdict, list[str]]:
    """How a session read from a file stands to the stored one with its uid (`running_here`:
    a run on this machine is still writing that one): the same, an earlier or a later record
    of the same run, or a conflict (with the keys that differ). Both are taken as they read:
    a `running` one whose run is not here to finish it reads as interrupted."""
    ours = stored if running_here else _as_read(stored)
    theirs = _as_read(incoming)
    mine, other = ours.exported(), theirs.exported()
    differ = sorted(key for key in mine if not _same(key, mine[key], other[key]))
    if not differ:
        return "same", []
    if not set(differ) & set(FIXED):
        # Later only if nothing went back: one that did is no record of the same run.
        if _unfinished(theirs) and _progress(theirs) < _progress(ours) and behind(theirs, ours):
            return "older", []
        later = _progress(theirs) > _progress(ours) and behind(ours, theirs)
        if _unfinished(ours) and not running_here and later:
            return "newer", []
        if not running_here and answered_later(ours, theirs, differ):
            return "newer", []
        if answered_later(theirs, ours, differ):
            return "older", []
    return "conflict", differ


def _same(key: str, ours: object, theirs: object) -> bool:
    """Whether two values of a session's record are the same (times compared as instants,
    seconds to the tenth the record shows)."""
    if key in ("started_at", "ended_at") and isinstance(ours, str) and isinstance(theirs, str):
        return datetime.fromisoformat(ours) == datetime.fromisoformat(theirs)
    if key == "seconds" and isinstance(ours, float) and isinstance(theirs, float):
        return abs(ours - theirs) <= 0.05
    return ours == theirs


def _as_read(session: Session) -> Session:
    """A session as `history` reads it where no run of it goes on."""
    return replace(session, status="interrupted") if session.status == "running" else session


def _unfinished(session: Session) -> bool:
    """Whether a record may have a later one: its run had not said how it ended."""
    return session.status == "interrupted" and session.ended_at is None


def _progress(session: Session) -> tuple[bool, float, int]:
    """How far a record of a run had got: ended, then time, then step."""
    step = -1 if session.last_step is None else session.last_step
    return (not _unfinished(session), round(session.seconds, 1), step)


LATE = ("pain_after", "difficulty")  # answered after the run's end (a note is merged apart)


def answered_later(ours: Session, theirs: Session, differ: Sequence[str]) -> bool:
    """Whether `theirs` is `ours` with answers given after the run's end that `ours` lacks
    (and nothing else): a rating, an exercise named as the one that hurt."""
    for key in differ:
        if key not in (*LATE, "exercises") or (key in LATE and getattr(ours, key) is not None):
            return False
    return len(ours.exercises) == len(theirs.exercises) and all(
        a == b or (a.status in ("done", "partial") and b == replace(a, status="hurt"))
        for a, b in zip(ours.exercises, theirs.exercises, strict=True)
    )
