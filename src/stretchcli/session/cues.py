"""Sound cues: the terminal bell, and optional speech through a system command; `Voice`
listens to the runner and cues each phase.

Speech runs as a child process started with an argument list (never a shell: cue text can
come from user files) and is never waited for; a new cue waits for the one being said.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO

from stretchcli.model import Phase
from stretchcli.session.coaching import COUNTDOWN_FROM, Cue, SessionInfo, end_say
from stretchcli.session.runner import RunState

_POWERSHELL_SAY = (
    "Add-Type -AssemblyName System.Speech; "
    "(New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak($env:STRETCH_SAY)"
)
ENGINES = ("say", "spd-say", "espeak-ng", "espeak")


def speech_command(
    which: Callable[[str], str | None] | None = None, platform: str = sys.platform
) -> list[str] | None:
    """The argument list (text to be appended) of the first speech engine found, or None."""
    which = which or shutil.which
    if platform == "win32":
        shell = which("powershell") or which("pwsh")
        return (
            [shell, "-NoProfile", "-NonInteractive", "-Command", _POWERSHELL_SAY] if shell else None
        )
    for engine in ENGINES:
        found = which(engine)
        if found:
            # spd-say returns at once unless told to wait: the queue needs to see it speak.
            return [found, "-w"] if engine == "spd-say" else [found]
    return None


class Speaker:
    """Says one cue at a time, in the background, without ever making the clock wait.

    A cue asked for while another is still being said waits its turn (only the newest waiting
    one is kept), so nothing is cut off mid-word; `poll()`, called on every tick, starts it.
    """

    def __init__(
        self,
        command: Sequence[str],
        popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen,
    ) -> None:
        self.command = list(command)
        self.popen = popen
        self.current: subprocess.Popen[bytes] | None = None
        self.waiting: str | None = None

    @property
    def busy(self) -> bool:
        """Whether something is being said right now."""
        return self.current is not None and self.current.poll() is None

    def say(self, text: str) -> None:
        """Say `text` now, or as soon as the cue being said has been heard out."""
        if self.busy:
            self.waiting = text
        else:
            self._start(text)

    def poll(self) -> None:
        """Start the waiting cue once the one before it has finished."""
        if self.waiting is not None and not self.busy:
            text, self.waiting = self.waiting, None
            self._start(text)

    def _start(self, text: str) -> None:
        env: Mapping[str, str] | None = None
        args = self.command
        if args[-1] == _POWERSHELL_SAY:  # PowerShell reads the text from the environment
            env = {**os.environ, "STRETCH_SAY": text}
        else:  # a leading space keeps text such as "-w/tmp/x" from being read as an option
            args = [*args, f" {text}" if text.startswith("-") else text]
        try:
            self.current = self.popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            self.current = None

    def stop(self) -> None:
        """Cut the current cue short, drop the waiting one (and reap: no process is left)."""
        self.waiting = None
        if self.current is not None and self.current.poll() is None:
            self.current.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.current.wait(timeout=1)
        self.current = None

    def finish(self, timeout: float = 8.0) -> None:
        """Let the last cues be heard out (for up to `timeout` seconds in all), then stop."""
        for _ in range(2):  # the one being said, then the one waiting
            if self.current is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.current.wait(timeout=timeout / 2)
            self.poll()
        self.stop()


BELL_KINDS = frozenset({"hold", "relax", "switch"})


class Cues:
    """Rings and speaks: at phase starts, the 3-2-1 at the end of long holds, and the end."""

    def __init__(self, out: IO[str], bell: bool, speaker: Speaker | None) -> None:
        self.out = out
        self.bell = bell
        self.speaker = speaker
        self.counted: int | None = None
        self.reminded = False

    def phase(self, phase: Phase, cue: Cue, jumped: bool = False) -> None:
        """Cue the start of a phase: a bell for hold, relax and switch; its words spoken.
        A phase reached with a key (`jumped`) cuts what is still being said."""
        self.counted = None
        self.reminded = False
        if self.bell and phase.kind in BELL_KINDS:
            self._ring()
        if self.speaker:
            if jumped:
                self.speaker.stop()
            self.speaker.say(cue.say)

    def paused(self, paused: bool) -> None:
        """A pause silences the voice at once."""
        if paused and self.speaker:
            self.speaker.stop()

    def tick(self, cue: Cue, remaining: float, paused: bool) -> None:
        """Between phase starts: start a waiting cue; remind of a caution in a long hold;
        count down the end of a long hold."""
        if self.speaker is None:
            return
        self.speaker.poll()
        if paused:
            return
        remind = cue.caution and cue.remind_at is not None and remaining <= cue.remind_at
        if remind and not self.reminded:
            self.reminded = True
            self.speaker.say(f"Remember: {cue.caution}")
        number = math.ceil(remaining - 0.5)  # ticks land on whole seconds, give or take
        counting = cue.countdown and 1 <= number <= COUNTDOWN_FROM
        if counting and number != self.counted:
            self.counted = number
            self.speaker.say(str(number))

    def end(self, completed: bool) -> None:
        """Cue the end of the session."""
        if self.bell:
            self._ring()
        if self.speaker:
            self.speaker.say(end_say(completed))

    def _ring(self) -> None:
        with contextlib.suppress(OSError):  # the terminal is gone: no bell to fail for
            self.out.write("\a")
            self.out.flush()


class Voice:
    """The bell and the spoken cues of the script, the same whatever the output mode (the
    JSON is for a program, the words for the person): it listens beside the output."""

    def __init__(self, cues: Cues, info: SessionInfo) -> None:
        self.cues = cues
        self.info = info

    def phase_started(self, state: RunState, now: float) -> None:
        self.cues.phase(state.phase, self.info.cue(state.phase), state.jumped)

    def tick(self, state: RunState, now: float) -> None:
        paused = state.paused_at is not None
        self.cues.tick(self.info.cue(state.phase), state.remaining(now), paused)

    def paused(self, state: RunState, now: float) -> None:
        self.cues.paused(state.paused_at is not None)

    def ended(self, state: RunState, now: float) -> None:
        self.cues.end(state.status == "completed")
