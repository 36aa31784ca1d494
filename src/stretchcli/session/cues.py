"""Sound cues: the terminal bell, and optional speech through a system command; `Voice`
listens to the runner and cues each phase.

Speech runs as a child process started with an argument list (never a shell: cue text can
come from user files) and is never waited for; a new cue waits for the one being said.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from typing import IO

from stretchcli.model import RATE, Phase
from stretchcli.session.coaching import SessionInfo
from stretchcli.session.holds import EASE_OFF_NOW, Cue, ended_with_count
from stretchcli.session.runner import RunState, results
from stretchcli.session.speech import rate_args, speech_seconds
from stretchcli.session.wording import end_say, join_words, spoken
from stretchcli.text import columns, fit, one_line

_POWERSHELL_SAY = (
    "Add-Type -AssemblyName System.Speech; "
    "(New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak($env:STRETCH_SAY)"
)
ENGINES = ("say", "spd-say", "espeak-ng", "espeak")


def speech_command(
    which: Callable[[str], str | None] | None = None,
    platform: str = sys.platform,
    rate: float = RATE,
) -> list[str] | None:
    """The argument list (text to be appended) of the first speech engine found, set to
    speak `rate` words a minute (Windows keeps the voice's own rate), or None."""
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
            wait = ["-w"] if engine == "spd-say" else []
            return [found, *wait, *rate_args(engine, rate)]
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
        grace: float = 1.0,
        rate: float = RATE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.command = list(command)
        self.popen = popen
        self.grace = grace  # seconds a cue is given to end after SIGTERM (chosen)
        self.rate = rate  # words a minute the command speaks at: how long a cue takes
        self.current: subprocess.Popen[bytes] | None = None
        self.text = ""  # what the current one says
        self.waiting: str | None = None
        # Told once, with the command's own words, when it fails (exits with an error); it
        # is then not asked again: another program's failure is not silence.
        self.failed: Callable[[str], None] | None = None
        self.gave_up = False
        self.errors: int | None = None  # a file (a descriptor) the current one's stderr goes to
        self.clock = clock
        self.started = 0.0  # when the current one was started, on `clock`

    @property
    def busy(self) -> bool:
        """Whether something is being said right now."""
        return self.current is not None and self.current.poll() is None

    def waits(self) -> bool:
        """Whether a cue waits for the one being said to end."""
        return self.waiting is not None

    def say(self, text: str) -> None:
        """Say `text` now, or as soon as the cue being said has been heard out."""
        self._check()
        if self.gave_up:
            return
        if self.busy:
            self.waiting = text
        else:
            self._start(text)

    def poll(self) -> None:
        """Start the waiting cue once the one before it has finished."""
        self._check()
        if self.waiting is not None and not self.busy:
            text, self.waiting = self.waiting, None
            self._start(text)

    def _start(self, text: str) -> None:
        self.text = text
        env: Mapping[str, str] | None = None
        args = self.command
        if args[-1] == _POWERSHELL_SAY:  # PowerShell reads the text from the environment
            env = {**os.environ, "STRETCH_SAY": text}
        else:  # a leading space keeps text such as "-w/tmp/x" from being read as an option
            args = [*args, f" {text}" if text.startswith("-") else text]
        self._drop_errors()
        self.started = self.clock()
        if sys.platform != "win32":  # where an open file cannot be unlinked: not kept
            self.errors = _unnamed_file()
        try:
            self.current = self.popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL if self.errors is None else self.errors,
                env=env,
                # A group of its own: a wrapper script and what it starts are stopped together.
                start_new_session=sys.platform != "win32",
            )
        except OSError:
            self.current = None

    def _check(self) -> None:
        """If the cue's command ended with an error, say so once (its first line of stderr)
        and say nothing more; one stopped by a signal (ours: a cue cut short) is no error."""
        process = self.current
        if process is None or self.gave_up:
            return
        code = process.poll()
        if (
            code is None
            and self.clock() - self.started > speech_seconds(self.text, self.rate) + HUNG
        ):
            # Stuck on one line (a sound server that never answers): every later cue would
            # wait behind it in silence, and the end would wait for it too.
            self.gave_up = True
            self.stop()
            self._said(
                f"it did not end a line in {HUNG + speech_seconds(self.text, self.rate):.0f} s"
            )
            return
        if not isinstance(code, int) or code <= 0:
            return
        words = ""
        if self.errors is not None:
            with contextlib.suppress(OSError):
                os.lseek(self.errors, 0, os.SEEK_SET)
                words = os.read(self.errors, 4096).decode("utf-8", "replace")
        self._drop_errors()
        self.current, self.waiting, self.gave_up = None, None, True
        line = next((w.strip() for w in words.splitlines() if w.strip()), "")
        said = one_line(line)
        # Its own words, cut to a line or so: said mid-run, among the run's own lines.
        said = fit(said, SAID_COLUMNS).rstrip() if columns(said) > SAID_COLUMNS else said
        self._said(said if line else f"it ended with exit code {code}")

    def _said(self, why: str) -> None:
        name = os.path.basename(self.command[0]) or self.command[0]
        if self.failed is not None:
            self.failed(f"{one_line(name)} failed: {why}")

    def _drop_errors(self) -> None:
        if self.errors is not None:
            with contextlib.suppress(OSError):
                os.close(self.errors)
            self.errors = None

    def stop(self) -> None:
        """Cut the current cue short, drop the waiting one (and reap: no process is left,
        even one that ignores SIGTERM: it is killed after GRACE seconds, and so is what a
        wrapper script started, its whole process group)."""
        self._check()
        self.waiting = None
        process = self.current
        if process is not None and process.poll() is None:
            _signal(process, hard=False)
            try:
                process.wait(timeout=self.grace)
            except subprocess.TimeoutExpired:
                _signal(process, hard=True)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=self.grace)
            if _grouped(process):  # what is left of its group (just now: its id is not reused)
                _signal(process, hard=True)
        self.current = None
        self._drop_errors()

    def finish(self, spare: float = 2.0) -> None:
        """Let the last cues be heard out, each given as long as saying it takes at the rate
        and `spare` seconds more (a value we chose: the command starting up), then stop (a
        command that hangs is stopped then). The end line with its summary lasts 9 s at 175
        words a minute: a fixed wait cut it short."""
        for _ in range(2):  # the one being said, then the one waiting
            if self.current is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.current.wait(timeout=speech_seconds(self.text, self.rate) + spare)
            self.poll()  # says a failure, if it was one
        self.stop()


def _unnamed_file() -> int | None:
    """A temporary file with no name, as a bare descriptor (no file object: one left open
    when a run is cut short is closed by the process's end, with no warning); None if none
    can be made (the speech command's words are then not kept)."""
    try:
        fd, name = tempfile.mkstemp(prefix="stretch-voice-")
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.unlink(name)
    return fd


def _grouped(process: subprocess.Popen[bytes]) -> bool:
    """Whether the process leads a process group of its own (started so by `Speaker`)."""
    return sys.platform != "win32" and isinstance(process, subprocess.Popen)


def _signal(process: subprocess.Popen[bytes], hard: bool) -> None:
    """Ask the process and its group to end (SIGTERM), or kill them (`hard`); the process
    alone where it has no group of its own."""
    with contextlib.suppress(OSError):  # gone already
        if _grouped(process):
            import signal

            os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGTERM)
        elif hard:
            process.kill()
        else:
            process.terminate()


# Seconds a line may take beyond its estimate (at the default rate) before the command is
# taken to hang (chosen: far more than any engine takes to start).
SAID_COLUMNS = 160  # chosen: of a failing speech command's words, a line or two
HUNG = 10.0

BELL_KINDS = frozenset({"hold", "relax", "switch"})


class Cues:
    """Rings and speaks: at phase starts, each later line of a phase when its time comes,
    and the end."""

    TOLERANCE = 0.25  # a tick this close before a line's time says it (ticks land on time)

    def __init__(self, out: IO[str], bell: bool, speaker: Speaker | None) -> None:
        self.out = out
        self.bell = bell
        self.speaker = speaker
        self.next_line = 0

    def phase(self, phase: Phase, cue: Cue, jumped: bool = False) -> None:
        """Cue the start of a phase: a bell for hold, relax and switch; its first words.
        A phase reached with a key (`jumped`) cuts what is still being said."""
        self.next_line = 0
        if self.bell and phase.kind in BELL_KINDS:
            self._ring()
        if self.speaker:
            if jumped:
                self.speaker.stop()
            if cue.spoken and cue.spoken[0].at == 0:
                self.next_line = 1
                self.speaker.say(cue.spoken[0].text)

    def paused(self, paused: bool) -> None:
        """A pause silences the voice at once."""
        if paused and self.speaker:
            self.speaker.stop()

    def tick(self, cue: Cue, duration: float, remaining: float, paused: bool) -> None:
        """Between phase starts: start a waiting cue; say the line whose time has come (of
        several that came at once, after `-` shortened a hold, only the last)."""
        if self.speaker is None:
            return
        self.speaker.poll()
        if paused:
            return
        due = None
        lines = cue.spoken
        while self.next_line < len(lines):
            line = lines[self.next_line]
            if remaining > duration - line.at + self.TOLERANCE:
                break
            due = line
            self.next_line += 1
        if due is not None:
            self.speaker.say(due.text)

    def say(self, text: str) -> None:
        """Say `text` at once, cutting what is being said (the next phase's first line
        waits for it)."""
        if self.speaker:
            self.speaker.stop()
            self.speaker.say(text)

    def end(self, text: str) -> None:
        """Cue the end of the session with `text`."""
        if self.bell:
            self._ring()
        if self.speaker:
            self.speaker.say(text)

    def _ring(self) -> None:
        with contextlib.suppress(OSError):  # the terminal is gone: no bell to fail for
            self.out.write("\a")
            self.out.flush()


class Voice:
    """The bell and the spoken cues of the script, the same whatever the output mode (the
    JSON is for a program, the words for the person): it listens beside the output.
    `this_week` is how many sessions counted this week before this one (None: unknown)."""

    def __init__(self, cues: Cues, info: SessionInfo, this_week: int | None = None) -> None:
        self.cues = cues
        self.info = info
        self.this_week = this_week

    def phase_started(self, state: RunState, now: float) -> None:
        # The phase an `h` led to lets the calm line be heard out before its own.
        after_hurt = state.eased is not None and state.eased[0] == state.index
        self.cues.phase(state.phase, self.info.cue(state.phase), state.jumped and not after_hurt)

    def tick(self, state: RunState, now: float) -> None:
        paused = state.paused_at is not None
        phase = state.phase
        self.cues.tick(self.info.cue(phase), phase.duration, state.remaining(now), paused)

    def paused(self, state: RunState, now: float) -> None:
        self.cues.paused(state.paused_at is not None)

    def hurt(self, state: RunState, now: float) -> None:
        if state.eased is not None:
            self.cues.say(spoken(self.info.eased[state.eased[1]]))

    def ended(self, state: RunState, now: float) -> None:
        self.cues.end(ending(state, self.info, self.this_week))


def ending(state: RunState, info: SessionInfo, this_week: int | None) -> str:
    """What is said as the session ends (the summary counts this session in the week when
    it counts: completed, or an exercise done)."""
    done = results(state)
    finished = sum(r.status == "done" for r in done)
    completed = state.status == "completed"
    counted = completed or finished > 0  # as the history counts a session in the week
    week = this_week + 1 if this_week is not None and counted else None
    last = info.steps[state.phase.step] if info.steps else None
    said = end_say(
        last,
        completed,
        (finished, len(done)),
        state.elapsed(state.ended),
        week,
        info.intro.on_bed,
    )
    # The session ends on the bell after the last "1,": the ease off is said on it.
    on_bell = completed and bool(info.script) and ended_with_count(info.cue(state.phase))
    return join_words(EASE_OFF_NOW, said) if on_bell else said
