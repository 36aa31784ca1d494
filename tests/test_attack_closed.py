"""Standard input closed (`<&-`): every command that may ask says so in one line or goes on
without asking, never a traceback (issue 23, class 8)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

NO_TERMINAL = "stretch: no terminal to ask at: give --where, "


def closed_stdin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        preexec_fn=lambda: os.close(0),  # the child has no threads yet
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs a descriptor to close")
def test_start_with_standard_input_closed_is_one_line() -> None:
    done = closed_stdin("start")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(NO_TERMINAL)
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs a descriptor to close")
@pytest.mark.parametrize(
    "args",
    [("start",), ("start", "--yes"), ("edit", "desk-break"), ("history", "import", "-")],
)
def test_no_command_ends_in_a_traceback_with_standard_input_closed(args: tuple[str, ...]) -> None:
    done = closed_stdin(*args)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1, 2)
