"""Points and turns in three dimensions (x to the person's left, y up, z forward): the
arithmetic every part of the body's geometry shares. Pure functions."""

from __future__ import annotations

import math

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows
Point = tuple[float, float]

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


def minus(a: Vec, b: Vec) -> Vec:
    """a - b."""
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def dot(a: Vec, b: Vec) -> float:
    """The dot product of a and b."""
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    """The cross product a × b."""
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def unit(v: Vec) -> Vec:
    """v at length 1 (a zero vector stays zero)."""
    length = math.sqrt(dot(v, v)) or 1.0
    return (v[0] / length, v[1] / length, v[2] / length)


def between(a: Vec, b: Vec, t: float) -> Vec:
    """The point `t` of the way from a to b."""
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def nearest_t(point: Vec, a: Vec, b: Vec) -> float:
    """How far along the segment a-b (0 to 1) its point nearest to `point` is."""
    v = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
    length2 = v[0] ** 2 + v[1] ** 2 + v[2] ** 2
    if length2 == 0:
        return 0.0
    t = sum((point[i] - a[i]) * v[i] for i in range(3)) / length2
    return max(0.0, min(1.0, t))


def angle_between(u: Vec, v: Vec) -> float:
    """The angle between u and v, in degrees."""
    cos = dot(unit(u), unit(v))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def forward_bend(first: Vec, second: Vec, forward: Vec) -> float:
    """How far `second` bends forward of `first`'s line, in degrees (negative: backward)."""
    degrees = angle_between(first, second)
    return (
        degrees
        if dot(second, forward) >= dot(unit(first), forward) * math.sqrt(dot(second, second))
        else -degrees
    )
