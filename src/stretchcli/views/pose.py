"""A pose as the lines and discs of a simple human figure, seen from a view, with its props.

The body is a chain of segments in three dimensions (x to the person's left, y up, z forward)
turned by the joint angles of the pose over those of its base pose, then projected for the
view. One pose therefore reads the same from the side, the front, the back or above. Pure
functions; no drawing here (views/figure.py draws).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from stretchcli.model import Base, Figure, Pose, Prop, View

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows
Point = tuple[float, float]
Part = Literal["body", "near", "far", "head", "prop"]

# Lengths in head heights (a body is about seven and a half); chosen to read at small sizes.
HEAD_RADIUS = 0.45
NECK = 0.3
LOWER_BACK = 1.2
UPPER_BACK = 1.4
SHOULDER_HALF = 0.8
HIP_HALF = 0.4
UPPER_ARM = 1.35
FOREARM = 1.3
THIGH = 1.9
SHIN = 1.8
FOOT = 0.5
BALL_RADIUS = 0.32
LOW = 0.3  # head heights below the hips: from above, drawn as lying underneath
MOVED = 0.25  # a segment that moves this far from start to end is the moving part
BRIDGE_TILT = 20.0  # degrees the trunk slopes down from the lifted hips to the shoulders

IDENTITY: Mat = ((1, 0, 0), (0, 1, 0), (0, 0, 1))


def rot_x(degrees: float) -> Mat:
    """Pitch: positive turns up (y) towards forward (z)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def rot_y(degrees: float) -> Mat:
    """Turn: positive turns forward (z) towards the left (x)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def rot_z(degrees: float) -> Mat:
    """Roll: positive tips up (y) towards the left (x)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, s, 0), (-s, c, 0), (0, 0, 1))


def mul(a: Mat, b: Mat) -> Mat:
    """The matrix product a·b."""

    def cell(i: int, j: int) -> float:
        return a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j]

    return (
        (cell(0, 0), cell(0, 1), cell(0, 2)),
        (cell(1, 0), cell(1, 1), cell(1, 2)),
        (cell(2, 0), cell(2, 1), cell(2, 2)),
    )


def chain(*matrices: Mat) -> Mat:
    """The product of the matrices, left to right."""
    result = IDENTITY
    for matrix in matrices:
        result = mul(result, matrix)
    return result


def apply(m: Mat, v: Vec) -> Vec:
    """The vector v turned by m."""
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def add(a: Vec, b: Vec) -> Vec:
    """a + b."""
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def along(start: Vec, frame: Mat, local: Vec) -> Vec:
    """The point `local` away from `start`, in `frame`."""
    return add(start, apply(frame, local))


# Each base pose: how the body lies in the room, and the joints it starts from.
BASE_FRAMES: dict[Base, Mat] = {
    "standing": IDENTITY,
    "sitting": IDENTITY,
    "long-sitting": IDENTITY,
    "lying": rot_x(-90),  # on the back: head towards -z, face up
    "side-lying": ((0, -1, 0), (-1, 0, 0), (0, 0, -1)),  # on the left side, seen from above
    "all-fours": rot_x(90),  # head forward, face down
    "prone": rot_x(90),  # face down, legs straight back
    "heel-sitting": IDENTITY,
    "bridge": rot_x(-90 - BRIDGE_TILT),  # on the back, the trunk sloping down to the shoulders
}
BASE_JOINTS: dict[Base, dict[str, float]] = {
    "standing": {},
    "sitting": {"hip": 90, "knee": 90},
    "long-sitting": {"hip": 90},
    "lying": {},
    "side-lying": {"hip": 60, "knee": 90, "shoulder": 90},
    "all-fours": {"shoulder": 90, "hip": 90, "knee": 90},
    "prone": {},
    "heel-sitting": {"hip": 90, "knee": 175},
    # The thighs go on in the trunk's line, the shins come down to the floor, the arms and
    # the head lie flat on it.
    "bridge": {"knee": 90 + BRIDGE_TILT, "shoulder": -BRIDGE_TILT, "neck": BRIDGE_TILT},
}
# How far a base raises the pelvis over where the others put it (head heights), so that a
# figure can move between two bases that rest on the same floor: a bridge lifts the hips off
# the floor a `lying` figure rests on (its shoulders and head stay where they were);
# sitting back on the heels lowers them from `all-fours` (the knees stay where they were).
BASE_LIFT: dict[Base, float] = {
    "bridge": (LOWER_BACK + UPPER_BACK) * math.sin(math.radians(BRIDGE_TILT)),
    "heel-sitting": -THIGH,
}
# A base's tilt about the left-right axis (its frame, for every base but side-lying) and its
# lift travel with the joints as two more values, so that a figure moving between two bases
# (from all fours back onto the heels) is eased through the poses in between like any joint
# (side-lying, turned about another axis, keeps to itself).
TILT, LIFT = "base tilt", "base lift"
BASE_TILT: dict[Base, float] = {
    "standing": 0,
    "sitting": 0,
    "long-sitting": 0,
    "lying": -90,
    "all-fours": 90,
    "prone": 90,
    "heel-sitting": 0,
    "bridge": -90 - BRIDGE_TILT,
}


def joints_of(pose: Pose) -> dict[str, float]:
    """Every joint angle of a pose: its base pose's, with its own laid over them, and the
    base's tilt and lift (for all but side-lying)."""
    placed = {}
    if pose.base in BASE_TILT:
        placed = {TILT: BASE_TILT[pose.base], LIFT: BASE_LIFT.get(pose.base, 0.0)}
    return {**BASE_JOINTS[pose.base], **pose.angles(), **placed}


def mirrored(joints: Mapping[str, float]) -> dict[str, float]:
    """The joints of the same pose done on the other side: left and right swapped, leaning,
    bending and turning the other way."""
    result: dict[str, float] = {}
    for name, value in joints.items():
        if name.startswith("left_"):
            result["right_" + name.removeprefix("left_")] = value
        elif name.startswith("right_"):
            result["left_" + name.removeprefix("right_")] = value
        elif name in ("lean", "side_bend", "turn", "legs_turn"):
            result[name] = -value
        else:
            result[name] = value
    return result


def blend(start: Mapping[str, float], end: Mapping[str, float], t: float) -> dict[str, float]:
    """The joints `t` of the way (0 to 1) from `start` to `end`."""
    names = set(start) | set(end)
    return {n: start.get(n, 0.0) + (end.get(n, 0.0) - start.get(n, 0.0)) * t for n in names}


@dataclass(frozen=True)
class Segment:
    """A stroke of the figure: from a to b, as thick as `radius` (head heights), or a disc at
    a when `disc`."""

    a: Vec
    b: Vec
    part: Part
    radius: float = 0.13
    disc: bool = False


def limb(joints: Mapping[str, float], side: str, joint: str) -> float:
    """A limb joint's angle on one side: its own (`left_knee`), else both sides' (`knee`)."""
    return joints.get(f"{side}_{joint}", joints.get(joint, 0.0))


def body(base: Base, joints: Mapping[str, float]) -> list[Segment]:
    """The segments of the body, the pelvis at the origin (raised by its base's lift)."""
    j = joints.get
    tilt = joints.get(TILT, BASE_TILT.get(base))
    frame = BASE_FRAMES[base] if tilt is None or tilt == BASE_TILT.get(base) else rot_x(tilt)
    pelvis: Vec = (0.0, joints.get(LIFT, BASE_LIFT.get(base, 0.0)), 0.0)
    lower = chain(frame, rot_x(j("trunk", 0)), rot_z(j("lean", 0)))
    middle = along(pelvis, lower, (0, LOWER_BACK, 0))
    upper = chain(lower, rot_x(j("upper_back", 0)), rot_z(j("side_bend", 0)), rot_y(j("turn", 0)))
    neck = along(middle, upper, (0, UPPER_BACK, 0))
    head_frame = mul(upper, rot_x(j("neck", 0)))
    head = along(neck, head_frame, (0, NECK + HEAD_RADIUS, 0))
    segments = [
        Segment(pelvis, middle, "body", 0.2),
        Segment(middle, neck, "body", 0.2),
        Segment(neck, head, "body"),
        Segment(head, head, "head", HEAD_RADIUS, disc=True),
    ]
    legs = mul(frame, rot_y(j("legs_turn", 0)))
    for side, sign in (("left", 1.0), ("right", -1.0)):
        part: Part = "near" if side == "left" else "far"
        shoulder = along(neck, upper, (sign * SHOULDER_HALF, -0.2, 0))
        arm = chain(
            upper,
            rot_y(-sign * limb(joints, side, "shoulder_across")),
            rot_z(sign * limb(joints, side, "shoulder_out")),
            rot_x(-limb(joints, side, "shoulder")),
        )
        elbow = along(shoulder, arm, (0, -UPPER_ARM, 0))
        hand = along(elbow, mul(arm, rot_x(-limb(joints, side, "elbow"))), (0, -FOREARM, 0))
        hip = along(pelvis, legs, (sign * HIP_HALF, 0, 0))
        thigh = chain(
            legs,
            rot_z(sign * limb(joints, side, "hip_out")),
            rot_x(-limb(joints, side, "hip")),
            rot_y(sign * limb(joints, side, "hip_turn")),
        )
        knee = along(hip, thigh, (0, -THIGH, 0))
        shin = mul(thigh, rot_x(limb(joints, side, "knee")))
        ankle = along(knee, shin, (0, -SHIN, 0))
        toe = along(ankle, shin, (0, 0, FOOT))
        segments += [
            Segment(neck, shoulder, "body"),
            Segment(shoulder, elbow, part),
            Segment(elbow, hand, part),
            Segment(pelvis, hip, "body", 0.2),
            Segment(hip, knee, part, 0.16),
            Segment(knee, ankle, part, 0.15),
            Segment(ankle, toe, part, 0.12),
        ]
    return segments


def props(kinds: tuple[Prop, ...], segments: list[Segment], anchor: list[Segment]) -> list[Segment]:
    """The props around a body: floor under the lowest point of the `anchor` pose (the
    start: props stay put as the body moves), a chair under the pelvis, a wall behind the
    back, a ball between the wall and the upper back (with no wall, between the upper back
    and the floor), a bed or mat, a pillow."""
    points = [p for s in anchor for p in (s.a, s.b)]
    xs, ys, zs = ([p[i] for p in points] for i in range(3))
    lowest = min(y - (s.radius if s.disc else 0.15) for s in anchor for y in (s.a[1], s.b[1]))
    result: list[Segment] = []
    thin = 0.05

    def box(x: tuple[float, float], y: tuple[float, float], z: tuple[float, float]) -> None:
        corners = [(a, b, c) for a in x for b in y for c in z]
        for i, p in enumerate(corners):
            for q in corners[i + 1 :]:
                if sum(p[k] != q[k] for k in range(3)) == 1:
                    result.append(Segment(p, q, "prop", thin))

    if "bed" in kinds:
        box((min(xs) - 0.6, max(xs) + 0.6), (lowest - 0.9, lowest), (min(zs) - 0.4, max(zs) + 0.4))
        lowest -= 0.9
    if "chair" in kinds:
        seat = -0.3
        box((-1.0, 1.0), (seat - 0.15, seat), (-0.6, 1.0))
        box((-1.0, 1.0), (seat, seat + 2.2), (-0.75, -0.6))
        for x in (-0.95, 0.95):
            for z in (-0.65, 0.95):
                result.append(Segment((x, seat - 0.15, z), (x, lowest, z), "prop", thin))
    if "wall" in kinds:
        back = min(zs) - (2 * BALL_RADIUS if "ball" in kinds else 0.2)
        box((min(xs) - 0.8, max(xs) + 0.8), (lowest, max(ys) + 0.8), (back - 0.1, back))
    if "ball" in kinds:
        under = "wall" not in kinds  # no wall: the ball is on the floor, under the upper back
        centre = _ball(segments, under)
        result.append(Segment(centre, centre, "near", BALL_RADIUS, disc=True))
        if under:  # the body rests on the ball: the floor is under the ball
            lowest = min(lowest, _ball(anchor, under)[1] - BALL_RADIUS)
    if "pillow" in kinds:
        head = next(s for s in anchor if s.part == "head").a
        box(
            (head[0] - 0.6, head[0] + 0.6),
            (lowest, head[1] - HEAD_RADIUS),
            (head[2] - 0.6, head[2] + 0.6),
        )
    if "floor" in kinds or "mat" in kinds:
        edge = 0.8 if "floor" in kinds else 0.3
        height = 0.12 if "mat" in kinds else 0.0
        box(
            (min(xs) - edge, max(xs) + edge),
            (lowest - height, lowest),
            (min(zs) - edge, max(zs) + edge),
        )
    return result


def _ball(segments: list[Segment], under: bool) -> Vec:
    """Where a ball goes: beside the spine at the upper back, behind it (against a wall) or,
    `under` it, below it (on the floor)."""
    chest = [s for s in segments if s.part == "body"][1]  # the upper back
    x, y, z = ((chest.a[i] * 0.4 + chest.b[i] * 0.6) for i in range(3))
    if under:
        return (x + 0.4, y - 0.2 - BALL_RADIUS, z)
    return (x + 0.4, y, z - 0.2 - BALL_RADIUS)


def project(point: Vec, view: View) -> Point:
    """Where a point is drawn, in head heights: x to the right, y up."""
    x, y, z = point
    if view == "side":  # seen from the person's left
        return (z, y)
    if view == "front":
        return (x, y)
    if view == "back":
        return (-x, y)
    return (x, -z)  # from above, as a map: the person faces the bottom edge


def depth(segment: Segment, view: View) -> float:
    """How near a segment is to the viewer (drawn later when nearer)."""
    x, y, z = ((segment.a[i] + segment.b[i]) / 2 for i in range(3))
    return {"side": x, "front": z, "back": -z, "above": y}[view]


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
    ones last; `mirror`: as done on the right side."""
    base = figure.start.base if not isinstance(pose, Pose) else pose.base
    joints = joints_of(pose) if isinstance(pose, Pose) else dict(pose)
    if mirror:
        joints = mirrored(joints)
    segments = body(base, joints)
    still, moving = _start_and_moving(figure, mirror)
    drawn = list(zip(segments, moving, strict=True))
    drawn += [(p, False) for p in props(figure.props, segments, still)]
    drawn.sort(key=lambda item: (item[0].part != "prop", depth(item[0], figure.view)))
    return [
        Stroke(
            project(s.a, figure.view),
            project(s.b, figure.view),
            s.radius,
            _part(s, figure.view),
            s.disc,
            is_moving,
        )
        for s, is_moving in drawn
    ]


@functools.cache
def _start_and_moving(figure: Figure, mirror: bool) -> tuple[list[Segment], tuple[bool, ...]]:
    """The body in the start pose (where the props go), and which of its segments move by
    the end pose: the same for every frame of a figure on one side."""
    start, end = joints_of(figure.start), joints_of(figure.end)
    if mirror:
        start, end = mirrored(start), mirrored(end)
    still, ended = body(figure.start.base, start), body(figure.end.base, end)
    moving = tuple(
        max(math.dist(s.a, e.a), math.dist(s.b, e.b)) > MOVED
        for s, e in zip(still, ended, strict=True)
    )
    return still, moving


def _part(segment: Segment, view: View) -> Part:
    """What a segment counts as, seen from `view`: from the side the right limbs are behind
    the left (drawn greyer); from above, what is below the hips (the legs) is."""
    if view == "above" and segment.part in ("near", "far"):
        low = (segment.a[1] + segment.b[1]) / 2 < -LOW
        return "far" if low else "near"
    if segment.part == "far" and view != "side":
        return "near"
    return segment.part
