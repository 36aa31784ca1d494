"""A day may list a routine twice (`mon: [desk-break, desk-break]`): each listing is a
session of its own, done only once a session of it is done for it (attack 16, H4: one
session marked both done, the first run said "desk-break ( are done today)", and `stretch
plan` called both next)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.plan.model import done_flags
from stretchcli.plan.words import day_said, run_said
from tests.conftest import Stretch
from tests.test_plan_run import MONDAY

NAMES = st.sampled_from(["a", "b", "c"])


@given(routines=st.lists(NAMES, min_size=1, max_size=5), done=st.lists(NAMES, max_size=6))
def test_each_session_done_marks_one_listing_the_first_not_yet_marked(
    routines: list[str], done: list[str]
) -> None:
    flags = done_flags(routines, done)
    sessions = Counter(done)
    for name in set(routines):
        listed = [flag for routine, flag in zip(routines, flags, strict=True) if routine == name]
        marked = min(sessions[name], len(listed))
        assert listed == [True] * marked + [False] * (len(listed) - marked)


@given(routines=st.lists(NAMES, min_size=2, max_size=5), done=st.lists(NAMES, max_size=6))
def test_what_a_day_and_a_run_say_never_has_an_empty_list(
    routines: list[str], done: list[str]
) -> None:
    flags = done_flags(routines, done)
    left = [r for r, flag in zip(routines, flags, strict=True) if not flag]
    nxt = left[0] if left else routines[-1]
    shown = day_said(routines, done, nxt)
    assert shown.count("(next)") == (1 if left else 0)
    said = run_said(nxt, routines, done)
    assert "( " not in said and "()" not in said


def test_a_routine_listed_twice_is_two_sessions(stretch: Stretch, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("days: {mon: [desk-break, desk-break]}\n", encoding="utf-8")
    assert stretch("plan", "use", str(plan), wall=MONDAY - timedelta(hours=1)).code == 0
    assert "Today (mon): desk-break (next), then desk-break\n" in stretch("plan", wall=MONDAY).out
    first = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert first.err.splitlines()[0] == (
        "stretch: today's plan: desk-break, then desk-break (each a session of its own: "
        "`stretch run` again for the next)"
    )
    later = MONDAY + timedelta(hours=2)
    shown = stretch("plan", wall=later).out
    assert "Today (mon): desk-break (done), then desk-break (next)\n" in shown
    second = stretch("run", "--json", "--no-pain", wall=later)
    assert second.err.splitlines()[0] == (
        "stretch: today's plan: desk-break (desk-break is done today)"
    )
    last = MONDAY + timedelta(hours=4)
    assert (
        "Today (mon): desk-break (done), then desk-break (done)\n" in stretch("plan", wall=last).out
    )
    third = stretch("run", "--json", "--no-pain", wall=last)
    assert third.err.splitlines()[0] == (
        "stretch: today's plan: desk-break again (desk-break is done twice today)"
    )
    fourth = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(hours=6))
    assert fourth.err.splitlines()[0] == (  # each session counted (review 18, F8)
        "stretch: today's plan: desk-break again (desk-break is done 3 times today)"
    )
