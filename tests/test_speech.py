"""How long speech takes at a rate, and how each engine is told the rate."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.model import RATE, RATES
from stretchcli.session.speech import rate_args, spd_rate, speech_seconds

words = st.text(alphabet="abcdefghij ,.", min_size=1, max_size=80).filter(str.strip)


def test_spd_say_takes_its_espeak_ng_modules_scale() -> None:
    """-100 is 80 words a minute, 0 is 170, +100 is 449 (the module's defaults)."""
    assert [spd_rate(wpm) for wpm in (80, 125, 170, 309.5, 449)] == [-100, -50, 0, 50, 100]
    assert spd_rate(40) == -100 and spd_rate(600) == 100


@given(st.floats(40, 600), st.floats(40, 600))
def test_a_faster_rate_is_never_a_lower_spd_rate(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert spd_rate(low) <= spd_rate(high)


def test_each_engine_gets_its_own_option() -> None:
    assert rate_args("espeak-ng", 140) == ["-s", "140"]
    assert rate_args("espeak", 140.4) == ["-s", "140"]
    assert rate_args("say", 200) == ["-r", "200"]
    assert rate_args("spd-say", 140) == ["-r", "-33"]
    assert rate_args("powershell", 140) == []  # Windows keeps the voice's own rate


@given(words, st.integers(RATES[0], RATES[1] - 1))
def test_slower_speech_takes_longer(text: str, rate: int) -> None:
    assert speech_seconds(text, rate) > speech_seconds(text, rate + 1)


@given(words, words)
def test_more_words_take_longer(first: str, second: str) -> None:
    assert speech_seconds(f"{first} {second}") > speech_seconds(first)


def test_nothing_takes_no_time() -> None:
    assert speech_seconds("") == speech_seconds("   ") == 0


def _spoken_lines() -> list[str]:
    """Every line the built-in routines say, at the default rate."""
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import Folder
    from stretchcli.session.coaching import script
    from stretchcli.session.holds import Coaching
    from stretchcli.session.options import RunOptions
    from stretchcli.session.planning import plan
    from stretchcli.session.timeline import build
    from tests.conftest import BUILTIN

    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    lines: set[str] = set()
    for routine in catalog.routines.values():
        planned = plan(routine, catalog.exercises, RunOptions())
        phases = build(planned, "full")
        steps = [s.exercise for s in planned.steps]
        cues = script(phases, steps, Coaching(), planned.intro, planned.prepare)
        lines |= {said.text for cue in cues for said in cue.spoken}
    return sorted(lines)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
@pytest.mark.parametrize("rate", [120, 140, RATE, 220])
def test_espeak_ng_says_every_line_within_its_estimate(tmp_path: Path, rate: int) -> None:
    """The estimate the timeline is planned with is never shorter than the real engine (its
    audio written to a WAV file; the estimate also allows 0.15 s to start the process)."""
    for i, text in enumerate(_spoken_lines()):
        path = tmp_path / f"{i}.wav"
        subprocess.run(["espeak-ng", "-s", str(rate), "-w", str(path), text], check=True)
        with wave.open(str(path)) as audio:
            seconds = audio.getnframes() / audio.getframerate()
        assert seconds <= speech_seconds(text, rate), (rate, text, seconds)
