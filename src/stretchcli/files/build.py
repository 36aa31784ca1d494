"""Checked values to the model's frozen objects: an exercise (its variants, cues and figure) or
a routine (its steps and their doses)."""

from __future__ import annotations

from stretchcli.files.scan import Candidate
from stretchcli.files.values import EMPTY, Values
from stretchcli.model import (
    BASES,
    FOCUS,
    MOVEMENTS,
    PACES,
    PROPS,
    SIDES,
    VIEWS,
    CueText,
    Dose,
    DoseChange,
    Exercise,
    Figure,
    Ladder,
    Level,
    Origin,
    Pose,
    Routine,
    Step,
    Variant,
)


def exercise(candidate: Candidate, v: Values) -> Exercise:
    """The exercise a checked file describes."""
    variants = v.mapping("variants", EMPTY)
    return Exercise(
        id=candidate.id,
        name=v.text("name"),
        summary=v.text("summary"),
        dose=Dose(
            hold=v.number("hold"),
            reps=v.whole("reps"),
            sets=v.whole("sets", 1),
            relax=v.number("relax", 0),
            rest=v.number("rest", 0),
            sides=v.choice("sides", SIDES),
        ),
        instructions=v.texts("instructions"),
        cautions=v.texts("cautions"),
        origin=Origin(candidate.path, candidate.source),
        targets=v.texts("targets", ()),
        position=v.text("position", ""),
        equipment=v.texts("equipment", ()),
        movements=v.choices("movements", MOVEMENTS, ()),
        alternative=v.text("alternative", None),
        variants={name: _variant(variants.mapping(name)) for name in variants.names()},
        sources=v.texts("sources", ()),
        setup=v.texts("setup", ()),
        cues=_cues(v.mapping("cues", EMPTY)),
        figure=figure(v.mapping("figure", None)),
        ladder=_ladder(v.items("ladder", []), candidate.source),
        pace=v.choice("pace", PACES, "held"),
    )


def _ladder(levels: list[Values], source: str) -> Ladder | None:
    """The file's ladder (None without one); a built-in file's is "built-in", one of your
    own files' is yours."""
    if not levels:
        return None
    return Ladder(
        tuple(
            Level(
                DoseChange(
                    hold=level.number("hold", None),
                    reps=level.whole("reps", None),
                    sets=level.whole("sets", None),
                ),
                level.text("variant", None),
                level.text("source"),
                level.text("why", ""),
            )
            for level in levels
        ),
        by="built-in" if source == "built-in" else "your exercise file",
    )


def _variant(v: Values) -> Variant:
    return Variant(
        summary=v.text("summary", None),
        targets=v.texts("targets", None),
        position=v.text("position", None),
        equipment=v.texts("equipment", None),
        movements=v.choices("movements", MOVEMENTS, None),
        dose=_dose_change(v),
        instructions=v.texts("instructions", None),
        setup=v.texts("setup", None),
        cues=_cues(v.mapping("cues", EMPTY)),
        cautions=v.texts("cautions", None),
        figure=figure(v.mapping("figure", None)),
    )


def figure(v: Values | None) -> Figure | None:
    """The figure a checked `figure:` mapping describes (None without one)."""
    if v is None:
        return None
    return Figure(
        view=v.choice("view", VIEWS),
        start=_pose(v.mapping("start")),
        end=_pose(v.mapping("end")),
        props=v.choices("props", PROPS, ()),
        checks=v.texts("checks", ()),
        description=v.text("description"),
        focus=v.choices("focus", FOCUS, ()),
    )


def _pose(v: Values) -> Pose:
    joints = tuple((name, v.number(name)) for name in v.names() if name not in ("base", "checks"))
    return Pose(v.choice("base", BASES), joints, v.texts("checks", ()))


def _cues(v: Values) -> CueText:
    return CueText(
        hold=v.text("hold", None),
        relax=v.text("relax", None),
        left=v.text("left", None),
        right=v.text("right", None),
        switch=v.text("switch", None),
        breathe=v.text("breathe", None),
        finish=v.text("finish", None),
    )


def _dose_change(v: Values) -> DoseChange:
    return DoseChange(
        hold=v.number("hold", None),
        reps=v.whole("reps", None),
        sets=v.whole("sets", None),
        relax=v.number("relax", None),
        rest=v.number("rest", None),
        sides=v.choice("sides", SIDES, None),
    )


def routine(candidate: Candidate, v: Values, prepare: float, rest: float) -> Routine:
    """The routine a checked file describes; `prepare` and `rest` where it gives none."""
    steps = [
        Step(s.text("exercise"), s.text("variant", None), _dose_change(s)) for s in v.items("steps")
    ]
    own = v.texts("cautions", ())
    # A step's cautions are said only when it is done; one the routine also gives, always.
    step_cautions = tuple(
        (s.text("exercise"), caution)
        for s in v.items("steps")
        for caution in s.texts("cautions", ())
        if caution not in own
    )
    # The routine's first caution stays first (it is the one said when the rest were heard
    # lately), its steps' come next, then its others (which end with where to get help).
    cautions = tuple(dict.fromkeys([*own[:1], *(c for _, c in step_cautions), *own[1:]]))
    return Routine(
        id=candidate.id,
        name=v.text("name"),
        summary=v.text("summary"),
        steps=tuple(steps),
        origin=Origin(candidate.path, candidate.source),
        prepare=v.number("prepare", prepare),
        rest=v.number("rest", rest),
        cautions=cautions,
        sources=v.texts("sources", ()),
        equipment=v.texts("equipment", None),
        step_cautions=step_cautions,
    )
