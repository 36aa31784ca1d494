"""Every problem of a config file is said at the line where its setting is written, however
the key is written (bare, quoted, a [table] or [[array]] header, a dotted key): before,
`foo = 1` then `[table]` on line 2 were both said at config.toml:1:1 (attack 4, D13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import InvalidFileError
from stretchcli.files.config import BY_NAME
from stretchcli.files.config_file import parse
from tests.conftest import Stretch

PATH = Path("config.toml")

KEYS = st.text("abcxyz_-0189", min_size=1, max_size=8).filter(lambda key: key not in BY_NAME)
# How a top-level key is written, before the first table (these take a value)...
VALUES = [
    lambda key: f"{key} = 1",
    lambda key: f"  {key}=1",
    lambda key: f"{json.dumps(key)} = 1",
    lambda key: f"'{key}' = 1",
    lambda key: f"{key}.inner = 1",
    lambda key: f"{json.dumps(key)} . inner = 1",
    lambda key: f"{key} = {{ a = 1 }}",
]
# ...and as a table (after them).
TABLES = [
    lambda key: f"[{key}]",
    lambda key: f"[ {json.dumps(key)} ]",
    lambda key: f"[[{key}]]",
    lambda key: f"[{key}.inner]",
]
FILLER = st.sampled_from(["", "# sound = 1", "   ", "# [table]"])


def problem_lines(text: str) -> dict[str, int]:
    with pytest.raises(InvalidFileError) as raised:
        parse(PATH, text)
    found = {}
    for problem in raised.value.problems:
        key = problem.message.removeprefix("unknown setting ").strip("'")
        found[key] = problem.line
    return found


def test_a_setting_then_a_table_are_said_at_their_own_lines(
    stretch: Stretch, isolated: Path
) -> None:
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("foo = 1\n[table]\nsound = 1\n")
    code, _, err = stretch("config")
    assert code == 1
    assert err.splitlines()[0].startswith(f"stretch: {config}:1:1: unknown setting 'foo' (")
    assert err.splitlines()[1].startswith(f"stretch: {config}:2:2: unknown setting 'table' (")


@given(
    st.lists(
        st.tuples(KEYS, st.booleans(), st.integers(0, 6), st.integers(0, 3), FILLER),
        min_size=1,
        max_size=6,
        unique_by=lambda entry: entry[0],
    )
)
def test_each_unknown_setting_is_said_at_its_line(
    entries: list[tuple[str, bool, int, int, str]],
) -> None:
    values = [(key, VALUES[v](key), filler) for key, table, v, _, filler in entries if not table]
    tables = [(key, TABLES[t](key), filler) for key, table, _, t, filler in entries if table]
    lines: list[str] = []
    where: dict[str, int] = {}
    for key, written, filler in values + tables:
        lines.append(filler)
        lines.append(written)
        where[key] = len(lines)
        if written.startswith("["):
            lines.append("sound = true")  # in the table: not a top-level setting
    assert problem_lines("\n".join(lines) + "\n") == where


def test_a_line_separator_inside_a_string_is_not_a_line_end() -> None:
    # U+2028 (in a comment) is a line end to str.splitlines, not to TOML
    text = "# a\u2028b\n\nfoo = 1\n"
    assert problem_lines(text) == {"foo": 3}
