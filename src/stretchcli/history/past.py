"""What a run needs to know from the history, read once before it starts: the session to run
again, the run to resume, whether the routine's cautions were heard lately and how many
sessions this week has had. The session itself never reads the history: it is handed this
record (`stretch run` reads it), and only writes its own row (`session/recorder.py`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from stretchcli.errors import StretchError
from stretchcli.history.store import History
from stretchcli.records import Session

# Chosen: the routine's cautions are said in full at its first session and again once a week;
# in between, the first of them and a pointer to the rest, which the screen still shows.
CAUTIONS_HEARD = timedelta(days=7)


@dataclass(frozen=True)
class Past:
    """The history as a run sees it before it starts."""

    last: Session | None = None  # `again`: the newest session started by now
    unfinished: Session | None = None  # `--resume`: the routine's last stopped run, if it was
    heard: bool = False  # the routine was done to its end within CAUTIONS_HEARD
    this_week: int | None = None  # sessions that counted since Monday; None: cannot say
    ahead: int = 0  # `again` with no session started by now: the sessions that start later


def ahead_of_clock(history: History, routine: str | None = None) -> list[Session]:
    """The sessions (of `routine`) that start after now, oldest first: a clock ahead of this
    machine's put them there. Not counted until the clock reaches them, but never hidden."""
    return history.sessions(history.now() + timedelta(microseconds=1), routine)


def ahead_words(count: int) -> str:
    """Why there is no session to name yet when `count` sessions are ahead of the clock."""
    many = "1 session starts" if count == 1 else f"{count} sessions start"
    return f"none has started by this machine's clock ({many} later: see `stretch history`)"


def read_past(history: History, routine: str | None, resume: bool = False) -> Past:
    """The past of a run of `routine` (None: `stretch again`, the last session's routine;
    `resume`: continuing the routine's last stopped run). The session to run again or resume
    must be read (a HistoryError stops the run); the rest is left out when it cannot be."""
    last = history.latest() if routine is None else None
    unfinished = history.last_unfinished(routine) if routine is not None and resume else None
    name = routine if routine is not None else last.routine if last is not None else None
    return Past(
        last=last,
        ahead=len(ahead_of_clock(history)) if routine is None and last is None else 0,
        unfinished=unfinished,
        heard=name is not None and _heard_lately(history, name),
        this_week=_sessions_this_week(history),
    )


def _heard_lately(history: History, routine: str) -> bool:
    """Whether a run of `routine` went to its end (and so said its cautions) lately."""
    now = history.now()
    try:  # a session after now (a wrong clock, an import) has not been heard yet
        done = history.sessions(since=now - CAUTIONS_HEARD, routine=routine, until=now)
    except StretchError:  # a history that cannot be read stops no run: say them all
        return False
    return any(s.status == "completed" for s in done)


def _sessions_this_week(history: History) -> int | None:
    """How many sessions counted this week (from Monday) before this one; None if the
    history cannot say."""
    today = history.now()
    try:
        return sum(s.counts() for s in history.sessions(since=_monday(today), until=today))
    except (StretchError, sqlite3.Error):
        return None


def _monday(today: datetime) -> datetime:
    """The start of `today`'s week: Monday at midnight."""
    monday = today - timedelta(days=today.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)
