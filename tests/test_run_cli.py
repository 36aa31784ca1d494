"""`stretch run` end to end on a fake clock: JSON and plain output, options, config, cues."""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.session.cues import Speaker, speech_command
from tests.conftest import BUILTIN, Result, Stretch
from tests.fakes import SUSPEND

Run = Callable[..., Result]


@pytest.fixture
def run(stretch: Stretch) -> Run:
    """`stretch run ARGS` on a fake clock (no real waiting)."""

    def invoke(*args: str, keys: Sequence[tuple[float, str]] = ()) -> Result:
        return stretch("run", *args, keys=keys)

    return invoke


def events(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_json_mode_writes_every_phase_then_the_end(run: Run, runner: CliRunner) -> None:
    shown = json.loads(runner.invoke(app, ["show", "upper-back", "--json"]).stdout)
    code, out, err = run("upper-back", "--json")
    assert code == 0
    lines = events(out)
    spoken = lines[0].pop("spoken")
    assert lines[0] == {
        "event": "phase",
        "index": 0,
        "kind": "prepare",
        "exercise": "rhomboid-stretch",
        "side": None,
        "set": 1,
        "rep": None,
        "duration": 123.0,
        "offset": 0.0,
        "cue": "Sit tall near the front of the chair with your feet flat. "
        "Lace your fingers and lift your arms straight out at shoulder height.",
        "say": "Not medical advice. Stop if you feel sharp pain, numbness or tingling.",
        "caution": "With osteoporosis, skip this rounding stretch (--avoid flexion) unless a "
        "clinician says yes.",
        "pose": "start",
    }
    assert isinstance(spoken, list)
    assert spoken[:2] == [
        {"at": 0.0, "text": lines[0]["say"]},
        {
            "at": 6.0,
            "text": "Before you start: Keep every stretch to a mild pull, never into pain.",
        },
    ]
    careful = "Careful: With osteoporosis, skip this rounding stretch unless a clinician says yes."
    assert [s["text"] for s in spoken].index(careful) < len(spoken) - 2  # before the setup
    assert spoken[-1] == {  # the move into position, then the hold
        "at": 116.0,
        "text": "Lace your fingers and lift your arms straight out at shoulder height.",
    }
    assert lines[1]["kind"] == "hold"
    assert lines[1]["cue"] == "Push your hands away and round your upper back."
    assert lines[1]["say"] == "Push your hands away and round your upper back. 1 of 3."
    assert lines[-1] == {"event": "end", "status": "completed", "elapsed": 1120.0}
    phases = lines[:-1]
    assert [p["index"] for p in phases] == list(range(len(phases)))
    last = phases[-1]
    assert isinstance(last["offset"], float) and isinstance(last["duration"], float)
    assert last["offset"] + last["duration"] == shown["total_seconds"]
    assert err == (
        "Not medical advice. Stop if you feel sharp pain, numbness or tingling. "
        "When to get help: run stretch safety.\n"
    )


def test_json_side_and_switch_for_the_side_bend(run: Run) -> None:
    lines = events(run("upper-back", "--json", "--only", "thoracic-side-bend")[1])[:-1]
    assert [(e["kind"], e["side"], e["rep"]) for e in lines] == [
        ("prepare", None, None),
        ("hold", "left", 1),
        ("relax", "left", 1),
        ("hold", "left", 2),
        ("relax", "left", 2),
        ("hold", "left", 3),
        ("switch", "right", 1),
        ("hold", "right", 1),
        ("relax", "right", 1),
        ("hold", "right", 2),
        ("relax", "right", 2),
        ("hold", "right", 3),
    ]


def test_plain_mode_lines(run: Run) -> None:
    code, out, _ = run("upper-back", "--plain", "--only", "thoracic-rotation")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Upper back trigger point relief. "
        "Not medical advice. Stop if you feel sharp pain, numbness or tingling. "
        "You will need: chair. When to get help: run stretch safety."
    )
    assert lines[7:11] == [
        " 0:00  get ready 104 seconds  Seated thoracic rotation: "
        "Sit tall near the front of the chair, feet flat, hips facing straight ahead. "
        "If you have a pillow, hold it between your knees to keep your hips still. "
        "Cross your arms and rest your hands on your shoulders. Left side first. "
        "Careful: Turn only as far as is easy; never push into the end of the turn. "
        "With osteoporosis, keep the turn slow and stop well short of the end of it. "
        "Stay tall; do not slump as you turn. Stop if you feel pain, tingling or numbness. "
        "The position held: Seated tall, arms crossed with the hands on the shoulders, "
        "the chest turned to one side, hips facing forward.",
        " 1:44  hold 5 seconds         Seated thoracic rotation, left side, rep 1 of 5: "
        "Turn your chest to the left.",
        " 1:49  relax 3 seconds        Seated thoracic rotation, left side: Back to the centre.",
        " 1:52  hold 5 seconds         Seated thoracic rotation, right side, rep 1 of 5: "
        "Turn your chest to the right.",
    ]
    assert lines[-3:] == [
        "Finished Upper back trigger point relief in 3:01.",
        "done: Seated thoracic rotation",
        "Your 1st session this week.",
    ]


def test_plain_output_has_no_symbols_a_screen_reader_reads_as_noise(run: Run) -> None:
    """No middle dots, slashes in counts, backticks or no-break spaces, in any routine."""
    for routine in ("upper-back", "mid-back", "gentle-yoga"):
        _, out, _ = run(routine, "--plain")
        for symbol in ("·", "/", "`", "\u00a0", "×", "→"):
            assert symbol not in out, (routine, symbol)


def test_plain_output_lists_the_keys_once_when_they_can_be_pressed(stretch: Stretch) -> None:
    keys = (
        "Keys: space pauses and resumes, n goes to the next phase, b goes back, plus and minus "
        "make the hold 5 seconds longer or shorter, h ends an exercise that hurts, q stops."
    )
    typed = stretch("run", "upper-back", "--plain", "--only", "thoracic-rotation", typed="")
    lines = typed.out.splitlines()
    assert lines.count(keys) == 1
    assert lines.index(keys) < next(i for i, line in enumerate(lines) if "get ready" in line)
    piped = stretch("run", "upper-back", "--plain", "--only", "thoracic-rotation")
    assert keys not in piped.out  # no keyboard to read: no keys to list


def test_plain_can_be_the_default_in_the_config(isolated: Path) -> None:
    from stretchcli.files.config_file import parse
    from stretchcli.history.past import Past
    from stretchcli.session.settings import RunFlags, RunSettings

    for text, plain in (("plain = true\n", True), ("", False)):
        config = parse(isolated / "config.toml", text)
        flags = RunFlags()
        settings = RunSettings.resolve(
            flags=flags, config=config, past=Past(), routine="upper-back"
        )
        assert settings.plain is plain
    typed = RunFlags(plain=True)
    config = parse(isolated / "config.toml", "")
    assert RunSettings.resolve(flags=typed, config=config, past=Past(), routine="r").plain


def test_the_voice_rate_comes_from_the_option_else_the_config_else_175(isolated: Path) -> None:
    from stretchcli.files.config_file import parse
    from stretchcli.history.past import Past
    from stretchcli.session.settings import RunFlags, RunSettings

    default = parse(isolated / "config.toml", "")
    slow = parse(isolated / "config.toml", "voice_rate = 140\n")
    for flags, config, rate in (
        (RunFlags(), default, 175),
        (RunFlags(), slow, 140),
        (RunFlags(voice_rate=220), slow, 220),
    ):
        settings = RunSettings.resolve(flags=flags, config=config, past=Past(), routine="r")
        assert settings.voice_rate == rate


def test_output_that_is_not_a_terminal_is_plain(run: Run) -> None:
    _, out, _ = run("morning-in-bed", "--only", "pelvic-tilt")
    assert "\x1b[" not in out
    assert any(line.startswith(" 0:00  get ready") for line in out.splitlines())


def test_avoid_swaps_for_ball_pressure_and_says_so(run: Run) -> None:
    code, out, err = run("upper-back", "--json", "--avoid", "rotation,side-bend")
    assert code == 0
    exercises = list(dict.fromkeys(str(e["exercise"]) for e in events(out)[:-1]))
    assert exercises == ["rhomboid-stretch", "scapular-squeeze", "ball-pressure"]
    assert err.splitlines()[:2] == [
        "stretch: skipping thoracic-rotation (rotation): "
        "its alternative, ball-pressure, is in the session",
        "stretch: skipping thoracic-side-bend (side-bend): "
        "its alternative, ball-pressure, is in the session",
    ]
    code, out, err = run("low-back-seated", "--json", "--avoid", "rotation")
    exercises = list(dict.fromkeys(str(e["exercise"]) for e in events(out)[:-1]))
    assert exercises[0] == "ball-pressure"
    assert err.splitlines()[0] == (
        "stretch: doing ball-pressure instead of thoracic-rotation (rotation)"
    )


def test_avoid_comes_from_the_config_file(run: Run, isolated: Path) -> None:
    (isolated / "config").mkdir(parents=True)
    (isolated / "config" / "config.toml").write_text('avoid = ["flexion"]\n')
    _, out, err = run("upper-back", "--json")
    assert "rhomboid-stretch" not in out
    assert (
        "stretch: skipping rhomboid-stretch (flexion): "
        "its alternative, ball-pressure, is in the session"
    ) in err


def test_a_broken_config_file_is_one_clear_line(run: Run, isolated: Path) -> None:
    (isolated / "config").mkdir(parents=True)
    path = isolated / "config" / "config.toml"
    path.write_text("sound = true\nvoice = maybe\n")
    code, _, err = run("upper-back", "--json")
    assert code == 1
    assert err == f"stretch: {path}:2:9: invalid TOML: Invalid value\n"


def test_a_config_typo_is_named(run: Run, isolated: Path) -> None:
    (isolated / "config").mkdir(parents=True)
    path = isolated / "config" / "config.toml"
    path.write_text("sond = false\n")
    code, _, err = run("upper-back", "--json")
    assert code == 1
    assert err == f"stretch: {path}:1:1: unknown setting 'sond' (did you mean 'sound'?)\n"


def test_unknown_movement_is_a_usage_error(run: Run) -> None:
    code, _, err = run("upper-back", "--avoid", "twisting")
    assert code == 2
    assert err == (
        "stretch: --avoid: unknown movement 'twisting' "
        "(movements: rotation, side-bend, flexion, extension)\n"
    )


def test_only_and_skip(run: Run) -> None:
    _, out, _ = run("upper-back", "--json", "--skip", "ball-pressure,rhomboid-stretch")
    exercises = list(dict.fromkeys(str(e["exercise"]) for e in events(out)[:-1]))
    assert exercises == ["scapular-squeeze", "thoracic-rotation", "thoracic-side-bend"]
    code, _, err = run("upper-back", "--only", "ball")
    assert code == 2
    assert err.startswith("stretch: --only: 'ball' is not a step of upper-back (its steps: ")


def test_scale_halves_the_holds(run: Run) -> None:
    lines = events(run("upper-back", "--json", "--scale", "0.5", "--only", "ball-pressure")[1])
    holds = {e["duration"] for e in lines if e.get("kind") == "hold"}
    assert holds == {15.0}
    assert run("upper-back", "--scale", "9")[0] == 2


def test_unknown_routine(run: Run) -> None:
    code, _, err = run("uper-back")
    assert code == 1
    assert err == "stretch: no routine named 'uper-back' (did you mean 'upper-back'?)\n"


def test_voice_without_a_speech_engine_warns_once(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("stretchcli.session.cues.shutil.which", lambda name: None)
    code, _, err = run("upper-back", "--plain", "--voice", "--only", "pelvic-tilt")
    assert code == 2  # pelvic-tilt is not a step of upper-back
    code, _, err = run("morning-in-bed", "--plain", "--voice", "--only", "pelvic-tilt")
    assert code == 0
    assert err.count("no speech command found") == 1


def test_speech_command_prefers_the_first_engine_found() -> None:
    found = {"espeak": "/usr/bin/espeak", "espeak-ng": "/usr/bin/espeak-ng"}
    assert speech_command(found.get, "linux") == ["/usr/bin/espeak-ng", "-s", "175"]
    assert speech_command(found.get, "linux", 220.0) == ["/usr/bin/espeak-ng", "-s", "220"]
    assert speech_command(lambda name: None, "linux") is None
    windows = speech_command({"powershell": "C:/ps.exe"}.get, "win32")
    assert windows is not None and windows[0] == "C:/ps.exe" and "$env:STRETCH_SAY" in windows[-1]


class FakeProcess:
    def __init__(self, args: list[str], **kwargs: object) -> None:
        self.args = args
        self.kwargs = kwargs
        self.terminated = False
        self.finished = False

    def poll(self) -> int | None:
        return 0 if self.finished else None

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout: float | None = None) -> int:
        return 0


def test_speaker_runs_an_argument_list_without_a_shell_and_never_cuts_a_cue() -> None:
    started: list[FakeProcess] = []

    def popen(args: list[str], **kwargs: object) -> FakeProcess:
        started.append(FakeProcess(args, **kwargs))
        return started[-1]

    speaker = Speaker(["/usr/bin/espeak-ng"], popen)  # type: ignore[arg-type]
    speaker.say("Left side. Hold.")
    speaker.say("$(rm -rf ~); Relax.")  # waits for the first, which is still being said
    assert [p.args for p in started] == [["/usr/bin/espeak-ng", "Left side. Hold."]]
    started[0].finished = True
    speaker.poll()
    assert started[1].args == ["/usr/bin/espeak-ng", "$(rm -rf ~); Relax."]
    assert "shell" not in started[1].kwargs
    assert not started[0].terminated and not started[1].terminated
    assert started[1].kwargs["stdin"] == subprocess.DEVNULL
    speaker.stop()
    assert started[1].terminated


def test_variant_at_run_time_is_done_and_named(run: Run) -> None:
    code, out, _ = run(
        "upper-back", "--plain", "--only", "rhomboid-stretch",
        "--variant", "rhomboid-stretch=long-sitting",
    )  # fmt: skip
    assert code == 0
    lines = [line.replace("\u00a0", " ") for line in out.splitlines()]
    getready = next(line for line in lines if line.startswith(" 0:00"))
    assert getready.startswith(
        " 0:00  get ready 139 seconds  Rhomboid stretch (long-sitting): "
        "Get down onto your mat slowly, with a hand on a chair if you need it. "
        "Sit to one side and bring your legs out in front of you. "
        "Sit on the floor with your legs straight out in front, knees a little soft."
    )
    assert lines[-2] == "done: Rhomboid stretch (long-sitting)"


def test_the_live_screen_shows_the_variants_own_how_to(run: Run) -> None:
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import Folder
    from stretchcli.session.coaching import SessionInfo, script
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan as timeline_plan
    from stretchcli.session.run import session_phases
    from stretchcli.session.runner import RunState
    from stretchcli.views.live import session_view
    from tests.conftest import BUILTIN

    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    options = RunOptions(variants={"rhomboid-stretch": "long-sitting"})
    plan = timeline_plan(catalog.routine("upper-back"), catalog.exercises, options)
    phases = session_phases(plan, "upper-back")
    steps = [s.exercise for s in plan.steps]
    info = SessionInfo("x", steps, script(phases, steps))
    state = RunState(phases, index=1, phase_started=phases[1].offset)
    state.deadline = phases[1].offset + phases[1].duration
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(session_view(state, info, phases[1].offset + 1, 100))
    variant = catalog.exercises["rhomboid-stretch"].variants["long-sitting"]
    assert variant.cues.hold is not None
    assert variant.cues.hold in console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "rhomboid-stretch=lying",
            "--variant: 'rhomboid-stretch' has no variant 'lying' (variants: chair, long-sitting)",
        ),
        ("pelvic-tilt=x", "--variant: 'pelvic-tilt' is not a step of upper-back"),
        (
            "rhomboid-stretch",
            "--variant: expected EXERCISE=VARIANT, not 'rhomboid-stretch' "
            "(e.g. --variant rhomboid-stretch=long-sitting)",
        ),
    ],
)
def test_bad_variants_are_usage_errors(run: Run, value: str, message: str) -> None:
    code, _, err = run("upper-back", "--variant", value)
    assert code == 2
    assert err.startswith(f"stretch: {message}")


def test_resume_refuses_options_it_would_ignore(run: Run) -> None:
    code, _, err = run("upper-back", "--resume", "--scale", "0.5")
    assert code == 2
    assert err == (
        "stretch: --resume continues with the options of the run it resumes: leave out "
        "--scale (or start afresh without --resume)\n"
    )


def test_nothing_left_to_do_says_why(run: Run, user_routines: Path) -> None:
    (user_routines / "twist.yaml").write_text(
        "name: Twist\nsummary: s\nsteps: [thread-the-needle]\n"
    )
    code, _, err = run("twist", "--avoid", "rotation")
    assert code == 2
    assert err == (
        "stretch: nothing left to do in twist "
        "(skipping thread-the-needle (rotation): it has no alternative)\n"
    )


def test_an_alternative_that_was_skipped_is_never_swapped_in(run: Run) -> None:
    """Review 21, F4: skipping the ball's own step brought it back in rotation's place."""
    _, out, err = run("upper-back", "--json", "--avoid", "rotation", "--skip", "ball-pressure")
    assert err.splitlines()[0] == (
        "stretch: skipping thoracic-rotation (rotation): its alternative, ball-pressure, is "
        "skipped too (--skip)"
    )
    assert "ball-pressure" not in {str(e["exercise"]) for e in events(out)[:-1]}


def test_ctrl_z_pauses_the_session_until_it_is_resumed(run: Run) -> None:
    keys = [(40.0, SUSPEND), (70.0, " ")]
    code, out, _ = run("upper-back", "--plain", "--only", "thoracic-rotation", keys=keys)
    assert code == 0
    lines = out.splitlines()
    assert lines.index("paused (space to resume)") + 1 == lines.index("resumed")
    assert lines[-3] == "Finished Upper back trigger point relief in 3:01."  # 30 s paused


def test_minutes_fits_the_routine_with_fewer_sets_and_reps_and_says_how(run: Run) -> None:
    code, out, err = run("upper-back", "--json", "--minutes", "14")
    assert code == 0
    assert err.splitlines()[0] == (
        "stretch: fitted into 14 minutes (13:29 instead of 18:40): Rhomboid stretch (chair) 2 "
        "of 3 reps; Scapular squeeze 1 of 2 sets, 9 of 10 reps; Seated thoracic rotation 4 of "
        "5 reps; Seated thoracic side bend 2 of 3 reps; Ball pressure on trigger points 2 of 3 reps"
    )
    lines = events(out)
    order = list(dict.fromkeys(str(e["exercise"]) for e in lines[:-1]))
    assert order == [
        "rhomboid-stretch",
        "scapular-squeeze",
        "thoracic-rotation",
        "thoracic-side-bend",
        "ball-pressure",
    ]
    holds = [e for e in lines if e.get("kind") == "hold"]
    assert {e["duration"] for e in holds if e["exercise"] == "ball-pressure"} == {30.0}  # kept
    assert lines[-1]["status"] == "completed"
    said = re.search(r"\((\d+):(\d\d) instead of", err)  # the length it said, as it runs
    assert said is not None
    fitted = int(said[1]) * 60 + int(said[2])
    assert float(str(lines[-1]["elapsed"])) == pytest.approx(fitted, abs=1)


def test_minutes_refuses_what_cannot_fit(run: Run) -> None:
    assert run("upper-back", "--minutes", "5") == (
        2,
        "",
        "stretch: --minutes: upper-back does not fit into 5 minutes: with one set and half the "
        "reps of each exercise it takes 12:33 (give --minutes 13 or more, or fewer steps with "
        "--only)\n",
    )
    code, _, err = run("upper-back", "--minutes", "0.5")
    assert code == 2
    assert "'0.5' is not a number of minutes from 1 to 120" in err


def test_minutes_that_leave_the_routine_as_it_is_say_nothing(run: Run) -> None:
    code, _, err = run("upper-back", "--json", "--minutes", "20", "--only", "thoracic-rotation")
    assert code == 0
    assert "fitted" not in err


@pytest.mark.parametrize("mode", ["--json", "--plain"])
def test_json_and_plain_runs_load_no_live_display_figure_or_rich(mode: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    (tmp_path / "zip.yaml").write_text(
        "name: Zip\nsummary: One short hold.\nprepare: 0\n"
        "steps:\n  - exercise: pelvic-tilt\n    hold: 1\n    reps: 1\n"
    )
    code = (
        "import sys\n"
        f"sys.argv = ['stretch', 'run', 'zip', '{mode}', '--brief']\n"
        "from stretchcli.entry import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m == 'rich' or m.startswith('rich.')\n"
        "          or m.startswith('stretchcli.body.')\n"
        "          or m in ('stretchcli.views.live', 'stretchcli.views.figure',\n"
        "                   'stretchcli.views.screen')]\n"
        "print(sorted(loaded), file=sys.stderr)\n"
    )
    for _ in range(2):  # the first checks the files (figures included); the second reuses that
        done = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "STRETCH_PATH": str(tmp_path)},
            capture_output=True,
            text=True,
            check=True,
        )
    assert done.stderr.splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["run", "upper-back", "--plain", "--json"], "--plain and --json"),
        (["run", "upper-back", "--only", "ball-pressure", "--skip", "bridge"], "--only and --skip"),
        (["again", "--json", "--plain"], "--plain and --json"),
    ],
)
def test_options_that_do_not_fit_are_refused(stretch: Stretch, args: list[str], named: str) -> None:
    assert stretch(*args) == (2, "", f"stretch: {named} do not fit together (give one of them)\n")


def test_again_says_what_it_repeats_and_takes_pain_note_and_voice(stretch: Stretch) -> None:
    first = ["run", "upper-back", "--json", "--avoid", "rotation", "--scale", "0.5"]
    assert stretch(*first)[0] == 0
    code, _, err = stretch("again", "--json", "--note", "easier today", "--no-voice")
    assert code == 0
    assert err.splitlines()[0] == "stretch: again: upper-back --avoid rotation --scale 0.5"
    sessions = json.loads(stretch("history", "--json").out)
    assert [(s["routine"], s["note"]) for s in sessions] == [
        ("upper-back", None),
        ("upper-back", "easier today"),
    ]


def test_scale_says_what_it_changed(stretch: Stretch) -> None:
    _, _, err = stretch("run", "upper-back", "--json", "--scale", "0.5")
    assert err.splitlines()[0] == (
        "stretch: --scale 0.5: holds, relaxes and rests 0.5 times their length "
        "(12:38 in all instead of 18:40)"
    )


def test_an_exercise_skipped_never_comes_in_as_another_steps_alternative(
    stretch: Stretch, tmp_path: Path
) -> None:
    """Review 21, F4: `--skip ball-pressure` with flexion avoided ran the ball first, in
    the rhomboid stretch's place; and desk-upper-back refused the skip, though --avoid
    brings the ball in. Every built-in routine, every movement avoided, each alternative
    skipped: it is never done, the step it stood in for is left out and said so, and the
    session is one an import takes."""
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    checked = 0
    for routine in catalog.routines.values():
        for step in routine.steps:
            exercise = catalog.exercises[step.exercise]
            other = exercise.alternative
            if other is None or not exercise.movements:
                continue
            avoid = ",".join(exercise.movements)
            result = stretch("run", routine.id, "--avoid", avoid, "--skip", other, "--json")
            if result.code != 0:  # nothing left: said why, and nothing ran
                assert (result.code, result.out) == (2, ""), result.err
                continue
            done = {e.get("exercise") for e in events(result.out)}
            assert other not in done, (routine.id, step.exercise)
            assert step.exercise not in done, (routine.id, step.exercise)
            assert (
                f"stretch: skipping {step.exercise} ({', '.join(sorted(exercise.movements))}): "
                f"its alternative, {other}, is skipped too (--skip)"
            ) in result.err.splitlines() or other in {s.exercise for s in routine.steps}, result.err
            checked += 1
    assert checked >= 5
    exported = tmp_path / "all.jsonl"
    assert stretch("history", "export", "-o", str(exported)).code == 0
    fresh = tmp_path / "fresh"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STRETCH_STATE_DIR", str(fresh))
        taken = stretch("history", "import", str(exported))
    assert taken.code == 0, taken.err
    assert taken.out == f"imported {checked} sessions; 0 already there\n"
