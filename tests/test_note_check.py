"""One check for a note's text, wherever a note comes from: `history note`, `run --note`,
`again --note`, an import and a sync file. A note it refuses is a one-line error naming the
character (its code point and name) and nothing is written; one it takes is stored as typed."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.exported import NOTE_CHARACTERS, Refused, note, note_problem
from stretchcli.sequences import joins
from stretchcli.text import hidden
from tests.conftest import Stretch
from tests.test_history import db_path

RLO = "\u202e"


def one_session(stretch: Stretch) -> None:
    assert stretch("run", "upper-back", "--json", "--only", "thoracic-rotation")[0] == 0


def notes(stretch: Stretch) -> list[object]:
    return [s["note"] for s in json.loads(stretch("history", "--json").out)]


def test_history_note_refuses_a_direction_override_as_import_does(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    one_session(stretch)
    code, out, err = stretch("history", "note", f"{RLO}evil")
    assert (code, out) == (2, "")
    assert err == (
        "stretch: the note has U+202E RIGHT-TO-LEFT OVERRIDE (character 1), which is not "
        "shown as it is (write the note without it)\n"
    )
    assert notes(stretch) == [None]  # nothing written
    # the import says the same of the same note
    line = json.loads(stretch("history", "export").out.splitlines()[1])
    exported = tmp_path / "in.jsonl"
    header = json.dumps({"format": "stretch-history", "version": 1})
    exported.write_text(header + "\n" + json.dumps({**line, "note": f"{RLO}evil"}) + "\n")
    code, _, err = stretch("history", "import", str(exported))
    assert code == 1
    assert "has U+202E RIGHT-TO-LEFT OVERRIDE (character 1), which is not shown as it is" in err


def test_a_note_given_to_a_run_is_checked_the_same_way(stretch: Stretch) -> None:
    code, _, err = stretch(
        "run", "upper-back", "--json", "--only", "thoracic-rotation", "--note", "a\u200bb"
    )
    assert code == 2
    assert err == (
        "stretch: the note has U+200B ZERO WIDTH SPACE (character 2), which is not shown as "
        "it is (write the note without it)\n"
    )
    assert stretch("history", "--json").out.strip() in ("", "[]")


def test_a_line_break_in_a_note_is_named_rather_than_stored_as_a_backslash(
    stretch: Stretch,
) -> None:
    one_session(stretch)
    code, _, err = stretch("history", "note", "tight\non the left")
    assert code == 2
    assert "U+000A (a control character) (character 6)" in err
    assert notes(stretch) == [None]


def test_a_note_as_typed_is_stored_as_typed(stretch: Stretch) -> None:
    one_session(stretch)
    assert stretch("history", "note", "  été: tight ", "on the left  ").code == 0
    assert notes(stretch) == ["été: tight  on the left"]


# --- the rule: over every character the import refuses ------------------------------------------

REFUSED = [chr(c) for c in range(sys.maxunicode + 1) if hidden(chr(c)) or not chr(c).isprintable()]


def refused_by_import(text: str) -> bool:
    try:
        note(text)
    except Refused:
        return True
    return False


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.characters(codec="utf-8", categories=["L", "N", "P"]), min_size=1, max_size=20),
    st.sampled_from(REFUSED),
    st.integers(0, 20),
)
def test_every_character_the_import_refuses_is_refused_and_named(
    text: str, bad: str, at: int
) -> None:
    at = min(at, len(text))
    typed = text[:at] + bad + text[at:]
    if typed.strip() != typed:  # a blank at either end (a tab, a line break) is trimmed
        assert not note_problem(typed.strip()) and not refused_by_import(typed.strip())
        return
    why = note_problem(typed)
    if joins(bad) and hidden(typed) is None:  # a joiner or selector where it joins: taken
        assert not why and not refused_by_import(typed)
        return
    assert why and refused_by_import(typed)
    if len(typed) <= NOTE_CHARACTERS:
        assert f"U+{ord(bad):04X}" in why
        assert f"(character {at + 1})" in why
        name = unicodedata.name(bad, "")
        assert name in why


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=NOTE_CHARACTERS + 5))
def test_the_command_line_and_the_import_take_the_same_notes(text: str) -> None:
    assert (note_problem(text) == "") == (not refused_by_import(text))


def test_a_note_refused_on_the_command_line_writes_nothing(
    stretch: Stretch, isolated: Path
) -> None:
    one_session(stretch)
    before = db_path(isolated).read_bytes()
    for bad in ("\x1b[2J", "\u2028", "\u00ad", "\ufeff", "\U000e0041", "x" * 501):
        assert stretch("history", "note", bad).code == 2
    assert db_path(isolated).read_bytes() == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("history", "note", "1", "x" * 501), "shorten it to 500 characters"),
        (("run", "desk-break", "--json", "--note", "x" * 501), "shorten it to 500 characters"),
        (("run", "desk-break", "--json", "--note", ""), 'write a few words, e.g. "tight on the '),
        (("history", "note", "1", " "), 'write a few words, e.g. "tight on the left"'),
    ],
)
def test_a_note_too_long_or_empty_is_told_what_to_do_with_it(
    stretch: Stretch, args: tuple[str, ...], said: str
) -> None:
    """Attack 19, H9: a note too long was told to "write the note without it" (the hint for
    a character refused), and `run --note ""` pointed at `history note`."""
    result = stretch(*args)
    assert (result.code, result.out) == (2, "")
    assert said in " ".join(result.err.split()), result.err
