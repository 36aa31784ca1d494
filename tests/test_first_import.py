"""An import into a history with no session yet builds the sessions' indexes once, after
the rows: it takes and refuses exactly what an import into a history with sessions does,
names a session repeated in batches apart by its lines, and leaves the indexes as the
schema makes them, whether it lands or is refused."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history import transfer
from stretchcli.history.store import History
from stretchcli.history.transfer import ImportError_, import_lines
from tests.fakes import NOW
from tests.test_bulk import _one, export_text

OTHER = _one(uid="f" * 32, started_at=NOW - timedelta(days=30), ended_at=NOW - timedelta(days=30))


def _sessions(uids: list[int]) -> list[str]:
    """An export file's lines: a session for each uid number, an hour apart."""
    found = [
        _one(
            uid=f"{n + 1:032x}",
            started_at=NOW - timedelta(hours=n + 2),
            ended_at=NOW - timedelta(hours=n + 2) + timedelta(minutes=3),
        )
        for n in uids
    ]
    return export_text(found).splitlines()


@contextmanager
def _history(path: Path, had: bool) -> Iterator[History]:
    history = History(path, print, lambda: NOW)
    if had:
        history.add_sessions([replace(OTHER, ended_at=OTHER.started_at + timedelta(minutes=3))])
    try:
        yield history
    finally:
        history.close()


class Outcome(NamedTuple):
    kind: str  # "imported" or "refused"
    taken: int  # sessions added, or bad lines
    known: int  # sessions already there
    problems: tuple[str, ...]
    indexes: list[tuple[str, str]]


def _outcome(path: Path, lines: list[str], had: bool) -> Outcome:
    with _history(path, had) as history:
        try:
            done = import_lines(history, lines)
        except ImportError_ as refused:
            return Outcome("refused", refused.count, 0, tuple(refused.problems), _indexes(path))
        return Outcome("imported", done.added, done.known, (), _indexes(path))


def _indexes(path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions'"
            " ORDER BY name"
        ).fetchall()


SCHEMA = [
    ("sessions_started", "CREATE INDEX sessions_started ON sessions (started_at)"),
    ("sessions_uid", "CREATE UNIQUE INDEX sessions_uid ON sessions (uid)"),
]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 6), min_size=1, max_size=14), st.integers(1, 4))
def test_an_empty_history_takes_what_one_with_sessions_does_and_names_every_repeat(
    tmp_path_factory: pytest.TempPathFactory, uids: list[int], batch: int
) -> None:
    """Any sessions, repeated anywhere, in batches of any size: both take the same, or
    refuse the file naming the same line first, and the empty one each repeat the other
    names (it finds those in batches apart once the rows are in: it may name more)."""
    folder = tmp_path_factory.mktemp("first")
    lines = _sessions(uids)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transfer, "BATCH", batch)
        empty = _outcome(folder / "empty.sqlite3", lines, had=False)
        had = _outcome(folder / "had.sqlite3", lines, had=True)
    assert empty.indexes == had.indexes == SCHEMA
    if len(set(uids)) < len(uids):  # each repeat named as far as the rows were written
        assert (empty.kind, had.kind) == ("refused", "refused")
        assert empty.problems[0] == had.problems[0]
        assert set(had.problems) <= set(empty.problems)
        for problem in empty.problems:
            found = re.fullmatch(r"(\d+): session \w+ is also on line (\d+)", problem)
            assert found is not None, problem
            line, earlier = map(int, found.groups())
            assert earlier < line and uids[line - 2] == uids[earlier - 2], problem
    else:
        assert empty == had == Outcome("imported", len(uids), 0, (), SCHEMA)


def test_a_session_repeated_in_batches_apart_is_named_in_line_order_among_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found once the rows are in, the repeat is named before a bad line after it, as an
    import into a history with sessions names it as it reads."""
    monkeypatch.setattr(transfer, "BATCH", 2)
    lines = [*_sessions([0, 1, 2, 0, 3]), "{}"]
    for had in (False, True):
        assert _outcome(tmp_path / f"{had}.sqlite3", lines, had) == Outcome(
            "refused",
            2,
            0,
            (
                f"5: session {1:032x} is also on line 2",
                "7: uid: missing (expected a session id: 32 lowercase hexadecimal digits)",
            ),
            SCHEMA,
        )


def test_the_history_an_empty_one_becomes_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    assert _outcome(path, _sessions(list(range(30))), had=False) == Outcome(
        "imported", 30, 0, (), SCHEMA
    )
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE uid = ?", ["x"]
        ).fetchall()
    assert "sessions_uid" in str(plan)
    assert _outcome(path, _sessions(list(range(30))), had=False) == Outcome(
        "imported", 0, 30, (), SCHEMA
    )


KILLED_AS_IT_BUILDS = """\
import os, signal, sys
from stretchcli.history import first_import
first_import.build = lambda *given: os.kill(os.getpid(), signal.SIGKILL)
from stretchcli.entry import run
sys.argv = ["stretch", "history", "import", sys.argv[1]]
run()
"""


def test_an_import_killed_with_its_rows_in_and_no_index_leaves_the_history_as_it_was(
    isolated: Path, tmp_path: Path
) -> None:
    """SIGKILL once every row is written and the indexes are dropped, before they are made
    again: the history has no session, and both indexes, as before the import."""
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(_sessions(list(range(3000)))) + "\n")
    path = isolated / "state" / "history.sqlite3"
    with _history(path, had=False):
        pass
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AS_IT_BUILDS, str(source)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "STRETCH_TEST_CLOCK": NOW.isoformat()},
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM session_exercises").fetchone() == (0,)
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert _indexes(path) == SCHEMA
    assert _outcome(path, _sessions([0, 1]), had=False) == Outcome("imported", 2, 0, (), SCHEMA)
