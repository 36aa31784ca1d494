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
    "\u0251\u0269\u026d\u0299\u1d00\u029f\u0185\u13fc\u13f4\u13aa\u13de\u01c0\u0253\u0180",
    "aeopcyxijldsqwhbabelkvoptuxliloailbalbbballbb",
)


def as_read(item: str) -> str:
    """An item of equipment as it reads: compatibility forms folded (fullwidth letters),
    accents dropped ("Bälle" is "balle"), case folded, and lookalike letters of other
    scripts read as the Latin ones they are drawn as."""
    decomposed = unicodedata.normalize("NFKD", item)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(_LOOKALIKES)


# What each need is called in an exercise's equipment: a word of an item, in the singular or
# plural ('an office chair', 'two walls'). A ball is `names_ball`.
NEED_PATTERNS = (
    ("chair", re.compile(r"(?<![a-z])chairs?(?![a-z])")),
    ("wall", re.compile(r"(?<![a-z])walls?(?![a-z])")),
    ("band", re.compile(r"(?<![a-z])bands?(?![a-z])")),
)

# Words with "ball" in them that name no ball to press (verify 27, NEW-4: "Balloon
# breathing", "Roll the eyeballs"), with their endings. The balls of games are balls: one
# can lie on a basketball (attack 23, H3).
_NO_BALL_WORD = re.compile(
    r"(?:balloon|ballroom|ballot|ballad|ballast|ballerina|ballet|ballistic|ballpark|ballyhoo"
    r"|eyeball)(?:s|ing|ed)?"
)
# A line that says no ball is used: a clause of its own, from its start to its end ("No ball
# needed.", "Turn; do not use a ball.", "If you take blood thinners, leave out the ball (see
# below)"); never one with more after it ("do not use a ball that is too hard", "No ball, no
# benefit", "No ball? Use a lacrosse one", "leave the ball (between ...)") nor after other
# words ("Never start without the ball", "Don't skip the ball": verify 28, H1; attack 23, H2).
_NO_BALL_USED = re.compile(
    r"(?:^|(?<=[.;:!(])|(?<=[.;:!(] )|(?<=, ))"
    r"(?:(?:no|without|do not use|don't use|never use|you do not need|you don't need|"
    r"do not need|don't need|skip|leave out)(?: a| any| the| your)?(?: [^\W\d_]+)? balls?"
    r"|leave(?: a| any| the| your)?(?: [^\W\d_]+)? balls? out)"
    r"(?: is| are)?(?: needed| required)?(?= *(?:[.;!)]|$))"
)
# What says no ball either: a ball of the body ("the balls of your feet", a "ball-and-socket
# joint"), a body curled into one, or a step by its id ("(--skip ball-pressure)").
_OTHER_THAN_A_BALL = re.compile(
    r"balls? of (?:the |your |each |both |his |her |their |one |my )?"
    r"(?:left |right |big |little |front )?(?:foot|feet|toes?|thumbs?)"
    r"|balls?[\s-]+(?:and|in|&)[\s-]+sockets?[\s-]+joints?"
    r"|curl(?:ed|s|ing)? (?:yourself )?(?:up )?into a (?:tight |small |little )?ball"
    r"|\(?--(?:skip|only|variant)[\s=]+[\w]+(?:-[\w]+)+\)?"
)
# "ball" written with letters apart ("b-all", "b.a.l.l"), and a capital I or a 1 drawn as
# an l ("baIl", "ba11"): verify 28, H2.
_SPREAD_BALL = re.compile(r"(?<![^\W\d_])b[\W_]{0,3}a[\W_]{0,3}l[\W_]{0,3}l")
_DRAWN_AS_L = str.maketrans("I1|\u0406\u04c0\u0661\u06f1\u07c1", "llllllll")
_ANY_BALL = re.compile(r"b[\W_]{0,3}a[\W_]{0,3}l[\W_]{0,3}l")


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
_WORD = re.compile(r"[^\W\d_]+")  # letters of any script: an unknown script is unknown


def names_ball(text: str) -> bool:
    """Whether a text names a ball: a word with "ball" in it, however written (a massage
    ball, a "ballmassager", a French "balle", a German "Bälle", a Cyrillic a: attack 20, A1;
    attack 21, B1), other than the words and phrases that name none. With blood thinners, a
    ball missed is one pressed, so any other word with "ball" in it is one."""
    read = as_read(unicodedata.normalize("NFKD", text).translate(_DRAWN_AS_L))
    if not _ANY_BALL.search(read):  # (most lines: the rest of the reading is not needed)
        return False
    read = _NO_BALL_USED.sub(" ", _OTHER_THAN_A_BALL.sub(" ", read))
    spread = (found for found in _SPREAD_BALL.findall(read) if not found.isalpha())
    return any(spread) or any(
        "ball" in word and not _NO_BALL_WORD.fullmatch(word) for word in _WORD.findall(read)
    )


# The same, as a person is told them.
KNOWN_WORDS = (
    "a chair, a stool, a wall, a door, a band, a strap, a towel, a mat, a blanket, a cushion, "
    "a pillow, a bed, a table and a ball"
)


def unknown_word(item: str) -> str:
    """The first word of an item of equipment that is no thing stretch knows nor a word said
    around one ('' when it has none, or names a ball, which is known as a ball)."""
    if names_ball(item):
        return ""
    for word in _WORD.findall(as_read(item)):
        if word in _SAID_AROUND or _thing(word) or "ball" in word:  # ("no ball": none)
            continue
        return str(word)
    return ""


def _thing(word: str) -> bool:
    """Whether a word names a thing stretch knows, in the singular or plural."""
    return bool(_THINGS & _forms(word))


def _forms(word: str) -> set[str]:
    """A word as it is and as its singular may be ('chairs', 'benches')."""
    return {word, word.removesuffix("s"), word.removesuffix("es")}


def ball_named(words: tuple[str, ...]) -> str:
    """The first of some words (an exercise's name, summary, how-to) that names a ball, as
    written ('' when none does)."""
    return next((text for text in words if names_ball(text)), "")


def things(items: tuple[str, ...]) -> frozenset[str]:
    """The needs (chair, ball, wall, band) the equipment names, and 'mat' for a mat."""
    read = [as_read(item) for item in items]
    found = {need for need, word in NEED_PATTERNS if any(map(word.search, read))}
    if any(map(names_ball, items)):
        found.add("ball")
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
    return any(here & _forms(w) for w in words)


def bare(item: str) -> str:
    """An item without the article it was written with: 'a rolled towel' is 'rolled towel'
    (said after "your")."""
    return re.sub(r"^(a|an|the|your|my)\s+", "", item.strip(), flags=re.IGNORECASE)
