"""Your own routines: `new`, `edit` and `paths` (`config` in test_config.py, `schema` in
test_schema.py)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.errors import StretchError
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
    assert result.stderr == f"stretch: it takes the place of built-in upper-back ({builtin})\n"


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


FAIL_UNCHANGED = "import sys\nsys.exit(3)\n"
FAIL_CHANGED = (
    "import sys\nwith open(sys.argv[1], 'a') as f:\n    f.write('# my change\\n')\nsys.exit(1)\n"
)


def test_a_failing_editor_is_a_failure_and_its_untouched_copy_is_removed(
    runner: CliRunner, user_routines: Path, tmp_path: Path
) -> None:
    env = {"EDITOR": editor(tmp_path, FAIL_UNCHANGED), "VISUAL": ""}
    result = runner.invoke(app, ["edit", "upper-back"], env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"stretch: the editor {sys.executable!r} failed (exit status 3) "
        "(the copy is removed; try again: `stretch edit upper-back`)"
    )
    assert not (user_routines / "upper-back.yaml").exists()


def test_a_failing_editor_keeps_what_the_person_changed(
    runner: CliRunner, user_routines: Path, tmp_path: Path
) -> None:
    env = {"EDITOR": editor(tmp_path, FAIL_CHANGED), "VISUAL": ""}
    result = runner.invoke(app, ["edit", "upper-back"], env=env)
    copy = user_routines / "upper-back.yaml"
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"stretch: the editor {sys.executable!r} failed (exit status 1) ({copy} is kept as it is)"
    )
    assert copy.read_text().endswith("# my change\n")


@pytest.mark.parametrize("empty", [{}, {"EDITOR": "", "VISUAL": "  "}])
def test_no_editor_and_no_terminal_is_one_line_not_a_hang(
    runner: CliRunner, user_routines: Path, empty: dict[str, str]
) -> None:
    env = {"EDITOR": None, "VISUAL": None, **empty}
    result = runner.invoke(app, ["edit", "upper-back"], env=env)  # stdin: not a terminal
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "stretch: no editor to open without a terminal "
        "(set EDITOR to one that opens its own window)\n"
    )
    assert not (user_routines / "upper-back.yaml").exists()


def test_the_fallback_editor_needs_a_terminal() -> None:
    def nano(name: str) -> str | None:
        return "/bin/nano" if name == "nano" else None

    assert editor_command({}, True, which=nano) == ["/bin/nano"]
    with pytest.raises(StretchError, match="no editor to open without a terminal"):
        editor_command({}, False, which=nano)
    assert editor_command({"EDITOR": "code --wait"}, False) == ["code", "--wait"]


@pytest.mark.parametrize(
    ("args", "kind"),
    [(["upper-back"], "routine"), (["thoracic-rotation", "--exercise"], "exercise")],
)
def test_a_template_never_silently_takes_a_builtins_place(
    runner: CliRunner, user_routines: Path, args: list[str], kind: str
) -> None:
    name = args[0]
    result = runner.invoke(app, ["new", *args])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"stretch: {name} is a built-in {kind}; a new one under its name would take its place "
        f"(start from it with `stretch new {name} --from {name}` (or `stretch edit {name}`), "
        "choose another name, or give --force)\n"
    )
    assert not list(user_routines.rglob("*.yaml"))
    other = "mid-back" if kind == "routine" else "open-book"
    result = runner.invoke(app, ["new", *args, "--from", other])  # another one: the same
    assert result.exit_code == 1 and not list(user_routines.rglob("*.yaml"))
    copied = runner.invoke(app, ["new", *args, "--from", name])  # itself, to adapt: fine
    assert copied.exit_code == 0
    builtin = BUILTIN / ("exercises" if kind == "exercise" else "") / f"{name}.yaml"
    assert copied.stderr == f"stretch: it takes the place of built-in {name} ({builtin})\n"
    forced = runner.invoke(app, ["new", *args, "--force"])
    assert forced.exit_code == 0


def test_a_copy_gets_its_own_name(runner: CliRunner, user_routines: Path) -> None:
    assert runner.invoke(app, ["new", "my-upper-back", "--from", "upper-back"]).exit_code == 0
    text = (user_routines / "my-upper-back.yaml").read_text()
    assert text.splitlines()[:2] == [
        "# Copied from built-in upper-back.",
        "name: My upper back",
    ]
    listed = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    names = [r["name"] for r in listed]
    assert names.count("My upper back") == 1
    assert len(set(names)) == len(names)  # no two routines called the same
