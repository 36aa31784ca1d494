"""The report's summary in sentences: exact for a history going well, one going badly and an
empty one; and, for any weeks, never a word the numbers do not bear out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.tallies import ExerciseTally
from stretchcli.records import Day, Sum
from stretchcli.report.model import Names, Report, Row, build
from stretchcli.report.summary import sentences
from tests.test_history import NOON

MONDAY = date(2026, 11, 2)  # three full weeks before NOON's (Tuesday 24 Nov)
NAMES = Names(
    routines={"upper-back": "Upper back", "desk-break": "Desk break"},
    exercises={"ball-pressure": "Ball pressure", "rhomboid-stretch": "Rhomboid stretch"},
)


def day(when: date, sessions: int, before: list[int], after: list[int]) -> Day:
    """A day of `sessions` completed 10-minute sessions, rated before and after as given."""
    change = [a - b for b, a in zip(before, after, strict=False)]  # after minus before
    return Day(
        when, sessions, sessions, sessions, 600.0 * sessions, 600.0 * sessions,
        Sum(sum(before), len(before)), Sum(sum(after), len(after)), Sum(sum(change), len(change)),
    )  # fmt: skip


def tally(exercise: str, sessions: int, skipped: int = 0) -> ExerciseTally:
    done = Counter({"done": sessions - skipped, "skipped": skipped})
    return ExerciseTally(exercise, done, sessions=sessions)


def no_rows() -> Iterator[Row]:
    return iter(())


def report(
    days: list[Day],
    tallies: list[ExerciseTally] = (),  # type: ignore[assignment]
    routines: tuple[tuple[str, int], ...] = (),
    goal: int = 2,
    start: date = MONDAY,
    now: datetime = NOON,
) -> Report:
    return build(days, tallies, Counter(), no_rows, start, now, goal, None, routines, NAMES)


def test_a_history_going_well() -> None:
    days = [
        day(MONDAY, 1, [5], [4]),
        day(MONDAY + timedelta(days=2), 2, [5, 5], [3, 3]),
        day(MONDAY + timedelta(days=7), 2, [4, 3], [2, 2]),
        day(MONDAY + timedelta(days=15), 3, [2, 2, 2], [1, 1, 1]),
        day(MONDAY + timedelta(days=21), 1, [2], [1]),
    ]
    tallies = [tally("rhomboid-stretch", 9), tally("ball-pressure", 9)]
    found = report(days, tallies, (("upper-back", 6), ("desk-break", 3)))
    assert sentences(found) == [
        "9 sessions, all completed: Upper back 6 times, Desk break 3.",
        "2.7 sessions a week on average over 3 full weeks, against a goal of 2 a week: "
        "met every week.",
        "Pain before the sessions (0-10) fell from 5.0 in the week of 2 Nov to 2.0 in the "
        "week of 23 Nov.",
        "After a session, pain was 1.3 lower than before it, on average.",  # -12 over 9
        "No exercise was skipped.",
    ]


def test_a_history_going_badly() -> None:
    days = [
        day(MONDAY + timedelta(days=1), 2, [2, 2], [2, 3]),
        day(MONDAY + timedelta(days=8), 1, [3], []),  # rated before only
        day(MONDAY + timedelta(days=22), 1, [5], [6]),
    ]
    tallies = [
        tally("rhomboid-stretch", 4, skipped=1),
        tally("ball-pressure", 4, skipped=3),
        tally("thoracic-rotation", 2, skipped=1),  # no file names it: its id
        tally("open-book", 1, skipped=1),
    ]
    found = report(days, tallies, (("upper-back", 4),), goal=3)
    assert sentences(found) == [
        "4 sessions of Upper back, all completed.",
        "1.0 sessions a week on average over 3 full weeks, against a goal of 3 a week: "
        "not met in any of them.",
        "Pain before the sessions (0-10) rose from 2.0 in the week of 2 Nov to 5.0 in the "
        "week of 23 Nov.",
        "After a session, pain was 0.7 higher than before it, on average.",
        "Skipped most: Ball pressure (3 of 4 sessions), Rhomboid stretch (1 of 4 sessions), "
        "thoracic-rotation (1 of 2 sessions).",
    ]


def test_an_empty_history() -> None:
    assert sentences(report([])) == ["No sessions in this period."]


def test_a_first_week_unrated() -> None:
    found = report(
        [day(NOON.date(), 1, [], [])],
        [tally("ball-pressure", 1)],
        start=MONDAY + timedelta(days=21),
    )
    assert sentences(found) == [
        "1 session, completed.",
        "1.0 sessions a week so far (no full week yet), against a goal of 2 a week.",
        "Pain before the sessions was not rated.",
        "No exercise was skipped.",
    ]


def test_pain_rated_in_one_week_or_the_same_in_two() -> None:
    once = report([day(MONDAY, 2, [4, 4], [4, 4]), day(MONDAY + timedelta(days=7), 2, [], [])])
    assert sentences(once)[2:4] == [
        "Pain before the sessions (0-10) averaged 4.0, rated in the week of 2 Nov only.",
        "After a session, pain was the same as before it, on average.",
    ]
    same = report([day(MONDAY, 1, [3], []), day(MONDAY + timedelta(days=14), 1, [3], [])])
    assert sentences(same)[1:3] == [
        "0.7 sessions a week on average over 3 full weeks, against a goal of 2 a week: "
        "not met in any of them.",
        "Pain before the sessions (0-10) was 3.0 both in the week of 2 Nov and in the week of "
        "16 Nov.",
    ]


@st.composite
def weeks(draw: st.DrawFn) -> list[Day]:
    """Sessions on any of the days from MONDAY to NOON, each rated or not."""
    days = []
    for back in sorted(draw(st.sets(st.integers(0, 22)))):
        sessions = draw(st.integers(1, 3))
        before = draw(st.lists(st.integers(0, 10), max_size=sessions))
        after = draw(st.lists(st.integers(0, 10), max_size=sessions))
        days.append(day(MONDAY + timedelta(days=back), sessions, before, after))
    return days


@given(weeks(), st.integers(1, 7))
def test_every_sentence_is_borne_out_by_the_numbers(days: list[Day], goal: int) -> None:
    found = report(days, goal=goal)
    said = sentences(found)
    if not days:
        assert said == ["No sessions in this period."]
        return
    assert said[0].startswith(f"{sum(d.sessions for d in days)} session")
    rated = [w.pain_before for w in found.weeks if w.pain_before is not None]
    pain = next(s for s in said if s.startswith("Pain"))
    if not rated:
        assert pain == "Pain before the sessions was not rated."
    elif len(rated) == 1:
        assert f"averaged {rated[0]:.1f}" in pain
    else:
        verb = "fell" if rated[-1] < rated[0] else "rose" if rated[-1] > rated[0] else "was"
        assert f"(0-10) {verb} " in pain
        assert f"{rated[0]:.1f}" in pain and f"{rated[-1]:.1f}" in pain
    met = found.totals.weeks_at_goal
    assert ("met every week" in said[1] or " met." in said[1]) == (met == found.totals.full_weeks)
    change = found.totals.change
    within = [s for s in said if s.startswith("After a session")]
    assert (within == []) == (change is None)
    if change is not None and change:
        assert ("lower" in within[0]) == (change < 0)
        assert f"{abs(change):.1f}" in within[0]


def test_a_few_sessions_over_two_years_are_not_none_a_week() -> None:
    """Three sessions over 104 weeks average 0.03 a week: shown as under 0.1, not 0.0."""
    start = MONDAY - timedelta(weeks=104)
    days = [day(start, 1, [7], [6]), day(start + timedelta(weeks=52), 1, [5], [5])]
    days.append(day(MONDAY, 1, [3], [3]))
    said = " ".join(sentences(report(days, start=start)))
    assert "Under 0.1 sessions a week on average over 107 full weeks" in said
    assert "0.0 sessions" not in said


def test_a_change_of_pain_that_rounds_to_none_is_the_same() -> None:
    """One session in 25 a point worse: +0.04 on average, not '0.0 higher'."""
    days = [day(MONDAY, 25, [5] * 25, [5] * 24 + [6])]
    said = " ".join(sentences(report(days)))
    assert "After a session, pain was the same as before it, on average." in said


@given(st.floats(0, 50, allow_nan=False))
def test_sessions_a_week_never_read_as_none_unless_none(value: float) -> None:
    from stretchcli.report.formats import per_week

    shown = per_week(value)
    assert (shown == "0.0") == (value == 0)
    if shown != "under 0.1":
        assert abs(float(shown) - value) <= 0.05 + 1e-9
