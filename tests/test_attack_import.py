"""Import takes only what a run can produce: a run ends after it starts (issue 23, class 2)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.export_file import FORMAT
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import record


def export(path: Path, started: datetime, ended: datetime) -> Path:
    line = json.loads(record(uuid.uuid4().hex, started))  # a new session each time
    line["ended_at"] = ended.isoformat()
    path.write_text(json.dumps(FORMAT) + "\n" + json.dumps(line) + "\n")
    return path


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offset=st.integers(min_value=-12 * 60, max_value=14 * 60),
    seconds=st.integers(min_value=-3 * 86400, max_value=3 * 86400),
)
def test_a_session_that_ends_before_it_starts_is_refused_by_line(
    stretch: Stretch, tmp_path: Path, offset: int, seconds: int
) -> None:
    zone = timezone(timedelta(minutes=offset))
    started = (NOW - timedelta(days=30)).astimezone(zone)
    ended = (started + timedelta(seconds=seconds)).astimezone(UTC)
    path = export(tmp_path / "one.jsonl", started, ended)
    code, out, err = stretch("history", "import", str(path))
    if ended >= started:
        assert (code, err) == (0, ""), err
        return
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"stretch: {path}:2: ended_at: expected a moment at or after started_at "
        f'({started.isoformat()}), got "{ended.isoformat()}"'
    )
