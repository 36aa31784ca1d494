"""A full disk (or one failing to write) never keeps the person from their history: `history`,
`report` and the exports read it as it is, which is when a backup is most needed; a run says
that it cannot be recorded."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchcli.history import connection
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_time import export_line

LINES = [
    '{"format": "stretch-history", "version": 1}',
    export_line(1, "2026-11-01T08:00:00+01:00", "2026-11-01T08:05:00+01:00"),
    export_line(2, "2026-11-02T08:00:00+01:00", "2026-11-02T08:05:00+01:00"),
]
READERS = [
    ("history",),
    ("history", "--json"),
    ("report", "--format", "csv"),
    ("history", "export"),
]


def _imported(stretch: Stretch, tmp_path: Path) -> None:
    source = tmp_path / "sessions.jsonl"
    source.write_text("\n".join(LINES) + "\n")
    assert stretch("history", "import", str(source)).code == 0


@pytest.mark.parametrize("failure", ["database or disk is full", "disk I/O error"])
@pytest.mark.parametrize("args", READERS)
def test_the_history_is_read_when_it_cannot_be_written(
    stretch: Stretch,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
    args: tuple[str, ...],
) -> None:
    _imported(stretch, tmp_path)
    before = stretch(*args)

    def no_room(path: Path, busy_timeout: float, warn: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError(failure)  # what SQLite says when the WAL cannot grow

    monkeypatch.setattr(connection, "_open", no_room)
    after = stretch(*args)
    assert (after.code, after.out, after.err) == (0, before.out, before.err)


def test_a_full_disk_that_cannot_be_read_either_is_said_as_the_failure_to_write(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _imported(stretch, tmp_path)

    def no_room(path: Path, busy_timeout: float, warn: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    def unreadable(path: Path, warn: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(connection, "_open", no_room)
    monkeypatch.setattr(connection, "read_only", unreadable)
    result = stretch("history")
    assert result.code == 1
    assert result.err.endswith(
        "history.sqlite3: database or disk is full "
        "(free some disk space; the history was kept as it is)\n"
    )


@contextlib.contextmanager
def _small_disk(folder: Path) -> Iterator[None]:
    """A 300 KiB tmpfs at `folder` (root only: skipped elsewhere)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("a small disk needs mount (root): not here")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.skipif(
    sys.platform != "linux" or os.geteuid() != 0, reason="mounting a small disk needs root"
)
def test_a_really_full_disk_still_shows_and_exports_the_history(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with _small_disk(state):
        env = {
            **os.environ,
            "STRETCH_STATE_DIR": str(state),
            "STRETCH_CONFIG_DIR": str(tmp_path / "config"),
            "STRETCH_CACHE_DIR": str(tmp_path / "cache"),
            "TZ": "UTC",
            "STRETCH_TEST_CLOCK": NOW.isoformat(),
        }
        source = tmp_path / "sessions.jsonl"
        source.write_text("\n".join(LINES) + "\n")
        stretch = [sys.executable, "-m", "stretchcli"]
        subprocess.run([*stretch, "history", "import", str(source)], env=env, check=True)
        with contextlib.suppress(OSError), open(state / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        shown = subprocess.run([*stretch, "history"], env=env, capture_output=True, text=True)
        assert shown.returncode == 0, shown.stderr
        assert "Sun 1 Nov 07:00  desk-break" in shown.stdout
        saved = tmp_path / "backup.jsonl"
        exported = subprocess.run(
            [*stretch, "history", "export", "-o", str(saved)], env=env, capture_output=True
        )
        assert exported.returncode == 0
        assert [json.loads(line)["uid"] for line in saved.read_text().splitlines()[1:]] == [
            f"{1:032x}",
            f"{2:032x}",
        ]
