"""A history database that a newer stretch wrote, or whose tables are damaged: every command
that uses it says so in one line (a run goes ahead unrecorded), and nothing in the file is
lost or changed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from stretchcli.errors import HistoryError
from stretchcli.history.connection import read_only
from stretchcli.history.damage import WHAT_TO_DO
from stretchcli.history.schema import TABLES, VERSION, migrate
from tests.conftest import Stretch
from tests.test_history import NOON, db_path, seed, store

# Every command that reads or writes the history, and what it says when it cannot use it:
# an error (exit 1), or, for a run, a warning and the run itself.
COMMANDS: list[tuple[str, ...]] = [
    ("history",),
    ("history", "--json"),
    ("history", "export"),
    ("history", "note", "hello"),
    ("report", "--format", "json"),
    ("again", "--json"),
]
RUN = ("run", "upper-back", "--json", "--only", "thoracic-rotation")


def seeded(isolated: Path) -> Path:
    """A history with two sessions and their exercises, and a reminder."""
    path = db_path(isolated)
    history, _ = store(path)
    seed(history, NOON - timedelta(days=2), 5)
    seed(history, NOON - timedelta(days=1), 5, pain=(4, 2))
    history.add_reminder("upper-back", "started", "command")
    history.close()
    return path


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, as SQLite reads them, text as its bytes (read-only:
    nothing is changed)."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        db.text_factory = bytes
        return {name: sorted(db.execute(f"SELECT * FROM {name}"), key=repr) for name in names}


def without(db: sqlite3.Connection, table: str, column: str) -> None:
    """Rebuild `table` without `column` (what a hand edit, or a damaged file, leaves)."""
    kept = ", ".join(c for c in TABLES[table] if c != column)
    db.executescript(
        f"CREATE TABLE copy AS SELECT {kept} FROM {table}; DROP TABLE {table};"
        f"ALTER TABLE copy RENAME TO {table};"
    )


def each_command_is_one_line(stretch: Stretch, path: Path, message: str, hint: str) -> None:
    """Every command says `message (hint)` in one line (a run warns with the message and
    goes ahead), never a traceback, and leaves every row of the file as it was."""
    before = contents(path)
    for command in [*COMMANDS, ("history", "import", str(path.parent / "x.jsonl"))]:
        code, out, err = stretch(*command)
        assert (code, out, err) == (1, "", f"stretch: {message} ({hint})\n"), command
    code, out, err = stretch(*RUN)
    assert code == 0
    assert json.loads(out.splitlines()[-1])["status"] == "completed"  # the run went ahead
    warning = err.splitlines()[-1]
    assert warning == f"stretch: warning: this session will not be recorded: {message} ({hint})"
    assert contents(path) == before  # nothing lost, nothing changed
    assert not list(path.parent.glob("*.unreadable-*"))  # nothing moved aside


def test_a_database_from_a_newer_stretch_is_one_line_everywhere_and_kept(
    stretch: Stretch, isolated: Path
) -> None:
    path = seeded(isolated)
    (path.parent / "x.jsonl").write_text('{"format": "stretch-history", "version": 1}\n')
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(f"PRAGMA user_version = {VERSION + 1}")
        db.execute("ALTER TABLE sessions ADD COLUMN mood TEXT NOT NULL DEFAULT 'fine'")
    message = (
        f"the history database is from a newer stretch (schema {VERSION + 1}, this one knows "
        f"{VERSION})"
    )
    each_command_is_one_line(
        stretch, path, message, "upgrade stretch to read it; the file was left as it is"
    )


def test_a_newer_database_that_cannot_be_written_says_it_is_newer(isolated: Path) -> None:
    path = seeded(isolated)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(f"PRAGMA user_version = {VERSION + 5}")
    with pytest.raises(HistoryError) as caught:
        read_only(path, print)
    assert caught.value.line() == (
        f"the history database is from a newer stretch (schema {VERSION + 5}, this one knows "
        f"{VERSION}) (upgrade stretch to read it; the file was left as it is)"
    )


DAMAGE = "it was left as it is: restore a copy, or move it aside to start a new history"


@pytest.mark.parametrize(
    ("table", "column"),
    [(table, column) for table, columns in TABLES.items() for column in columns],
)
def test_a_table_without_one_of_its_columns_is_one_line_everywhere_and_kept(
    stretch: Stretch, isolated: Path, table: str, column: str
) -> None:
    path = seeded(isolated)
    (path.parent / "x.jsonl").write_text('{"format": "stretch-history", "version": 1}\n')
    with closing(sqlite3.connect(path)) as db, db:
        without(db, table, column)
    message = f"the history database {path} is damaged: its table {table} has no column {column}"
    each_command_is_one_line(stretch, path, message, DAMAGE)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_missing_table_is_one_line_everywhere_and_the_rest_kept(
    stretch: Stretch, isolated: Path, table: str
) -> None:
    path = seeded(isolated)
    (path.parent / "x.jsonl").write_text('{"format": "stretch-history", "version": 1}\n')
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute(f"DROP TABLE {table}")
    message = f"the history database {path} is damaged: it has no table {table}"
    each_command_is_one_line(stretch, path, message, DAMAGE)


@pytest.mark.parametrize(
    ("damage", "message", "hint"),
    [
        (
            lambda db: db.execute("PRAGMA user_version = -1"),
            "the history database is damaged: its schema version is -1",
            DAMAGE,
        ),
        (  # it says version 5, and has the columns of version 6 already: migrating fails
            lambda db: db.execute("PRAGMA user_version = 5"),
            "the history database is damaged: its schema version is 5, but it holds what a "
            "later version adds (duplicate column name: uid)",
            DAMAGE,
        ),
    ],
)
def test_a_schema_version_that_does_not_fit_the_tables_is_one_line(
    stretch: Stretch,
    isolated: Path,
    damage: Callable[[sqlite3.Connection], object],
    message: str,
    hint: str,
) -> None:
    path = seeded(isolated)
    (path.parent / "x.jsonl").write_text('{"format": "stretch-history", "version": 1}\n')
    with closing(sqlite3.connect(path)) as db, db:
        damage(db)
    each_command_is_one_line(stretch, path, message.format(path=path), hint)


@pytest.mark.parametrize("version", range(VERSION))
def test_any_schema_version_set_back_is_one_line_and_the_file_kept(
    stretch: Stretch, isolated: Path, version: int
) -> None:
    """Attack 20, A7: version 0 gave "table sessions already exists" with nothing to do."""
    path = seeded(isolated)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(f"PRAGMA user_version = {version}")
    before = contents(path)
    for command in (("history",), ("history", "--json"), ("report",), ("history", "export")):
        code, out, err = stretch(*command)
        assert (code, out) == (1, ""), command
        assert err.startswith(
            f"stretch: the history database is damaged: its schema version is {version}, but "
            "it holds what a later version adds ("
        ), err
        assert err.endswith(f") ({DAMAGE})\n") and err.count("\n") == 1, err
    assert contents(path) == before
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == version


def test_the_tables_named_are_the_ones_the_migrations_make() -> None:
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as db:
        migrate(db)
        made = {
            name: tuple(row[1] for row in db.execute(f"PRAGMA table_info({name})"))
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    assert made == TABLES


@pytest.mark.parametrize("column", ["options", "swaps"])
def test_a_stored_json_column_nested_too_deep_skips_its_session_with_one_line(
    stretch: Stretch, isolated: Path, column: str
) -> None:
    path = seeded(isolated)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            f"UPDATE sessions SET {column} = ? WHERE id = 2", ["[" * 100_000 + "]" * 100_000]
        )
    code, out, err = stretch("history", "--json")
    assert code == 0
    assert [s["id"] for s in json.loads(out)] == [1]
    assert (
        err == f"stretch: warning: skipping session 2 of the history: sessions.{column} of row 2 "
        f"cannot be read: its JSON nests too deep to read ({WHAT_TO_DO})\n"
    )
