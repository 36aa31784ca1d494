"""The config file's `terminal` (a command the notification's Start button runs) is held to
the rule `stretch config terminal` is held to: no control character, line or paragraph
separator. Before, the file took `terminal = "\\u001b]0;x\\u0007foot"` without a word."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import InvalidFileError
from stretchcli.files.config_file import parse
from stretchcli.text import character
from tests.conftest import Stretch

CONTROLS = [
    chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cc", "Zl", "Zp")
]


PLAIN = st.text(
    st.characters(exclude_categories=["Cc", "Cs"], exclude_characters='"\\'), max_size=5
)


@given(st.sampled_from(CONTROLS), PLAIN, PLAIN)
def test_a_control_character_in_the_terminal_command_is_refused(
    control: str, before: str, after: str
) -> None:
    text = f'terminal = "{before}\\u{ord(control):04x}{after}"\n'  # TOML escapes it
    with pytest.raises(InvalidFileError) as raised:
        parse(Path("config.toml"), text)
    assert [str(p) for p in raised.value.problems] == [
        "config.toml:1:1: terminal: expected a command on one line, without control characters"
    ]


@pytest.mark.parametrize("control", ["\x1b", "\n", "\u2028", "\x85"])
def test_the_file_and_the_command_line_refuse_the_same(
    stretch: Stretch, isolated: Path, control: str
) -> None:
    code, _, err = stretch("config", "terminal", f"foot{control}x")
    assert code == 2 and "a value must be one line of text with no control character" in err
    assert f"terminal: the value holds {character(control)} at character 5;" in err
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"terminal = {json.dumps(f'foot{control}x')}\n")
    code, _, err = stretch("config")
    assert code == 1
    assert err == (
        f"stretch: {config}:1:1: terminal: expected a command on one line, without control "
        "characters\n"
    )


@given(
    st.characters(categories=["Cc", "Zl", "Zp"]),
    st.text(st.characters(categories=["L", "N"]), max_size=8),
)
def test_a_value_with_any_control_character_names_it_and_where(control: str, before: str) -> None:
    from stretchcli.errors import UsageError
    from stretchcli.files.config import setting_named
    from stretchcli.files.config_edit import parse_value

    setting = setting_named("sync_folder")
    with pytest.raises(UsageError) as refused:
        parse_value(setting, f"/tmp/{before}{control}t")
    assert refused.value.message == (
        f"sync_folder: the value holds {character(control)} at character "
        f"{len(before) + 6}; a value must be one line of text with no control character"
    )
