"""What a posed figure must satisfy, checked on the geometry of its drawn points.

A figure declares, in the words of its instructions, what is true of its poses: contacts
(`feet on floor`, `seat on chair`, `ball between back and wall`, `hands behind left thigh`,
within TOUCH), placings (`hands under shoulders`, `hands stay put`, `hands at shoulder
height`), shapes (`back upright`, `chin level`, `head neutral`, `arms hanging`) and
permissions (`arms crossed`...); `PATTERN` has them all. Every pose is also
held to what is true of any body: nothing below the floor or inside the chair or the wall, no
limb across the body's midline or through the head (unless declared), every joint within a
human range. Pure functions: a figure in, problems out (the catalog reports them with the
file's line and column; the tests run them over every built-in figure).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from stretchcli.model import Figure
from stretchcli.views.pose import (
    BALL_RADIUS,
    CHAIR_BACK,
    CHAIR_BACK_TOP,
    CHAIR_SEAT,
    CHAIR_X,
    CHAIR_Z,
    HEAD_RADIUS,
    Scene,
    Skeleton,
    Vec,
    joints_of,
    nearness,
    posed,
    project,
    scene,
    segments_of,
)

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")
# How close counts as touching, in head heights (a head height is about 23 cm): under 2 cm,
# so that a knee, hip or hand drawn hovering over the mat does not pass for resting on it.
TOUCH = 0.08
LEVEL = 0.45  # "at shoulder height": this far above or below the shoulders
SINK = 0.12  # how far a body part may sink into the floor, a seat or a wall (soft tissue)
ALIGN = 0.3  # "hands under shoulders": this far from straight below (about 7 cm)
STAY = 0.12  # "hands stay put": this far from where they were at the start (about 3 cm)
LOW_BACK_GAP = (0.02, 0.2)  # "a small gap under the low back": a hand's thickness or less
# Angles in degrees, measured on the drawn points (chosen for drawing, not advice).
CHIN_LEVEL = 10  # the face this close to looking straight ahead
NEUTRAL_NECK = (-10, 25)  # the head's bend over the upper back's line: neither back nor down
UPRIGHT = 6  # each part of the back this close to vertical
STRAIGHT = 15  # an elbow bent this much or less is straight
HANGING = (40, 30)  # hanging: the upper arm this close to down, the forearm this far below level

# Joint ranges in degrees, measured on the drawn points: a little past typical active ranges,
# since a stretch is held passively. Chosen for drawing, not advice.
RANGES: dict[str, tuple[float, float]] = {
    "knee": (0, 160),  # bend
    "elbow": (0, 155),  # bend
    "hip": (-30, 165),  # the thigh forward of the low back's line (so with its bend)
    "shoulder behind": (0, 60),  # the upper arm behind the chest's plane
    "neck": (-50, 70),  # the head bent forward of the upper back's line; negative back
    "back": (-40, 70),  # the upper back bent over the lower back; negative arched
}

# The words a declaration may use (`left`/`right` may stand before a limb).
LIMBS = {
    "hand": "hand",
    "hands": "hand",
    "foot": "foot",
    "feet": "foot",
    "heel": "heel",
    "heels": "heel",
    "ankle": "heel",
    "ankles": "heel",
    "knee": "knee",
    "knees": "knee",
    "shin": "shin",
    "shins": "shin",
    "forearm": "forearm",
    "forearms": "forearm",
    "elbow": "elbow",
    "elbows": "elbow",
    "thigh": "thigh",
    "thighs": "thigh",
    "shoulder": "shoulder",
    "shoulders": "shoulder",
}
TRUNK = {
    "head": "head",
    "seat": "seat",
    "hips": "seat",
    "back": "back",
    "chest": "chest",
    "low back": "low back",
}
# Declarations of the body's own shape, each a rule in `_shape`.
SHAPES = (
    "head neutral",
    "chin level",
    "back upright",
    "arms straight",
    "arms hanging",
    "hands together",
    "head between knees",
    "hands beyond head",
    "small gap under low back",
)
PLACES = ("floor", "chair", "wall", "pillow")
RELATIONS = ("on", "against", "under", "at", "behind", "outside")
WORDS_HINT = (
    "write it like 'feet on floor', 'seat on chair', 'hands under left thigh' or "
    "'ball between back and wall' (README: Routine and exercise files)"
)


_SIDE = "(?:(?:left|right) )?"
_LIMB = "(?:hands?|foot|feet|heels?|ankles?|knees?|shins?|forearms?|elbows?|thighs?|shoulders?)"
_PLACE = "(?:floor|chair|wall|pillow)"
# The same words as a regular expression, for the JSON Schema (tests keep the two agreeing).
PATTERN = (
    "^(?:"
    + "|".join(
        (
            f"{_SIDE}{_LIMB} (?:on|against|under) {_PLACE}",
            f"(?:head|seat|hips|back|chest|low back) (?:on|against|under) {_PLACE}",
            f"{_SIDE}{_LIMB} on (?:(?:left|right|own) )?(?:thigh|knee|shoulder)s?",
            f"{_SIDE}{_LIMB} under (?:(?:left|right|own) )?(?:thigh|knee|shoulder|hip)s?",
            f"{_SIDE}{_LIMB} outside (?:(?:left|right|own) )?(?:thigh|knee)s?",
            f"{_SIDE}{_LIMB} on chest",
            f"{_SIDE}{_LIMB} at shoulder height",
            f"{_SIDE}{_LIMB} behind (?:the )?shoulders",
            f"{_SIDE}{_LIMB} behind (?:(?:left|right|own) )?thighs?",
            f"{_SIDE}{_LIMB} stays? put",
            "ball between back and (?:wall|floor)",
            "(?:left|right) (?:arm|leg) across",
            "arms crossed|arms on own side|knees together|head between arms",
            "head neutral|chin level|back upright|arms hanging|hands together",
            "(?:(?:left|right) arm|arms) straight",
            "head between knees|hands beyond head|small gap under low back",
        )
    )
    + ")$"
)


@dataclass(frozen=True)
class Check:
    """One declaration, parsed: `who` does `relation` with `target`.

    `who` and `target` are (side, part): side None means both sides, "own" (targets only)
    each limb's own side."""

    text: str
    # on, under, below, outside, behind, at, put, between, across, own side, together, head
    # between, or a fixed shape of the body (chin level, head neutral, back upright...)
    relation: str
    who: tuple[str | None, str] = (None, "")
    target: tuple[str | None, str] = (None, "")


class BadCheck(ValueError):
    """A declaration that is not in the words `PATTERN` allows."""


@functools.cache
def parse(text: str) -> Check:
    """A declaration read into a Check, or BadCheck."""
    words = text.split(" ")
    plain = text
    fixed = {
        "arms crossed": Check(plain, "across", (None, "arm")),
        "arms on own side": Check(plain, "own side", (None, "arm")),
        "knees together": Check(plain, "together", (None, "knee")),
        "head between arms": Check(plain, "head between", (None, "arm")),
        "ball between back and wall": Check(plain, "between", (None, "ball"), (None, "wall")),
        "ball between back and floor": Check(plain, "between", (None, "ball"), (None, "floor")),
        "hands at shoulder height": Check(plain, "at", (None, "hand"), (None, "shoulder height")),
    }
    if plain in fixed:
        return fixed[plain]
    if plain in SHAPES:
        return Check(plain, plain)
    side, rest = _side(words)
    if len(rest) == 2 and side and rest[1] == "across" and rest[0] in ("arm", "leg"):
        return Check(plain, "across", (side, rest[0]))
    if side and rest == ["arm", "straight"]:
        return Check(plain, "arms straight", (side, "arm"))
    if len(rest) > 2 and rest[-2:] in (["stays", "put"], ["stay", "put"]):
        limb = LIMBS.get(" ".join(rest[:-2]))
        if limb is not None:
            return Check(plain, "put", (side, limb))
    for relation in RELATIONS:
        if relation not in rest:
            continue
        at = rest.index(relation)
        part = " ".join(rest[:at])
        who = LIMBS.get(part) or (TRUNK.get(part) if side is None else None)
        if who is None:
            break
        target_side, place = _side(rest[at + 1 :], own=True)
        name = " ".join(place)
        if relation != "at" and target_side is None and name in PLACES:
            return Check(plain, relation, (side, who), (None, name))
        if part not in LIMBS:
            break
        if relation == "at" and name == "shoulder height" and target_side is None:
            return Check(plain, "at", (side, who), (None, name))
        if relation == "behind" and name in ("shoulders", "the shoulders") and not target_side:
            return Check(plain, "behind", (side, who), (None, "shoulders"))
        single = name.removesuffix("s")
        if relation == "under" and single in ("shoulder", "hip"):
            return Check(plain, "below", (side, who), (target_side or "own", single))
        if relation in ("on", "under") and single in ("thigh", "knee", "shoulder"):
            return Check(plain, relation, (side, who), (target_side or "own", single))
        if relation == "outside" and single in ("thigh", "knee"):
            return Check(plain, relation, (side, who), (target_side or "own", single))
        if relation == "behind" and single == "thigh":
            return Check(plain, relation, (side, who), (target_side or "own", single))
        if relation == "on" and name == "chest" and target_side is None:
            return Check(plain, relation, (side, who), (None, "chest"))
        break
    raise BadCheck(f"'{text}' is not a declaration this version understands")


def _side(words: list[str], own: bool = False) -> tuple[str | None, list[str]]:
    sides = ("left", "right", "own") if own else ("left", "right")
    if words and words[0] in sides:
        return words[0], words[1:]
    return None, words


@dataclass(frozen=True)
class Finding:
    """A problem with a figure: `where` names the declaration or pose it is about
    (`checks[2]`, `end.checks[1]`, `start`, `end`), `message` what is wrong."""

    where: str
    message: str


POSES = (("start", "the start"), ("end", "the held position"))


def problems(figure: Figure) -> list[Finding]:
    """Everything wrong with a figure: unreadable declarations, declarations its drawn poses
    break, and poses no body can take (start and held, on either side)."""
    found: list[Finding] = []
    declared: dict[str, list[tuple[str, Check]]] = {"start": [], "end": []}
    for key, pose in (("start", figure.start), ("end", figure.end)):
        items = [(f"checks[{i}]", t) for i, t in enumerate(figure.checks, 1)]
        items += [(f"{key}.checks[{i}]", t) for i, t in enumerate(pose.checks, 1)]
        for where, text in items:
            try:
                declared[key].append((where, parse(text)))
            except BadCheck as error:
                if not any(f.where == where for f in found):
                    found.append(Finding(where, str(error)))
    if found:
        return found
    poses = {"start": figure.start, "end": figure.end}
    for mirror in (False, True):
        side = " (right side)" if mirror else ""
        anchor = posed(figure.start.base, joints_of(figure.start), mirror)
        place = scene(figure.props, anchor, mirror)
        for key, label in POSES:
            shown = poses[key]
            bones = posed(shown.base, joints_of(shown), mirror)
            checks = [(w, _mirror(c) if mirror else c) for w, c in declared[key]]
            for where, check in checks:
                failure = holds(check, bones, place, anchor)
                if failure:
                    found.append(
                        Finding(where, f"'{check.text}' is not true in {label}{side}: {failure}")
                    )
            found_here = body_problems(bones, place, [c for _, c in checks], figure, mirror)
            for failure in found_here:
                found.append(Finding(key, f"{label}{side}: {failure}"))
    return _first_of_each(found)


def _first_of_each(found: list[Finding]) -> list[Finding]:
    """One problem per declaration or pose (the start before the held position, the left
    side before the right): the first is enough to find what to fix."""
    seen: set[str] = set()
    result = []
    for finding in found:
        if finding.where not in seen:
            seen.add(finding.where)
            result.append(finding)
    return result


def _mirror(check: Check) -> Check:
    swap = {"left": "right", "right": "left"}

    def side(value: tuple[str | None, str]) -> tuple[str | None, str]:
        return (swap.get(value[0] or "", value[0]), value[1])

    return Check(check.text, check.relation, side(check.who), side(check.target))


# --- Declarations -------------------------------------------------------------------------


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


def holds(check: Check, bones: Skeleton, place: Scene, start: Skeleton | None = None) -> str:
    """Why a declaration is not true of a pose ('' when it is); `start`: the body in the
    start pose, which what stays put stays at (else the pose itself)."""
    side, part = check.who
    if check.relation in ("across", "own side", "head between"):
        return ""  # permissions (and the default): body_problems checks the midline
    if check.relation in SHAPES:
        return _shape(check.relation, bones, place, side)
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
            ahead = _dot(_minus(blob.a, bones.points[f"{limb_side}_shoulder"]), forward)
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
    t = _nearest(point, a, b)
    return point[1] <= a[1] + (b[1] - a[1]) * t + 0.05


def _ball_between(bones: Skeleton, place: Scene, other: str) -> str:
    ball = place.ball(bones)
    if ball is None:
        return "there is no ball"
    # Beside the spine: how far it is from the back, the sideways offset left out.
    middle, neck = bones.points["middle"], bones.points["neck"]
    off = _minus(ball, _between(middle, neck, _nearest(ball, middle, neck)))
    left = bones.axis(bones.chest, 0)
    back = math.sqrt(max(0.0, _dot(off, off) - _dot(off, left) ** 2))
    if back - BALL_RADIUS - 0.2 > TOUCH:
        return f"the ball is {back - BALL_RADIUS - 0.2:.1f} off the back"
    if other == "wall":
        if place.wall is None:
            return "there is no wall"
        gap = ball[2] - BALL_RADIUS - place.wall
    else:
        gap = ball[1] - BALL_RADIUS - place.floor
    return "" if abs(gap) <= TOUCH else f"the ball is {gap:.1f} off the {other}"


def _nearest(point: Vec, a: Vec, b: Vec) -> float:
    v = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
    length2 = v[0] ** 2 + v[1] ** 2 + v[2] ** 2
    if length2 == 0:
        return 0.0
    t = sum((point[i] - a[i]) * v[i] for i in range(3)) / length2
    return max(0.0, min(1.0, t))


def _distance(blob: Blob, a: Vec, b: Vec) -> float:
    """The shortest distance between the blob's segment and the segment a-b (sampled)."""
    best = math.inf
    for k in range(11):
        t = k / 10
        point = tuple(blob.a[i] + (blob.b[i] - blob.a[i]) * t for i in range(3))
        u = _nearest(point, a, b)  # type: ignore[arg-type]
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
    t = _nearest(blob.a, hip, knee)
    off = _minus(blob.a, _between(hip, knee, t))
    if check.relation == "outside":
        outward = _unit(_minus(p["left_hip"], p["right_hip"]))
        out = _dot(off, outward) * (1 if side == "left" else -1)
        return "" if out >= 0.1 else f"{blob.name} is on the inside of {where}"
    along = _unit(_minus(knee, hip))
    shin = _minus(ankle, knee)
    back = _unit(_minus(shin, _between((0.0, 0.0, 0.0), along, _dot(shin, along))))
    if t > 0.8:
        return f"{blob.name} is at the {side} knee, not behind the thigh"
    if _dot(off, back) < 0.05:
        return f"{blob.name} is on the front of {where}, not behind it"
    return ""


def _shape(shape: str, bones: Skeleton, place: Scene, only: str | None = None) -> str:
    """Why the body is not in a declared shape ('' when it is); `only`: of one arm."""
    p = bones.points
    up_low, up_high = _minus(p["middle"], p["pelvis"]), _minus(p["neck"], p["middle"])
    if shape == "chin level":
        face = bones.axis(bones.head, 2)
        tilt = math.degrees(math.asin(max(-1.0, min(1.0, face[1]))))
        if abs(tilt) > CHIN_LEVEL:
            return f"the chin is {'lifted' if tilt > 0 else 'dropped'} {abs(tilt):.0f} degrees"
    elif shape == "head neutral":
        bend = _signed(up_high, _minus(p["head"], p["neck"]), bones.axis(bones.chest, 2))
        if not NEUTRAL_NECK[0] <= bend <= NEUTRAL_NECK[1]:
            way = "tipped back" if bend < 0 else "bent forward"
            return f"the head is {way} {abs(bend):.0f} degrees over the upper back's line"
    elif shape == "back upright":
        for name, part in (("low back", up_low), ("upper back", up_high)):
            lean = _angle(part, (0.0, 1.0, 0.0))
            if lean > UPRIGHT:
                way = "back" if _dot(part, bones.axis(bones.legs, 2)) < 0 else "forward"
                return f"the {name} leans {way} {lean:.0f} degrees"
    elif shape == "arms straight":
        for side in SIDES if only is None else (only,):
            upper = _minus(p[f"{side}_elbow"], p[f"{side}_shoulder"])
            bend = _angle(upper, _minus(p[f"{side}_hand"], p[f"{side}_elbow"]))
            if bend > STRAIGHT:
                return f"the {side} elbow is bent {bend:.0f} degrees"
    elif shape == "arms hanging":
        # The upper arms hang down and the forearms go on down from the elbows (resting on
        # the floor if it is near): not reaching forward, not propped on the forearms.
        for side in SIDES:
            upper = _minus(p[f"{side}_elbow"], p[f"{side}_shoulder"])
            off = _angle(upper, (0.0, -1.0, 0.0))
            if off > HANGING[0]:
                return f"the {side} upper arm is {off:.0f} degrees from hanging straight down"
            fore = _minus(p[f"{side}_hand"], p[f"{side}_elbow"])
            slope = math.degrees(math.asin(max(-1.0, min(1.0, -_unit(fore)[1]))))
            if slope < HANGING[1]:
                return f"the {side} forearm slopes down {slope:.0f} degrees, not hanging"
    elif shape == "hands together":
        gap = math.dist(p["left_hand"], p["right_hand"]) - 0.26
        if gap > TOUCH:
            return f"the hands are {gap:.1f} apart"
    elif shape == "head between knees":
        return _head_between_knees(bones)
    elif shape == "hands beyond head":
        along = _unit(_minus(p["neck"], p["pelvis"]))
        head = _dot(_minus(p["head"], p["pelvis"]), along) + HEAD_RADIUS
        for side in SIDES:
            short = head - _dot(_minus(p[f"{side}_hand"], p["pelvis"]), along)
            if short > 0:
                return f"the {side} hand is {short:.1f} short of reaching past the head"
    else:  # a small gap under the low back, the shoulder blades down
        gap = p["middle"][1] - 0.2 - place.floor
        low, high = LOW_BACK_GAP
        if not low <= gap <= high:
            return f"the gap under the low back is {gap:.2f}, not between {low} and {high}"
        blades = p["neck"][1] - 0.2 - place.floor
        if blades > TOUCH:
            return f"the upper back is {blades:.1f} above the floor"
    return ""


def _head_between_knees(bones: Skeleton) -> str:
    """The head hangs between the knees: between them side to side, not past the toes
    forward, and down at their height or lower."""
    p = bones.points
    left = _unit(_minus(p["left_hip"], p["right_hip"]))
    forward = bones.axis(bones.legs, 2)
    head, knees = p["head"], (p["left_knee"], p["right_knee"])
    sideways = sorted(_dot(_minus(k, p["pelvis"]), left) for k in knees)
    across = _dot(_minus(head, p["pelvis"]), left)
    if not sideways[0] <= across <= sideways[1]:
        return "the head is not between the knees, side to side"
    ahead = _dot(_minus(head, p["pelvis"]), forward) - min(
        _dot(_minus(p[f"{side}_toe"], p["pelvis"]), forward) for side in SIDES
    )
    if ahead > 0:
        return f"the head is {ahead:.1f} in front of the toes"
    above = head[1] - max(k[1] for k in knees)
    if above > 2 * HEAD_RADIUS:
        return f"the head is {above:.1f} above the knees"
    return ""


# --- What is true of any body -------------------------------------------------------------


def body_problems(
    bones: Skeleton, place: Scene, checks: list[Check], figure: Figure, mirror: bool = False
) -> Iterator[str]:
    """What no body does: sink into the floor, the chair or the wall, cross its midline or
    its head with a limb (unless declared), bend a joint past a human range."""
    yield from _solid(bones, place)
    yield from _midline(bones, checks)
    if not mirror:  # the right side is drawn as the left side's picture, flipped
        yield from _through_head(bones, checks, figure)
    yield from _ranges(bones)


def _solid(bones: Skeleton, place: Scene) -> Iterator[str]:
    for name, point, radius in _named(bones):
        x, y, z = point
        if y - radius < place.floor - SINK:
            yield f"{name} is {place.floor - (y - radius):.1f} below the floor"
            return
        if "chair" in place.kinds and CHAIR_X[0] < x < CHAIR_X[1]:
            in_seat = CHAIR_Z[0] < z < CHAIR_Z[1] and y + radius - SINK > CHAIR_SEAT - 0.15
            if in_seat and y - radius < CHAIR_SEAT - SINK:
                yield f"{name} is inside the chair's seat"
                return
            in_back = CHAIR_BACK[0] - radius + SINK < z < CHAIR_BACK[1] + radius - SINK
            if in_back and CHAIR_SEAT < y < CHAIR_SEAT + CHAIR_BACK_TOP:
                yield f"{name} is inside the chair's back"
                return
        if place.wall is not None and z - radius < place.wall - SINK:
            yield f"{name} is inside the wall"
            return


def _named(bones: Skeleton) -> Iterator[tuple[str, Vec, float]]:
    """Points along every segment, each named by the nearest named point."""
    for segment in segments_of(bones):
        for k in range(5):
            t = k / 4
            point: Vec = (
                segment.a[0] + (segment.b[0] - segment.a[0]) * t,
                segment.a[1] + (segment.b[1] - segment.a[1]) * t,
                segment.a[2] + (segment.b[2] - segment.a[2]) * t,
            )
            nearest = min(bones.points, key=lambda n: math.dist(bones.points[n], point))
            yield _label(nearest), point, segment.radius


def _label(name: str) -> str:
    names = {"pelvis": "the pelvis", "middle": "the back", "neck": "the neck", "head": "the head"}
    return names.get(name) or "the " + name.replace("_", " ")


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _minus(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _between(a: Vec, b: Vec, t: float) -> Vec:
    """The point `t` of the way from a to b."""
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def _unit(v: Vec) -> Vec:
    length = math.sqrt(_dot(v, v)) or 1.0
    return (v[0] / length, v[1] / length, v[2] / length)


def _allowed(checks: list[Check], limb: str, side: str) -> bool:
    """Whether a declaration lets a limb cross the midline: declared across, or touching
    something on the other side."""
    other = "right" if side == "left" else "left"
    for check in checks:
        who_side, who = check.who
        if check.relation == "across" and who == limb and who_side in (None, side):
            return True
        mine = who_side in (None, side)
        elsewhere = check.target[0] == other or check.target == (None, "chest")
        if limb == "arm" and who in ("hand", "forearm", "elbow") and mine and elsewhere:
            return True
        legs = ("foot", "heel", "shin", "knee")
        if limb == "leg" and who in legs and mine and check.target[0] == other:
            return True
    return False


def _midline(bones: Skeleton, checks: list[Check]) -> Iterator[str]:
    p = bones.points
    chest_left = _unit(_minus(p["left_shoulder"], p["right_shoulder"]))
    legs_left = _unit(_minus(p["left_hip"], p["right_hip"]))
    for side, sign in (("left", 1.0), ("right", -1.0)):
        arms = (f"{side}_elbow", f"{side}_hand")
        legs = (f"{side}_knee", f"{side}_ankle", f"{side}_toe")
        for limb, names, centre, axis in (
            ("arm", arms, p["neck"], chest_left),
            ("leg", legs, p["pelvis"], legs_left),
        ):
            if _allowed(checks, limb, side):
                continue
            for name in names:
                across = -sign * _dot(_minus(p[name], centre), axis)
                if across > 0.15:
                    yield (
                        f"{_label(name)} crosses the body's midline "
                        f"(declare '{side} {limb} across' if it should)"
                    )
                    return


def _through_head(bones: Skeleton, checks: list[Check], figure: Figure) -> Iterator[str]:
    """No arm or leg is drawn across the head in the figure's view."""
    if any(c.relation == "head between" for c in checks):
        return
    p = bones.points
    head = project(p["head"], figure.view)
    centre: Vec = (head[0], head[1], 0.0)
    head_depth = nearness(p["head"], figure.view)
    for side in SIDES:
        for a, b in (("shoulder", "elbow"), ("elbow", "hand"), ("hip", "knee"), ("knee", "ankle")):
            ends = (p[f"{side}_{a}"], p[f"{side}_{b}"])
            pa, pb = (project(end, figure.view) for end in ends)
            flat_a: Vec = (pa[0], pa[1], 0.0)
            flat_b: Vec = (pb[0], pb[1], 0.0)
            t = _nearest(centre, flat_a, flat_b)
            nearest = tuple(flat_a[i] + (flat_b[i] - flat_a[i]) * t for i in range(3))
            if math.dist(centre, nearest) >= HEAD_RADIUS * 0.75:
                continue
            # Drawn over the head, or hidden by it but showing on both sides of it.
            point = tuple(ends[0][i] + (ends[1][i] - ends[0][i]) * t for i in range(3))
            over = nearness(point, figure.view) > head_depth  # type: ignore[arg-type]
            outside = all(math.dist(centre, f) > HEAD_RADIUS for f in (flat_a, flat_b))
            if over or outside:
                seen = {
                    "side": "from the side",
                    "front": "from the front",
                    "back": "from behind",
                    "above": "from above",
                    "three-quarter": "in three-quarters",
                }[figure.view]
                yield f"the {side} {_limb_name(a)} is drawn across the head, seen {seen}"
                return


def _limb_name(joint: str) -> str:
    return {"shoulder": "upper arm", "elbow": "forearm", "hip": "thigh", "knee": "shin"}[joint]


def _angle(u: Vec, v: Vec) -> float:
    cos = _dot(_unit(u), _unit(v))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def _ranges(bones: Skeleton) -> Iterator[str]:
    p = bones.points
    up_low = _minus(p["middle"], p["pelvis"])
    up_high = _minus(p["neck"], p["middle"])
    chest_forward = bones.axis(bones.chest, 2)
    legs_forward = _unit(_cross(_minus(p["left_hip"], p["right_hip"]), up_low))
    measured = [("back", _signed(up_low, up_high, chest_forward))]
    head = _minus(p["head"], p["neck"])
    measured.append(("neck", _signed(up_high, head, chest_forward)))
    for side in SIDES:
        s = f"{side}_"
        thigh = _minus(p[s + "knee"], p[s + "hip"])
        shin = _minus(p[s + "ankle"], p[s + "knee"])
        upper = _minus(p[s + "elbow"], p[s + "shoulder"])
        fore = _minus(p[s + "hand"], p[s + "elbow"])
        measured.append((f"{side} knee", _angle(thigh, shin)))
        measured.append((f"{side} elbow", _angle(upper, fore)))
        down = (-up_low[0], -up_low[1], -up_low[2])
        hip = _angle(down, thigh) * (1 if _dot(thigh, legs_forward) >= 0 else -1)
        measured.append((f"{side} hip", hip))
        behind = -_dot(_unit(upper), chest_forward)
        measured.append(
            (f"{side} shoulder behind", math.degrees(math.asin(min(1.0, max(0.0, behind)))))
        )
    for name, value in measured:
        low, high = RANGES[name.split(" ", 1)[1] if name.startswith(SIDES) else name]
        if not low - 0.5 <= value <= high + 0.5:
            yield f"the {name} is at {value:.0f} degrees, outside {low:g} to {high:g}"
            return


def _signed(first: Vec, second: Vec, forward: Vec) -> float:
    """How far `second` bends forward of `first`'s line (negative: backward)."""
    angle = _angle(first, second)
    return (
        angle
        if _dot(second, forward) >= _dot(_unit(first), forward) * math.sqrt(_dot(second, second))
        else -angle
    )


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
