"""A note is the person's own text: emoji written with a variation selector (❤️), a skin tone
(👍🏽) or joiners (🧘‍♀️, 👨‍👩‍👧), a flag's tags, and words of scripts that write with a
joiner are taken wherever a note comes from (`history note`, `run --note`, an import), shown
as typed, and go through export and import unchanged. A joiner, selector or tag anywhere else
(alone, at the start, between ASCII letters) hides text and stays refused, as do control
characters and escape sequences."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.exported import note_problem
from stretchcli.sequences import joins
from stretchcli.text import hidden, one_line
from tests.conftest import Stretch

EMOJI = [
    "👍🏽",
    "🧘‍♀️",
    "❤️",
    "❤️‍🔥",
    "👨‍👩‍👧",
    "🏳️‍🌈",
    "🏴‍☠️",
    "1️⃣",
    "#️⃣",
    "©️",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: a non-joiner in a word
    "क्\u200dष",  # Devanagari: a joiner after the virama
]
HIDING = [
    "\u200d🧘",  # a joiner first
    "a\u200db",  # between ASCII letters: "ab" to the eye
    "x\ufe0f",  # a selector after an ASCII letter changes nothing seen
    "🧘 \u200d♀",  # a joiner after a space
    "\U000e0041bc",  # a tag outside a flag
    "🧘\u200d",  # a joiner with nothing after it
    "\ufe0f",
]


def one_session(stretch: Stretch) -> None:
    assert stretch("run", "upper-back", "--json", "--only", "thoracic-rotation").code == 0


def notes(stretch: Stretch) -> list[object]:
    return [s["note"] for s in json.loads(stretch("history", "--json").out)]


@pytest.mark.parametrize("emoji", EMOJI)
def test_history_note_takes_emoji_and_shows_them_as_typed(stretch: Stretch, emoji: str) -> None:
    one_session(stretch)
    text = f"{emoji} better today"
    assert stretch("history", "note", "1", text) == (0, f"Noted on session 1: {text}\n", "")
    assert notes(stretch) == [text]


@pytest.mark.parametrize("emoji", ["👍🏽", "🧘‍♀️", "❤️"])
def test_a_run_takes_a_note_with_emoji(stretch: Stretch, emoji: str) -> None:
    code, _, _ = stretch(
        "run", "upper-back", "--json", "--only", "thoracic-rotation", "--note", emoji
    )
    assert code == 0
    assert notes(stretch) == [emoji]


def test_a_note_with_emoji_goes_through_export_and_import_unchanged(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_session(stretch)
    text = " ".join(EMOJI)
    assert stretch("history", "note", text).code == 0
    exported = tmp_path / "history.jsonl"
    assert stretch("history", "export", "-o", str(exported)).code == 0
    monkeypatch.setenv("STRETCH_STATE_DIR", str(tmp_path / "other"))
    assert stretch("history", "import", str(exported)).out == (
        "imported 1 session; 0 already there\n"
    )
    assert notes(stretch) == [text]
    again = tmp_path / "again.jsonl"
    assert stretch("history", "export", "-o", str(again)).code == 0
    assert again.read_bytes() == exported.read_bytes()


@pytest.mark.parametrize("text", HIDING)
def test_a_joiner_or_selector_that_joins_nothing_is_refused_and_named(
    stretch: Stretch, text: str
) -> None:
    one_session(stretch)
    code, out, err = stretch("history", "note", text)
    bad = next(c for c in text if joins(c))
    assert (code, out) == (2, "")
    assert f"U+{ord(bad):04X} {unicodedata.name(bad)}" in err
    assert notes(stretch) == [None]


@pytest.mark.parametrize("bad", ["\x1b[2J", "\x1b]0;title\x07", "\u202e", "\x9b", "\u200b"])
def test_control_characters_beside_emoji_stay_refused(stretch: Stretch, bad: str) -> None:
    one_session(stretch)
    assert stretch("history", "note", f"🧘‍♀️{bad}❤️").code == 2
    assert notes(stretch) == [None]


# --- the rule ------------------------------------------------------------------------------------

SEEN = st.characters(codec="utf-8", categories=["L", "N", "P", "S"])
JOINING = st.sampled_from(["\u200c", "\u200d", "\ufe0e", "\ufe0f", "\U000e0100", "\U000e0067"])


@settings(max_examples=400)
@given(st.lists(st.one_of(SEEN, JOINING), min_size=1, max_size=12).map("".join))
def test_a_joiner_is_taken_only_where_it_joins_and_is_then_shown_as_typed(text: str) -> None:
    """What the note takes, `one_line` shows as it is; what it refuses, `one_line` escapes:
    a joiner is taken after a character beyond ASCII and before another (a selector after a
    character beyond ASCII or a keycap's character; a tag only in a flag), never first."""
    taken = hidden(text) is None
    assert (one_line(text) == text) == taken
    if taken and not text.isprintable():
        assert not joins(text[0])
        for i, c in enumerate(text):
            if c in "\u200c\u200d":
                assert not text[i - 1].isascii() and i + 1 < len(text)
                assert not text[i + 1].isascii()
    if text == text.strip():
        assert (note_problem(text) == "") == taken


@settings(max_examples=300)
@given(
    st.sampled_from(EMOJI),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1),
)
def test_control_and_format_characters_beside_emoji_are_refused(emoji: str, bad: str) -> None:
    """Emoji never let a control character, a direction mark or a zero-width space in."""
    text = f"{emoji}{bad}x"
    if all(joins(c) for c in bad) and hidden(text) is None:
        return  # only joiners and selectors, where they join
    assert note_problem(text) != ""
    assert "\x1b" not in one_line(text)
