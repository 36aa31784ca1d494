"""A key of a routine or exercise file as data (`Field`: its kind, range, default and
examples), and the characters no text of a file may hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Invisible formatting characters (Unicode Cf, and the line and paragraph separators) that
# turn text around or hide it on a terminal; the JSON Schema refuses the same set. Beyond 16
# bits (tags, musical and shorthand format characters) an editor's pattern cannot name them:
# the validator refuses those too, as every character `text.shows_as_is` would not show.
INVISIBLE_RANGES = (
    ("\u00ad", "\u00ad"),
    ("\u0600", "\u0605"),
    ("\u061c", "\u061c"),
    ("\u06dd", "\u06dd"),
    ("\u070f", "\u070f"),
    ("\u0890", "\u0891"),
    ("\u08e2", "\u08e2"),
    ("\u180e", "\u180e"),
    ("\u200b", "\u200f"),
    ("\u2028", "\u202e"),
    ("\u2060", "\u2064"),
    ("\u2066", "\u206f"),
    ("\ufeff", "\ufeff"),
    ("\ufff9", "\ufffb"),
)
INVISIBLE = frozenset(
    chr(code) for low, high in INVISIBLE_RANGES for code in range(ord(low), ord(high) + 1)
)
Kind = Literal[
    "text",
    "whole",
    "seconds",
    "degrees",
    "choice",
    "id",
    "list",
    "steps",
    "variants",
    "fields",
    "check",  # text in the words a figure's declarations use (body/declarations.py)
    "ladder",  # a list of levels, each a mapping of `fields`, at most `high` of them
]


@dataclass(frozen=True)
class Field:
    """One key of a file: its kind, whether it is required, its range and its meaning."""

    name: str
    kind: Kind
    help: str
    required: bool = False
    low: float = 0
    high: float = 0
    choices: tuple[str, ...] = ()
    item: Kind = "text"  # for lists: the kind of each item
    non_empty: bool = False
    fields: tuple[Field, ...] = ()  # for a nested mapping ("fields"): its keys
    longest: int = 0  # text: at most this many characters (0: no limit)
    # What a file without the key gets (None: nothing, or it depends on another file).
    default: object = field(default=None, hash=False)
    examples: tuple[object, ...] = field(default=(), hash=False)
