"""Contacts and placings a figure declares (`feet on floor`, `hands under left thigh`,
`ball between back and wall`, `hands under shoulders`, `hands stay put`, `hands at shoulder
height`), measured on the drawn outlines of a posed body and its props. Pure functions."""

from __future__ import annotations

import math
from dataclasses import dataclass

from stretchcli.body.declarations import PLACES, Check
from stretchcli.body.scene import BALL_RADIUS, CHAIR_SEAT, CHAIR_X, CHAIR_Z, Scene
from stretchcli.body.skeleton import HEAD_RADIUS, SIDES, Skeleton
from stretchcli.body.tolerances import ALIGN, LEVEL, SINK, STAY, TOUCH
from stretchcli.body.vectors import Vec, between, dot, minus, nearest_t, unit


@dataclass(frozen=True)
class Blob:
    """A part of the body for contact: a segment (a == b for a point) and its thickness."""

    a: Vec
    b: Vec
    radius: float
    name: str


def parts(bones: Skeleton, part: str, side: str | None) -> list[Blob]:
    """The blobs a declaration's part names, on one side or both."""
    p = bones.points
    if part == "head":
        return [Blob(p["head"], p["head"], HEAD_RADIUS, "the head")]
    if part == "seat":
        return [Blob(p["pelvis"], p["pelvis"], 0.2, "the seat")]
    if part == "back":
        return [Blob(p["middle"], p["neck"], 0.2, "the upper back")]
    if part == "chest":
        return [Blob(p["middle"], p["neck"], 0.2, "the chest")]
    if part == "low back":
        return [Blob(p["pelvis"], p["middle"], 0.2, "the low back")]
    ends = {
        "hand": ("hand", "hand", 0.13),
        "foot": ("ankle", "toe", 0.12),
        "heel": ("ankle", "ankle", 0.12),
        "knee": ("knee", "knee", 0.16),
        "shin": ("knee", "ankle", 0.15),
        "forearm": ("elbow", "hand", 0.13),
        "elbow": ("elbow", "elbow", 0.13),
        "thigh": ("hip", "knee", 0.16),
        # The back of the shoulder is the shoulder blade, as thick as the trunk.
        "shoulder": ("shoulder", "shoulder", 0.2),
    }
    a, b, radius = ends[part]
    sides = SIDES if side is None else (side,)
    return [Blob(p[f"{s}_{a}"], p[f"{s}_{b}"], radius, f"the {s} {part}") for s in sides]


def contact_failure(
    check: Check, bones: Skeleton, place: Scene, start: Skeleton | None = None
) -> str:
    """Why a contact or placing is not true of a pose ('' when it is); `start`: the body in
    the start pose, which what stays put stays at (else the pose itself)."""
    side, part = check.who
    if check.relation == "put":
        was = parts(start or bones, part, side)
        moved = [
            f"{now.name} moves {max(math.dist(now.a, then.a), math.dist(now.b, then.b)):.1f}"
            for now, then in zip(parts(bones, part, side), was, strict=True)
            if max(math.dist(now.a, then.a), math.dist(now.b, then.b)) > STAY
        ]
        return "; ".join(f"{m} from where it was at the start" for m in moved)
    if check.relation == "below":
        reasons = [_below_joint(blob, check.target, bones) for blob in parts(bones, part, side)]
        return "; ".join(r for r in reasons if r)
    if check.relation in ("outside", "behind") and check.target[1] == "thigh":
        reasons = [_beside_thigh(blob, check, bones) for blob in parts(bones, part, side)]
        return "; ".join(r for r in reasons if r)
    if check.relation == "together":
        left, right = bones.points["left_knee"], bones.points["right_knee"]
        gap = math.dist(left, right) - 0.32
        return "" if gap <= TOUCH else f"the knees are {gap:.1f} apart"
    if check.relation == "between":
        return _ball_between(bones, place, check.target[1])
    if check.target == (None, "shoulder height"):
        reasons = []
        for blob in parts(bones, part, side):
            limb_side = blob.name.split()[1]
            shoulder = bones.points[f"{limb_side}_shoulder"][1]
            off = blob.a[1] - shoulder
            if abs(off) > LEVEL:
                where = "above" if off > 0 else "below"
                reasons.append(f"{blob.name} is {abs(off):.1f} {where} the shoulder")
        return "; ".join(reasons)
    if check.relation == "behind":
        forward = bones.axis(bones.chest, 2)
        reasons = []
        for blob in parts(bones, part, side):
            limb_side = blob.name.split()[1]
            ahead = dot(minus(blob.a, bones.points[f"{limb_side}_shoulder"]), forward)
            if ahead > -0.1:
                reasons.append(f"{blob.name} is {ahead:.1f} in front of the shoulder")
        return "; ".join(reasons)
    target_side, target = check.target
    reasons = []
    for blob in parts(bones, part, side):
        if target in PLACES:
            reason = _on_place(blob, target, place, bones)
        else:
            limb_side = blob.name.split()[1]
            wanted = limb_side if target_side == "own" else target_side
            reason = _on_body(blob, target, wanted, bones, check.relation)
        if reason:
            reasons.append(reason)
    return "; ".join(reasons)


def _on_place(blob: Blob, target: str, place: Scene, bones: Skeleton) -> str:
    ends = (blob.a,) if blob.a == blob.b else (blob.a, blob.b)
    for point in ends:
        if target == "floor":
            gap = point[1] - blob.radius - place.floor
            if gap > TOUCH or gap < -SINK:
                return f"{blob.name} is {abs(gap):.1f} {'above' if gap > 0 else 'below'} the floor"
        elif target == "pillow":
            if place.pillow is None:
                return "there is no pillow"
            gap = point[1] - blob.radius - place.pillow
            if gap > TOUCH or gap < -SINK:
                return f"{blob.name} is {gap:.1f} off the pillow"
        elif target == "chair":
            gap = point[1] - blob.radius - CHAIR_SEAT
            inside = CHAIR_X[0] <= point[0] <= CHAIR_X[1] and CHAIR_Z[0] <= point[2] <= CHAIR_Z[1]
            if gap > TOUCH or gap < -SINK or not inside:
                return f"{blob.name} is not on the seat"
        else:  # the wall
            if place.wall is None:
                return "there is no wall"
            gap = point[2] - blob.radius - place.wall
            if gap > TOUCH or gap < -SINK:
                return f"{blob.name} is {gap:.1f} from the wall"
    return ""


def _on_body(blob: Blob, target: str, side: str | None, bones: Skeleton, relation: str) -> str:
    p = bones.points
    sides = SIDES if side is None else (side,)
    closest = math.inf
    for s in sides:
        if target == "thigh":
            a, b, radius = p[f"{s}_hip"], p[f"{s}_knee"], 0.16
        elif target == "knee":
            a = b = p[f"{s}_knee"]
            radius = 0.16
        elif target == "chest":
            a, b, radius = p["middle"], p["neck"], 0.2
        else:
            a = b = p[f"{s}_shoulder"]
            radius = 0.13
        gap = _distance(blob, a, b) - blob.radius - radius
        if gap <= TOUCH and (relation != "under" or _below(blob.a, a, b)):
            return ""
        closest = min(closest, gap)
    where = f"{side} {target}" if side else target
    if closest <= TOUCH:
        return f"{blob.name} is above the {where}, not under it"
    return f"{blob.name} is {closest:.1f} from the {where}"


def _below(point: Vec, a: Vec, b: Vec) -> bool:
    t = nearest_t(point, a, b)
    return point[1] <= a[1] + (b[1] - a[1]) * t + 0.05


def _ball_between(bones: Skeleton, place: Scene, other: str) -> str:
    ball = place.ball(bones)
    if ball is None:
        return "there is no ball"
    # Beside the spine: how far it is from the back, the sideways offset left out.
    middle, neck = bones.points["middle"], bones.points["neck"]
    off = minus(ball, between(middle, neck, nearest_t(ball, middle, neck)))
    left = bones.axis(bones.chest, 0)
    back = math.sqrt(max(0.0, dot(off, off) - dot(off, left) ** 2))
    if back - BALL_RADIUS - 0.2 > TOUCH:
        return f"the ball is {back - BALL_RADIUS - 0.2:.1f} off the back"
    if other == "wall":
        if place.wall is None:
            return "there is no wall"
        gap = ball[2] - BALL_RADIUS - place.wall
    else:
        gap = ball[1] - BALL_RADIUS - place.floor
    return "" if abs(gap) <= TOUCH else f"the ball is {gap:.1f} off the {other}"


def _distance(blob: Blob, a: Vec, b: Vec) -> float:
    """The shortest distance between the blob's segment and the segment a-b (sampled)."""
    best = math.inf
    for k in range(11):
        t = k / 10
        point = tuple(blob.a[i] + (blob.b[i] - blob.a[i]) * t for i in range(3))
        u = nearest_t(point, a, b)  # type: ignore[arg-type]
        nearest = tuple(a[i] + (b[i] - a[i]) * u for i in range(3))
        best = min(best, math.dist(point, nearest))
    return best


def _below_joint(blob: Blob, target: tuple[str | None, str], bones: Skeleton) -> str:
    """'hands under shoulders', 'knees under hips': straight below, at any distance."""
    limb_side = blob.name.split()[1]
    side = limb_side if target[0] in (None, "own") else target[0]
    joint = bones.points[f"{side}_{target[1]}"]
    off = math.hypot(blob.a[0] - joint[0], blob.a[2] - joint[2])
    if blob.a[1] >= joint[1] or off > ALIGN:
        return f"{blob.name} is {off:.1f} from straight under the {side} {target[1]}"
    return ""


def _beside_thigh(blob: Blob, check: Check, bones: Skeleton) -> str:
    """'hand outside left thigh': touching its outer side; 'hands behind left thigh':
    touching its back (the side the shin folds to), short of the knee."""
    limb_side = blob.name.split()[1]
    side = limb_side if check.target[0] in (None, "own") else check.target[0]
    p = bones.points
    hip, knee, ankle = p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]
    gap = _distance(blob, hip, knee) - blob.radius - 0.16
    where = f"the {side} thigh"
    if gap > TOUCH:
        return f"{blob.name} is {gap:.1f} from {where}"
    t = nearest_t(blob.a, hip, knee)
    off = minus(blob.a, between(hip, knee, t))
    if check.relation == "outside":
        outward = unit(minus(p["left_hip"], p["right_hip"]))
        out = dot(off, outward) * (1 if side == "left" else -1)
        return "" if out >= 0.1 else f"{blob.name} is on the inside of {where}"
    along = unit(minus(knee, hip))
    shin = minus(ankle, knee)
    back = unit(minus(shin, between((0.0, 0.0, 0.0), along, dot(shin, along))))
    if t > 0.8:
        return f"{blob.name} is at the {side} knee, not behind the thigh"
    if dot(off, back) < 0.05:
        return f"{blob.name} is on the front of {where}, not behind it"
    return ""
