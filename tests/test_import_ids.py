"""Sessions an import (or a sync merge) adds get the ids after the last one, without a gap:
the first session imported into an empty history is 1, whatever else the file holds (its
header, blank lines, sessions already there, plan records), and a session a later line of the
same file repeats is still named by that line."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.transfer import BATCH, ImportError_, export_lines, import_lines
from tests.fakes import NOW
from tests.test_history import seed, store


def ids(path: Path) -> list[int]:
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT id FROM sessions ORDER BY id")]


def exported(folder: Path, days: int) -> list[str]:
    """The lines of an export of a history with a session on each of `days` days."""
    history, _ = store(folder / "history.sqlite3")
    for back in range(days, 0, -1):
        seed(history, NOW - timedelta(days=back), 5, pain=(4, 2))
    lines = "".join(export_lines(history)).splitlines(keepends=True)
    history.close()
    return lines


def test_the_first_session_imported_into_an_empty_history_is_1(tmp_path: Path) -> None:
    lines = exported(tmp_path / "laptop", 3)
    history, _ = store(tmp_path / "desktop" / "history.sqlite3")
    assert import_lines(history, lines).added == 3
    history.close()
    assert ids(history.path) == [1, 2, 3]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    own=st.integers(0, 3),
    known=st.lists(st.booleans(), min_size=1, max_size=6),
    blanks=st.lists(st.integers(0, 2), min_size=7, max_size=7),
)
def test_imported_ids_follow_the_last_one_without_a_gap(
    tmp_path_factory: pytest.TempPathFactory, own: int, known: list[bool], blanks: list[int]
) -> None:
    """Any mix of sessions new and already there, blank lines among them, into a history with
    sessions of its own or none: the ids are 1, 2, 3... in the order the lines come."""
    folder = tmp_path_factory.mktemp("ids")
    header, *sessions = exported(folder / "other", len(known))
    history, _ = store(folder / "here" / "history.sqlite3")
    for back in range(own):
        seed(history, NOW - timedelta(days=30 + back), 5)
    history.now = lambda: NOW
    there = [line for line, is_known in zip(sessions, known, strict=True) if is_known]
    if there:
        import_lines(history, [header, *there])
    before = len(ids(history.path))
    lines = [header]
    for line, blank in zip(sessions, blanks, strict=False):
        lines += ["\n"] * blank + [line]
    done = import_lines(history, lines)
    history.close()
    assert done.added == len(known) - len(there)
    assert ids(history.path) == list(range(1, before + done.added + 1))


def test_a_repeated_session_across_batches_is_named_by_its_line(tmp_path: Path) -> None:
    header, session = exported(tmp_path / "laptop", 1)
    other = json.loads(session)
    fillers = [
        json.dumps({**other, "uid": f"{n:032x}"}) + "\n" for n in range(1, BATCH + 3)
    ]  # the repeat comes in a later batch than the first
    history, _ = store(tmp_path / "desktop" / "history.sqlite3")
    lines = [header, "\n", session, *fillers, session]
    with pytest.raises(ImportError_) as raised:
        import_lines(history, lines)
    history.close()
    last = len(lines)
    assert f"{last}: session {other['uid']} is also on line 3" in str(raised.value)
    assert ids(history.path) == []
