"""Coaching: the setup, the action, the count, the side and the cautions reach a person who is
not looking, on every channel (plain lines, JSON, voice), on a fake clock."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pytest

from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import Exercise, Phase, Side
from stretchcli.session import coaching
from stretchcli.session.coaching import speech_seconds
from stretchcli.session.cues import Cues, Speaker
from tests.conftest import BUILTIN, Stretch
from tests.fakes import START, FakeTerminal

ROUTINE = "upper-back"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


@dataclass
class Utterance:
    at: float  # seconds after the start of the session
    text: str
    ends: float
    cut_at: float | None = None


@dataclass
class FakeSpeech:
    """A speech engine on the fake clock: each utterance lasts as long as the (slow-side)
    estimate says, and records when it was started and whether it was cut short; `waited`
    holds the cues that had to wait for the one before them."""

    clock: FakeTerminal
    said: list[Utterance] = field(default_factory=list)
    waited: list[str] = field(default_factory=list)

    def popen(self, args: list[str], **kwargs: object) -> FakeSpeaking:
        assert "shell" not in kwargs
        text = args[-1]
        now = self.clock.now() - START
        self.said.append(Utterance(now, text, now + speech_seconds(text)))
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

    def wait(self, timeout: float | None = None) -> int:
        self.waited = True  # as if the caller had waited until it was said
        return 0


@dataclass
class Session:
    code: int
    out: str
    err: str
    said: list[Utterance]
    waited: list[str]

    def lines(self) -> list[str]:
        return [line.replace("\u00a0", " ") for line in self.out.splitlines()]

    def texts(self) -> list[str]:
        return [u.text for u in self.said]


Invoke = Callable[..., Session]


@pytest.fixture
def session(stretch: Stretch) -> Invoke:
    """`stretch run ARGS` on a fake clock, heard through a fake speech engine on it."""

    def invoke(*args: str, keys: Sequence[tuple[float, str]] = ()) -> Session:
        terminal = FakeTerminal(list(keys))
        speech = FakeSpeech(terminal)

        class Recording(Speaker):
            def say(self, text: str) -> None:
                if self.busy:
                    speech.waited.append(text)
                super().say(text)

        def voice() -> Speaker:
            return Recording(["espeak-ng"], speech.popen)  # type: ignore[arg-type]

        result = stretch("run", *args, terminal=terminal, voice=voice)
        return Session(result.code, result.out, result.err, speech.said, speech.waited)

    return invoke


def _steps(catalog: Catalog) -> list[Exercise]:
    from stretchcli.session.timeline import RunOptions, plan

    return [
        s.exercise for s in plan(catalog.routine(ROUTINE), catalog.exercises, RunOptions()).steps
    ]


def test_every_exercise_is_set_up_before_its_first_hold_on_every_channel(
    session: Invoke, catalog: Catalog
) -> None:
    voice = session(ROUTINE, "--plain", "--voice")
    data = session(ROUTINE, "--json")
    assert voice.code == data.code == 0
    events = [json.loads(line) for line in data.out.splitlines()][:-1]
    for exercise in _steps(catalog):
        setup = coaching.setup_lines(exercise)
        assert exercise.setup, f"{exercise.id} has no setup lines"
        getready = next(
            e for e in events if e["exercise"] == exercise.id and e["kind"] == "prepare"
        )
        assert str(getready["cue"]).startswith(" ".join(setup))
        assert getready["caution"] == exercise.cautions[0]
        first_hold = next(e for e in events if e["exercise"] == exercise.id and e["kind"] == "hold")
        said_before = [u.text for u in voice.said if u.at < first_hold["offset"]]
        assert any(all(line in text for line in setup) for text in said_before), exercise.id
        assert any(exercise.cautions[0] in text for text in said_before), exercise.id
        plain = next(
            line for line in voice.lines() if "get ready" in line and exercise.name in line
        )
        assert all(line in plain for line in setup)
        assert f"Careful: {exercise.cautions[0]}" in plain


def test_every_hold_carries_its_action_in_plain_json_and_voice(
    session: Invoke, catalog: Catalog
) -> None:
    voice = session(ROUTINE, "--plain", "--voice")
    data = session(ROUTINE, "--json")
    events = [json.loads(line) for line in data.out.splitlines()][:-1]
    by_id = {e.id: e for e in _steps(catalog)}
    holds = [e for e in events if e["kind"] == "hold"]
    plain_holds = [line for line in voice.lines() if "  hold " in line]
    assert len(holds) == len(plain_holds) == 45
    for event, line in zip(holds, plain_holds, strict=True):
        exercise = by_id[str(event["exercise"])]
        wanted = coaching.action(exercise, cast("Side | None", event["side"]))
        assert exercise.cues.hold or exercise.cues.left, f"{exercise.id} has no action cue"
        assert event["cue"] == wanted
        assert f": {wanted}" in line
        spoken = [u.text for u in voice.said if u.at == event["offset"]]
        assert spoken and spoken[0].startswith(wanted), (event, spoken)


def test_the_count_and_last_one_are_said(session: Invoke) -> None:
    said = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze").texts()
    holds = [t for t in said if "of 10" in t or "Last one" in t]
    assert len(holds) == 20  # two sets of ten
    assert holds[0].endswith(" 1 of 10.") and holds[8].endswith(" 9 of 10.")
    assert holds[9].endswith(" Last one.") and holds[19].endswith(" Last one.")
    assert "Let go fully and breathe. Rest. Set 2 of 2 next." in said


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
    assert "Come up, lower your arm and sit evenly. Now the right side." in said
    assert "Left side first." in said[0]


def test_the_balls_pressure_caution_is_shown_and_said(session: Invoke, catalog: Catalog) -> None:
    ball = catalog.exercises["ball-pressure"]
    first = ball.cautions[0].lower()
    assert "pressure" in first and "too much" in first  # the seed's warning comes first
    assert any("blood thinner" in c for c in ball.cautions)
    voice = session(ROUTINE, "--plain", "--voice", "--only", "ball-pressure")
    assert ball.cautions[0] in voice.said[0].text
    getready = next(line for line in voice.lines() if "get ready" in line)
    assert getready.endswith(f"Careful: {ball.cautions[0]}")


def test_every_caution_of_the_ball_is_said_and_shown_in_its_long_holds(
    session: Invoke, catalog: Catalog
) -> None:
    ball = catalog.exercises["ball-pressure"]
    voice = session(ROUTINE, "--plain", "--voice", "--only", "ball-pressure")
    said = " ".join(voice.texts())
    shown = voice.out
    for caution in ball.cautions:
        assert caution in said and caution in shown, caution
    reminders = [u for u in voice.said if u.text.startswith("Remember: ")]
    assert len(reminders) == min(6, len(ball.cautions) - 1)
    assert reminders[0].text == f"Remember: {ball.cautions[1]}"
    first_hold = next(line for line in voice.lines() if "  hold 30 s" in line)
    minutes, seconds = first_hold.split()[0].split(":")
    getready = int(minutes) * 60 + int(seconds)
    assert reminders[0].at == pytest.approx(getready + 10)  # a third into the first 30 s hold


def test_the_lead_in_says_the_safety_line_and_what_to_have_at_hand(session: Invoke) -> None:
    voice = session(ROUTINE, "--plain", "--voice")
    lead = "Not medical advice. Stop if you feel sharp pain, numbness or tingling."
    assert voice.said[0].text.startswith(lead + " You will need: chair, tennis ball and wall.")
    assert voice.lines()[0] == (
        f"Upper back trigger point relief. {lead} You will need: chair, tennis ball and wall. "
        "When to get help: `stretch safety`."
    )


@pytest.mark.parametrize("routine", ["upper-back", "mid-back", "morning-in-bed", "low-back-seated"])
@pytest.mark.parametrize("countdown", [False, True])
def test_no_utterance_is_cut_or_kept_waiting_in_a_whole_run(
    session: Invoke, isolated: Path, routine: str, countdown: bool
) -> None:
    if countdown:
        (isolated / "config").mkdir(parents=True)
        (isolated / "config" / "config.toml").write_text("countdown = true\n")
    voice = session(routine, "--plain", "--voice")
    assert voice.code == 0
    assert voice.waited == []
    assert len(voice.said) > 50
    for before, after in zip(voice.said, voice.said[1:], strict=False):
        assert before.cut_at is None, before
        assert before.ends <= after.at, (before, after)
    assert voice.said[-1].text == "Done. Well done."


def test_the_get_ready_lasts_long_enough_to_hear_the_setup(catalog: Catalog) -> None:
    from stretchcli.session.timeline import RunOptions, build, plan

    routine = catalog.routine(ROUTINE)
    planned = plan(routine, catalog.exercises, RunOptions())
    steps = planned.steps
    phases = build(planned, coach="full")
    script = coaching.script(phases, [s.exercise for s in steps])
    for phase, cue in zip(phases, script, strict=True):
        if phase.kind in ("prepare", "switch"):
            assert speech_seconds(cue.say) <= phase.duration, (phase, cue)
        assert phase.duration >= routine.prepare or phase.kind != "prepare"
    brief = build(planned, coach="brief")
    getready = [p.duration for p in phases if p.kind == "prepare"]
    short = [p.duration for p in brief if p.kind == "prepare"]
    assert all(b < f for b, f in zip(short, getready, strict=True))


def test_brief_says_only_the_action(session: Invoke, catalog: Catalog) -> None:
    squeeze = catalog.exercises["scapular-squeeze"]
    brief = session(ROUTINE, "--plain", "--voice", "--brief", "--only", "scapular-squeeze")
    said = brief.texts()
    assert said[0] == "Scapular squeeze."
    assert squeeze.cues.hold is not None
    assert said[1] == coaching._sentence(squeeze.cues.hold)
    assert "Remember" not in " ".join(said)
    lines = brief.lines()
    assert "Not medical advice." in lines[0]  # shown, not said
    getready = next(line for line in lines if line.startswith(" 0:00"))
    assert getready.startswith(f" 0:00  get ready 5 s      Scapular squeeze: {squeeze.setup[0]}")
    assert getready.endswith(f"Careful: {squeeze.cautions[0]}")


def test_a_countdown_ends_long_holds_when_asked(session: Invoke, isolated: Path) -> None:
    (isolated / "config").mkdir(parents=True)
    (isolated / "config" / "config.toml").write_text("countdown = true\n")
    said = session(ROUTINE, "--plain", "--voice", "--only", "rhomboid-stretch").texts()
    assert said.count("3") == said.count("2") == said.count("1") == 3  # three 30 s holds
    index = said.index("3")
    assert said[index : index + 3] == ["3", "2", "1"]
    short = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze").texts()
    assert "3" not in short  # 5 s holds are too short to count down


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
        " 0:00  get ready 13 s     Neck tilt: Sit tall. Left side first. Careful: Go gently.",
        " 0:13  hold 10 s          Neck tilt · left side · rep 1/2: "
        "Left side: Tilt your ear toward your shoulder.",
        " 0:23  relax 5 s          Neck tilt · left side: Ease off and breathe.",
    ]
    assert result.texts()[:2] == [
        "Not medical advice. Stop if you feel sharp pain, numbness or tingling. Neck tilt. "
        "Sit tall. Left side first. Careful: Go gently.",
        "Left side: Tilt your ear toward your shoulder. 1 of 2.",
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


def test_cues_ring_and_speak_the_script() -> None:
    said: list[str] = []

    class Say(Speaker):
        def say(self, text: str) -> None:
            said.append(text)

    out = io.StringIO()
    cues = Cues(out, bell=True, speaker=Say(["x"]))
    hold = coaching.Cue(("Lean to the left.",), "Lean to the left. 1 of 3.", countdown=True)
    cues.phase(Phase(0, "hold", "e", "left", 1, 1, 20.0, 0.0), hold)
    for remaining in (5.0, 4.0, 3.0, 3.0, 2.0, 1.0, 0.2):
        cues.tick(hold, remaining, paused=False)
    cues.end(completed=True)
    assert out.getvalue() == "\a\a"
    assert said == ["Lean to the left. 1 of 3.", "3", "2", "1", "Done. Well done."]


def test_the_release_of_the_last_hold_comes_before_the_next_exercise(session: Invoke) -> None:
    said = session("low-back-seated", "--plain", "--voice").texts()
    assert "Roll up slowly, head last. Stop if you feel dizzy. Next: Seated knee to chest." in said


def test_n_cuts_what_is_being_said_and_a_pause_silences_it(session: Invoke) -> None:
    voice = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze", keys=[(3, "n")])
    lead_in = voice.said[0]
    assert lead_in.cut_at == 3  # the long get-ready is cut when n moves on
    assert voice.said[1].at == 3 and voice.said[1].text.endswith("1 of 10.")
    keys = [(2, " "), (4, " ")]  # pause, then go on
    paused = session(ROUTINE, "--plain", "--voice", "--only", "scapular-squeeze", keys=keys)
    assert paused.said[0].cut_at == 2


def test_json_with_voice_speaks_too(session: Invoke) -> None:
    voice = session(ROUTINE, "--json", "--voice", "--only", "scapular-squeeze")
    assert voice.texts()[1] == "Draw your shoulder blades back and down. 1 of 10."
    assert voice.texts()[-1] == "Done. Well done."


def test_spd_say_is_told_to_wait_so_that_cues_queue() -> None:
    from stretchcli.session.cues import speech_command

    assert speech_command({"spd-say": "/usr/bin/spd-say"}.get, "linux") == [
        "/usr/bin/spd-say",
        "-w",
    ]
