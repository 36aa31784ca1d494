"""The files `benchmarks/run.py` times an import of are ones `history import` takes whole: a
benchmark of an import that refuses its file measures nothing (the wide file's seconds were
too few for its holds once an import checked them, and its figure timed a refusal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.run import export_file, write_wide

from tests.conftest import Stretch
from tests.fakes import NOW


@pytest.mark.parametrize("count", [1, 2, 23, 150])
def test_the_history_file_of_the_benchmark_is_imported_whole(
    stretch: Stretch, tmp_path: Path, count: int
) -> None:
    source = tmp_path / "history.jsonl"
    export_file(source, count, NOW.timestamp())
    result = stretch("history", "import", str(source), wall=NOW)
    s = "" if count == 1 else "s"
    assert (result.code, result.out) == (0, f"imported {count} session{s}; 0 already there\n")
    exported = stretch("history", "export", wall=NOW).out.splitlines()
    assert len(exported) == count + 1


@pytest.mark.parametrize(("count", "steps"), [(1, 1), (2, 40), (3, 14_400)])
def test_the_wide_file_of_the_benchmark_is_imported_whole(
    stretch: Stretch, tmp_path: Path, count: int, steps: int
) -> None:
    source = tmp_path / "wide.jsonl"
    write_wide(source, count, steps)
    result = stretch("history", "import", str(source), wall=NOW)
    s = "" if count == 1 else "s"
    assert (result.code, result.out) == (0, f"imported {count} session{s}; 0 already there\n")
    lines = stretch("history", "export", wall=NOW).out.splitlines()[1:]
    assert [len(json.loads(line)["exercises"]) for line in lines] == [steps] * count
