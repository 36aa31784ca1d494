"""An exercise a routine holds twice (a stretch at the start and again at the end) is in one
session, not two: the report's exercise table and its summary count sessions."""

from __future__ import annotations

import json
from pathlib import Path

from stretchcli.records import ExerciseStatus
from tests.conftest import Stretch
from tests.test_history import NOON, db_path, store
from tests.test_report import at, session


def test_an_exercise_twice_in_a_session_counts_one_session(
    stretch: Stretch, isolated: Path
) -> None:
    history, _ = store(db_path(isolated))
    twice: list[tuple[str, ExerciseStatus]] = [
        ("rhomboid-stretch", "done"),
        ("scapular-squeeze", "done"),
        ("rhomboid-stretch", "skipped"),
    ]
    session(history, at(23, 8), "upper-back", 5, "completed", twice)
    session(history, at(24, 8), "upper-back", 5, "completed", twice[:2])
    data = json.loads(stretch("report", "--since", "1w", "--format", "json", wall=NOON).out)
    rhomboid = next(e for e in data["exercises"] if e["exercise"] == "rhomboid-stretch")
    assert (rhomboid["sessions"], rhomboid["done"], rhomboid["skipped"]) == (2, 2, 1)
    out = " ".join(stretch("report", "--since", "1w", wall=NOON).out.split())
    assert "Skipped most: Rhomboid stretch (1 of 2 sessions)." in out


def test_an_exercise_done_then_said_to_hurt_is_done_and_named_at_the_top(
    stretch: Stretch, isolated: Path
) -> None:
    """Done in full and named after the session as the one that hurt: done (README), and
    the headline says it hurt, before anything skipped."""
    history, _ = store(db_path(isolated))
    results: list[tuple[str, ExerciseStatus]] = [("rhomboid-stretch", "done")]
    session(history, at(23, 8), "upper-back", 5, "completed", results)
    session(history, at(24, 8), "upper-back", 5, "completed", results)
    (latest,) = [s for s in history.sessions() if s.started_at == at(24, 8)]
    history.set_hurt(latest.id, "rhomboid-stretch")
    data = json.loads(stretch("report", "--since", "1w", "--format", "json", wall=NOON).out)
    rhomboid = next(e for e in data["exercises"] if e["exercise"] == "rhomboid-stretch")
    assert (rhomboid["sessions"], rhomboid["done"], rhomboid["hurt"]) == (2, 2, 1)
    out = " ".join(stretch("report", "--since", "1w", wall=NOON).out.split())
    assert "Said to hurt: Rhomboid stretch (1 of 2 sessions). No exercise was skipped." in out
