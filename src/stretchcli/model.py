"""The domain as frozen data: exercises, routines and the phases of a timeline. No I/O."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeVar, get_args

Sides = Literal["none", "both", "alternate"]
Side = Literal["left", "right"]
PhaseKind = Literal["prepare", "hold", "relax", "rest", "switch"]
# Seconds to get ready before an exercise, and of rest between exercises, where neither the
# routine nor the config gives them (chosen: enough to hear the setup; a few breaths).
PREPARE = 5.0
REST = 10.0
# Words a minute the voice speaks at: espeak-ng's own default, and what `voice_rate` and
# `run --voice-rate` take.
RATE = 175
RATES = (100, 250)
Movement = Literal["rotation", "side-bend", "flexion", "extension"]
Source = Literal["built-in", "user", "path", "checked"]
Coach = Literal["full", "brief"]  # how much a run says: setup and cautions, or the action only
View = Literal["side", "front", "back", "above", "three-quarter"]
Base = Literal[
    "standing",
    "sitting",
    "long-sitting",
    "lying",
    "side-lying",
    "all-fours",
    "prone",  # lying face down
    "heel-sitting",  # kneeling, sitting back on the heels
    "bridge",  # on the back, hips lifted in a line from the shoulders to the knees
]
Prop = Literal["chair", "floor", "wall", "ball", "bed", "pillow", "mat"]

SIDES: tuple[Sides, ...] = ("none", "both", "alternate")
# How an exercise's hold and relax are timed: a position held and let go ("held": --scale
# stretches them), or the pace of a movement ("moved": 3 s to pull, 1 s held, 3 s back, as
# NIA paces strength work: --scale changes how many reps, never that pace).
Pace = Literal["held", "moved"]
PACES: tuple[Pace, ...] = ("held", "moved")
COACHES: tuple[Coach, ...] = ("full", "brief")
VIEWS: tuple[View, ...] = ("side", "front", "back", "above", "three-quarter")
BASES: tuple[Base, ...] = get_args(Base)
PROPS: tuple[Prop, ...] = ("chair", "floor", "wall", "ball", "bed", "pillow", "mat")
# The parts of the body a live figure may be framed to, so that a small movement (a chin
# tuck, a pelvic tilt) fills the screen: body/projection.py says which points each covers.
Focus = Literal["head", "neck", "shoulders", "elbows", "hands", "back", "pelvis", "hips", "knees"]
FOCUS: tuple[Focus, ...] = get_args(Focus)
# The joints a pose may set, in degrees, over its base pose. Trunk and head: `trunk` (the lower
# back bending forward), `lean` (the trunk leaning to the person's left), `upper_back`
# (rounding forward; negative arches), `side_bend` (to the left), `turn` (the chest turning to
# the left), `neck` (chin down: the neck bending at its base), `upper_neck` (the head nodding on
# the top of the neck; with `neck` as much the other way the head slides straight back or
# forward, the chin level). Limbs, for both sides or one (`left_...`, `right_...`):
# `shoulder_back` (the shoulder drawn back, squeezing the shoulder blades; negative spreads
# them), `shoulder` (the arm raised forward; 180 overhead, negative behind), `shoulder_out`
# (raised out to the side), `shoulder_across` (a raised arm swept across the body; negative
# opens it out), `shoulder_turn` (the arm turned in about its length, a bent forearm swinging
# across the body), `elbow` and `knee` (bent), `ankle` (the toes pointed down), `hip` (the thigh
# raised forward), `hip_out` (out to the side), `hip_turn` (the leg turned out, as in a figure
# four). `legs_turn` turns both legs together to the left (knees dropping to one side).
LIMB_JOINTS = (
    "shoulder_back",
    "shoulder",
    "shoulder_out",
    "shoulder_across",
    "shoulder_turn",
    "elbow",
    "hip",
    "hip_out",
    "hip_turn",
    "knee",
    "ankle",
)
JOINTS: tuple[str, ...] = (
    "trunk",
    "lean",
    "upper_back",
    "side_bend",
    "turn",
    "neck",
    "upper_neck",
    "legs_turn",
    *LIMB_JOINTS,
    *(f"{side}_{joint}" for side in ("left", "right") for joint in LIMB_JOINTS),
)
MOVEMENTS: tuple[Movement, ...] = ("rotation", "side-bend", "flexion", "extension")
SCALES = (0.25, 4.0)  # how far --scale, the config's `scale` and a stored run may stretch times
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)  # ids are file stems: kebab-case, so never a path

T = TypeVar("T")


@dataclass(frozen=True)
class Origin:
    """Where a file came from: its path and which routines folder ("built-in", "user", "path"),
    or "checked" for a file named on the command line."""

    path: Path
    source: Source


@dataclass(frozen=True)
class Dose:
    """How much of an exercise: seconds per hold, reps per side, sets, pauses and sides."""

    hold: float
    reps: int
    sets: int = 1
    relax: float = 0
    rest: float = 0
    sides: Sides = "none"

    @property
    def holds_per_set(self) -> int:
        """The holds of one set: its reps, on each side where it has two."""
        return self.reps * (1 if self.sides == "none" else 2)


@dataclass(frozen=True)
class DoseChange:
    """The dose keys a variant or a routine step changes (None: as the exercise has it)."""

    hold: float | None = None
    reps: int | None = None
    sets: int | None = None
    relax: float | None = None
    rest: float | None = None
    sides: Sides | None = None

    def over(self, dose: Dose) -> Dose:
        """`dose` with these changes laid over it."""
        return Dose(
            hold=_either(self.hold, dose.hold),
            reps=_either(self.reps, dose.reps),
            sets=_either(self.sets, dose.sets),
            relax=_either(self.relax, dose.relax),
            rest=_either(self.rest, dose.rest),
            sides=_either(self.sides, dose.sides),
        )


@dataclass(frozen=True)
class CueText:
    """The short lines a coach says during an exercise (None: made from the instructions)."""

    hold: str | None = None
    relax: str | None = None
    left: str | None = None
    right: str | None = None
    switch: str | None = None
    breathe: str | None = None  # the out-breath line of a long hold
    finish: str | None = None  # after the last hold (else `relax`)

    def over(self, cues: CueText) -> CueText:
        """`cues` with these lines laid over it, line by line (None: keep the one there)."""
        return CueText(
            hold=_either(self.hold, cues.hold),
            relax=_either(self.relax, cues.relax),
            left=_either(self.left, cues.left),
            right=_either(self.right, cues.right),
            switch=_either(self.switch, cues.switch),
            breathe=_either(self.breathe, cues.breathe),
            finish=_either(self.finish, cues.finish),
        )

    def record(self) -> dict[str, str]:
        """The lines the file gives, in its shape."""
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Pose:
    """A position of the body: a base pose and the joints that differ from it (degrees)."""

    base: Base
    joints: tuple[tuple[str, float], ...] = ()  # (name, degrees): hashable, so drawings cache
    checks: tuple[str, ...] = ()  # what is true in this pose only ("hands on left thigh")

    def angles(self) -> dict[str, float]:
        """The joints this pose sets, by name."""
        return dict(self.joints)

    def record(self) -> dict[str, object]:
        """The pose as the file gives it."""
        checks: dict[str, object] = {"checks": list(self.checks)} if self.checks else {}
        return {"base": self.base, **self.angles(), **checks}


@dataclass(frozen=True)
class Figure:
    """How an exercise looks: seen from `view`, with its props, at the start and at the end
    of a hold (as on the left side, for an exercise done on both; the right is mirrored)."""

    view: View
    start: Pose
    end: Pose
    props: tuple[Prop, ...] = ()
    # What is true in both poses, in the words of the instructions ("feet on floor"), checked
    # against the drawn pose (body/posture.py).
    checks: tuple[str, ...] = ()
    description: str = ""  # the held position in one line, for those who cannot see it
    # The parts the live screen frames, both positions in view (empty: the whole body).
    focus: tuple[Focus, ...] = ()

    def record(self) -> dict[str, object]:
        """The figure as the file gives it."""
        record: dict[str, object] = {"view": self.view, "props": list(self.props)}
        if self.description:
            record["description"] = self.description
        if self.focus:
            record["focus"] = list(self.focus)
        if self.checks:
            record["checks"] = list(self.checks)
        return {**record, "start": self.start.record(), "end": self.end.record()}


@dataclass(frozen=True)
class Variant:
    """A named version of an exercise: the keys that differ (None: as the exercise has it)."""

    summary: str | None = None
    targets: tuple[str, ...] | None = None
    position: str | None = None
    equipment: tuple[str, ...] | None = None
    movements: tuple[Movement, ...] | None = None
    dose: DoseChange = DoseChange()
    instructions: tuple[str, ...] | None = None
    setup: tuple[str, ...] | None = None
    cues: CueText = CueText()  # laid over the exercise's cues, line by line
    cautions: tuple[str, ...] | None = None
    figure: Figure | None = None

    def record(self) -> dict[str, object]:
        """The keys the variant changes, in the file's shape (lists, a mapping of cues)."""
        dose = self.dose
        values: dict[str, object] = {
            "summary": self.summary,
            "targets": _listed(self.targets),
            "position": self.position,
            "equipment": _listed(self.equipment),
            "movements": _listed(self.movements),
            "hold": dose.hold,
            "reps": dose.reps,
            "sets": dose.sets,
            "relax": dose.relax,
            "rest": dose.rest,
            "sides": dose.sides,
            "instructions": _listed(self.instructions),
            "setup": _listed(self.setup),
            "cues": self.cues.record() or None,
            "cautions": _listed(self.cautions),
            "figure": None if self.figure is None else self.figure.record(),
        }
        return {key: value for key, value in values.items() if value is not None}


@dataclass(frozen=True)
class Level:
    """One rung of a ladder: the dose keys it sets (hold, reps, sets; None: as the exercise
    has them), optionally a variant of the exercise, and where the numbers come from."""

    dose: DoseChange
    variant: str | None = None
    source: str = ""  # a page, or who wrote it
    why: str = ""  # how the numbers relate to the source; "chosen: ..." where they are ours

    def exercise(self, exercise: Exercise) -> Exercise:
        """The exercise as this level has it done: its variant, then its dose."""
        done = apply_variant(exercise, self.variant) if self.variant else exercise
        return replace(done, dose=self.dose.over(done.dose))

    def over(self, dose: Dose) -> Dose:
        """A step's dose with this level's keys laid over it."""
        return self.dose.over(dose)


@dataclass(frozen=True)
class Ladder:
    """The levels of an exercise, easiest first (level 1 is the first)."""

    levels: tuple[Level, ...]
    by: str = "built-in"  # "built-in" (an exercise file's), or who wrote the plan that gives it

    @property
    def top(self) -> int:
        """The highest level."""
        return len(self.levels)

    def at(self, level: int) -> Level:
        """Level `level` (1-based), kept on the ladder."""
        return self.levels[min(max(level, 1), self.top) - 1]


@dataclass(frozen=True)
class Exercise:
    """One exercise from the library, possibly with named variants."""

    id: str
    name: str
    summary: str
    dose: Dose
    instructions: tuple[str, ...]
    cautions: tuple[str, ...]
    origin: Origin
    targets: tuple[str, ...] = ()
    position: str = ""
    equipment: tuple[str, ...] = ()
    movements: tuple[Movement, ...] = ()
    alternative: str | None = None
    variants: Mapping[str, Variant] = field(default_factory=dict)  # in the file's order
    sources: tuple[str, ...] = ()
    variant: str | None = None
    setup: tuple[str, ...] = ()  # getting into position, said during get-ready
    cues: CueText = CueText()
    figure: Figure | None = None
    ladder: Ladder | None = None  # its doses from easiest to hardest (the file's `ladder:`)
    pace: Pace = "held"


@dataclass(frozen=True)
class Step:
    """One step of a routine: an exercise id, an optional variant and dose overrides."""

    exercise: str
    variant: str | None = None
    overrides: DoseChange = DoseChange()


@dataclass(frozen=True)
class Routine:
    """A named sequence of steps with get-ready and rest times between exercises."""

    id: str
    name: str
    summary: str
    steps: tuple[Step, ...]
    origin: Origin
    prepare: float = PREPARE
    rest: float = REST
    cautions: tuple[str, ...] = ()  # its own first, its steps', its other own (each once)
    sources: tuple[str, ...] = ()
    equipment: tuple[str, ...] | None = None  # None: what its exercises use
    # (exercise id, caution): the cautions of its steps, said only when that step is done.
    step_cautions: tuple[tuple[str, str], ...] = ()

    def cautions_for(self, done: Collection[str]) -> tuple[str, ...]:
        """The cautions that concern a session of the exercises `done` (ids): the routine's
        own, and those of its steps that are done."""
        concern: dict[str, bool] = {}
        for ident, caution in self.step_cautions:
            concern[caution] = concern.get(caution, False) or ident in done
        return tuple(c for c in self.cautions if concern.get(c, True))


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
    change = exercise.variants[variant]
    return replace(
        exercise,
        summary=_either(change.summary, exercise.summary),
        targets=_either(change.targets, exercise.targets),
        position=_either(change.position, exercise.position),
        equipment=_either(change.equipment, exercise.equipment),
        movements=_either(change.movements, exercise.movements),
        dose=change.dose.over(exercise.dose),
        instructions=_either(change.instructions, exercise.instructions),
        setup=_either(change.setup, exercise.setup),
        cues=change.cues.over(exercise.cues),
        cautions=_either(change.cautions, exercise.cautions),
        figure=_either(change.figure, exercise.figure),
        variant=variant,
    )


def with_caution(exercise: Exercise, caution: str) -> Exercise:
    """The exercise with `caution` said last among its cautions, in every variant too (a
    variant with cautions of its own replaces the exercise's)."""
    variants = {
        name: change
        if change.cautions is None
        else replace(change, cautions=(*change.cautions, caution))
        for name, change in exercise.variants.items()
    }
    return replace(exercise, cautions=(*exercise.cautions, caution), variants=variants)


def step_dose(exercise: Exercise, step: Step) -> Dose:
    """The dose a step uses: the exercise's, with the step's overrides laid over it."""
    return step.overrides.over(exercise.dose)


def _either(change: T | None, value: T) -> T:
    return value if change is None else change


def _listed(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


def rough_seconds(doses: Sequence[Dose], prepare: float, rest: float) -> float:
    """About how long steps of these doses take, with `prepare` before each and `rest`
    between them, in a few multiplications (no coaching, no timeline): enough to refuse a
    routine file whose doses would make it last for days."""
    total = 0.0
    for number, dose in enumerate(doses):
        holds = dose.holds_per_set
        if dose.sides == "both":  # a switch between the sides, relaxes within each
            pauses = prepare + (holds - 2) * dose.relax
        else:
            pauses = (holds - 1) * dose.relax
        per_set = holds * dose.hold + pauses
        total += (rest if number else 0) + prepare + dose.sets * per_set
        total += (dose.sets - 1) * dose.rest
    return total


def routine_rough_seconds(routine: Routine, exercises: Mapping[str, Exercise]) -> float:
    """About how long a routine takes as its file says (its steps' variants and doses)."""
    doses = [
        step_dose(apply_variant(exercises[step.exercise], step.variant), step)
        for step in routine.steps
    ]
    return rough_seconds(doses, routine.prepare, routine.rest)
