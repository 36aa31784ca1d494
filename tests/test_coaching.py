"""Coaching: the setup, the action, the count, the side, the breath, the cautions and the end
of each hold reach a person who is not looking, on every channel (plain lines, JSON, voice),
on time at any speech rate, heard through a fake speech engine on a fake clock that takes as
long to say a line as the rate it was given says."""

from __future__ import annotations

import functools
import io
import itertools
import json
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import RATE, RATES, Coach, Exercise, Phase, Side
from stretchcli.session import coaching, holds, moves, wording
from stretchcli.session.cues import Cues, Speaker, speech_command
from stretchcli.session.holds import Coaching, Cue
from stretchcli.session.pacing import Said
from stretchcli.session.runner import WAITING_TICK
from stretchcli.session.speech import speech_seconds
from tests.conftest import BUILTIN, Stretch
from tests.fakes import START, FakeTerminal, eventually

ROUTINE = "upper-back"
ROUTINES = sorted(p.stem for p in BUILTIN.glob("*.yaml"))
SAFETY = "Not medical advice. Stop if you feel sharp pain, numbness or tingling."


@functools.cache
def _builtin() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _builtin()


@dataclass
class Utterance:
    at: float  # seconds after the start of the session
    text: str
    ends: float
    cut_at: float | None = None


@dataclass
class FakeSpeech:
    """A speech engine on the fake clock: each utterance lasts as long as it takes at the
    rate on its command line (`-s WPM`, as espeak-ng takes it), and records when it was
    started and whether it was cut short; `waited` holds the cues that had to wait for the
    one before them. `latency` is how long the engine takes to start speaking."""

    clock: FakeTerminal
    latency: float = 0.0
    said: list[Utterance] = field(default_factory=list)
    waited: list[str] = field(default_factory=list)
    rates: set[float] = field(default_factory=set)
    lags: list[float] = field(default_factory=list)  # from a cue's end to the waiting one

    def popen(self, args: list[str], **kwargs: object) -> FakeSpeaking:
        assert "shell" not in kwargs
        rate = float(args[args.index("-s") + 1])  # no rate given: the test fails here
        self.rates.add(rate)
        text = args[-1]
        now = self.clock.now() - START
        ends = now + self.latency + speech_seconds(text, rate)
        self.said.append(Utterance(now, text, ends))
        return FakeSpeaking(self, self.said[-1])


@dataclass
class FakeSpeaking:
    speech: FakeSpeech
    utterance: Utterance
    waited: bool = False

    def poll(self) -> int | None:
        done = self.waited or self.speech.clock.now() - START >= self.utterance.ends
        return 0 if done else None

    def terminate(self) -> None:
        self.utterance.cut_at = self.speech.clock.now() - START
        self.waited = True  # it ends on SIGTERM

    def wait(self, timeout: float | None = None) -> int:
        left = self.utterance.ends - (self.speech.clock.now() - START)
        if timeout is not None and not self.waited and left > timeout:
            raise subprocess.TimeoutExpired("espeak-ng", timeout)  # still talking then
        if not self.waited:  # the caller waits until it is said
            self.speech.clock.sleep(left)
        self.waited = True
        return 0


@dataclass
class Session:
    code: int
    out: str
    err: str
    said: list[Utterance]
    waited: list[str]
    rates: set[float]
    lags: list[float]

    def lines(self) -> list[str]:
        return [line.replace("\u00a0", " ") for line in self.out.splitlines()]

    def texts(self) -> list[str]:
        return [u.text for u in self.said]

    def events(self) -> list[dict[str, object]]:
        """The phases of a --json run."""
        return [json.loads(line) for line in self.out.splitlines()][:-1]


Invoke = Callable[..., Session]


@pytest.fixture
def session(stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """`stretch run ARGS` on a fake clock, heard through a fake espeak-ng on it; each run
    with a history of its own, as a newcomer's first (so it hears everything), unless runs
    name the same `history`."""
    runs = itertools.count()

    def invoke(
        *args: str,
        keys: Sequence[tuple[float, str]] = (),
        history: str | None = None,
        latency: float = 0.0,
    ) -> Session:
        state = isolated / f"state-{history if history is not None else next(runs)}"
        monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
        terminal = FakeTerminal(list(keys))
        speech = FakeSpeech(terminal, latency)

        class Recording(Speaker):
            def say(self, text: str) -> None:
                if self.busy:
                    speech.waited.append(text)
                super().say(text)

            def poll(self) -> None:
                before = len(speech.said)
                super().poll()
                if len(speech.said) > before:
                    previous = speech.said[-2]
                    ended = previous.ends if previous.cut_at is None else previous.cut_at
                    speech.lags.append(speech.said[-1].at - min(previous.ends, ended))

        def voice(rate: float) -> Speaker:
            command = speech_command({"espeak-ng": "espeak-ng"}.get, "linux", rate)
            assert command is not None
            return Recording(command, speech.popen, rate=rate)  # type: ignore[arg-type]

        result = stretch("run", *args, terminal=terminal, voice=voice)
        return Session(
            result.code,
            result.out,
            result.err,
            speech.said,
            speech.waited,
            speech.rates,
            speech.lags,
        )

    return invoke


def _steps(catalog: Catalog, routine: str = ROUTINE) -> list[Exercise]:
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan

    planned = plan(catalog.routine(routine), catalog.exercises, RunOptions())
    return [s.exercise for s in planned.steps]


def _script(catalog: Catalog, routine: str, rate: float = RATE) -> list[tuple[Phase, Cue]]:
    """The timeline of a routine and the cue of each phase, at `rate`."""
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan
    from stretchcli.session.timeline import build

    planned = plan(catalog.routine(routine), catalog.exercises, RunOptions(), "full", rate)
    phases = build(planned, "full", rate)
    told = Coaching("full", True, rate)
    steps = [s.exercise for s in planned.steps]
    cues = coaching.script(phases, steps, told, planned.intro, planned.prepare)
    return list(zip(phases, cues, strict=True))


def test_every_exercise_is_set_up_before_its_first_hold_on_every_channel(
    session: Invoke, catalog: Catalog
) -> None:
    voice = session(ROUTINE, "--plain", "--voice")
    data = session(ROUTINE, "--json")
    assert voice.code == data.code == 0
    events = data.events()
    for exercise in _steps(catalog):
        setup = wording.setup_lines(exercise)
        assert exercise.setup, f"{exercise.id} has no setup lines"
        getready = next(
            e for e in events if e["exercise"] == exercise.id and e["kind"] == "prepare"
        )
        assert " ".join(setup) in str(getready["cue"])
        assert str(getready["caution"]).startswith(exercise.cautions[0])
        first_hold = next(e for e in events if e["exercise"] == exercise.id and e["kind"] == "hold")
        starts = float(str(first_hold["offset"]))
        said_before = " ".join(u.text for u in voice.said if u.at < starts)
        assert all(line in said_before for line in setup), exercise.id
        heard = wording.heard_keys(said_before)
        assert wording.heard_keys(exercise.cautions[0]) <= heard, exercise.id
        plain = next(
            line for line in voice.lines() if "get ready" in line and exercise.name in line
        )
        assert all(line in plain for line in setup)
        assert f"Careful: {exercise.cautions[0]}" in plain


def test_every_hold_starts_with_its_action_and_count_in_plain_json_and_voice(
    session: Invoke, catalog: Catalog
) -> None:
    voice = session(ROUTINE, "--plain", "--voice")
    data = session(ROUTINE, "--json")
    events = data.events()
    by_id = {e.id: e for e in _steps(catalog)}
    holds = [e for e in events if e["kind"] == "hold"]
    plain_holds = [line for line in voice.lines() if "  hold " in line]
    assert len(holds) == len(plain_holds) == 45
    for event, line in zip(holds, plain_holds, strict=True):
        exercise = by_id[str(event["exercise"])]
        wanted = wording.action(exercise, cast("Side | None", event["side"]))
        assert exercise.cues.hold or exercise.cues.left, f"{exercise.id} has no action cue"
        assert event["cue"] == wanted
        assert f": {wanted}" in line
        spoken = [u.text for u in voice.said if u.at == event["offset"]]
        assert spoken and spoken[0].startswith(wanted), (event, spoken)
        assert event["say"] == spoken[0]


def test_the_count_and_last_one_are_said(session: Invoke) -> None:
    said = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze").texts()
    holds = [t for t in said if "of 10" in t or "Last one" in t]
    assert len(holds) == 20  # two sets of ten
    assert holds[0].endswith(" 1 of 10.") and holds[8].endswith(" 9 of 10.")
    assert holds[9].endswith(" Last one.") and holds[19].endswith(" Last one.")
    assert "Let go fully and breathe. Rest. Set 2 of 2 next." in said


def test_the_rest_between_sets_is_coached_and_warns_of_the_next_set(session: Invoke) -> None:
    data = session(ROUTINE, "--json", "--voice", "--only", "scapular-squeeze")
    rest = next(e for e in data.events() if e["kind"] == "rest")
    spoken = cast("list[dict[str, object]]", rest["spoken"])
    texts = [str(s["text"]) for s in spoken]
    assert texts[0] == "Let go fully and breathe. Rest. Set 2 of 2 next."
    assert texts[-1] == "Get ready for set 2. Sit tall with your hands resting on your thighs."
    last = spoken[-1]
    ends = float(str(last["at"])) + speech_seconds(texts[-1])
    duration = float(str(rest["duration"]))
    assert duration - 2 <= ends <= duration - 1  # a second to sit ready before the bell
    assert len(texts) >= 3  # the 30 s between them is not left silent


def test_the_first_hold_on_each_side_names_the_side_and_the_limb(
    session: Invoke, catalog: Catalog
) -> None:
    side_bend = catalog.exercises["thoracic-side-bend"]
    assert side_bend.cues.left and "left" in side_bend.cues.left.lower()
    assert side_bend.cues.right and "right" in side_bend.cues.right.lower()
    assert "arm" in side_bend.cues.left and "arm" in side_bend.cues.right
    said = session(ROUTINE, "--plain", "--voice", "--only", "thoracic-side-bend").texts()
    holds = [t for t in said if t.startswith((side_bend.cues.left, side_bend.cues.right))]
    assert [h.startswith(side_bend.cues.left) for h in holds] == [True] * 3 + [False] * 3
    assert "Ease off. Come up, lower your arm and sit evenly. Now the right side." in said
    getready = said[: said.index(holds[0])]
    assert any(t.startswith("Left side first.") for t in getready)


def test_side_names_are_never_said_or_shown_ahead_of_their_side(session: Invoke) -> None:
    """After a turn to the left, the pause names the left (or no side), not the right."""
    voice = session(ROUTINE, "--plain", "--voice", "--only", "thoracic-rotation")
    lines = voice.lines()
    relax = [i for i, line in enumerate(lines) if "  relax " in line]
    assert relax
    for i in relax:
        hold_before = lines[i - 1]
        side = "left" if ", left side" in hold_before else "right"
        assert f", {side} side:" in lines[i], (hold_before, lines[i])


def test_the_balls_cautions_and_first_day_come_before_the_first_spot(
    session: Invoke, catalog: Catalog
) -> None:
    ball = catalog.exercises["ball-pressure"]
    first = ball.cautions[0].lower()
    assert "pressure" in first and "too much" in first  # the seed's warning comes first
    assert any("blood thinner" in c for c in ball.cautions)
    voice = session(ROUTINE, "--json", "--voice", "--only", "ball-pressure")
    first_hold = next(e for e in voice.events() if e["kind"] == "hold")
    before = " ".join(u.text for u in voice.said if u.at < float(str(first_hold["offset"])))
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan

    # As the run says them: the ball alone, its --skip is said as "run another" (review 23)
    only = RunOptions(only=("ball-pressure",))
    said = plan(catalog.routines[ROUTINE], catalog.exercises, only).steps[0].exercise.cautions
    assert len(said) == len(ball.cautions)
    for caution in said:  # each sentence once, some in the routine's at the start
        assert wording.heard_keys(caution) <= wording.heard_keys(before), caution
    assert "Work only a few spots on your first day" in before


@pytest.mark.parametrize("rate", [140, RATE])
@pytest.mark.parametrize("routine", ROUTINES)
def test_every_caution_of_every_exercise_is_said_and_shown(
    session: Invoke, catalog: Catalog, routine: str, rate: int
) -> None:
    """Every sentence of them, once: in the routine's cautions at the start, or while
    getting ready (before the move into position); and all shown."""
    voice = session(routine, "--plain", "--voice", "--voice-rate", str(rate))
    heard = {key for text in voice.texts() for key in wording.heard_keys(text)}
    for exercise in _steps(catalog, routine):
        for caution in exercise.cautions:
            assert wording.heard_keys(wording.spoken(caution)) <= heard, (routine, caution)
            assert caution in voice.out, (routine, exercise.id, caution)


def test_the_first_get_ready_says_the_routines_cautions_and_what_to_have(
    session: Invoke, catalog: Catalog
) -> None:
    voice = session(ROUTINE, "--plain", "--voice")
    cautions = catalog.routine(ROUTINE).cautions
    texts = voice.texts()
    assert texts[0] == SAFETY
    assert texts[1] == f"Before you start: {cautions[0]}"
    # said without an option's aside ("(--avoid rotation,side-bend)"), which is shown
    assert texts[2 : 1 + len(cautions)] == [wording.spoken(c) for c in cautions[1:]]
    assert texts[1 + len(cautions)] == "You will need: chair, tennis ball and wall."
    assert texts[2 + len(cautions)] == "Put them within reach now."
    assert voice.lines()[0] == (
        f"Upper back trigger point relief. {SAFETY} You will need: chair, tennis ball and "
        "wall. When to get help: run stretch safety."
    )
    assert voice.lines()[1 : 1 + len(cautions)] == [f"Careful: {c}" for c in cautions]


@pytest.mark.parametrize("routine", ROUTINES)
def test_every_routine_says_what_to_have_before_it_starts(catalog: Catalog, routine: str) -> None:
    """A mat for work on the floor (not in bed), a cushion for kneeling, a chair for work
    sitting, the ball and a wall for the ball: each named before the first exercise."""
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan

    planned = plan(catalog.routine(routine), catalog.exercises, RunOptions())
    needs = set(planned.intro.needs)
    places = {moves.place(s.exercise) for s in planned.steps}
    if planned.intro.on_bed:
        assert needs == {"bed"}
    else:
        assert ("mat" in needs) == ("floor" in places), routine
    assert ("chair" in needs) == ("chair" in places), routine
    kneeling = any(
        s.exercise.figure and s.exercise.figure.start.base in ("all-fours", "heel-sitting")
        for s in planned.steps
    )
    assert ("cushion" in needs) == kneeling, routine
    balls = any(s.exercise.id == "ball-pressure" for s in planned.steps)
    assert ("tennis ball" in needs) == balls and ("wall" in needs) == balls
    said = wording.intro_lines(planned.intro)
    assert f"You will need: {moves.listing(planned.intro.needs)}." in said


def test_avoid_says_what_it_swapped_and_left_out(session: Invoke) -> None:
    voice = session(ROUTINE, "--plain", "--voice", "--avoid", "rotation,side-bend,flexion")
    said = voice.texts()
    changes = [
        "You avoid bending forward: Rhomboid stretch is left out.",
        "You avoid twisting: Seated thoracic rotation is left out.",
        "You avoid bending sideways: Seated thoracic side bend is left out.",
    ]
    first_exercise = next(i for i, t in enumerate(said) if t.startswith("Scapular squeeze."))
    assert all(c in said[:first_exercise] for c in changes)
    assert all(c in voice.lines() for c in changes)  # and shown, in plain output
    swapped = session("desk-break", "--plain", "--voice", "--avoid", "flexion")
    assert (
        "You avoid bending forward: Ball pressure on trigger points instead of Rhomboid "
        "stretch." in swapped.texts()
    )


def test_a_long_hold_is_coached_from_start_to_end(catalog: Catalog) -> None:
    """Action and count as it starts; a paced breath (in, then out a slow count later) and
    one of the exercise's cautions, in turn; how long is left; 3, 2, 1 a number a second,
    and "Ease off." on the bell, as the next phase starts."""
    script = _script(catalog, ROUTINE)
    for (phase, _), (_, next_cue) in itertools.pairwise(script):
        if phase.kind == "hold" and phase.duration >= holds.LONG_HOLD:
            assert next_cue.spoken[0].at == 0
            assert next_cue.spoken[0].text.startswith("Ease off. "), next_cue
    for phase, cue in script:
        if phase.kind != "hold" or phase.duration < holds.LONG_HOLD:
            continue
        texts = [s.text for s in cue.spoken]
        assert (cue.spoken[0].at == 0 and "of 3" in texts[0]) or "Last one" in texts[0]
        count = [(phase.duration - s.at, s.text) for s in cue.spoken[-3:]]
        assert count == [(3.0, "3,"), (2.0, "2,"), (1.0, "1,")], (phase, count)
        breath = [s for s in cue.spoken if s.text == holds.BREATHE_IN]
        assert breath, texts
        for said in breath:
            out = next(s for s in cue.spoken if s.at > said.at)
            assert out.at - said.at == holds.BREATH_IN_SECONDS
            exercise = catalog.exercises[phase.exercise]
            assert out.text.startswith(str(exercise.cues.breathe))
        timed = [s for s in cue.spoken if s.text.endswith("more seconds.")]
        assert len(timed) == 1, texts
        assert timed[0].text == f"{phase.duration - timed[0].at:.0f} more seconds."


def test_without_the_countdown_a_long_hold_ends_with_ease_off(
    session: Invoke, isolated: Path
) -> None:
    (isolated / "config").mkdir(parents=True)
    (isolated / "config" / "config.toml").write_text("countdown = false\n")
    voice = session(ROUTINE, "--json", "--voice", "--only", "rhomboid-stretch")
    holds = [e for e in voice.events() if e["kind"] == "hold"]
    for hold in holds:
        end = float(str(hold["offset"])) + float(str(hold["duration"]))
        last = [u for u in voice.said if u.at < end][-1]
        assert last.text == "And ease off."
        assert end - 1 <= last.ends <= end
    assert not any("3, 2, 1" in t for t in voice.texts())


def test_short_holds_have_no_countdown(session: Invoke) -> None:
    said = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze").texts()
    assert not any("3, 2, 1" in t or t == "And ease off." for t in said)  # 5 s are busy


def test_the_release_is_said_after_every_exercises_last_hold(
    session: Invoke, catalog: Catalog
) -> None:
    """Before the next get-ready (in a rest, or the get-ready's first words when there is no
    rest) and at the end of the session, with how to get up from the floor."""
    for routine in ("desk-break", "low-back-seated", "spinal-stenosis"):
        voice = session(routine, "--json", "--voice")
        events = voice.events()
        steps = _steps(catalog, routine)
        for before, after in itertools.pairwise(events):
            if before["kind"] == "hold" and after["kind"] in ("rest", "prepare"):
                finish = wording.finish(catalog.exercises[str(before["exercise"])])
                said = str(after["say"]).removeprefix(f"{holds.EASE_OFF_NOW} ")
                assert said.startswith(wording.sentence(finish)), after
        last = wording.finish(steps[-1])
        said = voice.texts()[-1].removeprefix(f"{holds.EASE_OFF_NOW} ")
        assert said.startswith(wording.sentence(last))
    said = session("spinal-stenosis", "--plain", "--voice").texts()[-1]
    assert "Take your time getting up. Bring one foot forward" in said  # from kneeling
    ball = session("trigger-point-release", "--plain", "--voice").texts()
    assert ball[-1].startswith("Ease off. Step away from the wall and put the ball down.")
    between = [t.removeprefix(f"{holds.EASE_OFF_NOW} ") for t in ball]
    assert "Step off the wall and move the ball." in between  # between the spots


def test_the_end_says_a_short_summary_with_the_session_of_the_week(
    session: Invoke, stretch: Stretch
) -> None:
    first = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze", history="week")
    assert first.texts()[-1] == (
        "Let go fully and breathe. That is the end of the session. 1 exercise, "
        "5 minutes; your 1st session this week. Well done."
    )
    assert first.lines()[-1] == "Your 1st session this week."
    second = session(ROUTINE, "--plain", "--voice", "--only", "thoracic-rotation", history="week")
    assert second.texts()[-1].endswith(
        "1 exercise, 2 minutes; your 2nd session this week. Well done."
    )
    stopped = session(ROUTINE, "--plain", "--voice", keys=[(30, "q")], history="week")
    assert stopped.texts()[-1] == "Stopped. 0 of 5 exercises, under a minute."


@pytest.mark.parametrize("latency", [0.0, 20.0])
def test_q_stops_the_voice_at_once_however_long_the_cue(session: Invoke, latency: float) -> None:
    """`q` ends the run as soon as it is pressed: the line being said is cut there (a slow
    speech command, `latency`, is never waited for), as Ctrl-C and a signal do."""
    stopped = session(ROUTINE, "--plain", "--voice", keys=[(30, "q")], latency=latency)
    assert stopped.code == 0
    assert stopped.said[-1].cut_at == 30


def test_floor_to_chair_is_coached_and_given_time(catalog: Catalog) -> None:
    for routine in ("mid-back", "back-pain-relief"):
        script = _script(catalog, routine)
        for i, (phase, cue) in enumerate(script):
            if phase.kind != "prepare" or i == 0:
                continue
            before = next(p for p, _ in reversed(script[:i]) if p.kind == "hold")
            exercise = catalog.exercises[phase.exercise]
            if moves.place(catalog.exercises[before.exercise]) == "floor" != moves.place(exercise):
                first = cue.spoken[0].text
                way_up = moves.TO_KNEES[moves.posture(catalog.exercises[before.exercise], True)]
                assert f"{way_up} Then, with a hand on a chair, stand up" in first
                said = sum(speech_seconds(s.text) for s in cue.spoken)
                assert phase.duration >= said + moves.UP_SECONDS
                break
        else:
            pytest.fail(f"{routine} has no move from the floor to a chair")


def test_the_ball_is_fetched_and_taken_to_a_wall_in_its_get_ready(catalog: Catalog) -> None:
    script = _script(catalog, ROUTINE)
    _, cue = next((p, c) for p, c in script if p.kind == "prepare" and "ball" in p.exercise)
    # Who must not use the ball (heard at the start, minutes before) comes first, before
    # the ball is picked up.
    assert cue.spoken[0].text.startswith(
        "Ball pressure on trigger points. Careful: If you take blood thinners"
    )
    first = cue.spoken[1].text
    assert first == "Stand up. Pick up your tennis ball. Go to a clear bit of wall."
    moving = moves.STAND_OR_SIT_SECONDS + moves.PICK_UP_SECONDS + moves.TO_WALL_SECONDS
    setup = next(s for s in cue.spoken if s.text.startswith("Put the tennis ball in a sock"))
    assert setup.at >= cue.spoken[1].at + speech_seconds(first) + moving


@pytest.mark.parametrize("routine", ROUTINES)
def test_no_silence_longer_than_12_seconds_in_any_routine(session: Invoke, routine: str) -> None:
    """Walking the spoken script of the whole run, heard through the fake engine."""
    voice = session(routine, "--json", "--voice")
    assert voice.code == 0
    events = voice.events()
    end = float(str(events[-1]["offset"])) + float(str(events[-1]["duration"]))
    quiet_from = 0.0
    for utterance in voice.said:
        assert utterance.at - quiet_from <= 12, (routine, quiet_from, utterance)
        quiet_from = max(quiet_from, utterance.ends)
    assert end - quiet_from <= 12


@pytest.mark.parametrize("rate", [120, 140, 175, 220])
@pytest.mark.parametrize("routine", ROUTINES)
def test_no_cue_is_late_cut_or_runs_into_the_next_phase_at_any_rate(
    session: Invoke, routine: str, rate: int
) -> None:
    """Every line starts at its planned time, is heard out, and ends before the next line
    and before its phase ends, with the engine speaking at the rate it was given."""
    voice = session(routine, "--json", "--voice", "--voice-rate", str(rate))
    assert voice.code == 0
    assert voice.rates == {rate}
    assert voice.waited == []
    events = voice.events()
    planned = [
        (float(str(e["offset"])) + float(str(s["at"])), str(s["text"]), e)
        for e in events
        for s in cast("list[dict[str, object]]", e["spoken"])
    ]
    heard = voice.said[:-1]  # the last is the end of the session
    assert [(round(u.at, 6), u.text) for u in heard] == [
        (round(at, 6), text) for at, text, _ in planned
    ]
    for (_, _, event), utterance, after in zip(planned, heard, voice.said[1:], strict=False):
        assert utterance.cut_at is None, utterance
        assert utterance.ends <= after.at, (utterance, after)
        phase_end = float(str(event["offset"])) + float(str(event["duration"]))
        assert utterance.ends <= phase_end + 1e-9, (utterance, event["kind"])
    assert voice.said[-1].cut_at is None  # the end of the session is heard out too


def test_the_timeline_is_planned_from_the_rate(catalog: Catalog) -> None:
    """A slower voice gets longer get-readies (the holds stay the doses they are)."""
    slow = _script(catalog, ROUTINE, 140)
    fast = _script(catalog, ROUTINE, 220)
    assert [p.duration for p, _ in slow if p.kind == "hold"] == [
        p.duration for p, _ in fast if p.kind == "hold"
    ]
    for (s, _), (f, _) in zip(slow, fast, strict=True):
        if s.kind == "prepare":
            assert s.duration > f.duration


def test_brief_says_only_the_action(session: Invoke, catalog: Catalog) -> None:
    squeeze = catalog.exercises["scapular-squeeze"]
    brief = session(ROUTINE, "--plain", "--voice", "--brief", "--only", "scapular-squeeze")
    said = brief.texts()
    assert said[:2] == [SAFETY, "Scapular squeeze."]  # the safety line: every run says it
    assert squeeze.cues.hold is not None
    assert said[2] == wording.sentence(squeeze.cues.hold)
    assert "Remember" not in " ".join(said)
    lines = brief.lines()
    assert "Not medical advice." in lines[0]  # shown too
    getready = next(line for line in lines if line.startswith(" 0:00"))
    # The name at 6 s (the safety line's 5.2 s and a gap, on a whole second), 1.7 s long,
    # and a gap: 9 s, over the routine's 5 s.
    assert getready.startswith(
        f" 0:00  get ready 9 seconds    Scapular squeeze: {squeeze.setup[0]}"
    )
    assert squeeze.figure is not None
    held = f"The position held: {squeeze.figure.description}."  # shown, not said
    assert getready.endswith(f"Careful: {squeeze.cautions[0]} {held}")


@pytest.mark.parametrize("how", ["flag", "config"])
def test_a_brief_run_says_the_safety_line_aloud_first(
    session: Invoke, isolated: Path, catalog: Catalog, how: str
) -> None:
    """Someone on the floor who only listens hears the safety line once, as the run starts,
    before the first exercise's name; the JSON of the first phase says it too."""
    brief = ["--brief"]
    if how == "config":
        (isolated / "config").mkdir(parents=True, exist_ok=True)
        (isolated / "config" / "config.toml").write_text('coach = "brief"\n', encoding="utf-8")
        brief = []
    run = session(ROUTINE, "--json", "--voice", *brief)
    said = run.texts()
    assert said.count(SAFETY) == 1
    assert said[:2] == [SAFETY, "Rhomboid stretch."]
    first = run.events()[0]
    assert first["say"] == SAFETY
    assert first["spoken"] == [
        {"at": 0.0, "text": SAFETY},
        {"at": 6.0, "text": "Rhomboid stretch."},
    ]
    assert first["duration"] == 9.0  # as long as the two lines and a gap, over the 5 s prepare
    assert "Before you start" not in " ".join(said)  # the routine's cautions: shown only
    assert first["caution"] == catalog.exercises["rhomboid-stretch"].cautions[0]


def test_a_file_without_cues_still_coaches_from_its_instructions(
    session: Invoke, user_routines: Path
) -> None:
    (user_routines / "exercises" / "neck.yaml").write_text(
        "name: Neck tilt\nsummary: s\nhold: 10\nreps: 2\nsides: both\nrelax: 5\n"
        "instructions: [Sit tall., Tilt your ear toward your shoulder.]\n"
        "cautions: [Go gently.]\n"
    )
    (user_routines / "neck.yaml").write_text("name: Neck\nsummary: s\nsteps: [neck]\n")
    result = session("neck", "--plain", "--voice")
    assert result.code == 0
    assert result.lines()[1:4] == [
        " 0:00  get ready 16 seconds   Neck tilt: Sit tall. Left side first. Careful: Go gently.",
        " 0:16  hold 10 seconds        Neck tilt, left side, rep 1 of 2: "
        "Left side: Tilt your ear toward your shoulder.",
        " 0:26  relax 5 seconds        Neck tilt, left side: Ease off and breathe.",
    ]
    assert result.texts()[:6] == [
        SAFETY,
        "Neck tilt.",
        "Left side first. Careful: Go gently.",
        "Sit tall.",
        "Left side: Tilt your ear toward your shoulder. 1 of 2.",
        "Ease off and breathe.",
    ]


class Busy:
    """A speech process that runs until told to finish."""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.done = False
        self.terminated = False

    def poll(self) -> int | None:
        return 0 if self.done or self.terminated else None

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout: float | None = None) -> int:
        return 0


@pytest.mark.parametrize("latency", [0.3, 0.45, 0.7])
def test_a_cue_that_waits_starts_as_soon_as_the_one_before_ends(
    session: Invoke, latency: float
) -> None:
    """A speech engine slow to start (a loaded machine) makes a cue wait for the one before
    it; it starts within a moment of that one's end, never at the next whole second (a
    count's number came a second late)."""
    result = session(ROUTINE, "--plain", "--voice", "--voice-rate", "140", latency=latency)
    assert result.code == 0
    assert len(result.lags) >= 3  # the slow engine did make cues wait
    assert max(result.lags) <= WAITING_TICK + 1e-9
    assert min(result.lags) >= -1e-9  # and nothing was cut or said over another
    # A count's number is said on its second, or as soon as the number before it ends.
    counts = [u for u in result.said if u.text.rstrip(",.") in {"3", "2", "1"}]
    pairs = [(a, b) for a, b in itertools.pairwise(counts) if int(a.text[0]) == int(b.text[0]) + 1]
    assert len(pairs) >= 10
    for one, two in pairs:
        assert two.at <= max(one.at + 1, one.ends) + WAITING_TICK + 1e-9


def test_a_cue_waits_for_the_one_being_said_and_only_the_newest_waits() -> None:
    started: list[Busy] = []

    def popen(args: list[str], **kwargs: object) -> Busy:
        started.append(Busy(args))
        return started[-1]

    speaker = Speaker(["say"], popen)  # type: ignore[arg-type]
    speaker.say("Squeeze your shoulder blades together. 3 of 10.")
    speaker.say("Relax.")
    speaker.say("Squeeze. 4 of 10.")
    assert [p.args[-1] for p in started] == ["Squeeze your shoulder blades together. 3 of 10."]
    speaker.poll()
    assert len(started) == 1  # still talking: nothing cut, nothing started
    started[0].done = True
    speaker.poll()
    assert [p.args[-1] for p in started][1:] == ["Squeeze. 4 of 10."]
    assert not any(p.terminated for p in started)
    speaker.say("Relax.")
    speaker.stop()  # q or Ctrl-C: the voice stops at once, nothing is left waiting
    assert started[1].terminated
    speaker.poll()
    assert len(started) == 2


@pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""),
    reason="under libfaketime the wait for the trapped process's end does not return",
)
def test_a_speech_command_that_ignores_sigterm_is_killed_after_the_grace(
    tmp_path: Path,
) -> None:
    """A real process that traps SIGTERM: stopping the voice (q, Ctrl-C, the end) leaves no
    process behind."""
    ready = tmp_path / "ready"
    script = f"trap '' TERM; touch {ready}; while :; do sleep 1; done"
    speaker = Speaker(["sh", "-c", script], grace=0.2)
    speaker.say("Relax.")
    spoken = speaker.current
    assert spoken is not None
    assert eventually(ready.exists)  # the trap is set
    speaker.stop()
    assert spoken.returncode == -signal.SIGKILL  # killed, and reaped
    assert speaker.current is None and not speaker.busy


def test_cues_ring_and_say_each_line_of_a_phase_at_its_time() -> None:
    said: list[str] = []

    class Say(Speaker):
        def say(self, text: str) -> None:
            said.append(text)

    out = io.StringIO()
    cues = Cues(out, bell=True, speaker=Say(["x"]))
    spoken = (
        Said(0, "Lean to the left. 1 of 3."),
        Said(5, "Breathe in slowly."),
        Said(16, "3, 2, 1."),
    )
    hold = Cue(("Lean to the left.",), spoken)
    cues.phase(Phase(0, "hold", "e", "left", 1, 1, 20.0, 0.0), hold)
    for remaining in (19.0, 16.0, 15.2, 15.0, 14.0, 5.0, 4.0, 3.0, 1.0):
        cues.tick(hold, 20.0, remaining, paused=False)
    cues.end("Done.")
    assert out.getvalue() == "\a\a"
    assert said == ["Lean to the left. 1 of 3.", "Breathe in slowly.", "3, 2, 1.", "Done."]


def test_lines_that_come_due_at_once_say_only_the_last() -> None:
    """`-` takes 5 s off a hold: what was due in them is passed over, the latest said."""
    said: list[str] = []

    class Say(Speaker):
        def say(self, text: str) -> None:
            said.append(text)

    cues = Cues(io.StringIO(), bell=False, speaker=Say(["x"]))
    spoken = (Said(0, "Go."), Said(10, "Breathe in slowly."), Said(12, "Remember: gently."))
    hold = Cue(("Go.",), spoken)
    cues.phase(Phase(0, "hold", "e", None, 1, 1, 30.0, 0.0), hold)
    cues.tick(hold, 30.0, 25.0, paused=False)
    cues.tick(hold, 30.0, 15.0, paused=False)  # after `-` twice
    cues.tick(hold, 30.0, 14.0, paused=True)
    assert said == ["Go.", "Remember: gently."]


def test_n_cuts_what_is_being_said_and_a_pause_silences_it(session: Invoke) -> None:
    voice = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze", keys=[(3, "n")])
    lead_in = voice.said[0]
    assert lead_in.cut_at == 3  # the long get-ready is cut when n moves on
    assert voice.said[1].at == 3 and voice.said[1].text.endswith("1 of 10.")
    keys = [(2, " "), (4, " ")]  # pause, then go on
    paused = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze", keys=keys)
    assert paused.said[0].cut_at == 2


@pytest.mark.parametrize("rate", ["100", "140", "175", "250"])
def test_the_end_of_the_session_is_heard_out_whole_at_any_rate(session: Invoke, rate: str) -> None:
    """The last line (the release, the summary, "Well done.") is said after the last bell:
    the run waits as long as it takes at the rate before it stops the voice."""
    voice = session(ROUTINE, "--plain", "--voice", "--voice-rate", rate, "--only", "ball-pressure")
    last = voice.said[-1]
    assert last.text.endswith("Well done.") and last.cut_at is None, last
    assert all(u.cut_at is None for u in voice.said)


def test_json_with_voice_speaks_too_and_gives_every_line_with_its_time(session: Invoke) -> None:
    voice = session(ROUTINE, "--json", "--voice", "--only", "scapular-squeeze")
    assert "Draw your shoulder blades back and down. 1 of 10." in voice.texts()
    assert voice.texts()[-1].endswith("Well done.")
    for event in voice.events():
        for line in cast("list[dict[str, object]]", event["spoken"]):
            at = float(str(event["offset"])) + float(str(line["at"]))
            assert any(u.at == at and u.text == line["text"] for u in voice.said)


def test_each_engine_is_told_the_rate() -> None:
    assert speech_command({"spd-say": "/usr/bin/spd-say"}.get, "linux", 140) == [
        "/usr/bin/spd-say",
        "-w",  # spd-say returns at once unless told to wait: the queue needs to see it speak
        "-r",
        "-33",
    ]
    assert speech_command({"espeak-ng": "/usr/bin/espeak-ng"}.get, "linux", 140) == [
        "/usr/bin/espeak-ng",
        "-s",
        "140",
    ]
    assert speech_command({"say": "/usr/bin/say"}.get, "darwin", 220) == [
        "/usr/bin/say",
        "-r",
        "220",
    ]


def test_sentence_ends_with_one_full_stop() -> None:
    assert wording.sentence("Rest") == "Rest."
    assert wording.sentence(" Rest. ") == "Rest."
    assert wording.sentence("Stop?") == "Stop?"


def test_ordinals() -> None:
    words = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th"}
    words |= {21: "21st", 22: "22nd", 101: "101st", 111: "111th"}
    assert {n: wording.ordinal(n) for n in words} == words


@settings(max_examples=40, deadline=None)
@given(
    rate=st.integers(RATES[0], RATES[1]),
    routine=st.sampled_from(ROUTINES),
    scale=st.sampled_from([0.5, 1.0, 2.0]),
    brief=st.booleans(),
)
def test_every_line_fits_its_phase_at_any_rate_and_scale(
    rate: int, routine: str, scale: float, brief: bool
) -> None:
    """Each line starts on the runner's whole-second ticks (or as its phase starts), ends
    before the next line and before its phase ends, at every rate `voice_rate` takes."""
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan
    from stretchcli.session.timeline import build

    catalog = _builtin()

    coach: Coach = "brief" if brief else "full"
    options = RunOptions(scale=scale)
    planned = plan(catalog.routine(routine), catalog.exercises, options, coach, rate)
    phases = build(planned, coach, rate)
    steps = [s.exercise for s in planned.steps]
    told = Coaching(coach, True, rate)
    cues = coaching.script(phases, steps, told, planned.intro, planned.prepare)
    for phase, cue in zip(phases, cues, strict=True):
        ends = 0.0
        for said in cue.spoken:
            left = phase.duration - said.at
            assert said.at == 0 or abs(left - round(left)) < 1e-9, (phase, said)
            assert said.at >= ends, (phase, said)
            ends = said.at + speech_seconds(said.text, rate)
            assert ends <= phase.duration + 1e-9, (phase, said)
        if phase.kind == "hold":  # only a hold too short for its count is left unsaid
            assert cue.spoken or phase.duration < speech_seconds("Right, 10 of 10.", rate)


def test_what_the_setup_says_is_not_repeated_as_a_reminder(session: Invoke) -> None:
    """ "Put a cushion under your knees" is said as you kneel, not minutes later mid-hold."""
    said = session("mid-back", "--plain", "--voice").texts()
    cushion = "Put a cushion or folded towel under your knees."
    assert said.count(cushion) == 1  # cat camel's setup; thread the needle's knees are on it
    assert f"Remember: {cushion}" not in said


def test_routine_cautions_are_said_in_full_once_a_week(stretch: Stretch, catalog: Catalog) -> None:
    """The first session of a routine, and the first after a week, say all its cautions; in
    between, the first of them and a pointer to the rest (which the screen still shows)."""
    from datetime import timedelta

    from tests.fakes import NOW

    cautions = [wording.spoken(c) for c in catalog.routines["upper-back"].cautions]  # as said

    def first_get_ready(days: float) -> tuple[float, str]:
        code, out, _ = stretch("run", "upper-back", "--json", wall=NOW + timedelta(days=days))
        assert code == 0
        first = json.loads(out.splitlines()[0])
        spoken = " ".join(str(s["text"]) for s in cast(list[dict[str, object]], first["spoken"]))
        return float(str(first["duration"])), spoken

    full, said = first_get_ready(0)
    assert all(caution in said for caution in cautions)
    assert wording.OTHER_CAUTIONS not in said
    short, said = first_get_ready(1)
    assert cautions[0] in said and wording.OTHER_CAUTIONS in said
    assert not any(caution in said for caution in cautions[1:])
    assert short < full - 30  # at least half a minute less before the first stretch
    assert first_get_ready(7.9)[1] == said  # 6.9 days after the last one
    assert first_get_ready(15)[0] == full  # a week after the last one: all of them again


def test_h_is_heard_as_a_calm_line_that_is_never_cut_and_the_next_cue_waits(
    session: Invoke,
) -> None:
    # In the rhomboid stretch's second hold (3:59 to 4:29) of desk-upper-back.
    heard = session("desk-upper-back", "--voice", "--plain", keys=[(248, "h")])
    calm = next(u for u in heard.said if u.text.startswith("Rhomboid stretch (chair) ends"))
    assert calm.at == 248.0 and calm.cut_at is None
    assert calm.text.endswith(
        "If the pain is sharp, or you feel numbness or tingling, stop for today. When to get "
        "help: run stretch safety."
    )
    assert "--" not in calm.text  # the option is shown, not read out
    assert "in its place, avoid bending forward next time. If the pain" in calm.text
    before = heard.said[heard.said.index(calm) - 1]
    assert before.cut_at == 248.0  # what was being said stops for it
    after = heard.said[heard.said.index(calm) + 1]
    assert after.at >= calm.ends  # the next phase's first words wait for it
    assert after.text == heard.waited[heard.waited.index(after.text)]
    # The key itself is listed on the screen and in --plain, never said.
    assert not any("h ends an" in u.text or "h it hurts" in u.text for u in heard.said)


def test_the_system_speaker_waits_for_the_last_line_at_its_own_rate() -> None:
    from stretchcli.session.devices import system_speaker

    speaker = system_speaker(140.0)
    if speaker is None:
        pytest.skip("no speech command on this machine")
    assert speaker.rate == 140.0


# How each posture on the floor is last got into: the words a "how" line ends with.
INTO = {
    "kneeling": "onto your hands and knees.",
    "back": "roll onto your back.",
    "side": "onto your side with your arms.",
    "front": "onto your front, with your arms.",
    "floor-sitting": "legs out in front of you.",
}


@pytest.mark.parametrize("start", sorted(INTO))
@pytest.mark.parametrize("end", sorted(INTO))
def test_every_change_of_posture_on_the_floor_says_how(start: moves.Posture, end: str) -> None:
    how = moves.turn(start, cast(moves.Posture, end))
    if start == end:
        assert how == ""
    elif {start, end} == {"back", "side"}:
        assert how.startswith("Roll onto your")
    else:
        assert how.lower().endswith(INTO[end]), how
        assert start != "back" or how.startswith("Roll onto your side")  # never sit straight up


@pytest.mark.parametrize("routine", ROUTINES)
def test_each_floor_exercise_says_how_to_get_there_from_the_last(
    catalog: Catalog, routine: str
) -> None:
    """Lying on the back to child's pose: roll to the side and come up onto the hands and
    knees; all fours to the bridge: down onto the side and onto the back; from the chair
    down onto the knees, then into the posture."""
    steps = _steps(catalog, routine)
    bed = "bed" in (catalog.routine(routine).equipment or ())
    for phase, cue in _script(catalog, routine):
        exercise = steps[phase.step]
        if phase.kind != "prepare" or moves.place(exercise) != "floor" or bed:
            continue
        before = steps[phase.step - 1] if phase.step else None
        start: moves.Posture = "kneeling"  # getting down onto the floor ends on the knees
        if before is not None and moves.place(before) == "floor":
            start = moves.posture(before, end=True)
        end = moves.posture(exercise)
        first = next(s.text for s in cue.spoken if s.text.startswith(exercise.name))
        if start != end and {start, end} != {"back", "side"}:
            assert INTO[end] in first.lower(), (routine, exercise.id, first)


@pytest.mark.parametrize("routine", ROUTINES)
def test_the_way_up_at_the_end_follows_the_position_the_session_ends_in(
    session: Invoke, catalog: Catalog, routine: str
) -> None:
    last = _steps(catalog, routine)[-1]
    said = session(routine, "--plain", "--voice").texts()[-1]
    if moves.place(last) != "floor":
        assert "getting up" not in said and "sitting up" not in said
        return
    ends = moves.posture(last, end=True)
    bed = "bed" in (catalog.routine(routine).equipment or ())
    if bed:  # onto the side, then up to sitting with the arms
        assert "Take your time sitting up. Roll onto your side. Push yourself up" in said
    elif ends == "kneeling":
        assert "Roll onto your side" not in said and "Bring one foot forward" in said
    elif ends == "back":
        assert "Roll onto your side and push yourself up with your arms" in said
    else:
        assert f"{moves.TO_KNEES[ends]} Then stand up slowly" in said


@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_stopping_the_voice_stops_what_a_wrapper_script_started(tmp_path: Path) -> None:
    """A speech command that is a script (as distributions and users wrap them) and runs
    the speaking program as its child: stopping the voice (q, Ctrl-C, the end) ends the
    child too, at once, not only the script."""
    child = tmp_path / "child"
    # The child waits for a signal, on no clock (a faked one makes `sleep` wait for ever).
    waits = shlex.join([sys.executable, "-c", "import signal; signal.pause()"])
    script = f"{waits} & echo $! > {child}.part; mv {child}.part {child}; wait"
    speaker = Speaker(["sh", "-c", script], grace=5.0)
    speaker.say("Relax.")
    spoken = speaker.current
    assert spoken is not None
    assert eventually(child.exists)
    pid = int(child.read_text())
    speaker.stop()
    assert spoken.returncode == -signal.SIGTERM  # it obeyed: no wait for the grace
    assert eventually(lambda: _ended(pid)), "the script's child is still running"


def _ended(pid: int) -> bool:
    """Whether the process has ended (gone, or a zombie waiting for its reaper)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True
    except OSError:
        os.kill(pid, 0)  # no /proc: ProcessLookupError once it is gone
        return False
