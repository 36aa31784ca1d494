"""The names a report gives its routines and exercises, and each exercise's dose, from the
routines folders: a physiotherapist reads "Rhomboid stretch, hold 20 s × 3 per side", not
`rhomboid-stretch`."""

from __future__ import annotations

from collections.abc import Iterable

from stretchcli.files.catalog import Catalog
from stretchcli.model import apply_variant, step_dose
from stretchcli.plan.words import dose_text
from stretchcli.report.model import Names


def names_of(catalog: Catalog, done: Iterable[str]) -> Names:
    """The catalog's names, and each exercise's dose as the routines `done` (most done first)
    plan it (before --scale): one text where they agree, else each with its routines' names;
    an exercise that is no step of them (one --avoid swapped in) has its own dose."""
    planned: dict[str, dict[str, list[str]]] = {}  # exercise -> dose in words -> routines
    for ident in done:
        routine = catalog.routines.get(ident)
        if routine is None:  # its file is gone, or broken: its doses are not known
            continue
        for step in routine.steps:
            exercise = catalog.exercises.get(step.exercise)
            if exercise is None or (step.variant and step.variant not in exercise.variants):
                continue
            dose = step_dose(apply_variant(exercise, step.variant), step)
            routines = planned.setdefault(exercise.id, {}).setdefault(
                dose_text(dose, "brief", exercise.pace), []
            )
            routines.append(routine.name)
    doses = {}
    for ident, exercise in catalog.exercises.items():
        found = planned.get(ident) or {dose_text(exercise.dose, "brief", exercise.pace): []}
        if len(found) == 1:
            doses[ident] = next(iter(found))
        else:
            doses[ident] = "; ".join(
                f"{text} ({', '.join(dict.fromkeys(names))})" for text, names in found.items()
            )
    return Names(
        routines={r.id: r.name for r in catalog.routines.values()},
        exercises={e.id: e.name for e in catalog.exercises.values()},
        doses=doses,
    )
