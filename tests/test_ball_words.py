"""With blood thinners, what names a ball (verify 27, NEW-3, NEW-4, NEW-5): a word with
"ball" in it, however written, but not the words that name none (a balloon, an eyeball, a
ballroom, football), a ball of the body (the balls of the feet, a ball-and-socket joint), a
line that says no ball is used, or a step named by its id. Where a routine of one's own is
not run for its words, it is said once, with the words and what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.plan.equipment import names_ball
from stretchcli.plan.fitting import own_pressed
from tests.conftest import Stretch
from tests.test_plan_run import holds
from tests.test_remind_safety import Crontab, crontab  # noqa: F401 (a fixture)
from tests.test_start import _ball_plan, _run_the_leans

BALLS = [
    "ball", "a tennis ball", "Lacrosse Ball", "tennis balls", "ballmassager", "Massageb\u00e4lle",
    "balle de tennis", "b\u0430ll", "\uff22\uff21\uff2c\uff2c", "baseball", "golfball",
    "Press the ball gently.", "Lean on the ball; do not press hard.",
    "Do not use a ball that is too hard.",  # a negation with more after it is no negation
    "No ball? Use a rolled sock, or a ball of string.",
    "Put the ball behind you, with no strap.",
    # a negation after other words, or with more after it (verify 28, H1)
    "Never start without the ball.", "Never skip the ball!", "Don't skip the lacrosse ball.",
    "Don't leave the ball out.", "No ball, no benefit.", "Leave a ball, then lean back into it.",
    "Lean on a --only ball against the wall.", "Lean into a ball against the wall.",
    # letters drawn alike, or set apart (verify 28, H2)
    "Press a tennis \u0299\u1d00\u029f\u029f into your back.", "\u0185all", "\u13fcall",
    "ba\u01c0\u01c0", "baIl", "ba11", "b-all", "b.a.l.l", "bal-l",
    # attack 23: a negation that goes on, game balls, words that begin like exempt ones,
    # letters that fold to an I or a 1
    "Step 1: leave the massage ball (between your shoulder blade and the wall) where it is.",
    "Press it into your back (leave the ball).", "a handball", "Lie on a basketball.",
    "Not right after football.", "Press a balloonball into your back.",
    "Press something round like a ball into your upper back.", "the cap of a ballpoint pen",
    "Press a ball-and-socket massager into your upper back.", "ba\u0406\u0406",
    "ba\uff29\uff29", "ba\u2160\u2160", "ba\u0661\u0661", "ba\U0001d7cf\U0001d7cf",
]  # fmt: skip
NOT_BALLS = [
    "Balloon breathing", "Breathe out like a slow balloon.", "Roll the eyeballs.",
    "Ballroom arms", "Ballet arm stretch",
    "Hold it, no ball needed.", "Turn in the chair; do not use a ball.", "without a ball",
    "Leave the ball out.", "If you take blood thinners, leave out the ball (--skip "
    "ball-pressure).", "Push through the balls of your feet.", "The shoulder is a "
    "ball-and-socket joint.", "Rise onto the ball of the foot.", "no tennis ball",
    "Skip the ball.", "Don't use a ball.", "a chair", "",
    # verify 28, L1
    "Curl up into a ball.",
    "Rise onto the ball of the left foot.", "the ball of your big toe", "balls of his feet",
    "No ball is needed.", "You don't need a ball.", "No ball required.",
    "No eyeballing.", "a ball-in-socket joint", "Grab all of it.", "Sit tall. All good.",
    "The hip is a ball & socket joint.", "Ballerinas",
]  # fmt: skip


@pytest.mark.parametrize("text", BALLS)
def test_a_ball_however_written_is_one(text: str) -> None:
    assert names_ball(text)


@pytest.mark.parametrize("text", NOT_BALLS)
def test_words_that_name_no_ball_are_none(text: str) -> None:
    assert not names_ball(text)


ORDINARY = st.sampled_from(
    ["sit", "tall", "and", "turn", "gently", "the", "chair", "wall", "breathe", "slowly",
     "hold", "it", "for", "a", "moment", "arms", "up", "lean", "back", "on", "your"]
)  # fmt: skip


@given(
    st.lists(ORDINARY, max_size=12),
    st.lists(ORDINARY, min_size=1, max_size=12),
    st.sampled_from(["ball", "balls", "Ball", "BALLS", "massage ball", "b\u0430lle"]),
)
def test_a_ball_among_any_ordinary_words_is_one(
    before: list[str], after: list[str], ball: str
) -> None:
    """A ball named anywhere among other words, with more said after it, is a ball; the same
    words without it are none."""
    assert names_ball(" ".join([*before, ball, *after]))
    assert not names_ball(" ".join([*before, *after]))


@given(
    st.lists(ORDINARY, max_size=8),
    st.sampled_from(["balloon", "balloons", "eyeball", "eyeballing", "ballroom", "ballet"]),
    st.lists(ORDINARY, max_size=8),
)
def test_a_word_that_names_no_ball_is_none_wherever_it_is(
    before: list[str], word: str, after: list[str]
) -> None:
    assert not names_ball(" ".join([*before, word, *after]))


def _write_lean(folder: Path, summary: str, cautions: str) -> None:
    (folder / "exercises").mkdir(parents=True, exist_ok=True)
    (folder / "exercises" / "lean.yaml").write_text(
        f"name: Lean\nsummary: {summary}\nsides: none\nhold: 5\nreps: 2\n"
        f"instructions: [Sit tall., Turn gently.]\ncautions: [{cautions}]\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("summary", "caution"),
    [
        ("Breathe into the belly like a balloon.", "Stop if it hurts."),
        ("Turn gently.", "Not right after a long drive."),
        ("Roll the eyeballs.", "Stop if it hurts."),
        ("Arms as in ballroom dance.", "Stop if it hurts."),
        ("Turn in the chair; do not use a ball.", "Stop if it hurts."),
        ("Turn gently.", "Hold it, no ball needed."),
    ],
)
def test_with_blood_thinners_an_exercise_whose_words_name_no_ball_is_coached(
    stretch: Stretch, isolated: Path, summary: str, caution: str
) -> None:
    """Verify 27, NEW-4: each was left out as "presses a ball into the back". It is coached,
    and its get-ready says to press nothing, as every exercise of one's own does."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _write_lean(folder, summary, caution)
    run = _run_the_leans(stretch, folder)
    assert "lean" in holds(run.out)
    assert "presses a ball" not in run.err
    assert own_pressed("Lean") in run.out


def test_with_blood_thinners_a_line_that_names_a_ball_is_quoted_with_what_to_do(
    stretch: Stretch, isolated: Path
) -> None:
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _write_lean(folder, "Turn gently.", "Do not use a ball that is too hard.")
    run = _run_the_leans(stretch, folder)
    assert "lean" not in holds(run.out)
    assert (
        "your plan leaves out Lean (presses a ball into the back, which blood thinners rule "
        "out: it says 'Do not use a ball that is too hard.'; if it presses nothing, reword "
        "that)"
    ) in run.err


def _routine(isolated: Path, text: str) -> None:
    folder = isolated / "config" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "caution",
    [
        "If you take blood thinners, leave out the ball (--skip ball-pressure).",
        "Breathe out like a slow balloon.",
    ],
)
def test_with_blood_thinners_a_routine_whose_cautions_name_no_ball_runs(
    stretch: Stretch, isolated: Path, caution: str
) -> None:
    """Verify 27, NEW-3: a caution saying to leave the ball out, or a balloon, refused the
    whole routine. It runs, its ball step left out as the plan says, as upper-back does."""
    _ball_plan(stretch)
    _routine(
        isolated,
        f"name: Mine\nsummary: s\ncautions:\n  - {caution}\n"
        "steps:\n  - rhomboid-stretch\n  - ball-pressure\n",
    )
    run = stretch("run", "mine", "--json", "--no-pain")
    assert run.code == 0, run.err
    assert list(holds(run.out)) == ["rhomboid-stretch"]
    assert "your plan leaves out Ball pressure on trigger points" in run.err
    assert "mine is done without it" in run.err


def test_remind_refuses_a_routine_the_plan_does_not_run_for_its_words(
    stretch: Stretch,
    isolated: Path,
    crontab: Crontab,  # noqa: F811
) -> None:
    """Verify 27, NEW-5: `remind on --routine` took a routine of one's own that `run` refuses
    (its cautions name a ball, with blood thinners): every Start would find nothing to do."""
    _ball_plan(stretch)
    _routine(
        isolated,
        "name: Mine\nsummary: s\ncautions: [Press the ball gently.]\nsteps:\n  - chin-tuck\n",
    )
    assert stretch("run", "mine", "--json", "--no-pain").code == 2
    code, out, err = stretch("remind", "on", "--scheduler", "cron", "--routine", "mine")
    assert (code, out) == (2, "")
    assert err.startswith(
        "stretch: your plan does not run mine, as its cautions name a ball ('Press the ball "
        "gently.'): a reminder's Start would find nothing to do (choose another routine with "
        "--routine (your plan's: "
    )
    assert not crontab.table.exists()  # nothing installed
    code, _, err = stretch("config", "remind_routine", "mine")
    assert code == 2 and "your plan does not run mine" in err


def test_a_session_that_held_nothing_says_it_is_not_recorded(stretch: Stretch) -> None:
    """Verify 27, NEW-8: "Stopped" and nothing more, and nothing was stored."""
    done = stretch("run", "desk-break", "--plain", "--no-pain", keys=[(1.0, "q")])
    assert done.out.splitlines()[-2:] == [
        "not reached: Rhomboid stretch (chair), Scapular squeeze, Seated thoracic rotation",
        "Nothing was held, so this session is not recorded.",
    ]
    assert stretch("history").out.startswith("No sessions yet.")
    held = stretch("run", "desk-break", "--plain", "--no-pain", keys=[(150.0, "q")])
    assert "Nothing was held" not in held.out
    assert "desk-break" in stretch("history").out


@pytest.mark.parametrize("after", [-96.9, -50.0, 0.2, 3.5, 8.0])
def test_the_end_says_not_recorded_exactly_when_nothing_is_kept(
    stretch: Stretch, after: float
) -> None:
    """Verify 28, M1: a hold lived a few seconds, then passed over with `n`, is kept as a
    stopped session, but the end said "not recorded". The line is said exactly when the
    history holds nothing."""
    ready = stretch("run", "desk-break", "--json", "--no-pain", keys=[(0.1, "q")])
    hold = float(json.loads(ready.out.splitlines()[0])["duration"])  # the first get-ready's
    keys = [(hold + after, "n"), (hold + after + 0.1, "q")]
    done = stretch("run", "desk-break", "--plain", "--no-pain", keys=keys)
    kept = not stretch("history").out.startswith("No sessions yet.")
    said = "Nothing was held, so this session is not recorded." in done.out.splitlines()
    assert said == (not kept)
    assert kept or after < 1  # (a hold passed over after seconds of it is kept, stopped)


@pytest.mark.parametrize("first", [True, False])
def test_brief_coaching_says_the_line_of_an_exercise_not_built_in_aloud(
    stretch: Stretch, isolated: Path, first: bool
) -> None:
    """Verify 28, M4: in brief coaching the line was shown, not said: a person leaning on a
    wall may not see the screen. Said at the first get-ready and at a later one alike."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _write_lean(folder, "Turn gently.", "Stop if it hurts.")
    steps = "  - lean\n  - chin-tuck\n" if first else "  - chin-tuck\n  - lean\n"
    (folder / "leans.yaml").write_text(f"name: Leans\nsummary: s\nsteps:\n{steps}")
    run = stretch("run", "leans", "--json", "--no-pain", "--brief")
    assert run.code == 0, run.err
    readies = [
        event
        for event in map(json.loads, run.out.splitlines())
        if event.get("kind") == "prepare" and event["exercise"] == "lean"
    ]
    said = [line["text"] for line in readies[0]["spoken"]]
    assert said[-2:] == ["Lean.", own_pressed("Lean")]
    chin = [
        event
        for event in map(json.loads, run.out.splitlines())
        if event.get("kind") == "prepare" and event["exercise"] == "chin-tuck"
    ]
    assert not any("press nothing" in line["text"] for line in chin[0]["spoken"])


@pytest.mark.parametrize("brief", [[], ["--brief"]])
def test_the_line_is_said_at_each_get_ready_of_the_same_exercise(
    stretch: Stretch, isolated: Path, brief: list[str]
) -> None:
    """Attack 23, H1: in full coaching the line was said once for a name: the same exercise
    again (or another of the same name) pressed a ball with no word said."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _write_lean(folder, "Turn gently.", "Stop if it hurts.")
    (folder / "leans.yaml").write_text(
        "name: Leans\nsummary: s\nsteps:\n  - lean\n  - chin-tuck\n  - lean\n"
    )
    run = stretch("run", "leans", "--json", "--no-pain", *brief)
    assert run.code == 0, run.err
    readies = [
        " ".join(line["text"] for line in event["spoken"])
        for event in map(json.loads, run.out.splitlines())
        if event.get("kind") == "prepare" and event["exercise"] == "lean"
    ]
    assert len(readies) == 2
    assert all(own_pressed("Lean") in said for said in readies), readies


def test_a_ball_in_an_exercises_position_or_targets_leaves_it_out(
    stretch: Stretch, isolated: Path
) -> None:
    """Attack 23, M2: `stretch show` printed "lying on a tennis ball under the knot", and
    the run coached it."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _write_lean(folder, "Turn gently.", "Stop if it hurts.")
    lean = folder / "exercises" / "lean.yaml"
    lean.write_text(lean.read_text() + "position: lying on a tennis ball under the knot\n")
    run = _run_the_leans(stretch, folder)
    assert "lean" not in holds(run.out)
    assert "it says 'lying on a tennis ball under the knot'" in run.err


def test_a_routine_named_for_a_ball_is_refused_when_only_a_variant_is_left_out(
    stretch: Stretch, isolated: Path
) -> None:
    """Attack 23, M3: a step left out only for a variant's ball let the routine's own name
    and summary (a tennis ball pressed all through) go unread."""
    _ball_plan(stretch)
    folder = isolated / "config" / "routines"
    _write_lean(folder, "Turn gently.", "Stop if it hurts.")
    lean = folder / "exercises" / "lean.yaml"
    lean.write_text(lean.read_text() + "variants:\n  spare: {instructions: [Hold a ball.]}\n")
    _routine(
        isolated,
        "name: Tennis ball on the knots\nsummary: s\nsteps:\n  - lean\n  - chin-tuck\n",
    )
    run = stretch("run", "mine", "--json", "--no-pain")
    assert run.code == 2
    assert "its name or summary names a ball ('Tennis ball on the knots')" in run.err
