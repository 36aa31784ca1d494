"""A word YAML reads as a boolean (on, off, yes, no, true, false) or a number, written as a
key where a plan names an exercise or a weekday: said as what kind of key goes there, with
an example, and for a boolean that it is one and how to write it as text (attack 10, N5)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch

EXERCISE = "expected an exercise id like 'ball-pressure' as a key"
WEEKDAY = "expected a weekday as a key (mon, tue, wed, thu, fri, sat, sun)"
SEE = "see `stretch list --exercises`"
PLACES = {
    "levels": ("days: {{mon: upper-back}}\nlevels: {{{key}: 2}}\n", 2, 10, EXERCISE),
    "leave_out": ("days: {{mon: upper-back}}\nleave_out: {{{key}: no ball}}\n", 2, 13, EXERCISE),
    "ladders": (
        "days: {{mon: upper-back}}\nladders:\n  {key}:\n    - {{hold: 10}}\n",
        3,
        3,
        EXERCISE,
    ),
    "days": ("days: {{{key}: upper-back}}\n", 1, 8, WEEKDAY),
}


def said(stretch: Stretch, tmp_path: Path, place: str, key: str) -> str:
    text, *_ = PLACES[place]
    path = tmp_path / "plan.yaml"
    path.write_text(text.format(key=key), encoding="utf-8")
    result = stretch("validate", str(path))
    assert result.code == 1
    return result.out.splitlines()[0].removeprefix(f"{path}:")


def test_the_attacks_keys_say_what_goes_there(stretch: Stretch, tmp_path: Path) -> None:
    assert said(stretch, tmp_path, "levels", "on") == (
        f"2:10: levels: {EXERCISE}, got 'on', which YAML reads as a boolean "
        f"(write it in quotes: '\"on\"'; {SEE})"
    )
    assert said(stretch, tmp_path, "leave_out", "off") == (
        f"2:13: leave_out: {EXERCISE}, got 'off', which YAML reads as a boolean "
        f"(write it in quotes: '\"off\"'; {SEE})"
    )
    assert said(stretch, tmp_path, "ladders", "on") == (
        f"3:3: ladders: {EXERCISE}, got 'on', which YAML reads as a boolean "
        f"(write it in quotes: '\"on\"'; {SEE})"
    )
    assert said(stretch, tmp_path, "days", "true") == (
        f"1:8: days: {WEEKDAY}, got 'true', which YAML reads as a boolean"
    )
    assert said(stretch, tmp_path, "days", "1") == f"1:8: days: {WEEKDAY}, got the number 1"


BOOLEANS = [
    spelling
    for word in ("yes", "no", "on", "off", "true", "false")
    for spelling in (word, word.capitalize(), word.upper())
]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(PLACES)), st.sampled_from(BOOLEANS) | st.integers(0, 99).map(str))
def test_any_boolean_or_number_as_a_key_says_what_goes_there(
    stretch: Stretch, tmp_path: Path, place: str, key: str
) -> None:
    _, line, column, wanted = PLACES[place]
    found = said(stretch, tmp_path, place, key)
    assert found.startswith(f"{line}:{column}: {place}: {wanted}, got "), found
    if key.isdigit():
        assert f"got the number {key}" in found
    else:
        assert f"got '{key}', which YAML reads as a boolean" in found
        assert ("write it in quotes" in found) == (wanted == EXERCISE)
