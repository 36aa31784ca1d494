"""A block font for the countdown, readable from across a room. Pure text."""

from __future__ import annotations

# 3x5 pixel glyphs; each pixel is drawn two characters wide so the digits look square.
_GLYPHS = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
    ":": ("0", "1", "0", "1", "0"),
}
HEIGHT = 5


def render(text: str, pixel: str = "██") -> list[str]:
    """The text (digits and colons) as HEIGHT lines of block characters."""
    blank = " " * len(pixel)
    rows = []
    for row in range(HEIGHT):
        glyphs = [
            "".join(pixel if bit == "1" else blank for bit in _GLYPHS[ch][row]) for ch in text
        ]
        rows.append(" ".join(glyphs).rstrip())
    return rows


def width(text: str, pixel: str = "██") -> int:
    """How many columns `render(text)` takes."""
    return max(len(line) for line in render(text, pixel))


def countdown(seconds: float) -> str:
    """What the big clock shows: whole seconds rounded up, as '30' or '1:30'."""
    whole = max(0, int(-(-seconds // 1)))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}" if minutes else str(secs)
