"""Messages on stderr: one line for pipes and logs; at a terminal, wrapped at words under
their text, so that no word breaks at the terminal's edge (physiotherapist review: "pain
fro / m 0 to 2/10")."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.env import PREFIX, Environment
from tests.fakes import TerminalOutput

WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/().,:-", min_size=1, max_size=30),
    min_size=1,
    max_size=40,
)


def _said(words: list[str] | str, width: int, stderr: io.StringIO) -> str:
    env = Environment(io.StringIO(), io.StringIO(), stderr, {"COLUMNS": str(width)})
    env.note(words if isinstance(words, str) else " ".join(words))
    return stderr.getvalue()


@given(WORDS, st.integers(20, 200))
def test_at_a_terminal_a_note_wraps_at_words_under_its_text(words: list[str], width: int) -> None:
    said = _said(words, width, TerminalOutput())
    lines = said.splitlines()
    assert said.endswith("\n")
    assert lines[0].startswith(PREFIX.strip())
    for line in lines[1:]:
        assert line.startswith(" " * len(PREFIX)), line
    # No word is broken: the words come back whole, in order; a line is longer than the
    # width only where one word alone is.
    assert " ".join(line.strip() for line in lines) == PREFIX + " ".join(words)
    for line in lines:
        assert len(line) <= width or " " not in line.strip(), line


@given(WORDS, st.integers(20, 200))
def test_in_a_pipe_a_note_is_one_line(words: list[str], width: int) -> None:
    assert _said(words, width, io.StringIO()) == PREFIX + " ".join(words) + "\n"


def test_the_reviewers_line_at_100_columns() -> None:
    said = _said(
        "This week: Chin tuck, 5 reps, down from 8. The last session with it was rated red "
        "(pain from 0 to 6/10): easier until it settles.",
        100,
        TerminalOutput(),
    )
    assert said == (
        "stretch: This week: Chin tuck, 5 reps, down from 8. The last session with it was rated "
        "red (pain\n"
        "         from 0 to 6/10): easier until it settles.\n"
    )
