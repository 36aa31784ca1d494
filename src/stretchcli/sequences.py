"""The format characters that belong to what they follow: the joiners and selectors of emoji
sequences and of scripts that write with them. Where they follow what they change they hide
nothing, so a note may hold them; anywhere else they are hidden characters (`text.hidden`)."""

from __future__ import annotations

from collections.abc import Callable

# The zero-width non-joiner and joiner, between two characters beyond ASCII (🧘‍♀️, 👨‍👩‍👧,
# words of Persian or Devanagari); a variation selector after a character beyond ASCII or a
# keycap's digit, # or * (❤️, 1️⃣); the tags of a flag, after the black flag (🏴 and tags up to
# the cancel tag).
JOINERS = "\u200c\u200d"
KEYCAPS = "0123456789#*"
FLAG = "\U0001f3f4"


def _tag(char: str) -> bool:
    return 0xE0020 <= ord(char) <= 0xE007F


def joins(char: str) -> bool:
    """Whether `char` is a joiner, a variation selector or a tag (see `joined`)."""
    code = ord(char)
    return char in JOINERS or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or _tag(char)


def joined(text: str, seen: Callable[[str], bool]) -> set[int]:
    """The positions in `text` of the format characters that join or vary what comes before
    them, as emoji sequences and scripts write them; `seen`: whether a character is shown as
    a mark of its own."""
    kept: set[int] = set()
    for index, char in enumerate(text):
        if index == 0 or not joins(char):
            continue
        before = text[index - 1]
        if _tag(char):  # in a flag's sequence only, the cancel tag last
            ok = before == FLAG or (index - 1 in kept and _tag(before) and ord(before) != 0xE007F)
        elif char in JOINERS:
            after = text[index + 1 : index + 2]
            ok = (index - 1 in kept or seen(before)) and not before.isascii()
            ok = ok and after != "" and seen(after) and not after.isascii()
        else:  # a variation selector
            ok = seen(before) and (not before.isascii() or before in KEYCAPS)
        if ok:
            kept.add(index)
    return kept
