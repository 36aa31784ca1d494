"""The README stays true: its commands exist, its examples validate, CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stretchcli.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or "" for c in app.registered_commands)


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"`stretch {command}" in README, f"README does not document `stretch {command}`"
    info = next(c for c in app.registered_commands if c.name == command)
    assert info.callback is not None and info.callback.__doc__, f"{command} lacks a docstring"


def test_the_two_setup_commands_come_first_and_ci_runs_the_test_one() -> None:
    blocks = fenced("sh")
    install, tests = blocks[0].strip(), blocks[1].strip()
    assert install.startswith("python3 -m venv .venv && ") and ".venv/bin/stretch " in install
    assert tests.endswith("&& .venv/bin/pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci  # .ci/run takes the command from the README, verbatim


def test_the_yaml_examples_in_the_readme_validate(
    runner: CliRunner, tmp_path: Path, user_routines: Path
) -> None:
    exercise, routine = fenced("yaml")
    (user_routines / "exercises" / "neck-roll.yaml").write_text(exercise)
    path = tmp_path / "my-lunch-break.yaml"
    path.write_text(routine)
    result = runner.invoke(app, ["validate", str(path), str(user_routines)])
    assert result.stdout == "ok: 2 files checked\n"
    assert result.exit_code == 0
