"""Plain dictionaries for --json output: what scripts may rely on. No rendering here."""

from __future__ import annotations

from dataclasses import asdict

from stretchcli.model import Dose, Exercise


def dose_record(dose: Dose) -> dict[str, object]:
    """A dose as JSON-ready data."""
    return asdict(dose)


def exercise_record(
    exercise: Exercise, used_by: list[str], alternative_for: list[str]
) -> dict[str, object]:
    """The `show --json` object (and `list --exercises --json` entry) of an exercise."""
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
        "variants": {name: variant.record() for name, variant in exercise.variants.items()},
        "sources": list(exercise.sources),
        "used_by": used_by,
        "alternative_for": alternative_for,
        "source": exercise.origin.source,
        "path": str(exercise.origin.path),
    }
