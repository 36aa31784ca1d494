"""The domain as frozen data: exercises, routines and the phases of a timeline. No I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

Sides = Literal["none", "both", "alternate"]
Side = Literal["left", "right"]
PhaseKind = Literal["prepare", "hold", "relax", "rest", "switch"]
Movement = Literal["rotation", "side-bend", "flexion", "extension"]

SIDES: tuple[Sides, ...] = ("none", "both", "alternate")
MOVEMENTS: tuple[Movement, ...] = ("rotation", "side-bend", "flexion", "extension")
DOSE_KEYS = ("hold", "reps", "sets", "relax", "rest", "sides")
SCALES = (0.25, 4.0)  # how far --scale, the config's `scale` and a stored run may stretch times
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)  # ids are file stems: kebab-case, so never a path


@dataclass(frozen=True)
class Origin:
    """Where a file came from: its path and which routines folder ("built-in", "user", "path")."""

    path: Path
    source: str


@dataclass(frozen=True)
class Dose:
    """How much of an exercise: seconds per hold, reps per side, sets, pauses and sides."""

    hold: float
    reps: int
    sets: int = 1
    relax: float = 0
    rest: float = 0
    sides: Sides = "none"


@dataclass(frozen=True)
class CueText:
    """The short lines a coach says during an exercise (None: made from the instructions)."""

    hold: str | None = None
    relax: str | None = None
    left: str | None = None
    right: str | None = None
    switch: str | None = None


@dataclass(frozen=True)
class Exercise:
    """One exercise from the library, possibly with named variants."""

    id: str
    name: str
    summary: str
    dose: Dose
    instructions: tuple[str, ...]
    cautions: tuple[str, ...]
    targets: tuple[str, ...] = ()
    position: str = ""
    equipment: tuple[str, ...] = ()
    movements: tuple[Movement, ...] = ()
    alternative: str | None = None
    variants: dict[str, dict[str, object]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    origin: Origin | None = None
    variant: str | None = None
    setup: tuple[str, ...] = ()  # getting into position, said during get-ready
    cues: CueText = CueText()


@dataclass(frozen=True)
class Step:
    """One step of a routine: an exercise id, an optional variant and dose overrides."""

    exercise: str
    variant: str | None = None
    overrides: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Routine:
    """A named sequence of steps with get-ready and rest times between exercises."""

    id: str
    name: str
    summary: str
    steps: tuple[Step, ...]
    prepare: float = 5
    rest: float = 10
    cautions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    origin: Origin | None = None


@dataclass(frozen=True)
class Phase:
    """One stretch of time in a session: what to do, on which side, for how long, from when."""

    index: int
    kind: PhaseKind
    exercise: str
    side: Side | None
    set: int
    rep: int | None
    duration: float
    offset: float
    step: int = 0  # which step of the session (0-based): an exercise can come twice


def apply_variant(exercise: Exercise, variant: str | None) -> Exercise:
    """The exercise with a variant's keys laid over it (validated by the catalog)."""
    if variant is None:
        return exercise
    changes: dict[str, Any] = dict(exercise.variants[variant])
    dose_changes = {k: changes.pop(k) for k in DOSE_KEYS if k in changes}
    if "cues" in changes:  # a variant's cues are laid over the exercise's, key by key
        changes["cues"] = replace(exercise.cues, **changes["cues"])
    tuples = {k: tuple(v) for k, v in changes.items() if isinstance(v, list)}
    changes.update(tuples)
    return replace(
        exercise, dose=replace(exercise.dose, **dose_changes), variant=variant, **changes
    )


def step_dose(exercise: Exercise, step: Step) -> Dose:
    """The dose a step uses: the exercise's, with the step's overrides laid over it."""
    return replace(exercise.dose, **step.overrides)  # type: ignore[arg-type]
