"""Getting from one exercise to the next: where each is done (in the chair, standing, on the
floor), what the coach says to get there, and how long it takes. Pure functions.

No source gives these times; each is chosen for someone with a sore back moving slowly and
carefully, and marked as chosen below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from stretchcli.model import Exercise

Place = Literal["chair", "standing", "floor"]
START: Place = "chair"  # someone who has just typed `stretch run` is at their desk

# Chosen: standing up from a chair, or sitting down on it.
STAND_OR_SIT_SECONDS = 3.0
# Chosen: from a chair down onto the floor (hand on the chair, one knee, then the other).
DOWN_SECONDS = 15.0
# Chosen: up from the floor (roll to the side, push up to the knees, stand with a hand on
# the chair), then sit or stand where the next exercise is done.
UP_SECONDS = 20.0
# Chosen: from one position on the floor to another (all fours to lying, onto the side).
TURN_OVER_SECONDS = 5.0
TO_WALL_SECONDS = 5.0  # chosen: a few steps to a clear bit of wall
PICK_UP_SECONDS = 3.0  # chosen: picking up what was put within reach at the start
# Chosen: at the start, putting what the routine needs within reach.
FETCH_SECONDS = 10.0

ALWAYS_THERE = frozenset({"chair", "wall", "floor", "bed"})  # not fetched before the start
CARRIED = ALWAYS_THERE | {"mat"}  # not picked up and carried from one exercise to the next


def place(exercise: Exercise) -> Place:
    """Where an exercise is done: from its figure's start position, else from its
    `position` words ("sitting", "standing"; anything else is on the floor)."""
    if exercise.figure is not None:
        base = exercise.figure.start.base
        if base == "sitting":
            return "chair"
        return "standing" if base == "standing" else "floor"
    words = exercise.position.lower()
    if "stand" in words:
        return "standing"
    if "sit" in words and "floor" not in words and "long" not in words:
        return "chair"
    return "floor" if words else "chair"


@dataclass(frozen=True)
class Move:
    """What to say to get to the next exercise, and how long doing it takes."""

    say: str
    seconds: float


def _down(on_bed: bool, mat: bool) -> str:
    if on_bed:
        return "Lie down on your bed."
    where = "your mat" if mat else "the floor"
    return f"Get down onto {where} slowly, with a hand on a chair if you need it."


UP = "Roll onto your side and push yourself up with your arms onto your hands and knees."


def move(
    before: Exercise | None,
    after: Exercise,
    needed_before: Sequence[str] = (),
    on_bed: bool = False,
) -> Move | None:
    """How to get from `before` (None: the start of the session, at the desk) to `after`:
    changing place, picking up what `after` needs that nothing before it used
    (`needed_before`), going to a wall. None when nothing changes."""
    start = START if before is None else place(before)
    end = place(after)
    mat = "mat" in after.equipment
    said: list[str] = []
    seconds = 0.0
    if start != end:
        if end == "floor":
            said.append(_down(on_bed, mat))
            seconds += DOWN_SECONDS
        elif start == "floor" and not on_bed:
            finish = "stand up and sit on it" if end == "chair" else "stand up slowly"
            said.append(f"{UP} Then, with a hand on a chair, {finish}.")
            seconds += UP_SECONDS
        elif start == "floor":
            said.append("Sit up slowly and get out of bed." if end != "chair" else "Sit up.")
            seconds += UP_SECONDS
        else:
            said.append("Stand up." if end == "standing" else "Sit down on the chair.")
            seconds += STAND_OR_SIT_SECONDS
    elif end == "floor" and _turns_over(before, after):
        seconds += TURN_OVER_SECONDS  # the setup says how
    new = [item for item in after.equipment if item not in needed_before]
    picked = [item for item in new if item not in CARRIED]
    if picked and before is not None:
        said.append(f"Pick up your {listing(picked)}.")
        seconds += PICK_UP_SECONDS
    if "wall" in new:
        said.append("Go to a clear bit of wall.")
        seconds += TO_WALL_SECONDS
    if not said and not seconds:
        return None
    return Move(" ".join(said), seconds)


def _turns_over(before: Exercise | None, after: Exercise) -> bool:
    """Whether two exercises on the floor start from different positions."""
    if before is None or before.figure is None or after.figure is None:
        return False
    return before.figure.start.base != after.figure.start.base


def get_up(last: Exercise, on_bed: bool) -> str:
    """What to say at the end of a session that ends lying or kneeling on the floor."""
    if place(last) != "floor":
        return ""
    if on_bed:
        return "Take your time sitting up."
    return f"Take your time getting up. {UP} Then stand up slowly, with a hand on a chair."


def listing(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
