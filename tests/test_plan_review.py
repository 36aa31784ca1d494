"""What a physiotherapist reads of a plan across weeks: the review date once it has come (at
the start of a run, at the head of `history`, in the report), when the plan began and from
when the report counts it, what its ceiling means, a swap and an exercise left out told
apart, a session over the ceiling marked in `history`, and a dose of reps alone said as reps."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.files.planfile import plan_path, read_plan
from stretchcli.history.levels import LevelChange, add_level_changes
from stretchcli.model import Dose
from stretchcli.plan.model import Plan
from stretchcli.plan.review import review_said
from stretchcli.plan.words import REPS_ONLY, DoseForm, dose_text
from stretchcli.report.model import Names
from stretchcli.report.plan_text import levels_said
from stretchcli.text import plural
from tests.conftest import Stretch
from tests.six_weeks import ADOPTED, REPORTED, ZONE, six_weeks, state
from tests.test_plan_file import PHYSIO, catalog, write

REVIEW = datetime(2026, 12, 14, 9, 0, tzinfo=ZONE)  # the six weeks' plan's review date
SAID = (
    "Your plan's review date was 14 Dec 2026: time to look at the plan again, with whoever "
    "wrote it (stretch plan shows it; stretch report is the page to bring)."
)


@given(st.integers(-400, 400))
def test_the_review_is_said_from_its_day_on_and_never_before(days: int) -> None:
    plan = read(PHYSIO)  # review: 2026-12-15
    assert plan.review is not None
    today = plan.review + timedelta(days=days)
    said = review_said(plan, today)
    if days < 0:
        assert said is None
    elif days == 0:
        assert said is not None and said.startswith("Your plan's review date is today (15 Dec")
    else:
        assert said is not None and said.startswith("Your plan's review date was 15 Dec 2026:")


def read(text: str) -> Plan:
    """The plan of a file with `text`."""
    with tempfile.TemporaryDirectory() as folder:
        return read_plan(write(Path(folder), text), catalog())


def test_history_says_the_review_at_its_head_once_it_has_come(
    stretch: Stretch, isolated: Path
) -> None:
    six_weeks(state(isolated)).close()
    before = stretch("history", wall=REVIEW - timedelta(days=1))
    after = stretch("history", wall=REVIEW + timedelta(days=1))
    assert before.out.splitlines()[0] == "Recent sessions"
    head, _, rest = after.out.partition("\n\n")
    assert " ".join(head.split()) == SAID  # wrapped at the terminal's 80 columns
    assert rest.startswith("Recent sessions\n")


def test_a_run_of_the_plan_says_the_review_once_as_it_starts(
    stretch: Stretch, isolated: Path
) -> None:
    six_weeks(state(isolated)).close()
    monday = datetime(2026, 12, 21, 8, 0, tzinfo=ZONE)  # a day of the plan, after the review
    result = stretch("run", "--no-pain", "--plain", wall=monday)
    assert result.code == 0
    notes = result.err.splitlines()
    assert notes[0] == "stretch: today's plan: desk-upper-back"
    assert notes.count(f"stretch: {SAID}") == 1 and notes[1] == f"stretch: {SAID}"
    early = stretch("run", "--no-pain", "--plain", wall=monday - timedelta(days=14))
    assert SAID not in early.err


def report(stretch: Stretch, *args: str, wall: datetime = REPORTED) -> str:
    result = stretch("report", "--format", "md", *args, wall=wall)
    assert (result.code, result.err) == (0, "")
    return result.out


def plan_line(text: str) -> str:
    return text[text.index("## The plan") :].split("\n\n")[1]


def test_the_report_says_when_the_plan_began_and_from_when_it_counts(
    stretch: Stretch, isolated: Path
) -> None:
    six_weeks(state(isolated)).close()
    whole = plan_line(report(stretch))
    assert "; begun on 2 Nov 2026; review on 14 Dec 2026." in whole
    assert "counted" not in whole
    # A period that starts after the plan began counts from there, and says both.
    later = plan_line(report(stretch, "--since", "2026-11-16"))
    assert "; begun on 2 Nov 2026, counted here from 16 Nov; review on 14 Dec 2026." in later
    due = plan_line(report(stretch, wall=REVIEW + timedelta(days=1)))
    assert due.endswith("; review on 14 Dec 2026, which has come: time to look at the plan again.")
    data = json.loads(stretch("report", "--format", "json", wall=REVIEW).out)["plan"]
    assert (data["review_due"], data["begun"]) == (True, "2026-11-02")


def test_the_report_and_plan_say_what_the_ceiling_means(stretch: Stretch, isolated: Path) -> None:
    six_weeks(state(isolated)).close()
    assert "pain ceiling 6/10 (red at 6/10 or more)" in plan_line(report(stretch))
    shown = stretch("plan", wall=REPORTED).out
    assert "  ceiling 6 (red at 6/10 or more): " in shown
    rules = json.loads(stretch("plan", "--json", wall=REPORTED).out)["rules"]
    assert rules["ceiling"]["meaning"] == "red at 6/10 or more"
    assert rules["green"]["meaning"] == "green at 0-3/10"


KINDS = st.sampled_from(["up", "down", "swap", "left"])


@given(st.lists(st.tuples(KINDS, st.sampled_from(["chin-tuck", "band-row", "bridge"]))))
def test_a_swap_and_an_exercise_left_out_are_counted_and_named_apart(
    made: list[tuple[str, str]],
) -> None:
    changes = [
        LevelChange(
            ADOPTED + timedelta(days=n),
            name,
            "alternative" if kind in ("swap", "left") else kind,  # type: ignore[arg-type]
            1,
            1,
            "why",
            None,
            "plan",
            "wall-slide" if kind == "swap" else None,
        )
        for n, (kind, name) in enumerate(made)
    ]
    names = Names(exercises={"chin-tuck": "Chin tuck", "band-row": "Seated row",
                             "bridge": "Bridge", "wall-slide": "Wall slide"})  # fmt: skip
    said = levels_said(changes, names)
    swaps = [names.exercise(n) for k, n in made if k == "swap"]
    left = [names.exercise(n) for k, n in made if k == "left"]
    if swaps:
        word = "swap" if len(swaps) == 1 else "swaps"
        listed = ", ".join(f"{n} for Wall slide" for n in swaps)
        assert f"{len(swaps)} {word} for an alternative ({listed})" in said
    else:
        assert "swap" not in said
    if left:
        assert f"{len(left)} left out with nothing in its place ({', '.join(left)})" in said
    else:
        assert "left out" not in said


def test_the_report_counts_only_the_changes_the_plan_makes(
    stretch: Stretch, isolated: Path
) -> None:
    # Two exercises 'left out' by hand, after no session: the plan does not make that, so the
    # report counts only its own changes (its words for one left out: test_report_plan.py).
    history = six_weeks(state(isolated))
    when = datetime(2026, 12, 11, 9, 0, tzinfo=ZONE)
    gone = [
        LevelChange(when, name, "alternative", 4, 4, "left out: it hurt twice this week, and "
                    "it has no alternative", None, history_plan(isolated), None)
        for name in ("chest-stretch", "scapular-squeeze")
    ]  # fmt: skip
    add_level_changes(history, gone)
    history.close()
    text = report(stretch)
    assert "Levels: 12 step ups, 4 step downs." in text
    assert "left out" not in text.split("## The plan")[0]


def history_plan(isolated: Path) -> str:
    """The fingerprint of the six weeks' plan, as its changes are stored with it."""
    return read_plan(plan_path(state(isolated)), catalog()).fingerprint


def test_history_marks_a_session_over_the_ceiling_in_text_and_json(
    stretch: Stretch, isolated: Path
) -> None:
    six_weeks(state(isolated)).close()
    # The session of Mon 23 Nov, 3 → 7, is the one over the ceiling of 6 (the report's table).
    shown = stretch("history", "--since", "2026-11-23", wall=REPORTED).out.splitlines()
    flagged = [line for line in shown if line.endswith(" !")]
    assert len(flagged) == 1 and "Mon 23 Nov" in flagged[0] and "3 → 7 !" in flagged[0]
    assert (
        "! pain after the session at or over your plan's ceiling (6/10): more than these "
        "exercises should leave; see stretch safety"
    ) in " ".join(" ".join(shown).split())
    items = json.loads(stretch("history", "--json", wall=REPORTED).out)
    over = [item["over_ceiling"] for item in items if "over_ceiling" in item]
    assert len(over) == 1
    session = next(i for i in items if i.get("uid") == over[0]["uid"])
    assert (over[0]["pain_after"], over[0]["ceiling"], session["pain_after"]) == (7, 6, 7)
    assert over[0]["started_at"] == session["started_at"]
    # Without a plan, nothing is marked.
    (isolated / "config" / "plan.yaml").unlink()
    plain = stretch("history", wall=REPORTED).out
    assert not any(line.endswith(" !") for line in plain.splitlines())
    assert "your plan's ceiling" not in plain


doses = st.builds(
    Dose,
    hold=st.sampled_from([0.5, 1, 1.5, 2, 5, 30]),
    reps=st.integers(1, 20),
    sets=st.integers(1, 3),
    relax=st.sampled_from([0, 2]),
    rest=st.sampled_from([0, 30]),
    sides=st.sampled_from(["none", "both", "alternate"]),
)


@given(doses)
def test_a_dose_of_reps_alone_is_said_in_reps_in_every_form(dose: Dose) -> None:
    """A hold of a moment (1 s or less) is no hold: each form says '10 reps', never a hold;
    any longer hold is said with its seconds."""
    forms: tuple[DoseForm, ...] = ("full", "brief", "short")
    for form in forms:
        said = dose_text(dose, form)
        if dose.hold <= REPS_ONLY:
            assert said.startswith(plural(dose.reps, "rep")), said
            assert " s ×" not in said and "× " not in said and "hold" not in said
        else:
            assert "reps" not in said.split(",")[0].split(" ·")[0], said


@given(doses)
def test_a_movement_is_said_as_its_pace_in_every_form(dose: Dose) -> None:
    """An exercise paced as a movement (`pace: moved`) never says 'hold N s' nor '× N s' (a
    stretch held), nor 'in' and 'out' (read as breaths beside the breathing cues): each form
    says its reps, the seconds to move and hold, and to return, and its sets, and only what
    the dose has."""
    for form in ("full", "brief", "short"):
        back = f", {dose.relax:g}\xa0s {'to return' if form == 'full' else 'return'}"
        back = back if dose.relax else ""
        said = dose_text(dose, form, "moved")
        assert said.startswith(plural(dose.reps, "rep")), said
        assert "hold " + str(dose.hold) not in said and "×" not in said, said
        assert " in" not in said and "relax" not in said, said
        pace = (
            f"{dose.hold:g}\xa0s to move and hold"
            if form == "full"
            else (f"({dose.hold:g}\xa0s move and hold")
        )
        assert pace + back in said, said
        assert (f"{dose.sets} sets" in said) == (dose.sets > 1), said
        assert ("side" in said) == (dose.sides != "none"), said


def test_the_seated_row_is_shown_as_a_paced_movement(stretch: Stretch) -> None:
    out = " ".join(stretch("show", "band-row").out.split())
    assert (
        "dose 10 reps, each 4 s to move and hold, 3 s to return · 2 sets, rest 30 s · about" in out
    )


def test_the_seated_row_with_a_band_shows_its_paced_reps_in_the_plan(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Each pull takes NIA's 3 s and is held 1 s, then 3 s back: the plan shows a rep's
    pace as a movement's, not as a stretch held 4 s."""
    path = write(tmp_path, "days: {mon: strength-upper-back}\n", "physio.yaml")
    assert stretch("plan", "use", str(path)).code == 0
    shown = stretch("plan").out.splitlines()
    row = next(line for line in shown if line.startswith("Seated row"))
    assert row.endswith("  10 reps (4\xa0s move and hold, 3\xa0s return)")
    assert "× 1 s" not in "\n".join(shown)


def test_at_the_review_of_a_plan_start_made_the_person_is_told_what_the_date_was_for(
    stretch: Stretch,
) -> None:
    """Review 21, F1: "with whoever wrote it", of a plan stretch itself wrote for months of
    pain nobody had seen; the date was set to see a clinician if the pain had not eased."""
    made = stretch("start", "--where", "neck", "--no-red-flags", "--lasting-pain", "unchecked",
                   "--shoulder-blades", "no", "--no-precautions", "--no-floor", "--chair",
                   "--no-ball", "--no-wall", "--no-mat", "--no-band", "--minutes", "10",
                   "--days", "7", "--yes", wall=REVIEW - timedelta(days=28))  # fmt: skip
    assert made.code == 0, made.err
    run = stretch("run", "--json", "--pain-before", "2", wall=REVIEW + timedelta(days=3))
    assert (
        "stretch: Your plan's review date was 14 Dec 2026: if the pain has not started to ease, "
        "book an appointment with a doctor or physiotherapist (stretch report is the page to "
        "bring); stretch start again makes a new plan from your answers now."
    ) in " ".join(run.err.split())
