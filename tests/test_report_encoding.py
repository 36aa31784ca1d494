"""A report (or a figure) written to standard output is a file in UTF-8, as its format says,
whatever the locale's encoding: `> report.csv` in a legacy code page, or with LC_ALL=C,
keeps a note's words (they were '?', and the exit status 0)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes import NOW
from tests.test_history import db_path, store
from tests.test_report import session

NOTE = "ça va 👍🏽 مرحبا × 日本"


def _report(fmt: str, encoding: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", "report", "--format", fmt],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding, "STRETCH_TEST_CLOCK": NOW.isoformat()},
        timeout=60,
    )


@pytest.fixture
def noted(isolated: Path) -> None:
    history, _ = store(db_path(isolated))
    session(history, NOW - NOW.resolution * 10**8, "upper-back", 5, "completed",
            [("scapular-squeeze", "done")], note=NOTE)  # fmt: skip


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1", "utf-8"])
@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html"])
def test_a_note_reaches_a_piped_report_whole(noted: None, fmt: str, encoding: str) -> None:
    done = _report(fmt, encoding)
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("utf-8")  # whatever the locale said
    if fmt == "json":
        (row,) = json.loads(text)["sessions"]
        assert row["note"] == NOTE
    elif fmt == "csv":
        body = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
        assert NOTE in body[-1]
    else:
        assert NOTE in text.replace("&nbsp;", " ")
