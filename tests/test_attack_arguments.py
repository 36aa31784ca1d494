"""An argument holding bytes that are not UTF-8 (Python keeps them as lone surrogates, e.g.
`stretch run $'\\xff'`) is refused in one line by every command, in one place: before, `run`,
`run --resume` and `config terminal` ended in a UnicodeEncodeError and `history note` stored
the escape as text (attack 4, D5)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch

# Where an argument goes: each command with a place for text from the person.
PLACES = [
    ["run", "{}"],
    ["run", "{}", "--resume"],
    ["run", "desk-break", "--only", "{}"],
    ["config", "terminal", "{}"],
    ["config", "{}", "1"],
    ["history", "note", "1", "{}"],
    ["history", "import", "{}"],
    ["history", "--routine", "{}"],
    ["report", "-o", "{}"],
    ["show", "{}"],
    ["new", "{}"],
    ["plan", "use", "{}"],
    ["validate", "{}"],
    ["remind", "snooze", "{}"],
    ["{}"],
]

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


@pytest.mark.parametrize("place", PLACES, ids=" ".join)
@pytest.mark.parametrize(
    ("arg", "shown"),
    [
        ("\udcff", "\\xff"),
        ("x\udcff", "x\\xff"),
        ("foot\udcff", "foot\\xff"),
        ("caf\udcc3\udca9x", "caf\\xc3\\xa9x"),
        ("\ud800\x1b[2J", "\\ud800\\x1b[2J"),
    ],
)
def test_bytes_that_are_not_utf8_are_one_line(
    stretch: Stretch, place: list[str], arg: str, shown: str
) -> None:
    args = [arg if part == "{}" else part for part in place]
    code, out, err = stretch(*args)
    assert (code, out) == (2, "")
    assert err == (
        f"stretch: the argument '{shown}' is not UTF-8 text "
        "(give it in UTF-8; a file whose name is not, rename)\n"
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # refused: nothing kept
@given(
    st.sampled_from(PLACES),
    st.lists(st.text(min_size=0, max_size=3) | SURROGATES, min_size=1).filter(
        lambda parts: any(0xD800 <= ord(c) <= 0xDFFF for p in parts for c in p)
    ),
)
def test_any_argument_with_a_lone_surrogate_is_refused_before_anything_runs(
    stretch: Stretch, place: list[str], parts: list[str]
) -> None:
    arg = "".join(parts)
    code, out, err = stretch(*[arg if part == "{}" else part for part in place])
    assert (code, out) == (2, "")
    assert err.startswith("stretch: the argument '") and err.endswith(
        " is not UTF-8 text (give it in UTF-8; a file whose name is not, rename)\n"
    )
    assert err.count("\n") == 1
