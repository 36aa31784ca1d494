"""What is true of any posed body, declared or not: nothing sinks into the floor, the chair or
the wall; no limb crosses the body's midline or is drawn across the head (unless declared); no
arm passes through a leg; every joint is within a human range. Pure functions."""

from __future__ import annotations

import math
from collections.abc import Iterator

from stretchcli.body.declarations import Check
from stretchcli.body.projection import nearness, project
from stretchcli.body.scene import CHAIR_BACK, CHAIR_BACK_TOP, CHAIR_SEAT, CHAIR_X, CHAIR_Z, Scene
from stretchcli.body.skeleton import HEAD_RADIUS, SIDES, Skeleton, segments_of
from stretchcli.body.tolerances import LIMB_SINK, RANGES, SINK
from stretchcli.body.vectors import (
    Vec,
    angle_between,
    between,
    cross,
    dot,
    forward_bend,
    minus,
    nearest_t,
    unit,
)
from stretchcli.model import Figure

ARM_RADIUS = 0.13  # as drawn (skeleton.LIMBS)
HAND_FREE = 0.7  # of the forearm from the elbow: what is not the hand's end


def body_problems(
    bones: Skeleton, place: Scene, checks: list[Check], figure: Figure, mirror: bool = False
) -> Iterator[str]:
    """What no body does: sink into the floor, the chair or the wall, cross its midline or
    its head with a limb (unless declared), pass an arm through a leg, bend a joint past a
    human range."""
    yield from _solid(bones, place)
    yield from _midline(bones, checks)
    yield from _arm_through_leg(bones)
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
    chest_left = unit(minus(p["left_shoulder"], p["right_shoulder"]))
    legs_left = unit(minus(p["left_hip"], p["right_hip"]))
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
                across = -sign * dot(minus(p[name], centre), axis)
                if across > 0.15:
                    yield (
                        f"{_label(name)} crosses the body's midline "
                        f"(declare '{side} {limb} across' if it should)"
                    )
                    return


def _arm_through_leg(bones: Skeleton) -> Iterator[str]:
    """No upper arm or forearm goes through a thigh or a shin. The hand's end is left out:
    a hand resting on a thigh or a knee presses into it (its contacts are declared)."""
    p = bones.points
    arm = (("shoulder", "elbow", 1.0, "upper arm"), ("elbow", "hand", HAND_FREE, "forearm"))
    leg = (("hip", "knee", 0.16, "thigh"), ("knee", "ankle", 0.15, "shin"))
    for side in SIDES:
        for a, b, reach, name in arm:
            start, end = p[f"{side}_{a}"], p[f"{side}_{b}"]
            points = [between(start, end, reach * k / 8) for k in range(9)]
            for other in SIDES:
                for c, d, radius, leg_name in leg:
                    near, far = p[f"{other}_{c}"], p[f"{other}_{d}"]
                    depth = max(
                        ARM_RADIUS
                        + radius
                        - math.dist(q, between(near, far, nearest_t(q, near, far)))
                        for q in points
                    )
                    if depth > LIMB_SINK:
                        yield f"the {side} {name} goes {depth:.1f} into the {other} {leg_name}"
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
            t = nearest_t(centre, flat_a, flat_b)
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


def _ranges(bones: Skeleton) -> Iterator[str]:
    p = bones.points
    up_low = minus(p["middle"], p["pelvis"])
    up_high = minus(p["neck"], p["middle"])
    chest_forward = bones.axis(bones.chest, 2)
    legs_forward = unit(cross(minus(p["left_hip"], p["right_hip"]), up_low))
    measured = [("back", forward_bend(up_low, up_high, chest_forward))]
    head = minus(p["head"], p["neck"])
    measured.append(("neck", forward_bend(up_high, head, chest_forward)))
    for side in SIDES:
        s = f"{side}_"
        thigh = minus(p[s + "knee"], p[s + "hip"])
        shin = minus(p[s + "ankle"], p[s + "knee"])
        upper = minus(p[s + "elbow"], p[s + "shoulder"])
        fore = minus(p[s + "hand"], p[s + "elbow"])
        measured.append((f"{side} knee", angle_between(thigh, shin)))
        measured.append((f"{side} elbow", angle_between(upper, fore)))
        down = (-up_low[0], -up_low[1], -up_low[2])
        hip = angle_between(down, thigh) * (1 if dot(thigh, legs_forward) >= 0 else -1)
        measured.append((f"{side} hip", hip))
        behind = -dot(unit(upper), chest_forward)
        measured.append(
            (f"{side} shoulder behind", math.degrees(math.asin(min(1.0, max(0.0, behind)))))
        )
    for name, value in measured:
        low, high = RANGES[name.split(" ", 1)[1] if name.startswith(SIDES) else name]
        if not low - 0.5 <= value <= high + 0.5:
            yield f"the {name} is at {value:.0f} degrees, outside {low:g} to {high:g}"
            return
