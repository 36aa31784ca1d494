"""`history note` never takes a mistyped id for the note's start (attack 6, F13; issue 23): a
first word meant as an id (its first character that is not a space, punctuation or a symbol is
a number) must be a plain whole number from 1 to the largest row id; anything else is a usage
error (exit 2) in one line saying what ids look like and where to see them. Replacing a note
says what it replaced."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.errors import StretchError, UsageError
from stretchcli.history.notes import IDS, MAX_ID, note_target
from tests.conftest import Stretch

ATTACK = ["-1", "+1", "1e0", "0x1", "1.0", " 1", "#1", "\u0661", "1 ", "#-1", "0b1", "1_0"]
ATTACK += ["1abc", "1:", "(1)", "1st", "0", "01x", "\u2460", "\u00bd", str(MAX_ID + 1), "9" * 30]


def notes(stretch: Stretch) -> list[object]:
    return [s["note"] for s in json.loads(stretch("history", "--json").out)]


@pytest.fixture
def two_sessions(stretch: Stretch) -> None:
    for _ in range(2):
        assert stretch("run", "upper-back", "--json", "--only", "thoracic-rotation").code == 0
    assert stretch("history", "note", "tight on the left").code == 0


@pytest.mark.usefixtures("two_sessions")
@pytest.mark.parametrize("first", ATTACK)
def test_a_mistyped_id_is_refused_and_no_note_changes(stretch: Stretch, first: str) -> None:
    before = notes(stretch)
    assert stretch("history", "note", "--", first, "better") == (
        2,
        "",
        f"stretch: {first!r} is not a session id ({IDS})\n",
    )
    assert notes(stretch) == before == [None, "tight on the left"]


@pytest.mark.usefixtures("two_sessions")
def test_replacing_a_note_says_what_it_replaced(stretch: Stretch) -> None:
    assert stretch("history", "note", "2", "better") == (
        0,
        "Noted on session 2 (was: tight on the left): better\n",
        "",
    )
    assert stretch("history", "note", "1", "first") == (0, "Noted on session 1: first\n", "")
    assert notes(stretch) == ["first", "better"]


DIGITS = st.characters(categories=["Nd"])  # a decimal digit of any script
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(lambda n: f"{n:+d}"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(0, 10**6).map(hex),
    st.integers(0, 10**6).map(oct),
    st.integers(0, 10**6).map(bin),
    st.text(DIGITS, min_size=1, max_size=4).filter(lambda d: not (d.isascii() and d.isdigit())),
    st.integers(0, 10**6).map(str),
)


@settings(max_examples=300)
@given(
    number=NUMBERS,
    before=st.sampled_from(["", " ", "#", "# ", "\t"]),
    after=st.sampled_from(["", " ", "\t"]),
)
def test_a_first_word_that_looks_like_an_id_is_one_or_refused(
    number: str, before: str, after: str
) -> None:
    first = before + number + after
    try:
        session_id, words = note_target([first, "better"])
    except StretchError as refused:
        assert refused.hint == IDS
        assert not (first.isascii() and first.isdigit() and 0 < int(first) <= MAX_ID)
        return
    assert first.isascii() and first.isdigit()  # plain digits alone are an id
    assert (session_id, words) == (int(first), ["better"])


@given(st.sampled_from(["tight", "x1", "better", "left-side", "ok.", "#tag", "-ish", "é1"]))
def test_a_first_word_that_is_no_number_starts_the_note(word: str) -> None:
    assert note_target([word, "better"]) == (None, [word, "better"])


@pytest.mark.usefixtures("two_sessions")
@pytest.mark.parametrize("word", ["1", "2", "12", "1 2", "-1"])
def test_a_session_id_alone_is_refused_and_no_note_changes(stretch: Stretch, word: str) -> None:
    """`stretch history note 1` (the note forgotten) never makes '1' the latest's note."""
    before = notes(stretch)
    shown = word.split()[0] if word.split()[0].isdigit() else "12"
    assert stretch("history", "note", "--", word) == (
        2,
        "",
        f"stretch: {word!r} is a session id, not a note "
        f"(give the note after it: `stretch history note {shown} TEXT`)\n",
    )
    assert notes(stretch) == before == [None, "tight on the left"]


@given(st.integers(0, 2**70))
def test_a_whole_number_alone_is_never_a_note(number: int) -> None:
    with pytest.raises(StretchError) as refused:
        note_target([str(number)])
    assert refused.value.hint == f"give the note after it: `stretch history note {number} TEXT`"


@given(st.lists(NUMBERS, min_size=1, max_size=3))
def test_a_note_of_nothing_but_numbers_is_refused(numbers: list[str]) -> None:
    with pytest.raises(StretchError, match="is a session id, not a note"):
        note_target([" ".join(numbers)])


@given(st.sampled_from(["tight", "1st", "x1", "better", "ok.", "#tag", "3 sets", "left 2"]))
def test_a_lone_note_with_words_is_for_the_latest(note: str) -> None:
    assert note_target([note]) == (None, [note])


@settings(max_examples=500)
@given(st.text(max_size=12))
def test_any_first_word_is_an_id_in_range_the_note_or_a_usage_error(first: str) -> None:
    """Over every string: plain digits from 1 to MAX_ID are an id; a word whose first number
    comes before any letter is refused as an id saying what ids look like; else the word
    starts the note."""
    try:
        session_id, words = note_target([first, "better"])
    except UsageError as refused:
        assert refused.hint == IDS and refused.message == f"{first!r} is not a session id"
        assert not (first.isascii() and first.isdigit() and 0 < int(first) <= MAX_ID)
        before = first
        for char in first:
            if unicodedata.category(char)[0] not in "PSZC":
                before = char
                break
        assert unicodedata.category(before)[0] == "N"
        return
    if session_id is not None:
        assert first.isascii() and first.isdigit() and 0 < session_id == int(first) <= MAX_ID
        assert words == ["better"]
    else:
        assert words == [first, "better"]
        assert not any(unicodedata.category(c)[0] == "N" for c in first) or any(
            unicodedata.category(c)[0] in "LM" for c in first
        )


@pytest.mark.usefixtures("two_sessions")
def test_an_id_in_range_without_a_session_says_where_to_see_ids(stretch: Stretch) -> None:
    assert stretch("history", "note", "7", "better") == (
        1,
        "",
        "stretch: no session 7 (see the ids with `stretch history --json`)\n",
    )
