"""The shapes of the body a figure declares (`back upright`, `chin level`, `head neutral`,
`arms straight`, `arms hanging`, `hands together`...), measured on the drawn points of a posed
body. Pure functions."""

from __future__ import annotations

import math

from stretchcli.body.scene import Scene
from stretchcli.body.skeleton import HEAD_RADIUS, SIDES, Skeleton
from stretchcli.body.tolerances import (
    CHIN_LEVEL,
    HANGING,
    LOW_BACK_GAP,
    NEUTRAL_NECK,
    STRAIGHT,
    TOUCH,
    UPRIGHT,
)
from stretchcli.body.vectors import angle_between, dot, forward_bend, minus, unit


def shape_failure(shape: str, bones: Skeleton, place: Scene, only: str | None = None) -> str:
    """Why the body is not in a declared shape ('' when it is); `only`: of one arm."""
    p = bones.points
    up_low, up_high = minus(p["middle"], p["pelvis"]), minus(p["neck"], p["middle"])
    if shape == "chin level":
        face = bones.axis(bones.head, 2)
        tilt = math.degrees(math.asin(max(-1.0, min(1.0, face[1]))))
        if abs(tilt) > CHIN_LEVEL:
            return f"the chin is {'lifted' if tilt > 0 else 'dropped'} {abs(tilt):.0f} degrees"
    elif shape == "head neutral":
        bend = forward_bend(up_high, minus(p["head"], p["neck"]), bones.axis(bones.chest, 2))
        if not NEUTRAL_NECK[0] <= bend <= NEUTRAL_NECK[1]:
            way = "tipped back" if bend < 0 else "bent forward"
            return f"the head is {way} {abs(bend):.0f} degrees over the upper back's line"
    elif shape == "back upright":
        for name, part in (("low back", up_low), ("upper back", up_high)):
            lean = angle_between(part, (0.0, 1.0, 0.0))
            if lean > UPRIGHT:
                way = "back" if dot(part, bones.axis(bones.legs, 2)) < 0 else "forward"
                return f"the {name} leans {way} {lean:.0f} degrees"
    elif shape == "arms straight":
        for side in SIDES if only is None else (only,):
            upper = minus(p[f"{side}_elbow"], p[f"{side}_shoulder"])
            bend = angle_between(upper, minus(p[f"{side}_hand"], p[f"{side}_elbow"]))
            if bend > STRAIGHT:
                return f"the {side} elbow is bent {bend:.0f} degrees"
    elif shape == "arms hanging":
        # The upper arms hang down and the forearms go on down from the elbows (resting on
        # the floor if it is near): not reaching forward, not propped on the forearms.
        for side in SIDES:
            upper = minus(p[f"{side}_elbow"], p[f"{side}_shoulder"])
            off = angle_between(upper, (0.0, -1.0, 0.0))
            if off > HANGING[0]:
                return f"the {side} upper arm is {off:.0f} degrees from hanging straight down"
            fore = minus(p[f"{side}_hand"], p[f"{side}_elbow"])
            slope = math.degrees(math.asin(max(-1.0, min(1.0, -unit(fore)[1]))))
            if slope < HANGING[1]:
                return f"the {side} forearm slopes down {slope:.0f} degrees, not hanging"
    elif shape == "hands together":
        gap = math.dist(p["left_hand"], p["right_hand"]) - 0.26
        if gap > TOUCH:
            return f"the hands are {gap:.1f} apart"
    elif shape == "head between knees":
        return _head_between_knees(bones)
    elif shape == "hands beyond head":
        along = unit(minus(p["neck"], p["pelvis"]))
        head = dot(minus(p["head"], p["pelvis"]), along) + HEAD_RADIUS
        for side in SIDES:
            short = head - dot(minus(p[f"{side}_hand"], p["pelvis"]), along)
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
    left = unit(minus(p["left_hip"], p["right_hip"]))
    forward = bones.axis(bones.legs, 2)
    head, knees = p["head"], (p["left_knee"], p["right_knee"])
    sideways = sorted(dot(minus(k, p["pelvis"]), left) for k in knees)
    across = dot(minus(head, p["pelvis"]), left)
    if not sideways[0] <= across <= sideways[1]:
        return "the head is not between the knees, side to side"
    ahead = dot(minus(head, p["pelvis"]), forward) - min(
        dot(minus(p[f"{side}_toe"], p["pelvis"]), forward) for side in SIDES
    )
    if ahead > 0:
        return f"the head is {ahead:.1f} in front of the toes"
    above = head[1] - max(k[1] for k in knees)
    if above > 2 * HEAD_RADIUS:
        return f"the head is {above:.1f} above the knees"
    return ""
