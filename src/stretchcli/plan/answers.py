"""What `stretch start` asks, as data: the places it may hurt, the red-flag groups, the
precautions, and the answers themselves (each default is what Enter takes). No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stretchcli.safety import EMERGENCY, SOON, URGENT, Urgency

Area = Literal["upper-back", "neck-shoulders", "lower-back"]
AREAS: tuple[Area, ...] = ("upper-back", "neck-shoulders", "lower-back")
AREA_WORDS: dict[Area, str] = {
    "upper-back": "the upper back",
    "neck-shoulders": "the neck and shoulders",
    "lower-back": "the lower back",
}
Precaution = Literal["osteoporosis", "blood-thinners", "recent-surgery", "stenosis"]
PRECAUTIONS: tuple[Precaution, ...] = (
    "osteoporosis",
    "blood-thinners",
    "recent-surgery",
    "stenosis",
)
Flag = Literal["emergency", "urgent", "see-clinician"]
# Pain at the top of the back, between the shoulder blades: none there, there and checked by
# a clinician (unchanged since), or there and not checked (the NHS: urgent, same day).
ShoulderBlades = Literal["no", "checked", "unchecked"]
SHOULDER_BLADES: tuple[ShoulderBlades, ...] = ("no", "checked", "unchecked")
FLAGS: dict[Flag, Urgency] = {"emergency": EMERGENCY, "urgent": URGENT, "see-clinician": SOON}
MINUTES = (1, 60)


@dataclass(frozen=True)
class Answers:
    """What the person said (each answer's default is what Enter takes)."""

    where: Area = "upper-back"
    flags: tuple[Flag, ...] = ()  # the red-flag groups answered yes
    shoulder_blades: ShoulderBlades = "no"
    precautions: frozenset[Precaution] = frozenset()
    cleared: bool = False  # after recent surgery, a clinician has said exercise is fine
    floor: bool = True  # can get down to the floor and up, with room to lie down
    chair: bool = True  # a steady chair (a desk chair)
    bed: bool = False
    ball: bool = False  # a tennis ball
    wall: bool = True  # a clear stretch of wall
    mat: bool = True  # a mat, or a thick blanket, for the floor
    band: bool = False  # a resistance band (an exercise band)
    minutes: int = 10
    days: int = 3

    def fits(self, seconds: float) -> bool:
        """Whether a session of `seconds` fits the minutes a day. Chosen: to the nearest
        minute, as every time is said "about" (a routine of 10:07 is a 10-minute routine),
        so that a few seconds of wording never pass the best routine over."""
        return seconds < (self.minutes + 0.5) * 60
