"""Notes on sessions: a line for the physiotherapist, kept with the session it is about."""

from __future__ import annotations

from stretchcli.errors import StretchError
from stretchcli.history.past import ahead_of_clock, ahead_words
from stretchcli.history.store import History

MAX_ID = 2**63 - 1  # SQLite's largest row id: a larger number is no session's


def add_note(history: History, session_id: int | None, text: str) -> int:
    """Set the note of session `session_id`, or of the latest when None (replacing any);
    the session's id."""
    if session_id is None:
        latest = history.latest()
        if latest is None:
            ahead = len(ahead_of_clock(history))
            if ahead:
                raise StretchError(f"no session to add a note to: {ahead_words(ahead)}")
            raise StretchError("no session yet to add a note to", "run one first")
        session_id = latest.id
    if session_id > MAX_ID or not history.set_note(session_id, text):
        raise StretchError(f"no session {session_id}", "see the ids with `stretch history --json`")
    return session_id
