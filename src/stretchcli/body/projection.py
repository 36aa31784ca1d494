"""A posed figure seen from a view: its strokes in the view's plane, near ones last, which of
them move, and its props. Pure functions; no drawing here (views/figure.py draws).

One pose reads the same from the side, the front, the back or above: the body is posed in
three dimensions (skeleton.py) and projected for the view.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from stretchcli.body.scene import props
from stretchcli.body.skeleton import Part, Segment, Skeleton, joints_of, segments_of, skeleton
from stretchcli.body.vectors import Point, Vec
from stretchcli.model import Figure, Focus, Pose, View

LOW = 0.3  # head heights below the hips: from above, drawn as lying underneath
# The moving part: the segments that move at least MOVED of the way the farthest one moves
# from start to end, and at least MOVED_LEAST head heights (a small movement, such as a
# pelvic tilt's, still shows; the drift of what follows it does not).
MOVED = 0.2
MOVED_LEAST = 0.08

SLANT = math.sqrt(0.5)  # a three-quarter view is half way between the front and the side
LOOK = (math.cos(math.radians(20)), math.sin(math.radians(20)))  # ... and looks down 20 degrees


def project(point: Vec, view: View) -> Point:
    """Where a point is drawn, in head heights: x to the right, y up, as a true view (never
    its mirror image). A side view looks from the person's left, so that a figure faces the
    left edge; a three-quarter view from the front and the left side, and a little from
    above, so that what lies flat shows."""
    x, y, z = point
    if view == "side":
        return (-z, y)
    if view == "front":
        return (x, y)
    if view == "back":
        return (-x, y)
    if view == "three-quarter":
        return ((x - z) * SLANT, y * LOOK[0] - nearness(point, view) * LOOK[1])
    return (x, -z)  # from above, as a map: the person faces the bottom edge


def nearness(point: Vec, view: View) -> float:
    """How near a point is to the viewer."""
    x, y, z = point
    if view == "three-quarter":
        return (z + x) * SLANT
    return {"side": x, "front": z, "back": -z, "above": y}[view]


def depth(segment: Segment, view: View) -> float:
    """How near a segment is to the viewer (drawn later when nearer)."""
    a, b = segment.a, segment.b
    return nearness(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2), view)


@dataclass(frozen=True)
class Stroke:
    """A segment as drawn: from a to b in the view's plane, its thickness, what it is."""

    a: Point
    b: Point
    radius: float
    part: Part
    disc: bool
    moving: bool = False


def strokes(figure: Figure, pose: Pose | Mapping[str, float], mirror: bool = False) -> list[Stroke]:
    """The strokes of a figure in a pose (a Pose, or joint angles over the start's base), near
    ones last. Done on the right side (`mirror`), the body is the left side's mirror image,
    seen by the mirror image of the eye: the same picture flipped left to right, so that the
    working side is near on both sides."""
    if mirror:
        return [
            Stroke((-s.a[0], s.a[1]), (-s.b[0], s.b[1]), s.radius, s.part, s.disc, s.moving)
            for s in strokes(figure, pose)
        ]
    base = figure.start.base if not isinstance(pose, Pose) else pose.base
    joints = joints_of(pose) if isinstance(pose, Pose) else dict(pose)
    bones = skeleton(base, joints)
    still, ended, moving = _start_and_moving(figure)
    drawn = list(zip(segments_of(bones), moving, strict=True))
    drawn += [(p, False) for p in props(figure.props, bones, still, ended)]
    view = figure.view
    drawn.sort(key=lambda item: (item[0].part != "prop", depth(item[0], view)))
    lying = figure.start.base == "side-lying"
    return [
        Stroke(
            project(s.a, view),
            project(s.b, view),
            s.radius,
            _part(s, view, lying),
            s.disc,
            is_moving,
        )
        for s, is_moving in drawn
    ]


# The skeleton's points each part a figure may be framed to covers (skeleton.py names them).
_SIDED = ("left_", "right_")
FOCUS_POINTS: dict[Focus, tuple[str, ...]] = {
    "head": ("head", "face", "nose"),
    "neck": ("neck",),
    "shoulders": tuple(side + "shoulder" for side in _SIDED),
    "elbows": tuple(side + "elbow" for side in _SIDED),
    "hands": tuple(side + "hand" for side in _SIDED),
    "back": ("middle",),  # the middle of the back, where the low back meets the upper
    "pelvis": ("pelvis",),
    "hips": tuple(side + "hip" for side in _SIDED),
    "knees": tuple(side + "knee" for side in _SIDED),
}


def focus_points(figure: Figure, pose: Pose, mirror: bool = False) -> list[Point]:
    """Where the parts the figure is framed to (its `focus`) are drawn in a pose; for the
    right side (`mirror`) flipped as `strokes` flips them."""
    bones = skeleton(pose.base, joints_of(pose))
    names = [name for part in figure.focus for name in FOCUS_POINTS[part]]
    drawn = [project(bones.points[name], figure.view) for name in names]
    return [(-x, y) if mirror else (x, y) for x, y in drawn]


@functools.cache
def _start_and_moving(figure: Figure) -> tuple[Skeleton, Skeleton, tuple[bool, ...]]:
    """The body in the start pose (where the props go) and in the end pose, and which of its
    segments move between them: the same for every frame of a figure."""
    start, end = joints_of(figure.start), joints_of(figure.end)
    anchor = skeleton(figure.start.base, start)
    held = skeleton(figure.end.base, end)
    moved = [
        max(math.dist(s.a, e.a), math.dist(s.b, e.b))
        for s, e in zip(segments_of(anchor), segments_of(held), strict=True)
    ]
    least = max(MOVED_LEAST, MOVED * max(moved, default=0.0))
    return anchor, held, tuple(distance >= least for distance in moved)


def _part(segment: Segment, view: View, lying: bool = False) -> Part:
    """What a segment counts as, seen from `view`: from the side and in three-quarters the
    right limbs are behind the left (drawn greyer); lying on the left side, the left limbs are
    underneath (drawn greyer); from above, what is below the hips (the legs) is."""
    if lying and segment.part in ("near", "far"):
        return "far" if segment.part == "near" else "near"
    if view in ("side", "three-quarter") and segment.part in ("near", "far"):
        return segment.part
    if view == "above" and segment.part in ("near", "far"):
        low = (segment.a[1] + segment.b[1]) / 2 < -LOW
        return "far" if low else "near"
    if segment.part == "far":
        return "near"
    return segment.part
