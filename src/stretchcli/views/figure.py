"""A figure drawn in the terminal with braille dots (2 x 4 to a character, so dots are square
on most terminals), or as SVG. Pure: a pose and a size in, lines of text out.

Limbs are drawn as thick strokes (a disc stamped along each segment), the head as a filled
disc; every character remembers the most important thing drawn in it (the moving part over
the body over the props), so that a view can colour it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape as xml_escape

from stretchcli.body.projection import Stroke, focus_points, strokes
from stretchcli.body.vectors import Point
from stretchcli.model import Figure, Pose

if TYPE_CHECKING:
    from rich.text import Text

Layer = Literal["", "prop", "far", "body", "moving"]
LAYERS: tuple[Layer, ...] = ("", "prop", "far", "body", "moving")  # lowest first
# Braille dot bits, by (column, row) within a character.
_DOTS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
MARGIN = 0.3  # head heights around the figure
# Around the parts a figure is framed to (its focus): enough of the body beyond them to show
# where they are (chosen by looking at the framed figures at 100x30: 0.8 left the chin
# tuck's slide at two columns).
FOCUS_MARGIN = 0.6


@dataclass(frozen=True)
class Drawing:
    """Lines of braille characters, and the layer of each character."""

    lines: tuple[str, ...]
    layers: tuple[tuple[Layer, ...], ...]

    def runs(self) -> list[list[tuple[str, Layer]]]:
        """Each line as runs of characters of the same layer."""
        result = []
        for line, layers in zip(self.lines, self.layers, strict=True):
            runs: list[tuple[str, Layer]] = []
            for char, layer in zip(line, layers, strict=True):
                if runs and runs[-1][1] == layer:
                    runs[-1] = (runs[-1][0] + char, layer)
                else:
                    runs.append((char, layer))
            result.append(runs)
        return result


STYLES: dict[Layer, str] = {"": "", "prop": "dim", "far": "grey58", "body": "bold"}


def styled(drawing: Drawing, moving: str = "bold green") -> Text:
    """A drawing as rich text: props dim, the far limbs grey, the moving part in `moving`."""
    from rich.text import Text

    text = Text(no_wrap=True)
    for number, runs in enumerate(drawing.runs()):
        if number:
            text.append("\n")
        for chars, layer in runs:
            text.append(chars, style=moving if layer == "moving" else STYLES[layer])
    return text


def _layer(stroke: Stroke) -> Layer:
    if stroke.part == "prop":
        return "prop"
    if stroke.moving:
        return "moving"
    return "far" if stroke.part == "far" else "body"


@functools.cache
def bounds(figure: Figure, framed: bool = False) -> tuple[float, float, float, float]:
    """The smallest box (left, bottom, right, top) that holds the figure in its start and end
    poses on either side, so that a figure keeps its size and place as it moves; `framed`:
    the box round the parts it is framed to (its focus), when it has them."""
    points: list[Point] = []
    if framed and figure.focus:
        for pose in (figure.start, figure.end):
            for mirror in (False, True):
                points += focus_points(figure, pose, mirror)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return (
            min(xs) - FOCUS_MARGIN,
            min(ys) - FOCUS_MARGIN,
            max(xs) + FOCUS_MARGIN,
            max(ys) + FOCUS_MARGIN,
        )
    for pose in (figure.start, figure.end):
        for mirror in (False, True):
            for s in strokes(figure, pose, mirror):
                reach = s.radius
                for x, y in (s.a, s.b):
                    points += [(x - reach, y - reach), (x + reach, y + reach)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) - MARGIN, min(ys) - MARGIN, max(xs) + MARGIN, max(ys) + MARGIN)


def draw(
    figure: Figure,
    pose: Pose | Mapping[str, float],
    width: int,
    height: int,
    mirror: bool = False,
    blocks: bool = False,
    framed: bool = False,
) -> Drawing:
    """The figure in a pose, fitted into `width` x `height` characters (kept in proportion,
    centred, at the one scale of its `bounds` whatever the pose); `mirror` for the right side.
    In braille dots (2 x 4 to a character), or with `blocks` in half blocks (1 x 2): coarser,
    but solid strokes that read from across a room. `framed`: only the parts the figure is
    framed to and what is near them, as large as they fit (what lies beyond is cut off)."""
    left, bottom, right, top = bounds(figure, framed)
    columns, rows = (width, height * 2) if blocks else (width * 2, height * 4)
    scale = min((columns - 1) / (right - left), (rows - 1) / (top - bottom))
    dx = (columns - 1 - (right - left) * scale) / 2
    dy = (rows - 1 - (top - bottom) * scale) / 2

    def pixel(point: Point) -> tuple[float, float]:
        return (dx + (point[0] - left) * scale, rows - 1 - (dy + (point[1] - bottom) * scale))

    grid: dict[tuple[int, int], Layer] = {}
    for stroke in strokes(figure, pose, mirror):
        layer = _layer(stroke)
        radius = max(0.8 if blocks else 0.5, stroke.radius * scale)  # blocks: 2 pixels wide
        if stroke.part == "prop":
            radius = 0.5  # props are outlines, one dot wide
        _stamp_line(grid, pixel(stroke.a), pixel(stroke.b), radius, layer, columns, rows)
    return _blocks(grid, width, height) if blocks else _braille(grid, width, height)


def _stamp_line(
    grid: dict[tuple[int, int], Layer],
    a: tuple[float, float],
    b: tuple[float, float],
    radius: float,
    layer: Layer,
    columns: int,
    rows: int,
) -> None:
    """Every dot within `radius` of the segment a-b gets `layer` (if it is higher)."""
    rank = LAYERS.index(layer)
    low_x, high_x = math.floor(min(a[0], b[0]) - radius), math.ceil(max(a[0], b[0]) + radius)
    low_y, high_y = math.floor(min(a[1], b[1]) - radius), math.ceil(max(a[1], b[1]) + radius)
    ax, ay = a
    vx, vy = b[0] - ax, b[1] - ay
    length2 = vx * vx + vy * vy
    for y in range(max(0, low_y), min(rows - 1, high_y) + 1):
        for x in range(max(0, low_x), min(columns - 1, high_x) + 1):
            t = (
                0.0
                if length2 == 0
                else max(0.0, min(1.0, ((x - ax) * vx + (y - ay) * vy) / length2))
            )
            near = math.hypot(x - (ax + t * vx), y - (ay + t * vy)) <= radius
            if near and rank > LAYERS.index(grid.get((x, y), "")):
                grid[(x, y)] = layer


def _braille(grid: dict[tuple[int, int], Layer], width: int, height: int) -> Drawing:
    lines, layers = [], []
    for row in range(height):
        text, kinds = [], []
        for column in range(width):
            bits, top_rank = 0, 0
            for i in range(2):
                for j in range(4):
                    layer = grid.get((column * 2 + i, row * 4 + j))
                    if layer:
                        bits |= _DOTS[i][j]
                        top_rank = max(top_rank, LAYERS.index(layer))
            text.append(chr(0x2800 + bits) if bits else " ")
            kinds.append(LAYERS[top_rank])
        lines.append("".join(text))
        layers.append(tuple(kinds))
    return Drawing(tuple(lines), tuple(layers))


_HALVES = {(False, False): " ", (True, False): "\u2580", (False, True): "\u2584"}


def _blocks(grid: dict[tuple[int, int], Layer], width: int, height: int) -> Drawing:
    """Two pixels to a character, one above the other: ▀ ▄ █."""
    lines, layers = [], []
    for row in range(height):
        text, kinds = [], []
        for column in range(width):
            top, bottom = grid.get((column, row * 2), ""), grid.get((column, row * 2 + 1), "")
            text.append(_HALVES.get((bool(top), bool(bottom)), "\u2588"))
            kinds.append(max(top, bottom, key=LAYERS.index))
        lines.append("".join(text))
        layers.append(tuple(kinds))
    return Drawing(tuple(lines), tuple(layers))


def svg(
    figure: Figure,
    captions: tuple[str, str] = ("start", "held"),
    unit: float = 24.0,
    mirror: bool = False,
    title: str = "",
    framed: bool = False,
) -> str:
    """The start and held positions side by side as an SVG picture, with a caption under each;
    `mirror` for the right side; `framed` as the live screen frames it (`draw`). Its <title>
    (`title`, else the captions) and <desc> (the figure's description) are what a screen
    reader says of it."""
    left, bottom, right, top = bounds(figure, framed)
    panel_w, panel_h = (right - left) * unit, (top - bottom) * unit
    gap, caption = unit, unit * 1.2
    total_w, total_h = panel_w * 2 + gap, panel_h + caption
    colours = {"prop": "#9aa0a6", "far": "#5f6368", "body": "#202124", "moving": "#188038"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w:.0f}" height="{total_h:.0f}" '
        f'viewBox="0 0 {total_w:.1f} {total_h:.1f}" role="img">',
        f"<title>{_escape(title or ' and '.join(captions))}</title>",
        f"<desc>{_escape(figure.description)}</desc>",
        f'<rect width="{total_w:.1f}" height="{total_h:.1f}" fill="#ffffff"/>',
    ]
    for index, (pose, label) in enumerate(zip((figure.start, figure.end), captions, strict=True)):
        shift = index * (panel_w + gap)

        def at(point: Point, shift: float = shift) -> tuple[float, float]:
            return (shift + (point[0] - left) * unit, (top - point[1]) * unit)

        parts.append(
            f'<clipPath id="panel{index}"><rect x="{shift:.1f}" y="0" width="{panel_w:.1f}" '
            f'height="{panel_h:.1f}"/></clipPath><g clip-path="url(#panel{index})">'
        )
        for stroke in strokes(figure, pose, mirror):
            colour = colours[_layer(stroke) or "body"]
            (x1, y1), (x2, y2) = at(stroke.a), at(stroke.b)
            if stroke.disc:
                parts.append(
                    f'<circle cx="{x1:.1f}" cy="{y1:.1f}" r="{stroke.radius * unit:.1f}" '
                    f'fill="{colour}"/>'
                )
            else:
                thickness = 1.5 if stroke.part == "prop" else stroke.radius * 2 * unit
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="{colour}" stroke-width="{thickness:.1f}" stroke-linecap="round"/>'
                )
        parts.append("</g>")
        parts.append(
            f'<text x="{shift + panel_w / 2:.1f}" y="{panel_h + caption * 0.75:.1f}" '
            f'font-family="sans-serif" font-size="{unit * 0.6:.0f}" text-anchor="middle" '
            f'fill="#202124">{_escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _escape(text: str) -> str:
    return xml_escape(text)
