""" "This hurts": `h` during a session ends the exercise at once (every phase it has left,
both sides), says a calm line with the safety signs (and the alternative, where there is
one), records the exercise as hurt, and the plan steps it down at the next session."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from stretchcli.env import Environment
from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.records import ExerciseResult, Session
from stretchcli.session.coaching import SessionInfo, script
from stretchcli.session.options import RunOptions
from stretchcli.session.planning import plan
from stretchcli.session.questions import ask_hurt
from stretchcli.session.runner import Runner, RunState, results
from stretchcli.session.timeline import build
from stretchcli.session.wording import hurt_said
from stretchcli.views.live import session_view
from tests.conftest import BUILTIN, Stretch
from tests.fakes import START, FakeTerminal, Recorder, TypedAtTerminal
from tests.test_runner import PHASES, TOTAL

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZONE)
PLAN = """\
written_by: A. Physio, physiotherapist
days: {mon: desk-upper-back, wed: desk-upper-back, fri: desk-upper-back}
levels: {scapular-squeeze: 2}
"""
SAFETY = (
    "If the pain is sharp, or you feel numbness or tingling, stop for today. When to get "
    "help: run stretch safety."
)


@given(st.floats(min_value=0.0, max_value=TOTAL - 0.01))
def test_h_ends_the_exercise_at_once_and_the_next_one_starts(at: float) -> None:
    terminal = FakeTerminal([(at, "h")])
    recorder = Recorder(terminal)
    state = Runner(PHASES, terminal, terminal, recorder).run()
    hurt = [e for e in recorder.events if e[0] == "hurt"]
    assert len(hurt) == 1 and hurt[0][3] == round(at, 6)
    pressed = PHASES[hurt[0][1]]  # at a phase's last moment, the phase ending then
    assert pressed.offset <= at <= pressed.offset + pressed.duration
    statuses = [r.status for r in results(state)]
    after_key = recorder.events[recorder.events.index(hurt[0]) + 1 :]
    starts = [(i, t) for e, i, _, t in after_key if e == "phase"]
    if pressed.kind == "rest" and PHASES[pressed.index - 1].step != pressed.step:
        # Resting before the next exercise: the one just done hurt; the rest goes on.
        assert state.hurt == {pressed.step - 1}
        assert starts == [(p.index, p.offset) for p in PHASES[pressed.index + 1 :]]
        assert statuses == ["hurt", "done"]
        return
    assert state.hurt == {pressed.step}
    following = [p for p in PHASES if p.step > pressed.step]
    if following:  # the next exercise starts now, and runs its whole time from there
        assert starts[0] == (following[0].index, round(at, 6))
        assert [i for i, _ in starts] == [p.index for p in following]
        assert state.status == "completed"
        end = at + sum(p.duration for p in following)
        assert abs(state.elapsed(state.ended) - end) < 1e-6
    else:  # it was the last: the session ends there
        assert starts == [] and recorder.events[-1][0] == "end" and state.ended == START + at
        # Review 24, F10: the person did all that did not hurt; they did not stop. A session
        # that held nothing at all is not counted as done.
        assert state.status == ("completed" if state.done_holds else "stopped")
    assert statuses[pressed.step] == "hurt"
    assert all(s == "done" for i, s in enumerate(statuses) if i > pressed.step)


def test_the_hurt_status_goes_through_export_and_import(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stretch("run", "desk-upper-back", "--json", keys=[(200, "h")]).code == 0
    exported = stretch("history", "export").out
    assert '"status":"hurt"' in exported
    # Read back as an import reads it, and into another history.
    line = json.loads(exported.splitlines()[1])
    session = Session.from_record(line)
    assert session.exercises[1] == ExerciseResult("rhomboid-stretch", "hurt", 3, 0)
    path = tmp_path / "history.jsonl"
    path.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("STRETCH_STATE_DIR", str(tmp_path / "other"))
    imported = stretch("history", "import", str(path))
    assert (imported.code, imported.err) == (0, "")
    assert stretch("history", "export").out == exported


def test_plain_says_the_key_and_the_calm_line(stretch: Stretch) -> None:
    # In the rhomboid stretch's second hold (4:06 to 4:36): it has an alternative.
    result = stretch("run", "desk-upper-back", "--plain", keys=[(248, "h")], typed="")
    lines = result.out.splitlines()
    assert lines[8] == (
        "Keys: space pauses and resumes, n goes to the next phase, b goes back, plus and "
        "minus make the hold 5 seconds longer or shorter, h ends an exercise that hurts, q "
        "stops."
    )
    said = lines.index(
        "Rhomboid stretch (chair) ends here. Ease out of the position slowly, and breathe. It "
        "is noted in your history. To do Ball pressure on trigger points in its place, avoid "
        f"bending forward next time (--avoid flexion). {SAFETY}"
    )
    assert lines[said - 1].startswith(
        " 4:06  hold 30 seconds        Rhomboid stretch (chair), rep 2"
    )
    # Nothing more of it: the rest starts at once, and its line says when it really starts.
    assert lines[said + 1].startswith(" 4:08  rest 7 seconds ")
    assert lines[-4:] == [
        "done: Chest stretch, Scapular squeeze",
        "ended because it hurt: Rhomboid stretch (chair)",
        SAFETY,  # at the end too: the live screen's calm line is gone by then (review 19, F5)
        "Your 1st session this week.",
    ]


@pytest.mark.parametrize("key", ["n", "h"])
@pytest.mark.parametrize("at", [100, 130, 248, 301])
def test_plain_lines_say_when_each_phase_really_starts(stretch: Stretch, key: str, at: int) -> None:
    """A key that ends a phase early (n, h): the next line's time is the session's time when
    it starts, not the plan's (a listener to plain output keeps the real time)."""
    result = stretch("run", "desk-upper-back", "--plain", keys=[(at, key)], typed="")
    timed = [re.match(r" ?(\d+):(\d\d)  ", line) for line in result.out.splitlines()]
    seconds = [int(m[1]) * 60 + int(m[2]) for m in timed if m]
    later = [s for s in seconds if s > at - 1]
    assert later and later[0] == at  # the phase after the key starts then
    assert seconds == sorted(seconds)


def test_json_has_the_hurt_event_and_the_history_the_status(stretch: Stretch) -> None:
    result = stretch("run", "desk-upper-back", "--json", keys=[(248, "h")])
    events = [json.loads(line) for line in result.out.splitlines()]
    hurt = [e for e in events if e["event"] == "hurt"]
    assert hurt == [
        {
            "event": "hurt",
            "exercise": "rhomboid-stretch",
            "step": 1,
            "index": 10,
            "elapsed": 248.0,
            "said": (
                "Rhomboid stretch (chair) ends here. Ease out of the position slowly, and "
                "breathe. It is noted in your history. To do Ball pressure on trigger points "
                f"in its place, avoid bending forward next time (--avoid flexion). {SAFETY}"
            ),
        }
    ]
    after = events[events.index(hurt[0]) + 1]  # the rest before the next exercise, at once
    assert (after["kind"], after["exercise"], after["offset"]) == (
        "rest",
        "scapular-squeeze",
        316.0,
    )
    history = json.loads(stretch("history", "--json").out)
    assert [(e["exercise"], e["status"], e["done"]) for e in history[0]["exercises"]] == [
        ("chest-stretch", "done", 3),
        ("rhomboid-stretch", "hurt", 1),
        ("scapular-squeeze", "done", 10),
    ]


def test_h_on_the_plan_steps_the_exercise_down_next_time(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # `stretch plan`'s reasons on one line
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    # Today's plan: the squeeze at level 2 (8 reps of 5 s); `h` in its third hold.
    first = stretch("run", "--json", "--no-pain", keys=[(285, "h")], wall=MONDAY)
    events = [json.loads(line) for line in first.out.splitlines()]
    hurt = next(e for e in events if e["event"] == "hurt")
    assert hurt["exercise"] == "scapular-squeeze"
    assert hurt["said"].startswith(
        "Scapular squeeze ends here. Ease out of the position slowly, and breathe. It is "
        "noted, and your plan will make it gentler next time."
    )
    wednesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=2))
    assert wednesday.err.splitlines()[:2] == [
        "stretch: today's plan: desk-upper-back",
        "stretch: This week: Scapular squeeze, 5 reps, down from 8. It hurt last time: easier "
        "until it settles.",
    ]
    squeezes = [
        e
        for e in map(json.loads, wednesday.out.splitlines())
        if e["event"] == "phase" and e["kind"] == "hold" and e["exercise"] == "scapular-squeeze"
    ]
    assert len(squeezes) == 5
    shown = stretch("plan", wall=MONDAY + timedelta(days=2)).out
    assert "down: you said Scapular squeeze hurt (2 Nov 2026)" in shown


def live(width: int, eased: bool) -> list[str]:
    """The live screen 3 s into the rest after the thoracic rotation of upper-back, as `h`
    in its hold left it (`eased`), or as time did."""
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    phases = build(routine_plan, coach="full")
    rotation = next(p.step for p in phases if p.exercise == "thoracic-rotation")
    after = next(p for p in phases if p.step == rotation + 1)
    state = RunState(phases, index=after.index, phase_started=after.offset)
    state.deadline = after.offset + after.duration
    state.eased = (after.index, rotation) if eased else None
    steps = [step.exercise for step in routine_plan.steps]
    cues = script(phases, steps, intro=routine_plan.intro)
    said = [hurt_said(e, catalog.exercises.get(e.alternative or ""), False) for e in steps]
    info = SessionInfo(routine.name, steps, cues, routine_plan.intro, said)
    console = Console(file=io.StringIO(), width=width, no_color=True, color_system=None)
    console.print(session_view(state, info, after.offset + 3, width, figures=False))
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


def test_the_live_screen_shows_the_calm_line_in_the_phase_h_led_to() -> None:
    shown, before = live(80, eased=True), live(80, eased=False)
    said = [line.strip("│ ") for line in shown if line not in before]
    assert said == [
        "Seated thoracic rotation ends here. Ease out of the position slowly, and",
        "breathe. It is noted in your history. To do Ball pressure on trigger points",
        "in its place, avoid twisting next time (--avoid rotation). If the pain is",
        "sharp, or you feel numbness or tingling, stop for today. When to get help:",
        "run stretch safety.",
    ]
    assert shown[-1] == "space pause · n next · b back · +/- 5 s · h it hurts · q quit"


QUESTION = (
    "Did one of them hurt? 1 Chest stretch, 2 Rhomboid stretch (chair), 3 Scapular squeeze "
    "(its number; Enter for none): "
)


def test_after_the_session_the_exercise_that_hurt_is_asked_for(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # each line on one line: wrapping is tested on its own
    # Pain before, pain after, how hard, then which hurt: a wrong answer is asked again.
    result = stretch("run", "desk-upper-back", "--plain", "--pain", typed="2\n5\n3\n0\n2\n")
    assert result.code == 0
    assert result.err.endswith(
        f"{QUESTION}Please type a number from 1 to 3, or press Enter.\n{QUESTION}"
        f"Noted: Rhomboid stretch (chair) hurt. {SAFETY}\n"
    )
    session = json.loads(stretch("history", "--json").out)[0]
    assert (session["pain_after"], session["difficulty"]) == (5, 3)
    assert [(e["exercise"], e["status"]) for e in session["exercises"]] == [
        ("chest-stretch", "done"),
        ("rhomboid-stretch", "hurt"),
        ("scapular-squeeze", "done"),
    ]


def test_the_question_is_skippable_and_never_asked_without_a_terminal(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # each line on one line: wrapping is tested on its own
    skipped = stretch("run", "desk-upper-back", "--plain", "--pain", typed="2\n1\n2\n\n")
    # Enter for none is acknowledged in one line, as a number is.
    assert skipped.err.endswith(f"{QUESTION}Noted: none of them hurt.\n")
    piped = stretch("run", "desk-upper-back", "--plain", "--pain")
    assert "hurt" not in piped.err
    # An exercise ended with `h` is not offered again; with none left, nothing is asked.
    keyed = stretch(  # (y: to start after the first session's 2 -> 5, red: review 19, F17)
        "run", "desk-upper-back", "--plain", "--pain", keys=[(248, "h")], typed="y\n2\n1\n2\n\n"
    )
    assert keyed.err.endswith(
        "Did one of them hurt? 1 Chest stretch, 2 Scapular squeeze (its number; Enter for none): "
        "Noted: none of the others hurt.\n"
    )
    statuses = [
        [e["status"] for e in s["exercises"]] for s in json.loads(stretch("history", "--json").out)
    ]
    assert statuses == [["done"] * 3, ["done"] * 3, ["done", "hurt", "done"]]


def test_what_was_too_much_last_time_is_said_again_at_its_get_ready_and_aloud(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Review 21, F8: "It hurt last time: easier until it settles" was said once on stderr
    before the live screen, minutes before the squeeze, and never aloud. The squeeze's
    get-ready says it again, on every channel, and only at the session after the hurt."""
    from stretchcli.plan.words import EASED_CAUTION

    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    assert stretch("run", "--json", "--no-pain", keys=[(285, "h")], wall=MONDAY).code == 0

    def said_at_getready(out: str) -> dict[str, str]:
        return {
            e["exercise"]: " ".join(u["text"] for u in e["spoken"])
            for e in map(json.loads, out.splitlines())
            if e["event"] == "phase" and e["kind"] == "prepare"
        }

    wednesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=2))
    said = said_at_getready(wednesday.out)
    assert [name for name, text in said.items() if EASED_CAUTION in text] == ["scapular-squeeze"]
    squeeze = next(
        e for e in map(json.loads, wednesday.out.splitlines())
        if e["event"] == "phase" and e["kind"] == "prepare" and e["exercise"] == "scapular-squeeze"
    )  # fmt: skip
    assert EASED_CAUTION in str(squeeze["cue"]) + str(squeeze["caution"])  # shown as well
    friday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=4))
    assert not [t for t in said_at_getready(friday.out).values() if EASED_CAUTION in t]


def test_what_was_too_much_is_said_until_a_session_reaches_it(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Review 23, F11: a session stopped before the squeeze used up "too much last time",
    and the next one that did the squeeze did not say it."""
    from stretchcli.plan.words import EASED_CAUTION

    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    assert stretch("run", "--json", "--no-pain", keys=[(285, "h")], wall=MONDAY).code == 0

    def eased(out: str) -> list[str]:
        return [
            e["exercise"]
            for e in map(json.loads, out.splitlines())
            if e["event"] == "phase"
            and e["kind"] == "prepare"
            and EASED_CAUTION in " ".join(u["text"] for u in e["spoken"])
        ]

    stopped = stretch("run", "--json", "--no-pain", keys=[(150, "q")], wall=MONDAY + timedelta(2))
    reached = [e["exercise"] for e in map(json.loads, stopped.out.splitlines()) if "kind" in e]
    assert reached[-1] == "rhomboid-stretch"  # stopped before the squeeze, after a minute
    assert stopped.code == 0 and eased(stopped.out) == []
    friday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=4))
    assert eased(friday.out) == ["scapular-squeeze"]
    # and the line before the run, as well (review 24, F7)
    down = "stretch: This week: Scapular squeeze, 5 reps, down from 8."
    assert down in stopped.err and down in friday.err
    sunday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=6))
    assert eased(sunday.out) == [] and down not in sunday.err


def test_named_after_the_session_on_a_plan_it_steps_down_next_time(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # each line on one line: wrapping is tested on its own
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    first = stretch("run", "--plain", typed="1\n1\n2\n3\n", wall=MONDAY)
    assert first.err.endswith(
        f"Noted: Scapular squeeze hurt. Your plan will make it gentler next time. {SAFETY}\n"
    )
    wednesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=2))
    assert wednesday.err.splitlines()[1] == (
        "stretch: This week: Scapular squeeze, 5 reps, down from 8. It hurt last time: easier "
        "until it settles."
    )


def test_h_with_a_pain_rise_steps_that_exercise_and_the_others_down(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # `stretch plan`'s reasons on one line
    path = tmp_path / "plan.yaml"
    path.write_text(
        PLAN.replace("{scapular-squeeze: 2}", "{scapular-squeeze: 2, chest-stretch: 3}")
    )
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    # `h` in the squeeze's third hold; pain 2 before, 4 after (up by 2), difficulty 3.
    first = stretch("run", "--plain", keys=[(285, "h")], typed="2\n4\n3\n\n", wall=MONDAY)
    assert first.code == 0
    shown = stretch("plan", wall=MONDAY + timedelta(days=2)).out
    assert (
        "down: you said Scapular squeeze hurt; pain rose from 2 to 4/10, by 2 or more (2 Nov 2026)"
    ) in shown
    lines = shown.splitlines()
    chest = lines.index("Chest stretch        2/5   3 × 20 s")
    assert lines[chest + 1] == "  down: pain rose from 2 to 4/10, by 2 or more (2 Nov 2026)"


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (
            "3",
            "stretch: Scapular squeeze hurt last time, and it is at its easiest already: keep it "
            "small, well short of pain, and stop it if it hurts again.",
        ),
        (
            "2",
            "stretch: Rhomboid stretch hurt last time, and it is at its easiest already: keep it "
            "small, well short of pain, and stop it if it hurts again. To do Ball pressure on "
            "trigger points in its place, run with --avoid flexion.",
        ),
    ],
)
def test_what_hurt_at_its_lowest_level_is_said_as_the_next_session_starts(
    stretch: Stretch, tmp_path: Path, number: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No easier level to step down to: the next session still says it hurt, to keep it
    small and stop if it hurts again, and its alternative where it has one."""
    monkeypatch.setenv("COLUMNS", "1000")  # each line on one line: wrapping is tested on its own
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("levels: {scapular-squeeze: 2}\n", ""), encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    first = stretch("run", "--plain", typed=f"1\n1\n2\n{number}\n", wall=MONDAY)
    assert first.code == 0, first.err
    # Not "your plan will make it gentler": it cannot be.
    name = {"3": "Scapular squeeze", "2": "Rhomboid stretch (chair)"}[number]
    assert first.err.endswith(
        f"Noted: {name} hurt. It is at its easiest already: your next session will start "
        f"with a word on it. {SAFETY}\n"
    )
    wednesday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=2))
    assert wednesday.err.splitlines()[:2] == ["stretch: today's plan: desk-upper-back", said]
    # Said once: the session after it does not say it again.
    friday = stretch("run", "--json", "--no-pain", wall=MONDAY + timedelta(days=4))
    assert friday.err.splitlines()[1:2] != [said]


@given(count=st.integers(1, 9), data=st.data())
def test_at_a_terminal_one_key_answers_which_hurt(count: int, data: st.DataObject) -> None:
    """Fewer than 10 choices: the digit answers at once (no Enter), echoed; any other key is
    asked again; Enter is none."""
    names = [f"Exercise {n}" for n in range(1, count + 1)]
    wrong = data.draw(st.sampled_from(["0", "x", str(count + 1) if count < 9 else "0"]))
    chosen = data.draw(st.integers(1, count))
    keys = iter([wrong, str(chosen)])
    err = io.StringIO()
    env = Environment(TypedAtTerminal(""), io.StringIO(), err, {"COLUMNS": "1000"})
    assert ask_hurt(env, names, lambda: next(keys)) == chosen - 1
    listed = ", ".join(f"{n} {name}" for n, name in enumerate(names, 1))
    which = "it" if count == 1 else "one of them"
    question = f"Did {which} hurt? {listed} (press its number; Enter for none): "
    shown = wrong if wrong.isdigit() else ""
    numbers = "1" if count == 1 else f"a number from 1 to {count}"
    assert err.getvalue() == (
        f"{question}{shown}\nPlease press {numbers}, or press Enter.\n{question}{chosen}\n"
    )
    enter = Environment(TypedAtTerminal(""), io.StringIO(), io.StringIO(), {})
    assert ask_hurt(enter, names, lambda: "\r") is None


OFFER = "To do Ball pressure on trigger points in its place"


def test_h_never_offers_a_stand_in_the_run_avoids(stretch: Stretch, user_routines: Path) -> None:
    """An alternative with a movement the run avoids is not offered: `--avoid` would not swap
    it in either (here the ball, given a twist in the person's own copy of its file)."""
    built_in = (BUILTIN / "exercises" / "ball-pressure.yaml").read_text(encoding="utf-8")
    twisted = built_in.replace("movements: []", "movements: [rotation]")
    assert twisted != built_in
    (user_routines / "exercises" / "ball-pressure.yaml").write_text(twisted, encoding="utf-8")
    args = ("run", "desk-upper-back", "--plain")
    assert OFFER in stretch(*args, keys=[(240, "h")], typed="").out
    result = stretch(*args, "--avoid", "rotation", keys=[(240, "h")], typed="")
    assert "Rhomboid stretch (chair) ends here." in result.out and OFFER not in result.out


def test_h_never_offers_what_the_plan_leaves_out(stretch: Stretch, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("days: {mon: upper-back}\nleave_out: {ball-pressure: no ball}\n")
    assert stretch("plan", "use", str(plan)).code == 0
    result = stretch("run", "desk-upper-back", "--plain", keys=[(240, "h")], typed="")
    assert "Rhomboid stretch (chair) ends here." in result.out and OFFER not in result.out


def test_an_exercise_done_in_full_and_named_after_the_session_counts_as_done(
    stretch: Stretch,
) -> None:
    """Naming an exercise as painful after a session says it hurt, not that it was not done:
    the report counts every exercise that ran all its holds, named or not."""
    named = stretch("run", "desk-upper-back", "--plain", "--pain", typed="2\n5\n3\n2\n")
    assert named.code == 0
    session = json.loads(stretch("history", "--json").out)[0]
    assert [(e["status"], e["holds"] == e["done"]) for e in session["exercises"]] == [
        ("done", True),
        ("hurt", True),
        ("done", True),
    ]
    report = json.loads(stretch("report", "--format", "json").out)
    assert [(s["exercises"], s["exercises_done"]) for s in report["sessions"]] == [(3, 3)]
    assert "| completed | " in stretch("report").out
    assert " | 3 of 3 | 2 → 5 | 3 |" in stretch("report").out
    # One ended with `h` before its last hold ran its time is not done in full.
    keyed = stretch(  # (y: to start after the first session's 2 -> 5, red: review 19, F17)
        "run", "desk-upper-back", "--plain", "--pain", keys=[(248, "h")], typed="y\n2\n1\n2\n\n"
    )
    assert keyed.code == 0
    report = json.loads(stretch("report", "--format", "json").out)
    assert [(s["exercises"], s["exercises_done"]) for s in report["sessions"]] == [(3, 3), (3, 2)]


def test_h_at_the_get_ready_of_the_only_exercise_still_says_when_to_stop_and_asks_the_pain(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 19, F5: `h` two seconds into the get-ready of a run of one exercise ended it at
    once: on the live screen the calm line went with the screen, and no pain after was asked
    (nothing was "done"). The end says when to stop, and the pain now is asked."""
    monkeypatch.setenv("COLUMNS", "1000")
    result = stretch(
        "run", "desk-break", "--only", "rhomboid-stretch", "--plain", "--pain",
        keys=[(2, "h")], typed="3\n4\n2\n",
    )  # fmt: skip
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "ended because it hurt: Rhomboid stretch (chair)" in lines
    assert lines[-1] == SAFETY
    assert "And now: how much pain do you have" in result.err
    (session,) = [s for s in json.loads(stretch("history", "--json").out) if "routine" in s]
    assert (session["pain_before"], session["pain_after"]) == (3, 4)


def test_without_a_plan_what_hurt_last_time_is_said_at_its_get_ready(stretch: Stretch) -> None:
    """Review 23, F4: with no plan (the README's first command), an exercise ended with `h`
    came back at the next run at the same dose without a word. Its get-ready says so, and
    the run says so first; once it is done without hurting, no more."""
    from stretchcli.plan.words import EASED_CAUTION

    args = ("run", "desk-upper-back", "--only", "scapular-squeeze", "--json", "--no-pain")
    first = stretch(*args, keys=[(60, "h")], wall=MONDAY)
    assert any(json.loads(line)["event"] == "hurt" for line in first.out.splitlines())

    def said(out: str) -> str:
        return " ".join(
            " ".join(u["text"] for u in e["spoken"])
            for e in map(json.loads, out.splitlines())
            if e["event"] == "phase" and e["kind"] == "prepare"
        )

    second = stretch(*args, wall=MONDAY + timedelta(days=1))
    assert second.code == 0, second.err
    assert EASED_CAUTION in said(second.out)
    assert (
        "stretch: Scapular squeeze hurt last time: keep it well short of pain today, and stop "
        "it if it hurts." in second.err.splitlines()
    ), second.err
    third = stretch(*args, wall=MONDAY + timedelta(days=2))
    assert EASED_CAUTION not in said(third.out) and "hurt last time" not in third.err


def test_what_hurt_last_time_is_said_in_a_variant_with_cautions_of_its_own(
    stretch: Stretch,
) -> None:
    """A variant's own cautions replace the exercise's: the ball on the floor still says
    what hurt last time."""
    from stretchcli.plan.words import EASED_CAUTION

    args = ("run", "trigger-point-release", "--variant", "ball-pressure=floor", "--json",
            "--no-pain")  # fmt: skip
    first = stretch(*args, keys=[(150, "h")], wall=MONDAY)
    assert any(json.loads(line)["event"] == "hurt" for line in first.out.splitlines())
    second = stretch(*args, wall=MONDAY + timedelta(days=1))
    getready = next(
        e for e in map(json.loads, second.out.splitlines())
        if e["event"] == "phase" and e["kind"] == "prepare"
    )  # fmt: skip
    assert EASED_CAUTION in " ".join(u["text"] for u in getready["spoken"])
