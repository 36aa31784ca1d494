"""Standard input closed (`<&-`): every command that may ask says so in one line or goes on
without asking, never a traceback (issue 23, class 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
@pytest.mark.parametrize(("signal_name", "code"), [("TERM", 143), ("HUP", 129)])
def test_a_copy_made_for_an_editor_is_removed_when_stretch_is_ended_meanwhile(
    tmp_path: Path, isolated: Path, signal_name: str, code: int
) -> None:
    """The terminal window closed (SIGHUP) or stretch killed (SIGTERM) while the editor is
    open: the unchanged copy of the built-in one is removed, never left to shadow it."""
    editor = tmp_path / "editor"
    editor.write_text(f"#!/bin/sh\nkill -{signal_name} $PPID\nsleep 30\n")
    editor.chmod(0o755)
    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", "edit", "desk-break"],
        env={**os.environ, "EDITOR": str(editor), "VISUAL": ""},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert not (isolated / "config" / "routines" / "desk-break.yaml").exists()


@pytest.mark.parametrize("args", [("due",), ("due", "--format", "prompt"), ("due", "--json")])
def test_due_with_a_clock_it_cannot_read_is_one_line(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCH_TEST_CLOCK", "\x1b]0;x\x07")
    done = subprocess.run(
        [sys.executable, "-c", "from stretchcli.entry import run; run()", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "stretch: STRETCH_TEST_CLOCK: expected a moment with its offset, got '\\x1b]0;x\\x07' "
        "(unset STRETCH_TEST_CLOCK; it is for the test suite only)\n"
    )
