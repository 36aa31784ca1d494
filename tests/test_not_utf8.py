"""Text in the history that is not UTF-8 (a hand edit, another program's bytes, stored as
TEXT, which SQLite does not check) is read with U+FFFD in place of each byte that cannot be,
and said once; every other value reads as before (review 16, R7: one such note made
`history`, every report and the export, offered as the way out, fail whole with "Could not
decode to UTF-8"). Nothing in the file is changed."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stretchcli.history.levels import LevelChange, add_level_changes
from tests.conftest import Stretch
from tests.test_damaged_history import contents, seeded
from tests.test_damaged_rows import COMMANDS as EVERY
from tests.test_history import NOON, store

SAID = (
    "stretch: warning: the history database {path} holds text that is not UTF-8 (written by "
    "another program?): it is read with \ufffd in place of each byte that cannot be; the file "
    "is left as it is"
)
COMMANDS = [*EVERY, ("due",)]  # every command that reads the history


def text_columns(path: Path) -> list[tuple[str, str]]:
    """Every (table, column) of the history declared TEXT."""
    with closing(sqlite3.connect(path)) as db:
        tables = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [
            (table, column[1])
            for table in tables
            for column in db.execute(f"PRAGMA table_info({table})")
            if column[2] == "TEXT"
        ]


def with_a_plan_start(isolated: Path) -> Path:
    """`seeded`'s history, with a level change (a plan's start) too."""
    path = seeded(isolated)
    history, _ = store(path)
    start = NOON - timedelta(days=3)
    change = LevelChange(start, "thoracic-rotation", "start", None, 1, "start", None, "0" * 16)
    history.now = lambda: NOON
    add_level_changes(history, [change])
    history.close()
    return path


def spoil(path: Path, table: str, column: str, raw: bytes) -> None:
    """Put `raw` in `column` of the last row of `table` as TEXT, past the table's checks."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        last = f"(SELECT max(rowid) FROM {table})"
        db.execute(f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE rowid = {last}", [raw])


def test_a_note_that_is_not_utf8_is_shown_with_a_replacement_and_said_once(
    stretch: Stretch, isolated: Path
) -> None:
    path = seeded(isolated)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE sessions SET note = CAST(X'ff41' AS TEXT) WHERE id = 2")
    before = contents(path)
    listed = stretch("history", "--json", wall=NOON)
    assert (listed.code, listed.err) == (0, SAID.format(path=path) + "\n")
    assert [s["note"] for s in json.loads(listed.out)] == [None, "\ufffdA"]
    report = stretch("report", "--format", "md", wall=NOON)
    assert (report.code, report.err) == (0, SAID.format(path=path) + "\n")
    assert "\ufffdA" in report.out
    exported = stretch("history", "export", wall=NOON)
    assert exported.code == 0
    assert [json.loads(line).get("note") for line in exported.out.splitlines()[1:]] == [
        None,
        "\ufffdA",
    ]
    assert contents(path) == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    where=st.integers(0, 40),
    raw=st.binary(max_size=6).map(lambda b: b + b"\xff" + b[:2]),
    command=st.sampled_from(COMMANDS),
)
@example(where=0, raw=b"\xff", command=("history", "export"))
def test_any_text_value_that_is_not_utf8_never_stops_a_command(
    stretch: Stretch, isolated: Path, where: int, raw: bytes, command: tuple[str, ...]
) -> None:
    """In any TEXT column of any table, for every command that reads the history: the
    command goes on (a value it cannot use is skipped as before, by its row) and says the
    text is not UTF-8 once at most; the file is left as it is."""
    path = with_a_plan_start(isolated)
    try:
        columns = text_columns(path)
        table, column = columns[where % len(columns)]
        spoil(path, table, column, raw)
        before = contents(path)
        code, out, err = stretch(*command, wall=NOON)
        assert "Traceback" not in err and "decode" not in err, err
        assert err.count("not UTF-8") <= 1, err
        assert code in ((0, 1) if command == ("history", "export") else (0,)), err
        if command == ("history", "--json"):
            assert json.loads(out)  # the sessions that can be read are listed
        assert contents(path) == before
    finally:
        path.unlink()


def test_a_command_lets_go_of_the_history_file_when_it_ends(
    stretch: Stretch, isolated: Path
) -> None:
    """The reader of text kept the `warn` it was given, an object's method: a cycle that
    kept each command's connection, and its three open files, until Python's collector came
    round (about a hundred over one test file; the suite's pty tests then failed in
    `select`, which takes no descriptor above 1023). A command now closes its history as it
    ends, whatever else holds it."""
    seeded(isolated)
    stretch("history", "--json", wall=NOON)
    gc.collect()  # what earlier tests of this process left for the collector goes first
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(30):
        assert stretch("run", "desk-break", "--json", "--no-pain", wall=NOON).code == 0
    # None more (58 more before, then 12); fewer where the collector closed something older.
    assert len(os.listdir("/proc/self/fd")) <= before
