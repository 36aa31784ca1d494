"""`stretch list` at a terminal keeps every row within the screen whatever the length of a
routine's id (attack 20, A5: one of 250 characters, which `stretch new` takes, left every
other name 3 columns wide and wrapped each row); a pipe has the ids whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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
