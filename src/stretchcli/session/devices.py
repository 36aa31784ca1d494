"""What a run needs from the machine besides its streams and clocks: the keys it reads, the
voice it speaks with, and the screen it shows itself on. The composition root (cli/context)
hands them to the session: the terminal's, the system's speech command and the views'
screens, or a test's fakes."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from stretchcli.env import Environment
    from stretchcli.session.coaching import SessionInfo
    from stretchcli.session.cues import Speaker
    from stretchcli.session.runner import Keys, Listener, RunState

Mode = Literal["live", "plain", "json"]

# (stdin, stdout, full screen, sleep, on Ctrl-Z) -> the keys of a run, the terminal restored
# on the way out: session/terminal.py's `keyboard`, or a test's fake.
KeyboardFactory = Callable[
    [IO[str], IO[str], bool, Callable[[float], None], Callable[[], None]],
    AbstractContextManager["Keys"],
]
# (words a minute) -> something that speaks, or None when the system has no speech command.
SpeakerFactory = Callable[[float], "Speaker | None"]


class Screens(Protocol):
    """How a session shows itself: the live screen, plain lines or JSON lines."""

    def open(
        self, env: Environment, mode: Mode, info: SessionInfo, figures: bool
    ) -> tuple[Listener, AbstractContextManager[object]]:
        """The listener that shows the session, and the screen it takes over while the
        session runs (a context that gives it back)."""
        ...

    def summary(
        self, env: Environment, state: RunState, info: SessionInfo, week: int | None, kept: bool
    ) -> bool:
        """Write the end of the session (`kept`: whether the history holds it); False if
        nobody is left to read it."""
        ...


@dataclass(frozen=True)
class Devices:
    """The keys, the voice and the screens of a run."""

    keyboard: KeyboardFactory
    speaker: SpeakerFactory
    screens: Screens


def single_keys(env: Environment, keyboard: KeyboardFactory) -> Callable[[], str] | None:
    """At a terminal, a reader of the next key pressed, read as `stretch run` reads its keys
    (cbreak mode, the terminal given back after each key; "" when the input ends); None
    elsewhere (lines are read)."""
    try:
        env.stdin.fileno()
    except (OSError, ValueError, AttributeError):  # typed lines, no descriptor, or closed
        return None
    if not env.stdin_isatty:
        return None

    def read() -> str:
        with keyboard(env.stdin, env.stdout, False, env.sleep, lambda: None) as keys:
            while True:
                key = keys.read(60.0)
                if key is not None:
                    return _number(key, keys) if key.isdigit() else key
                if getattr(keys, "closed", False):
                    return ""  # the input ended

    return read


NEXT_DIGIT = 0.3  # seconds: a digit typed within this of the one before is the same number


def _number(first: str, keys: Keys) -> str:
    """The digits typed one after another from `first` on ("12" is twelve, not 1 and then a
    2 left for the shell to run), and an Enter typed after them taken with them."""
    number = first
    while True:
        key = keys.read(NEXT_DIGIT)
        if key is None or not key.isdigit():
            return number  # anything else typed after the number is dropped with it
        number += key


def system_speaker(rate: float) -> Speaker | None:
    """The system's speech command at `rate` words a minute, or None when it has none."""
    from stretchcli.session.cues import Speaker, speech_command

    command = speech_command(rate=rate)
    return Speaker(command, rate=rate) if command is not None else None
