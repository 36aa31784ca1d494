"""A level change dated after now (an import from a machine whose clock ran ahead) is not in
force yet anywhere it is shown: the report's Levels keep the levels as they stand now, and
`stretch history` does not list it as done, until its time comes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.records import ExerciseStatus
from tests.conftest import Stretch
from tests.test_history import TZ, db_path, store
from tests.test_report import session

ADOPTED = datetime(2026, 11, 30, 8, 0, tzinfo=TZ)
NOW = datetime(2026, 12, 7, 13, 0, tzinfo=TZ)
PLAN = "days: {mon: upper-back, wed: upper-back, fri: upper-back}\nlevels: {scapular-squeeze: 2}\n"
SQUEEZE: list[tuple[str, ExerciseStatus]] = [("scapular-squeeze", "done")]


def levels(stretch: Stretch) -> str:
    """The report's Levels section, as Markdown."""
    out = stretch("report", "--format", "md", wall=NOW).out
    return out.split("### Levels", 1)[1].split("\n## ", 1)[0]


def start_at(tmp_path: Path, at: datetime) -> Path:
    change = {
        "at": at.isoformat(),
        "exercise": "rhomboid-stretch",
        "change": "start",
        "level_before": None,
        "level": 5,
        "reason": "starts at level 5",
        "session_uid": None,
        "alternative": None,
        "plan": "ffffffffffffffff",
    }
    path = tmp_path / f"ahead-{at.timestamp():.0f}.jsonl"
    header = {"format": "stretch-history", "version": 2}
    path.write_text(f"{json.dumps(header)}\n{json.dumps({'level_change': change})}\n")
    return path


def lived_plan(stretch: Stretch, isolated: Path, tmp_path: Path) -> None:
    """A plan adopted a week ago, three sessions of it, and then no plan in use."""
    plan = tmp_path / "physio.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(plan), wall=ADOPTED).code == 0
    history, _ = store(db_path(isolated), NOW)
    for day in (0, 2, 4):
        when = ADOPTED + timedelta(days=day, hours=1)
        session(history, when, "upper-back", 5, "completed", SQUEEZE, (3, 2))
    (isolated / "config" / "plan.yaml").unlink()


def test_a_start_ahead_of_the_clock_neither_empties_the_levels_nor_is_listed_as_done(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    lived_plan(stretch, isolated, tmp_path)
    before = levels(stretch)
    assert "Scapular squeeze" in before
    imported = stretch(
        "history", "import", str(start_at(tmp_path, NOW + timedelta(hours=20))), wall=NOW
    )
    assert imported.code == 0, imported.err
    assert levels(stretch) == before
    shown = stretch("history", wall=NOW).out
    assert "level 5" not in shown
    # Its time come, it is in force: listed as the start it is.
    assert "level 5" in stretch("history", wall=NOW + timedelta(hours=21)).out


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(1, 24 * 60 - 1))
def test_no_change_ahead_of_now_changes_what_is_shown_now(
    stretch: Stretch, isolated: Path, tmp_path: Path, minutes: int
) -> None:
    """Whatever its minute within the day ahead an import takes, a start dated after now
    leaves the report's Levels and `history` as they were."""
    if not db_path(isolated).exists():
        lived_plan(stretch, isolated, tmp_path)
    before = (levels(stretch), stretch("history", wall=NOW).out)
    path = start_at(tmp_path, NOW + timedelta(minutes=minutes))
    assert stretch("history", "import", str(path), wall=NOW).code == 0
    assert (levels(stretch), stretch("history", wall=NOW).out) == before
