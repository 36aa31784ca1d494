"""What an exercise's equipment names, read as a person reads it: the things the screening
asks about (a chair, a ball, a wall, a band, a mat), and whether an item is any thing
stretch knows at all. Pure: no I/O."""

from __future__ import annotations

import re
import unicodedata

# Letters of other scripts drawn as Latin ones (a Cyrillic a in "ball"), read as those:
# Cyrillic, then Greek, then a few Latin letters of their own that read as plain ones.
_LOOKALIKES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u04cf\u0501\u0455\u051b\u051d\u04bb"
    "\u044c\u03b1\u03b2\u03b5\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7\u2113\u0131\u0142\u00f8"
    "\u0251\u0269\u026d",
    "aeopcyxijldsqwhbabelkvoptuxliloail",
)


def as_read(item: str) -> str:
    """An item of equipment as it reads: compatibility forms folded (fullwidth letters),
    accents dropped ("Bälle" is "balle"), case folded, and lookalike letters of other
    scripts read as the Latin ones they are drawn as."""
    decomposed = unicodedata.normalize("NFKD", item)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(_LOOKALIKES)


# What each need is called in an exercise's equipment: a word of an item, in the singular or
# plural ('an office chair', 'two walls'). A ball is "ball" anywhere in an item (a massage
# ball, a "ballmassager", a French "balle", a German "Bälle"): with blood thinners, a ball
# missed is one pressed (attack 20, A1; attack 21, B1).
NEED_PATTERNS = (
    ("chair", re.compile(r"(?<![a-z])chairs?(?![a-z])")),
    ("ball", re.compile(r"ball(?!et)")),  # (not a "ballet" stretch: verify 26, N8)
    ("wall", re.compile(r"(?<![a-z])walls?(?![a-z])")),
    ("band", re.compile(r"(?<![a-z])bands?(?![a-z])")),
)

# Things stretch knows to press nothing into the back, and the words said around them (a
# "steady dining chair", "a rolled towel against the wall"). An item with any other word
# (a "pelota", a "foam roller", "a foam roller on the floor") is one stretch cannot tell
# from a ball (attack 21, B1; attack 22, C1: a known word anywhere let the rest through).
# fmt: off
_THINGS = frozenset(
    (
        "chair", "stool", "bench", "sofa", "couch", "wall", "door", "doorway", "doorframe", "band",
        "strap", "belt", "towel", "mat", "blanket", "cushion", "pillow", "bed", "mattress", "table",
        "desk", "step", "stair", "floor", "armchair", "wheelchair", "armrest", "arm", "wheel",
        "frame", "block", "bolster", "rail",
    )
)
_SAID_AROUND = frozenset(
    (
        "a", "an", "the", "or", "and", "on", "against", "with", "without", "of", "in", "at", "by",
        "for", "to", "from", "into", "onto", "under", "over", "behind", "between", "beside", "near",
        "next", "your", "my", "one", "two", "three", "up", "down", "small", "large", "big",
        "little", "sturdy", "steady", "stable", "firm", "soft", "hard", "thick", "thin", "long",
        "short", "folded", "rolled", "flat", "straight", "plain", "old", "any", "simple", "light",
        "heavy", "low", "high", "wide", "narrow", "armless", "backed", "kitchen", "dining",
        "office", "bath", "beach", "hand", "yoga", "exercise", "resistance", "elastic", "loop",
        "non", "slip", "wooden", "wood", "plastic", "metal", "padded", "spare", "extra", "back",
        "seat", "no", "not", "s",
    )
)
# fmt: on
_BALL = dict(NEED_PATTERNS)["ball"]
_WORD = re.compile(r"[^\W\d_]+")  # letters of any script: an unknown script is unknown

# The same, as a person is told them.
KNOWN_WORDS = (
    "a chair, a stool, a wall, a door, a band, a strap, a towel, a mat, a blanket, a cushion, "
    "a pillow, a bed, a table and a ball"
)


def unknown_word(item: str) -> str:
    """The first word of an item of equipment that is no thing stretch knows nor a word said
    around one ('' when it has none, or names a ball, which is known as a ball)."""
    read = as_read(item)
    if _BALL.search(read):
        return ""
    for word in _WORD.findall(read):
        if word in _SAID_AROUND or _thing(word):
            continue
        return str(word)
    return ""


def _thing(word: str) -> bool:
    """Whether a word names a thing stretch knows, in the singular or plural."""
    return any(w in _THINGS for w in (word, word.removesuffix("s"), word.removesuffix("es")))


def mentions_ball(words: tuple[str, ...]) -> bool:
    """Whether any of an exercise's own words (its name, summary, how-to) names a ball."""
    return any(_BALL.search(as_read(text)) for text in words)


def things(items: tuple[str, ...]) -> frozenset[str]:
    """The needs (chair, ball, wall, band) the equipment names, and 'mat' for a mat."""
    read = [as_read(item) for item in items]
    found = {need for need, word in NEED_PATTERNS if any(map(word.search, read))}
    if "mat" in read:
        found.add("mat")
    return frozenset(found)


# Things that stay where they are (never picked up and carried): a wall, the floor, a door.
# fmt: off
_IN_PLACE = frozenset(
    (
        "chair", "armchair", "wheelchair", "wall", "floor", "bed", "door", "doorway", "doorframe",
        "frame", "table", "desk", "sofa", "couch", "bench", "stair", "step", "rail",
    )
)
# fmt: on


def in_place(item: str, mat: bool = True) -> bool:
    """Whether an item of equipment names a thing that is there already ('a wall', 'the
    floor', 'two chairs', 'a doorway'; verify 26, N11: "Pick up your a wall"); `mat`: a
    mat too, once it is laid out (it is fetched before the start, not carried)."""
    here = _IN_PLACE | {"mat"} if mat else _IN_PLACE
    words = _WORD.findall(as_read(item))
    return any(here & {w, w.removesuffix("s"), w.removesuffix("es")} for w in words)


def bare(item: str) -> str:
    """An item without the article it was written with: 'a rolled towel' is 'rolled towel'
    (said after "your")."""
    return re.sub(r"^(a|an|the|your|my)\s+", "", item.strip(), flags=re.IGNORECASE)
