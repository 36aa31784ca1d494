"""The report's headline says when sessions left steps out by choice (`--only`, `--skip`):
those steps are not in the session, so they are not 'skipped', and "No exercise was
skipped" alone would tell a physiotherapist the whole routine was done."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.store import History
from stretchcli.records import EndStatus, ExerciseStatus
from stretchcli.report.model import run_changes
from tests.conftest import Stretch
from tests.test_history import NOON, db_path, store
from tests.test_report import at, session

SQUEEZE: tuple[str, ExerciseStatus] = ("scapular-squeeze", "done")


def _ran(
    history: History,
    day: int,
    options: dict[str, object],
    status: EndStatus = "completed",
    exercises: list[tuple[str, ExerciseStatus]] | None = None,
) -> None:
    """A session of the upper-back routine on `day` (November), run with `options`."""
    session(history, at(day, 8), "upper-back", 5, status, exercises or [SQUEEZE], options=options)


def _chosen(options: dict[str, object]) -> bool:
    said = run_changes(json.dumps(options))
    return "chosen steps only" in said or "steps left out" in said


def test_the_headline_names_sessions_run_with_chosen_steps(
    stretch: Stretch, isolated: Path
) -> None:
    history, _ = store(db_path(isolated))
    _ran(history, 23, {"only": [SQUEEZE[0]], "skip": []})
    _ran(history, 24, {"skip": ["rhomboid-stretch"]})
    _ran(history, 25, {"only": [], "skip": []})
    code, out, _ = stretch("report", "--since", "1w", wall=NOON)
    assert code == 0
    assert (
        "No exercise was skipped during a session; 2 sessions left some of the "
        "routine's steps out on purpose.\n" in out
    )
    data = json.loads(stretch("report", "--since", "1w", "--format", "json", wall=NOON).out)
    assert data["totals"]["steps_chosen"] == 2


def test_one_such_session_beside_exercises_skipped(stretch: Stretch, isolated: Path) -> None:
    history, _ = store(db_path(isolated))
    _ran(history, 24, {"skip": ["rhomboid-stretch"]}, "stopped", [("scapular-squeeze", "skipped")])
    out = stretch("report", "--since", "1w", wall=NOON).out
    assert (
        "Skipped most: Scapular squeeze (1 of 1 session). 1 session left some of the "
        "routine's steps out on purpose.\n" in out
    )


def test_without_chosen_steps_the_sentence_is_as_before(stretch: Stretch, isolated: Path) -> None:
    history, _ = store(db_path(isolated))
    _ran(history, 24, {"scale": 0.5, "only": [], "skip": []})
    out = stretch("report", "--since", "1w", wall=NOON).out
    assert " No exercise was skipped.\n" in out


STEPS = st.lists(
    st.sampled_from(["rhomboid-stretch", "only", "skip", "scapular-squeeze"]), max_size=2
)
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "only": STEPS,
        "skip": STEPS,
        "scale": st.sampled_from([0.5, 1.0, 2.0]),
        "variants": st.dictionaries(
            st.sampled_from(["only", "skip"]), st.sampled_from(["only", "floor"])
        ),
        "avoid": st.lists(st.sampled_from(["rotation", "extension"]), max_size=1),
    },
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(OPTIONS, min_size=1, max_size=4))
def test_the_count_is_the_sessions_whose_row_says_so(
    stretch: Stretch, isolated: Path, runs: list[dict[str, object]]
) -> None:
    """The headline's count (worked out in SQL over the whole period) is the number of
    sessions whose own row says "chosen steps only" or "steps left out", whatever else the
    options hold: words like "only" as a step or a variant's name are not mistaken for it."""
    for leftover in db_path(isolated).parent.glob(db_path(isolated).name + "*"):
        leftover.unlink()
    history, _ = store(db_path(isolated))
    for day, options in enumerate(runs, 20):
        _ran(history, day, options)
    data = json.loads(stretch("report", "--since", "2w", "--format", "json", wall=NOON).out)
    assert data["totals"]["steps_chosen"] == sum(_chosen(o) for o in runs)
