"""A question after a run, stopped with Ctrl-Z and resumed with `fg`, is shown again (the
shell's line about the job took its place): the answer is never typed blind."""

from __future__ import annotations

import io
import os
import signal

import pytest

from stretchcli.env import Environment
from stretchcli.session.questions import ask_hurt, ask_pain
from tests.fakes import TypedAtTerminal

PAIN = "And now: how much pain do you have, 0-10 (0 none, 10 worst; Enter to skip): "
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGCONT"), reason="no job control")


class ResumedWhileWaiting(TypedAtTerminal):
    """Typed lines; as the first is read, the process is resumed (`fg`)."""

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        if self.tell() == 0:
            os.kill(os.getpid(), signal.SIGCONT)
        return super().readline(size)


def at_terminal(typed: str) -> Environment:
    return Environment(
        ResumedWhileWaiting(typed), io.StringIO(), io.StringIO(), {"COLUMNS": "1000"}
    )


def err_of(env: Environment) -> str:
    return env.stderr.getvalue()  # type: ignore[attr-defined,no-any-return]


def test_the_pain_question_is_shown_again_on_resume() -> None:
    env = at_terminal("4\n")
    assert ask_pain(env, "And now: how much pain do you have,") == 4
    assert err_of(env) == PAIN + PAIN


def test_the_hurt_question_is_shown_again_on_resume() -> None:
    env = at_terminal("1\n")
    assert ask_hurt(env, ["chin-tuck"]) == 0
    asked = "Did it hurt? 1 chin-tuck (its number; Enter for none): "
    assert err_of(env) == asked + asked


def test_after_the_question_a_resume_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    env = at_terminal("4\n")
    before = signal.getsignal(signal.SIGCONT)
    ask_pain(env, "And now: how much pain do you have,")
    assert signal.getsignal(signal.SIGCONT) == before
    os.kill(os.getpid(), signal.SIGCONT)
    assert err_of(env) == PAIN + PAIN
