"""Sound cues: the terminal bell, and optional speech through a system command.

Speech runs as a child process started with an argument list (never a shell: cue text can
come from user files), never waited for, and a new cue cuts the previous one short.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO

from stretchcli.model import Phase

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
            return [found]
    return None


class Speaker:
    """Says one short cue at a time, in the background."""

    def __init__(
        self,
        command: Sequence[str],
        popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen,
    ) -> None:
        self.command = list(command)
        self.popen = popen
        self.current: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        """Start saying `text`, cutting short whatever is still being said."""
        self.stop()
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
        """Cut the current utterance short (and reap it: no process is left behind)."""
        if self.current is not None and self.current.poll() is None:
            self.current.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.current.wait(timeout=1)
        self.current = None

    def finish(self, timeout: float = 4.0) -> None:
        """Let the last cue be heard out (for up to `timeout` seconds), then stop."""
        if self.current is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.current.wait(timeout=timeout)
        self.stop()


def phrase(phase: Phase, exercise_name: str) -> str | None:
    """The short spoken cue for the start of a phase."""
    side = f"{phase.side.capitalize()} side. " if phase.side else ""
    if phase.kind == "hold":
        return f"{side}Hold."
    if phase.kind == "relax":
        return "Relax."
    if phase.kind == "switch":
        return "Switch sides."
    if phase.kind == "rest":
        return "Rest."
    return f"{exercise_name}. Get ready."


BELL_KINDS = frozenset({"hold", "relax", "switch"})


class Cues:
    """Rings and speaks at phase starts and at the end."""

    def __init__(self, out: IO[str], bell: bool, speaker: Speaker | None) -> None:
        self.out = out
        self.bell = bell
        self.speaker = speaker

    def phase(self, phase: Phase, exercise_name: str) -> None:
        """Cue the start of a phase: a bell for hold, relax and switch; speech for all."""
        if self.bell and phase.kind in BELL_KINDS:
            self._ring()
        if self.speaker:
            text = phrase(phase, exercise_name)
            if text:
                self.speaker.say(text)

    def end(self, completed: bool) -> None:
        """Cue the end of the session."""
        if self.bell:
            self._ring()
        if self.speaker:
            self.speaker.say("Done. Well done." if completed else "Stopped.")

    def _ring(self) -> None:
        with contextlib.suppress(OSError):  # the terminal is gone: no bell to fail for
            self.out.write("\a")
            self.out.flush()
