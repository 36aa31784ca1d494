"""Notes on sessions: a line for the physiotherapist, kept with the session it is about."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from stretchcli.errors import StretchError, UsageError
from stretchcli.history import rows
from stretchcli.history.past import ahead_of_clock, ahead_words
from stretchcli.history.store import History
from stretchcli.text import whole_number

MAX_ID = 2**63 - 1  # SQLite's largest row id: a larger number is no session's
# What a person may have meant as a session's id, though it is not one: a number with a sign,
# a '#', spaces, a fraction, an exponent, a base (0x1, 0o1, 0b1), separators, or digits of
# another script (\d takes every script's). A note of nothing but these is an id without a note.
_ID_LIKE = re.compile(
    r"\s*#?\s*[+-]?\s*(?:0[xXoObB][0-9A-Fa-f_]+|\d[\d_,]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)\s*"
)
IDS = (
    "a session's id is a whole number such as 12, as `stretch history` shows it; "
    "to begin the note with a number, put the whole note in quotes"
)


class Noted(NamedTuple):
    """The session a note was set on, and the note it replaced (None: it had none)."""

    session_id: int
    replaced: str | None


def meant_as_id(word: str) -> bool:
    """Whether `word`, first of several, was meant as a session's id: its first character
    that is not white space, punctuation or a symbol is a number of any script (`12`, `1abc`,
    `(1)`, `#1`, `-1`, ` 1`, a circled or Arabic-Indic digit). A word that starts with a
    letter (`x1`, `tight`) or has no number at all (`#tag`, `-`) starts the note."""
    for char in word:
        kind = unicodedata.category(char)[0]
        if kind == "N":
            return True
        if kind not in "PSZC":
            return False
    return False


def session_id(word: str) -> int:
    """The session id `word` is: ASCII digits alone, from 1 to MAX_ID; else a UsageError
    saying what an id looks like."""
    found = whole_number(word, 1, MAX_ID)
    if found is not None:
        return found
    raise UsageError(f"{word!r} is not a session id", IDS)


def note_target(words: list[str]) -> tuple[int | None, list[str]]:
    """The session id that comes first in `words` (None: none does, the note is for the
    latest), and the note's words. A first word meant as an id (`meant_as_id`) must be one
    (`session_id`), never the note's start; a note that is nothing but ids (`12`, `"1 2"`)
    is a session's id given without the note. Either is a UsageError."""
    if len(words) < 2:
        parts = " ".join(words).split()
        if parts and all(_ID_LIKE.fullmatch(part) for part in parts):
            shown = " ".join(words)
            example = parts[0] if parts[0].isascii() and parts[0].isdigit() else "12"
            raise UsageError(
                f"{shown!r} is a session id, not a note",
                f"give the note after it: `stretch history note {example} TEXT`",
            )
        return None, words
    if meant_as_id(words[0]):
        return session_id(words[0]), words[1:]
    return None, words


def add_note(history: History, session_id: int | None, text: str) -> Noted:
    """Set the note of session `session_id`, or of the latest when None (replacing any):
    the session's id and the note it had."""
    if session_id is None:
        now = history.now()  # one reading: a session is started by it or ahead of it
        latest = history.latest(now=now)
        if latest is None:
            ahead = len(ahead_of_clock(history, now=now))
            if ahead:
                raise StretchError(f"no session to add a note to: {ahead_words(ahead)}")
            raise StretchError("no session yet to add a note to", "run one first")
        session_id = latest.id
    with history.writing() as db:
        found = db.execute("SELECT note FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if found is not None and rows.update(db, "sessions", session_id, {"note": text}):
            old = found[0]
            return Noted(session_id, old if isinstance(old, str) and old else None)
    raise StretchError(f"no session {session_id}", "see the ids with `stretch history --json`")
