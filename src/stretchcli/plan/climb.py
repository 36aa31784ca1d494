"""Whether a ladder climbs, and doses past what the sources give. Pure.

A level is no easier than the one below it when it does the same variant with as much held
time (hold × reps × sets: a 1 s hold counts as a rep), or moves on to the next variant (a
harder one: the squeeze with a band, the ball on the floor). A ladder that goes back to a
variant it left steps down, as does a level with less held time than the one below it.

The bounds of a level's numbers (all chosen): up to the most the sources behind the
built-in exercises and the research notes give is usual; over it, the file is taken and the
writer asked to check the number; over twice it, the number cannot be meant and the file is
refused (the field tables say so: files/fields.py, files/plan_fields.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stretchcli.model import Dose, Exercise, Level

# Chosen: the longest hold in the research notes (ball pressure, "up to 90 s"; the ACSM
# frame gives 30-60 s for older adults).
HOLD_USUAL = 90
# Chosen: the most reps a source gives a built-in exercise (the seated row, 10-15 times).
REPS_USUAL = 15
# Chosen: the most sets the notes give (the squeeze, 1-2 sets; the seated row, two).
SETS_USUAL = 2
# Chosen: twice the usual; more is a typo (300 for 30), not a dose.
HOLD_MOST = 2 * HOLD_USUAL
REPS_MOST = 2 * REPS_USUAL
SETS_MOST = 2 * SETS_USUAL

_USUAL = {"hold": HOLD_USUAL, "reps": REPS_USUAL, "sets": SETS_USUAL}
_SAID = {
    "hold": "s, the longest hold",
    "reps": "reps, the most",
    "sets": "sets, the most",
}
CLIMBS = (
    "list a ladder's levels easiest first: each holds as long in all (hold × reps × sets) as "
    "the one before, or moves on to a harder variant"
)


@dataclass(frozen=True)
class Finding:
    """What a level of a ladder breaks (`refused`) or should be checked for: `key` is the
    level's key it is about ('' for the level as a whole)."""

    level: int  # 1-based
    key: str
    message: str
    hint: str
    refused: bool


def held(dose: Dose) -> float:
    """A dose's time held in all, per side: hold × reps × sets."""
    return dose.hold * dose.reps * dose.sets


def ladder_findings(exercise: Exercise, levels: Sequence[Level | None]) -> list[Finding]:
    """What is wrong, or unusual, in a ladder of `exercise` (its own, or a plan's for it),
    easiest first; a level that is None has a problem of its own and is not compared."""
    found: list[Finding] = []
    doses = [None if level is None else level.exercise(exercise).dose for level in levels]
    for number, level in enumerate(levels, 1):
        for key, usual in _USUAL.items():
            value = None if level is None else getattr(level.dose, key)
            if value is not None and value > usual:
                found.append(
                    Finding(
                        number,
                        key,
                        f"{value:g} is more than {usual} {_SAID[key]} the sources give",
                        "check it; if it is meant, say why in the level's source",
                        refused=False,
                    )
                )
    for number in range(2, len(levels) + 1):
        below, level = levels[number - 2], levels[number - 1]
        before, now = doses[number - 2], doses[number - 1]
        if below is None or level is None or before is None or now is None:
            continue
        if level.variant != below.variant:
            earlier = [lv.variant for lv in levels[: number - 2] if lv is not None]
            if level.variant in earlier:
                first = 1 + next(
                    i
                    for i, lv in enumerate(levels)
                    if lv is not None and lv.variant == level.variant
                )
                found.append(
                    Finding(
                        number,
                        "variant" if level.variant else "",
                        f"level {number} goes back to {_variant(level.variant)} (as level "
                        f"{first}), after {_variant(below.variant)}: a step down",
                        "a ladder's variants come in turn, easiest first",
                        refused=True,
                    )
                )
            continue
        if held(now) < held(before):
            found.append(
                Finding(
                    number,
                    "",
                    f"level {number} is easier than level {number - 1} ({_held(now)} held in "
                    f"all, after {_held(before)})",
                    CLIMBS,
                    refused=True,
                )
            )
        elif (now.hold, now.reps, now.sets) == (before.hold, before.reps, before.sets):
            found.append(
                Finding(
                    number,
                    "",
                    f"level {number} is the same as level {number - 1}: a step up to it "
                    "changes nothing",
                    "check it, or take one of the two out",
                    refused=False,
                )
            )
    return sorted(found, key=lambda f: f.level)


def _variant(name: str | None) -> str:
    return f"the '{name}' variant" if name else "the exercise as it is"


def _held(dose: Dose) -> str:
    return f"{held(dose):g} s"
