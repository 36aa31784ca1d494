"""How a child process that failed is reported (the editor, a scheduler's command): an exit
status when it exited, the signal by name when a signal ended it (never "exit status -9")."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.errors import ended_by
from stretchcli.remind.system import Done

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@posix
def test_an_editor_killed_by_a_signal_is_said_so(
    runner: CliRunner, user_routines: Path, tmp_path: Path
) -> None:
    killer = tmp_path / "editor.py"
    killer.write_text("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    env = {"EDITOR": f"{sys.executable} {killer}", "VISUAL": ""}
    result = runner.invoke(app, ["edit", "upper-back"], env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"stretch: the editor {sys.executable!r} was killed by signal 9 (SIGKILL) "
        "(the copy is removed; try again: `stretch edit upper-back`)"
    )
    assert not (user_routines / "upper-back.yaml").exists()


@given(st.sampled_from(sorted(signal.Signals, key=int)))
def test_every_signal_is_named_and_never_a_negative_status(number: signal.Signals) -> None:
    said = ended_by(-int(number))
    assert said == f"killed by signal {int(number)} ({number.name})"
    assert "-" not in said


@given(st.integers(min_value=0, max_value=255))
def test_an_exit_is_its_status(code: int) -> None:
    assert ended_by(code) == f"exit status {code}"


def test_a_signal_without_a_name_is_its_number() -> None:
    assert ended_by(-200) == "killed by signal 200"


def test_a_scheduler_command_killed_without_a_word_says_the_signal() -> None:
    assert Done(-9, "", "").last_words() == "killed by signal 9 (SIGKILL)"
    assert Done(2, "", "").last_words() == "exit status 2"
