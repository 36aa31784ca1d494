"""Fuzzing: no input makes the catalog fail with anything but a reported problem, and the
timeline's rules hold for any valid dose."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files.cache import ParseCache
from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.files.scan import Candidate
from stretchcli.model import Coach, Dose, Exercise
from stretchcli.session.planned import Plan, PlannedStep
from stretchcli.session.timeline import build, length, rough_seconds, step_seconds
from tests.by_hand import ORIGIN
from tests.conftest import BUILTIN

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUILTINS = [Folder(BUILTIN, "built-in")]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["none", "both", "alternate", "rotation", "ball-pressure", "1:30", "no"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(
                st.sampled_from(["name", "summary", "hold", "reps", "sides", "steps", "variants",
                                 "instructions", "cautions", "alternative", "exercise"]),
                st.text(max_size=10),
            ),
            children,
            max_size=8,
        ),
    ),
    max_leaves=25,
)  # fmt: skip


# The built-ins are read once and kept (in memory: the cache is never saved); the fuzzed
# file, written just now, is never cached.
CACHE = ParseCache(Path(tempfile.gettempdir()) / "stretch-fuzz-cache-never-written.json")


def check(data: bytes, kind: str) -> None:
    """Load one file among the built-ins: it loads or is reported, nothing else happens."""
    with tempfile.TemporaryDirectory() as folder:
        name = "exercises/fuzzed.yaml" if kind == "exercise" else "fuzzed.yaml"
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        candidate = Candidate("fuzzed", kind, path, "path")  # type: ignore[arg-type]
        catalog = load_catalog(BUILTINS, [candidate], cache=CACHE)
        mine = [p for p in catalog.problems if p.path == path]
        loaded = "fuzzed" in (catalog.exercises if kind == "exercise" else catalog.routines)
        assert loaded != bool(mine)
        for problem in mine:
            assert problem.line >= 1 and problem.column >= 1
            assert "\n" not in str(problem)
        assert "upper-back" in catalog.routines  # one bad file never stops the others


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["routine", "exercise"]))
def test_arbitrary_bytes_are_loaded_or_reported(data: bytes, kind: str) -> None:
    check(data, kind)


@FUZZ
@given(documents, st.sampled_from(["routine", "exercise"]))
def test_arbitrary_yaml_documents_are_loaded_or_reported(document: object, kind: str) -> None:
    check(yaml.safe_dump(document, allow_unicode=True).encode(), kind)


BASE = yaml.safe_load((BUILTIN / "exercises" / "thoracic-side-bend.yaml").read_text())


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(BASE)), scalars | documents, max_size=4))
def test_a_builtin_exercise_with_keys_changed_is_loaded_or_reported(
    changes: dict[str, object],
) -> None:
    check(yaml.safe_dump({**BASE, **changes}).encode(), "exercise")


doses = st.builds(
    Dose,
    hold=st.integers(1, 3600) | st.floats(1, 3600),
    reps=st.integers(1, 12),
    sets=st.integers(1, 4),
    relax=st.integers(0, 600) | st.floats(0, 600),
    rest=st.integers(0, 600),
    sides=st.sampled_from(["none", "both", "alternate"]),
)


def exercise(ident: str, dose: Dose) -> Exercise:
    return Exercise(ident, ident, "s", dose, ("Do it.",), ("Gently.",), ORIGIN)


@settings(max_examples=300, deadline=None)
@given(st.lists(doses, min_size=1, max_size=4), st.integers(0, 60), st.integers(0, 600))
def test_timeline_invariants(dose_list: list[Dose], prepare: int, rest: int) -> None:
    steps = tuple(PlannedStep(exercise(f"e{i}", d), d) for i, d in enumerate(dose_list))
    phases = build(Plan(steps, prepare, rest), None)
    assert all(p.duration > 0 for p in phases)
    assert all(b.offset > a.offset for a, b in itertools.pairwise(phases))
    assert all(b.offset == a.offset + a.duration for a, b in itertools.pairwise(phases))
    assert abs(sum(p.duration for p in phases) - (phases[-1].offset + phases[-1].duration)) < 1e-6
    for i, dose in enumerate(dose_list):
        holds = [p for p in phases if p.exercise == f"e{i}" and p.kind == "hold"]
        per_side = ["left", "right"] if dose.sides != "none" else [None]
        assert sorted((h.set, h.side or "", h.rep or 0) for h in holds) == sorted(
            (s, side or "", r)
            for s in range(1, dose.sets + 1)
            for side in per_side
            for r in range(1, dose.reps + 1)
        )
        assert all(h.duration == dose.hold for h in holds)
        for set_ in range(1, dose.sets + 1):
            sides = [h.side for h in holds if h.set == set_]
            if dose.sides == "alternate":
                assert sides == ["left", "right"] * dose.reps
            elif dose.sides == "both":
                assert sides == ["left"] * dose.reps + ["right"] * dose.reps
                switches = [p for p in phases if p.exercise == f"e{i}" and p.set == set_
                            and p.kind == "switch"]  # fmt: skip
                assert len(switches) == (1 if prepare else 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(doses, min_size=1, max_size=4),
    st.integers(0, 60),
    st.integers(0, 600),
    st.sampled_from([None, "full", "brief"]),
)
def test_lengths_without_a_timeline_are_those_of_the_timeline(
    dose_list: list[Dose], prepare: int, rest: int, coach: Coach | None
) -> None:
    steps = tuple(PlannedStep(exercise(f"e{i}", d), d) for i, d in enumerate(dose_list))
    planned = Plan(steps, prepare, rest)
    phases = build(planned, coach)
    # Exactly the timeline's end: its offsets add the durations in order, one by one (not
    # sum(), which adds floats with compensation from Python 3.12 on).
    assert length(planned, coach) == (phases[-1].offset + phases[-1].duration if phases else 0)
    per_step = [sum(p.duration for p in phases if p.step == i) for i in range(len(steps))]
    assert step_seconds(planned, coach) == pytest.approx(per_step, abs=1e-9)
    # Rough: it keeps the sub-millisecond phases that the timeline leaves out.
    assert rough_seconds(planned) == pytest.approx(
        sum(p.duration for p in build(planned, None)), rel=1e-9, abs=0.1
    )
