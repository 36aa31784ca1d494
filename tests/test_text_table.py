"""Plain tables keep to the screen's width in columns, whatever script the data is in."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.text import columns
from stretchcli.views.table import cut_middle, table
from tests.conftest import Stretch
from tests.fakes import FakeTerminal

names = st.text(
    alphabet=st.sampled_from(["a", "Z", "é", "\u0301", "漢", "字", "\uff57", "한", "😀", " "]),
    max_size=40,
)
ids = st.text(alphabet=st.sampled_from(["a", "漢", "\u0301", "-"]), max_size=4)


@settings(max_examples=300)
@given(
    st.lists(st.tuples(ids, names), max_size=6),
    st.integers(min_value=20, max_value=120),
)
def test_no_line_is_wider_than_the_screen_and_columns_line_up(
    rows: list[tuple[str, str]], width: int
) -> None:
    """The column that grows is cut to what is left (the others fit, as ids do)."""
    lines = table(["Id", "Name"], [list(r) for r in rows], ["left", "left"], 1, width, " | ")
    assert all(columns(line) <= width for line in lines)
    cells = [line.split(" | ") for line in (lines[0], *lines[2:])]
    starts = {columns(first) for first, *rest in cells if rest}
    assert len(starts) == 1  # the second column starts at the same column on every line


@settings(max_examples=300)
@given(
    st.lists(st.tuples(ids, names, names, st.integers(0, 10**6)), max_size=6),
    st.integers(min_value=0, max_value=80),
)
def test_every_text_column_gives_way_before_a_line_is_wider_than_the_screen(
    rows: list[tuple[str, str, str, int]], more: int
) -> None:
    """Verify 25, V8: at 40 columns `stretch list` wrapped every row, as the column that
    grows could give no more. Text columns shrink to their headers; numbers never."""
    headers = ["Id", "Name", "Where", "Count"]
    cells = [[a, b, c, str(n)] for a, b, c, n in rows]
    numbers = max([5, *(len(r[3]) for r in cells)])
    least = 2 + 4 + 5 + numbers + 3 * 2  # every text column at its header, and the gaps
    width = least + more
    lines = table(headers, cells, ["left", "left", "left", "right"], 1, width, "  ")
    assert all(columns(line) <= width for line in lines), (width, lines)
    assert [line.split()[-1] for line in lines[2:]] == [r[3] for r in cells]  # numbers whole


def test_a_wide_character_takes_two_columns_and_a_mark_none() -> None:
    assert columns("漢字") == 4
    assert columns(unicodedata.normalize("NFD", "é")) == 1
    assert columns("abc") == 3


def test_list_of_a_routine_named_in_chinese_stays_within_the_screen(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "zh.yaml").write_text(
        "name: 上背部伸展上背部伸展上背部伸展上背部伸展上背部伸展上背部伸展\n"
        "summary: s\nsteps: [thoracic-rotation]\n"
    )
    monkeypatch.setenv("STRETCH_PATH", str(folder))
    monkeypatch.setenv("COLUMNS", "60")
    result = stretch("list", terminal=FakeTerminal(), tty=True)
    assert result.code == 0, result.err
    shown = result.out.replace("\x1b[1m", "").replace("\x1b[0m", "")
    row = next(line for line in shown.splitlines() if line.startswith("zh "))
    assert columns(row) <= 60 and row.count("…") == 1


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(["a", "b", "漢", "\u0301", "-"]), max_size=30), st.data())
def test_an_id_is_cut_in_its_middle_keeping_its_start_and_end(
    text: str, data: st.DataObject
) -> None:
    """Attack 22, C6: `thoracic-rotation` and `thoracic-side-bend` were both `thoracic-…`."""
    size = data.draw(st.integers(min_value=5, max_value=40))
    shown = cut_middle(text, size)
    assert columns(shown) == size
    if columns(text) <= size:
        assert shown.rstrip(" ") == text.rstrip(" ")
    else:
        head, tail = shown.rstrip(" ").split("…")
        assert text.startswith(head) and text.endswith(tail)
        assert columns(tail) >= (size - 1) // 2 - 1  # (a wide letter may not fit its room)


@pytest.mark.parametrize("what", [(), ("--exercises",)])
@pytest.mark.parametrize("width", [20, 25, 30, 33, 37, 41, 50])
def test_stretch_list_fits_a_narrow_screen_and_tells_every_id_apart(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, width: int, what: tuple[str, ...]
) -> None:
    """Attack 22, C6: below 37 columns every row of `stretch list` took two lines, and the
    rule was wider than the screen. Columns of least worth give way first (where from, then
    the steps or the movements)."""
    monkeypatch.setenv("COLUMNS", str(width))
    result = stretch("list", *what, terminal=FakeTerminal(), tty=True)
    assert result.code == 0, result.err
    lines = result.out.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines()
    table = lines[: lines.index(next(x for x in lines if x == "")) if "" in lines else None]
    assert all(columns(line) <= width for line in table), table
    ids = [line.split("  ")[0] for line in table[2:]]
    assert len(set(ids)) == len(ids), ids


@pytest.mark.parametrize("width", [20, 22, 25, 30, 35, 45, 60, 80])
def test_own_ids_alike_at_both_ends_are_told_apart(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Verify 26, N10: `stretch-morning-routine` and `stretch-evening-routine` were both
    `stretch…routine` from 20 to 45 columns, the steps and source still shown; from 20 to
    30 columns, still cut alike (verify 27, N10): they are cut where they differ."""
    folder = tmp_path / "mine"
    folder.mkdir()
    names = ["stretch-morning-routine", "stretch-evening-routine", "stretch-noon-routine"]
    for name in names:
        (folder / f"{name}.yaml").write_text("name: x\nsummary: s\nsteps:\n  - chin-tuck\n")
    monkeypatch.setenv("STRETCH_PATH", str(folder))
    monkeypatch.setenv("COLUMNS", str(width))
    result = stretch("list", terminal=FakeTerminal(), tty=True)
    lines = result.out.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines()
    ids = [line.split("  ")[0] for line in lines[2:] if line.split()[1:2] == ["x"]]
    assert len(ids) == 3 and len(set(ids)) == 3, ids
    assert all(columns(line) <= width for line in lines)


@given(
    st.text("ab-", min_size=0, max_size=12),
    st.lists(st.text("abcdefgh", min_size=1, max_size=9), min_size=2, max_size=5, unique=True),
    st.text("ab-", min_size=0, max_size=12),
    st.integers(min_value=5, max_value=40),
)
def test_ids_alike_at_both_ends_are_cut_where_they_differ(
    start: str, middles: list[str], end: str, size: int
) -> None:
    """Verify 27, N10: ids that differ only in their middle are cut around it, each in
    exactly `size` columns, each part of what is shown taken from the id."""
    from stretchcli.views.table import apart

    ids = [f"{start}{m}{end}" for m in middles]
    shown = apart(ids, size)
    assert all(columns(s) == size for s in shown)
    for whole, cut in zip(ids, shown, strict=True):
        assert all(part in whole for part in cut.rstrip(" ").split("…")), (whole, cut)
    # told apart where they differ in their first character past the common start
    if len({m[0] for m in middles}) == len(middles):
        assert len(set(shown)) == len(shown), shown
