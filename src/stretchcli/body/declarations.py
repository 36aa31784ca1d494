"""The words of a figure's declarations (`feet on floor`, `hands under left thigh`, `back
upright`, `arms crossed`...): read into a Check, or refused; `PATTERN` has them all, for the
JSON Schema. Words only: what each means on a body is in contacts.py, shapes.py and rules.py.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

# The words a declaration may use (`left`/`right` may stand before a limb).
LIMBS = {
    "hand": "hand",
    "hands": "hand",
    "foot": "foot",
    "feet": "foot",
    "heel": "heel",
    "heels": "heel",
    "ankle": "heel",
    "ankles": "heel",
    "knee": "knee",
    "knees": "knee",
    "shin": "shin",
    "shins": "shin",
    "forearm": "forearm",
    "forearms": "forearm",
    "elbow": "elbow",
    "elbows": "elbow",
    "thigh": "thigh",
    "thighs": "thigh",
    "shoulder": "shoulder",
    "shoulders": "shoulder",
}
TRUNK = {
    "head": "head",
    "seat": "seat",
    "hips": "seat",
    "back": "back",
    "chest": "chest",
    "low back": "low back",
}
# Declarations of the body's own shape, each a rule in `shapes.shape_failure`.
SHAPES = (
    "head neutral",
    "chin level",
    "back upright",
    "arms straight",
    "arms hanging",
    "hands together",
    "head between knees",
    "hands beyond head",
    "small gap under low back",
)
PLACES = ("floor", "chair", "wall", "pillow")
RELATIONS = ("on", "against", "under", "at", "behind", "outside")
WORDS_HINT = (
    "write it like 'feet on floor', 'seat on chair', 'hands under left thigh' or "
    "'ball between back and wall' (README: Routine and exercise files)"
)


_SIDE = "(?:(?:left|right) )?"
_LIMB = "(?:hands?|foot|feet|heels?|ankles?|knees?|shins?|forearms?|elbows?|thighs?|shoulders?)"
_PLACE = "(?:floor|chair|wall|pillow)"
# The same words as a regular expression, for the JSON Schema (tests keep the two agreeing).
PATTERN = (
    "^(?:"
    + "|".join(
        (
            f"{_SIDE}{_LIMB} (?:on|against|under) {_PLACE}",
            f"(?:head|seat|hips|back|chest|low back) (?:on|against|under) {_PLACE}",
            f"{_SIDE}{_LIMB} on (?:(?:left|right|own) )?(?:thigh|knee|shoulder)s?",
            f"{_SIDE}{_LIMB} under (?:(?:left|right|own) )?(?:thigh|knee|shoulder|hip)s?",
            f"{_SIDE}{_LIMB} outside (?:(?:left|right|own) )?(?:thigh|knee)s?",
            f"{_SIDE}{_LIMB} on chest",
            f"{_SIDE}{_LIMB} at shoulder height",
            f"{_SIDE}{_LIMB} behind (?:the )?shoulders",
            f"{_SIDE}{_LIMB} behind (?:(?:left|right|own) )?thighs?",
            f"{_SIDE}{_LIMB} stays? put",
            "ball between back and (?:wall|floor)",
            "(?:left|right) (?:arm|leg) across",
            "arms crossed|arms on own side|knees together|head between arms",
            "head neutral|chin level|back upright|arms hanging|hands together",
            "(?:(?:left|right) arm|arms) straight",
            "head between knees|hands beyond head|small gap under low back",
        )
    )
    + ")$"
)


@dataclass(frozen=True)
class Check:
    """One declaration, parsed: `who` does `relation` with `target`.

    `who` and `target` are (side, part): side None means both sides, "own" (targets only)
    each limb's own side."""

    text: str
    # on, under, below, outside, behind, at, put, between, across, own side, together, head
    # between, or a fixed shape of the body (chin level, head neutral, back upright...)
    relation: str
    who: tuple[str | None, str] = (None, "")
    target: tuple[str | None, str] = (None, "")


class BadCheck(ValueError):
    """A declaration that is not in the words `PATTERN` allows."""


@functools.cache
def parse(text: str) -> Check:
    """A declaration read into a Check, or BadCheck."""
    words = text.split(" ")
    plain = text
    fixed = {
        "arms crossed": Check(plain, "across", (None, "arm")),
        "arms on own side": Check(plain, "own side", (None, "arm")),
        "knees together": Check(plain, "together", (None, "knee")),
        "head between arms": Check(plain, "head between", (None, "arm")),
        "ball between back and wall": Check(plain, "between", (None, "ball"), (None, "wall")),
        "ball between back and floor": Check(plain, "between", (None, "ball"), (None, "floor")),
        "hands at shoulder height": Check(plain, "at", (None, "hand"), (None, "shoulder height")),
    }
    if plain in fixed:
        return fixed[plain]
    if plain in SHAPES:
        return Check(plain, plain)
    side, rest = _side(words)
    if len(rest) == 2 and side and rest[1] == "across" and rest[0] in ("arm", "leg"):
        return Check(plain, "across", (side, rest[0]))
    if side and rest == ["arm", "straight"]:
        return Check(plain, "arms straight", (side, "arm"))
    if len(rest) > 2 and rest[-2:] in (["stays", "put"], ["stay", "put"]):
        limb = LIMBS.get(" ".join(rest[:-2]))
        if limb is not None:
            return Check(plain, "put", (side, limb))
    for relation in RELATIONS:
        if relation not in rest:
            continue
        at = rest.index(relation)
        part = " ".join(rest[:at])
        who = LIMBS.get(part) or (TRUNK.get(part) if side is None else None)
        if who is None:
            break
        target_side, place = _side(rest[at + 1 :], own=True)
        name = " ".join(place)
        if relation in ("on", "against", "under") and target_side is None and name in PLACES:
            return Check(plain, relation, (side, who), (None, name))
        if part not in LIMBS:
            break
        if relation == "at" and name == "shoulder height" and target_side is None:
            return Check(plain, "at", (side, who), (None, name))
        if relation == "behind" and name in ("shoulders", "the shoulders") and not target_side:
            return Check(plain, "behind", (side, who), (None, "shoulders"))
        single = name.removesuffix("s")
        if relation == "under" and single in ("shoulder", "hip"):
            return Check(plain, "below", (side, who), (target_side or "own", single))
        if relation in ("on", "under") and single in ("thigh", "knee", "shoulder"):
            return Check(plain, relation, (side, who), (target_side or "own", single))
        if relation == "outside" and single in ("thigh", "knee"):
            return Check(plain, relation, (side, who), (target_side or "own", single))
        if relation == "behind" and single == "thigh":
            return Check(plain, relation, (side, who), (target_side or "own", single))
        if relation == "on" and name == "chest" and target_side is None:
            return Check(plain, relation, (side, who), (None, "chest"))
        break
    raise BadCheck(f"'{text}' is not a declaration this version understands")


def _side(words: list[str], own: bool = False) -> tuple[str | None, list[str]]:
    sides = ("left", "right", "own") if own else ("left", "right")
    if words and words[0] in sides:
        return words[0], words[1:]
    return None, words
