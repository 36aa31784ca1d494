"""Invisible characters (attack 4, D14): the rule is Unicode's Default_Ignorable_Code_Point
set with the characters `text.shows_as_is` does not show. A note (imported, or given to
`history note`) and routine text holding one is refused or shown escaped: the Hangul fillers
U+115F, U+1160, U+3164 and U+FFA0, U+17B4, U+17B5 and U+034F were let through while U+200B
was refused, so two notes or names could look the same and differ."""

from __future__ import annotations

import json
import unicodedata
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli import exported
from stretchcli.history.export_file import FORMAT
from stretchcli.text import DEFAULT_IGNORABLE, SHOWN_AS_NOTHING, hidden, one_line
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import record

IGNORABLE = [chr(c) for low, high in SHOWN_AS_NOTHING for c in range(low, high + 1)]
NAMED = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u17b4", "\u17b5", "\u034f", "\u200b", "\u2800"]


def test_the_set_is_unicodes_default_ignorable_code_points() -> None:
    """Checks against what the running Python knows of the set: every format character
    (Cf) but the few that show (prepended concatenation marks: Arabic number signs and the
    like) is in it, and so is every variation selector."""
    shown = {0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891}
    shown |= {0x08E2, 0x110BD, 0x110CD, 0xFFF9, 0xFFFA, 0xFFFB}
    shown |= set(range(0x13430, 0x13440)) | {0x13440} | set(range(0x13441, 0x13456))
    ignorable = {c for low, high in DEFAULT_IGNORABLE for c in range(low, high + 1)}
    for code in range(0x110000):
        if unicodedata.category(chr(code)) == "Cf" and code not in shown:
            assert code in ignorable, f"U+{code:04X}"
        if "VARIATION SELECTOR" in unicodedata.name(chr(code), ""):
            assert code in ignorable, f"U+{code:04X}"
    assert len(ignorable) == 4174  # DerivedCoreProperties.txt, Unicode 15.1: 4,174 code points


@pytest.mark.parametrize("char", IGNORABLE, ids=lambda c: f"U+{ord(c):04X}")
def test_every_ignorable_character_is_refused_in_a_note_and_shown_escaped(char: str) -> None:
    assert hidden(f"a{char}b") == char
    with pytest.raises(exported.Refused):
        exported.note(f"a{char}b")
    shown = one_line(f"a{char}b")
    assert char not in shown and shown.startswith("a\\") and shown.endswith("b")


@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1))
def test_text_without_them_is_left_as_it_is(text: str) -> None:
    visible = "".join(c for c in text if hidden(c) is None)
    assert hidden(visible) is None
    assert one_line(visible) == visible


def session_line(note: str) -> str:
    line = json.loads(record(uuid.uuid4().hex, NOW - timedelta(days=3)))
    line["note"] = note
    return json.dumps(line, ensure_ascii=False)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(NAMED) | st.sampled_from(IGNORABLE), st.booleans())
def test_an_import_refuses_a_note_with_one(
    stretch: Stretch, tmp_path: Path, char: str, escaped: bool
) -> None:
    path = tmp_path / "one.jsonl"
    line = session_line(f"a{char}b")
    if escaped:
        line = line.replace(char, f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else char)
    path.write_text(json.dumps(FORMAT) + "\n" + line + "\n", encoding="utf-8")
    code, out, err = stretch("history", "import", str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"stretch: {path}:2: note: expected null or one line of 1 to ")
    assert "invisible characters" in err.splitlines()[0]


@pytest.mark.parametrize("char", NAMED, ids=lambda c: f"U+{ord(c):04X}")
def test_history_note_refuses_one_naming_it(stretch: Stretch, char: str) -> None:
    """As the import refuses it (one check for a note: tests/test_note_check.py)."""
    assert stretch("run", "upper-back", "--plain", "--brief").code == 0
    code, _, err = stretch("history", "note", f"a{char}b")
    assert code == 2 and f"the note has U+{ord(char):04X} " in err
    notes = [s["note"] for s in json.loads(stretch("history", "--json").out)]
    assert notes == [None]


@pytest.mark.parametrize("char", NAMED, ids=lambda c: f"U+{ord(c):04X}")
def test_routine_text_with_one_is_refused(user_routines: Path, stretch: Stretch, char: str) -> None:
    routine = user_routines / "mine.yaml"
    built_in = Path(__file__).resolve().parents[1] / "routines" / "desk-break.yaml"
    text = built_in.read_text(encoding="utf-8")
    text = text.replace("name: ", f"name: A{char}", 1)
    routine.write_text(text, encoding="utf-8")
    code, out, err = stretch("validate", str(routine))
    assert code == 1
    assert f"the invisible character U+{ord(char):04X} is not allowed" in out + err


@pytest.mark.parametrize("text", ["\u2800", "\u2800\u2800x\u2800"])
def test_the_braille_blank_is_refused_in_a_note_and_a_routine_name(
    stretch: Stretch, user_routines: Path, text: str
) -> None:
    """Attack 17, H12: U+2800, drawn as an empty cell, passed where U+3164 is refused: a
    note that looked like none, a routine listed with a blank name."""
    assert hidden(text) == "\u2800"
    routine = user_routines / "blank.yaml"
    routine.write_text(
        f'name: "{text}"\nsummary: Blank.\nsteps:\n  - exercise: chin-tuck\n', encoding="utf-8"
    )
    checked = stretch("validate", str(routine))
    assert checked.code == 1
    assert "U+2800" in checked.out
    assert stretch("run", "desk-break", "--json", "--no-pain", "--scale", "0.25").code == 0
    noted = stretch("history", "note", "1", text)
    assert noted.code != 0
    assert "U+2800" in noted.err
