"""`stretch due` whose output cannot be written (a full disk, a closed stdout) says so in the
one line every other command gives, exit code 1, in every format: never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ALL_DAY = 'remind = true\nremind_between = "00:00-24:00"\nremind_days = "every day"\n'
FORMATS = [
    ["--json"],
    [],
    ["--format", "prompt"],
    ["--format=tmux"],
    ["--json", "--format", "prompt"],
]
# libfaketime opens its shared memory on the lowest free descriptor: a closed stdout's.
not_under_faketime = pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""),
    reason="under libfaketime a closed stdout is reopened on its shared memory",
)


def due(args: list[str], stdout: int | None, close: bool = False) -> tuple[int, str]:
    """`stretch due ARGS` in a process of its own: its exit code and its stderr."""

    def closing() -> None:
        if close:
            os.close(1)

    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", "due", *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=closing,
        env={**os.environ, "STRETCH_TEST_CLOCK": "2026-12-07T10:00:00+00:00"},
        timeout=60,
    )
    return done.returncode, done.stderr.decode()


@pytest.fixture(autouse=True)
def reminding(isolated: Path) -> None:
    """Reminders on all day: every format has a line to write."""
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text(ALL_DAY)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", FORMATS, ids=" ".join)
@pytest.mark.parametrize("kept", [False, True], ids=["worked out", "kept answer"])
def test_due_to_a_full_disk_is_one_line(args: list[str], kept: bool) -> None:
    if kept:  # the second answer comes from the kept file: the fast path's fast path
        assert due(args, subprocess.DEVNULL)[0] == 0
    with open("/dev/full", "wb") as full:
        code, errors = due(args, full.fileno())
    assert (code, errors) == (1, "stretch: cannot write the output: No space left on device\n")


@not_under_faketime
@pytest.mark.parametrize("args", FORMATS, ids=" ".join)
def test_due_to_a_closed_stdout_is_one_line(args: list[str]) -> None:
    code, errors = due(args, None, close=True)
    assert (code, errors) == (1, "stretch: cannot write the output: standard output is closed\n")


def test_due_with_nothing_to_say_writes_nothing_and_succeeds(isolated: Path) -> None:
    """Reminders off: the plain line is empty, so a full disk is never written to."""
    (isolated / "config" / "config.toml").write_text("remind = false\n")
    with open(os.devnull, "wb") as sink:
        assert due([], sink.fileno()) == (0, "")


@not_under_faketime
def test_due_with_nothing_to_say_to_a_closed_stdout_succeeds(isolated: Path) -> None:
    """A prompt hook with its output closed and reminders off: nothing to write, no error."""
    (isolated / "config" / "config.toml").write_text("remind = false\n")
    assert due([], None, close=True) == (0, "")
