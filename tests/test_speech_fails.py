"""A speech command that is there but fails (no audio device) is said once, in its own
words, and the run goes on with the bell: another program's failure is not silence."""

from __future__ import annotations

import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.session.cues import HUNG, Speaker
from stretchcli.session.speech import speech_seconds
from tests.conftest import Stretch

WARNING = "stretch: warning: espeak-ng failed: espeak: no audio device; using the bell only\n"


def fake_engine(folder: Path, script: str) -> None:
    """An `espeak-ng` on PATH that runs `script` (a shell script's body)."""
    folder.mkdir(exist_ok=True)
    engine = folder / "espeak-ng"
    engine.write_text(f"#!/bin/sh\n{script}\n")
    engine.chmod(0o755)


def test_a_failing_speech_command_is_said_once_in_its_own_words(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_ = tmp_path / "bin"
    fake_engine(bin_, 'echo "espeak: no audio device" >&2\nexit 1')
    monkeypatch.setenv("PATH", f"{bin_}:/usr/bin:/bin")
    result = stretch("run", "morning-in-bed", "--plain", "--voice", "--only", "pelvic-tilt")
    assert result.code == 0
    assert result.err.count("failed:") == 1
    assert WARNING in result.err


def test_a_speech_command_that_speaks_is_not_warned_about(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_ = tmp_path / "bin"
    fake_engine(bin_, "exit 0")
    monkeypatch.setenv("PATH", f"{bin_}:/usr/bin:/bin")
    result = stretch("run", "morning-in-bed", "--plain", "--voice", "--only", "pelvic-tilt")
    assert (result.code, "warning" in result.err) == (0, False)


class Failing:
    """A speech process that has already ended with `code`, having written `words`."""

    def __init__(self, args: list[str], code: int, words: bytes, stderr: int) -> None:
        self.args = args
        self.code = code
        os.write(stderr, words)

    def poll(self) -> int:
        return self.code

    def wait(self, timeout: float | None = None) -> int:
        return self.code


def speaker_failing(code: int, words: bytes) -> tuple[Speaker, list[str], list[Failing]]:
    said: list[str] = []
    started: list[Failing] = []

    def popen(args: list[str], **kwargs: int) -> Failing:
        started.append(Failing(args, code, words, kwargs["stderr"]))
        return started[-1]

    speaker = Speaker(["/usr/bin/espeak-ng", "-s", "175"], popen)  # type: ignore[arg-type]
    speaker.failed = said.append
    return speaker, said, started


@given(st.text(max_size=60), st.integers(1, 255))
def test_the_failure_is_one_line_with_every_control_character_visible(
    words: str, code: int
) -> None:
    speaker, said, started = speaker_failing(code, words.encode("utf-8", "surrogatepass"))
    for text in ("Hold.", "Relax.", "3, 2, 1."):
        speaker.say(text)
        speaker.poll()
    speaker.finish(spare=0)
    assert len(said) == 1 and len(started) == 1  # told once; never asked again
    assert said[0].startswith("espeak-ng failed: ")
    assert len(said[0].splitlines()) == 1
    assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in said[0])
    if not words.strip():
        assert said[0] == f"espeak-ng failed: it ended with exit code {code}"


def test_the_first_line_of_its_message_is_kept() -> None:
    speaker, said, _ = speaker_failing(1, b"\nALSA lib: cannot open\x1b[2J device\nmore\n")
    speaker.say("Hold.")
    speaker.poll()
    assert said == ["espeak-ng failed: ALSA lib: cannot open\\x1b[2J device"]


@pytest.mark.parametrize("length", [159, 160, 161, 4096])
def test_its_words_are_cut_to_a_line_or_two(length: int) -> None:
    """Said mid-run among the run's own lines: never dozens of terminal rows of it."""
    speaker, said, _ = speaker_failing(1, b"x" * length + b"\n")
    speaker.say("Hold.")
    speaker.poll()
    (line,) = said
    words = line.removeprefix("espeak-ng failed: ")
    assert words == ("x" * length if length <= 160 else "x" * 159 + "…")


def test_a_cue_cut_short_by_a_signal_is_no_failure() -> None:
    speaker, said, _ = speaker_failing(-15, b"")
    speaker.say("Hold.")
    speaker.say("Relax.")
    speaker.stop()
    assert said == []


def test_an_engine_that_writes_to_a_real_stderr_file(tmp_path: Path) -> None:
    """With a real process: what it wrote to its stderr is read back."""
    said: list[str] = []
    speaker = Speaker(["sh", "-c", 'echo "no audio device" >&2; exit 3', "sh"], grace=1)
    speaker.failed = said.append
    speaker.say("Hold.")
    speaker.finish(spare=5)
    assert said == ["sh failed: no audio device"]


class Hanging:
    """A speech process that never ends until it is stopped."""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.returncode: int | None = None

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return self.returncode

    def terminate(self) -> None:
        self.returncode = -15

    def kill(self) -> None:
        self.returncode = -9


def test_a_speech_command_stuck_on_a_line_is_stopped_and_said_once() -> None:
    now = [0.0]
    started: list[Hanging] = []
    said: list[str] = []

    def popen(args: list[str], **kwargs: object) -> Hanging:
        started.append(Hanging(args))
        return started[-1]

    speaker = Speaker(["/usr/bin/espeak-ng"], popen, clock=lambda: now[0])  # type: ignore[arg-type]
    speaker.failed = said.append
    speaker.say("Hold.")
    now[0] = speech_seconds("Hold.") + HUNG - 0.1
    speaker.say("Relax.")
    speaker.poll()
    assert said == [] and speaker.waits()  # still within its time: the next one waits
    now[0] += 0.2
    speaker.poll()
    assert said == ["espeak-ng failed: it did not end a line in 11 s"]
    assert started[0].returncode is not None  # stopped
    speaker.say("3, 2, 1.")
    speaker.finish()
    assert len(started) == 1 and len(said) == 1  # not asked again; the end does not wait
