"""What `stretch start`'s reasons advise is true when followed (attack 14, H12 and H13): the
`stretch run --minutes N` said to fit a session is one `stretch run` takes, the minutes a
day said to give strengthening the NHS's 2 days give them typed in, and so do the days."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stretchcli.plan.advice import Advice
from stretchcli.plan.answers import AREAS, PRECAUTIONS, Answers
from stretchcli.plan.reasons import routine_reason, strength_reason
from stretchcli.plan.screening import Proposal, screen
from stretchcli.session.options import RunOptions
from stretchcli.session.plan_length import first_session_seconds
from stretchcli.session.planned import PlanError
from tests.conftest import Stretch
from tests.test_start import CATALOG, LADDERS, TIMING, TODAY

# A Wednesday: the plans below have strengthening on it, and nothing else.
WEDNESDAY = datetime(2026, 12, 2, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
EVERYTHING = (
    "--where", "upper-back", "--no-precautions", "--no-red-flags", "--shoulder-blades", "no",
    "--floor", "--chair", "--ball", "--wall", "--mat", "--no-band", "--yes",
)  # fmt: skip


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def said(out: str) -> str:
    return " ".join(out.split())


def test_one_minute_says_the_run_minutes_that_run_takes(stretch: Stretch) -> None:
    """H12: at 1 minute, start said `stretch run --minutes 1 fits it` of both routines; run
    takes 4 for the routine and 5 for strengthening, and start now says those."""
    made = stretch("start", *EVERYTHING, "--minutes", "1", "--days", "3", wall=WEDNESDAY)
    assert made.code == 0, made.err
    text = said(made.out)
    assert "Routine: desk-break on mon, fri (about 4:27 a session)" in text
    assert (
        "that fits all your answers, longer than your 1 minute: stretch run --minutes 4 fits "
        "it, with fewer sets or reps (a session that shortens an exercise does not count "
        "toward its step up: run it whole, about 4:27, when you can); passed over: upper-back "
        "(about 10:57, longer than your 1 minute);"
    ) in text
    assert "it takes longer than your 1 minute: stretch run --minutes 5 fits it, with " in text
    assert "minutes 1 fits" not in text and not re.search(r"\b1 minutes", text)
    refused = stretch("run", "desk-break", "--minutes", "3", wall=WEDNESDAY)
    assert refused.code == 2
    assert "(give --minutes 4 or more, or fewer steps with --only)" in refused.err
    refused = stretch("run", "--minutes", "4", wall=WEDNESDAY)
    assert refused.code == 2
    assert "strength-upper-back does not fit into 4 minutes" in refused.err
    assert "(give --minutes 5 or more, or fewer steps with --only)" in refused.err
    for args in (("desk-break", "--minutes", "4"), ("--minutes", "5")):
        ran = stretch("run", *args, "--json", "--no-pain", wall=WEDNESDAY)
        assert ran.code == 0, ran.err


def test_four_minutes_says_five_for_strengthening(stretch: Stretch) -> None:
    made = stretch("start", *EVERYTHING, "--minutes", "4", "--days", "3", wall=WEDNESDAY)
    assert made.code == 0, made.err
    assert (
        "it takes longer than your 4 minutes: stretch run --minutes 5 fits it, with fewer sets "
        "or reps (a session that shortens an exercise does not count toward its step up: run "
        "it whole, about 6:30, when you can)."
    ) in said(made.out)


@pytest.mark.parametrize(("minutes", "more"), [(1, 10), (9, 10), (11, 16), (15, 16)])
def test_the_minutes_said_to_give_strengthening_two_days_give_them(
    stretch: Stretch, minutes: int, more: int
) -> None:
    """H13: at 1 minute start said 11 minutes a day give strengthening 2 days; at 11 the
    longer upper-back routine is chosen and it keeps 1. The fewest minutes that do, typed
    in, are said (10 from below 10, 16 from 11 to 15) and give 2 days."""
    args = (*EVERYTHING, "--days", "3")
    made = stretch("start", *args, "--minutes", str(minutes), wall=WEDNESDAY)
    assert made.code == 0, made.err
    assert (
        f"more than your {minutes} minute{'s' if minutes > 1 else ''}: with {more} minutes a "
        "day, or 4 days a week, strengthening gets the NHS's 2 days (chosen)"
    ) in said(made.out)
    followed = stretch("start", *args, "--minutes", str(more), wall=WEDNESDAY)
    assert "Strength: strength-upper-back on mon, fri, before the routine" in said(followed.out)


def test_one_day_says_three_days_where_two_would_not_fit(stretch: Stretch) -> None:
    """With 1 day a week of 5 minutes, 2 days of 5 minutes still have no strengthening (both
    do not fit on a day): the days that put it in are said."""
    made = stretch("start", *EVERYTHING, "--minutes", "5", "--days", "1", wall=WEDNESDAY)
    assert made.code == 0, made.err
    assert (
        "with 1 day a week it is kept for stretching; the NHS advises strengthening on at "
        "least 2 days a week: with 3 days or more, or 2 days of 10 minutes a day, stretch "
        "start puts it in."
    ) in said(made.out)


def test_where_no_figure_would_do_none_is_advised() -> None:
    """Where `stretch run --minutes` takes no figure for a session, or no minutes a day
    start asks about give strengthening its 2 days, that is said, and no figure."""
    routines = CATALOG.routines
    given_ = Answers(minutes=1, days=3)
    why = routine_reason(routines["upper-back"], given_, 653.0, [], None).why
    assert "longer than your 1 minute: no stretch run --minutes fits it" in why
    strength = routines["strength-upper-back"]
    why = strength_reason(strength, ("wed",), given_, (390.0, 652.0, False), None, None).why
    assert (
        "more than your 1 minute: with 4 days a week, strengthening gets the NHS's 2 days "
        "(chosen); it takes longer than your 1 minute: no stretch run --minutes fits it"
    ) in why


# --- The rule: whatever start advises, followed, gives what it says ----------------------

answers = st.builds(
    Answers,
    where=st.sampled_from(AREAS),
    flags=st.just(()),
    precautions=st.frozensets(st.sampled_from(PRECAUTIONS)),
    cleared=st.just(True),
    floor=st.booleans(),
    chair=st.booleans(),
    bed=st.booleans(),
    ball=st.booleans(),
    wall=st.booleans(),
    mat=st.booleans(),
    band=st.booleans(),
    minutes=st.integers(1, 60),
    days=st.integers(1, 7),
)
RUN = re.compile(r"stretch run --minutes (\d+) fits it")
# Review 18, F6: advice to run shorter says what shortening costs (no step up from it).
SHORTENED = ", with fewer sets or reps (a session that shortens an exercise does not count "
A_DAY = re.compile(r"with (\d+) minutes a day, or 4 days a week, strengthening gets")
PUTS_IN = re.compile(r"with ([^:]*), stretch start puts it in")


def proposal(given_: Answers) -> Proposal | Advice:
    return screen(given_, CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING)


def strength_days(given_: Answers) -> int:
    found = proposal(given_)
    assert isinstance(found, Proposal)
    return len(found.strength.days) if found.strength else 0


def run_takes(found: Proposal, routine: str, minutes: int) -> bool:
    """Whether `stretch run ROUTINE --minutes N` takes the plan's first session of it."""
    try:
        first_session_seconds(CATALOG, found.plan(), routine, (), RunOptions(minutes=minutes))
    except PlanError:
        return False
    return True


def check_run_minutes(found: Proposal, given_: Answers) -> None:
    """Each `stretch run --minutes N` advised is taken by run, N the answers' minutes or the
    fewest run takes."""
    for reason in found.reasons:
        said_ = len(RUN.findall(reason.why))
        assert reason.why.count("fits it" + SHORTENED) == said_, reason.why
        for figure in RUN.findall(reason.why):
            routine = reason.choice.split()[0]
            minutes = int(figure)
            assert run_takes(found, routine, minutes), (routine, minutes)
            if minutes > given_.minutes:
                assert not run_takes(found, routine, minutes - 1), (routine, minutes)


def check_two_days(found: Proposal, given_: Answers) -> None:
    """The minutes a day said to give strengthening 2 days give them, and are the fewest
    above the answers' that do; so do 4 days a week."""
    for reason in found.reasons:
        for figure in A_DAY.findall(reason.why):
            more = int(figure)
            assert strength_days(replace(given_, minutes=more)) == 2, more
            for fewer in range(given_.minutes + 1, more):
                assert strength_days(replace(given_, minutes=fewer)) < 2, fewer
        if "4 days a week, strengthening gets the NHS's 2 days" in reason.why:
            assert strength_days(replace(given_, days=4)) == 2


def check_puts_in(found: Proposal, given_: Answers) -> None:
    """Each 'with ..., stretch start puts it in' puts strengthening in, typed in."""
    for reason in found.reasons:
        for ways in PUTS_IN.findall(reason.why):
            for way in ways.split(", or "):  # the first number of each: its days, its minutes
                days = re.search(r"(\d+) days", way)
                minutes = re.search(r"(\d+) minutes", way)
                followed = replace(
                    given_,
                    days=int(days.group(1)) if days else given_.days,
                    minutes=int(minutes.group(1)) if minutes else given_.minutes,
                )
                assert strength_days(followed) >= 1, (way, followed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers)
@example(Answers(where="upper-back", ball=True, minutes=1, days=3))  # H12, H13
@example(Answers(where="upper-back", ball=True, minutes=4, days=3))
@example(Answers(where="upper-back", ball=True, minutes=11, days=3))
@example(Answers(where="neck-shoulders", minutes=5, days=2))
@example(Answers(where="upper-back", ball=True, minutes=5, days=1))
def test_whatever_start_advises_is_true_when_followed(given_: Answers) -> None:
    found = proposal(given_)
    if not isinstance(found, Proposal):
        return
    check_run_minutes(found, given_)
    check_two_days(found, given_)
    check_puts_in(found, given_)
    text = " ".join(f"{r.choice}: {r.why}" for r in found.reasons)
    assert not re.search(r"\b1 minutes\b", text)


@pytest.mark.parametrize("minutes", [1, 3, 5, 6, 7])
def test_four_days_said_to_give_strengthening_give_it_whatever_the_minutes(
    stretch: Stretch, minutes: int
) -> None:
    """With 2 days of too few minutes, "4 days a week" is said to put strengthening in, with
    no minutes: 4 days give it days of its own with any (attack 16, H6; review 18, F7: "4
    days a week of 7 minutes" was said where 1 would do)."""
    two = stretch("start", *EVERYTHING, "--days", "2", "--minutes", str(minutes), wall=WEDNESDAY)
    assert two.code == 0, two.err
    assert re.search(
        r"or 4 days a week, (stretch start puts it in|strengthening gets)", said(two.out)
    )
    four = stretch("start", *EVERYTHING, "--days", "4", "--minutes", str(minutes), wall=WEDNESDAY)
    assert "Strength: strength-upper-back on " in said(four.out)
