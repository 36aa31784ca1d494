"""`stretch run` with no routine: today's routine of the plan, each exercise at its level, the
changes since the last session said as it starts, the ratings asked for (they move the plan)."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import Stretch

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZONE)
PLAN = """\
written_by: A. Physio, physiotherapist
days: {mon: desk-upper-back, wed: desk-upper-back, fri: desk-upper-back}
levels: {scapular-squeeze: 2}
"""


def adopt(stretch: Stretch, tmp_path: Path, text: str = PLAN) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0


def holds(out: str) -> dict[str, list[float]]:
    """The hold phases of a `--json` run, by exercise."""
    found: dict[str, list[float]] = {}
    for line in out.splitlines():
        event = json.loads(line)
        if event["event"] == "phase" and event["kind"] == "hold":
            found.setdefault(event["exercise"], []).append(event["duration"])
    return found


def test_without_a_plan_a_routine_must_be_named(stretch: Stretch) -> None:
    result = stretch("run")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "stretch: missing argument 'ROUTINE' (name a routine (see `stretch list`), or make a "
        "plan with `stretch start` (or adopt one with `stretch plan use FILE`) to run today's)\n"
    )


def test_a_rest_day_says_so(stretch: Stretch, tmp_path: Path) -> None:
    adopt(stretch, tmp_path)
    result = stretch("run", wall=MONDAY + timedelta(days=1))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "stretch: today (tue) is a rest day in your plan (rest is part of the plan; to do one "
        "anyway, name one of its routines, e.g. `stretch run desk-upper-back` (at your plan's "
        "levels))\n"
    )


def test_a_routine_of_the_plan_named_on_a_rest_day_runs_at_the_plans_levels(
    stretch: Stretch, tmp_path: Path
) -> None:
    """The rest day's own hint: `stretch run desk-upper-back` is the plan's first session at
    level 1, never the file's full dose, and asks the questions that move the plan."""
    adopt(stretch, tmp_path)
    result = stretch(
        "run", "desk-upper-back", "--plain", typed="2\n1\n2\n", wall=MONDAY + timedelta(days=1)
    )
    assert result.code == 0, result.err
    assert result.err.splitlines()[0] == (
        "stretch: desk-upper-back is in your plan: each exercise at its level (`stretch plan`)"
    )
    assert result.err.count("0-10") == 3  # pain before, pain after, how hard
    level = stretch(
        "run", "desk-upper-back", "--json", "--no-pain", wall=MONDAY + timedelta(days=1)
    )
    assert holds(level.out) == {
        "chest-stretch": [10.0] * 3,
        "rhomboid-stretch": [10.0] * 2,
        "scapular-squeeze": [5.0] * 8,
    }


def test_a_named_routine_keeps_the_plans_avoided_movements(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Osteoporosis: the plan avoids flexion; a routine named on any day still swaps its
    forward bend, and says so."""
    adopt(stretch, tmp_path, PLAN + "avoid: [flexion]\n")
    result = stretch("run", "desk-break", "--json", wall=MONDAY + timedelta(days=1))
    assert result.code == 0
    assert "stretch: your plan avoids flexion: desk-break avoids it too\n" in result.err
    done = {json.loads(line).get("exercise") for line in result.out.splitlines()}
    assert "rhomboid-stretch" not in done  # its forward bend is swapped or left out
    assert stretch("run", "desk-break", "--json", wall=MONDAY).code == 0


@pytest.mark.parametrize(
    ("name", "then"),
    [
        ("nosuch", "(see `stretch list`)"),
        ("plan", "(see `stretch list`)"),
        ("Upper-Back", "(did you mean 'upper-back'?)"),
    ],
)
def test_a_routine_that_does_not_exist_is_refused_before_any_word_of_the_plan(
    stretch: Stretch, tmp_path: Path, name: str, then: str
) -> None:
    """Review 20, F10: "nosuch is not in your plan: it runs at ..." came before the refusal."""
    adopt(stretch, tmp_path, PLAN + "avoid: [flexion]\n")
    result = stretch("run", name, "--json", wall=MONDAY)
    assert (result.code, result.out) == (1, "")
    assert result.err == f"stretch: no routine named '{name}' {then}\n"


def test_history_and_the_report_count_against_the_plans_weekly_goal(
    stretch: Stretch, tmp_path: Path
) -> None:
    adopt(stretch, tmp_path, PLAN + "weekly_goal: 3\n")
    assert stretch("run", "desk-break", "--json", wall=MONDAY).code == 0
    assert "Week by week (goal: 3 a week)\n" in stretch("history", wall=MONDAY).out
    assert "- **Goal:** 3 a week; 1.0 a week on average\n" in stretch("report", wall=MONDAY).out


def test_todays_routine_runs_at_the_plans_levels(stretch: Stretch, tmp_path: Path) -> None:
    adopt(stretch, tmp_path)
    result = stretch("run", "--json", wall=MONDAY)
    assert result.code == 0
    assert result.err.splitlines()[0] == "stretch: today's plan: desk-upper-back"
    # Level 1 of the chest and rhomboid stretches, level 2 of the squeeze (the plan's).
    assert holds(result.out) == {
        "chest-stretch": [10.0] * 3,
        "rhomboid-stretch": [10.0] * 2,
        "scapular-squeeze": [5.0] * 8,
    }
    # A routine the plan holds, named, runs at the plan's levels too; one it does not hold
    # runs as its file says.
    named = stretch("run", "desk-upper-back", "--json", "--no-pain", wall=MONDAY)
    assert holds(named.out)["rhomboid-stretch"] == [10.0] * 2
    other = stretch("run", "upper-back", "--json", wall=MONDAY)
    assert holds(other.out)["rhomboid-stretch"] == [30.0] * 3


def test_a_week_of_rated_sessions_moves_the_plan_and_the_next_session_says_so(
    stretch: Stretch, tmp_path: Path
) -> None:
    adopt(stretch, tmp_path)
    for day in (0, 2, 4):
        # Pain before, pain after, how hard: asked because the plan moves on them.
        result = stretch("run", "--plain", typed="2\n1\n2\n", wall=MONDAY + timedelta(days=day))
        assert result.code == 0
        assert result.err.count("0-10") == 3
    monday = MONDAY + timedelta(days=7)
    result = stretch("run", "--json", "--no-pain", wall=monday)
    assert result.err.splitlines()[:4] == [
        "stretch: today's plan: desk-upper-back",
        "stretch: This week: Chest stretch, 20 s holds, up from 10.",
        "stretch: This week: Rhomboid stretch, 3 reps, up from 2.",
        "stretch: This week: Scapular squeeze, 10 reps, up from 8.",
    ]
    assert holds(result.out) == {
        "chest-stretch": [20.0] * 3,
        "rhomboid-stretch": [10.0] * 3,
        "scapular-squeeze": [5.0] * 10,
    }


def test_the_plan_start_makes_runs_strengthening_and_stretching_on_their_weekdays(
    stretch: Stretch,
) -> None:
    """Five days a week for the upper back, no band: strengthening on Tuesday and Thursday
    (the row without a band), the stretches on Monday, Wednesday and Friday, nothing at the
    weekend; each day's routine is what `stretch run` does, on an injected clock."""
    made = stretch("start", "--where", "upper-back", "--days", "5", "--no-band", "--yes",
                   wall=MONDAY - timedelta(hours=1))  # fmt: skip
    assert made.code == 0, made.err
    expected = {
        0: "desk-upper-back",
        1: "strength-upper-back",
        2: "desk-upper-back",
        3: "strength-upper-back",
        4: "desk-upper-back",
    }
    for day in range(7):
        wall = MONDAY + timedelta(days=day)
        result = stretch("run", "--json", "--no-pain", wall=wall)
        if day not in expected:
            assert result.out == "" and "rest day" in result.err
            continue
        assert result.code == 0, result.err
        assert result.err.splitlines()[0] == f"stretch: today's plan: {expected[day]}"
        done = holds(result.out)
        if expected[day] == "strength-upper-back":
            assert list(done) == ["chin-tuck", "scapular-squeeze", "band-row"]
            # The row without a band: its level 1 (10 pulls, one set) of 5 s holds.
            assert done["band-row"] == [5.0] * 10
        else:
            assert list(done) == ["chest-stretch", "rhomboid-stretch", "scapular-squeeze"]
    listed = json.loads(stretch("history", "--json", wall=MONDAY + timedelta(6)).out)
    routines = [e["routine"] for e in listed if "uid" in e]  # the plan's records come after
    assert sorted(routines) == sorted(expected.values())


def test_with_a_band_the_row_is_done_with_it(stretch: Stretch) -> None:
    made = stretch("start", "--where", "neck-shoulders", "--days", "4", "--band", "--yes",
                   wall=MONDAY - timedelta(hours=1))  # fmt: skip
    assert made.code == 0, made.err
    tuesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=1))
    assert tuesday.err.splitlines()[0] == "stretch: today's plan: strength-upper-back"
    # The band's level 1: 10 pulls, one set, at NIA's pace: 3 s to pull and 1 s held.
    assert holds(tuesday.out)["band-row"] == [4.0] * 10


def test_three_days_put_strengthening_first_on_two_stretching_days(stretch: Stretch) -> None:
    """Three days a week, 15 minutes: stretching keeps all three days (ACSM's two to three),
    strengthening comes first on Monday and Friday; `stretch run` gives the day's routines
    in turn, each once, then the last (the stretching) again."""
    made = stretch("start", "--where", "upper-back", "--days", "3", "--no-band", "--minutes",
                   "15", "--yes", wall=MONDAY - timedelta(hours=1))  # fmt: skip
    assert made.code == 0, made.err
    expected = {
        0: ["strength-upper-back", "desk-upper-back"],
        2: ["desk-upper-back"],
        4: ["strength-upper-back", "desk-upper-back"],
    }
    for day, routines in expected.items():
        for hour, routine in enumerate([*routines, routines[-1]]):
            wall = MONDAY + timedelta(days=day, hours=hour)
            result = stretch("run", "--json", "--no-pain", wall=wall)
            assert result.code == 0, result.err
            head = result.err.splitlines()[0].removeprefix("stretch: today's plan: ")
            assert head.split(",")[0].split(" ")[0] == routine
    page = json.loads(stretch("plan", "--json", wall=MONDAY + timedelta(days=7)).out)
    assert page["days"] == {
        "mon": ["strength-upper-back", "desk-upper-back"],
        "wed": "desk-upper-back",
        "fri": ["strength-upper-back", "desk-upper-back"],
    }
    assert page["today"]["routine"] == "strength-upper-back"
    assert page["weekly_goal"] == 5


def test_an_exercise_the_plan_leaves_out_is_not_done_and_the_session_says_why(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Osteoporosis without a ball: the rhomboid stretch bends forward and its alternative
    needs a ball, so the plan leaves it out, rather than swap it in."""
    adopt(
        stretch,
        tmp_path,
        PLAN + "avoid: [flexion]\nleave_out: {rhomboid-stretch: its alternative needs a ball}\n",
    )
    result = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert result.code == 0, result.err
    assert result.err.splitlines()[:2] == [
        "stretch: today's plan: desk-upper-back",
        "stretch: Rhomboid stretch is left out, as your plan says: its alternative needs a ball.",
    ]
    assert holds(result.out) == {"chest-stretch": [10.0] * 3, "scapular-squeeze": [5.0] * 8}
    shown = stretch("plan", wall=MONDAY).out
    assert (
        "Rhomboid stretch       -   left out\n"
        "  left out, as the plan says: its alternative needs a ball\n"
    ) in shown
    page = json.loads(stretch("plan", "--json", wall=MONDAY).out)
    assert page["leave_out"] == {"rhomboid-stretch": "its alternative needs a ball"}
    row = next(r for r in page["exercises"] if r["exercise"] == "rhomboid-stretch")
    assert (row["left_out"], row["reason"]) == (
        True,
        "left out, as the plan says: its alternative needs a ball",
    )


def test_on_a_day_of_both_routines_the_squeeze_is_done_once(stretch: Stretch) -> None:
    """Strengthening and the stretches on one day both have the scapular squeeze: the
    second session of the day leaves it out, and says so."""
    made = stretch("start", "--where", "upper-back", "--days", "3", "--no-band", "--minutes",
                   "15", "--yes", wall=MONDAY - timedelta(hours=1))  # fmt: skip
    assert made.code == 0, made.err
    assert (
        "- Scapular squeeze once on a day of both routines: it is in both; the stretches after "
        "strengthening leave it out, and say so."
    ) in " ".join(made.out.split())
    first = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert first.err.splitlines()[0] == (
        "stretch: today's plan: strength-upper-back, then desk-upper-back (each a session of "
        "its own: `stretch run` again for the next)"
    )
    assert list(holds(first.out)) == ["chin-tuck", "scapular-squeeze", "band-row"]
    second = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(minutes=10))
    assert second.err.splitlines()[:2] == [
        "stretch: today's plan: desk-upper-back (strength-upper-back is done today)",
        "stretch: Scapular squeeze is left out: you did it in strength-upper-back today.",
    ]
    assert list(holds(second.out)) == ["chest-stretch", "rhomboid-stretch"]
    # Another day of the stretches alone keeps it.
    wednesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=2))
    assert list(holds(wednesday.out)) == ["chest-stretch", "rhomboid-stretch", "scapular-squeeze"]


def test_a_run_of_one_exercise_with_only_does_not_mark_its_routine_done(
    stretch: Stretch,
) -> None:
    """Review 20, F5: `--only scapular-squeeze` of the day's first routine marked it done,
    and the next run went on to the second, the chin tuck and the row never begun."""
    made = stretch("start", "--where", "upper-back", "--days", "3", "--no-band", "--minutes",
                   "15", "--yes", wall=MONDAY - timedelta(hours=1))  # fmt: skip
    assert made.code == 0, made.err
    only = stretch("run", "strength-upper-back", "--only", "scapular-squeeze", "--json",
                   "--no-pain", wall=MONDAY)  # fmt: skip
    assert (only.code, list(holds(only.out))) == (0, ["scapular-squeeze"])
    then = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(minutes=10))
    assert then.err.splitlines()[:2] == [
        "stretch: today's plan: strength-upper-back, then desk-upper-back (each a session of "
        "its own: `stretch run` again for the next)",
        "stretch: Scapular squeeze is left out: you did it in strength-upper-back today.",
    ]
    assert list(holds(then.out)) == ["chin-tuck", "band-row"]
    last = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(minutes=20))
    assert last.err.splitlines()[0] == (
        "stretch: today's plan: desk-upper-back (strength-upper-back is done today)"
    )


@pytest.mark.parametrize("first", [("strength-upper-back",), ("desk-upper-back", "--only")])
def test_skip_of_an_exercise_done_earlier_today_is_taken(
    stretch: Stretch, first: tuple[str, ...]
) -> None:
    """The squeeze done in full earlier today (in strengthening, or with --only) is left out
    of the next session; `--skip` naming it was refused as no step of the routine."""
    made = stretch("start", "--where", "upper-back", "--days", "3", "--band", "--minutes",
                   "15", "--yes", wall=MONDAY - timedelta(hours=1))  # fmt: skip
    assert made.code == 0, made.err
    only = ("scapular-squeeze",) if "--only" in first else ()
    earlier = stretch("run", *first, *only, "--json", "--no-pain", wall=MONDAY)
    assert earlier.code == 0, earlier.err
    later = stretch("run", "desk-upper-back", "--skip", "scapular-squeeze", "--json",
                    "--no-pain", wall=MONDAY + timedelta(minutes=10))  # fmt: skip
    assert later.code == 0, later.err
    assert "scapular-squeeze" not in holds(later.out)
    assert "chest-stretch" in holds(later.out)
    # Named with --variant, it is asked for by name, as with --only: done.
    varied = stretch("run", "desk-upper-back", "--variant", "scapular-squeeze=band",
                     "--json", "--no-pain", wall=MONDAY + timedelta(minutes=20))  # fmt: skip
    assert varied.code == 0, varied.err
    assert "scapular-squeeze" in holds(varied.out)


def test_a_named_routine_keeps_what_the_plan_leaves_out(stretch: Stretch, tmp_path: Path) -> None:
    adopt(
        stretch,
        tmp_path,
        PLAN + "avoid: [flexion]\nleave_out: {rhomboid-stretch: its alternative needs a ball}\n",
    )
    result = stretch("run", "desk-break", "--json", wall=MONDAY + timedelta(days=1))
    assert result.code == 0, result.err
    assert result.err.splitlines()[:3] == [
        "stretch: desk-break is not in your plan: it runs at its file's doses, not your levels",
        "stretch: your plan leaves out Rhomboid stretch (its alternative needs a ball): "
        "desk-break is done without it",
        "stretch: your plan avoids flexion: desk-break avoids it too",
    ]
    done = {json.loads(line).get("exercise") for line in result.out.splitlines()}
    assert not {"rhomboid-stretch", "ball-pressure"} & done  # not swapped for the ball either


def test_an_exercise_the_plan_leaves_out_does_not_come_back_as_an_alternative(
    stretch: Stretch, tmp_path: Path
) -> None:
    """The ball left out (no ball at work, or blood thinners), and side bends avoided: the
    side bend's alternative is the ball, so the side bend is left out too, not swapped."""
    adopt(
        stretch,
        tmp_path,
        "days: {mon: upper-back}\navoid: [side-bend]\nleave_out: {ball-pressure: no ball}\n",
    )
    result = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert result.code == 0, result.err
    assert "Ball pressure on trigger points is left out" in result.err
    assert list(holds(result.out)) == ["rhomboid-stretch", "scapular-squeeze", "thoracic-rotation"]


def test_a_named_routine_never_does_what_the_plan_leaves_out_in_an_avoided_ones_place(
    stretch: Stretch, tmp_path: Path
) -> None:
    """The same plan, `stretch run upper-back` (a routine it does not hold) on a rest day: the
    plan's leave-out reaches the named routine as a skip, and a skip alone may come back as
    a stand-in; the plan's may not (the ball did the side bend's part)."""
    adopt(
        stretch,
        tmp_path,
        "days: {mon: desk-upper-back}\navoid: [side-bend]\nleave_out: {ball-pressure: no ball}\n",
    )
    result = stretch("run", "upper-back", "--json", "--no-pain", wall=MONDAY + timedelta(days=1))
    assert result.code == 0, result.err
    assert result.err.splitlines()[:3] == [
        "stretch: upper-back is not in your plan: it runs at its file's doses, not your levels",
        "stretch: your plan leaves out Ball pressure on trigger points (no ball): upper-back "
        "is done without it",
        "stretch: your plan avoids side-bend: upper-back avoids it too",
    ]
    assert "ball-pressure instead" not in result.err
    assert list(holds(result.out)) == ["rhomboid-stretch", "scapular-squeeze", "thoracic-rotation"]


@pytest.mark.parametrize("routine", ["desk-upper-back", "desk-break", "upper-back"])
def test_only_an_exercise_the_plan_leaves_out_never_brings_its_stand_in(
    stretch: Stretch, routine: str
) -> None:
    """Osteoporosis and no ball: the plan leaves out the rhomboid stretch (it bends forward)
    and the ball (its alternative). `--only rhomboid-stretch` does nothing rather than the
    ball, in every routine that has it, and the other side bends never bring the ball."""
    made = stretch(
        "start", "--where", "upper-back", "--precaution", "osteoporosis", "--no-floor",
        "--no-ball", "--minutes", "10", "--days", "5", "--yes", wall=MONDAY,
    )  # fmt: skip
    assert made.code == 0, made.err
    only = stretch("run", routine, "--only", "rhomboid-stretch", "--json", "--no-pain")
    assert "ball-pressure" not in holds(only.out) and "ball-pressure instead" not in only.err
    mine = stretch("run", routine, "--avoid", "side-bend", "--json", "--no-pain")
    assert "ball-pressure" not in holds(mine.out), mine.err


def test_the_second_routine_of_a_day_says_its_own_cautions_in_full(stretch: Stretch) -> None:
    """On a day of both routines, the stretches after strengthening have not been heard this
    week: their cautions are said in full (the strengthening just done stood for them)."""
    made = stretch(
        "start", "--where", "neck-shoulders", "--no-precautions", "--no-ball", "--days", "3",
        "--minutes", "20", "--yes", wall=MONDAY - timedelta(hours=1),
    )  # fmt: skip
    assert made.code == 0, made.err
    first = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert "today's plan: strength-upper-back" in first.err
    second = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(minutes=30))
    assert "today's plan: desk-upper-back" in second.err
    spoken = [
        said["text"]
        for line in second.out.splitlines()
        for said in json.loads(line).get("spoken", [])
    ]
    assert "This routine's other cautions are on the screen, as you heard them this week." not in (
        spoken
    )
    assert (
        "If the pain between your shoulder blades is new and no clinician has checked it, get "
        "it seen today before you rely on these stretches." in spoken
    )


def test_a_session_of_the_plan_resumed_goes_on_at_the_plans_levels(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Today's session stopped in its first exercise, then `--resume`: the rest is done at the
    plan's levels, as it began, not at the file's full dose."""
    adopt(stretch, tmp_path)
    first = stretch("run", "--json", "--no-pain", keys=[(150, "q")], wall=MONDAY)
    assert first.code == 0, first.err
    resumed = stretch(
        "run",
        "desk-upper-back",
        "--resume",
        "--json",
        "--no-pain",
        wall=MONDAY + timedelta(minutes=30),
    )
    assert resumed.code == 0, resumed.err
    done = holds(resumed.out)
    assert done["rhomboid-stretch"] == [10.0] * 2
    assert done["scapular-squeeze"] == [5.0] * 8


def test_again_after_a_session_of_the_plan_keeps_its_levels_and_what_it_leaves_out(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Blood thinners: the plan leaves the ball out. `stretch again` after today's session
    is that session again, at the plan's levels and without the ball, not the file's
    routine with the ball and three times the holds."""
    adopt(
        stretch, tmp_path, "days: {mon: upper-back}\nleave_out: {ball-pressure: blood thinners}\n"
    )
    first = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert first.code == 0, first.err
    again = stretch("again", "--json", "--no-pain", wall=MONDAY + timedelta(hours=1))
    assert again.code == 0, again.err
    assert "stretch: again: upper-back" in again.err.splitlines()
    assert holds(again.out) == holds(first.out)
    assert "ball-pressure" not in holds(again.out)
    assert holds(again.out)["rhomboid-stretch"] == [10.0] * 2


@pytest.mark.parametrize("scale", ["0.25", "0.5", "0.9"])
def test_green_sessions_with_shorter_holds_never_step_the_plan_up(
    stretch: Stretch, tmp_path: Path, scale: str
) -> None:
    """Three green sessions at a quarter of the holds say nothing of the level's own dose:
    the level holds, and `stretch plan` says why (the same three at full length step up)."""
    adopt(stretch, tmp_path)
    for day in (0, 2, 4):
        result = stretch(
            "run", "--plain", "--scale", scale, typed="2\n1\n2\n", wall=MONDAY + timedelta(days=day)
        )
        assert result.code == 0, result.err
    monday = MONDAY + timedelta(days=7)
    assert "holds: done with shorter holds" in stretch("plan", wall=monday).out
    result = stretch("run", "--json", "--no-pain", wall=monday)
    assert "This week" not in result.err
    assert holds(result.out)["rhomboid-stretch"] == [10.0] * 2


def test_green_sessions_fitted_to_fewer_minutes_never_step_the_plan_up(
    stretch: Stretch, tmp_path: Path
) -> None:
    """A green session that --minutes fitted to fewer sets or reps than an exercise's level
    stepped it up toward a level whose dose below was never done (attack 16, H7): for that
    exercise it counts as shorter holds do, not at all, and `stretch plan` says why; an
    exercise the fitting left whole counts (review 18, F1)."""
    adopt(stretch, tmp_path)
    first = stretch("run", "--plain", "--minutes", "5", typed="2\n1\n2\n", wall=MONDAY)
    assert first.code == 0, first.err
    holds = {
        e["exercise"]: e["holds"]
        for e in json.loads(stretch("history", "--json", wall=MONDAY).out)[0]["exercises"]
    }  # the first session says more, so is fitted more: the stretches lost a rep each
    assert holds == {"chest-stretch": 2, "rhomboid-stretch": 1, "scapular-squeeze": 8}
    shown = stretch("plan", wall=MONDAY + timedelta(hours=1)).out
    cut = "holds: done with fewer sets or reps (--minutes 5) (2 Nov 2026)"
    words = " ".join(shown.split())
    assert words.count(cut) == 2  # the chest and rhomboid stretches
    assert "2 more green sessions to step up" in words  # the squeeze, left whole
    for day in (2, 4):
        result = stretch(
            "run", "--plain", "--minutes", "5", typed="2\n1\n2\n", wall=MONDAY + timedelta(days=day)
        )
        assert result.code == 0, result.err
    later = stretch("plan", wall=MONDAY + timedelta(days=7)).out
    assert _levels(later)[:2] == _levels(shown)[:2]  # two greens in full: not yet
    assert "Scapular squeeze 3/7" in " ".join(later.split())  # three in full: up


def test_green_sessions_that_minutes_cut_nothing_of_step_the_plan_up(
    stretch: Stretch, tmp_path: Path
) -> None:
    """--minutes with more minutes than the session takes cuts nothing: its greens count as
    any other session's (review 18, F1: every --minutes session held the level)."""
    adopt(stretch, tmp_path)
    before = stretch("plan", wall=MONDAY).out
    for day in (0, 2, 4):
        result = stretch(
            "run",
            "--plain",
            "--minutes",
            "30",
            typed="2\n1\n2\n",
            wall=MONDAY + timedelta(days=day),
        )
        assert result.code == 0, result.err
    shown = stretch("plan", wall=MONDAY + timedelta(days=7)).out
    assert "up: 3 green sessions in a row, the last 6 Nov 2026" in shown
    assert "fewer sets or reps" not in shown
    assert _levels(shown) != _levels(before)


def _levels(shown: str) -> list[str]:
    """The level column of `stretch plan`'s table ('2/7'), row by row."""
    return [
        found.group(1)
        for line in shown.splitlines()
        if not line.startswith(" ") and (found := re.search(r" (\d+/\d+) ", line))
    ]


@pytest.mark.parametrize("routine", ["upper-back", "desk-upper-back", None])
@pytest.mark.parametrize(
    ("flag", "value"), [("only", "ball-pressure"), ("variant", "ball-pressure=floor")]
)
def test_only_never_undoes_what_the_plan_leaves_out(
    stretch: Stretch, tmp_path: Path, routine: str | None, flag: str, value: str
) -> None:
    """Blood thinners: the plan leaves the ball out. `--only ball-pressure` (or a variant of
    it: review 19, F15, refused after lines that said the run went ahead) is refused first,
    in a routine the plan holds, one it does not, and today's, and nothing is run or
    recorded."""
    adopt(
        stretch,
        tmp_path,
        "days: {mon: desk-upper-back}\nleave_out: {ball-pressure: blood thinners}\n",
    )
    named = [routine] if routine else []
    result = stretch("run", *named, f"--{flag}", value, "--json", "--no-pain", wall=MONDAY)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"stretch: --{flag}: your plan leaves out Ball pressure on trigger points (blood thinners) "
        "(it is not done while the plan says so; show `stretch plan` to a clinician to change "
        "that)\n"
    )
    assert '"uid"' not in stretch("history", "--json", wall=MONDAY).out  # no session


def test_green_sessions_done_as_another_variant_never_step_that_exercise_up(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Attack 17, H2: green sessions of the seated row without its band stepped the banded
    row up. An exercise done with --variant as other than its level's own variant holds its
    level, saying so; the others of those sessions count."""
    adopt(stretch, tmp_path)
    before = stretch("plan", wall=MONDAY).out
    for day in (0, 2, 4):
        result = stretch(
            "run", "--plain", "--variant", "rhomboid-stretch=long-sitting",
            typed="2\n1\n2\n", wall=MONDAY + timedelta(days=day),
        )  # fmt: skip
        assert result.code == 0, result.err
    shown = stretch("plan", wall=MONDAY + timedelta(days=7)).out
    words = " ".join(shown.split())
    assert "holds: done as its long-sitting variant (6 Nov 2026)" in words
    assert "up: 3 green sessions in a row, the last 6 Nov 2026" in words
    rows = dict(zip(_names(before), _levels(before), strict=True))
    after = dict(zip(_names(shown), _levels(shown), strict=True))
    assert after["Rhomboid stretch"] == rows["Rhomboid stretch"]
    assert after["Chest stretch"] != rows["Chest stretch"]


def _names(shown: str) -> list[str]:
    """The exercise column of `stretch plan`'s table, row by row (as `_levels` finds them)."""
    return [
        re.split(r"\s{2,}", line.strip())[0]
        for line in shown.splitlines()
        if not line.startswith(" ") and re.search(r" (\d+/\d+) ", line)
    ]


@pytest.mark.parametrize("variant", ["chair", None])
def test_green_sessions_done_as_the_levels_own_variant_step_it_up(
    stretch: Stretch, tmp_path: Path, variant: str | None
) -> None:
    """Review 20, F7: `--variant rhomboid-stretch=chair`, the routine's own step (a variant
    that changes nothing), held the level as another variant would; it counts as no
    --variant does."""
    adopt(stretch, tmp_path)
    before = stretch("plan", wall=MONDAY).out
    given = ("--variant", f"rhomboid-stretch={variant}") if variant else ()
    for day in (0, 2, 4):
        result = stretch(
            "run", "--plain", *given, typed="2\n1\n2\n", wall=MONDAY + timedelta(days=day)
        )
        assert result.code == 0, result.err
    shown = stretch("plan", wall=MONDAY + timedelta(days=7)).out
    assert "variant" not in " ".join(shown.split())
    rows = dict(zip(_names(before), _levels(before), strict=True))
    after = dict(zip(_names(shown), _levels(shown), strict=True))
    assert after["Rhomboid stretch"] != rows["Rhomboid stretch"]


def test_the_report_gives_the_doses_of_the_levels_a_period_was_done_at(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Review 20, F8: the Exercises table gave the dose of the level now, under a line
    saying the doses were the routines' own; a period that went up and back down (1, 2, 1)
    gave no word of level 2."""
    adopt(stretch, tmp_path)
    for day in (0, 2, 4):
        _rhomboid_alone(stretch, "0\n0\n2\n", MONDAY + timedelta(days=day))
    rows = _exercise_rows(stretch("report", wall=MONDAY + timedelta(days=6)).out)
    assert rows[-1].startswith(
        "| Rhomboid stretch | hold 10 s × 3, plan level 2 now; level 1 at the start: hold 10 s "
        "× 2 | 3 | 3 |"
    ), rows
    report = stretch("report", wall=MONDAY + timedelta(days=6)).out
    assert "for an exercise of the plan its level's now" in " ".join(report.split())
    _rhomboid_alone(stretch, "0\n7\n2\n", MONDAY + timedelta(days=7))  # red: down again
    rows = _exercise_rows(stretch("report", wall=MONDAY + timedelta(days=8)).out)
    assert rows[-1].startswith(
        "| Rhomboid stretch | hold 10 s × 2, plan level 1 now; levels 1 to 2 in the period | 4 |"
    ), rows


def _rhomboid_alone(stretch: Stretch, typed: str, wall: datetime) -> None:
    """A session of the plan's routine with the rhomboid stretch alone, rated as `typed`."""
    result = stretch("run", "--plain", "--only", "rhomboid-stretch", typed=typed, wall=wall)
    assert result.code == 0, result.err


def _exercise_rows(report: str) -> list[str]:
    """The rhomboid stretch's rows of a Markdown report (the Exercises table's last)."""
    return [line for line in report.splitlines() if line.startswith("| Rhomboid stretch |")]


def _hurt_twice(routine: str, steps: dict[str, int], days: tuple[int, ...] = (0, 1)) -> str:
    """An export file of sessions of `routine` (its steps and holds) on `days` after MONDAY,
    each with its first step named as the one that hurt, pain 2 before and after."""
    lines = [json.dumps({"format": "stretch-history", "version": 2})]
    for day in days:
        began = MONDAY + timedelta(days=day, hours=1)
        exercises = [
            {"exercise": name, "status": "hurt" if n == 0 else "done", "holds": holds,
             "done": 1 if n == 0 else holds}
            for n, (name, holds) in enumerate(steps.items())
        ]  # fmt: skip
        lines.append(json.dumps({
            "uid": f"{day + 1:032x}", "routine": routine, "started_at": began.isoformat(),
            "ended_at": (began + timedelta(minutes=5, seconds=5)).isoformat(),
            "status": "completed", "seconds": 300.0, "pain_before": 2, "pain_after": 2,
            "difficulty": 2, "note": None, "exercises": exercises, "swaps": [],
            "options": {"avoid": [], "only": [], "skip": [], "scale": 1, "variants": {},
                        "minutes": None},
            "last_step": len(steps) - 1,
        }))  # fmt: skip
    return "\n".join(lines) + "\n"


def test_an_alternative_the_routine_holds_already_is_done_once_at_its_own_dose(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Attack 18, H4: with the rhomboid stretch replaced after two reds, upper-back did
    Ball pressure first and last; H13: desk-break's ball pressure took the rhomboid step's
    3 s relax, not its own 5 s."""
    upper = {"rhomboid-stretch": 2, "scapular-squeeze": 5, "thoracic-rotation": 6,
             "thoracic-side-bend": 6, "ball-pressure": 6}  # fmt: skip
    adopt(stretch, tmp_path, PLAN.replace("desk-upper-back", "upper-back"))
    source = tmp_path / "red.jsonl"
    source.write_text(_hurt_twice("upper-back", upper))
    assert stretch("history", "import", str(source), wall=MONDAY + timedelta(days=2)).code == 0
    run = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=2, hours=3))
    assert run.code == 0, run.err
    assert list(holds(run.out)) == [
        "scapular-squeeze", "thoracic-rotation", "thoracic-side-bend", "ball-pressure"
    ]  # fmt: skip
    assert (
        "stretch: Rhomboid stretch is left out: Ball pressure on trigger points, in its place, "
        "is in upper-back already."
    ) in run.err.splitlines()
    report = stretch("report", wall=MONDAY + timedelta(days=2, hours=4)).out
    assert (  # the alternative by its name (attack 18, H14: by its id)
        "| Rhomboid stretch | 1 | 1 → Ball pressure on trigger points (3 Nov) | swapped for Ball "
        "pressure on trigger points | - |"
    ) in report
    # desk-break holds no ball: it comes in the rhomboid stretch's place, as itself.
    adopt(stretch, tmp_path, PLAN.replace("desk-upper-back", "desk-break"))
    desk = {"rhomboid-stretch": 2, "scapular-squeeze": 5, "thoracic-rotation": 4}
    source.write_text(_hurt_twice("desk-break", desk, (7, 8)))
    assert stretch("history", "import", str(source), wall=MONDAY + timedelta(days=9)).code == 0
    run = stretch("run", "desk-break", "--json", "--no-pain", wall=MONDAY + timedelta(days=9))
    assert run.code == 0, run.err
    alone = stretch("run", "trigger-point-release", "--only", "ball-pressure", "--json",
                    "--no-pain", wall=MONDAY + timedelta(days=9))  # fmt: skip
    assert _relaxes(run.out, "ball-pressure") == _relaxes(alone.out, "ball-pressure") == {5.0}


def _relaxes(out: str, exercise: str) -> set[float]:
    """The lengths of `exercise`'s relax phases in a `--json` run."""
    events = [json.loads(line) for line in out.splitlines()]
    return {e["duration"] for e in events if e.get("kind") == "relax" and e["exercise"] == exercise}


def test_a_routine_outside_the_plan_with_a_history_that_cannot_be_read_says_what_is_unknown(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    """Attack 18, H11: with the history from a newer stretch, a routine named outside the plan
    ran unrecorded, and nothing said that the exercises the plan had replaced after red
    sessions could not be known (the one that hurt twice this week was done)."""
    adopt(stretch, tmp_path)
    path = isolated / "state" / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    run = stretch("run", "desk-break", "--json", "--no-pain", wall=MONDAY)
    lines = run.err.splitlines()
    assert (
        lines.count(
            "stretch: warning: what your plan has replaced for now, after red sessions, cannot be "
            "read from the history: leave out any exercise that hurt lately (--skip ID)"
        )
        == 1
    ), run.err
