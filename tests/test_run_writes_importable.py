"""Whatever a run does (any keys at any moments: next, back, hurt, shorter, longer, pause,
stop), every record it writes of itself, as it goes and as it ends, is one an import takes:
the import's checks of a session's steps (`session_shape.problem`) refuse only what no run
writes. Runs on the fake clock, with holds down to the shortest a run can have."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli import session_shape
from stretchcli.session.planned import Plan, PlannedStep
from stretchcli.session.runner import Runner, RunState, results
from stretchcli.session.timeline import build
from tests.fakes import NOW, FakeTerminal
from tests.test_runner import exercise

KEYS = ["n", "b", "h", "-", "+", " ", "q", "x"]


class Snapshots:
    """Each record the history is given of the run: (status, seconds, results)."""

    def __init__(self) -> None:
        self.taken: list[tuple[str, float, list[tuple[str, str, int, int]]]] = []

    def _take(self, state: RunState, now: float) -> None:
        rows: list[tuple[str, str, int, int]] = [
            (r.exercise, r.status, r.holds, r.done) for r in results(state)
        ]
        self.taken.append((state.status or "running", state.elapsed(now), rows))

    phase_started = tick = paused = ended = hurt = _take


steps = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),  # an exercise can come twice
        st.sampled_from([0.25, 0.5, 1.0, 3.0]),
        st.integers(1, 3),
        st.sampled_from([0.0, 0.25, 1.0]),
    ),
    min_size=1,
    max_size=4,
)
presses = st.lists(st.tuples(st.floats(0, 40, allow_nan=False), st.sampled_from(KEYS)), max_size=25)


@settings(max_examples=300, deadline=None)
@given(steps, presses, st.sampled_from([0.0, 0.25, 2.0]))
def test_every_record_a_run_writes_is_one_an_import_takes(
    chosen: list[tuple[str, float, int, float]],
    keys: list[tuple[float, str]],
    prepare: float,
) -> None:
    planned = tuple(
        PlannedStep(exercise(name, hold=hold, reps=reps, relax=relax), exercise(name).dose)
        for name, hold, reps, relax in chosen
    )
    plan = Plan(
        tuple(PlannedStep(s.exercise, s.exercise.dose) for s in planned), prepare, rest=prepare
    )
    terminal = FakeTerminal([*keys, (1000.0, "q")])  # a pause is ended at last
    snapshots = Snapshots()
    Runner(build(plan, None), terminal, terminal, snapshots).run()
    for status, seconds, rows in snapshots.taken:
        ended = None if status == "running" else NOW + timedelta(seconds=seconds)
        found = session_shape.problem(status, NOW, ended, round(seconds, 1), rows)
        assert found is None, (status, seconds, rows, found)
