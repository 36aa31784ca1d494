"""Text is wrapped at words to the terminal, never in the middle of a word or an address:
`stretch start`'s plan and questions, and the questions and lines after a session."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.env import Environment
from stretchcli.session.questions import ask_hurt, ask_pain
from stretchcli.text import wrapped, wrapped_prompt
from tests.conftest import Stretch
from tests.fakes import TypedAtTerminal

NHS_ACTIVITY = (
    "https://www.nhs.uk/live-well/exercise/exercise-guidelines/"
    "physical-activity-guidelines-for-adults-aged-19-to-64/"
)
words = st.one_of(
    st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=14),
    st.sampled_from([NHS_ACTIVITY, "https://www.nhs.uk/conditions/back-pain/", "num-ber"]),
)
lines = st.tuples(
    st.sampled_from(["", "  - ", "      ", "Exercises:   "]),
    st.lists(words, min_size=1, max_size=30),
).map(lambda t: t[0] + " ".join(t[1]))


def assert_whole(given_: list[str], shown: list[str], width: int) -> None:
    """Every word shown whole, in order; a line wider than `width` only for one word (an
    address) too wide for it with its indent, alone on its line."""
    assert " ".join(shown).split() == " ".join(given_).split()
    for line in shown:
        if len(line) > width:
            assert len(line.split()) == 1, line


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, min_size=1, max_size=5), st.integers(20, 200))
def test_wrapping_never_splits_a_word_or_an_address(given_: list[str], width: int) -> None:
    assert_whole(given_, wrapped(given_, width), width)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=30), st.integers(20, 200))
def test_a_question_wraps_at_words_and_leaves_its_answer_on_the_last_line(
    asked: list[str], width: int
) -> None:
    text = " ".join(asked) + ": "
    shown = wrapped_prompt(text, width)
    assert shown.endswith(": ")  # the answer typed after it
    assert_whole([text], [line.rstrip() for line in shown.split("\n")], width)


@pytest.mark.parametrize("width", range(20, 201, 9))
def test_start_says_every_line_within_the_width(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """The plan, its reasons and addresses, and every question: within the width, but for an
    address too wide for it, alone on its line."""
    monkeypatch.setenv("COLUMNS", str(width))
    result = stretch(
        "start", "--where", "upper-back", "--no-floor", "--ball", "--days", "5",
        typed="n\nn\nn\ny\ny\n" + "\n" * 20,
    )  # fmt: skip
    assert result.code == 0, result.err
    # Typed answers are not echoed here: each question's last line ends where its "] " does.
    for line in result.out.replace("] ", "]\n").splitlines():
        if len(line) > width:
            assert len(line.split()) == 1, line
    assert NHS_ACTIVITY in [line.strip() for line in result.out.splitlines()]
    assert NHS_ACTIVITY in re.findall(r"https?://\S+", result.out)


def env_at(width: int, typed: str, err: io.StringIO) -> Environment:
    return Environment(TypedAtTerminal(typed), io.StringIO(), err, {"COLUMNS": str(width)})


@settings(max_examples=100, deadline=None)
@given(st.integers(20, 200), st.integers(1, 9))
def test_the_hurt_question_wraps_at_words(width: int, count: int) -> None:
    names = [f"Seated row number {n}" for n in range(1, count + 1)]
    err = io.StringIO()
    assert ask_hurt(env_at(width, "", err), names, lambda: "\r") is None
    shown = [line.rstrip() for line in err.getvalue().rstrip("\n").split("\n")]
    listed = ", ".join(f"{n} {name}" for n, name in enumerate(names, 1))
    which = "it" if count == 1 else "one of them"
    question = f"Did {which} hurt? {listed} (press its number; Enter for none): "
    assert_whole([question], shown, width)
    assert "press its number;" in " ".join(" ".join(shown).split())


@settings(max_examples=50, deadline=None)
@given(st.integers(20, 200))
def test_the_pain_question_wraps_at_words(width: int) -> None:
    err = io.StringIO()
    assert ask_pain(env_at(width, "4\n", err), "And now: how much pain do you have,") == 4
    shown = [line.rstrip() for line in err.getvalue().split("\n")]
    assert_whole(["And now: how much pain do you have, 0-10 (0 none, 10 worst; Enter to skip):"],
                 shown, width)  # fmt: skip


def test_after_a_session_the_lines_wrap_at_words(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the physiotherapist saw at 100 columns: 'press its num / ber', 'num / bness'."""
    monkeypatch.setenv("COLUMNS", "60")
    result = stretch("run", "desk-upper-back", "--plain", "--pain", typed="2\n5\n3\n2\n")
    assert result.code == 0, result.err
    after = result.err[result.err.index("And now") :]
    for line in after.replace("): ", "):\n").splitlines():  # typed answers are not echoed
        assert len(line) <= 60, line
    said = " ".join(after.split())
    assert "Did one of them hurt? 1 Chest stretch, 2 Rhomboid stretch (chair)," in said
    assert "Noted: Rhomboid stretch (chair) hurt." in said and "numbness or tingling" in said
