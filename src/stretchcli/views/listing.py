"""`stretch list` as plain text: the routines or the exercise library in a table, drawn
without rich (it is the command people run most, and rich takes longer to import than typer)."""

from __future__ import annotations

from stretchcli.files.catalog import Catalog
from stretchcli.model import Routine
from stretchcli.text import clock, source_label, table


def routines_lines(
    rows: list[tuple[Routine, int, float]], width: int, bold: bool = False
) -> list[str]:
    """One row per routine: id, name, time, how many exercises, where it comes from."""
    cells = []
    for routine, exercises, seconds in rows:
        assert routine.origin is not None
        source = source_label(routine.origin.source)
        cells.append([routine.id, routine.name, clock(seconds), str(exercises), source])
    headers = ["routine", "name", "time", "exercises", "source"]
    align = ["left", "left", "right", "right", "left"]
    return table(headers, cells, align, grow=1, width=width, bold=bold)  # type: ignore[arg-type]


def exercises_lines(catalog: Catalog, width: int, bold: bool = False) -> list[str]:
    """One row per exercise: id, name, movements, where it comes from."""
    cells = []
    for exercise in sorted(catalog.exercises.values(), key=lambda e: e.id):
        assert exercise.origin is not None
        movements = ", ".join(exercise.movements) or "-"
        source = source_label(exercise.origin.source)
        cells.append([exercise.id, exercise.name, movements, source])
    headers = ["exercise", "name", "movements", "source"]
    align = ["left", "left", "left", "left"]
    return table(headers, cells, align, grow=1, width=width, bold=bold)  # type: ignore[arg-type]
