"""`history note` never takes a mistyped id for the note's start (attack 6, F13): a first word
that looks like an id but is not one is refused in one line saying what ids look like; and
replacing a note says what it replaced."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.errors import StretchError
from stretchcli.history.notes import IDS, note_target
from tests.conftest import Stretch

ATTACK = ["-1", "+1", "1e0", "0x1", "1.0", " 1", "#1", "\u0661", "1 ", "#-1", "0b1", "1_0"]


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
        1,
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
        assert not (first.isascii() and first.isdigit())
        return
    assert first.isascii() and first.isdigit()  # plain digits alone are an id
    assert (session_id, words) == (int(first), ["better"])


@given(st.sampled_from(["tight", "1st", "x1", "better", "left-side", "ok.", "#tag", "-ish"]))
def test_a_first_word_that_is_no_number_starts_the_note(word: str) -> None:
    assert note_target([word, "better"]) == (None, [word, "better"])


@pytest.mark.usefixtures("two_sessions")
@pytest.mark.parametrize("word", ["1", "2", "12", "1 2", "-1"])
def test_a_session_id_alone_is_refused_and_no_note_changes(stretch: Stretch, word: str) -> None:
    """`stretch history note 1` (the note forgotten) never makes '1' the latest's note."""
    before = notes(stretch)
    shown = word.split()[0] if word.split()[0].isdigit() else "12"
    assert stretch("history", "note", "--", word) == (
        1,
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
