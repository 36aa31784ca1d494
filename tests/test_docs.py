"""The README stays true: its commands exist, its examples validate, CI runs its test command."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import apply_variant
from tests.conftest import BUILTIN, REPO, Stretch

README = (REPO / "README.md").read_text(encoding="utf-8")


# Every command the app registers, as click sees it (sub-apps included), not a list kept here.
def _group() -> TyperGroup:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return group


GROUP = _group()
COMMANDS = sorted(GROUP.commands)


def _subcommands() -> list[tuple[str, str]]:
    """(group, command) for the commands of each group (`remind on`, ...)."""
    found = []
    for name, command in GROUP.commands.items():
        for sub in sorted(getattr(command, "commands", {})):
            found.append((name, sub))
    return found


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"`stretch {command}" in README, f"README does not document `stretch {command}`"
    assert GROUP.commands[command].help, f"{command} lacks a docstring"
    for param in GROUP.commands[command].params:  # every option is explained in --help
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert flag in result.stdout, f"{command} --help does not show {flag}"


@pytest.mark.parametrize(("group", "command"), _subcommands())
def test_every_subcommand_has_help_and_is_in_the_readme(
    runner: CliRunner, group: str, command: str
) -> None:
    result = runner.invoke(app, [group, command, "--help"])
    assert result.exit_code == 0
    assert f"`stretch {group} {command}" in README, f"README lacks `stretch {group} {command}`"
    click_command = GROUP.commands[group].commands[command]  # type: ignore[attr-defined]
    assert click_command.help, f"{group} {command} lacks a docstring"
    for param in click_command.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert flag in result.stdout, f"{group} {command} --help does not show {flag}"


def test_the_two_setup_commands_come_first_and_ci_runs_the_test_one() -> None:
    blocks = fenced("sh")
    install, tests = blocks[0].strip(), blocks[1].strip()
    assert install.startswith("python3 -m venv .venv && ") and ".venv/bin/stretch " in install
    assert tests.endswith("&& .venv/bin/pytest -n auto")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci  # .ci/run takes the command from the README, verbatim


def test_the_yaml_examples_in_the_readme_validate(
    runner: CliRunner, tmp_path: Path, user_routines: Path
) -> None:
    exercise, routine = [b for b in fenced("yaml") if not b.startswith("# A plan")]
    (user_routines / "exercises" / "neck-roll.yaml").write_text(exercise)
    path = tmp_path / "my-lunch-break.yaml"
    path.write_text(routine)
    result = runner.invoke(app, ["validate", str(path), str(user_routines)])
    assert result.stdout == "ok: 2 files checked\n"
    assert result.exit_code == 0


def test_the_config_example_in_the_readme_is_a_valid_config(tmp_path: Path) -> None:
    from stretchcli.files.config import SETTINGS
    from stretchcli.files.config_file import parse

    example = fenced("toml")[0]
    config = parse(tmp_path / "config.toml", example)
    assert set(config.origin) == {s.name for s in SETTINGS}  # every setting is shown


def test_docs_figures_has_every_built_in_figure_large_enough_to_judge() -> None:
    """docs/figures/ has one PNG for each built-in exercise and variant with a figure of its
    own (`python docs/figures.py` after changing one), and its close-up for one the live screen
    frames to its focus, none left over, and each position at least 400 pixels on its longer
    side: large enough to judge a pose by."""
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    wanted = set()
    for exercise in catalog.exercises.values():
        for variant in (None, *exercise.variants):
            figure = apply_variant(exercise, variant).figure
            if figure is not None and not (variant and figure is exercise.figure):
                name = exercise.id + (f"--{variant}" if variant else "")
                wanted.add(name + ".png")
                if figure.focus:
                    wanted.add(name + "--close-up.png")
    folder = REPO / "docs" / "figures"
    assert {path.name for path in folder.glob("*.png")} == wanted
    for name in wanted:
        header = (folder / name).read_bytes()[:24]
        width, height = struct.unpack(">II", header[16:24])  # the PNG's IHDR chunk
        assert max(width / 2, height) >= 400, name  # two positions side by side


def test_the_readme_shows_the_built_in_routines_as_stretch_list_does(
    stretch: Stretch, isolated: Path
) -> None:
    """The `stretch list` example and the table of built-in routines: their ids and times as a
    run coached in full takes them (a change to the coaching changes the times)."""
    code, out, _ = stretch("list")
    assert code == 0
    shown = re.search(r"^\$ stretch list\n(.*?\n)\n", README, flags=re.S | re.M)
    assert shown is not None and shown.group(1) == out
    table = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| (\d+:\d\d) \|", README, flags=re.M))
    listed = {line.split()[0]: line.split()[-3] for line in out.splitlines()[2:]}
    assert table == listed


def test_the_readme_plain_transcript_is_what_the_run_writes(stretch: Stretch) -> None:
    """Every line the README shows of a plain run is a line the run writes, in its order
    (`...` stands for the lines left out)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ stretch run upper-back --only thoracic-side-bend --plain\n"
    block = readme.split(command, 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if line != "..."]
    result = stretch("run", "upper-back", "--only", "thoracic-side-bend", "--plain", typed="")
    written = result.out.splitlines()
    position = 0
    for line in shown:
        assert line in written[position:], line
        position = written.index(line, position) + 1
