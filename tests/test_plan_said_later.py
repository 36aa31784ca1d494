"""What a plan decided after a session is said as the next session that holds the exercise
starts, which is often in the week after: the week is named by its Monday, never "this
week"; and a step down of an exercise that the session does not do (its alternative takes
its place) is not said as if it did (attack 16, H10). An exercise the session leaves out,
done in full earlier today, hears nothing of what hurt (H8)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import Stretch
from tests.test_hurts import MONDAY

PLAN = """\
days: {mon: desk-break, wed: desk-break, fri: desk-break, sun: desk-break}
levels: {rhomboid-stretch: 3}
"""


def _hurt_rhomboid(stretch: Stretch, days: float) -> None:
    result = stretch("run", "--json", "--no-pain", keys=[(15, "h")], wall=MONDAY + timedelta(days))
    assert result.code == 0, result.err
    hurt = [e for e in map(json.loads, result.out.splitlines()) if e["event"] == "hurt"]
    assert [e["exercise"] for e in hurt] == ["rhomboid-stretch"]


def _replaced(stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan adopted, and the rhomboid stretch hurt on Wednesday and Friday of the week of
    2 Nov: the plan puts ball pressure in its place."""
    monkeypatch.setenv("COLUMNS", "1000")
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    _hurt_rhomboid(stretch, 2)
    _hurt_rhomboid(stretch, 4)  # the second red of the week of 2 Nov


def test_reds_of_last_week_are_said_as_that_week_and_no_step_down_of_what_is_replaced(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _replaced(stretch, tmp_path, monkeypatch)
    monday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=7))
    assert monday.code == 0, monday.err
    lines = monday.err.splitlines()
    assert lines[0] == "stretch: today's plan: desk-break"
    assert lines[1].startswith(
        "stretch: Rhomboid stretch hurt twice in the week of 2 Nov 2026: Ball pressure on "
        "trigger points takes its place."
    )
    assert not any("Rhomboid stretch," in line and "down from" in line for line in lines)
    holds = {
        e["exercise"]
        for e in map(json.loads, monday.out.splitlines())
        if e["event"] == "phase" and e["kind"] == "hold"
    }
    assert "rhomboid-stretch" not in holds and "ball-pressure" in holds


def test_an_exercise_left_out_as_done_today_hears_nothing_of_its_hurt(stretch: Stretch) -> None:
    """The squeeze named as hurting in the day's first session: the second leaves it out
    (done today), and says that, not how to do it next (H8)."""
    made = stretch("start", "--where", "upper-back", "--days", "3", "--no-band", "--minutes",
                   "15", "--yes", wall=MONDAY - timedelta(hours=1))  # fmt: skip
    assert made.code == 0, made.err
    first = stretch("run", "--plain", typed="1\n1\n2\n2\n", wall=MONDAY)
    assert first.code == 0, first.err
    assert "Noted: Scapular squeeze hurt." in first.err
    page = json.loads(stretch("plan", "--json", wall=MONDAY + timedelta(minutes=30)).out)
    assert page["today"]["routine"] == "desk-upper-back"
    assert not [line for line in page["next_session"] if "Scapular squeeze" in line]  # F10
    second = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(minutes=30))
    assert second.code == 0, second.err
    squeeze = [line for line in second.err.splitlines() if "Scapular squeeze" in line]
    assert squeeze == [
        "stretch: Scapular squeeze is left out: you did it in strength-upper-back today."
    ]
    wednesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=2))
    assert any(  # said once a session holds it again
        "Scapular squeeze" in line and "left out" not in line for line in wednesday.err.splitlines()
    )


@pytest.mark.parametrize("chosen", [("--skip", "rhomboid-stretch"), ("--only", "scapular-squeeze")])
def test_what_waits_for_an_exercise_is_said_at_the_session_that_does_it(
    stretch: Stretch, tmp_path: Path, chosen: tuple[str, str]
) -> None:
    """A step down waited for the next session of the routine, and a session that --skip or
    --only left the exercise out of heard it, and the one that did it did not (review 18,
    F2): it waits for the session that does the exercise."""
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    _hurt_rhomboid(stretch, 2)  # Wednesday
    step = (
        "stretch: This week: Rhomboid stretch, 10 s holds, down from 20. It hurt last time: "
        "easier until it settles."
    )
    friday = stretch("run", "--json", "--no-pain", *chosen, wall=MONDAY + timedelta(days=4))
    assert friday.code == 0, friday.err
    assert step not in friday.err.splitlines()
    sunday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=6))
    assert sunday.code == 0, sunday.err
    assert step in sunday.err.splitlines()


@pytest.mark.parametrize(
    ("flag", "value"), [("only", "rhomboid-stretch"), ("variant", "rhomboid-stretch=long-sitting")]
)
def test_a_refused_flag_says_nothing_of_the_plan_before_its_refusal(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str, value: str
) -> None:
    """`--only` (or a variant) naming the exercise the plan replaced is refused; the lines of
    a session that does not run are not said before it (attack 16, H10)."""
    _replaced(stretch, tmp_path, monkeypatch)
    refused = stretch("run", f"--{flag}", value, "--plain", wall=MONDAY + timedelta(7))
    assert refused.code == 2
    assert refused.err.splitlines()[0].startswith(
        f"stretch: --{flag}: your plan leaves out Rhomboid stretch (Ball pressure on trigger "
        "points in its place: 2 red sessions in the week of 2 Nov 2026)"
    )
    assert "takes its place" not in refused.err
    assert "today's plan" not in refused.err
    later = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=7, hours=1))
    assert "Rhomboid stretch hurt twice in the week of 2 Nov 2026" in later.err  # still said


def test_a_routine_named_outside_the_plan_leaves_out_what_the_plan_replaced(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 19, F3: the rhomboid stretch replaced after two reds in a week ran, unannounced,
    in `stretch run upper-back` (a routine the plan does not hold), and `--only` of it there
    was taken. It is left out, saying why, and `--only` of it is refused."""
    _replaced(stretch, tmp_path, monkeypatch)
    later = MONDAY + timedelta(days=4, hours=2)
    named = stretch("run", "upper-back", "--json", "--no-pain", "--scale", "0.25", wall=later)
    assert named.code == 0, named.err
    assert (
        "stretch: your plan leaves out Rhomboid stretch (Ball pressure on trigger points in "
        "its place: 2 red sessions in the week of 2 Nov 2026): upper-back is done without it"
    ) in named.err.splitlines()
    exercises = {e.get("exercise") for e in map(json.loads, named.out.splitlines())}
    assert "rhomboid-stretch" not in exercises
    for flag, value in (("only", "rhomboid-stretch"), ("variant", "rhomboid-stretch=long-sitting")):
        refused = stretch("run", "upper-back", f"--{flag}", value, "--plain", wall=later)
        assert refused.code == 2
        assert refused.err.startswith(  # before anything is said (review 20, F12)
            f"stretch: --{flag}: your plan leaves out Rhomboid stretch (Ball pressure"
        )


def test_resuming_a_routine_outside_the_plan_keeps_what_the_plan_replaced(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 20, F1: `stretch run upper-back --resume` of a session stopped before the plan
    replaced the rhomboid stretch ran it at the file's dose, without a word. Resumed, it
    would not be the session it stopped in: refused, as for the plan's own limits."""
    stopped = stretch(
        "run", "upper-back", "--json", "--no-pain", keys=[(300, "q")], wall=MONDAY - timedelta(1)
    )
    assert stopped.code == 0, stopped.err
    _replaced(stretch, tmp_path, monkeypatch)
    resumed = stretch(
        "run", "upper-back", "--resume", "--json", "--no-pain", wall=MONDAY + timedelta(days=5)
    )
    assert resumed.code == 1
    assert "cannot be resumed: it was run without your plan's limits (leaving out Rhomboid " in (
        resumed.err
    )
    assert "Ball pressure on trigger points in its place: 2 red sessions" in resumed.err
    assert '"exercise": "rhomboid-stretch"' not in resumed.out


def test_what_takes_an_exercise_s_place_is_said_once(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exercise replaced is never begun again: the line saying so is said at the first
    session after it, not at every one (as a change of level waits for the exercise)."""
    _replaced(stretch, tmp_path, monkeypatch)
    said = "Rhomboid stretch hurt twice in the week of 2 Nov 2026"
    monday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=7))
    assert said in monday.err
    wednesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=9))
    assert wednesday.code == 0 and said not in wednesday.err
