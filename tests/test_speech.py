"""How long speech takes at a rate, and how each engine is told the rate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.session.speech import (
    RATES,
    rate_args,
    spd_rate,
    speech_seconds,
)

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
