"""Plain dictionaries for --json output: what scripts may rely on. No rendering here."""

from __future__ import annotations

from dataclasses import asdict

from stretchcli.files.catalog import Catalog
from stretchcli.model import Dose, Exercise, Routine
from stretchcli.session.timeline import Plan, PlannedStep, length, step_seconds


def dose_record(dose: Dose) -> dict[str, object]:
    """A dose as JSON-ready data."""
    return asdict(dose)


def steps_seconds(routine: Routine, plan: Plan) -> list[float]:
    """How long each step takes in its routine, with its get-ready and the rest before it
    (as a run coaches it in full: get-ready long enough to hear the setup)."""
    return step_seconds(plan.steps, routine.prepare, routine.rest, coach="full")


def routine_seconds(routine: Routine, plan: Plan) -> float:
    """How long a routine takes as planned and coached in full: its timeline's length."""
    return length(plan.steps, routine.prepare, routine.rest, coach="full")


def exercise_seconds(exercise: Exercise) -> float:
    """How long one exercise takes on its own, at its own dose."""
    return length((PlannedStep(exercise, exercise.dose),), 0, 0)


def routine_summary(routine: Routine, plan: Plan) -> dict[str, object]:
    """The `list --json` entry of a routine."""
    assert routine.origin is not None
    return {
        "id": routine.id,
        "name": routine.name,
        "summary": routine.summary,
        "total_seconds": routine_seconds(routine, plan),
        "exercises": [s.exercise.id for s in plan.steps],
        "source": routine.origin.source,
        "path": str(routine.origin.path),
    }


def routine_record(routine: Routine, plan: Plan) -> dict[str, object]:
    """The `show --json` object of a routine, with every step's dose and time."""
    record = routine_summary(routine, plan)
    record["kind"] = "routine"
    record["prepare"] = routine.prepare
    record["rest"] = routine.rest
    record["cautions"] = list(routine.cautions)
    record["sources"] = list(routine.sources)
    seconds = steps_seconds(routine, plan)
    record["steps"] = [
        {
            "exercise": step.exercise.id,
            "name": step.exercise.name,
            "variant": step.exercise.variant,
            **dose_record(step.dose),
            "seconds": seconds[i],
        }
        for i, step in enumerate(plan.steps)
    ]
    return record


def exercise_record(exercise: Exercise, catalog: Catalog) -> dict[str, object]:
    """The `show --json` object (and `list --exercises --json` entry) of an exercise."""
    assert exercise.origin is not None
    return {
        "id": exercise.id,
        "kind": "exercise",
        "name": exercise.name,
        "summary": exercise.summary,
        "targets": list(exercise.targets),
        "position": exercise.position,
        "equipment": list(exercise.equipment),
        "movements": list(exercise.movements),
        **dose_record(exercise.dose),
        "instructions": list(exercise.instructions),
        "setup": list(exercise.setup),
        "cues": {k: v for k, v in asdict(exercise.cues).items() if v is not None},
        "cautions": list(exercise.cautions),
        "alternative": exercise.alternative,
        "variants": exercise.variants,
        "sources": list(exercise.sources),
        "used_by": catalog.used_by(exercise.id),
        "alternative_for": catalog.stands_in_for(exercise.id),
        "source": exercise.origin.source,
        "path": str(exercise.origin.path),
    }
