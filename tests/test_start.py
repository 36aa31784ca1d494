"""`stretch start`: the answers make the plan expected (each precaution rules out what it
should), a red flag gives only its advice, the conversation takes single keys and Enter's
defaults, scripts answer with options, and without a terminal the options must answer all."""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stretchcli import safety
from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.config import Config
from stretchcli.files.paths import Folder, builtin_dir
from stretchcli.files.planfile import read_plan
from stretchcli.files.startplan import plan_text
from stretchcli.history.levels import level_changes
from stretchcli.history.store import History, history_path
from stretchcli.model import apply_variant
from stretchcli.plan.advice import Advice
from stretchcli.plan.answers import AREAS, FLAGS, PRECAUTIONS, SHOULDER_BLADES, Answers
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.screening import Proposal, screen
from stretchcli.session.options import RunOptions
from stretchcli.session.planning import plan as run_plan
from stretchcli.text import clock
from stretchcli.views.start import run_timing
from tests.conftest import BUILTIN, Result, Stretch
from tests.fakes import NOW
from tests.test_plan_run import holds


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal: each line of the plan and the advice is one line here (wrapping at
    the terminal's width is tested on its own)."""
    monkeypatch.setenv("COLUMNS", "200")


EVERY = (
    "--no-red-flags", "--chair", "--no-bed", "--wall", "--mat", "--no-band", "--minutes", "10",
    "--shoulder-blades", "checked",
)  # fmt: skip
TODAY = NOW.date()


def plan_file(home: Path) -> dict[str, object]:
    data = yaml.safe_load((home / "config" / "plan.yaml").read_text())
    assert isinstance(data, dict)
    return data


def routine_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("Routine:"))


def exercises_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("Exercises:"))


# --- Each precaution gives the plan expected ------------------------------------------------


def test_blood_thinners_leave_the_ball_out_even_with_a_ball(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the reason on one line
    result = stretch(
        "start", "--where", "upper-back", "--precaution", "blood-thinners", "--ball",
        "--floor", "--days", "3", *EVERY,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert routine_line(result.out) == (
        "Routine:     desk-upper-back on mon, wed, fri (about 4:49 a session)"
    )
    assert exercises_line(result.out) == (
        "Exercises:   Chest stretch, Rhomboid stretch, Scapular squeeze"
    )
    lines = result.out.splitlines()
    said = lines.index(
        "  - no ball pressure: blood thinners (anticoagulant medicines) make the blood take "
        "longer to clot, so you bruise and bleed more easily; pressing a ball into the soft "
        "tissue of the back can bruise, so it is left out, as massage cautions advise."
    )
    assert lines[said + 1 : said + 3] == [
        "      https://www.nhs.uk/conditions/anticoagulants/side-effects/",
        "      https://spencermassage.com/risks-of-massage",
    ]
    written = plan_file(isolated)
    # Both routines on one day take about 9:56 (the squeeze once), within the 10 minutes:
    # stretching keeps all three days, strengthening comes first on two of them.
    assert written["days"] == {
        "mon": ["strength-upper-back", "desk-upper-back"],
        "wed": "desk-upper-back",
        "fri": ["strength-upper-back", "desk-upper-back"],
    }
    assert "avoid" not in written and written["weekly_goal"] == 5
    assert written["leave_out"] == {
        "ball-pressure": "presses a ball into the back, which blood thinners rule out"
    }


def test_without_blood_thinners_and_with_a_ball_the_ball_stays(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch(
        "start", "--where", "upper-back", "--no-precautions", "--ball", "--floor",
        "--days", "3", *EVERY, "--minutes", "12",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert routine_line(result.out) == "Routine:     upper-back on mon, fri (about 10:57 a session)"
    assert exercises_line(result.out) == (
        "Exercises:   Rhomboid stretch, Scapular squeeze, Seated thoracic rotation, "
        "Seated thoracic side bend, Ball pressure on trigger points"
    )
    # The routine (about 11 minutes) and strengthening (about 7) do not fit 12 minutes on
    # one day: stretching keeps two of the three days, strengthening gets the one between.
    assert plan_file(isolated)["days"] == {
        "mon": "upper-back",
        "wed": "strength-upper-back",
        "fri": "upper-back",
    }
    assert "with 16 minutes a day, or 4 days a week, strengthening gets the NHS's 2 days" in (
        " ".join(result.out.split())
    )


def test_no_floor_keeps_to_the_chair_and_the_wall_and_the_ball_off_the_floor(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch(
        "start", "--where", "upper-back", "--no-precautions", "--ball", "--no-floor",
        "--days", "5", *EVERY, "--minutes", "12",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert routine_line(result.out) == (
        "Routine:     upper-back on mon, wed, fri (about 10:57 a session)"
    )
    assert (
        "  - Ball pressure on trigger points: levels 1 to 4 of 6: its higher levels need "
        "the floor." in result.out
    )
    written = plan_file(isolated)
    assert isinstance(written["ladders"], dict)
    assert {"ball-pressure": written["ladders"]["ball-pressure"]} == {
        "ball-pressure": [
            {"hold": 15, "reps": 3, "source": LADDERS["ball-pressure"].levels[0].source},
            {"hold": 30, "reps": 3, "source": LADDERS["ball-pressure"].levels[1].source},
            {"hold": 30, "reps": 4, "source": LADDERS["ball-pressure"].levels[2].source},
            {"hold": 30, "reps": 5, "source": LADDERS["ball-pressure"].levels[3].source},
        ]
    }
    assert written["weekly_goal"] == 5


def test_no_floor_for_the_lower_back_is_the_chair_routine(stretch: Stretch, isolated: Path) -> None:
    result = stretch(
        "start", "--where", "lower-back", "--no-precautions", "--no-ball", "--no-floor",
        "--days", "3", *EVERY,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert routine_line(result.out) == (
        "Routine:     low-back-seated on mon, wed, fri (about 9:26 a session)"
    )


def test_osteoporosis_avoids_flexion_and_rounding_forward(stretch: Stretch, isolated: Path) -> None:
    result = stretch(
        "start", "--where", "upper-back", "--precaution", "osteoporosis", "--no-ball",
        "--floor", "--days", "3", *EVERY,
    )  # fmt: skip
    assert result.code == 0, result.err
    # Every upper-back routine's rhomboid stretch rounds forward; its alternative is the
    # ball, which this person has not got: the chair routine is kept with the rhomboid
    # stretch left out, before the floor routine's loaded rotation on all fours.
    assert routine_line(result.out) == (
        "Routine:     desk-upper-back on mon, wed, fri (about 3:30 a session)"
    )
    assert exercises_line(result.out) == "Exercises:   Chest stretch, Scapular squeeze"
    # Strengthening stays (the Royal Osteoporosis Society's consensus recommends it, and
    # exercise for the back muscles that hold you upright): done sitting tall, no flexion.
    assert "Weekly goal: 5 sessions on 3 days · avoid: flexion · review on 2 Dec 2026" in result.out
    assert (
        "Strength:    strength-upper-back on mon, fri, before the routine (about 6:30 a session)"
        in result.out
    )
    said = " ".join(result.out.split())
    assert (
        "- strengthening kept with osteoporosis, sitting tall, nothing bending forward: for "
        "osteoporosis, strengthening on 2 to 3 days a week and exercise for the back muscles "
        "that hold you upright are recommended (Royal Osteoporosis Society consensus, 2022); "
        "its exercises are done sitting tall. https://bjsm.bmj.com/content/56/15/837 "
    ) in said
    written = plan_file(isolated)
    assert written["avoid"] == ["flexion"]
    left = written["leave_out"]
    # The ball, the rhomboid stretch's alternative, is left out too: with no ball it never
    # comes in another's place (not with `--only`, a second red in a week or the `h` key).
    assert isinstance(left, dict) and list(left) == ["rhomboid-stretch", "ball-pressure"]
    assert written["days"] == {
        "mon": ["strength-upper-back", "desk-upper-back"],
        "wed": "desk-upper-back",
        "fri": ["strength-upper-back", "desk-upper-back"],
    }


def test_osteoporosis_with_a_ball_swaps_the_rhomboid_stretch_for_it(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch(
        "start", "--where", "neck-shoulders", "--precaution", "osteoporosis", "--ball",
        "--floor", "--days", "2", *EVERY,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert routine_line(result.out) == (
        "Routine:     desk-upper-back on mon, thu (about 7:34 a session)"
    )
    assert exercises_line(result.out) == (
        "Exercises:   Chest stretch, Ball pressure on trigger points, Scapular squeeze"
    )


def test_stenosis_avoids_extension_with_the_stenosis_routine(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch(
        "start", "--where", "lower-back", "--precaution", "stenosis", "--no-ball",
        "--floor", "--days", "7", *EVERY,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert routine_line(result.out) == (
        "Routine:     spinal-stenosis on mon, tue, wed, thu, fri, sat, sun (about 10:09 a session)"
    )
    assert plan_file(isolated)["avoid"] == ["extension"]


@pytest.mark.parametrize("where", ["neck-shoulders", "upper-back"])
def test_stenosis_away_from_the_low_back_is_not_said_as_lumbar(
    stretch: Stretch, where: str
) -> None:
    """physiotherapist review 5: stenosis with neck pain was given the lumbar pattern
    ("symptoms usually ease bending forward"); away from the low back it is avoided bending
    backward, with the diagnosing clinician's advice first."""
    result = stretch("start", "--where", where, "--precaution", "stenosis", "--yes")
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    assert "lumbar" not in said
    assert (
        "- avoid extension: nothing that bends the back or neck backward: bending backward "
        "narrows the spinal canal, which stenosis has narrowed already; stenosis in the neck "
        "needs its own advice: ask the clinician who diagnosed it which movements to avoid "
        "before you start."
    ) in said
    lower = stretch("start", "--where", "lower-back", "--precaution", "stenosis", "--yes")
    assert "with lumbar spinal stenosis, symptoms usually ease bending forward" in " ".join(
        lower.out.split()
    )


RECENT_SURGERY = (
    "No plan yet: after recent surgery, ask the clinician who looks after you when you may "
    "start stretching, and what to avoid.\n"
    "When they say you can, run stretch start again and answer yes to cleared.\n"
)


def test_recent_surgery_gives_no_plan_until_a_clinician_clears_it(
    stretch: Stretch, isolated: Path
) -> None:
    args = ("start", "--precaution", "recent-surgery", "--yes")
    result = stretch(*args)
    assert (result.code, result.out, result.err) == (1, RECENT_SURGERY, "")
    assert not (isolated / "config" / "plan.yaml").exists()
    cleared = stretch(*args, "--cleared")
    assert cleared.code == 0, cleared.err
    assert "  - after recent surgery, cleared by your clinician: keep to what they told you" in (
        cleared.out
    )
    assert (isolated / "config" / "plan.yaml").exists()


# --- A red flag: only the advice -------------------------------------------------------------

ADVICE = {
    "emergency": "Emergency: call your emergency number now (999, 911, 112).\n",
    "urgent": (
        "Urgent: get seen today: ask for an urgent appointment with your doctor, or call a "
        "health advice line (NHS 111 in England).\n"
    ),
}
SEE_CLINICIAN = "See a clinician: book an appointment with a doctor or physiotherapist.\n"
NO_PLAN = (
    "No plan was made: these signs need a clinician before any stretching plan. See stretch "
    "safety for all of them.\n"
)


@pytest.mark.parametrize("level", list(FLAGS))
def test_a_red_flag_gives_only_the_advice_at_its_urgency(
    stretch: Stretch, isolated: Path, level: str
) -> None:
    """No plan, at any urgency, exits 1 (as every refusal of the project does): a script
    `stretch start ... && stretch remind on` does not go on as if a plan were made."""
    result = stretch("start", "--red-flag", level, "--precaution", "osteoporosis", "--yes")
    assert (result.code, result.out, result.err) == (1, ADVICE[level] + NO_PLAN, "")
    assert not (isolated / "config" / "plan.yaml").exists()


@pytest.mark.parametrize("level", list(FLAGS))
@pytest.mark.parametrize("more", [(), ("--no-precautions", "--ball", "--days", "7"), EVERY[1:]])
def test_a_red_flag_exits_1_whatever_else_is_given(
    stretch: Stretch, isolated: Path, level: str, more: tuple[str, ...]
) -> None:
    result = stretch("start", "--red-flag", level, *more, "--yes")
    assert result.code == 1 and result.out.endswith(NO_PLAN), result.err
    assert not (isolated / "config" / "plan.yaml").exists()


def test_no_routine_fitting_exits_1(stretch: Stretch, isolated: Path) -> None:
    # Lower back with no floor, no chair and no bed: no lower-back routine can be done.
    result = stretch(
        "start", "--where", "lower-back", "--no-red-flags", "--no-precautions", "--no-floor",
        "--no-chair", "--no-bed", "--no-ball", "--no-wall", "--yes",
    )  # fmt: skip
    assert result.code == 1, result.out
    assert result.out.startswith("No plan was made: none of the routines for the lower back")
    assert not (isolated / "config" / "plan.yaml").exists()


def test_the_most_urgent_red_flag_is_the_advice(stretch: Stretch) -> None:
    result = stretch("start", "--red-flag", "urgent", "--red-flag", "emergency", "--yes")
    assert result.out == ADVICE["emergency"] + NO_PLAN


def test_a_red_flag_typed_at_the_conversation_stops_it_there(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch("start", typed="u\nn\ny\n")
    assert result.code == 1, result.err
    assert result.out.endswith(
        "Does any of these apply to you now? [y/n] " + ADVICE["urgent"] + NO_PLAN
    )
    assert "Have you been told" not in result.out  # nothing more is asked
    assert not (isolated / "config" / "plan.yaml").exists()


# --- The conversation ------------------------------------------------------------------------


def test_enter_takes_every_default(stretch: Stretch, isolated: Path) -> None:
    """Enter takes every default but the warning signs', which need a y or an n (the two
    groups, pain that has lasted, pain between the shoulder blades); a bed is not asked
    about for the upper back (no routine for it is done on one)."""
    result = stretch("start", typed="\nn\nn\nn\nn\n" + "\n" * 20)
    assert result.code == 0, result.err
    prompts = [
        "Where does it hurt most? u upper back, n neck and shoulders, l lower back [U/n/l] ",
        "Does any of these apply to you now? [y/n] ",
        "Does any of these apply to you now? [y/n] ",
        "Does this apply to you now? [y/n] ",
        "Is the pain at the top of your back, between the shoulder blades? [y/n] ",
        "Have you been told you have osteoporosis (thin, fragile bones)? [y/N] ",
        "Do you take blood thinners, or bruise or bleed easily? [y/N] ",
        "Have you had surgery in the last few months? [y/N] ",
        "Have you been told you have spinal stenosis? [y/N] ",
        "Can you get down to the floor and back up, with room? [Y/n] ",
        "A steady chair without wheels, such as a kitchen chair? [Y/n] ",
        "A tennis ball? [y/N] ",
        "A clear stretch of wall to lean on? [Y/n] ",
        "A mat, or a thick blanket, for the floor? [Y/n] ",
        "A resistance band (an exercise band)? [y/N] ",
        "Minutes a day (1-60) [10] ",
        "Days a week (1-7) [3] ",
    ]
    position = 0
    for prompt in prompts:
        found = result.out.find(prompt, position)
        assert found >= position, prompt
        position = found + len(prompt)
    assert result.out.count("Does any of these apply to you now?") == 2
    assert "A bed" not in result.out and "Please press" not in result.out
    # About 5 minutes of stretches and 6:30 of strengthening (the squeeze once) fit 10
    # minutes on one day: stretching keeps all three days, strengthening comes first on two.
    assert routine_line(result.out) == (
        "Routine:     desk-upper-back on mon, wed, fri (about 4:49 a session)"
    )
    assert (
        "Strength:    strength-upper-back on mon, fri, before the routine (about 6:30 a session)"
        in result.out
    )
    assert f"Your plan is written to {isolated / 'config' / 'plan.yaml'}." in result.out


def test_keys_typed_make_the_plan_they_say(stretch: Stretch, isolated: Path) -> None:
    # lower back; no red flags; no pain between the shoulder blades; stenosis only; no
    # floor; chair, no bed, (no ball asked?), wall; (mat not asked without the floor); 15
    # minutes; 4 days.
    typed = "l\nn\nn\nn\nn\nn\nn\nn\ny\nn\n\nn\nn\n\n15\n4\n"
    result = stretch("start", typed=typed)
    assert result.code == 0, result.err
    assert "A mat, or a thick blanket" not in result.out  # no floor: not asked
    assert routine_line(result.out) == (
        "Routine:     low-back-seated on mon, tue, thu, fri (about 9:26 a session)"
    )
    assert "avoid: extension" in result.out
    written = plan_file(isolated)
    assert written["avoid"] == ["extension"] and written["weekly_goal"] == 4


def test_a_wrong_key_is_asked_again_and_options_are_not_asked(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch(
        "start", "--where", "upper-back", "--no-red-flags", "--no-precautions",
        "--floor", "--chair", "--no-bed", "--no-ball", "--wall", "--mat", "--no-band",
        "--days", "2", "--shoulder-blades", "no", typed="x\n12\n",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith(
        "A few questions to make your plan. Enter takes the answer in capitals.\n\n"
        "Minutes a day (1-60) [10] Please type a whole number from 1 to 60.\n"
        "Minutes a day (1-60) [10] "
    )
    assert "Where does it hurt" not in result.out


def test_the_input_ending_writes_nothing(stretch: Stretch, isolated: Path) -> None:
    result = stretch("start", typed="u\n")
    assert result.code == 1
    assert result.err == "stretch: no answer: the input ended (nothing was written)\n"
    assert not (isolated / "config" / "plan.yaml").exists()


# --- Scripts -------------------------------------------------------------------------------


def test_the_options_answer_everything_with_yes(stretch: Stretch, isolated: Path) -> None:
    result = stretch(
        "start", "--where", "upper-back", "--precaution", "osteoporosis", "--no-floor",
        "--minutes", "10", "--days", "5", "--yes",
    )  # fmt: skip
    # Osteoporosis and no floor, without a ball: the desk routine without its rhomboid
    # stretch (it bends forward; its alternative, the ball, is not to hand), and the seated
    # strengthening the Royal Osteoporosis Society's consensus recommends. (This was "no
    # plan" before plans could leave an exercise out.)
    assert result.code == 0, result.err
    assert routine_line(result.out) == (
        "Routine:     desk-upper-back on mon, wed, fri (about 3:30 a session)"
    )
    assert exercises_line(result.out) == "Exercises:   Chest stretch, Scapular squeeze"
    assert "Strength:    strength-upper-back on tue, thu (about 6:30 a session)" in result.out
    said = " ".join(result.out.split())
    assert (
        "- Rhomboid stretch left out: flexion is avoided, and its alternative, Ball pressure on "
        "trigger points, needs a ball. (chosen by stretch: no page gives it)"
    ) in said
    assert plan_file(isolated)["leave_out"] == {
        "rhomboid-stretch": "flexion is avoided, and its alternative, Ball pressure on trigger "
        "points, needs a ball",
        "ball-pressure": "needs a ball",
    }
    assert (
        "- Ball pressure on trigger points never in another exercise's place: it needs a ball."
    ) in said
    with_ball = stretch(
        "start", "--where", "upper-back", "--precaution", "osteoporosis", "--no-floor",
        "--ball", "--minutes", "10", "--days", "5", "--yes",
    )  # fmt: skip
    # The rhomboid stretch rounds forward; the ball, its alternative, is in already.
    # Strengthening takes Tuesday and Thursday (osteoporosis keeps it).
    assert routine_line(with_ball.out) == (
        "Routine:     upper-back on mon, wed, fri (about 9:45 a session)"
    )
    assert exercises_line(with_ball.out) == (
        "Exercises:   Scapular squeeze, Seated thoracic rotation, Seated thoracic side "
        "bend, Ball pressure on trigger points"
    )


def test_with_osteoporosis_the_ball_never_climbs_to_lying_on_it(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch(
        "start", "--where", "upper-back", "--precaution", "osteoporosis", "--ball", "--yes"
    )
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    assert (
        "- Ball pressure on trigger points: levels 1 to 4 of 6: its higher levels lie on the "
        "ball on the floor, which presses harder than the wall: with osteoporosis the ball "
        "stays at the wall (chosen: the ball is ruled out with severe osteoporosis, and "
        "stretch does not ask how severe). https://spencermassage.com/risks-of-massage"
    ) in said
    ladder = plan_file(isolated)["ladders"]["ball-pressure"]  # type: ignore[index]
    assert [level.get("variant") for level in ladder] == [None, None, None, None]
    # Without osteoporosis the ball's ladder is the exercise file's, floor levels and all.
    again = stretch("start", "--where", "upper-back", "--no-precautions", "--ball", "--yes")
    assert again.code == 0, again.err
    assert "ball-pressure" not in plan_file(isolated).get("ladders", {})  # type: ignore[operator]


def test_without_a_terminal_the_options_must_answer_everything(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch("start", "--where", "lower-back", "--days", "4")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "stretch: no terminal to ask at: give --no-red-flags (or --red-flag LEVEL, "
        "--lasting-pain ANSWER), "
        "--shoulder-blades ANSWER, --precaution NAME (or --no-precautions), --floor/--no-floor, "
        "--chair/--no-chair, --bed/--no-bed, --ball/--no-ball, --wall/--no-wall, "
        "--mat/--no-mat, --minutes (or --yes to take the defaults)\n"
    )
    assert not (isolated / "config" / "plan.yaml").exists()


def test_every_option_given_needs_no_terminal(stretch: Stretch, isolated: Path) -> None:
    result = stretch(
        "start", "--where", "neck-shoulders", "--no-precautions", "--no-ball", "--floor",
        "--days", "1", *EVERY,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert routine_line(result.out) == "Routine:     desk-upper-back on wed (about 4:49 a session)"


def test_the_plan_before_is_kept_and_the_plan_runs(stretch: Stretch, isolated: Path) -> None:
    assert stretch("start", "--yes").code == 0
    again = stretch("start", "--yes", "--days", "7")
    assert f"The plan before it is kept as {isolated / 'config' / 'plan.previous.yaml'}." in (
        again.out
    )
    assert (isolated / "config" / "plan.previous.yaml").exists()
    shown = stretch("plan")
    assert shown.code == 0, shown.err
    assert "Written by stretch start, from your answers · review on 2 Dec 2026" in shown.out
    ran = stretch("run", "--plain", "--no-pain")
    assert ran.code == 0, ran.err
    assert "stretch: today's plan: desk-upper-back" in ran.err


@pytest.mark.parametrize("width", [40, 60, 80])
def test_start_wraps_at_words_and_keeps_every_address_whole(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = stretch("start", "--precaution", "osteoporosis", "--ball", "--yes")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    for line in lines:
        assert line == line.rstrip()
        if len(line) > width:  # only a word that cannot be broken: an address, a path
            assert len(line.split()) == 1, line
    urls = set(re.findall(r"https?://\S+", result.out))
    assert len(urls) >= 4 and urls <= {line.strip() for line in lines}
    monkeypatch.setenv("COLUMNS", "1000")
    whole = stretch("start", "--precaution", "osteoporosis", "--ball", "--yes").out
    after = whole.index("Routine:")  # the second plan keeps the first: one line more before
    assert " ".join(result.out[result.out.index("Routine:") :].split()) == " ".join(
        whole[after:].split()
    )


def test_the_plan_and_the_questions_wrap_at_words_to_the_terminal(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = stretch("start", "--precaution", "blood-thinners", typed="\nn\nn\nn\nn\n" + "\n" * 20)
    assert result.code == 0, result.err
    for line in result.out.splitlines():
        if "://" not in line and "plan.yaml" not in line and "[" not in line:
            assert len(line) <= 60, line
    assert "  - Numbness or tingling around the genitals or buttocks,\n    pain, " in result.out
    assert "  - no ball pressure: blood thinners (anticoagulant\n    medicines) make " in result.out


def test_the_plan_starts_when_start_writes_it(stretch: Stretch, isolated: Path) -> None:
    result = stretch("start", "--yes", wall=NOW)
    assert result.code == 0, result.err
    history = History(history_path(os.environ), print, lambda: NOW)
    starts = [(c.exercise, c.change, c.level, c.at) for c in level_changes(history)]
    # Monday's strengthening first (the plan's order), then its stretches.
    assert starts == [
        ("chin-tuck", "start", 1, NOW),
        ("scapular-squeeze", "start", 1, NOW),
        ("band-row", "start", 1, NOW),
        ("chest-stretch", "start", 1, NOW),
        ("rhomboid-stretch", "start", 1, NOW),
    ]


@pytest.mark.parametrize(
    "given",
    [
        ("--precaution", "osteoporosis", "--cleared", "--yes"),
        ("--precaution", "osteoporosis", "--cleared"),
        ("--no-precautions", "--cleared"),
        ("--cleared", "--yes"),  # precautions not asked: none
    ],
)
def test_cleared_needs_recent_surgery(
    stretch: Stretch, isolated: Path, given: tuple[str, ...]
) -> None:
    result = stretch("start", *given)
    assert result.code == 2
    assert result.err == (
        "stretch: --cleared is for --precaution recent-surgery "
        "(add --precaution recent-surgery, or leave --cleared out)\n"
    )
    assert not (isolated / "config" / "plan.yaml").exists()


# --- Any answers: nothing ruled out comes back ---------------------------------------------

CATALOG: Catalog = load_catalog([Folder(builtin_dir(), "built-in")])  # the built-ins only
LADDERS = file_ladders(CATALOG.exercises)
TIMING = run_timing(CATALOG, Config())  # the run's own timeline, with the default config
answers = st.builds(
    Answers,
    where=st.sampled_from(AREAS),
    flags=st.just(()),
    precautions=st.frozensets(st.sampled_from(PRECAUTIONS)),
    cleared=st.booleans(),
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
UPRIGHT = ("sitting", "standing")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers)
@example(  # osteoporosis with a ball and the floor: the ball's floor levels are left out
    Answers(
        where="upper-back", flags=(), precautions=frozenset({"osteoporosis"}), cleared=False,
        floor=True, chair=True, bed=False, ball=True, wall=True, mat=True, band=False,
        minutes=10, days=3,
    )
)  # fmt: skip
def test_any_answers_give_a_plan_without_what_they_rule_out(given_: Answers) -> None:
    found = screen(given_, CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING)
    if "recent-surgery" in given_.precautions and not given_.cleared:
        assert isinstance(found, Advice) and found.kind == "surgery"
        return
    if isinstance(found, Advice):
        assert found.kind == "nothing-fits"
        return
    assert isinstance(found, Proposal)
    plan = found.plan()
    avoid = set(found.avoid)
    assert ("flexion" in avoid) == ("osteoporosis" in given_.precautions)
    assert ("extension" in avoid) == ("stenosis" in given_.precautions)
    # Strengthening for the upper back and the neck (osteoporosis too), on two days, unless
    # recent surgery asks for a clinician first, the plan has one day, or there is no chair.
    # With fewer than 4 days it comes first on two stretching days where both fit the
    # minutes; where they do not, stretching keeps ACSM's two days (one strengthening day of
    # 3, none of 2).
    allowed = (
        given_.where != "lower-back"
        and "recent-surgery" not in given_.precautions
        and given_.days >= 2
        and given_.chair
    )
    schedule = found.schedule()
    strength_days = [d for d, r in schedule if r == "strength-upper-back"]
    stretch_days = [d for d, r in schedule if r == found.routine]
    assert len(stretch_days) >= min(2, given_.days)
    assert len(set(strength_days)) == len(strength_days)
    both = [d for d in strength_days if d in stretch_days]
    if found.strength is not None:
        assert allowed
        together = found.strength.together
        assert given_.fits(together) == bool(both) or given_.days >= 4
        assert len(strength_days) == (2 if given_.days >= 4 or both else 1)
        # Strengthening first on a day of both (the muscles warm for the stretches).
        assert all(
            schedule.index((d, found.routine)) > schedule.index((d, found.strength.routine))
            for d in both
        )
    else:
        assert not strength_days
        if allowed:  # 2 days, both kept for stretching: the plan says why
            assert given_.days == 2
            assert "no strengthening yet" in [r.choice for r in found.reasons]
    for name in {r for _, r in found.schedule()}:
        routine = CATALOG.routines[name]
        on_bed = "bed" in (routine.equipment or ())
        # What `stretch run` itself does with the plan's avoid and leave_out, at every level
        # of every ladder.
        steps = {step.exercise for step in routine.steps}
        left = tuple(name for name in found.leave_out if name in steps)
        options = RunOptions(avoid=frozenset(avoid), skip=left)
        session = run_plan(routine, CATALOG.exercises, options)
        if name == found.routine:
            assert [step.exercise.id for step in session.steps] == list(found.exercises)
        for step in session.steps:
            exercise = CATALOG.exercises[step.exercise.id]
            ladder = plan.ladder(exercise.id, LADDERS)
            for number in range(1, ladder.top + 1):
                level = ladder.at(number)
                variant = level.variant or step.exercise.variant
                done = apply_variant(exercise, variant) if variant else exercise
                assert not avoid.intersection(done.movements), (exercise.id, number)
                has_ball = "tennis ball" in done.equipment
                assert not (has_ball and "blood-thinners" in given_.precautions)
                assert not (has_ball and not given_.ball)
                # With osteoporosis the ball stays at the wall: never lying on it.
                lying = done.position not in UPRIGHT
                assert not (has_ball and lying and "osteoporosis" in given_.precautions)
                assert given_.band or "resistance band" not in done.equipment, (name, number)
                if not given_.floor:
                    assert on_bed or done.position in UPRIGHT, (exercise.id, number)
                assert given_.chair or "chair" not in done.equipment
                assert given_.wall or "wall" not in done.equipment
                assert given_.bed or not on_bed
    assert found.weekly_goal == len(schedule) and len(found.days) == given_.days
    # The file it writes is a plan file like any other.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(plan_text(found))
        read = read_plan(path, CATALOG)
    assert read.avoid == found.avoid
    assert read.leave_out == found.leave_out
    assert read.schedule.days == found.schedule()
    assert {
        n: [(v.dose, v.variant) for v in ladder.levels] for n, ladder in read.ladders.items()
    } == {n: [(v.dose, v.variant) for v in ladder.levels] for n, ladder in plan.ladders.items()}
    assert read.review == date.fromordinal(TODAY.toordinal() + 28)


@settings(max_examples=50, deadline=None)
@given(answers, st.lists(st.sampled_from(list(FLAGS)), min_size=1, max_size=3))
def test_any_red_flag_gives_only_advice(given_: Answers, flags: list[str]) -> None:
    from dataclasses import replace

    found = screen(
        replace(given_, flags=tuple(flags)),  # type: ignore[arg-type]
        CATALOG.routines,
        CATALOG.exercises,
        LADDERS,
        TODAY,
        TIMING,
    )
    assert isinstance(found, Advice) and found.kind == "red-flag"
    assert found.lines[1] == NO_PLAN.rstrip("\n")


def test_the_built_in_catalog_is_the_one_tested() -> None:
    assert {"upper-back", "mid-back", "desk-upper-back"} <= set(CATALOG.routines)
    assert not CATALOG.problems


# --- `stretch run` tells a newcomer once ----------------------------------------------------

HINT = "stretch: new here? `stretch start` asks a few questions and makes a plan for you\n"


def test_run_tells_a_newcomer_once_and_runs(stretch: Stretch, isolated: Path) -> None:
    args = ("run", "desk-break", "--plain", "--no-pain")
    first = stretch(*args, typed="", tty=True)
    assert first.code == 0, first.err
    assert first.err.startswith(HINT) and first.err.count("stretch start") == 1
    assert "Desk break" in first.out  # the run went on
    second = stretch(*args, typed="", tty=True)
    assert second.code == 0 and "stretch start" not in second.err


def test_run_with_a_history_or_a_plan_or_no_terminal_says_nothing(
    stretch: Stretch, isolated: Path
) -> None:
    args = ("run", "desk-break", "--plain", "--no-pain")
    piped = stretch(*args)  # a script: not told, and a session in the history now
    assert piped.code == 0 and "stretch start" not in piped.err
    assert "stretch start" not in stretch(*args, typed="", tty=True).err


@pytest.mark.parametrize("blades", ["no", "unchecked"])
def test_run_with_a_plan_says_nothing_about_start(
    stretch: Stretch, isolated: Path, blades: str
) -> None:
    """Nor with a plan that waits for a clinician's check: start was run (review 19, F16)."""
    made = stretch("start", "--where", "upper-back", "--shoulder-blades", blades, "--yes")
    assert made.code == (0 if blades == "no" else 1), made.err
    ran = stretch("run", "desk-break", "--plain", "--no-pain", typed="", tty=True)
    assert ran.code == 0 and "new here" not in ran.err


def test_the_readme_transcript_is_what_start_says(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your first session: stretch start\n", 1)[1]
    block = section.split("```console\n$ stretch start\n", 1)[1].split("```", 1)[0]
    shown = block[block.index("\nRoutine:") :]
    monkeypatch.setenv("COLUMNS", "92")
    typed = "u\nn\nn\nn\ny\ny\n\n\n\n\nn\ny\ny\n\n\n\n5\n"
    saturday = datetime(2026, 12, 5, 9, 0, tzinfo=NOW.tzinfo)
    result = stretch("start", typed=typed, wall=saturday)
    assert result.code == 0, result.err
    out = result.out.replace(str(isolated / "config"), "/home/me/.config/stretch")
    assert out[out.index("\nRoutine:") :] == shown
    # The questions are the ones the transcript shows, each answered (stdin is not echoed).
    for line in block[: block.index("\nRoutine:")].splitlines():
        if "[" in line:
            assert line[: line.index("]") + 1] in out


def test_with_blood_thinners_the_ball_is_ruled_out_for_that_reason(stretch: Stretch) -> None:
    """A ball at hand, and blood thinners: what leaves the ball out is said, not 'needs a ball'."""
    result = stretch(
        *("start", "--where", "upper-back", "--no-red-flags", "--no-bed", "--no-mat"),
        *("--precaution", "osteoporosis", "--precaution", "blood-thinners", "--no-floor"),
        *("--chair", "--wall", "--ball", "--no-band", "--minutes", "10", "--days", "3"),
        *("--shoulder-blades", "no"),
    )
    said = " ".join(result.out.split())
    # The desk routine without its rhomboid stretch (once "no plan": see leave_out).
    assert "Routine: desk-upper-back on mon, wed, fri (about 3:30 a session)" in said
    assert (
        "- Rhomboid stretch left out: flexion is avoided, and its alternative, Ball pressure on "
        "trigger points, presses a ball into the back, which blood thinners rule out."
    ) in said
    assert "needs a ball" not in said


# --- Neck pain: its own warning signs ---------------------------------------------------------


@pytest.mark.parametrize("where", AREAS)
def test_neck_pain_is_asked_about_the_necks_own_warning_signs_first(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """For neck pain each group starts with the neck's signs (NICE CKS neck pain, an NHS MSK
    service, the NHS meningitis page); for the back they are not asked. Every group is
    answered no, so all three are shown."""
    monkeypatch.setenv("COLUMNS", "1000")  # each sign on one line
    key = {"upper-back": "u", "neck-shoulders": "n", "lower-back": "l"}[where]
    result = stretch("start", typed=f"{key}\nn\nn\nn\nn\n" + "\n" * 20)
    assert result.code == 0, result.err
    shown = [line[4:] for line in result.out.splitlines() if line.startswith("  - ")]
    neck = [sign.text for _, signs in safety.RED_FLAGS for sign in signs if sign.neck]
    assert len(neck) == 9
    if where != "neck-shoulders":
        assert not set(neck) & set(shown)
        return
    for urgency, signs in safety.RED_FLAGS:
        group = [s.text for s in signs if s.neck] + [
            s.text for s in signs if not s.neck and s is not safety.SHOULDER_BLADES
        ]
        start = shown.index(group[0])
        assert shown[start : start + len(group)] == group, urgency.name
    said = result.out.index
    assert said("Neck pain with a high temperature and a stiff neck") < said(
        "Chest pain together with back pain"
    )


def test_a_yes_to_a_neck_sign_gives_its_urgency_and_no_plan(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch("start", typed="n\ny\n")
    assert result.code == 1, result.err
    assert "  - Neck pain that started after an injury, such as a car accident, a fall" in (
        result.out
    )
    assert "Emergency: call your emergency number now (999, 911, 112).\n" in result.out
    assert not (isolated / "config" / "plan.yaml").exists()


def test_stretch_safety_lists_the_neck_signs_with_their_pages(stretch: Stretch) -> None:
    record = json.loads(stretch("safety", "--json").out)
    found = {
        text: (group["urgency"], tuple(sources))
        for group in record["red_flags"]
        for text, sources in zip(group["signs"], group["sign_sources"], strict=True)
    }
    assert found["New neck pain before the age of 20 or after 55."] == (
        "Urgent",
        (safety.CKS_NECK,),
    )
    assert found[
        "An electric-shock feeling that runs from your neck down your spine or into your "
        "arms or legs."
    ] == ("Emergency", (safety.NHS_MSK_NECK, safety.CKS_NECK))
    assert {safety.CKS_NECK, safety.NHS_MSK_NECK, safety.NHS_MENINGITIS} <= set(record["sources"])


@pytest.mark.parametrize("ball", ["--ball", "--no-ball", None])
def test_with_blood_thinners_the_ball_routine_is_passed_over_for_them(
    stretch: Stretch, ball: str | None
) -> None:
    """With blood thinners start does not ask about a ball: the routine with ball pressure
    is passed over because of them, whatever is said of a ball, never as 'needs a ball'."""
    result = stretch(
        "start", "--where", "upper-back", "--precaution", "blood-thinners", "--days", "3",
        *EVERY, *([ball] if ball else []), "--yes",
    )  # fmt: skip
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    assert (
        "passed over: upper-back (Ball pressure on trigger points presses a ball into the "
        "back, which blood thinners rule out)."
    ) in said
    assert "needs a ball" not in said


# --- Stand-ins: nothing the answers rule out comes in another's place ------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers, st.sets(st.sampled_from(("flexion", "extension", "rotation", "side-bend"))))
def test_no_stand_in_is_one_the_answers_rule_out(given_: Answers, more: set[str]) -> None:
    """Whatever the plan's routines swap in for an exercise (the person's own --avoid, a
    second red in a week, the `h` key), with --only naming it or not: never the ball for
    someone with no ball or on blood thinners, never the floor for someone who cannot get
    down to it. The plan says so in its leave_out, which every path that picks a stand-in
    keeps."""
    from stretchcli.plan.engine import stand_in
    from stretchcli.plan.fitting import at_level, needs, ruled_out
    from stretchcli.session.today import without_stand_ins

    found = screen(given_, CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING)
    if not isinstance(found, Proposal):
        return
    plan = found.plan()
    shaped = without_stand_ins(CATALOG.exercises, plan)
    for name in {r for _, r in found.schedule()}:
        routine = CATALOG.routines[name]
        on_bed = "bed" in (routine.equipment or ())
        for step in routine.steps:
            exercise = CATALOG.exercises[step.exercise]
            others = [stand_in(exercise, plan, CATALOG.exercises)]
            # The run with the person's own avoided movements, --only naming the step.
            avoid = frozenset({*more, *exercise.movements})
            options = RunOptions(avoid=avoid, only=(step.exercise,))
            session = run_plan(routine, shaped, options)
            others += [s.exercise for s in session.steps if s.exercise.id != step.exercise]
            for other in others:
                if other is None:
                    continue
                base = CATALOG.exercises[other.id]
                out = ruled_out(given_, needs(at_level(base, LADDERS, 1), on_bed))
                assert not out, (name, step.exercise, other.id, out)


@given(answers)
@example(  # review 21, F5: the lower back's routines hold no ball
    Answers(where="lower-back", precautions=frozenset({"stenosis", "blood-thinners"}))
)
def test_a_plan_leaves_out_every_exercise_the_answers_rule_out_for_the_body_whatever_its_routines(
    given_: Answers,
) -> None:
    """Review 21, F5: a lower-back plan with blood thinners held no ball, so it left none
    out, and `stretch run trigger-point-release` pressed one, as a routine named outside the
    plan keeps only what the plan leaves out. Every exercise that presses a ball is left out
    with blood thinners, whatever the plan's routines and whether a ball was said."""
    from stretchcli.plan.fitting import needs

    found = screen(given_, CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING)
    if not isinstance(found, Proposal):
        return
    plan = found.plan()
    pressing = {e.id for e in CATALOG.exercises.values() if "ball" in needs(e, False)}
    assert pressing  # the ball pressure at least
    if "blood-thinners" in given_.precautions:
        assert pressing <= set(plan.leave_out), plan.leave_out
        assert all("blood thinners" in plan.leave_out[e] for e in pressing)


def test_a_routine_named_outside_a_plan_made_with_blood_thinners_never_presses_the_ball(
    stretch: Stretch,
) -> None:
    made = stretch("start", "--where", "lower-back", "--precaution", "stenosis",
                   "--precaution", "blood-thinners", "--floor", "--days", "3", *EVERY)  # fmt: skip
    assert made.code == 0, made.err
    refused = stretch("run", "trigger-point-release", "--json")
    assert (refused.code, refused.out) == (2, ""), refused.err
    assert refused.err.splitlines()[-1] == (
        "stretch: nothing left to do in trigger-point-release (your plan leaves out every "
        "exercise of it: Ball pressure on trigger points (presses a ball into the back, which "
        "blood thinners rule out); run one of your plan's routines, which `stretch plan` lists)"
    )
    run = stretch("run", "upper-back", "--avoid", "flexion", "--json", "--no-pain")
    assert run.code == 0, run.err
    assert '"ball-pressure"' not in run.out
    assert (
        "stretch: your plan leaves out Ball pressure on trigger points (presses a ball into the "
        "back, which blood thinners rule out): upper-back is done without it"
    ) in run.err


# --- The times said are the run's ------------------------------------------------------------

WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _elapsed(out: str) -> float:
    """How long a `stretch run --json` took: its end event's elapsed seconds."""
    events = [json.loads(line) for line in out.splitlines()]
    ends = [event for event in events if event.get("event") == "end"]
    assert len(ends) == 1, out
    return float(ends[0]["elapsed"])


@pytest.mark.parametrize(
    "answers_",
    [
        ("--where", "upper-back", "--precaution", "osteoporosis", "--no-floor", "--no-ball",
         "--days", "5"),
        ("--where", "upper-back", "--no-precautions", "--ball", "--floor", "--days", "3"),
        ("--where", "neck-shoulders", "--no-precautions", "--no-ball", "--days", "3",
         "--minutes", "20"),
        ("--where", "lower-back", "--precaution", "stenosis", "--no-floor", "--days", "2"),
        ("--where", "upper-back", "--precaution", "blood-thinners", "--ball", "--days", "7"),
    ],
)  # fmt: skip
def test_the_time_a_plan_says_is_the_time_its_first_sessions_take(
    stretch: Stretch, isolated: Path, answers_: tuple[str, ...]
) -> None:
    """`about M:SS a session` for each routine of the plan, and the `in all` of a day of
    both, are what `stretch run` then takes on the plan's first days, get-ready and safety
    lines and all (they were about half of it: 1:45 said, 3:33 run)."""
    monday = datetime(2026, 11, 2, 8, 0, tzinfo=NOW.tzinfo)
    made = stretch("start", *answers_, "--yes", wall=monday)
    assert made.code == 0, made.err
    said = " ".join(made.out.split())
    schedule = plan_file(isolated)["days"]
    assert isinstance(schedule, dict)
    timed: set[str] = set()
    for day, routines in schedule.items():
        names = [routines] if isinstance(routines, str) else routines
        at = monday.replace(day=2 + WEEKDAY[day], hour=8)
        total = 0.0
        for number, name in enumerate(names):
            ran = stretch("run", "--json", "--no-pain", wall=at.replace(minute=number * 30))
            assert ran.code == 0, ran.err
            assert f"today's plan: {name}" in ran.err
            seconds = _elapsed(ran.out)
            total += seconds
            # A routine's first session (its cautions said in full), when whole (after
            # strengthening, the stretches leave out what it did)
            first = name not in timed
            timed.add(name)
            if first and number == 0:
                label = "Strength:" if name == "strength-upper-back" else "Routine:"
                line = next(line for line in made.out.splitlines() if line.startswith(label))
                assert f"(about {clock(seconds)} a session)" in line, (day, name)
        if len(names) > 1 and day == next(iter(schedule)):
            assert f"about {clock(total)} in all" in said, said


# --- Pain between the shoulder blades: checked, or the plan waits for the check -------------

WAITING = "plan.after-check.yaml"
CHECK = (
    "Urgent: get seen today: ask for an urgent appointment with your doctor, or call a health "
    "advice line (NHS 111 in England).\n"
    "The NHS asks for this when back pain comes from the top of your back, between the "
    "shoulder blades, and no clinician has checked it: a doctor or physiotherapist can tell "
    "whether it is the muscle pain (knots) this plan is for.\n"
)


@pytest.mark.parametrize("answer", ["no", "checked"])
def test_pain_between_the_shoulder_blades_a_clinician_checked_makes_the_plan(
    stretch: Stretch, isolated: Path, answer: str
) -> None:
    """The knots this tool is for sit between the shoulder blades: checked (and unchanged
    since), or no pain there, the plan is made and started as any other."""
    result = stretch("start", "--shoulder-blades", answer, "--yes")
    assert result.code == 0, result.err
    assert not result.out.startswith("Urgent")
    assert (isolated / "config" / "plan.yaml").exists()
    assert not (isolated / "config" / WAITING).exists()


def test_pain_between_the_shoulder_blades_nobody_checked_keeps_the_nhs_urgency(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The NHS's urgency, as it is (same day), and no plan started: the plan is made for
    after the check, and `stretch plan use` starts it then."""
    monkeypatch.setenv("COLUMNS", "400")  # each line on one line
    result = stretch("start", "--shoulder-blades", "unchecked", "--yes")
    assert result.code == 1, result.err
    waiting = isolated / "config" / WAITING
    assert result.out == (
        CHECK + f"\nA plan is made for after that check, and waits: {waiting}.\n"
        f"Once a clinician has checked the pain, start it with: stretch plan use {waiting}\n"
    )  # the NHS's advice and where the plan waits: nothing else, not the plan itself
    assert not (isolated / "config" / "plan.yaml").exists()
    assert stretch("plan").code == 1  # nothing started
    written = yaml.safe_load(waiting.read_text())
    assert written["notes"][0] == (
        "Made before a clinician checked the pain between your shoulder blades: start it once "
        "one has, and follow what they say first."
    )
    adopted = stretch("plan", "use", str(waiting))
    assert adopted.code == 0, adopted.err
    assert stretch("plan").code == 0


@pytest.mark.parametrize("weeks", [0, 3, 6, 30])
def test_the_plan_that_waited_for_the_check_gets_its_weeks_from_the_day_it_starts(
    stretch: Stretch, isolated: Path, weeks: int
) -> None:
    """Review 22, F4: the waiting plan kept the review date of the day `start` wrote it, so
    adopted six weeks later its review was due at once, and `plan use` warned of a date past.
    Its review date is the day it is adopted, plus the weeks `start` gives every plan."""
    from stretchcli.plan.reasons import REVIEW_DAYS
    from stretchcli.text import full_date

    written = NOW.astimezone()
    assert stretch("start", "--shoulder-blades", "unchecked", "--yes", wall=written).code == 1
    waiting = isolated / "config" / WAITING
    assert yaml.safe_load(waiting.read_text())["review"] == str(
        written.date() + timedelta(days=REVIEW_DAYS)
    )
    checked = written + timedelta(weeks=weeks)
    adopted = stretch("plan", "use", str(waiting), wall=checked)
    review = checked.date() + timedelta(days=REVIEW_DAYS)
    assert (adopted.code, adopted.err) == (
        0,
        "stretch: the plan that waited for a clinician's check is your plan now; its review "
        f"date is {full_date(review)}, 4 weeks from today\n",
    )
    kept = yaml.safe_load((isolated / "config" / "plan.yaml").read_text())
    assert kept["review"] == str(review)
    # Its notes say one date, and that it started (review 23, F1: the old date, and "start
    # it once one has", after it had started).
    old = full_date(written.date() + timedelta(days=REVIEW_DAYS))
    notes = " ".join(kept["notes"])
    assert f"a review on {full_date(review)}," in notes
    assert f"a review on {old}," not in notes or old == full_date(review)
    assert "start it once one has" not in notes
    assert kept["notes"][0] == (
        f"Started on {full_date(checked.date())}, after a clinician's check of the pain between "
        "your shoulder blades: follow what they say first."
    )
    shown = stretch("plan", "--json", wall=checked)
    assert json.loads(shown.out)["review"] == str(review)
    assert "review date" not in stretch("plan", wall=checked).out


def test_a_plan_someone_else_wrote_keeps_its_review_date_when_adopted(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """Only the plan `start` left waiting has its date moved: a clinician's date is theirs,
    and one already past is still said when it is adopted."""
    written = NOW.astimezone()
    assert stretch("start", "--shoulder-blades", "unchecked", "--yes", wall=written).code == 1
    waiting = isolated / "config" / WAITING
    theirs = waiting.read_text().replace(
        "written_by: stretch start, from your answers", "written_by: Dr Physio"
    )
    assert theirs != waiting.read_text()
    waiting.write_text(theirs)
    later = written + timedelta(weeks=6)
    adopted = stretch("plan", "use", str(waiting), wall=later)
    assert adopted.code == 0, adopted.err
    assert "review" in adopted.err  # the date past, named where it is
    kept = yaml.safe_load((isolated / "config" / "plan.yaml").read_text())["review"]
    assert kept == yaml.safe_load(theirs)["review"]


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("n\n", "no"), ("y\ny\n", "checked"), ("y\nn\n", "unchecked"), ("y\n\nn\n", "unchecked")],
)
def test_the_conversation_asks_about_the_shoulder_blades_on_their_own(
    stretch: Stretch, isolated: Path, typed: str, answer: str
) -> None:
    """After the warning signs (none of which is this one now), two yes/no questions; Enter
    is no answer to either, as to every warning sign: it asks again."""
    result = stretch("start", typed="u\nn\nn\nn\n" + typed + "\n" * 20)
    assert "Is the pain at the top of your back, between the shoulder blades? [y/n] " in result.out
    checked = (
        "Has a doctor or physiotherapist checked that pain, and it has not changed since? [y/n] "
    )
    assert (checked in result.out) == typed.startswith("y")
    shown = [line[4:] for line in result.out.splitlines() if line.startswith("  - ")]
    assert not [line for line in shown if "between the shoulder blades" in line]
    assert (result.code, (isolated / "config" / WAITING).exists()) == (
        (1, True) if answer == "unchecked" else (0, False)
    )
    assert result.out.count("Urgent: get seen today") == (answer == "unchecked")


def test_stretch_safety_still_lists_the_shoulder_blades_at_the_nhs_urgency(
    stretch: Stretch,
) -> None:
    record = json.loads(stretch("safety", "--json").out)
    urgent = next(group for group in record["red_flags"] if group["urgency"] == "Urgent")
    assert safety.SHOULDER_BLADES.text in urgent["signs"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers, st.sampled_from(SHOULDER_BLADES))
def test_only_unchecked_pain_between_the_shoulder_blades_makes_the_plan_wait(
    given_: Answers, answer: str
) -> None:
    from dataclasses import replace

    found = screen(
        replace(given_, shoulder_blades=answer),  # type: ignore[arg-type]
        CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING,
    )  # fmt: skip
    plain = screen(given_, CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING)
    if isinstance(plain, Advice):
        assert found == plain  # nothing else changes: no plan either way
        return
    assert isinstance(found, Proposal)
    assert found.check_first == (answer == "unchecked")
    assert (found.schedule(), found.exercises) == (plain.schedule(), plain.exercises)


def test_each_group_of_warning_signs_says_how_urgent_it_is(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group of signs came with no word of what to do if one applies: each is under its
    level, as `stretch safety` has it, before the question about it."""
    from stretchcli import safety

    monkeypatch.setenv("COLUMNS", "1000")
    out = stretch("start", typed="u\nn\nn\nn\n").out
    at = 0
    for urgency, signs in safety.asked(neck=False):
        heading = f"{urgency.name.upper()}: {urgency.action}.\n  - {signs[0].text}\n"
        assert heading in out[at:], heading
        at = out.index(heading, at) + len(heading)


def test_a_variant_the_plans_own_ladder_never_does_is_refused_in_it_and_outside_it(
    stretch: Stretch,
) -> None:
    """Review 22, F1: with osteoporosis the plan keeps the ball at the wall (its own ladder),
    and `--variant ball-pressure=floor` lay on the ball, in the plan's routine and outside."""
    made = stretch("start", "--where", "upper-back", "--precaution", "osteoporosis", "--ball",
                   "--floor", "--days", "3", *EVERY)  # fmt: skip
    assert made.code == 0, made.err
    for routine in ("upper-back", "trigger-point-release"):
        refused = stretch("run", routine, "--variant", "ball-pressure=floor", "--json")
        assert (refused.code, refused.out) == (2, ""), refused.err
        assert refused.err == (
            "stretch: --variant: your plan's own levels of Ball pressure on trigger points never "
            "do it as its floor variant (show `stretch plan` to a clinician to change that, or "
            "run `stretch start` again if your answers have changed)\n"
        )
    kept = stretch("run", "desk-upper-back", "--variant", "rhomboid-stretch=long-sitting",
                   "--json", "--no-pain")  # fmt: skip
    assert kept.code == 0, kept.err  # no ladder of the plan's own: any variant of the file's


def _lies_on_the_ball(out: str) -> bool:
    """Whether a `--json` run did the ball on the floor (its get-ready lies you down)."""
    return any(
        e["event"] == "phase"
        and e["exercise"] == "ball-pressure"
        and "Lie on your back" in str(e["cue"])
        for e in map(json.loads, out.splitlines())
    )


def test_a_routine_files_variant_the_plans_own_ladder_never_does_is_done_its_way(
    stretch: Stretch, isolated: Path
) -> None:
    """Attack 19, H1: `--variant ball-pressure=floor` was refused under a plan that keeps
    the ball at the wall (osteoporosis), but a routine file whose step says `variant: floor`
    lay on the ball: a routine of one's own, and one's own copy of upper-back, the plan's.
    The step is done as the plan's levels do it, as every exercise of the plan's routines
    is, and outside the plan the run says so."""
    before = stretch("run", "trigger-point-release", "--variant", "ball-pressure=floor",
                     "--json", "--no-pain")  # fmt: skip
    assert before.code == 0 and _lies_on_the_ball(before.out), "the check finds the floor"
    made = stretch("start", "--where", "upper-back", "--precaution", "osteoporosis", "--ball",
                   "--floor", "--days", "3", *EVERY)  # fmt: skip
    assert made.code == 0, made.err
    folder = isolated / "config" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "myball.yaml").write_text(
        "name: My ball\nsummary: Ball on the floor.\nsteps:\n"
        "  - exercise: ball-pressure\n    variant: floor\n",
        encoding="utf-8",
    )
    builtin = (BUILTIN / "upper-back.yaml").read_text(encoding="utf-8")
    assert "  - exercise: ball-pressure\n" in builtin
    (folder / "upper-back.yaml").write_text(
        builtin.replace(
            "  - exercise: ball-pressure\n", "  - exercise: ball-pressure\n    variant: floor\n"
        ),
        encoding="utf-8",
    )
    for routine in ("myball", "upper-back"):
        run = stretch("run", routine, "--only", "ball-pressure", "--json", "--no-pain")
        assert run.code == 0, run.err
        assert not _lies_on_the_ball(run.out), routine
        said = (  # outside the plan, where the file's own way is what a run does
            "stretch: myball does Ball pressure on trigger points as its floor variant, which "
            "your plan's own levels never do: it is done as they do"
        )
        assert (said in run.err.splitlines()) == (routine == "myball"), run.err
    plain = stretch("run", "myball", "--json", "--no-pain")
    assert plain.code == 0 and not _lies_on_the_ball(plain.out)
    again = stretch("again", "--json", "--no-pain")
    assert again.code == 0 and not _lies_on_the_ball(again.out), again.err


def test_with_blood_thinners_a_ball_exercise_added_after_the_plan_is_left_out_too(
    stretch: Stretch, isolated: Path
) -> None:
    """Attack 19, H6: the plan left out the ball exercises there were when `start` made it;
    one made since (`stretch new knot-ball --exercise --from ball-pressure`) pressed the
    ball in a routine of one's own, until `start` was run again."""
    made = stretch("start", "--where", "upper-back", "--precaution", "blood-thinners",
                   "--floor", "--days", "3", *EVERY)  # fmt: skip
    assert made.code == 0, made.err
    assert stretch("new", "knot-ball", "--exercise", "--from", "ball-pressure").code == 0
    folder = isolated / "config" / "routines"
    (folder / "knots.yaml").write_text(
        "name: Knots\nsummary: Ball on the knots.\nsteps:\n  - exercise: knot-ball\n"
        "  - exercise: chin-tuck\n",
        encoding="utf-8",
    )
    run = stretch("run", "knots", "--json", "--no-pain")
    assert run.code == 0, run.err
    assert "knot-ball" not in holds(run.out) and "chin-tuck" in holds(run.out)
    assert "presses a ball into the back, which blood thinners rule out" in run.err
    only = stretch("run", "knots", "--only", "knot-ball", "--json", "--no-pain")
    assert (only.code, only.out) == (2, "")
    shown = json.loads(stretch("plan", "--json").out)
    assert "knot-ball" in json.dumps(shown)


@pytest.mark.parametrize(
    "answers",
    [
        ("--where", "lower-back"),
        ("--where", "upper-back", "--days", "1"),
        ("--where", "upper-back", "--no-chair"),
        ("--where", "upper-back"),
        ("--where", "neck"),
    ],
)
def test_with_osteoporosis_every_plan_says_to_check_with_a_gp_once(
    stretch: Stretch, answers: tuple[str, ...]
) -> None:
    """Attack 20, A4: only a plan with strengthening said to check with a GP first."""
    made = stretch("start", *answers, "--precaution", "osteoporosis", *EVERY, "--yes")
    assert made.code == 0, made.err
    said = " ".join(made.out.split())
    gp = "If you have not yet, check with your GP that a new exercise programme suits you (NHS)."
    assert said.count(gp) == 1, said


def _ball_plan(stretch: Stretch) -> None:
    made = stretch("start", "--where", "upper-back", "--precaution", "blood-thinners",
                   "--floor", "--days", "3", *EVERY)  # fmt: skip
    assert made.code == 0, made.err


def _own_exercise(folder: Path, equipment: str, variants: str = "") -> None:
    (folder / "exercises").mkdir(parents=True, exist_ok=True)
    (folder / "exercises" / "lean.yaml").write_text(
        "name: Lean\nsummary: Lean back on it.\nsides: none\nhold: 5\nreps: 2\n"
        f"equipment: [{equipment}]\n"
        "instructions: [Stand with your back to the wall., Lean back gently.]\n"
        f"cautions: [Stop if it hurts.]\n{variants}",
        encoding="utf-8",
    )


def _run_leans(stretch: Stretch, isolated: Path, equipment: str) -> Result:
    """A run of a routine of one's own: a lean with `equipment`, then the chin tuck."""
    folder = isolated / "config" / "routines"
    _own_exercise(folder, equipment)
    return _run_the_leans(stretch, folder)


def _run_the_leans(stretch: Stretch, folder: Path) -> Result:
    """A run of a routine of one's own in `folder`: the lean written there, then the chin
    tuck."""
    (folder / "leans.yaml").write_text(
        "name: Leans\nsummary: s\nsteps:\n  - lean\n  - chin-tuck\n", encoding="utf-8"
    )
    run = stretch("run", "leans", "--json", "--no-pain")
    assert run.code == 0, run.err
    return run


@pytest.mark.parametrize(
    "equipment",
    ["ball", "tennis ball", "massage ball", "Lacrosse Ball", "spiky ball", "tennis balls",
     "balls", "spikyball", "a ball, against a wall", "ball_massager", "\uff22\uff21\uff2c\uff2c",
     # attack 21, B1: another language, a word it starts, a Cyrillic a drawn as a Latin one
     "balle de tennis", "Massageb\u00e4lle", "ballmassager", "Ballen", "b\u0430ll",
     "chair and b\u0430ll"],
)  # fmt: skip
def test_with_blood_thinners_an_exercise_with_any_ball_is_left_out(
    stretch: Stretch, isolated: Path, equipment: str
) -> None:
    """Attack 20, A1: an exercise of one's own with a `massage ball` (any name but `ball`
    and `tennis ball`) was coached: "Pick up your massage ball"."""
    _ball_plan(stretch)
    run = _run_leans(stretch, isolated, equipment)
    assert "lean" not in holds(run.out) and "chin-tuck" in holds(run.out)
    assert "Lean (presses a ball into the back, which blood thinners rule out)" in run.err


@pytest.mark.parametrize(
    ("equipment", "kept"),
    [
        ("pelota", False),  # a ball in Spanish
        ("foam roller", False),  # presses as a ball does
        ("w\u0430ll", True),  # a Cyrillic a: read as "wall", a known thing
        ("\u0440\u0435\u0434", False),  # nothing Latin at all
        ("dining chair", True),
        ("towel", True),
        # attack 22, C1: a known word beside the unknown one let it through
        ("foam roller on the floor", False),
        ("pelota against a wall", False),
        ("foam roller (or a towel)", False),
        ("acupressure mat", False),
        ("a rolled towel against the wall", True),
        ("two steady kitchen chairs", True),
        # verify 26, N8: ordinary things, left out
        ("a chair's seat", True),
        ("wheelchair", True),
        ("sturdy chair (no wheels)", True),
        ("wall or door frame", True),
        ("resistance band", True),
        ("yoga mat", True),
    ],
)
def test_with_blood_thinners_equipment_stretch_cannot_tell_from_a_ball_is_left_out(
    stretch: Stretch, isolated: Path, equipment: str, kept: bool
) -> None:
    """Attack 21, B1: no list of words for a ball is whole (a "pelota", a "foam roller"):
    with blood thinners, equipment that names nothing stretch knows is left out, and why is
    said; what it knows is done."""
    _ball_plan(stretch)
    run = _run_leans(stretch, isolated, equipment)
    assert ("lean" in holds(run.out)) == kept
    said = "which stretch cannot tell from a ball pressed into the back, and blood thinners"
    assert (said in run.err) == (not kept)


def test_every_built_in_exercise_names_only_things_stretch_knows() -> None:
    """So that blood thinners leave out a built-in exercise only for its ball (by its
    equipment, its figure or its words)."""
    from stretchcli.plan.equipment import unknown_word
    from stretchcli.plan.fitting import PRESSED, every_ball_left_out, ways
    from stretchcli.plan.model import Plan, Schedule
    from stretchcli.plan.rules import DEFAULT_RULES

    unknown = {
        (ident, item)
        for ident, exercise in CATALOG.exercises.items()
        for way in ways(exercise)
        for item in way.equipment
        if unknown_word(item)
    }
    assert unknown == set()
    plan = Plan(Schedule(), DEFAULT_RULES, leave_out={"x": PRESSED})  # one for blood thinners
    ruled = every_ball_left_out(plan, CATALOG.exercises)
    assert set(ruled.leave_out) - {"x"} == {"ball-pressure"}  # and none for its words


@pytest.mark.parametrize("where", ["summary", "instructions", "name"])
def test_with_blood_thinners_an_exercise_whose_words_name_a_ball_is_left_out(
    stretch: Stretch, isolated: Path, where: str
) -> None:
    """Attack 22, C2: with no equipment listed, "put a tennis ball between your back and the
    wall" was coached."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    (folder / "exercises").mkdir(parents=True)
    words = {"name": "Lean", "summary": "Lean back.", "instructions": "[Sit tall.]"}
    words[where] = {
        "name": "Tennis-ball lean",
        "summary": "Lean on a tennis ball.",
        "instructions": "[Put a tennis ball between your back and the wall.]",
    }[where]
    (folder / "exercises" / "lean.yaml").write_text(
        f"name: {words['name']}\nsummary: {words['summary']}\nsides: none\nhold: 5\nreps: 2\n"
        f"instructions: {words['instructions']}\ncautions: [Stop if it hurts.]\n",
        encoding="utf-8",
    )
    run = _run_the_leans(stretch, folder)
    assert "lean" not in holds(run.out) and "chin-tuck" in holds(run.out)
    line = {"name": "Tennis-ball lean", "summary": "Lean on a tennis ball."}.get(
        where, "Put a tennis ball between your back and the wall."
    )
    # the line that names it, and what to do (verify 27, NEW-4)
    assert (
        f"(presses a ball into the back, which blood thinners rule out: it says '{line}'; "
        "if it presses nothing, reword that)"
    ) in run.err


@pytest.mark.parametrize(
    "more",
    [
        "cues: {hold: Press the ball into your shoulder blade.}\n",
        "cautions: [Keep the ball off your spine.]\n",
        "variants:\n  firm: {cues: {hold: Press the ball into your back.}}\n",
        "variants:\n  firm: {instructions: [Lean on a tennis b\u0251ll.]}\n",  # a Latin alpha
    ],
)
def test_with_blood_thinners_a_ball_in_any_words_of_an_exercise_leaves_it_out(
    stretch: Stretch, isolated: Path, more: str
) -> None:
    """Verify 26, N1: its cues, its cautions and a variant's cues were said as they were."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    (folder / "exercises").mkdir(parents=True)
    cautions = "" if more.startswith("cautions") else "cautions: [Easy.]\n"
    (folder / "exercises" / "lean.yaml").write_text(
        "name: Lean\nsummary: Lean back.\nsides: none\nhold: 5\nreps: 2\n"
        f"instructions: [Sit tall.]\n{cautions}{more}",
        encoding="utf-8",
    )
    run = _run_the_leans(stretch, folder)
    assert "lean" not in holds(run.out) and "chin-tuck" in holds(run.out)
    assert "presses a ball into the back, which blood thinners rule out" in run.err


REFUSED_ROUTINE = (
    "; with blood thinners, a routine of your own that names one is not run: reword that, "
    "or run one of your plan's routines, which `stretch plan` lists)\n"
)


@pytest.mark.parametrize(
    ("routine", "why"),
    [
        ("equipment: [tennis ball, wall]\n", "its equipment names a ball ('tennis ball')"),
        (
            "equipment: [pelota]\n",
            "its equipment, 'pelota', names 'pelota', which stretch cannot tell from a ball",
        ),
        (
            "cautions: [Keep the ball off the spine.]\n",
            "its cautions name a ball ('Keep the ball off the spine.')",
        ),
        (
            "steps:\n  - exercise: chin-tuck\n    cautions: [Press the ball gently.]\n",
            "its cautions name a ball ('Press the ball gently.')",
        ),
        (  # verify 28, M3: its name and summary were not read
            "cautions: [Lean on a tennis ball throughout.]\n",
            "its cautions name a ball ('Lean on a tennis ball throughout.')",
        ),
    ],
)
def test_with_blood_thinners_a_routine_that_names_a_ball_itself_is_not_run(
    stretch: Stretch, isolated: Path, routine: str, why: str
) -> None:
    """Verify 26, N2: "You will need: tennis ball" and "Press the ball gently" were said, the
    routine's exercises pressing nothing. Verify 27, NEW-3 and NEW-8: it is said once, for
    the routine, with the words that name the ball and what to do."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    steps = "" if routine.startswith("steps") else "steps:\n  - chin-tuck\n"
    (folder / "mine.yaml").write_text(f"name: Mine\nsummary: s\n{routine}{steps}")
    run = stretch("run", "mine", "--json", "--no-pain")
    assert run.code == 2 and run.out == ""
    assert run.err.endswith(f"stretch: nothing left to do in mine ({why}{REFUSED_ROUTINE}")
    named = "name: Ball release\nsummary: s\nsteps:\n  - chin-tuck\n"  # (verify 28, M3)
    (folder / "mine.yaml").write_text(named)
    run = stretch("run", "mine", "--json", "--no-pain")
    said = "its name or summary names a ball ('Ball release')"
    assert run.err.endswith(f"stretch: nothing left to do in mine ({said}{REFUSED_ROUTINE}")


def test_with_blood_thinners_an_exercise_of_ones_own_says_to_press_nothing(
    stretch: Stretch, isolated: Path
) -> None:
    """Verify 26, N3: words can name a ball in ways stretch does not read ("pelota", "мяч"):
    every exercise of one's own says at its get-ready to press nothing; the built-in ones,
    checked, do not."""
    from stretchcli.plan.fitting import own_pressed

    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _own_exercise(folder, "chair")
    (folder / "exercises" / "sway.yaml").write_text(
        (folder / "exercises" / "lean.yaml").read_text().replace("name: Lean", "name: Sway")
    )
    (folder / "leans.yaml").write_text(
        "name: Leans\nsummary: s\nsteps:\n  - lean\n  - chin-tuck\n  - sway\n"
    )
    for brief in ([], ["--brief"]):  # verify 27, NEW-1: brief coaching dropped it
        run = stretch("run", "leans", "--json", "--no-pain", *brief)
        assert run.code == 0, run.err
        phases = [e for e in map(json.loads, run.out.splitlines()) if e.get("kind") == "prepare"]
        said = {e["exercise"]: " ".join(u["text"] for u in e["spoken"]) for e in phases}
        shown = {e["exercise"]: e["caution"] or "" for e in phases}
        for name, exercise in (("lean", "Lean"), ("sway", "Sway")):  # each (NEW-2)
            line = own_pressed(exercise).split(". ")[0]  # (what was heard is not said twice)
            assert own_pressed(exercise) in shown[name]
            assert line in said[name]  # in brief coaching too (verify 28, M4)
        assert "blood thinners" not in said["chin-tuck"] + shown["chin-tuck"]


def test_without_blood_thinners_equipment_stretch_does_not_know_is_done(
    stretch: Stretch, isolated: Path
) -> None:
    made = stretch("start", "--where", "upper-back", "--no-precautions", "--ball", "--floor",
                   "--days", "3", *EVERY)  # fmt: skip
    assert made.code == 0, made.err
    run = _run_leans(stretch, isolated, "pelota")
    assert "lean" in holds(run.out) and "blood thinners" not in run.out


@pytest.mark.parametrize("chosen", ["file", "flag"])
def test_with_blood_thinners_an_exercise_a_variant_of_which_uses_a_ball_is_left_out(
    stretch: Stretch, isolated: Path, chosen: str
) -> None:
    """Attack 20, A2: a wall exercise of one's own with a ball variant pressed the ball,
    chosen by the routine's `variant:` or by `--variant`."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _own_exercise(folder, "wall", "variants:\n  balled: {equipment: [ball]}\n")
    step = "  - exercise: lean\n    variant: balled\n" if chosen == "file" else "  - lean\n"
    (folder / "leans.yaml").write_text(
        f"name: Leans\nsummary: s\nsteps:\n{step}  - chin-tuck\n", encoding="utf-8"
    )
    flags = ["--variant", "lean=balled"] if chosen == "flag" else []
    run = stretch("run", "leans", *flags, "--json", "--no-pain")
    assert run.code == (0 if chosen == "file" else 2), run.err
    assert "Pick up your ball" not in run.out
    assert "a variant of it presses a ball into the back, which blood thinners rule out" in (
        run.err
    )


def test_the_waiting_plan_a_clinician_changed_starts_as_the_waiting_plan(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """Review 23, F7: the clinician changed one line of the waiting plan and handed it back;
    adopted, it was told the pain was never checked, and its review date, long past, was due
    on its first day."""
    from stretchcli.plan.reasons import REVIEW_DAYS
    from stretchcli.text import full_date

    written = NOW.astimezone()
    assert stretch("start", "--shoulder-blades", "unchecked", "--yes", wall=written).code == 1
    waiting = isolated / "config" / WAITING
    changed = tmp_path / "from-the-physio.yaml"
    text = waiting.read_text()
    assert "weekly_goal: " in text
    changed.write_text(text.replace("weekly_goal: ", "# one fewer\nweekly_goal: ", 1))
    checked = written + timedelta(weeks=6)
    adopted = stretch("plan", "use", str(changed), wall=checked)
    assert adopted.code == 0, adopted.err
    review = checked.date() + timedelta(days=REVIEW_DAYS)
    assert "nobody has checked" not in adopted.err and "already passed" not in adopted.err
    assert f"its review date is {full_date(review)}" in adopted.err
    kept = yaml.safe_load((isolated / "config" / "plan.yaml").read_text())
    assert kept["review"] == str(review)
    assert f"a review on {full_date(review)}," in " ".join(kept["notes"])
    assert not waiting.exists()


@pytest.mark.parametrize(
    ("equipment", "picked"),
    [
        ("a wall", None),
        ("the floor", None),
        ("two chairs", None),
        ("doorway", None),
        ("a rolled towel", "Pick up your rolled towel."),
        ("Resistance band", "Pick up your Resistance band."),
    ],
)
def test_what_is_there_already_is_never_to_be_picked_up(
    stretch: Stretch, isolated: Path, equipment: str, picked: str | None
) -> None:
    """Verify 26, N11: "Pick up your a wall", "Pick up your the floor and two chairs"."""
    run = _run_leans(stretch, isolated, equipment)
    said = [
        " ".join(u["text"] for u in e["spoken"])
        for e in map(json.loads, run.out.splitlines())
        if e.get("kind") == "prepare" and e["exercise"] == "lean"
    ]
    assert ("Pick up your" in said[0]) == (picked is not None), said
    if picked is not None:
        assert picked in said[0]
