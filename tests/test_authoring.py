"""Your own routines: `new`, `edit`, `config`, `paths` (and `schema` in test_schema.py)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stretchcli.cli import app
from stretchcli.files.authoring import editor_command
from tests.conftest import BUILTIN


def test_new_writes_a_commented_template_that_validates(
    runner: CliRunner, user_routines: Path
) -> None:
    result = runner.invoke(app, ["new", "lunch-break"])
    assert result.exit_code == 0
    path = user_routines / "lunch-break.yaml"
    assert result.stdout == f"{path}\n"
    text = path.read_text()
    assert text.startswith("# Lunch break: a routine for stretch.\n")
    for key in ("name", "summary", "prepare", "rest", "cautions", "steps", "sources"):
        line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
        assert " # " in line, f"{key} is not explained"
    assert runner.invoke(app, ["validate", str(path)]).stdout == "ok: 1 file checked\n"
    listed = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    assert {"id": "lunch-break", "source": "user"}.items() <= next(
        r for r in listed if r["id"] == "lunch-break"
    ).items()


def test_new_exercise_template_validates(runner: CliRunner, user_routines: Path) -> None:
    result = runner.invoke(app, ["new", "--exercise", "neck-roll"])
    path = user_routines / "exercises" / "neck-roll.yaml"
    assert result.stdout == f"{path}\n"
    assert runner.invoke(app, ["validate", str(path)]).stdout == "ok: 1 file checked\n"


def test_new_refuses_to_overwrite_without_force(runner: CliRunner, user_routines: Path) -> None:
    runner.invoke(app, ["new", "lunch"])
    (user_routines / "lunch.yaml").write_text("name: Mine\n")
    result = runner.invoke(app, ["new", "lunch"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"stretch: {user_routines / 'lunch.yaml'} already exists (use --force to replace it)\n"
    )
    assert (user_routines / "lunch.yaml").read_text() == "name: Mine\n"
    assert runner.invoke(app, ["new", "lunch", "--force"]).exit_code == 0
    assert (user_routines / "lunch.yaml").read_text().startswith("# Lunch")


def test_new_from_a_routine_copies_it_and_says_what_it_replaces(
    runner: CliRunner, user_routines: Path
) -> None:
    result = runner.invoke(app, ["new", "upper-back", "--from", "upper-back"])
    assert result.exit_code == 0
    copy = user_routines / "upper-back.yaml"
    original = (BUILTIN / "upper-back.yaml").read_text()
    assert copy.read_text() == "# Copied from built-in upper-back.\n" + original
    builtin = BUILTIN / "upper-back.yaml"
    assert (
        result.stderr == f"stretch: note: it takes the place of built-in upper-back ({builtin})\n"
    )


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "Upper Back", "ünïcode"])
def test_names_never_reach_outside_the_routines_folder(
    runner: CliRunner, user_routines: Path, name: str
) -> None:
    result = runner.invoke(app, ["new", name])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"stretch: '{name}' is not a valid name")
    assert runner.invoke(app, ["edit", name]).exit_code == 2
    assert runner.invoke(app, ["show", name]).exit_code == 1
    assert list(user_routines.rglob("*.yaml")) == []


FIX = """\
import sys
path = sys.argv[-1]
text = open(path).read().replace("sets: 2", "sets: 3", 1)
open(path, "w").write(text)
"""
BREAK = """\
import sys
path = sys.argv[-1]
text = open(path).read().replace("hold:", "hodl:", 1)
open(path, "w").write(text)
"""


def editor(tmp_path: Path, script: str) -> str:
    path = tmp_path / "editor.py"
    path.write_text(script)
    return f"{sys.executable} {path}"


def test_edit_a_builtin_makes_a_user_copy_that_takes_precedence(
    runner: CliRunner, user_routines: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["edit", "upper-back"], env={"EDITOR": editor(tmp_path, FIX)})
    copy = user_routines / "upper-back.yaml"
    assert result.exit_code == 0
    assert result.stdout == f"ok: {copy}\n"
    assert result.stderr == f"stretch: copied built-in upper-back to {copy}\n"
    shown = json.loads(runner.invoke(app, ["show", "upper-back", "--json"]).stdout)
    assert (shown["source"], shown["steps"][1]["sets"]) == ("user", 3)
    assert (BUILTIN / "upper-back.yaml").read_text().count("sets: 2") == 1


def test_edit_that_breaks_the_file_reports_it_and_keeps_it(
    runner: CliRunner, user_routines: Path, tmp_path: Path
) -> None:
    env = {"EDITOR": editor(tmp_path, BREAK), "VISUAL": ""}
    result = runner.invoke(app, ["edit", "thoracic-rotation"], env=env)
    copy = user_routines / "exercises" / "thoracic-rotation.yaml"
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{copy}:2:1: missing required key 'hold' (seconds each rep is held)",
        f"{copy}:9:1: unknown key 'hodl' (did you mean 'hold'?)",
    ]
    assert result.stderr.splitlines()[-1] == (
        f"stretch: kept {copy} with 2 problems "
        "(it is skipped until fixed: `stretch edit thoracic-rotation`)"
    )
    assert "hodl:" in copy.read_text()


def test_edit_unknown_name(runner: CliRunner) -> None:
    result = runner.invoke(app, ["edit", "thoracic-rotaton"], env={"EDITOR": "true"})
    assert result.exit_code == 1
    assert result.stderr == (
        "stretch: no routine or exercise named 'thoracic-rotaton' "
        "(did you mean 'thoracic-rotation'?)\n"
    )


def test_editor_command_is_split_like_a_shell_but_never_run_by_one() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'/my editors/ed' -x"}) == ["/my editors/ed", "-x"]
    assert editor_command({}, which=lambda name: f"/bin/{name}" if name == "nano" else None) == [
        "/bin/nano"
    ]
    assert editor_command({}, platform="win32") == ["notepad"]


def test_config_shows_sets_and_checks(runner: CliRunner, isolated: Path) -> None:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["setting", "value", "from", "what", "it", "does"]
    assert lines[2].split()[:3] == ["sound", "true", "default"]
    assert lines[-1] == f"config file: {isolated / 'config' / 'config.toml'}  (not there yet)"
    path = isolated / "config" / "config.toml"
    result = runner.invoke(app, ["config", "avoid", "rotation,side-bend"])
    assert result.stdout == f'avoid = ["rotation", "side-bend"]  (written to {path})\n'
    runner.invoke(app, ["config", "sound", "off"])
    runner.invoke(app, ["config", "scale", "0.5"])
    assert path.read_text() == 'avoid = ["rotation", "side-bend"]\nsound = false\nscale = 0.5\n'
    assert runner.invoke(app, ["config", "scale"]).stdout == "0.5\n"
    shown = runner.invoke(app, ["config"]).stdout.splitlines()
    assert next(line for line in shown if line.startswith("sound")).split()[:3] == [
        "sound", "false", "config"
    ]  # fmt: skip


def test_config_keeps_comments_and_other_lines(runner: CliRunner, isolated: Path) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("# my settings\nvoice = true  # I like it\nprepare = 10\n")
    runner.invoke(app, ["config", "prepare", "15"])
    assert path.read_text() == "# my settings\nvoice = true  # I like it\nprepare = 15\n"
    shown = json.loads(runner.invoke(app, ["show", "mid-back", "--json"]).stdout)
    assert shown["prepare"] == 10  # mid-back gives its own get-ready time
    # a routine that gives none takes the default from the config
    routine = isolated / "config" / "routines" / "plain.yaml"
    routine.parent.mkdir(parents=True)
    routine.write_text("name: Plain\nsummary: s\nsteps: [pelvic-tilt]\n")
    assert json.loads(runner.invoke(app, ["show", "plain", "--json"]).stdout)["prepare"] == 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sond", "true"], "stretch: unknown setting 'sond' (did you mean 'sound'?)"),
        (
            ["scale", "9"],
            "stretch: scale: expected a number from 0.25 to 4, not '9' "
            "(stretch or shrink every hold, relax and rest)",
        ),
        (
            ["sound", "maybe"],
            "stretch: sound: expected true or false, not 'maybe' "
            "(bell at hold start, relax, switch sides and the end)",
        ),
        (
            ["avoid", "twist"],
            "stretch: avoid: expected a list of rotation, side-bend, flexion, "
            "extension, not 'twist' (movements to swap for alternatives: rotation, side-bend, "
            "flexion, extension)",
        ),
    ],
)
def test_config_errors(runner: CliRunner, isolated: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["config", *args])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert not (isolated / "config" / "config.toml").exists()


def test_a_broken_config_warns_but_list_still_works(runner: CliRunner, isolated: Path) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("scale = 10\n")
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"stretch: warning: {path}:1:1: scale: expected a number from 0.25 to 4; "
        "using the default settings\n"
    )


def test_paths_lists_every_folder_in_precedence_order(
    runner: CliRunner, isolated: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    result = runner.invoke(
        app, ["paths"], env={"STRETCH_PATH": os.pathsep.join([str(extra), str(tmp_path / "nope")])}
    )
    assert result.stdout.splitlines() == [
        "Routines, highest precedence first (exercises in each one's exercises/):",
        f"  1. {extra}  [path]",
        f"  2. {tmp_path / 'nope'}  [path]  (not there yet)",
        f"  3. {isolated / 'config' / 'routines'}  [user]  (not there yet)",
        f"  4. {BUILTIN}  [built-in]",
        f"Config file: {isolated / 'config' / 'config.toml'}  (not there yet)",
        f"History:     {isolated / 'state' / 'history.sqlite3'}  (not there yet)",
    ]
    assert runner.invoke(app, ["config", "--paths"]).stdout.startswith("Routines, highest")


def test_a_config_folder_that_is_a_file_is_one_clear_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    env = {"STRETCH_CONFIG_DIR": str(blocker)}
    result = runner.invoke(app, ["config", "sound", "false"], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"stretch: cannot read {blocker / 'config.toml'}")
    result = runner.invoke(app, ["new", "foo"], env=env)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"stretch: cannot write {blocker / 'routines' / 'foo.yaml'}: Not a directory\n"
    )


def test_a_bad_editor_leaves_no_copy_behind(runner: CliRunner, user_routines: Path) -> None:
    result = runner.invoke(app, ["edit", "upper-back"], env={"EDITOR": "vim 'unterminated"})
    assert result.exit_code == 1
    assert result.stderr == (
        'stretch: cannot read $EDITOR ("vim \'unterminated"): No closing quotation\n'
    )
    result = runner.invoke(
        app, ["edit", "upper-back"], env={"EDITOR": "/nonexistent/ed", "VISUAL": ""}
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "stretch: cannot start the editor '/nonexistent/ed': No such file or directory"
    )
    assert not (user_routines / "upper-back.yaml").exists()


def test_config_writes_through_a_symlink_and_refuses_multiline_values(
    runner: CliRunner, isolated: Path, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles" / "config.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("voice = false\n")
    link = isolated / "config" / "config.toml"
    link.parent.mkdir(parents=True)
    link.symlink_to(dotfiles)
    assert runner.invoke(app, ["config", "voice", "true"]).exit_code == 0
    assert link.is_symlink()
    assert dotfiles.read_text() == "voice = true\n"
    dotfiles.write_text('avoid = [\n  "rotation",\n]\n')
    result = runner.invoke(app, ["config", "avoid", "side-bend"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"stretch: {dotfiles}:1:1: avoid spans several lines "
        "(put it on one line, or edit config.toml by hand)\n"
    )
    assert dotfiles.read_text() == 'avoid = [\n  "rotation",\n]\n'
