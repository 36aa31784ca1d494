"""A session that was running when it was exported or synced (on another machine: no process
of it here) reads as running while a run could still be going on, and as interrupted after
the longest a run can last; never as interrupted while it may be running."""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.exported import MAX_SESSION_SECONDS
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_time import export_line


def _running(started_ago: float) -> str:
    line = json.loads(export_line(7, (NOW - timedelta(seconds=started_ago)).isoformat(), None))
    return json.dumps({**line, "status": "running", "seconds": 0.0})


def _status(stretch: Stretch, folder: Path, started_ago: float) -> str:
    source = folder / "running.jsonl"
    source.write_text('{"format": "stretch-history", "version": 1}\n' + _running(started_ago))
    imported = stretch("history", "import", str(source), wall=NOW)
    assert imported.code == 0, imported.err
    sessions = json.loads(stretch("history", "--json", wall=NOW).out)
    assert len(sessions) == 1
    return str(sessions[0]["status"])


def test_a_session_running_on_another_machine_is_not_called_interrupted(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    assert _status(stretch, tmp_path, 10 * 60) == "running"
    shown = stretch("history", wall=NOW).out
    assert "desk-break  0:00  running" in shown


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ago=st.floats(1, 3 * MAX_SESSION_SECONDS))
def test_it_is_running_exactly_while_a_run_could_last(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch, ago: float
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        monkeypatch.setenv("STRETCH_STATE_DIR", str(Path(folder) / "state"))
        expected = "running" if ago < MAX_SESSION_SECONDS else "interrupted"
        assert _status(stretch, Path(folder), ago) == expected
