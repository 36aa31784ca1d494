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


class _Writes(io.StringIO):
    """An output that keeps the size of each write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


@given(st.lists(st.integers(0, 600_000), max_size=12))
def test_a_json_list_is_written_in_batches_bounded_by_size(sizes: list[int]) -> None:
    """Attack 19, H15: `history --json` held 256 sessions before each write, and a session
    of 14,400 exercises is a line of megabytes (336 MB for 120 of them). A batch now holds
    at most one item past 256 KiB; the list written is the same."""
    import json

    from stretchcli.env import _BATCH_CHARS

    out = _Writes()
    env = Environment(io.StringIO(), out, io.StringIO(), {})
    items = [json.dumps("x" * size) for size in sizes]
    env.print_json_list(items)
    assert json.loads(out.getvalue()) == ["x" * size for size in sizes]
    assert all(size <= _BATCH_CHARS + max(sizes, default=0) + 10 for size in out.sizes)
