"""What `list` and `show` say, as one view model each, made once from the catalog and the
timeline and then rendered as JSON (here) or as text (`lines`, here; `show`'s rich page in
views/show.py). The renderers read only the model, so text and JSON cannot disagree.

Nothing here imports rich: `stretch list` is the command people run most. Nor, for `list`,
the session's planning: a routine's length comes from the parse cache while its files and
times are the same (`files/cache.py`), and is worked out only when they changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from stretchcli.errors import UsageError
from stretchcli.model import Exercise, Routine, apply_variant
from stretchcli.text import Align, display_name, source_label
from stretchcli.views.routine_table import id_most, routine_lines
from stretchcli.views.table import table

if TYPE_CHECKING:
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.catalog import Catalog
    from stretchcli.model import Dose
    from stretchcli.session.planned import Plan, PlannedStep


@dataclass(frozen=True)
class RoutineRow:
    """A routine as `list` shows it."""

    routine: Routine
    seconds: float  # as coached in full, at its own doses
    exercises: tuple[str, ...]  # the ids of its steps, in order

    def json(self) -> dict[str, object]:
        """The `list --json` entry."""
        return {
            "id": self.routine.id,
            "name": self.routine.name,
            "summary": self.routine.summary,
            "total_seconds": self.seconds,
            "exercises": list(self.exercises),
            "source": self.routine.origin.source,
            "path": str(self.routine.origin.path),
        }


@dataclass(frozen=True)
class RoutineList:
    """`stretch list`: every routine."""

    rows: tuple[RoutineRow, ...]

    def json(self) -> list[dict[str, object]]:
        """The `list --json` array."""
        return [row.json() for row in self.rows]

    def lines(self, width: int) -> list[str]:
        """The table of `routine_table.routine_lines`."""
        return routine_lines(self.json(), width)


@dataclass(frozen=True)
class StepRow:
    """One step of a routine as `show` gives it: the exercise as done, its dose and time."""

    step: PlannedStep
    seconds: float  # with its get-ready and the rest before it

    @property
    def name(self) -> str:
        """The exercise's name, with the variant done."""
        return display_name(self.step.exercise.name, self.step.exercise.variant)


@dataclass(frozen=True)
class RoutinePage:
    """`stretch show ROUTINE`."""

    row: RoutineRow
    steps: tuple[StepRow, ...]

    @property
    def routine(self) -> Routine:
        """The routine shown."""
        return self.row.routine

    def other_variants(self) -> list[str]:
        """The `--variant` flags that would do a step another way."""
        return [
            f"--variant {row.step.exercise.id}={name}"
            for row in self.steps
            for name in row.step.exercise.variants
            if name != row.step.exercise.variant
        ]

    def json(self) -> dict[str, object]:
        """The `show --json` object, with every step's dose and time."""
        routine = self.routine
        record = self.row.json()
        record["kind"] = "routine"
        record["prepare"] = routine.prepare
        record["rest"] = routine.rest
        record["cautions"] = list(routine.cautions)
        record["sources"] = list(routine.sources)
        record["steps"] = [
            {
                "exercise": row.step.exercise.id,
                "name": row.step.exercise.name,
                "variant": row.step.exercise.variant,
                **dose_record(row.step.dose),
                "seconds": row.seconds,
            }
            for row in self.steps
        ]
        return record


@dataclass(frozen=True)
class ExercisePage:
    """`stretch show EXERCISE`, and an entry of `list --exercises`."""

    exercise: Exercise
    used_by: tuple[str, ...]  # routines with a step that does it
    stands_in_for: tuple[str, ...]  # exercises it is the alternative of

    @property
    def seconds(self) -> float:
        """How long the exercise takes on its own, at its own dose (only `show` says it)."""
        from stretchcli.session.timeline import exercise_seconds

        return exercise_seconds(self.exercise)

    def json(self) -> dict[str, object]:
        """The `show --json` object."""
        return exercise_record(self.exercise, list(self.used_by), list(self.stands_in_for))


@dataclass(frozen=True)
class ExerciseList:
    """`stretch list --exercises`: the exercise library."""

    pages: tuple[ExercisePage, ...]

    def json(self) -> list[dict[str, object]]:
        """The `list --exercises --json` array."""
        return [page.json() for page in self.pages]

    def lines(self, width: int) -> list[str]:
        """A table: id, name, movements, where it comes from."""
        shown = [page.exercise for page in self.pages]
        cells = [
            [
                e.id,
                e.name,
                ", ".join(e.movements) or "-",
                source_label(e.origin.source),
            ]
            for e in shown
        ]
        headers = ["exercise", "name", "movements", "source"]
        align: tuple[Align, ...] = ("left", "left", "left", "left")
        most = id_most(width)
        return table(headers, cells, align, grow=1, width=width, drops=(3, 2), most=most)


def _planned(routine: Routine, catalog: Catalog) -> Plan:
    """A routine as planned with no options."""
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan

    return plan(routine, catalog.exercises, RunOptions())


def _row(routine: Routine, planned: Plan) -> RoutineRow:
    """A routine's row: its time and exercises as planned with no options."""
    from stretchcli.session.timeline import length

    return RoutineRow(routine, length(planned, "full"), tuple(s.exercise.id for s in planned.steps))


def routine_list(catalog: Catalog, cache: ParseCache | None = None) -> RoutineList:
    """Every routine, by id; each one's length from `cache` where it holds it (and put
    there where it did not: the caller saves the cache)."""
    rows = []
    for routine in sorted(catalog.routines.values(), key=lambda r: r.id):
        known = cache.length(routine, catalog.exercises) if cache is not None else None
        if known is not None:
            rows.append(RoutineRow(routine, *known))
            continue
        row = _row(routine, _planned(routine, catalog))
        if cache is not None:
            cache.put_length(routine, catalog.exercises, row.seconds, row.exercises)
        rows.append(row)
    return RoutineList(tuple(rows))


def exercise_page(exercise: Exercise, catalog: Catalog) -> ExercisePage:
    """An exercise with its time and where it is used."""
    return ExercisePage(
        exercise,
        tuple(catalog.used_by(exercise.id)),
        tuple(catalog.stands_in_for(exercise.id)),
    )


def exercise_list(catalog: Catalog) -> ExerciseList:
    """Every exercise, by id."""
    exercises = sorted(catalog.exercises.values(), key=lambda e: e.id)
    return ExerciseList(tuple(exercise_page(e, catalog) for e in exercises))


def shown_page(catalog: Catalog, name: str, variant: str | None) -> RoutinePage | ExercisePage:
    """What `show NAME [--variant VARIANT]` says: the routine, or the exercise (as its
    variant does it, when one is asked for)."""
    found = catalog.find(name)
    if variant is not None:
        if not isinstance(found, Exercise) or variant not in found.variants:
            known = ", ".join(found.variants) if isinstance(found, Exercise) else ""
            hint = f"variants: {known}" if known else "only exercises have variants"
            raise UsageError(f"--variant: {name} has no variant '{variant}'", hint)
        found = apply_variant(found, variant)
    return page(found, catalog)


def page(found: Routine | Exercise, catalog: Catalog) -> RoutinePage | ExercisePage:
    """What `show` says of a routine or an exercise."""
    if isinstance(found, Exercise):
        return exercise_page(found, catalog)
    from stretchcli.session.timeline import step_seconds

    planned = _planned(found, catalog)
    seconds = step_seconds(planned, "full")
    steps = tuple(StepRow(step, seconds[i]) for i, step in enumerate(planned.steps))
    return RoutinePage(_row(found, planned), steps)


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
        "cues": exercise.cues.record(),
        "cautions": list(exercise.cautions),
        "figure": None if exercise.figure is None else exercise.figure.record(),
        "alternative": exercise.alternative,
        "variants": {name: variant.record() for name, variant in exercise.variants.items()},
        "sources": list(exercise.sources),
        "used_by": used_by,
        "alternative_for": alternative_for,
        "source": exercise.origin.source,
        "path": str(exercise.origin.path),
    }
