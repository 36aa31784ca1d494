"""Getting from one exercise to the next: where each is done (in the chair, standing, on the
floor), what the coach says to get there, and how long it takes. Pure functions.

No source gives these times; each is chosen for someone with a sore back moving slowly and
carefully, and marked as chosen below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from stretchcli.model import Base, Exercise
from stretchcli.plan.equipment import bare, in_place, things
from stretchcli.text import listing as listing

Place = Literal["chair", "standing", "floor"]
# How the body lies or kneels on the floor (or bed), which says how to get out of it.
Posture = Literal["standing", "chair", "back", "front", "side", "kneeling", "floor-sitting"]
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


_POSTURES: dict[Base, Posture] = {
    "standing": "standing",
    "sitting": "chair",
    "long-sitting": "floor-sitting",
    "lying": "back",
    "bridge": "back",  # the hips are lowered before the exercise ends
    "side-lying": "side",
    "prone": "front",
    "all-fours": "kneeling",
    "heel-sitting": "kneeling",
}


def posture(exercise: Exercise, end: bool = False) -> Posture:
    """How an exercise is done (`end`: how it ends): from its figure's start (or end) pose,
    else from its `position` words."""
    if exercise.figure is not None:
        pose = exercise.figure.end if end else exercise.figure.start
        return _POSTURES[pose.base]
    words = exercise.position.lower()
    for posture_words, found in _POSITION_WORDS:
        if any(word in words for word in posture_words):
            return found
    where = place(exercise)
    return "back" if where == "floor" else where


_POSITION_WORDS: tuple[tuple[tuple[str, ...], Posture], ...] = (
    (("stand",), "standing"),
    (("face down", "prone"), "front"),
    (("side",), "side"),
    (("kneel", "hands-and-knees", "hands and knees", "all fours"), "kneeling"),
    (("long", "on the floor"), "floor-sitting"),
    (("sit",), "chair"),
)

# What to say to get from a posture on the floor onto the hands and knees, the way up: as
# the move from the floor to a chair says it (onto the side, then up with the arms).
TO_KNEES: dict[Posture, str] = {
    "back": "Roll onto your side and push yourself up with your arms onto your hands and knees.",
    "side": "Push yourself up with your arms onto your hands and knees.",
    "front": "Push up with your arms onto your hands and knees.",
    "floor-sitting": "Turn to one side and come onto your hands and knees.",
    "kneeling": "",  # already there
}
# From the hands and knees (or kneeling) down into a posture on the floor.
FROM_KNEES: dict[Posture, str] = {
    "back": "Sit to one side, lower yourself onto your side with your arms, and roll onto "
    "your back.",
    "side": "Sit to one side and lower yourself onto your side with your arms.",
    "front": "Lower yourself onto your front, with your arms.",
    "floor-sitting": "Sit to one side and bring your legs out in front of you.",
    "kneeling": "",
}


def turn(start: Posture, end: Posture) -> str:
    """How to get from one posture on the floor to another, by way of the hands and knees
    ('' when nothing changes)."""
    if start == end:
        return ""
    if {start, end} == {"back", "side"}:
        return "Roll onto your side." if end == "side" else "Roll onto your back."
    return " ".join(w for w in (TO_KNEES.get(start, ""), FROM_KNEES.get(end, "")) if w)


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


UP = TO_KNEES["back"]


def _up(start: Posture) -> str:
    """The way up from a posture on the floor onto the hands and knees, before standing."""
    if start == "kneeling":
        return "Bring one foot forward, flat on the floor."
    return TO_KNEES.get(start, UP)


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
            lower = "" if on_bed else FROM_KNEES.get(posture(after), "")
            if lower:  # down on the knees first, then into the exercise's posture
                said.append(lower)
                seconds += TURN_OVER_SECONDS
        elif start == "floor" and not on_bed:
            finish = "stand up and sit on it" if end == "chair" else "stand up slowly"
            up = _up(posture(before, end=True)) if before is not None else UP
            said.append(f"{up} Then, with a hand on a chair, {finish}.")
            seconds += UP_SECONDS
        elif start == "floor":
            said.append(_sit_up_in_bed(before) + (" Get out of bed." if end != "chair" else ""))
            seconds += UP_SECONDS
        else:
            said.append("Stand up." if end == "standing" else "Sit down on the chair.")
            seconds += STAND_OR_SIT_SECONDS
    elif end == "floor" and before is not None:
        how = turn(posture(before, end=True), posture(after))
        if how:
            said.append(how)
            seconds += TURN_OVER_SECONDS
    new = [item for item in after.equipment if item not in needed_before]
    picked = [bare(item) for item in new if not in_place(item)]
    if picked:
        # Picked up before getting down to the floor or turning over on it (fetched from
        # down there, it means getting up again); after standing up.
        said.insert(0 if end == "floor" else len(said), f"Pick up your {listing(picked)}.")
        seconds += PICK_UP_SECONDS
    if any("wall" in things((item,)) for item in new):
        said.append("Go to a clear bit of wall.")
        seconds += TO_WALL_SECONDS
    if not said and not seconds:
        return None
    return Move(" ".join(said), seconds)


def _sit_up_in_bed(last: Exercise | None) -> str:
    """How to sit up in bed from how `last` ends: onto the side first, up with the arms."""
    end = posture(last, end=True) if last is not None else "back"
    side = "" if end == "side" else "Roll onto your side. "
    return f"{side}Push yourself up to sitting with your arms as your legs go over the edge."


def get_up(last: Exercise, on_bed: bool) -> str:
    """What to say at the end of a session that ends lying or kneeling on the floor: the
    way up from the posture the last exercise ends in."""
    if place(last) != "floor":
        return ""
    if on_bed:
        return f"Take your time sitting up. {_sit_up_in_bed(last)}"
    up = _up(posture(last, end=True))
    return f"Take your time getting up. {up} Then stand up slowly, with a hand on a chair."
