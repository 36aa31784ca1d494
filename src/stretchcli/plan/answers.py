"""What `stretch start` asks, as data: the places it may hurt, the red-flag groups, the
precautions, the answers themselves (each default is what Enter takes, where Enter takes one)
and which questions other answers make needless. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from stretchcli.safety import EMERGENCY, URGENT, Urgency

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
# The warning-sign groups whose yes stops the plan (the advice at that urgency, nothing else).
Flag = Literal["emergency", "urgent"]
FLAGS: dict[Flag, Urgency] = {"emergency": EMERGENCY, "urgent": URGENT}
# A sign asked on its own, as seen by a clinician or not: none; there and checked by a
# clinician (unchanged, or no worse, since); there and not checked.
Seen = Literal["no", "checked", "unchecked"]
SEEN: tuple[Seen, ...] = ("no", "checked", "unchecked")
# Pain at the top of the back, between the shoulder blades (not checked: the NHS's urgent,
# same day), and pain that has lasted (not eased after a few weeks, getting worse, or in the
# way of everyday things; not seen: the NHS's "see a GP", not urgent), the see-a-clinician
# group of `stretch safety`, which the long-standing knots this tool is for always answer yes.
ShoulderBlades = Seen
SHOULDER_BLADES = SEEN
LASTING = SEEN
MINUTES = (1, 60)

# The words each answer takes as an option (and, for where it hurts, as typed at the
# prompt): its names, the prompt's keys, and the words people type where they are
# unambiguous; a word that could mean two answers is refused with what each means.
AREA_NAMES: dict[str, Area] = {
    "u": "upper-back",
    "upper": "upper-back",
    "upper-back": "upper-back",
    "n": "neck-shoulders",
    "neck": "neck-shoulders",
    "shoulders": "neck-shoulders",
    "neck-shoulders": "neck-shoulders",
    "neck-and-shoulders": "neck-shoulders",
    "l": "lower-back",
    "lower": "lower-back",
    "low-back": "lower-back",
    "lower-back": "lower-back",
}
AREA_UNCLEAR = {
    "back": "'back' could be upper-back (up to the shoulder blades) or lower-back: give one",
}
SEEN_NAMES: dict[str, Seen] = {
    "no": "no",
    "n": "no",
    "none": "no",
    "checked": "checked",
    "seen": "checked",
    "unchecked": "unchecked",
    "not-checked": "unchecked",
    "not-seen": "unchecked",
}
_YES = "'{word}' says the pain is there, not whether a clinician has {verb} it: give checked"
SHOULDER_UNCLEAR = {
    word: _YES.format(word=word, verb="checked")
    + " (a doctor or physiotherapist has checked it, and it has not changed since) or "
    "unchecked (not yet: the NHS asks for a check today)"
    for word in ("yes", "y")
}
LASTING_UNCLEAR = {
    word: _YES.format(word=word, verb="seen")
    + " (a doctor or physiotherapist has seen it, and it is no worse since) or unchecked "
    "(not yet: the NHS asks you to book an appointment)"
    for word in ("yes", "y")
}
PRECAUTION_NAMES: dict[str, Precaution] = {
    "osteoporosis": "osteoporosis",
    "blood-thinners": "blood-thinners",
    "blood-thinner": "blood-thinners",
    "anticoagulants": "blood-thinners",
    "recent-surgery": "recent-surgery",
    "surgery": "recent-surgery",
    "stenosis": "stenosis",
    "spinal-stenosis": "stenosis",
}
FLAG_NAMES: dict[str, Flag] = {"emergency": "emergency", "urgent": "urgent"}
FLAG_UNCLEAR = {
    "see-clinician": "pain that has not eased after a few weeks is asked on its own: give "
    "--lasting-pain checked (a doctor or physiotherapist has seen it) or --lasting-pain "
    "unchecked (not yet)",
}


def word(text: str) -> str:
    """An answer as typed, as the names above spell it: lower case, words joined by '-'."""
    return "-".join(text.lower().replace("_", " ").split())


# Where it hurts for which the plan has strengthening (and so asks about a band).
STRENGTH_AREAS: tuple[Area, ...] = ("upper-back", "neck-shoulders")


@dataclass(frozen=True)
class Answers:
    """What the person said (each answer's default is what Enter takes)."""

    where: Area = "upper-back"
    flags: tuple[Flag, ...] = ()  # the red-flag groups answered yes
    shoulder_blades: ShoulderBlades = "no"
    lasting: Seen = "no"
    precautions: frozenset[Precaution] = frozenset()
    cleared: bool = False  # after recent surgery, a clinician has said exercise is fine
    floor: bool = True  # can get down to the floor and up, with room to lie down
    chair: bool = True  # a steady chair without wheels
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


def settled(known: Mapping[str, object], uses_bed: bool = True) -> dict[str, object]:
    """The answers that the answers so far (`known`) make needless, each at the value it
    stands for: never asked, and never needed of a script. A mat only matters with the
    floor, a ball not with blood thinners (ruled out), a band only where the plan has
    strengthening (the upper back, the neck), a bed only where a routine for where it hurts
    is done on one (`uses_bed`)."""
    found: dict[str, object] = {}
    if known.get("floor") is False:
        found["mat"] = False
    if "blood-thinners" in known.get("precautions", ()):  # type: ignore[operator]
        found["ball"] = False
    if known.get("where", Answers.where) not in STRENGTH_AREAS:
        found["band"] = False
    if not uses_bed:
        found["bed"] = False
    return found


def ends(known: Mapping[str, object]) -> bool:
    """Whether the answers so far already say that no plan is made, so that nothing more is
    needed: a warning sign answered yes, or recent surgery not yet cleared."""
    if known.get("flags"):
        return True
    surgery = "recent-surgery" in known.get("precautions", ())  # type: ignore[operator]
    return "flags" in known and surgery and not known.get("cleared", False)
