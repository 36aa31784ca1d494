"""A full screen that sends only what changed: each frame is laid out by rich into cells,
compared with the frame before, and only the changed runs of cells are written (a cursor
move, then the text in its style). Once a second that is the countdown's digits, the
progress bar's tip and the time left: a few hundred bytes, where redrawing every line costs
thousands (over SSH, and for a screen reader that reads out what is written).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style

Cell = tuple[str, Style | None]  # a character and its style; "" after a wide character
Frame = list[list[Cell]]
# Rewriting a few unchanged cells is cheaper than moving the cursor over them.
GAP = 6
_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}


def cells(lines: Sequence[Sequence[Segment]], width: int) -> Frame:
    """Rendered lines as rows of `width` cells."""
    frame = []
    for line in lines:
        row: list[Cell] = []
        for segment in line:
            if segment.control:
                continue
            for char in segment.text:
                size = cell_len(char)
                if size == 0:
                    continue
                row.append((char, segment.style))
                row.extend([("", segment.style)] * (size - 1))
        row = row[:width]
        row.extend([(" ", None)] * (width - len(row)))
        frame.append(row)
    return frame


def changes(before: Frame | None, after: Frame, color: ColorSystem | None) -> str:
    """What to write to turn a screen showing `before` (None: unknown) into `after`: cursor
    moves and styled text for the runs of cells that differ."""
    out: list[str] = []
    if before is None or len(before) != len(after) or (after and len(before[0]) != len(after[0])):
        out.append("\x1b[H\x1b[2J")
        before = None
    for y, row in enumerate(after):
        old = before[y] if before is not None else None
        for start, end in _runs(old, row):
            out.append(f"\x1b[{y + 1};{start + 1}H")
            out.append(_styled(row[start:end], color))
    return "".join(out)


def _runs(old: list[Cell] | None, new: list[Cell]) -> list[tuple[int, int]]:
    """The [start, end) ranges of a row that changed, close ones merged; a range never starts
    or ends inside a wide character."""
    if old is None:
        last = len(new)
        while last and new[last - 1] == (" ", None):
            last -= 1
        return [(0, last)] if last else []
    runs: list[list[int]] = []
    for x, (a, b) in enumerate(zip(old, new, strict=True)):
        if a == b:
            continue
        if runs and x - runs[-1][1] <= GAP:
            runs[-1][1] = x + 1
        else:
            runs.append([x, x + 1])
    result = []
    for start, end in runs:
        while start > 0 and new[start][0] == "":
            start -= 1
        while end < len(new) and new[end][0] == "":
            end += 1
        result.append((start, end))
    return result


def _styled(run: list[Cell], color: ColorSystem | None) -> str:
    """Cells as text, each stretch of one style in its escape codes (reset after)."""
    out = []
    index = 0
    while index < len(run):
        style = run[index][1]
        chars = []
        while index < len(run) and run[index][1] == style:
            chars.append(run[index][0])
            index += 1
        text = "".join(chars)
        if style and color and not (text.isspace() and _blank(style)):
            text = style.render(text, color_system=color)
        out.append(text)
    return "".join(out)


def _blank(style: Style) -> bool:
    """Whether spaces look the same in this style as in none (nothing shows on a space but
    a background, reverse video or a line under or through it)."""
    return not (style.bgcolor or style.reverse or style.underline or style.strike)


class Screen:
    """The terminal's alternate screen, updated by difference."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.frame: Frame | None = None
        self.title = ""

    @property
    def file(self) -> IO[str]:
        return self.console.file

    def start(self) -> None:
        """Take over the screen (the alternate one), the cursor hidden."""
        self.console.set_alt_screen(True)
        self.console.show_cursor(False)
        self.frame = None

    def forget(self) -> None:
        """What the terminal shows is not known: the next frame is drawn whole, with the
        window title."""
        self.frame = None
        self.title = ""

    def stop(self) -> None:
        """Give the screen back as it was."""
        self.console.show_cursor(True)
        self.console.set_alt_screen(False)

    def show(self, renderable: RenderableType, title: str = "") -> None:
        """Draw a frame, writing only what differs from the one before; and the window
        title when it changed."""
        console = self.console
        width, height = console.size
        options = console.options.update(width=width, height=height)
        lines = console.render_lines(renderable, options, pad=False)[:height]
        lines += [[]] * (height - len(lines))
        frame = cells(lines, width)
        if console.no_color:
            frame = [[(c, _no_color(s)) for c, s in row] for row in frame]
        color = _SYSTEMS.get(console.color_system or "")
        text = changes(self.frame, frame, color)
        self.frame = frame
        if text:
            self.file.write(text)
            self.file.flush()
        if title and title != self.title:
            self.title = title
            console.set_window_title(title)


def _no_color(style: Style | None) -> Style | None:
    return None if style is None else style.without_color
