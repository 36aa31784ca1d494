"""A pose as a body's points: its sizes, its base poses, and the joint angles laid over them
turned into the points and strokes of a simple human figure.

The body is a chain of segments in three dimensions (x to the person's left, y up, z forward)
turned by the joint angles of the pose over those of its base pose. Pure functions; seen from
a view in projection.py, placed among its props in scene.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from stretchcli.body.vectors import (
    IDENTITY,
    Mat,
    Vec,
    along,
    apply,
    chain,
    mul,
    rot_x,
    rot_y,
    rot_z,
)
from stretchcli.model import Base, Pose

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")
Part = Literal["body", "near", "far", "head", "prop"]

# Lengths in head heights (a body is about seven and a half); chosen to read at small sizes.
HEAD_RADIUS = 0.45
NECK = 0.3
# The top of the neck, where the head nods (`upper_neck`), this far up from the neck's base
# (inside the head's disc): the neck bending back at its base and the head nodding forward on
# its top as much slide the head straight back, the chin level (a chin tuck).
UPPER_NECK = 0.5
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
BRIDGE_TILT = 20.0  # degrees the trunk slopes down from the lifted hips to the shoulders
# On all fours the arms are longer than the thighs: with both upright, hands under the
# shoulders and knees under the hips, the trunk rises this much toward the shoulders.
FOURS_RISE = math.degrees(math.asin((UPPER_ARM + FOREARM + 0.13 - THIGH - 0.16) / 2.4))
FOURS = 90 - FOURS_RISE
SIDE_SLOPE = math.degrees(math.asin((SHOULDER_HALF + 0.13 - HIP_HALF - 0.2) / 2.4))
KNEELING = 160.0  # the knee's bend when sitting back on the heels, shins flat on the floor

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
    lower_neck = mul(upper, rot_x(j("neck", 0)))
    top = along(neck, lower_neck, (0, UPPER_NECK, 0))
    head_frame = mul(lower_neck, rot_x(j("upper_neck", 0)))
    head = along(top, head_frame, (0, NECK + HEAD_RADIUS - UPPER_NECK, 0))
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
