"""The history's schema: the tables, and the migrations that bring any older file forward
(the version is kept in `PRAGMA user_version`)."""

from __future__ import annotations

import sqlite3

from stretchcli.errors import HistoryError

# SQLite's strftime reads ISO 8601 with an offset and gives UTC; "%f" is seconds.milliseconds.
_UTC_SQL = "strftime('%Y-%m-%dT%H:%M:%f000+00:00', {})"

# MIGRATIONS[n] takes a database from version n to version n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL
            CHECK (status IN ('running', 'completed', 'stopped', 'interrupted')),
        seconds REAL NOT NULL DEFAULT 0,
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        pid INTEGER
    );
    CREATE TABLE session_exercises (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        exercise TEXT NOT NULL,
        status TEXT NOT NULL,
        holds INTEGER NOT NULL,
        done INTEGER NOT NULL,
        PRIMARY KEY (session_id, position)
    );
    CREATE INDEX sessions_started ON sessions (started_at);
    """,
    # Version 2: the options of a run, so that `stretch again` and `--resume` can repeat them.
    """
    ALTER TABLE sessions ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE sessions ADD COLUMN last_exercise TEXT;
    """,
    # Version 3: where a run ended, as a step (the same exercise can come twice in a routine).
    """
    ALTER TABLE sessions ADD COLUMN last_step INTEGER;
    """,
    # Version 4: times in UTC, so that sessions sort right across time zones and daylight
    # saving (local-time text sorted a fall-back hour's sessions wrongly). Unreadable text is
    # left as it was, and skipped with a warning when read.
    f"""
    UPDATE sessions SET started_at = COALESCE({_UTC_SQL.format("started_at")}, started_at);
    UPDATE sessions SET ended_at = COALESCE({_UTC_SQL.format("ended_at")}, ended_at)
        WHERE ended_at IS NOT NULL;
    """,
    # Version 5: the reminders shown (or asked for at the terminal) and how each was answered.
    """
    CREATE TABLE reminders (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        routine TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN
            ('waiting', 'started', 'snoozed', 'skipped', 'no answer', 'shown', 'failed')),
        until TEXT,
        via TEXT NOT NULL CHECK (via IN ('notification', 'command'))
    );
    CREATE INDEX reminders_at ON reminders (at);
    """,
    # Version 6: a stable id per session (export and import match sessions by it, so that
    # two machines' histories merge), a note, and how hard the session felt (0-10).
    """
    ALTER TABLE sessions ADD COLUMN uid TEXT;
    UPDATE sessions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
    CREATE UNIQUE INDEX sessions_uid ON sessions (uid);
    ALTER TABLE sessions ADD COLUMN note TEXT;
    ALTER TABLE sessions ADD COLUMN difficulty INTEGER CHECK (difficulty BETWEEN 0 AND 10);
    """,
    # Version 7: the steps `--avoid` changed (swapped for their alternative, or left out),
    # for the report's completion per exercise.
    """
    ALTER TABLE sessions ADD COLUMN swaps TEXT NOT NULL DEFAULT '[]';
    """,
    # Version 8: a plan's level changes, each with its reason: where each exercise started
    # when a plan was adopted, and every step up or down and alternative since (levels.py).
    """
    CREATE TABLE level_changes (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        exercise TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('start', 'up', 'down', 'alternative')),
        level_before INTEGER CHECK (level_before >= 1),
        level INTEGER NOT NULL CHECK (level >= 1),
        reason TEXT NOT NULL,
        session_uid TEXT,
        alternative TEXT,
        plan TEXT NOT NULL
    );
    CREATE INDEX level_changes_at ON level_changes (at);
    CREATE UNIQUE INDEX level_changes_once
        ON level_changes (plan, session_uid, exercise, change);
    """,
    # Version 9: what got in the way of a week that fell short of the plan's weekly goal,
    # asked once at the next session (barriers.py); a skipped question is a null answer.
    """
    CREATE TABLE barriers (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        week TEXT NOT NULL,
        answer TEXT CHECK (answer IN ('no time', 'pain', 'forgot', 'not helping', 'other')),
        sessions INTEGER NOT NULL CHECK (sessions >= 0),
        goal INTEGER NOT NULL CHECK (goal >= 1)
    );
    CREATE UNIQUE INDEX barriers_week ON barriers (week);
    """,
)
VERSION = len(MIGRATIONS)
# The columns of each table at VERSION (a test checks them against a database MIGRATIONS
# made): a file that says it is up to date and lacks one was damaged, or changed by hand.
TABLES: dict[str, tuple[str, ...]] = {
    "sessions": (
        "id",
        "routine",
        "started_at",
        "ended_at",
        "status",
        "seconds",
        "pain_before",
        "pain_after",
        "pid",
        "options",
        "last_exercise",
        "last_step",
        "uid",
        "note",
        "difficulty",
        "swaps",
    ),
    "session_exercises": ("session_id", "position", "exercise", "status", "holds", "done"),
    "reminders": ("id", "at", "routine", "outcome", "until", "via"),
    "level_changes": (
        "id",
        "at",
        "exercise",
        "change",
        "level_before",
        "level",
        "reason",
        "session_uid",
        "alternative",
        "plan",
    ),
    "barriers": ("id", "at", "week", "answer", "sessions", "goal"),
}
LEFT_AS_IT_IS = "it was left as it is: restore a copy, or move it aside to start a new history"


def newer(version: int) -> HistoryError:
    """The one line for a database that a newer stretch has written (it is left as it is)."""
    return HistoryError(
        f"the history database is from a newer stretch (schema {version}, this one knows "
        f"{VERSION})",
        "upgrade stretch to read it; the file was left as it is",
    )


def damage(connection: sqlite3.Connection) -> str | None:
    """What an up-to-date database lacks of its tables (a table, or a column), or None."""
    for table, columns in TABLES.items():
        found = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if not found:
            return f"it has no table {table}"
        missing = [column for column in columns if column not in found]
        if missing:
            return f"its table {table} has no column {', '.join(missing)}"
    return None


def migrate(connection: sqlite3.Connection, target: int = VERSION) -> None:
    """Bring the schema to `target`, in one transaction: a failure leaves the file as it
    was (a HistoryError for a file of a newer stretch, with a version no stretch writes, or
    with tables ahead of its version)."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > VERSION:
        raise newer(version)
    if version < 0:
        raise HistoryError(
            f"the history database is damaged: its schema version is {version}", LEFT_AS_IT_IS
        )
    if version >= target:
        return
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        # Another process may have migrated while we waited for the lock.
        version = said = connection.execute("PRAGMA user_version").fetchone()[0]
        while version < target:
            try:
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        connection.execute(statement)
            except sqlite3.OperationalError as exc:
                if not _ahead(str(exc)):
                    raise
                raise HistoryError(  # (all of it rolled back: the file is as it was)
                    f"the history database is damaged: its schema version is {said}, but "
                    f"it holds what a later version adds ({exc})",
                    LEFT_AS_IT_IS,
                ) from None
            connection.execute(f"PRAGMA user_version = {version + 1}")
            version += 1


def _ahead(message: str) -> bool:
    """Whether a migration failed on what its own version should not hold yet (a version
    set back by hand: attack 20, A7)."""
    return "already exists" in message or message.startswith("duplicate column name")
