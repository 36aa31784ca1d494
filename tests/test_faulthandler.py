"""Python's fault handler (PYTHONFAULTHANDLER=1, `-X dev`, PYTHONDEVMODE=1, which Python
developers often export) handles some signals outside Python: stretch leaves those to it.
Putting its own handler back at the end of a command handed Python a handler it could not
take, and every command ended in a traceback and exit 1 after doing its work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def stretch_in(env: dict[str, str], args: list[str]) -> subprocess.CompletedProcess[str]:
    """`stretch ARGS` run as a process of its own with `env`."""
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "setting",
    [{"PYTHONFAULTHANDLER": "1"}, {"PYTHONDEVMODE": "1"}],
    ids=["faulthandler", "devmode"],
)
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["history"],
        ["history", "note", "tight today"],
    ],
    ids=" ".join,
)
def test_a_command_under_the_fault_handler_ends_as_without_it(
    isolated: Path, setting: dict[str, str], args: list[str]
) -> None:
    env = {**os.environ, **setting, "COLUMNS": "100"}
    found = stretch_in(env, args)
    without = stretch_in({k: v for k, v in env.items() if k not in setting}, args)
    assert "Traceback" not in found.stderr
    assert (found.returncode, found.stdout) == (without.returncode, without.stdout)


RUN_SIGNALS = """
import signal
from stretchcli.session.terminal import ending_signals, signals_as_exceptions
held = [n for n in ending_signals() if signal.getsignal(n) is None]
assert held, "the fault handler holds none of a run's signals here"
with signals_as_exceptions():
    assert all(signal.getsignal(n) is None for n in held)
assert all(signal.getsignal(n) is None for n in held)
print("ok")
"""


def test_a_run_leaves_the_fault_handlers_signals_to_it() -> None:
    """A run turns signals into exceptions while it runs and puts them back after: one the
    fault handler holds (set before Python's own signal handling started) is neither taken
    nor handed back (which raised TypeError as the run ended)."""
    found = subprocess.run(
        [sys.executable, "-c", RUN_SIGNALS],
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (found.returncode, found.stdout, found.stderr) == (0, "ok\n", "")
