"""A terminal size given in COLUMNS or LINES is bounded in one place, the Environment: a huge,
zero, negative or non-numeric value never reaches a drawing (attack 4, D6: `COLUMNS=2e19
stretch safety` ended in an OverflowError, `COLUMNS=20000000` took 2.9 GB)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.env import MAX_HEIGHT, MAX_WIDTH, Environment
from tests.conftest import Stretch


def environment(columns: str) -> Environment:
    return Environment(io.StringIO(), io.StringIO(), io.StringIO(), {"COLUMNS": columns})


@given(st.integers(min_value=1))
def test_a_width_in_columns_is_kept_up_to_the_maximum(columns: int) -> None:
    assert environment(str(columns)).width == min(columns, MAX_WIDTH)


@given(st.text())
def test_any_columns_gives_a_width_from_1_to_the_maximum(columns: str) -> None:
    width = environment(columns).width
    assert 1 <= width <= MAX_WIDTH
    if not (columns.isascii() and columns.isdigit() and int(columns) > 0):
        assert width == 80  # not a size: the default (stdout is no terminal here)


@given(st.text(), st.text())
def test_what_a_drawing_library_reads_is_bounded(columns: str, lines: str) -> None:
    env = Environment(
        io.StringIO(), io.StringIO(), io.StringIO(), {"COLUMNS": columns, "LINES": lines, "X": "1"}
    )
    drawn = env.drawing_environ()
    assert drawn["X"] == "1"
    for name, most in (("COLUMNS", MAX_WIDTH), ("LINES", MAX_HEIGHT)):
        if name in drawn:
            assert drawn[name].isdigit()
            assert 1 <= int(drawn[name]) <= most


@pytest.mark.parametrize(
    ("columns", "drawn_as"),
    [
        ("99999999999999999999", str(MAX_WIDTH)),
        ("20000000", str(MAX_WIDTH)),
        ("1" * 5000, str(MAX_WIDTH)),  # more digits than int() takes
        ("-5", "80"),
        ("0", "80"),
        ("", "80"),
        ("wide", "80"),
    ],
)
@pytest.mark.parametrize("args", [["safety"], ["list"], ["show", "desk-break"], ["history"]])
def test_every_command_draws_as_at_the_bounded_width(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, columns: str, drawn_as: str, args: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", drawn_as)
    expected = stretch(*args)
    monkeypatch.setenv("COLUMNS", columns)
    assert stretch(*args) == expected
    assert expected.code == 0
