"""The commands as a user sees them: exact output, exit codes, JSON, errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stretchcli import __version__
from stretchcli.cli.app import app
from tests.conftest import BUILTIN, Stretch

ROUTINES = {
    "upper-back",
    "morning-in-bed",
    "mid-back",
    "low-back-seated",
    "back-pain-relief",
    "spinal-stenosis",
    "gentle-yoga",
    "desk-upper-back",
    "trigger-point-release",
    "desk-break",
    "strength-upper-back",
}
UPPER_BACK_STEPS = [
    "rhomboid-stretch",
    "scapular-squeeze",
    "thoracic-rotation",
    "thoracic-side-bend",
    "ball-pressure",
]


def lines(text: str) -> list[str]:
    """Output lines without trailing padding; no-break spaces read as spaces."""
    return [line.rstrip().replace("\u00a0", " ") for line in text.splitlines()]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"stretch {__version__}\n"


def test_list_shows_every_builtin_routine_with_its_time(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list"])  # piped: whole names, no padding to a screen
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "routine                name                              time  steps  source",
        "─" * 78,
        "back-pain-relief       Back pain relief                  8:27      3  built-in",
        "desk-break             Desk break                        4:27      3  built-in",
        "desk-upper-back        Upper back at the desk            7:29      3  built-in",
        "gentle-yoga            Gentle back yoga                  9:24      4  built-in",
        "low-back-seated        Low back relief in a chair       13:14      5  built-in",
        "mid-back               Mid back stretches               11:13      4  built-in",
        "morning-in-bed         Back stretches in bed             9:05      3  built-in",
        "spinal-stenosis        Lumbar spinal stenosis           12:54      4  built-in",
        "strength-upper-back    Upper back strengthening          9:17      3  built-in",
        "trigger-point-release  Trigger point release             6:05      1  built-in",
        "upper-back             Upper back trigger point relief  18:40      5  built-in",
    ]
    assert result.stderr == ""


def test_list_fits_a_terminal_and_gives_a_pipe_whole_names(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fakes import FakeTerminal

    piped = stretch("list", "--exercises").out.splitlines()
    assert "Ball pressure on trigger points" in piped[3]
    assert all(line == line.rstrip() for line in piped)  # no trailing spaces, the head too
    monkeypatch.setenv("COLUMNS", "60")
    shown = stretch("list", "--exercises", terminal=FakeTerminal(), tty=True).out
    lines = shown.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert lines[2] == "back-extension         Back…   extension            built-in"  # cut to fit


def test_list_json_lists_all_builtin_routines(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {r["id"] for r in data} == ROUTINES
    upper = next(r for r in data if r["id"] == "upper-back")
    assert upper["exercises"] == UPPER_BACK_STEPS
    assert upper["total_seconds"] == 1120
    assert upper["source"] == "built-in"
    assert Path(upper["path"]) == BUILTIN / "upper-back.yaml"
    for routine in data:  # the first get-ready says every caution of the routine
        if routine["id"] == "desk-break":  # the break between sessions (its moves: 2 min)
            assert 3 * 60 <= routine["total_seconds"] <= 5 * 60
        else:
            assert 5 * 60 <= routine["total_seconds"] <= 20 * 60, routine["id"]


def test_list_exercises_json_carries_every_fixed_id(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--exercises", "--json"])
    ids = {e["id"] for e in json.loads(result.stdout)}
    assert set(UPPER_BACK_STEPS) <= ids
    assert {
        "knee-to-chest",
        "lower-trunk-rotation",
        "pelvic-tilt",
        "cat-camel",
        "thread-the-needle",
        "open-book",
        "seated-forward-bend",
        "seated-knee-to-chest",
        "seated-figure-four",
    } <= ids


def test_list_exercises_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--exercises"])
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert out[0].split() == ["exercise", "name", "movements", "source"]
    assert any(line.split()[:1] == ["thoracic-rotation"] and "rotation" in line for line in out)


def test_show_upper_back_json_has_steps_doses_and_total(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "upper-back", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["kind"] == "routine"
    assert [s["exercise"] for s in data["steps"]] == UPPER_BACK_STEPS
    assert data["steps"][0]["variant"] == "chair"
    squeeze = data["steps"][1]
    assert (squeeze["hold"], squeeze["reps"], squeeze["sets"]) == (5, 10, 2)
    assert sum(s["seconds"] for s in data["steps"]) == data["total_seconds"] == 1120


def test_show_routine_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "upper-back"])
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert out[0] == "Upper back trigger point relief  upper-back · built-in"
    assert out[1] == "Stretch, strengthen and release knots between the shoulder blades."
    assert out[4] == "─" * 80
    assert out[5].split() == [
        "1",
        "Rhomboid",
        "stretch",
        "(chair)",
        "hold",
        "30",
        "s",
        "×",
        "3",
        "·",
        "relax",
        "10",
        "s",
        "3:53",
    ]
    assert out[15:20] == [
        "total 18:40 · between exercises a rest of up to 10 s, then a get-ready long",
        "enough to get there and hear how to set up (at least 5 s); the first one says",
        "the cautions below",
        "other positions: --variant rhomboid-stretch=long-sitting, --variant",
        "scapular-squeeze=band, --variant ball-pressure=floor",
    ]
    assert "When to get help (red flags): `stretch safety`. Each exercise's own cautions:" in out
    assert "Not medical advice. Stop if you feel sharp pain, numbness or tingling." in out


def test_a_routine_without_rests_says_so(stretch: Stretch) -> None:
    out = " ".join(stretch("show", "desk-break").out.split())
    assert "total 4:27 · between exercises no rest, only a get-ready long enough" in out
    assert "up to 0" not in out


PAGES = sorted(
    {p.stem for p in BUILTIN.glob("*.yaml")} | {p.stem for p in BUILTIN.glob("exercises/*.yaml")}
)


@pytest.mark.parametrize("command", [["safety"], ["history"], *(["show", p] for p in PAGES)])
def test_piped_pages_have_no_spaces_at_the_end_of_a_line(
    stretch: Stretch, command: list[str]
) -> None:
    result = stretch(*command)
    assert result.code == 0 and result.out
    ended = [line for line in result.out.splitlines() if line != line.rstrip(" ")]
    assert ended == []


def test_show_thoracic_rotation(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "thoracic-rotation"])
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert out[0] == "Seated thoracic rotation  thoracic-rotation · built-in"
    facts = {
        line.split("  ")[0]: line.split("  ", 1)[1].strip()
        for line in out[3 : out.index("How to do it")]
        if line and not line.startswith(" ")
    }
    assert facts["movements"] == "rotation"
    assert facts["instead"] == "ball-pressure (with --avoid rotation)"
    assert facts["used by"] == "back-pain-relief, desk-break, low-back-seated, upper-back"
    assert facts["dose"].startswith("hold 5 s × 5 per side, alternating left and right")
    how = out.index("How to do it")
    assert out[how + 1].startswith("  1. ")
    assert "Cautions" in out
    assert "Not medical advice. Stop if you feel sharp pain, numbness or tingling." in out


def test_show_exercise_json(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["show", "rhomboid-stretch", "--json"]).stdout)
    assert data["kind"] == "exercise"
    assert set(data["variants"]) == {"chair", "long-sitting"}
    assert data["variants"]["long-sitting"]["position"] == "floor"
    assert data["used_by"] == ["desk-break", "desk-upper-back", "upper-back"]
    assert data["alternative_for"] == []
    ball = json.loads(runner.invoke(app, ["show", "ball-pressure", "--json"]).stdout)
    assert ball["used_by"] == ["trigger-point-release", "upper-back"]
    assert ball["alternative_for"] == [
        "rhomboid-stretch",
        "thoracic-rotation",
        "thoracic-side-bend",
    ]
    assert data["cautions"] and data["instructions"] and data["sources"]
    side_bend = json.loads(runner.invoke(app, ["show", "thoracic-side-bend", "--json"]).stdout)
    assert side_bend["setup"][0].startswith("Sit with both sit bones")
    assert side_bend["cues"] == {
        "hold": "Raise one arm and lean away from it.",
        "relax": "Come up and lower your arm.",
        "left": "Right arm up, lean to the left.",
        "right": "Left arm up, lean to the right.",
        "switch": "Come up, lower your arm and sit evenly.",
        "breathe": "Breathe out and let your side lengthen a little more.",
    }


def test_unknown_name_exits_1_with_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "uper-back"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "stretch: no routine or exercise named 'uper-back' (did you mean 'upper-back'?)\n"
    )


def test_missing_argument_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(app, ["show"]).exit_code == 2


def test_builtin_routines_all_validate(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(BUILTIN)])
    count = len(list(BUILTIN.rglob("*.yaml")))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"ok: {count} files checked\n"


def test_every_builtin_exercise_has_cautions_sources_and_instructions(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["list", "--exercises", "--json"]).stdout)
    for exercise in data:
        assert len(exercise["cautions"]) >= 2, exercise["id"]
        assert exercise["sources"], exercise["id"]
        assert exercise["instructions"], exercise["id"]


def test_validate_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'nope.yaml'}:1:1: no such file or folder",
        "1 problem in 1 file",
    ]


@pytest.mark.parametrize("many", [5, 6, 80])
def test_a_file_full_of_one_mistake_shows_a_few_and_a_count(
    runner: CliRunner, user_routines: Path, many: int
) -> None:
    path = user_routines / "noisy.yaml"
    unknown = "".join(f"typo{i}: 1\n" for i in range(many))
    path.write_text("name: Noisy\nsummary: s\nsteps: [thoracic-rotation]\n" + unknown)
    shown = runner.invoke(app, ["validate", str(path)]).stdout.splitlines()
    assert len([line for line in shown if "unknown key" in line]) == min(many, 5)
    more = many - 5
    tail = [f"{path}: and {more} more like these"] if more > 0 else []
    assert shown[5:] == [*tail, f"{many} problems in 1 file"]
    warned = runner.invoke(app, ["list"]).stderr.splitlines()
    assert len(warned) == min(many, 5) + (1 if more > 0 else 0)
    assert all(line.endswith("; file skipped") for line in warned)


MY_ROUTINE = """\
name: My lunch break
summary: A short one.
steps: [thoracic-rotation]
"""


def test_user_routine_is_listed_as_yours_and_broken_one_is_skipped_with_warning(
    runner: CliRunner, user_routines: Path
) -> None:
    (user_routines / "lunch.yaml").write_text(MY_ROUTINE)
    (user_routines / "broken.yaml").write_text("name: Broken\nsummary: x\nsteps: [nope]\n")
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    data = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(data) == ROUTINES | {"lunch"}
    assert data["lunch"]["source"] == "user"
    assert result.stderr == (
        f"stretch: warning: {user_routines / 'broken.yaml'}:3:9: step 1: no exercise named "
        "'nope' (see `stretch list --exercises`); file skipped\n"
    )
    table = runner.invoke(app, ["list"]).stdout
    assert any(
        line.split()[:1] == ["lunch"] and line.rstrip().endswith("yours")
        for line in table.splitlines()
    )


def test_precedence_stretch_path_beats_user_beats_builtin(
    runner: CliRunner, user_routines: Path, tmp_path: Path, monkeypatch: object
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (user_routines / "upper-back.yaml").write_text(MY_ROUTINE.replace("My lunch", "User's"))
    (extra / "upper-back.yaml").write_text(MY_ROUTINE.replace("My lunch", "Path's"))
    data = json.loads(runner.invoke(app, ["show", "upper-back", "--json"]).stdout)
    assert (data["name"], data["source"]) == ("User's break", "user")
    result = runner.invoke(app, ["show", "upper-back", "--json"], env={"STRETCH_PATH": str(extra)})
    data = json.loads(result.stdout)
    assert (data["name"], data["source"]) == ("Path's break", "path")


def test_broken_user_override_falls_back_to_builtin(runner: CliRunner, user_routines: Path) -> None:
    bad = user_routines / "exercises" / "thoracic-rotation.yaml"
    bad.write_text("name: Mine\nhold: 1:30\n")
    result = runner.invoke(app, ["show", "thoracic-rotation", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == "built-in"
    assert f"stretch: warning: {bad}:2:7: hold: expected a number of seconds" in result.stderr


def test_user_exercise_used_by_user_routine(runner: CliRunner, user_routines: Path) -> None:
    from stretchcli.safety import SHORT as SAFETY
    from stretchcli.session.speech import speech_seconds

    (user_routines / "exercises" / "neck-roll.yaml").write_text(
        "name: Neck roll\nsummary: Roll the head.\nsides: none\nhold: 5\nreps: 3\n"
        "instructions: [Roll slowly.]\ncautions: [Gently., Stop on dizziness.]\n"
    )
    (user_routines / "neck.yaml").write_text(
        "name: Neck\nsummary: Neck.\nsteps:\n  - exercise: neck-roll\n    reps: 4\n"
    )
    data = json.loads(runner.invoke(app, ["show", "neck", "--json"]).stdout)
    assert data["steps"][0]["reps"] == 4
    # The get-ready lasts long enough to hear each line, each from the whole second after
    # the one before has been said and a half-second pause (every caution is said
    # before the setup), and 2 s to settle after the setup; then 4 holds.
    said = [(SAFETY, 0), ("Neck roll.", 0), ("Careful: Gently.", 0), ("Stop on dizziness.", 0)]
    said += [("Roll slowly.", 2)]
    at = 0.0
    for text, then in said:
        at = math.ceil(at) + speech_seconds(text) + 0.5 + then
    assert data["total_seconds"] == math.ceil(at - 0.5) + 4 * 5


def test_completion_lists_ids_without_reading_yaml(user_routines: Path) -> None:
    from stretchcli.cli.completion import complete_names as _complete_names

    (user_routines / "thoracic-mine.yaml").write_text("{ this is not valid yaml")
    assert _complete_names("thoracic") == [
        "thoracic-mine",
        "thoracic-rotation",
        "thoracic-side-bend",
    ]


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("list", "show", "validate"):
        assert command in result.stdout


def test_a_user_exercise_with_a_missing_alternative_falls_back_to_the_builtin(
    runner: CliRunner, user_routines: Path
) -> None:
    mine = user_routines / "exercises" / "ball-pressure.yaml"
    text = (BUILTIN / "exercises" / "ball-pressure.yaml").read_text()
    mine.write_text(text + "alternative: no-such-thing\n")
    result = runner.invoke(app, ["show", "ball-pressure", "--json"])
    assert json.loads(result.stdout)["source"] == "built-in"
    assert "alternative: no exercise named 'no-such-thing'" in result.stderr
    listed = {r["id"] for r in json.loads(runner.invoke(app, ["list", "--json"]).stdout)}
    assert "upper-back" in listed


def test_a_chain_of_alternatives_with_a_missing_end_drops_each_link(
    runner: CliRunner, user_routines: Path
) -> None:
    base = "summary: s\nsides: none\nhold: 5\nreps: 1\ninstructions: [a]\ncautions: [b]\n"
    exercises = user_routines / "exercises"
    (exercises / "xx.yaml").write_text(f"name: X\n{base}movements: [rotation]\nalternative: yy\n")
    (exercises / "yy.yaml").write_text(f"name: Y\n{base}alternative: zz-missing\n")
    (user_routines / "r.yaml").write_text("name: R\nsummary: s\nsteps: [xx, pelvic-tilt]\n")
    result = runner.invoke(app, ["list", "--exercises", "--json"])
    ids = {e["id"] for e in json.loads(result.stdout)}
    assert not {"xx", "yy"} & ids
    assert f"{exercises / 'xx.yaml'}:9:14: alternative: exercise 'yy' has problems" in (
        result.stderr
    )


def test_safety_lists_every_red_flag_by_urgency(runner: CliRunner) -> None:
    result = runner.invoke(app, ["safety"])
    assert result.exit_code == 0
    out = [" ".join(line.split()) for line in lines(result.stdout)]
    assert "EMERGENCY: call your emergency number now (999, 911, 112)" in out
    assert "SEE A CLINICIAN: book an appointment with a doctor or physiotherapist" in out
    text = " ".join(out)
    emergency, rest = text.split("URGENT:")
    urgent, soon = rest.split("SEE A CLINICIAN:")
    assert urgent.startswith(
        " get seen today: ask for an urgent appointment with your doctor, or call a health "
        "advice line (NHS 111 in England)"
    )
    # Each at the level the NHS page gives it (999; an urgent appointment or 111).
    assert "Chest pain together with back pain" in emergency
    assert "tearing or ripping" in emergency
    assert "around the genitals or buttocks" in emergency and "both legs" in emergency
    assert "after a serious accident, such as a car accident" in emergency
    assert "between the shoulder blades" in urgent
    assert "worse when you cough, sneeze or poo" in urgent
    assert "Sudden weakness in your arms, or severe pain down an arm with tingling" in urgent
    assert "inject drugs" in urgent and "bacterial infection" in urgent
    assert "Severe pain in the middle of your spine that eases when you lie down" in urgent
    assert "several places in your body" in urgent
    assert "small fall or knock" in urgent and "steroid" in urgent
    assert "high temperature" in urgent and "cancer" in urgent and "worse at night" in urgent
    assert "after the age of 50" in urgent
    assert "between the shoulder blades" not in soon and "after a few weeks" in soon
    assert "Sources 1. https://www.nhs.uk/conditions/back-pain/" in text


def test_every_red_flag_is_cited_to_a_listed_source(runner: CliRunner) -> None:
    from stretchcli import safety

    data = json.loads(runner.invoke(app, ["safety", "--json"]).stdout)
    for group in data["red_flags"]:
        assert len(group["sign_sources"]) == len(group["signs"])
        for sign, cited in zip(group["signs"], group["sign_sources"], strict=True):
            assert cited and set(cited) <= set(data["sources"]), sign
    printed = lines(runner.invoke(app, ["safety"]).stdout)
    shown = " ".join(" ".join(line.split()) for line in printed)
    for _, signs in safety.RED_FLAGS:
        for sign in signs:
            numbers = " ".join(f"[{safety.SOURCES.index(s) + 1}]" for s in sign.sources)
            assert f"{sign.text} {numbers}" in shown


def test_safety_json_has_the_same_flags(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["safety", "--json"]).stdout)
    assert [group["urgency"] for group in data["red_flags"]] == [
        "Emergency",
        "Urgent",
        "See a clinician",
    ]
    assert data["short"] == "Not medical advice. Stop if you feel sharp pain, numbness or tingling."
    assert all(group["signs"] for group in data["red_flags"])


def test_main_knows_every_command_whichever_it_builds(stretch: Stretch) -> None:
    """main() builds only the command asked for (start-up time), and the whole app when it
    must: help, an unknown command."""
    assert stretch("lst") == (2, "", "stretch: no such command 'lst' (did you mean 'list'?)\n")
    code, out, _ = stretch("--help")
    assert code == 0
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line]
    groups = [g.typer_instance.info.name for g in app.registered_groups if g.typer_instance]
    assert listed == [c.name for c in app.registered_commands] + groups
    code, out, _ = stretch("list", "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "back-pain-relief"


def test_the_version_is_answered_without_typer_rich_or_yaml() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.argv = ['stretch', '--version']\n"
        "from stretchcli.entry import run\n"
        "try:\n    run()\nexcept SystemExit as exc:\n    print(exc.code)\n"
        "print(sorted(m for m in ('typer', 'rich', 'yaml', 'click') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [f"stretch {__version__}", "0", "[]"]


def _commands() -> list[list[str]]:
    """Every command and subcommand, as the words that name it."""
    import typer

    command = typer.main.get_command(app)
    found: list[list[str]] = []

    def walk(group: object, words: list[str]) -> None:
        for name, sub in getattr(group, "commands", {}).items():
            found.append([*words, name])
            walk(sub, [*words, name])

    walk(command, [])
    return found


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_command_has_h_help_and_ends_with_examples(
    stretch: Stretch, words: list[str]
) -> None:
    code, out, err = stretch(*words, "-h")
    assert (code, err) == (0, "")
    assert out == stretch(*words, "--help").out == stretch("help", *words).out
    usage, *rest = out.splitlines()
    assert usage.startswith(f"Usage: stretch {' '.join(words)} ")
    for placeholder in ("{", "}", "<", ">", "_"):  # typer's {ROUTINE}, click's <str>, <_every>
        assert placeholder not in usage
        assert not [
            line for line in rest if line.startswith("  -") and placeholder in line.split("  ")[1]
        ]
    tail = out.rstrip("\n").split("\n\n")
    assert tail[-2].strip() == "Examples:"
    examples = tail[-1].splitlines()
    assert 1 <= len(examples) <= 3
    assert all(line.startswith("    ") and "stretch " + words[0] in line for line in examples)
    assert all(len(line) <= 60 for line in examples)  # a 60-column terminal shows them whole


def test_the_command_list_has_whole_sentences_that_fit_60_columns(stretch: Stretch) -> None:
    import os

    os.environ["COLUMNS"] = "60"
    try:
        out = stretch("--help").out
    finally:
        os.environ["COLUMNS"] = "80"
    listed = out.split("Commands:\n")[1].splitlines()
    assert [line.split()[0] for line in listed][:2] == ["run", "again"]
    for line in listed:
        assert len(line) <= 60 and line.endswith(".") and "..." not in line, line


def test_stretch_alone_shows_the_help_on_stdout(stretch: Stretch) -> None:
    code, out, err = stretch()
    assert (code, err) == (0, "")
    assert out == stretch("--help").out
    assert stretch("help").out == out


def test_help_for_an_unknown_command_is_one_line(stretch: Stretch) -> None:
    assert stretch("help", "lst") == (
        2,
        "",
        "stretch: no such command 'lst' (did you mean 'list'?)\n",
    )


@pytest.mark.parametrize("args", [["safety"], ["show", "thoracic-rotation"], ["show", "bridge"]])
def test_a_url_is_never_broken_across_lines(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from stretchcli import safety
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import Folder

    monkeypatch.setenv("COLUMNS", "40")
    lines = stretch(*args).out.splitlines()
    if args[0] == "safety":
        urls = list(safety.SOURCES)
    else:
        urls = list(load_catalog([Folder(BUILTIN, "built-in")]).exercises[args[1]].sources)
    assert urls
    for url in urls:
        assert any(line.strip().endswith(url) for line in lines), url
