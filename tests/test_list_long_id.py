"""`stretch list` at a terminal keeps every row within the screen whatever the length of a
routine's id (attack 20, A5: one of 250 characters, which `stretch new` takes, left every
other name 3 columns wide and wrapped each row); a pipe has the ids whole."""

from __future__ import annotations

import functools
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.files.catalog import Catalog
from stretchcli.text import columns
from stretchcli.views.routine_table import routine_lines


def _entry(ident: str, name: str) -> dict[str, object]:
    return {
        "id": ident,
        "name": name,
        "total_seconds": 633.0,
        "exercises": ["a", "b", "c"],
        "source": "user",
    }


BUILT_IN = [_entry("trigger-point-release", "Upper back trigger point relief")]


@given(length=st.integers(1, 250), width=st.integers(60, 300))
def test_every_row_fits_the_screen_and_names_keep_room(length: int, width: int) -> None:
    lines = routine_lines([_entry("a" * length, "A" * length), *BUILT_IN], width)
    assert all(columns(line) <= width for line in lines), lines
    assert "Upper back trigger point relief" in lines[-1] or width < 100


def test_a_pipe_has_every_id_whole() -> None:
    lines = routine_lines([_entry("a" * 250, "Long"), *BUILT_IN], 0)
    assert lines[2].startswith("a" * 250 + "  Long")


@given(length=st.integers(1, 250), width=st.integers(60, 300))
def test_an_exercise_id_of_any_length_keeps_the_exercises_table_within_the_screen(
    length: int, width: int
) -> None:
    """Verify 25, V8: `stretch list --exercises` had the same fault."""
    from stretchcli.views.catalog import ExerciseList, ExercisePage

    catalog = _catalog()
    known = next(iter(catalog.exercises.values()))
    long = replace(known, id="a" * length, name="A" * length)
    pages = tuple(ExercisePage(e, (), ()) for e in (long, *catalog.exercises.values()))
    lines = ExerciseList(pages).lines(width)
    assert all(columns(line) <= width for line in lines), lines


@functools.cache
def _catalog() -> Catalog:
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import Folder
    from tests.conftest import BUILTIN

    return load_catalog([Folder(BUILTIN, "built-in")])
