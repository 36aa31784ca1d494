"""Wide sessions (each within the import's limits: up to MAX_STEPS exercises, about a MiB a
line) are imported and exported a bounded batch at a time, by bytes as well as by lines, so
memory does not grow with the file; what is imported is the same whatever the batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history import transfer
from tests.conftest import Stretch
from tests.test_time import export_line


@given(st.lists(st.integers(0, 3000), max_size=60), st.integers(1, 5), st.integers(1, 5000))
def test_batches_keep_every_line_in_order_and_stay_within_their_bounds(
    sizes: list[int], most: int, most_bytes: int
) -> None:
    lines = ["x" * size for size in sizes]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transfer, "BATCH", most)
        patch.setattr(transfer, "BATCH_BYTES", most_bytes)
        batches = list(transfer._batches(iter(lines)))
    assert [line for batch in batches for line in batch] == lines
    for batch in batches:
        assert batch and len(batch) <= most
        # Under the byte bound but for the line that reached it.
        assert sum(map(len, batch[:-1])) < most_bytes


def _wide(uid: int, steps: int) -> str:
    line = json.loads(export_line(uid, f"2026-11-{uid:02d}T08:00:00+01:00", None))
    exercises = [
        {"exercise": f"ex-{n}", "status": "skipped", "holds": 2, "done": 0} for n in range(steps)
    ]
    return json.dumps({**line, "exercises": exercises, "last_step": steps - 1})


@pytest.mark.parametrize("batch_bytes", [1, 5_000, 1 << 20])
def test_an_import_is_the_same_whatever_its_batches(
    stretch: Stretch,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch_bytes: int,
) -> None:
    monkeypatch.setattr(transfer, "BATCH_BYTES", batch_bytes)
    lines = [_wide(uid, steps) for uid, steps in ((1, 300), (2, 1), (3, 900), (4, 50))]
    source = tmp_path / "wide.jsonl"
    header = '{"format": "stretch-history", "version": 1}'
    source.write_text("\n".join([header, *lines, lines[0]]) + "\n")  # one line repeated
    result = stretch("history", "import", str(source))
    assert result.code == 1
    assert result.err.startswith(f"stretch: {source}:6: session {1:032x} is also on line 2"), (
        result.err
    )
    source.write_text("\n".join([header, *lines]) + "\n")
    assert stretch("history", "import", str(source)).out == (
        "imported 4 sessions; 0 already there\n"
    )
    exported = stretch("history", "export").out.splitlines()[1:]
    assert [len(json.loads(line)["exercises"]) for line in exported] == [300, 1, 900, 50]
