"""A setting's value of only spaces, or a `terminal` whose first word is no program's name
(`10:30; 10:31`, meant for remind_at), is refused in one line naming the key and the form
it takes (attack 11, A12); the config file is held to the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import InvalidFileError
from stretchcli.files.config import BY_NAME, TEXT_KINDS, check_value
from stretchcli.files.config_file import parse
from tests.conftest import Stretch

TERMINAL_ABOUT = (
    "(command that opens a terminal running a program, e.g. 'foot' or 'kitty', for the "
    "notification's Start button (empty: no Start button))"
)


def test_remind_at_of_only_spaces_is_refused(stretch: Stretch, isolated: Path) -> None:
    assert stretch("config", "remind_at", "  ") == (
        2,
        "",
        "stretch: remind_at: blank: only spaces; give \"\" for none, not '  ' (fixed times of "
        "day to remind at too, like 10:30, 15:00)\n",
    )
    assert not (isolated / "config" / "config.toml").exists()


def test_a_terminal_that_is_no_program_is_refused(stretch: Stretch, isolated: Path) -> None:
    assert stretch("config", "terminal", "10:30; 10:31") == (
        2,
        "",
        "stretch: terminal: expected a command that opens a terminal, like kitty or foot; "
        "'10:30;' is no program's name (the command is run as it is, without a shell), not "
        f"'10:30; 10:31' {TERMINAL_ABOUT}\n",
    )
    assert not (isolated / "config" / "config.toml").exists()


@pytest.mark.parametrize("command", ["kitty", "foot -e", "/usr/bin/xterm -e", "wt.exe", ""])
def test_a_terminal_command_is_taken(stretch: Stretch, command: str) -> None:
    assert stretch("config", "terminal", command).code == 0


def test_the_config_file_refuses_the_same() -> None:
    with pytest.raises(InvalidFileError) as raised:
        parse(Path("config.toml"), 'remind_at = "   "\nterminal = "10:30"\n')
    assert [str(p) for p in raised.value.problems] == [
        'config.toml:1:1: remind_at: blank: only spaces; give "" for none',
        "config.toml:2:1: terminal: expected a command that opens a terminal, like kitty or "
        "foot; '10:30' is no program's name (the command is run as it is, without a shell)",
    ]


TEXT_SETTINGS = sorted(s.name for s in BY_NAME.values() if s.kind in TEXT_KINDS)


@given(name=st.sampled_from(TEXT_SETTINGS), spaces=st.text(" \u3000\u00a0", min_size=1))
def test_only_white_space_is_refused_for_every_text_setting(name: str, spaces: str) -> None:
    assert check_value(BY_NAME[name], spaces) is not None


@given(word=st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1))
def test_a_first_word_without_a_letter_or_with_a_shell_sign_is_no_program(word: str) -> None:
    value = f"'{word}' -e" if "'" not in word else f'"{word}" -e'
    if '"' in word and "'" in word:
        return
    why = check_value(BY_NAME["terminal"], value)
    named = any(c.isalpha() for c in word) and not set(";|&<>$`()") & set(word)
    if word.strip() and not named:
        assert why is not None
        assert ("so $ is not read" if "$" in word else "is no program's name") in why


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("$HOME/bin/kitty", "$HOME/bin/kitty"),
        ("$HOME/bin/kitty -e", "$HOME/bin/kitty"),
        ("kitty -d $HOME", "$HOME"),  # in any word (verify 27, NEW-7)
        ("foot --title 'a $x b'", "a $x b"),
        ("kitty -d ${HOME}/work", "${HOME}/work"),
    ],
)
def test_a_terminal_with_a_variable_says_once_that_no_shell_reads_it(
    stretch: Stretch, isolated: Path, value: str, word: str
) -> None:
    """Verify 26, N12: the refusal said the value twice, its own way and the setting's; it
    says what to do, so the setting's help is not joined after it (verify 27, N12). Nothing
    is written."""
    code, out, err = stretch("config", "terminal", value)
    assert (code, out) == (2, "")
    assert err == (
        "stretch: terminal: no shell runs it, so $ is not read: give the full path (or ~/...), "
        f"not '{word}'\n"
    )
    assert not (isolated / "config" / "config.toml").exists()
