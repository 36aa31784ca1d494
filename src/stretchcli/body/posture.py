"""What a posed figure must satisfy, checked on the geometry of its drawn points.

A figure declares, in the words of its instructions, what is true of its poses: contacts
(`feet on floor`, `seat on chair`, `ball between back and wall`, `hands behind left thigh`,
within TOUCH), placings (`hands under shoulders`, `hands stay put`, `hands at shoulder
height`), shapes (`back upright`, `chin level`, `head neutral`, `arms hanging`) and
permissions (`arms crossed`...); `declarations.PATTERN` has them all. Every pose is also
held to what is true of any body (rules.py): nothing below the floor or inside the chair or
the wall, no limb across the body's midline or through the head (unless declared), every
joint within a human range. Pure functions: a figure in, problems out (the catalog reports
them with the file's line and column; the tests run them over every built-in figure).
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchcli.body.contacts import contact_failure
from stretchcli.body.declarations import SHAPES, BadCheck, Check, parse
from stretchcli.body.rules import body_problems
from stretchcli.body.scene import Scene, scene
from stretchcli.body.shapes import shape_failure
from stretchcli.body.skeleton import Skeleton, joints_of, posed
from stretchcli.model import Figure


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


def holds(check: Check, bones: Skeleton, place: Scene, start: Skeleton | None = None) -> str:
    """Why a declaration is not true of a pose ('' when it is); `start`: the body in the
    start pose, which what stays put stays at (else the pose itself)."""
    if check.relation in ("across", "own side", "head between"):
        return ""  # permissions (and the default): body_problems checks the midline
    if check.relation in SHAPES:
        return shape_failure(check.relation, bones, place, check.who[0])
    return contact_failure(check, bones, place, start)
