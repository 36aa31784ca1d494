"""`stretch start`'s answers: pain that has lasted weeks has a path (seen by a clinician or
not), the warning signs take no default, a question another answer makes needless is never
asked of a script, and the options take the words people type."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import typer
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.cli import params
from stretchcli.plan.advice import LASTING_CHECKED, LASTING_UNCHECKED, Advice
from stretchcli.plan.answers import (
    AREA_NAMES,
    FLAGS,
    LASTING,
    LASTING_UNCLEAR,
    SEEN_NAMES,
    SHOULDER_UNCLEAR,
    Answers,
)
from stretchcli.plan.screening import Proposal, screen
from stretchcli.safety import CKS, CKS_NECK, NHS
from stretchcli.views.start import AREA_KEYS
from tests.conftest import Stretch
from tests.test_start import (
    ADVICE,
    CATALOG,
    LADDERS,
    NO_PLAN,
    TIMING,
    TODAY,
    answers,
    plan_file,
    routine_line,
)

EVERY = (
    "--where", "upper-back", "--no-precautions", "--floor", "--chair", "--ball", "--wall",
    "--mat", "--no-band",
    "--minutes", "10", "--days", "3", "--shoulder-blades", "no",
)  # fmt: skip


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # each line of the plan on one line


# --- A6: pain that has lasted weeks ---------------------------------------------------------


def test_lasting_pain_seen_by_a_clinician_makes_the_plan_with_the_nhs_advice_kept(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch("start", "--no-red-flags", "--lasting-pain", "checked", *EVERY)
    assert result.code == 0, result.err
    assert not result.out.startswith("See a clinician")
    assert (
        "  - pain that has lasted weeks, seen by a clinician: the long-standing pain this plan "
        "is for; follow what they said first, and if the pain gets worse, changes, or comes "
        "with any of the warning signs of stretch safety, see them again (NHS).\n"
        f"      {NHS}\n"
    ) in result.out
    assert (isolated / "config" / "plan.yaml").exists()


def test_lasting_pain_not_seen_says_book_an_appointment_and_makes_the_plan_meanwhile(
    stretch: Stretch, isolated: Path
) -> None:
    """The NHS's level for it (not urgent: book an appointment) first; its self-care at that
    level is to keep active with exercises and stretches, so the plan is made and started."""
    result = stretch("start", "--no-red-flags", "--lasting-pain", "unchecked", *EVERY)
    assert result.code == 0, result.err
    assert result.out.startswith(
        SEE_CLINICIAN_LINE + "The NHS asks for this when pain has not started to ease after a "
        "few weeks, is getting worse, or stops you doing everyday things. Meanwhile it advises "
        "staying active, with exercises and stretches: the plan below is for that, and starts "
        "at its gentlest. If it makes the pain worse, stop and see a GP. Show the plan at your "
        "appointment (stretch report), and follow what the clinician says first.\n\n"
        "Your plan is written to "
    )
    assert f"      {NHS}\n      {CKS}\n      {CKS_NECK}\n" in result.out
    assert plan_file(isolated)["notes"][0] == (  # type: ignore[index]
        "Made before a clinician saw the pain that has lasted: book that appointment, and "
        "follow what they say first."
    )
    assert stretch("plan").code == 0  # started
    # Its review does not send them to wait a few more weeks (review 19, F14): the weeks
    # are past, and the appointment comes first.
    said = " ".join(result.out.split())
    assert "show this plan at your appointment, which comes first; see them again if the " in said
    assert "if the pain has not started to ease after a few weeks, see a clinician" not in said


def test_the_review_of_a_plan_for_pain_not_lasting_says_when_to_see_a_clinician(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch("start", "--no-red-flags", "--lasting-pain", "no", *EVERY)
    assert result.code == 0, result.err
    said = " ".join(result.out.split())
    assert "if the pain has not started to ease after a few weeks, see a clinician (NHS)" in said


SEE_CLINICIAN_LINE = "See a clinician: book an appointment with a doctor or physiotherapist.\n"


@pytest.mark.parametrize("level", list(FLAGS))
@pytest.mark.parametrize("lasting", LASTING)
def test_the_urgent_and_emergency_levels_stay_the_advice_and_nothing_else(
    stretch: Stretch, isolated: Path, level: str, lasting: str
) -> None:
    result = stretch("start", "--red-flag", level, "--lasting-pain", lasting, *EVERY)
    assert (result.code, result.out) == (1, ADVICE[level] + NO_PLAN)
    assert not (isolated / "config" / "plan.yaml").exists()


@pytest.mark.parametrize("word", ["see-clinician", "See clinician"])
def test_see_clinician_as_a_red_flag_says_to_answer_whether_a_clinician_has_seen_it(
    stretch: Stretch, word: str
) -> None:
    result = stretch("start", "--red-flag", word, "--yes")
    assert result.code == 2
    assert "--lasting-pain checked" in result.err and "--lasting-pain unchecked" in result.err


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("n\n", "no"), ("y\ny\n", "checked"), ("y\nn\n", "unchecked")],
)
def test_the_conversation_asks_whether_a_clinician_has_seen_lasting_pain(
    stretch: Stretch, isolated: Path, typed: str, answer: str
) -> None:
    result = stretch("start", typed="u\nn\nn\n" + typed + "n\n" + "\n" * 20)
    assert result.code == 0, result.err
    assert "  - Pain that has not started to ease after a few weeks" in result.out
    seen = "Has a doctor or physiotherapist seen this pain, and it is no worse since? [y/n] "
    assert (seen in result.out) == (answer != "no")
    assert (SEE_CLINICIAN_LINE in result.out) == (answer == "unchecked")
    assert (LASTING_CHECKED.choice in result.out) == (answer == "checked")
    assert (isolated / "config" / "plan.yaml").exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers, st.sampled_from(LASTING))
def test_lasting_pain_changes_no_choice_only_what_is_said(given_: Answers, answer: str) -> None:
    """Any answers: seen or not, the same plan as without lasting pain, with its reason line;
    not seen, the appointment said first (`see_first`); no plan stays no plan."""
    found = screen(
        replace(given_, lasting=answer),  # type: ignore[arg-type]
        CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING,
    )  # fmt: skip
    plain = screen(given_, CATALOG.routines, CATALOG.exercises, LADDERS, TODAY, TIMING)
    if isinstance(plain, Advice):
        assert found == plain
        return
    assert isinstance(found, Proposal)
    assert (found.schedule(), found.exercises, found.ladders) == (
        plain.schedule(),
        plain.exercises,
        plain.ladders,
    )
    assert found.see_first == (answer == "unchecked")
    assert (LASTING_CHECKED in found.reasons) == (answer == "checked")
    assert (LASTING_UNCHECKED in found.reasons) == (answer == "unchecked")


# --- A7: the warning signs take no default ----------------------------------------------------

# Where it hurts, then each warning-sign question in turn; None: a plan's question follows.
SIGN_ANSWERS = ["n\n", "n\n", "n\n", "n\n"]


@pytest.mark.parametrize("position", range(len(SIGN_ANSWERS)))
def test_enter_at_a_warning_sign_asks_again(
    stretch: Stretch, isolated: Path, position: int
) -> None:
    """Each warning-sign question (both groups, pain that has lasted, the shoulder blades):
    Enter is no answer, a short line says so and the question is asked again; the y or n
    typed after it is the answer."""
    typed = ["u\n", *SIGN_ANSWERS]
    typed.insert(position + 1, "\n")
    result = stretch("start", typed="".join(typed) + "\n" * 20)
    assert result.code == 0, result.err
    again = "[y/n] Please press y or n: a warning sign takes no default.\n"
    assert result.out.count(again) == 1
    question = result.out[: result.out.index(again)].rsplit("\n", 1)[1]
    assert result.out.count(question + "[y/n] ") >= 2


@pytest.mark.parametrize("position", range(len(SIGN_ANSWERS)))
def test_only_enter_at_a_warning_sign_writes_no_plan(
    stretch: Stretch, isolated: Path, position: int
) -> None:
    typed = "u\n" + "".join(SIGN_ANSWERS[:position]) + "\n" * 20
    result = stretch("start", typed=typed)
    assert result.code == 2
    assert result.err == "stretch: no answer after three tries (nothing was written)\n"
    assert not (isolated / "config" / "plan.yaml").exists()


def test_yes_and_no_red_flags_still_answer_them_for_scripts(
    stretch: Stretch, isolated: Path
) -> None:
    assert stretch("start", "--yes").code == 0
    assert stretch("start", "--no-red-flags", *EVERY).code == 0


# --- 19: no question another answer makes needless ------------------------------------------

FULL = {
    "--where": "upper-back", "flags": "--no-red-flags", "--shoulder-blades": "no",
    "precautions": "--no-precautions", "floor": "--floor", "chair": "--chair", "bed": "--no-bed",
    "ball": "--ball", "wall": "--wall", "mat": "--mat", "band": "--no-band",
    "--minutes": "10", "--days": "3",
}  # fmt: skip


def options(**changed: str | None) -> list[str]:
    """Every option, as a script gives them, with `changed` (None: left out)."""
    given = {**FULL, **changed}
    found: list[str] = []
    for name, value in given.items():
        if value is None:
            continue
        found += [name, value] if name.startswith("--") else [value]
    return found


@pytest.mark.parametrize(
    ("changed", "left_out"),
    [
        ({"floor": "--no-floor", "mat": None}, "the mat, without the floor"),
        ({"precautions": "--precaution", "ball": None}, "the ball, with blood thinners"),
        ({"--where": "lower-back", "band": None}, "the band, for the lower back"),
        ({"bed": None}, "the bed, for the upper back"),
        ({"--where": "neck-shoulders", "bed": None}, "the bed, for the neck"),
    ],
)
def test_a_script_need_not_answer_what_another_answer_makes_needless(
    stretch: Stretch, isolated: Path, changed: dict[str, str | None], left_out: str
) -> None:
    args = options(**changed)
    if changed.get("precautions") == "--precaution":
        args.insert(args.index("--precaution") + 1, "blood-thinners")
    result = stretch("start", *args)
    assert result.code == 0, (left_out, result.err)


def test_the_bed_is_still_needed_where_a_routine_is_done_on_one(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch("start", *options(**{"--where": "lower-back", "bed": None, "band": None}))
    assert (result.code, result.err) == (
        2,
        "stretch: no terminal to ask at: give --bed/--no-bed (or --yes to take the defaults)\n",
    )


@pytest.mark.parametrize("level", list(FLAGS))
def test_a_warning_sign_needs_no_other_answer(stretch: Stretch, isolated: Path, level: str) -> None:
    result = stretch("start", "--red-flag", level)
    assert (result.code, result.out, result.err) == (1, ADVICE[level] + NO_PLAN, "")


def test_surgery_not_cleared_needs_no_other_answer(stretch: Stretch, isolated: Path) -> None:
    result = stretch("start", "--no-red-flags", "--precaution", "recent-surgery")
    assert result.code == 1, result.err
    assert result.out.startswith("No plan yet: after recent surgery")


def test_without_the_floor_no_reason_blames_the_mat(stretch: Stretch, isolated: Path) -> None:
    """The mat only matters on the floor: without the floor, the floor is the reason."""
    with_mat = stretch("start", *options(floor="--no-floor"))
    without = stretch("start", *options(floor="--no-floor", mat=None))
    assert with_mat.code == without.code == 0, without.err
    assert "a mat" not in without.out
    assert routine_line(with_mat.out) == routine_line(without.out)


def test_the_conversation_does_not_ask_about_the_mat_without_the_floor(
    stretch: Stretch, isolated: Path
) -> None:
    result = stretch("start", *options(floor=None, mat=None), typed="n\n")
    assert result.code == 0, result.err
    assert "A mat" not in result.out


# --- 20: the words people type ----------------------------------------------------------------


def spelled(word: str) -> st.SearchStrategy[str]:
    """`word` as someone may type it: any case, its dashes as spaces or underscores, padded."""
    return st.tuples(
        st.sampled_from(["-", " ", "_", "  "]),
        st.lists(st.booleans(), min_size=len(word), max_size=len(word)),
        st.sampled_from(["", " "]),
    ).map(
        lambda t: (
            t[2]
            + "".join(c.upper() if up else c for c, up in zip(word, t[1], strict=True)).replace(
                "-", t[0]
            )
            + t[2]
        )
    )


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(AREA_NAMES)).flatmap(lambda w: st.tuples(st.just(w), spelled(w))))
def test_every_word_for_where_it_hurts_names_its_place(pair: tuple[str, str]) -> None:
    name, typed = pair
    assert params.named(AREA_NAMES)(typed) == AREA_NAMES[name]


def test_the_prompts_keys_are_the_options_words() -> None:
    for key, area in AREA_KEYS.items():
        assert AREA_NAMES[key] == area
    for area in set(AREA_NAMES.values()):
        assert AREA_NAMES[area] == area


@pytest.mark.parametrize(
    ("word", "area"),
    [("neck", "neck-shoulders"), ("n", "neck-shoulders"), ("upper", "upper-back"),
     ("Lower", "lower-back"), ("neck and shoulders", "neck-shoulders")],
)  # fmt: skip
def test_where_takes_the_words_people_type(
    stretch: Stretch, isolated: Path, word: str, area: str
) -> None:
    typed = stretch("start", "--where", word, "--yes")
    named = stretch("start", "--where", area, "--yes")
    assert typed.code == named.code == 0, typed.err
    assert routine_line(typed.out) == routine_line(named.out)


def test_back_alone_is_refused_with_both_places(stretch: Stretch) -> None:
    result = stretch("start", "--where", "back", "--yes")
    assert result.code == 2
    assert "upper-back" in result.err and "lower-back" in result.err


@pytest.mark.parametrize(
    ("option", "unclear"),
    [("--shoulder-blades", SHOULDER_UNCLEAR), ("--lasting-pain", LASTING_UNCLEAR)],
)
@pytest.mark.parametrize("word", ["yes", "Y"])
def test_yes_is_refused_for_a_sign_asked_with_who_checked_it_saying_which_to_pick(
    stretch: Stretch, option: str, unclear: dict[str, str], word: str
) -> None:
    result = stretch("start", option, word, "--yes")
    assert result.code == 2
    assert unclear[word.lower()] in " ".join(result.err.split())
    assert "give checked" in result.err and "or unchecked" in result.err


@pytest.mark.parametrize(("word", "answer"), sorted(SEEN_NAMES.items()))
def test_the_shoulder_blades_take_every_unambiguous_word(
    stretch: Stretch, isolated: Path, word: str, answer: str
) -> None:
    result = stretch("start", "--shoulder-blades", word, "--yes")
    assert result.code == (1 if answer == "unchecked" else 0), result.err


def test_a_precaution_takes_the_words_people_type(stretch: Stretch, isolated: Path) -> None:
    result = stretch("start", "--precaution", "blood thinners", "--precaution", "surgery", "--yes")
    assert result.code == 1 and result.out.startswith("No plan yet: after recent surgery")
    plain = stretch("start", "--precaution", "Blood-Thinner", "--yes")
    assert plain.code == 0, plain.err
    assert yaml.safe_load((isolated / "config" / "plan.yaml").read_text())["leave_out"]


def test_an_unknown_word_lists_the_answers(stretch: Stretch) -> None:
    result = stretch("start", "--where", "knee", "--yes")
    assert result.code == 2
    assert "'knee' is not one of upper-back, neck-shoulders, lower-back" in result.err


def test_named_refuses_a_word_of_no_answer() -> None:
    with pytest.raises(typer.BadParameter):
        params.named(SEEN_NAMES, SHOULDER_UNCLEAR)("maybe")
