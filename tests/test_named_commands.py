"""Every command a message names (`stretch ...` in backquotes, in any text of the source)
is one that exists: advice that names a command nobody can run is a dead end (review 21, F9:
`stretch remind status`, for when reminders come, exited 2)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, Stretch

# The words after `stretch` up to the first option, placeholder or other punctuation.
NAMED = re.compile(r"`stretch ((?:[a-z][a-z0-9-]* ?)+)")


def _named() -> list[str]:
    """The commands named in the source's strings (as Python joins them: a name may run
    across two literals of one string)."""
    found: set[str] = set()
    for path in (REPO / "src" / "stretchcli").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, joined
                text = "".join(
                    str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values
                )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = str(node.value)
            else:
                continue
            found.update(words.strip() for words in NAMED.findall(text))
    return sorted(found)


def test_the_source_names_commands() -> None:
    assert len(_named()) > 20


@pytest.mark.parametrize("words", _named())
def test_a_command_a_message_names_exists(stretch: Stretch, words: str, tmp_path: Path) -> None:
    """Its words and --help: typer answers --help for a command and its arguments (a
    routine, a file), and refuses a command that does not exist."""
    result = stretch(*words.split(), "--help")
    assert result.code == 0, (words, result.err)
