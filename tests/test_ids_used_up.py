"""A history whose largest session id is SQLite's largest (set by hand, or by another tool):
an import, and a sync, which number their rows after it, say in one line that no id is left
and change nothing (it was an OverflowError traceback, and a sync warning naming it)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import record

LARGEST = 2**63 - 1
HEADER = json.dumps({"format": "stretch-history", "version": 1}) + "\n"


def _at_the_largest_id(stretch: Stretch, isolated: Path, tmp_path: Path) -> Path:
    first = tmp_path / "first.jsonl"
    first.write_text(HEADER + record("a" * 32, NOW - timedelta(days=2)))
    assert stretch("history", "import", str(first)).code == 0
    path = isolated / "state" / "history.sqlite3"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("UPDATE session_exercises SET session_id = ?", (LARGEST,))
        db.execute("UPDATE sessions SET id = ?", (LARGEST,))
    return path


def test_an_import_after_the_largest_id_is_one_line_and_nothing(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    _at_the_largest_id(stretch, isolated, tmp_path)
    more = tmp_path / "more.jsonl"
    more.write_text(HEADER + record("b" * 32, NOW - timedelta(days=1)))
    result = stretch("history", "import", str(more))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: the history has no session id left after {LARGEST} (its largest, more than "
        "a run can reach: set by hand?); nothing was imported (give that session a smaller "
        "id, or export the history and import it into a new one)\n"
    )
    shown = json.loads(stretch("history", "--json").out)
    assert [s["uid"] for s in shown] == ["a" * 32]


def test_a_sync_after_the_largest_id_says_so_in_words(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    _at_the_largest_id(stretch, isolated, tmp_path)
    folder = tmp_path / "sync"
    folder.mkdir()
    (folder / "stretch-history-other-12345678.jsonl").write_text(
        HEADER + record("c" * 32, NOW - timedelta(days=1))
    )
    assert stretch("config", "sync_folder", str(folder)).code == 0
    result = stretch("history")
    assert result.code == 0
    assert "Traceback" not in result.err and "OverflowError" not in result.err
    assert result.err.startswith(
        "stretch: warning: sync: cannot merge stretch-history-other-12345678.jsonl: the "
        f"history has no session id left after {LARGEST} "
    )
