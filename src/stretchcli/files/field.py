"""A key of a routine or exercise file as data (`Field`: its kind, range, default and
examples). The characters no text of a file may hold are `text.hidden`'s."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
# What an id names, with an id of that kind to show and where to see them all.
IdOf = Literal["", "routine", "exercise"]
ID_EXAMPLES: dict[IdOf, str] = {"routine": "upper-back", "exercise": "ball-pressure"}
SEE_IDS: dict[IdOf, str] = {
    "routine": "see `stretch list`",
    "exercise": "see `stretch list --exercises`",
}


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
    over: str = ""  # a number: why one above `high` is refused, and what to do (the hint)
    names: IdOf = ""  # an id (or a list of them): what it names
    # What a file without the key gets (None: nothing, or it depends on another file).
    default: object = field(default=None, hash=False)
    examples: tuple[object, ...] = field(default=(), hash=False)
