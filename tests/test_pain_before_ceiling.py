"""Pain before a session at or over the plan's ceiling (6 of 10 by default) is answered at
once, before anything starts (review 19, F10: a run at 10/10 started without a word): when to
get help, not to stretch through it today, and at a terminal whether to start anyway (no
unless y is typed). Below the ceiling nothing is said or asked."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import Stretch
from tests.fakes import NOW


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # each line whole


SAID = (
    "stretch: Pain of {pain}/10 before you start is more than these exercises are for: today, "
    "rest rather than stretch through it. If it does not ease when you rest, get seen today: "
    "ask for an urgent appointment with your doctor, or call a health advice line (NHS 111 in "
    "England). For the other warning signs, see stretch safety."
)
ARGS = ("run", "desk-break", "--plain", "--pain", "--scale", "0.25")


def _sessions(stretch: Stretch) -> list[dict[str, object]]:
    return [s for s in json.loads(stretch("history", "--json").out) if "routine" in s]


@pytest.mark.parametrize("pain", range(11))
@pytest.mark.parametrize("answer", ["", "n", "y"])
def test_pain_at_or_over_the_ceiling_asks_whether_to_start(
    stretch: Stretch, pain: int, answer: str
) -> None:
    result = stretch(*ARGS, typed=f"{pain}\n{answer}\n1\n1\n")
    over = pain >= 6
    assert (SAID.format(pain=pain) in result.err) == over
    assert ("Start anyway? [y/N]" in result.err) == over
    assert result.code == 0, result.err
    if over and answer != "y":
        assert result.err.rstrip().endswith("stretch: not started: nothing of this session is kept")
        assert "Finished" not in result.out
        assert _sessions(stretch) == []
    else:
        (session,) = _sessions(stretch)
        assert session["pain_before"] == pain
        assert session["status"] == "completed"


def test_without_a_terminal_it_is_said_and_the_run_goes_on(stretch: Stretch) -> None:
    result = stretch("run", "desk-break", "--json", "--pain-before", "10", "--scale", "0.25")
    assert result.code == 0, result.err
    assert SAID.format(pain=10) in result.err.splitlines()
    assert "Start anyway" not in result.err
    assert [s["pain_before"] for s in _sessions(stretch)] == [10]


def test_the_input_ended_at_the_question_is_no(stretch: Stretch) -> None:
    result = stretch(*ARGS, typed="8\n")
    assert result.code == 0, result.err
    assert "not started" in result.err
    assert _sessions(stretch) == []


@pytest.mark.parametrize(
    ("before", "after", "said"), [(2, 7, True), (1, 4, True), (3, 4, False), (None, 5, False)]
)
@pytest.mark.parametrize("answer", ["", "y"])
def test_a_run_after_a_session_that_hurt_too_much_today_says_so_first(
    stretch: Stretch, before: int | None, after: int, said: bool, answer: str
) -> None:
    """Review 19, F17: right after "Pain 7/10 ... Do no more of them today", the next run
    started without a word. Where today's latest session left red pain (at or over the
    ceiling, or up by 2 or more), the next run says so and, at a terminal, asks whether to
    start anyway; a session of yesterday, or pain within the rule, says nothing."""
    rated = "\n" if before is None else f"{before}\n"
    first = stretch(*ARGS, typed=f"{rated}{after}\n1\n\n", wall=NOW)
    assert first.code == 0, first.err
    rise = "" if after >= 6 else f" (up from {before} before it)"
    line = f"stretch: Your session earlier today left pain of {after}/10{rise}, more than"
    second = stretch(*ARGS, typed=f"{answer}\n2\n1\n1\n", wall=NOW + timedelta(hours=1))
    assert second.code == 0, second.err
    assert (line in second.err) == said
    assert ("Start anyway? [y/N]" in second.err) == said
    ran = not said or answer == "y"
    assert len(_sessions(stretch)) == (2 if ran else 1)
    tomorrow = stretch(*ARGS, typed="2\n1\n1\n", wall=NOW + timedelta(days=1))
    assert line not in tomorrow.err


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(10, True), (15 + 60 * 8, True), (15 + 60 * 12, False), (60 * 24, False)],
)
def test_red_pain_just_before_midnight_is_said_after_it(
    stretch: Stretch, minutes: int, said: bool
) -> None:
    """Attack 19, H8: pain of 8/10 after a session at 23:50 was forgotten at 00:00: the rule
    read "today". A session of yesterday is said, with its time, within 12 hours (chosen)."""
    late = NOW.replace(hour=23, minute=50)
    first = stretch(*ARGS, typed="2\n8\n1\n\n", wall=late)
    assert first.code == 0, first.err
    line = "stretch: Your session yesterday at 23:50 left pain of 8/10, more than these"
    later = stretch(*ARGS, typed="\n2\n1\n1\n", wall=late + timedelta(minutes=minutes))
    assert later.code == 0, later.err
    assert (line in later.err) == said
    assert ("Start anyway? [y/N]" in later.err) == said
    # "tomorrow" would be a day later now (review 24, F10)
    assert ("If it has not settled within a day of that session, or" in later.err) == said
    assert "settled by tomorrow" not in later.err


@pytest.mark.parametrize("ceiling", range(1, 16))
def test_no_plan_can_raise_the_ceiling_past_what_the_pain_advice_allows(
    stretch: Stretch, tmp_path: Path, ceiling: int
) -> None:
    """Attack 19, H19: a plan file's `rules: ceiling: 10` turned off the run's advice for
    pain up to 9/10 (before a run, after one, and at the next). A plan's ceiling is at most
    the default of 6; under one, pain of 6 and more is still said before a run."""
    path = tmp_path / "plan.yaml"
    path.write_text(
        f"days: {{mon: desk-break}}\nrules: {{green: 0, ceiling: {ceiling}}}\n", encoding="utf-8"
    )
    adopted = stretch("plan", "use", str(path))
    if ceiling > 6:
        assert (adopted.code, adopted.out) == (1, "")
        assert adopted.err == (
            f"stretch: {path}:2:28: rules.ceiling: {ceiling} is out of range: must be from 1 to "
            "6 (pain of 6 or more is over what the pain-monitoring model accepts, and the "
            "run's advice to rest follows the ceiling: ask whoever wrote the plan to set 6 or "
            "less)\n"
        )
        return
    assert adopted.code == 0, adopted.err
    for pain in (6, 9):
        result = stretch("run", "desk-break", "--json", "--pain-before", str(pain), "--scale",
                         "0.25")  # fmt: skip
        assert "more than these exercises are for" in result.err, (ceiling, pain)
