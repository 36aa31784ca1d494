"""Where the props are (floor, mat, bed, chair, wall, ball, pillow), placed around a figure's
start pose, and their outlines. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass

from stretchcli.body.skeleton import HEAD_RADIUS, Segment, Skeleton, segments_of
from stretchcli.body.vectors import Vec
from stretchcli.model import Prop

BALL_RADIUS = 0.24  # a tennis ball, drawn a little large to be seen
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
