"""`history import` given two exports joined into one file, or the output of `history --json`:
one line that says what the file is and what to do (attack 11, A12)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.export_file import FORMAT, SESSIONS_ONLY, not_the_header, second_header
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import header, record

JSON_LIST = (
    "a JSON list, as `stretch history --json` writes it, not an export "
    "(write a file to import with `stretch history export -o FILE`)"
)


def test_two_exports_joined_are_named_as_such(stretch: Stretch, tmp_path: Path) -> None:
    one = header() + record("a" * 32, NOW - timedelta(hours=2))
    two = json.dumps(SESSIONS_ONLY) + "\n" + record("b" * 32, NOW - timedelta(hours=1))
    joined = tmp_path / "all.jsonl"
    joined.write_text(one + two)
    assert stretch("history", "import", str(joined)) == (
        1,
        "",
        f"stretch: {joined}:3: a second export's first line (two exports joined into one "
        "file?): import the files one at a time\n"
        f"stretch: {joined}: nothing was imported (1 bad line) (the history is as it was)\n",
    )


def test_two_exports_joined_without_a_line_break_between_are_named_as_such(
    stretch: Stretch, tmp_path: Path
) -> None:
    one = header() + record("a" * 32, NOW - timedelta(hours=2))
    two = json.dumps(SESSIONS_ONLY) + "\n" + record("b" * 32, NOW - timedelta(hours=1))
    joined = tmp_path / "all.jsonl"
    joined.write_text(one.removesuffix("\n") + two)  # an editor left off its last newline
    column = len(one.splitlines()[1]) + 1
    assert stretch("history", "import", str(joined)) == (
        1,
        "",
        f"stretch: {joined}:2:{column}: a second export's first line (two exports joined, the "
        "first without a line break at its end?): import the files one at a time\n"
        f"stretch: {joined}: nothing was imported (1 bad line) (the history is as it was)\n",
    )


@pytest.mark.parametrize("sessions", [0, 3])
def test_history_json_given_to_import_is_named_as_such(
    stretch: Stretch, tmp_path: Path, sessions: int
) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(
        header()
        + "".join(record(f"{n:032x}", NOW - timedelta(hours=n + 1)) for n in range(sessions))
    )
    assert stretch("history", "import", str(export)).code == 0
    listed = stretch("history", "--json").out
    assert listed.startswith("[") and listed.count("uid") == sessions
    given_back = tmp_path / "h.json"
    given_back.write_text(listed)
    assert stretch("history", "import", str(given_back)) == (
        1,
        "",
        f"stretch: {given_back}:1: {JSON_LIST}\n"
        f"stretch: {given_back}: nothing was imported (1 bad line) (the history is as it was)\n",
    )


@given(st.lists(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3), max_size=3))
def test_any_json_list_first_is_named_as_history_json(data: list[dict[str, int]]) -> None:
    assert not_the_header(data) == JSON_LIST


@given(st.sampled_from([FORMAT, SESSIONS_ONLY, {"format": "something else"}, {"format": 1}]))
def test_any_header_after_the_first_line_is_a_second_export(data: dict[str, object]) -> None:
    assert (second_header(data) or "").startswith("a second export's first line")
    assert second_header({"uid": "a" * 32}) is None
