"""The rule for a session read from a file against the stored one with its uid, for the
answers given after a run's end: a record that only adds some of them (any subset: the pain
after, how hard it was, the exercise that hurt) is a later record of the same run, and fills
them in; one that lacks what the stored one has is an earlier one; one that answers
otherwise is a conflict."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.record_compare import compare
from stretchcli.records import ExerciseResult, Session

START = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
RUN = Session(
    id=1,
    routine="desk-break",
    started_at=START,
    ended_at=START.replace(minute=2),
    status="completed",
    seconds=120.0,
    pain_before=3,
    pain_after=None,
    options={},
    last_step=1,
    exercises=(
        ExerciseResult("scapular-squeeze", "done", 2, 2),
        ExerciseResult("chin-tuck", "partial", 2, 1),
    ),
    uid="a" * 32,
)
ratings = st.none() | st.integers(0, 10)
hurt = st.none() | st.sampled_from(["scapular-squeeze", "chin-tuck"])


def answered(pain: int | None, difficulty: int | None, which: str | None) -> Session:
    """The run with these answers after its end (None: not given)."""
    marked = tuple(
        replace(one, status="hurt") if one.exercise == which else one for one in RUN.exercises
    )
    return replace(RUN, pain_after=pain, difficulty=difficulty, exercises=marked)


@given(ratings, ratings, hurt)
def test_answers_given_late_fill_in_and_are_never_taken_back(
    pain: int | None, difficulty: int | None, which: str | None
) -> None:
    late = answered(pain, difficulty, which)
    some = (pain, difficulty, which) != (None, None, None)
    assert compare(RUN, False, late) == (("newer" if some else "same"), [])
    assert compare(late, False, RUN) == (("older" if some else "same"), [])


@given(st.integers(0, 10), st.integers(0, 10), st.sampled_from(["pain_after", "difficulty"]))
def test_an_answer_given_otherwise_is_a_conflict(first: int, second: int, key: str) -> None:
    if first == second:
        return
    ours, theirs = (
        replace(RUN, pain_after=n) if key == "pain_after" else replace(RUN, difficulty=n)
        for n in (first, second)
    )
    verdict, differ = compare(ours, False, theirs)
    assert (verdict, differ) == ("conflict", [key])


def test_answers_do_not_change_a_row_a_run_here_still_writes() -> None:
    assert compare(RUN, True, answered(2, 4, None))[0] == "conflict"
