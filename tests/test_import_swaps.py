"""Import takes only the swaps and shapes a run writes (attack 14, H11): a step is never
swapped for itself nor for another step of the routine; once an exercise is done in place of
a step, a later step swapped for it is left out; a completed session has an exercise. Each is
refused by its line and key, by the fast path and the strict reader alike, and `history
export` leaves such stored rows out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli import session_shape
from stretchcli.history import fast_lines
from stretchcli.history.export_file import FORMAT
from stretchcli.moments import AHEAD, EARLIEST
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_export_takes_back import by_hand, three_sessions
from tests.test_fast_lines import strict
from tests.test_import_whole_run import line


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
