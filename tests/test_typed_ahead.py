"""Keys typed during a run and never read by it are not taken as the answer to the
questions asked after it (the pain after the session, how hard it was)."""

from __future__ import annotations

import io
import os
import select
import sys
from collections.abc import Iterator

import pytest

from stretchcli.env import Environment
from tests.conftest import Stretch

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")


@pytest.fixture
def terminal() -> Iterator[tuple[int, io.TextIOWrapper]]:
    """A pseudo-terminal: the side a person types into, and the program's standard input."""
    typist, program = os.openpty()
    stdin = os.fdopen(program, "r", encoding="utf-8")
    try:
        yield typist, stdin
    finally:
        stdin.close()
        os.close(typist)


def waiting(stdin: io.TextIOWrapper) -> bool:
    """Whether typed input is there to read (without waiting for any)."""
    readable, _, _ = select.select([stdin], [], [], 0)
    return bool(readable)


def test_keys_typed_ahead_are_forgotten(terminal: tuple[int, io.TextIOWrapper]) -> None:
    typist, stdin = terminal
    env = Environment(stdin, io.StringIO(), io.StringIO(), {})
    os.write(typist, b"7\n")
    assert waiting(stdin)  # the line is there to be read as an answer
    env.drop_typed_ahead()
    assert not waiting(stdin)
    os.write(typist, b"3\n")  # what is typed after the question is asked is kept
    assert stdin.readline() == "3\n"


def test_typed_lines_without_a_terminal_are_kept() -> None:
    """Answers piped in, or typed by a test, are not a terminal's: nothing is dropped."""
    stdin = io.StringIO("7\n")
    Environment(stdin, io.StringIO(), io.StringIO(), {}).drop_typed_ahead()
    assert stdin.readline() == "7\n"


def test_the_run_forgets_keys_as_it_takes_the_keyboard_and_before_the_questions(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What was typed or pasted before the run reads its keys (a line pasted with the pain
    answer) is forgotten as the run starts, before it shows anything; keys pressed until the
    questions are asked (the summary, the last words said) just before the first one."""
    seen: list[tuple[str, str]] = []

    def drop(self: Environment) -> None:
        assert isinstance(self.stderr, io.StringIO) and isinstance(self.stdout, io.StringIO)
        seen.append((self.stderr.getvalue(), self.stdout.getvalue()))

    monkeypatch.setattr(Environment, "drop_typed_ahead", drop)
    result = stretch(
        "run", "upper-back", "--plain", "--pain", "--only", "thoracic-rotation",
        keys=[(1.0, "x")], typed="5\n3\n\n\n",
    )  # fmt: skip
    assert result.code == 0
    (start_err, start_out), (before, _) = seen
    assert "Before you start" in start_err
    assert "Upper back" not in start_out  # the run has not begun
    assert "Upper back" in result.out
    assert "Before you start" in before
    assert "And now" not in before
