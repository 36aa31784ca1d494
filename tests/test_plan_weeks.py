"""The plan across weeks as a person meets it: a barrier answer or a session's ratings count
only for the exercises that week or session held; the plan's own decisions never leave a
routine with nothing to do (and `stretch plan` shows what `stretch run` does); a change is
said at the first session that holds the exercise; a plan waiting for a clinician's check
is said at every run."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.barriers import Answer
from stretchcli.history.plan_follow import Followed, PlanPast, follow_from
from stretchcli.plan.engine import routine_done
from stretchcli.plan.levels import routine_at_levels
from stretchcli.plan.model import Plan, Schedule, Weekday
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.plan.words import CLINICIAN
from stretchcli.records import ExerciseResult, ExerciseStatus, Session
from stretchcli.safety import URGENT
from tests.conftest import Stretch
from tests.test_plan_engine import LADDERS, catalog

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZONE)
PLAN = """\
written_by: A. Physio, physiotherapist
days: {mon: desk-upper-back, wed: strength-upper-back, fri: desk-upper-back}
weekly_goal: 3
"""
STRENGTH = ("chin-tuck", "scapular-squeeze", "band-row")


def adopt(stretch: Stretch, tmp_path: Path, text: str = PLAN) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0


def day(week: int, weekday: int) -> datetime:
    """8:00 on `weekday` (0: Monday) of `week` (1: the first)."""
    return MONDAY + timedelta(weeks=week - 1, days=weekday)


def rated(stretch: Stretch, week: int, weekday: int, typed: str, *args: str) -> str:
    """Today's session of the plan at a terminal, rated as `typed`; its stderr."""
    result = stretch("run", "--plain", *args, typed=typed, wall=day(week, weekday))
    assert result.code == 0, result.err
    return result.err


def said(err: str) -> list[str]:
    """What the session started with, after the line naming today's routine."""
    lines = err.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("stretch: today's plan"))
    return [
        line.removeprefix("stretch: ")
        for line in lines[start + 1 :]
        if line.startswith("stretch: This week")
        or any(word in line for word in (" hurt ", "left out", "rated red"))
    ]


def standings(stretch: Stretch, at: datetime) -> dict[str, dict[str, object]]:
    shown = json.loads(stretch("plan", "--json", wall=at).out)
    return {e["exercise"]: e for e in shown["exercises"]}


def done(out: str) -> list[str]:
    """The exercises a `--json` run did, in order, each once."""
    found = [json.loads(line).get("exercise") for line in out.splitlines()]
    return list(dict.fromkeys(e for e in found if e))


def test_pain_as_a_barrier_counts_only_for_what_that_week_held(
    stretch: Stretch, tmp_path: Path
) -> None:
    """physio-4 A2: pain got in the way of a week with no session at all; then a strength
    session went to 9/10. Nothing was left out (one red each this week), and the
    strengthening routine still runs."""
    adopt(stretch, tmp_path)
    for weekday in (0, 2, 4):  # week 1: every session, not rated
        assert stretch("run", "--json", "--no-pain", wall=day(1, weekday)).code == 0
    # Week 2: none. Week 3, Monday: the barrier question, answered "pain".
    monday = rated(stretch, 3, 0, "p\n\n\n\n\n", "--no-pain")
    assert "What got in the way?" in monday
    assert not [line for line in said(monday) if "Chin tuck" in line or "Seated row" in line]
    rated(stretch, 3, 2, "2\n9\n6\n\n")  # strength: pain 2 before, 9 after, none named
    found = standings(stretch, day(3, 4))
    assert [found[name]["left_out"] for name in STRENGTH] == [False, False, False]
    assert [found[name]["level"] for name in STRENGTH] == [1, 1, 1]
    wednesday = stretch("run", "--json", "--no-pain", wall=day(4, 2))
    assert wednesday.code == 0, wednesday.err
    assert done(wednesday.out) == list(STRENGTH)


def test_a_routine_the_plans_reds_would_empty_keeps_an_exercise_and_says_so(
    stretch: Stretch, tmp_path: Path
) -> None:
    """A plan whose first red in a week brings the alternative (`reds: 1`), and strength
    sessions at 9/10 that each name the exercise that hurt: each of the three has no
    alternative. The plan leaves two out, never the last: the routine still runs (never exit
    2, never a word about --only, --skip or --avoid), and `stretch plan` agrees."""
    days = "days: {" + ", ".join(f"{d}: strength-upper-back" for d in ("mon", "wed", "fri")) + "}"
    adopt(stretch, tmp_path, PLAN.replace(PLAN.splitlines()[1], days) + "rules: {reds: 1}\n")
    for weekday in (0, 2, 4):  # 9/10, and the first exercise still done named as hurting
        rated(stretch, 1, weekday, "2\n9\n6\n1\n")
    found = standings(stretch, day(2, 0))
    kept = [name for name in STRENGTH if not found[name]["left_out"]]
    assert len(kept) == 1
    next_monday = stretch("run", "--json", "--no-pain", wall=day(2, 0))
    assert next_monday.code == 0, next_monday.err
    assert "--only" not in next_monday.err
    assert done(next_monday.out) == kept
    # What `stretch plan` shows for today is what the run does.
    shown = json.loads(stretch("plan", "--json", wall=day(2, 2)).out)
    assert shown["today"]["routine"] == "strength-upper-back"
    # The reds came with 9/10: the advice is for today, not in a few weeks.
    (last,) = [line for line in said(next_monday.err) if "last exercise" in line]
    assert URGENT.action in last and CLINICIAN not in last


def test_sessions_rated_red_as_a_whole_step_down_but_take_nothing_away(
    stretch: Stretch, tmp_path: Path
) -> None:
    """physio-5: two strength sessions in a week rated red for their pain (0 to 9), nothing
    named: every exercise steps down, none is left out (the squeeze had gone for good, and
    it never hurt)."""
    adopt(stretch, tmp_path, PLAN.replace("mon: desk-upper-back", "mon: strength-upper-back"))
    rated(stretch, 1, 0, "2\n5\n3\n\n")  # up by 3 to amber: red for all three
    rated(stretch, 1, 2, "2\n9\n6\n\n")  # 9/10: red again
    found = standings(stretch, day(1, 4))
    assert [found[name]["left_out"] for name in STRENGTH] == [False, False, False]
    next_monday = stretch("run", "--json", "--no-pain", wall=day(2, 0))
    assert done(next_monday.out) == list(STRENGTH)


def test_a_change_is_said_at_the_first_session_that_holds_the_exercise(
    stretch: Stretch, tmp_path: Path
) -> None:
    """physio-4 A10: the chest stretch steps up after Monday's desk session; Wednesday is
    strengthening (no chest stretch): nothing is said of it until Friday's desk session."""
    adopt(stretch, tmp_path)
    for week, weekday in ((1, 0), (1, 2), (1, 4)):
        rated(stretch, week, weekday, "2\n1\n2\n\n")
    monday = rated(stretch, 2, 0, "2\n1\n2\n\n")
    # The squeeze was in all three: it stepped up on Friday, said on Monday.
    assert said(monday) == ["This week: Scapular squeeze, 8 reps, up from 5."]
    wednesday = rated(stretch, 2, 2, "2\n1\n2\n\n")  # the chest and rhomboid stretch step up
    assert said(wednesday) == []
    friday = rated(stretch, 2, 4, "2\n1\n2\n\n")
    assert said(friday) == [
        "This week: Chest stretch, 20 s holds, up from 10.",
        "This week: Rhomboid stretch, 3 reps, up from 2.",
    ]


def test_a_session_rated_red_as_a_whole_is_said_as_such(stretch: Stretch, tmp_path: Path) -> None:
    """A step down after a session whose pain rose is said as that session's rating, not as
    the exercise having hurt; one named as hurting is said as hurting."""
    adopt(stretch, tmp_path, PLAN + "levels: {chest-stretch: 2, scapular-squeeze: 2}\n")
    rated(stretch, 1, 0, "2\n5\n3\n3\n")  # up by 3; the squeeze named
    wednesday = rated(stretch, 1, 2, "\n\n\n\n", "--no-pain")  # strengthening
    assert said(wednesday) == [
        "This week: Scapular squeeze, 5 reps, down from 8. It hurt last time: easier until it "
        "settles.",
    ]
    friday = rated(stretch, 1, 4, "\n\n\n\n", "--no-pain")
    assert said(friday) == [
        "This week: Chest stretch, 10 s holds, down from 20. The last session with it was "
        "rated red (pain from 2 to 5/10): easier until it settles.",
    ]


@pytest.mark.parametrize("args", [(), ("upper-back",), ("--json", "--no-pain")])
def test_a_plan_waiting_for_a_check_is_said_at_every_run(
    stretch: Stretch, isolated: Path, args: tuple[str, ...]
) -> None:
    """physio-4 A3: `start` with pain between the shoulder blades nobody has checked writes
    its plan beside, to adopt after the check; every run says so once."""
    answers = [
        "--where",
        "upper-back",
        "--shoulder-blades",
        "unchecked",
        "--no-precautions",
        "--floor",
        "--mat",
        "--ball",
        "--no-red-flags",
        "--chair",
        "--no-bed",
        "--wall",
        "--no-band",
        "--minutes",
        "10",
        "--days",
        "3",
    ]
    assert stretch("start", *answers, wall=MONDAY).code == 1
    path = isolated / "config" / "plan.after-check.yaml"
    assert path.exists()
    result = stretch("run", *args, wall=MONDAY)
    waiting = [line for line in result.err.splitlines() if "waits" in line]
    assert waiting == [
        "stretch: a plan waits for a clinician to check the pain between your shoulder "
        f"blades; once it is checked, adopt it with `stretch plan use {path}`",
    ]
    # Once adopted (after the check), it no longer waits, even once the plan is changed by
    # hand (attack 16, H5: it was compared with the plan, byte for byte).
    assert stretch("plan", "use", str(path), wall=MONDAY).code == 0
    assert not path.exists()
    later = stretch("run", "upper-back", "--json", "--no-pain", wall=MONDAY)
    assert "waits" not in later.err
    plan = isolated / "config" / "plan.yaml"
    plan.write_text(plan.read_text() + "# changed by hand\n")
    edited = stretch("run", "upper-back", "--json", "--no-pain", wall=MONDAY)
    assert "waits" not in edited.err


@pytest.mark.parametrize(
    "how", ["a copy", "a copy put in place by hand", "a plan changed", "another plan"]
)
def test_adopting_a_plan_ends_the_wait(
    stretch: Stretch, isolated: Path, tmp_path: Path, how: str
) -> None:
    """Adopting a plan after the one that waits for a clinician's check was written ends the
    wait, and says so: a copy of it (review 18, F9: the notice came back once the plan was
    edited), the plan file itself made a copy by hand (review 19, F2), the plan the
    clinician changed (review 19, F1: every run then said to adopt the unchanged one; review
    23, F7: it is the waiting plan, checked), or another plan."""
    common = ["--where", "upper-back", "--no-precautions", "--no-red-flags", "--yes"]
    assert stretch("start", *common, "--shoulder-blades", "unchecked", wall=MONDAY).code == 1
    waiting = isolated / "config" / "plan.after-check.yaml"
    plan = isolated / "config" / "plan.yaml"
    source = tmp_path / "copy.yaml"
    source.write_bytes(waiting.read_bytes())
    if how == "a copy put in place by hand":
        source = plan
        plan.write_bytes(waiting.read_bytes())
    elif how == "a plan changed":  # still the waiting plan (review 23, F7)
        source.write_bytes(waiting.read_bytes() + b"# changed by the clinician\n")
    elif how == "another plan":
        source.write_text("days: {mon: upper-back, wed: upper-back, fri: upper-back}\n")
    adopted = stretch("plan", "use", str(source), wall=MONDAY)
    assert adopted.code == 0, adopted.err
    assert not waiting.exists()
    said = (
        "stretch: the plan that waited for a clinician's check (plan.after-check.yaml) is "
        "removed: the plan adopted now is the one you follow (`stretch start` makes one again). "
        "If nobody has checked the pain between your shoulder blades yet, get it checked: see "
        "stretch safety"
        if how == "another plan"
        else "stretch: the plan that waited for a clinician's check is your plan now; its "
        "review date is 30 Nov 2026, 4 weeks from today"
    )
    assert said in adopted.err.splitlines()
    plan.write_text(plan.read_text() + "# changed by hand\n")
    edited = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(hours=1))
    assert edited.code == 0, edited.err
    assert "waits" not in edited.err
    again = stretch("plan", "use", str(tmp_path / "copy.yaml"), wall=MONDAY)
    assert "waited" not in again.err  # nothing waits: nothing said


def test_start_answered_since_ends_the_wait(stretch: Stretch, isolated: Path) -> None:
    """The pain between the shoulder blades checked (or gone) at a later `start`: the plan it
    adopts is the one, and the one that waited no longer waits (review 18, F5)."""
    common = ["--where", "upper-back", "--no-precautions", "--no-red-flags", "--yes"]
    assert stretch("start", *common, "--shoulder-blades", "unchecked", wall=MONDAY).code == 1
    waiting = isolated / "config" / "plan.after-check.yaml"
    assert waiting.exists()
    assert stretch("start", *common, "--shoulder-blades", "checked", wall=MONDAY).code == 0
    assert not waiting.exists()
    result = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert "waits" not in result.err


@pytest.mark.parametrize("kind", ["fifo", "folder", "link to a fifo"])
def test_a_run_never_waits_on_what_is_in_place_of_a_waiting_plan(
    stretch: Stretch, isolated: Path, tmp_path: Path, kind: str
) -> None:
    """A fifo in place of plan.after-check.yaml was opened for reading by every run, which
    then waited for a writer for ever (attack 16, H9); it is not a plan, and is passed by."""
    path = isolated / "config" / "plan.after-check.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(tmp_path / "fifo")
        path.symlink_to(tmp_path / "fifo")
    result = stretch("run", "desk-break", "--json", "--no-pain", wall=MONDAY)
    assert result.code == 0
    assert "waits" not in result.err


def test_start_again_lists_as_the_days_exercises_only_those_the_plan_still_does(
    stretch: Stretch,
) -> None:
    """physio-4 A13: `start` again with the same answers keeps the plan's progress (its
    left-outs too); the exercises it lists for each routine are those a session does, and
    those left out are named as such."""
    answers = [
        *("--where", "upper-back", "--shoulder-blades", "checked", "--no-precautions"),
        *("--floor", "--no-mat", "--chair", "--ball", "--wall", "--no-band", "--no-bed"),
        *("--minutes", "10", "--days", "3", "--no-red-flags"),
    ]
    first = stretch("start", *answers, wall=MONDAY - timedelta(days=1))
    assert first.code == 0, first.err
    assert "Exercises:   Chin tuck, Scapular squeeze, Seated row" in first.out
    for weekday in (0, 4):  # strengthening first on Monday and Friday: 9/10, the chin tuck
        rated(stretch, 1, weekday, "2\n9\n6\n1\n")  # named as hurting both times
    found = standings(stretch, day(1, 5))
    out = [name for name, e in found.items() if e["left_out"]]
    assert out == ["chin-tuck"]
    again = stretch("start", *answers, wall=day(1, 5))
    assert again.code == 0, again.err
    listed = [line for line in again.out.splitlines() if line.startswith(("Exercises", "Left"))]
    assert listed == [
        "Exercises:   Chest stretch, Rhomboid stretch, Scapular squeeze",
        "Exercises:   Scapular squeeze, Seated row",
        "Left out:    Chin tuck (stretch plan says why)",
    ]


# --- The rules, over any mix of sessions, ratings and answers ------------------------------

PLAN_DAYS: dict[Weekday, str] = {
    "mon": "desk-upper-back",
    "wed": "strength-upper-back",
    "fri": "upper-back",
}
STATUSES: list[ExerciseStatus | None] = ["done", "partial", "hurt", None]
RATING = st.one_of(st.none(), st.integers(0, 10))


def _plan() -> Plan:
    days = tuple(PLAN_DAYS.items())
    return Plan(schedule=Schedule(days=days), rules=DEFAULT_RULES)


@st.composite
def pasts(draw: st.DrawFn) -> PlanPast:
    """Four weeks of sessions of the plan's routines (each exercise done, begun, ended with
    `h` or named after), each rated or not, and answers "pain" about any of those weeks."""
    c = catalog()
    sessions = []
    for n in range(draw(st.integers(0, 16))):
        routine = c.routines[draw(st.sampled_from(sorted(PLAN_DAYS.values())))]
        at = MONDAY + timedelta(days=draw(st.integers(0, 27)), minutes=n)
        steps = dict.fromkeys(step.exercise for step in routine.steps)
        results = tuple(
            ExerciseResult(name, status, 2, {"done": 2, "partial": 1, "hurt": 2}[status])
            for name in steps
            if (status := draw(st.sampled_from(STATUSES))) is not None
        )
        sessions.append(
            Session(
                id=n + 1,
                routine=routine.id,
                started_at=at,
                ended_at=at + timedelta(minutes=10),
                status="completed",
                seconds=600.0,
                pain_before=draw(RATING),
                pain_after=draw(RATING),
                options={},
                last_step=None,
                exercises=results,
                uid=f"{n:032d}",
                difficulty=draw(RATING),
            )
        )
    weeks = draw(st.lists(st.integers(0, 3), unique=True, max_size=3))
    answers = tuple(
        Answer(
            MONDAY + timedelta(weeks=w + 1, hours=1),
            (MONDAY + timedelta(weeks=w)).date(),
            "pain",
            1,
            3,
        )
        for w in sorted(weeks)
    )
    now = MONDAY + timedelta(weeks=5)
    return PlanPast(now, (), tuple(sorted(sessions, key=lambda s: s.started_at)), answers)


def _follow(past: PlanPast) -> Followed:
    c = catalog()
    return follow_from(past, _plan(), LADDERS, c.routines, c.exercises).followed


@settings(deadline=None, max_examples=150)
@given(pasts())
def test_no_mix_of_sessions_ratings_and_answers_empties_a_routine(past: PlanPast) -> None:
    c, plan = catalog(), _plan()
    standings = _follow(past).progress.standings
    for name in PLAN_DAYS.values():
        routine = routine_at_levels(c.routines[name], plan, standings, LADDERS)
        assert routine_done(plan, routine, c.exercises), (name, standings)


@settings(deadline=None, max_examples=150)
@given(pasts())
def test_an_answer_about_a_week_counts_only_for_what_that_week_held(past: PlanPast) -> None:
    followed = _follow(past)
    for decision in followed.progress.decisions:
        if not decision.session.startswith("barrier-"):
            continue
        monday = date.fromisoformat(decision.session.removeprefix("barrier-"))
        held = {
            result.exercise
            for s in past.sessions
            if monday <= s.started_at.date() < monday + timedelta(days=7)
            for result in s.exercises
        }
        assert decision.exercise in held, decision


@settings(deadline=None, max_examples=150)
@given(pasts())
def test_a_line_about_an_exercise_is_said_only_at_a_session_that_holds_it(
    past: PlanPast,
) -> None:
    c = catalog()
    followed = _follow(past)
    names = {e.name: e.id for e in c.exercises.values()}
    for routine in PLAN_DAYS.values():
        holds = followed.holds(routine)
        for line in followed.said_next(routine):
            about = line.removeprefix("This week: ")
            found = [n for n in names if about.startswith((n + " ", n + ","))]
            assert found, line
            assert names[max(found, key=len)] in holds, (routine, line)


def test_while_a_plan_waits_for_the_check_plan_history_and_a_run_say_so(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 19, F16: minutes after 'get seen today', `stretch plan` said "you have no plan
    yet" (start again), `stretch history` "Start one with: stretch run upper-back", and a
    run "new here? `stretch start` ..." to one who had answered every question of it."""
    monkeypatch.setenv("COLUMNS", "1000")  # the path on one line
    common = ["--where", "upper-back", "--no-precautions", "--no-red-flags", "--yes"]
    assert stretch("start", *common, "--shoulder-blades", "unchecked", wall=MONDAY).code == 1
    waiting = isolated / "config" / "plan.after-check.yaml"
    plan = stretch("plan", wall=MONDAY)
    assert plan.code == 1
    assert plan.err == (
        "stretch: you have no plan in use yet: one waits for a clinician to check the pain "
        "between your shoulder blades (once it is checked, adopt it with `stretch plan use "
        f"{waiting}`)\n"
    )
    history = stretch("history", wall=MONDAY)
    assert " ".join(history.out.split()) == (
        "No sessions yet. A plan waits for a clinician to check the pain between your shoulder "
        f"blades: once it is checked, adopt it with: stretch plan use {waiting}"
    )
    assert stretch("plan", "use", str(waiting), wall=MONDAY).code == 0
    assert " ".join(stretch("history", wall=MONDAY).out.split()) == (
        "No sessions yet. Start one with: stretch run (today's routine of your plan)"
    )


def _waiting_beside_a_plan(stretch: Stretch, isolated: Path, tmp_path: Path) -> Path:
    """A plan in use, then a `start` that ends in "get seen today": the plan that waits."""
    source = tmp_path / "mine.yaml"
    source.write_text("days: {mon: desk-break}\n", encoding="utf-8")
    assert stretch("plan", "use", str(source), wall=MONDAY).code == 0
    common = ["--where", "upper-back", "--no-precautions", "--no-red-flags", "--yes"]
    assert stretch("start", *common, "--shoulder-blades", "unchecked", wall=MONDAY).code == 1
    return isolated / "config" / "plan.after-check.yaml"


def test_adopting_the_plan_in_use_again_leaves_the_wait(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """Review 20, F3: `plan use` of the plan already in use (its own file) removed the plan
    that waits for the check, and with it the notice; nothing was adopted."""
    waiting = _waiting_beside_a_plan(stretch, isolated, tmp_path)
    again = stretch("plan", "use", str(isolated / "config" / "plan.yaml"), wall=MONDAY)
    assert again.code == 0, again.err
    assert waiting.exists() and "waited" not in again.err
    assert "a plan waits" in stretch("run", "--json", "--no-pain", wall=MONDAY).err


def test_while_a_plan_is_in_use_the_one_that_waits_for_the_check_is_named_by_plan_and_history(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 20, F2: with a plan in use, a `start` that ended in "get seen today" wrote the
    plan that waits, and `stretch plan` and an empty `stretch history` said nothing of it."""
    monkeypatch.setenv("COLUMNS", "1000")  # the path on one line
    waiting = _waiting_beside_a_plan(stretch, isolated, tmp_path)
    notice = (
        "stretch: a plan waits for a clinician to check the pain between your shoulder blades; "
        f"once it is checked, adopt it with `stretch plan use {waiting}`\n"
    )
    plan = stretch("plan", wall=MONDAY)
    assert (plan.code, plan.err) == (0, notice)
    assert "desk-break" in plan.out
    assert " ".join(stretch("history", wall=MONDAY).out.split()) == (
        "No sessions yet. A plan waits for a clinician to check the pain between your shoulder "
        f"blades: once it is checked, adopt it with: stretch plan use {waiting}. Start one "
        "with: stretch run (today's routine of your plan)"
    )
    assert stretch("plan", "use", str(waiting), wall=MONDAY).code == 0
    assert stretch("plan", wall=MONDAY).err == ""
    assert " ".join(stretch("history", wall=MONDAY).out.split()) == (
        "No sessions yet. Start one with: stretch run (today's routine of your plan)"
    )
