"""`stretch config KEY NUMBER` takes decimal numbers only (attack 4, D13: `scale 0x1` was read
as TOML's hex 1, while `1_0` was refused and `voice_rate 1_75` taken)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch


@pytest.mark.parametrize("key", ["scale", "voice_rate", "weekly_goal"])
@pytest.mark.parametrize("text", ["0x1", "0o7", "0b1", "1_0", "1e3", "inf", "+inf", "nan"])
def test_a_number_not_in_decimal_digits_is_refused(stretch: Stretch, key: str, text: str) -> None:
    code, out, err = stretch("config", key, text)
    assert (code, out) == (2, "")
    assert err.startswith(
        f"stretch: {key}: a number is written in decimal digits, such as 1 or 1.5, not '{text}' ("
    )
    assert stretch("config", key).out.strip() != text


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(st.integers(1, 3), st.sampled_from(["", ".0", ".5"]))
def test_decimal_digits_are_taken(stretch: Stretch, whole: int, fraction: str) -> None:
    text = f"{whole}{fraction}"
    code, out, _ = stretch("config", "scale", text)
    assert code == 0 and out.startswith("scale = ")
