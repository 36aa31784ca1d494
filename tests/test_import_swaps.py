"""Import takes only the swaps and shapes a run writes (attack 14, H11): a step is never
swapped for itself nor for another step of the routine; once an exercise is done in place of
a step, a later step swapped for it is left out; a completed session has an exercise. Each is
refused by its line and key, by the fast path and the strict reader alike, and `history
export` leaves such stored rows out."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli import session_shape
from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.history import fast_lines, swap_rule
from stretchcli.history.export_file import FORMAT
from stretchcli.model import MOVEMENTS, Step
from stretchcli.moments import AHEAD, EARLIEST
from stretchcli.records import ExerciseResult, Session
from stretchcli.session.options import RunOptions
from stretchcli.session.planned import PlanError
from stretchcli.session.planning import plan
from tests.conftest import BUILTIN, Stretch
from tests.fakes import NOW
from tests.test_export_takes_back import by_hand, three_sessions
from tests.test_fast_lines import strict
from tests.test_import_whole_run import line

_SESSION = Session(0, "upper-back", NOW, None, "running", 60.0, None, None, {}, None, ())


def swap(exercise: str, instead: str | None, avoided: str = "flexion") -> dict[str, object]:
    return {"exercise": exercise, "instead": instead, "avoided": [avoided]}


UNWRITTEN: dict[str, tuple[dict[str, object], str]] = {
    "swaps[0].instead": (
        {"swaps": [swap("rhomboid-stretch", "rhomboid-stretch")]},
        "expected null or rhomboid-stretch's alternative: a step is never swapped for itself, "
        'got "rhomboid-stretch"',
    ),
    "swaps[1].instead": (
        {"swaps": [swap("a", "b"), swap("a", "b")]},
        "expected null: a is swapped before (swaps[0]), and its alternative is then in the "
        'session already, so a later step of it is left out, got "b"',
    ),
    "swaps[1].instead ": (
        {"swaps": [swap("a", "c"), swap("b", "c")]},
        "expected null: c is done in place of another step before (swaps[0]), so this step is "
        'left out, got "c"',
    ),
    "swaps[0].instead ": (
        {"swaps": [swap("a", "b"), swap("b", None)]},
        "expected null or a's alternative: b is a step of the routine (swaps[1]), and a run "
        'never swaps one step for another, got "b"',
    ),
    "exercises": (
        {"exercises": [], "seconds": 0.0},
        "expected at least one exercise in a completed session (a run stores nothing before "
        "its first exercise begins), got []",
    ),
}


@pytest.mark.parametrize("key", UNWRITTEN)
def test_a_swap_or_session_no_run_writes_is_refused_by_its_line_and_key(
    stretch: Stretch, tmp_path: Path, key: str
) -> None:
    changes, said = UNWRITTEN[key]
    path = tmp_path / "one.jsonl"
    good, bad = json.dumps(line()), json.dumps(line(**changes))
    path.write_text(f"{json.dumps(FORMAT)}\n{good}\n{bad}\n")
    assert stretch("history", "import", str(path)) == (
        1,
        "",
        f"stretch: {path}:3: {key.strip()}: {said}\n"
        f"stretch: {path}: nothing was imported (1 bad line) (the history is as it was)\n",
    )
    assert fast_lines.session(bad, EARLIEST, NOW + AHEAD) is None
    assert strict(3, bad, NOW) is None


def test_what_a_run_writes_of_a_step_listed_twice_is_taken(
    stretch: Stretch, tmp_path: Path
) -> None:
    """A routine may list a step twice: the first is swapped, the later one left out."""
    swaps = [swap("a", "b"), swap("a", None), swap("c", None)]
    text = json.dumps(line(swaps=swaps))
    path = tmp_path / "one.jsonl"
    path.write_text(f"{json.dumps(FORMAT)}\n{text}\n")
    assert stretch("history", "import", str(path))[0] == 0
    assert fast_lines.session(text, EARLIEST, NOW + AHEAD) == strict(2, text, NOW) is not None


def _planned(
    steps: list[str], alternative: dict[str, str], avoided: set[str]
) -> list[tuple[str, str | None]]:
    """The swaps `--avoid` makes (as `session.planning.plan` does): each avoided step done as
    its alternative, unless that is a step of the routine or done already."""
    made: list[tuple[str, str | None]] = []
    done: set[str] = set()
    for step in steps:
        if step not in avoided:
            done.add(step)
            continue
        instead = alternative.get(step)
        if instead is None or instead in avoided or instead in steps or instead in done:
            instead = None
        made.append((step, instead))
        if instead is not None:
            done.add(instead)
    return made


NAMES = st.sampled_from(["a", "b", "c", "d", "e"])


@given(
    st.lists(NAMES, max_size=6),
    st.dictionaries(NAMES, NAMES),
    st.sets(NAMES),
    st.lists(st.tuples(NAMES, st.none() | NAMES), max_size=5),
)
def test_swaps_a_run_makes_are_taken_and_the_check_agrees_with_both_readers(
    steps: list[str],
    alternative: dict[str, str],
    avoided: set[str],
    any_swaps: list[tuple[str, str | None]],
) -> None:
    """What planning makes is taken; for any swaps, both readers take a line just when the
    rule does."""
    assert session_shape.swaps_problem(_planned(steps, alternative, avoided)) is None
    text = json.dumps(line(swaps=[swap(e, i) for e, i in any_swaps]))
    fast, slow = fast_lines.session(text, EARLIEST, NOW + AHEAD), strict(2, text, NOW)
    taken = session_shape.swaps_problem(any_swaps) is None
    assert (slow is not None) == taken
    assert fast is None or fast == slow


def test_an_export_leaves_out_stored_swaps_and_empty_sessions_no_run_writes(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    path = isolated / "state" / "history.sqlite3"
    uids = three_sessions(path)
    self_swap = json.dumps([swap("rhomboid-stretch", "rhomboid-stretch")])
    by_hand(
        path,
        f"UPDATE sessions SET swaps = '{self_swap}' WHERE id = 1",
        "DELETE FROM session_exercises WHERE session_id = 2",
        "UPDATE sessions SET seconds = 0, status = 'completed' WHERE id = 2",
    )
    exported = tmp_path / "history.jsonl"
    code, out, err = stretch("history", "export", "-o", str(exported))
    assert (code, out, exported.read_text().count("\n")) == (1, "", 2)
    assert err.splitlines()[:2] == [
        f"stretch: warning: left out session 1 ({uids[0]}): swaps[0].instead: expected null "
        "or rhomboid-stretch's alternative: a step is never swapped for itself, got "
        '"rhomboid-stretch"',
        f"stretch: warning: left out session 2 ({uids[1]}): exercises: expected at least one "
        "exercise in a completed session (a run stores nothing before its first exercise "
        "begins), got []",
    ]


# --- what this machine's exercises tell: each swap is for the exercise's own alternative,
# for movements it has, and an exercise avoided in one step is avoided in each ---

DONE_INSTEAD = [{"exercise": "ball-pressure", "status": "done", "holds": 2, "done": 2}]
JUDGED: dict[str, tuple[dict[str, object], str]] = {
    "swaps[0].avoided": (
        {"swaps": [swap("rhomboid-stretch", "ball-pressure", "rotation")]},
        'expected movements rhomboid-stretch has (flexion), got ["rotation"]',
    ),
    "swaps[0].instead": (
        {"swaps": [swap("rhomboid-stretch", "pelvic-tilt")]},
        'expected "ball-pressure" (rhomboid-stretch\'s alternative), or null (left out), got '
        '"pelvic-tilt"',
    ),
    "swaps[0].exercise": (
        {"swaps": [swap("rhomboid-stretch", "ball-pressure")], "exercises": None},
        "expected an exercise not done itself in this session: rhomboid-stretch is "
        "exercises[0], but its movements are the same in every step, so a run that avoids "
        'one swaps or leaves out each, got "rhomboid-stretch"',
    ),
}


@pytest.mark.parametrize("key", JUDGED)
def test_a_swap_this_machines_exercises_cannot_make_is_refused_by_import_and_left_out_by_export(
    stretch: Stretch, tmp_path: Path, isolated: Path, key: str
) -> None:
    changes, said = JUDGED[key]
    if changes.get("exercises", DONE_INSTEAD) is DONE_INSTEAD:
        changes = {**changes, "exercises": DONE_INSTEAD}
    elif changes["exercises"] is None:  # the line's own: rhomboid-stretch done
        changes = {k: v for k, v in changes.items() if k != "exercises"}
    path = tmp_path / "one.jsonl"
    good, bad = json.dumps(line()), json.dumps(line(**changes))
    path.write_text(f"{json.dumps(FORMAT)}\n{good}\n{bad}\n")
    assert stretch("history", "import", str(path)) == (
        1,
        "",
        f"stretch: {path}:3: {key}: {said}\n"
        f"stretch: {path}: nothing was imported (1 bad line) (the history is as it was)\n",
    )
    # Stored as it is (by an older stretch, or by hand), an export leaves it out and says why.
    history = isolated / "state" / "history.sqlite3"
    uids = three_sessions(history)
    swaps = json.dumps(changes["swaps"])
    by_hand(history, f"UPDATE sessions SET swaps = '{swaps}' WHERE id = 2")
    done = "ball-pressure" if "exercises" in changes else "rhomboid-stretch"
    by_hand(history, f"UPDATE session_exercises SET exercise = '{done}'")
    out = tmp_path / "out.jsonl"
    code, _, err = stretch("history", "export", "-o", str(out))
    assert (code, out.read_text().count("\n")) == (1, 3)
    assert err.splitlines()[0] == f"stretch: warning: left out session 2 ({uids[1]}): {key}: {said}"


def test_a_swap_a_run_makes_and_one_of_an_exercise_unknown_here_are_taken(
    stretch: Stretch, tmp_path: Path
) -> None:
    made = line(swaps=[swap("rhomboid-stretch", "ball-pressure")], exercises=DONE_INSTEAD)
    own = line(swaps=[swap("my-own-stretch", "my-own-stretch-easier", "rotation")])
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (FORMAT, made, own)) + "\n")
    assert stretch("history", "import", str(path)) == (
        0,
        "imported 2 sessions; 0 already there\n",
        "",
    )
    out = tmp_path / "out.jsonl"
    assert stretch("history", "export", "-o", str(out))[0] == 0
    assert [json.loads(x)["swaps"] for x in out.read_text().splitlines()[1:]] == [
        made["swaps"],
        own["swaps"],
    ]


@functools.cache
def _catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_swap_a_run_of_the_built_in_exercises_makes_is_taken(data: st.DataObject) -> None:
    """Any routine of built-in steps (each in any of its variants, listed any number of
    times) run with any movements avoided: the swaps and exercises its plan makes pass both
    the import's own rule and this machine's judge."""
    catalog = _catalog()
    names = sorted(catalog.exercises)
    picked = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=8))
    steps = tuple(
        Step(name, data.draw(st.none() | st.sampled_from(sorted(catalog.exercises[name].variants))))
        if catalog.exercises[name].variants
        else Step(name)
        for name in picked
    )
    routine = replace(catalog.routine("upper-back"), steps=steps, equipment=None)
    avoid = frozenset(data.draw(st.sets(st.sampled_from(MOVEMENTS), min_size=1)))
    try:
        made = plan(routine, catalog.exercises, RunOptions(avoid=avoid))
    except PlanError:  # nothing left to run: no session
        return
    exercises = tuple(ExerciseResult(p.exercise.id, "done", 1, 1) for p in made.steps)
    session = replace(_SESSION, exercises=exercises, swaps=made.swaps)
    assert session_shape.swaps_problem([(w.exercise, w.instead) for w in made.swaps]) is None
    assert swap_rule.refused(catalog.exercises, session) is None


def test_swaps_taken_once_are_taken_again_and_the_same_with_other_exercises_judged_again(
    stretch: Stretch, tmp_path: Path
) -> None:
    """A line whose swaps and exercises were judged and taken takes the fast way the next
    time (a history repeats a few); the same swaps with another session's exercises (the
    swapped exercise done itself) are judged again, and refused."""
    made = [
        line(swaps=[swap("rhomboid-stretch", "ball-pressure")], exercises=DONE_INSTEAD)
        for _ in range(3)
    ]
    itself = line(swaps=[swap("rhomboid-stretch", "ball-pressure")])  # rhomboid-stretch done
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (FORMAT, *made, itself)) + "\n")
    code, out, err = stretch("history", "import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"stretch: {path}:5: swaps[0].exercise: expected ")
    path.write_text("\n".join(json.dumps(x) for x in (FORMAT, *made)) + "\n")
    assert stretch("history", "import", str(path)) == (
        0,
        "imported 3 sessions; 0 already there\n",
        "",
    )
