"""The sync's own record of how far each file was merged (`sync.json` in the state folder) is
stretch's to work out again: a record whose numbers no sync writes (below 0, beyond what
SQLite or a file offset holds, not whole numbers) is read as none at all, and the files are
merged again from their start (by uid: nothing twice), never "stopped by ValueError" at
every command, for ever (attack 16, H3)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.sync_files import Mark, Refusal, SyncState, Written, loads
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import Machines

FULL = SyncState(
    "f",
    {"x": Mark(9, 8, 7, 2, 1, 5)},
    Written(3, (5, 7)),
    (Refusal("x", 2, "why", False),),
    True,
    (10, 11),
    12,
    False,
    (1, 2),
    Written(1, (4,)),
    ((3, "2026-12-01T08:00:00+00:00"),),
)
# Where a whole number is kept in the record, as paths into its JSON.
NUMBERS: list[tuple[Any, ...]] = [
    ("marks", "x", 0),
    ("marks", "x", 1),
    ("marks", "x", 2),
    ("marks", "x", 5),
    ("written", "through"),
    ("written", "also", 0),
    ("refused", 0, 1),
    ("own", 0),
    ("own", 1),
    ("own_crc",),
    ("plan", 0),
    ("plan", 1),
    ("reminders", "through"),
    ("reminders", "also", 0),
    ("notes", 0, 0),
]
# A file's time (nanoseconds) is before 1970 for a file an archive restored: only what no
# SQLite integer holds is refused (review 18, F3).
TIMES = [("marks", "x", 1), ("own", 1)]
NO_SYNC_WRITES = st.one_of(
    st.integers(max_value=-1),
    st.integers(max_value=-(2**63) - 1),
    st.integers(min_value=2**63),
    st.sampled_from([1.5, 1e300, float("inf"), True, "5", None, [1]]),
)


@pytest.fixture
def machines(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    return Machines(tmp_path / "machines", stretch, monkeypatch)


def _put(record: dict[str, Any], path: tuple[Any, ...], value: object) -> None:
    where: Any = record
    for key in path[:-1]:
        where = where[key]
    where[path[-1]] = value


def test_the_whole_record_reads_back() -> None:
    assert loads(FULL.dumps()) == FULL


@given(path=st.sampled_from(NUMBERS), value=NO_SYNC_WRITES)
@settings(max_examples=300, deadline=None)
def test_a_number_no_sync_writes_makes_the_record_read_afresh(
    path: tuple[Any, ...], value: object
) -> None:
    record = json.loads(FULL.dumps())
    _put(record, path, value)
    found = loads(json.dumps(record))
    if path in TIMES and type(value) is int and -(2**63) <= value < 0:
        assert found != SyncState() and found.folder == FULL.folder
        return
    if path == ("own_crc",) and value is None:  # not known: as an older stretch kept it
        assert found == replace(FULL, own_crc=None)
    elif path == ("marks", "x", 5) and value is None:
        assert found == replace(FULL, marks={"x": Mark(9, 8, 7, 2, 1, None)})
    else:
        assert found == SyncState()


@pytest.mark.parametrize(
    "path, value",
    [(("own",), [-1, 5]), (("written", "through"), 10**30), (("plan",), [10**30, 0])],
)
def test_history_sync_merges_afresh_past_a_damaged_record(
    machines: Machines, path: tuple[Any, ...], value: object
) -> None:
    """The attack's three examples: each stopped every sync with a Python exception."""
    mine = machines.session("a", NOW)
    theirs = machines.session("b", NOW)
    assert machines.run("a", "history", "sync", wall=NOW).code == 0
    assert machines.run("b", "history", "sync", wall=NOW).code == 0
    state = machines.state("a") / "sync.json"
    record = json.loads(state.read_text())
    _put(record, path, value)
    state.write_text(json.dumps(record))
    result = machines.run("a", "history", "sync", wall=NOW)
    assert result.code == 0
    assert "stopped by" not in result.err and "Error" not in result.err
    assert machines.uids("a") == sorted([mine, theirs])
    assert json.loads(state.read_text())["own"][0] >= 0  # written again, whole


def test_a_file_dated_before_1970_keeps_its_mark() -> None:
    """A sync writes a negative time for such a file: it reads it back, not afresh."""
    state = replace(FULL, marks={"x": Mark(9, -157766400000000000, 7, 2, 1, 5)}, own=(10, -1))
    assert loads(state.dumps()) == state
