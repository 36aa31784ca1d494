"""An exercise a routine holds twice (a stretch at the start and again at the end) is in one
session, not two: the report's exercise table and its summary count sessions."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.bulk import Span
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
    # Done, and its repeat skipped: a session it was done in, not one it was skipped in.
    assert (rhomboid["sessions"], rhomboid["done"], rhomboid["skipped"]) == (2, 2, 0)
    out = " ".join(stretch("report", "--since", "1w", wall=NOON).out.split())
    assert "No exercise was skipped." in out and "Skipped most" not in out


STATUSES: tuple[ExerciseStatus, ...] = ("done", "partial", "skipped", "not reached", "hurt")
RANK = ("done", "hurt", "partial", "skipped", "not reached")  # a session's best of its times


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3), min_size=1, max_size=4)
)
def test_each_session_gives_an_exercise_one_status(
    isolated: Path, times: list[list[ExerciseStatus]]
) -> None:
    """However often a session holds the exercise, and however each time went, the session
    counts once, under the best of its times (hurt beside done where both): the statuses of
    an exercise add up to the sessions it was in, but for those it was done in and hurt."""
    path = db_path(isolated)
    path.unlink(missing_ok=True)
    history, _ = store(path)
    for day, statuses in enumerate(times):
        session(history, at(2 + day, 8), "mine", 5, "stopped",
                [("chin-tuck", status) for status in statuses])  # fmt: skip
    (tally,) = history.tallies(Span())
    expected: Counter[str] = Counter()
    for statuses in times:
        best = min(statuses, key=RANK.index)
        expected[best] += 1
        if best == "done" and "hurt" in statuses:  # done, and another time it hurt
            expected["hurt"] += 1
    assert tally.sessions == len(times)
    assert +tally.statuses == +expected


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
