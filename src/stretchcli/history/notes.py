"""Notes on sessions: a line for the physiotherapist, kept with the session it is about."""

from __future__ import annotations

import re
from typing import NamedTuple

from stretchcli.errors import StretchError
from stretchcli.history import rows
from stretchcli.history.past import ahead_of_clock, ahead_words
from stretchcli.history.store import History

MAX_ID = 2**63 - 1  # SQLite's largest row id: a larger number is no session's
# What a person may have meant as a session's id, though it is not one: a number with a sign,
# a '#', spaces, a fraction, an exponent, a base (0x1, 0o1, 0b1), separators, or digits of
# another script (\d takes every script's). Refused rather than taken as the note's start.
_ID_LIKE = re.compile(
    r"\s*#?\s*[+-]?\s*(?:0[xXoObB][0-9A-Fa-f_]+|\d[\d_,]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)\s*"
)
IDS = "a session's id is a whole number such as 12, as `stretch history` shows it"


class Noted(NamedTuple):
    """The session a note was set on, and the note it replaced (None: it had none)."""

    session_id: int
    replaced: str | None


def note_target(words: list[str]) -> tuple[int | None, list[str]]:
    """The session id that comes first in `words` (None: none does, the note is for the
    latest), and the note's words. A first word that looks like an id but is not one
    (`-1`, `1e0`, `#1`, an Arabic-Indic one) is a StretchError, never the note's start; so
    is a note that is nothing but ids (`12`, `"1 2"`): a session's id given without the note."""
    if len(words) < 2:
        parts = " ".join(words).split()
        if parts and all(_ID_LIKE.fullmatch(part) for part in parts):
            shown = " ".join(words)
            example = parts[0] if parts[0].isascii() and parts[0].isdigit() else "12"
            raise StretchError(
                f"{shown!r} is a session id, not a note",
                f"give the note after it: `stretch history note {example} TEXT`",
            )
        return None, words
    first = words[0]
    if first.isascii() and first.isdigit():
        return int(first), words[1:]
    if _ID_LIKE.fullmatch(first):
        raise StretchError(f"{first!r} is not a session id", IDS)
    return None, words


def add_note(history: History, session_id: int | None, text: str) -> Noted:
    """Set the note of session `session_id`, or of the latest when None (replacing any):
    the session's id and the note it had."""
    if session_id is None:
        latest = history.latest()
        if latest is None:
            ahead = len(ahead_of_clock(history))
            if ahead:
                raise StretchError(f"no session to add a note to: {ahead_words(ahead)}")
            raise StretchError("no session yet to add a note to", "run one first")
        session_id = latest.id
    if session_id <= MAX_ID:
        with history.writing() as db:
            found = db.execute("SELECT note FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if found is not None and rows.update(db, "sessions", session_id, {"note": text}):
                old = found[0]
                return Noted(session_id, old if isinstance(old, str) and old else None)
    raise StretchError(f"no session {session_id}", "see the ids with `stretch history --json`")
