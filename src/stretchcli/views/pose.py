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
# The nose: a short stroke from inside the head to just outside it, below the eyes' level.
NOSE: tuple[Vec, Vec] = ((0, -0.16, HEAD_RADIUS - 0.1), (0, -0.21, HEAD_RADIUS + 0.06))
NOSE_RADIUS = 0.06
BALL_RADIUS = 0.24  # a tennis ball, drawn a little large to be seen
LOW = 0.3  # head heights below the hips: from above, drawn as lying underneath
# The moving part: the segments that move at least MOVED of the way the farthest one moves
# from start to end, and at least MOVED_LEAST head heights (a small movement, such as a
# pelvic tilt's, still shows; the drift of what follows it does not).
MOVED = 0.2
MOVED_LEAST = 0.08
BRIDGE_TILT = 20.0  # degrees the trunk slopes down from the lifted hips to the shoulders
# On all fours the arms are longer than the thighs: with both upright, hands under the
# shoulders and knees under the hips, the trunk rises this much toward the shoulders.
FOURS_RISE = math.degrees(math.asin((UPPER_ARM + FOREARM + 0.13 - THIGH - 0.16) / 2.4))
FOURS = 90 - FOURS_RISE
SIDE_SLOPE = math.degrees(math.asin((SHOULDER_HALF + 0.13 - HIP_HALF - 0.2) / 2.4))
KNEELING = 160.0  # the knee's bend when sitting back on the heels, shins flat on the floor

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
    # On the left side, the head toward the room's +x, facing forward (+z): seen from the
    # side (+x), from the head end.
    "side-lying": ((0, 1, 0), (-1, 0, 0), (0, 0, 1)),
    "all-fours": rot_x(FOURS),  # head forward, face down
    "prone": rot_x(90),  # face down, legs straight back
    "heel-sitting": IDENTITY,
    "bridge": rot_x(-90 - BRIDGE_TILT),  # on the back, the trunk sloping down to the shoulders
}
BASE_JOINTS: dict[Base, dict[str, float]] = {
    "standing": {},
    "sitting": {"hip": 90, "knee": 90},
    "long-sitting": {"hip": 90},
    "lying": {"neck": 20},  # the back of the head on the floor, as the back is
    # The shoulders are wider than the hips: the spine slopes up to the neck, so that the
    # under shoulder and the under hip both rest on the floor.
    "side-lying": {"hip": 60, "knee": 90, "shoulder": 90, "lean": -SIDE_SLOPE},
    "all-fours": {"shoulder": FOURS, "hip": FOURS, "knee": 90, "ankle": 90},
    "prone": {"ankle": 90},  # the tops of the feet on the floor
    # The shins flat on the floor, the thighs sloping up from the knees to the heels.
    "heel-sitting": {"hip": KNEELING - 90, "knee": KNEELING, "ankle": 90},
    # The thighs go on in the trunk's line, the shins come down to the floor, the arms and
    # the head lie flat on it.
    "bridge": {"knee": 90 + BRIDGE_TILT, "shoulder": -BRIDGE_TILT, "neck": BRIDGE_TILT + 20},
}
# How far a base raises the pelvis over where the others put it (head heights), so that a
# figure can move between two bases that rest on the same floor: a bridge lifts the hips off
# the floor a `lying` figure rests on (its shoulders and head stay where they were);
# sitting back on the heels lowers them from `all-fours` (the knees stay where they were).
BASE_LIFT: dict[Base, float] = {
    "bridge": (LOWER_BACK + UPPER_BACK) * math.sin(math.radians(BRIDGE_TILT)),
    "heel-sitting": -THIGH * (1 - math.sin(math.radians(180 - KNEELING))),
}
# And how far it moves the pelvis back: sitting back on the heels from all fours moves the
# hips back over the heels, so that the knees stay where they were.
BASE_BACK: dict[Base, float] = {
    "heel-sitting": -THIGH * math.cos(math.radians(180 - KNEELING)),
}
# A base's tilt about the left-right axis (its frame, for every base but side-lying), its
# lift and its move back travel with the joints as more values, so that a figure moving
# between two bases (from all fours back onto the heels) is eased through the poses in
# between like any joint (side-lying, turned about another axis, keeps to itself).
TILT, LIFT, BACK = "base tilt", "base lift", "base back"
BASE_TILT: dict[Base, float] = {
    "standing": 0,
    "sitting": 0,
    "long-sitting": 0,
    "lying": -90,
    "all-fours": FOURS,
    "prone": 90,
    "heel-sitting": 0,
    "bridge": -90 - BRIDGE_TILT,
}


def joints_of(pose: Pose) -> dict[str, float]:
    """Every joint angle of a pose: its base pose's, with its own laid over them, and the
    base's tilt and lift (for all but side-lying)."""
    placed = {}
    if pose.base in BASE_TILT:
        placed = {
            TILT: BASE_TILT[pose.base],
            LIFT: BASE_LIFT.get(pose.base, 0.0),
            BACK: BASE_BACK.get(pose.base, 0.0),
        }
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


@dataclass(frozen=True)
class Skeleton:
    """A body in a pose: its named points (`pelvis`, `middle` of the back, `neck`, `head`
    centre, the nose's stroke from `face` to `nose`, and per side `left_shoulder`,
    `left_elbow`, `left_hand`, `left_hip`, `left_knee`, `left_ankle`, `left_toe`, ...) and the
    frames of the chest, the legs and the head (rows; the first column of a frame is the
    person's left, the second up, the third forward: where the chest or the face looks)."""

    points: dict[str, Vec]
    chest: Mat
    legs: Mat
    head: Mat

    def axis(self, frame: Mat, column: int) -> Vec:
        """A frame's axis in the room: 0 left, 1 up, 2 forward."""
        return (frame[0][column], frame[1][column], frame[2][column])


def skeleton(base: Base, joints: Mapping[str, float]) -> Skeleton:
    """The body's points in a pose, the pelvis at the origin (raised by its base's lift)."""
    j = joints.get
    tilt = joints.get(TILT, BASE_TILT.get(base))
    frame = BASE_FRAMES[base] if tilt is None or tilt == BASE_TILT.get(base) else rot_x(tilt)
    lift = joints.get(LIFT, BASE_LIFT.get(base, 0.0))
    pelvis: Vec = (0.0, lift, joints.get(BACK, BASE_BACK.get(base, 0.0)))
    lower = chain(frame, rot_x(j("trunk", 0)), rot_z(j("lean", 0)))
    middle = along(pelvis, lower, (0, LOWER_BACK, 0))
    upper = chain(lower, rot_x(j("upper_back", 0)), rot_z(j("side_bend", 0)), rot_y(j("turn", 0)))
    neck = along(middle, upper, (0, UPPER_BACK, 0))
    head_frame = mul(upper, rot_x(j("neck", 0)))
    head = along(neck, head_frame, (0, NECK + HEAD_RADIUS, 0))
    # A small nose low on the face shows where the face is (a bar from the head's centre
    # read as the peak of a cap).
    face = along(head, head_frame, NOSE[0])
    nose = along(head, head_frame, NOSE[1])
    points = {"pelvis": pelvis, "middle": middle, "neck": neck, "head": head}
    points |= {"face": face, "nose": nose}
    legs = mul(frame, rot_y(j("legs_turn", 0)))
    # Knees lowered to one side roll the pelvis with them: the other hip lifts off the floor.
    hips = along(pelvis, frame, (0, 0, HIP_HALF * abs(math.sin(math.radians(j("legs_turn", 0))))))
    for side, sign in (("left", 1.0), ("right", -1.0)):
        girdle = mul(upper, rot_y(sign * limb(joints, side, "shoulder_back")))
        shoulder = along(neck, girdle, (sign * SHOULDER_HALF, -0.2, 0))
        arm = chain(
            upper,
            rot_y(-sign * limb(joints, side, "shoulder_across")),
            rot_z(-sign * limb(joints, side, "shoulder_out")),
            rot_x(-limb(joints, side, "shoulder")),
            rot_y(-sign * limb(joints, side, "shoulder_turn")),
        )
        elbow = along(shoulder, arm, (0, -UPPER_ARM, 0))
        hand = along(elbow, mul(arm, rot_x(-limb(joints, side, "elbow"))), (0, -FOREARM, 0))
        hip = along(hips, legs, (sign * HIP_HALF, 0, 0))
        thigh = chain(
            legs,
            rot_x(-limb(joints, side, "hip")),
            rot_z(-sign * limb(joints, side, "hip_out")),
            rot_y(sign * limb(joints, side, "hip_turn")),
        )
        knee = along(hip, thigh, (0, -THIGH, 0))
        shin = mul(thigh, rot_x(limb(joints, side, "knee")))
        ankle = along(knee, shin, (0, -SHIN, 0))
        foot = mul(shin, rot_x(limb(joints, side, "ankle")))
        toe = along(ankle, foot, (0, 0, FOOT))
        for name, point in (
            ("shoulder", shoulder),
            ("elbow", elbow),
            ("hand", hand),
            ("hip", hip),
            ("knee", knee),
            ("ankle", ankle),
            ("toe", toe),
        ):
            points[f"{side}_{name}"] = point
    if base == "standing":
        # Standing stays on its feet: bending the knees lowers the body.
        feet = min(
            points[f"{side}_{end}"][1] for side in ("left", "right") for end in ("ankle", "toe")
        )
        drop = -(THIGH + SHIN) - feet
        points = {name: (x, y + drop, z) for name, (x, y, z) in points.items()}
    return Skeleton(points, upper, legs, head_frame)


def posed(base: Base, joints: Mapping[str, float], mirror: bool = False) -> Skeleton:
    """The body in a pose, or (`mirror`) the same pose done on the right side: left and right
    swapped, and a figure lying on its left side turned over onto its right."""
    if not mirror:
        return skeleton(base, joints)
    bones = skeleton(base, mirrored(joints))
    if base != "side-lying":
        return bones
    # Swapping sides mirrors the body across its own middle, which for a figure lying on
    # its side is the horizontal plane: turned half over about its length, it lies on the
    # other side on the same floor, facing the other way.
    turn = rot_x(180)
    points = {name: apply(turn, point) for name, point in bones.points.items()}
    return Skeleton(points, mul(turn, bones.chest), mul(turn, bones.legs), mul(turn, bones.head))


# The strokes of a body, in drawing order: (from, to, part, radius); a side's limbs are
# drawn for the left, then the right.
TRUNK: tuple[tuple[str, str, float], ...] = (
    ("pelvis", "middle", 0.2),
    ("middle", "neck", 0.2),
    ("neck", "head", 0.13),
)
LIMBS: tuple[tuple[str, str, float], ...] = (
    ("neck", "shoulder", 0.13),
    ("shoulder", "elbow", 0.13),
    ("elbow", "hand", 0.13),
    ("pelvis", "hip", 0.2),
    ("hip", "knee", 0.16),
    ("knee", "ankle", 0.15),
    ("ankle", "toe", 0.12),
)
_CENTRAL = ("neck", "pelvis")


def body(base: Base, joints: Mapping[str, float]) -> list[Segment]:
    """The segments of the body, the pelvis at the origin (raised by its base's lift)."""
    return segments_of(skeleton(base, joints))


def segments_of(bones: Skeleton) -> list[Segment]:
    """The strokes of a skeleton: the trunk, the head, then each side's limbs."""
    p = bones.points
    segments = [Segment(p[a], p[b], "body", r) for a, b, r in TRUNK]
    segments.append(Segment(p["head"], p["head"], "head", HEAD_RADIUS, disc=True))
    segments.append(Segment(p["face"], p["nose"], "head", NOSE_RADIUS))
    for side in ("left", "right"):
        part: Part = "near" if side == "left" else "far"
        for a, b, radius in LIMBS:
            start = p[a] if a in _CENTRAL else p[f"{side}_{a}"]
            kind: Part = "body" if a in _CENTRAL else part
            segments.append(Segment(start, p[f"{side}_{b}"], kind, radius))
    return segments


CHAIR_SEAT = -0.2  # the seat's top, under the pelvis of a sitting figure (it rests on it)
CHAIR_X = (-0.75, 0.75)  # narrower than the shoulders: arms hang beside the seat
CHAIR_Z = (-1.3, 0.4)  # the seat, back to front: sitting near its front, as most setups say
CHAIR_BACK = (-1.45, -1.3)  # the backrest's thickness
CHAIR_BACK_TOP = 2.2  # over the seat
MAT = 0.12


@dataclass(frozen=True)
class Scene:
    """Where the props are, placed around the start pose (props stay put as the body moves):
    `floor` is what the body rests on (the top of a mat or bed), `ground` the room's floor."""

    kinds: tuple[Prop, ...]
    floor: float
    ground: float
    span: tuple[Vec, Vec]  # the smallest box around the start pose: (low x, y, z), (high ...)
    wall: float | None = None  # the wall's face (z): the person stands with their back to it
    bed: float | None = None  # the bed's top
    pillow: float | None = None  # the pillow's top, under the head
    mirror: bool = False  # done on the right side: the ball is by the right shoulder blade

    def ball(self, bones: Skeleton) -> Vec | None:
        """Where the ball is in a pose (it moves with the back), or None."""
        if "ball" not in self.kinds:
            return None
        return _ball(bones, "wall" not in self.kinds, self.mirror)


def scene(kinds: tuple[Prop, ...], anchor: Skeleton, mirror: bool = False) -> Scene:
    """The props placed around the start pose: the floor under its lowest point (a ball
    under the back, with no wall, lifts the body off it), a chair under the pelvis, a wall
    behind the back or behind the ball, a bed or mat; `mirror`: done on the right side."""
    segments = segments_of(anchor)
    points = [p for s in segments for p in (s.a, s.b)]
    low = tuple(min(p[i] for p in points) for i in range(3))
    high = tuple(max(p[i] for p in points) for i in range(3))
    span: tuple[Vec, Vec] = ((low[0], low[1], low[2]), (high[0], high[1], high[2]))
    # What the body rests on: not the nose, a mark on the face that bears no weight.
    bearing = [s for s in segments if s.part != "head" or s.disc]
    lowest = min(y - s.radius for s in bearing for y in (s.a[1], s.b[1]))
    if "ball" in kinds and "wall" not in kinds:  # the body rests on the ball
        lowest = min(lowest, _ball(anchor, True, mirror)[1] - BALL_RADIUS)
    bed = None
    ground = lowest - (MAT if "mat" in kinds else 0.0)
    if "bed" in kinds:
        bed, ground = lowest, lowest - 0.9
    wall = None
    if "wall" in kinds:
        # The wall touches the back of the body, or of the ball between them.
        wall = min(z - s.radius for s in segments for z in (s.a[2], s.b[2]))
        if "ball" in kinds:
            wall = min(wall, _ball(anchor, False, mirror)[2] - BALL_RADIUS)
    pillow = None
    if "pillow" in kinds:
        pillow = anchor.points["head"][1] - HEAD_RADIUS
    return Scene(kinds, lowest, ground, span, wall, bed, pillow, mirror)


def props(
    kinds: tuple[Prop, ...], bones: Skeleton, anchor: Skeleton, end: Skeleton | None = None
) -> list[Segment]:
    """The props around a body in a pose (`bones`), placed around its start pose (`anchor`),
    as outlines: floor, chair, wall, ball, bed or mat, pillow. A floor, mat or wall reaches
    under the `end` pose too."""
    place = scene(kinds, anchor)
    (lx, _, lz), (hx, hy, hz) = place.span
    if end is not None:
        (ex, _, ez), (fx, fy, fz) = scene(kinds, end).span
        lx, lz, hx, hy, hz = min(lx, ex), min(lz, ez), max(hx, fx), max(hy, fy), max(hz, fz)
    result: list[Segment] = []
    thin = 0.05

    def box(x: tuple[float, float], y: tuple[float, float], z: tuple[float, float]) -> None:
        corners = [(a, b, c) for a in x for b in y for c in z]
        for i, p in enumerate(corners):
            for q in corners[i + 1 :]:
                if sum(p[k] != q[k] for k in range(3)) == 1:
                    result.append(Segment(p, q, "prop", thin))

    if place.bed is not None:
        box((lx - 0.6, hx + 0.6), (place.ground, place.bed), (lz - 0.4, hz + 0.4))
    if "chair" in kinds:
        seat = CHAIR_SEAT
        box(CHAIR_X, (seat - 0.15, seat), CHAIR_Z)
        box(CHAIR_X, (seat, seat + CHAIR_BACK_TOP), CHAIR_BACK)
        for x in (CHAIR_X[0] + 0.05, CHAIR_X[1] - 0.05):
            for z in (CHAIR_Z[0] - 0.05, CHAIR_Z[1] - 0.05):
                result.append(Segment((x, seat - 0.15, z), (x, place.ground, z), "prop", thin))
    if place.wall is not None:
        box((lx - 0.8, hx + 0.8), (place.ground, hy + 0.8), (place.wall - 0.1, place.wall))
    ball = place.ball(bones)
    if ball is not None:
        result.append(Segment(ball, ball, "near", BALL_RADIUS, disc=True))
    if place.pillow is not None:
        head = anchor.points["head"]
        box(
            (head[0] - 0.6, head[0] + 0.6),
            (place.floor, place.pillow),
            (head[2] - 0.6, head[2] + 0.6),
        )
    if "floor" in kinds or "mat" in kinds:
        edge = 0.8 if "floor" in kinds else 0.3
        box((lx - edge, hx + edge), (place.ground, place.floor), (lz - edge, hz + edge))
    return result


def _ball(bones: Skeleton, under: bool, mirror: bool = False) -> Vec:
    """Where a ball goes: beside the spine at the upper back (on the left, or with `mirror`
    the right), behind it (against a wall) or, `under` it, below it (on the floor)."""
    a, b = bones.points["middle"], bones.points["neck"]
    x, y, z = ((a[i] * 0.4 + b[i] * 0.6) for i in range(3))
    x += -0.4 if mirror else 0.4
    if under:
        return (x, y - 0.2 - BALL_RADIUS, z)
    return (x, y, z - 0.2 - BALL_RADIUS)


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
