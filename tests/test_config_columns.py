"""Every problem with config.toml is said as FILE:LINE:COLUMN with 1-based columns, as every
other file's problems are, whether `stretch config` reads the file or `stretch config KEY
VALUE` changes it: before, a key given twice was said at column 0 by the one and past its
value by the other, and any TOML the writer could not read at a column one too few."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.errors import InvalidFileError, StretchError
from stretchcli.files.config_edit import edit
from stretchcli.files.config_file import parse
from tests.conftest import Stretch


def config_file(isolated: Path, text: str) -> Path:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        ("remind = true\nremind = false\n", "2:1", "remind"),
        ("remind = true\n   remind=false\n", "2:4", "remind"),
        ('remind = true\n"remind" = false\n', "2:1", '"remind"'),
        ("[a]\nx = 1\n[a]\n", "3:2", "a"),
        ("[a]\nx = 1\n  x = 2\n", "3:3", "x"),
    ],
)
def test_a_key_given_twice_is_said_at_that_key_by_reading_and_by_writing(
    stretch: Stretch, isolated: Path, text: str, where: str, key: str
) -> None:
    path = config_file(isolated, text)
    said = f"stretch: {path}:{where}: invalid TOML: {key} is given twice (keep one of them)\n"
    assert stretch("config") == (1, "", said)
    assert stretch("config", "remind_every", "30m") == (1, "", said)
    assert path.read_text() == text  # nothing written


def test_toml_the_file_cannot_be_read_at_is_said_at_the_same_column_both_ways(
    stretch: Stretch, isolated: Path
) -> None:
    path = config_file(isolated, 'sound = true\n  name = "x\n')
    said = f"stretch: {path}:2:12: invalid TOML: Illegal character '\\n'"
    assert stretch("config").err == said + "\n"
    assert stretch("config", "sound", "false").err == said + " (fix config.toml by hand first)\n"


def test_a_file_cut_off_is_said_at_its_end(stretch: Stretch, isolated: Path) -> None:
    path = config_file(isolated, "sound = true\navoid = [1,")
    said = f"stretch: {path}:2:12: invalid TOML: Invalid value at the end of the file\n"
    assert stretch("config").err == said


WHERE = re.compile(r"config\.toml:(\d+):(\d+): ")
# TOML's own characters, a few letters and keys, and the ways a line ends or is indented
PIECES = st.sampled_from(
    [
        "remind",
        "sound",
        "a",
        "x",
        "=",
        " ",
        "  ",
        "\n",
        "[",
        "]",
        '"',
        "'",
        "1",
        "true",
        ",",
        "{",
        "}",
        ".",
        "#",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, max_size=30).map("".join))
def test_every_problem_is_at_a_place_in_the_file(isolated: Path, text: str) -> None:
    """Whatever the text, each problem's line is one of the file's, and its column one of
    that line's characters or just after its last, counted from 1; read or written."""
    path = config_file(isolated, text)
    lines = text.split("\n")
    said: list[str] = []
    try:
        parse(path, text)
    except InvalidFileError as exc:
        said += [str(problem) for problem in exc.problems]
    try:
        edit(os.environ, {"remind_every": "30m"})
    except StretchError as exc:
        said.append(exc.line())
    for line in said:
        found = WHERE.search(line)
        if found is None:
            continue  # a problem of the new value, not of a place in the file
        number, column = int(found[1]), int(found[2])
        assert 1 <= number <= len(lines), line
        assert 1 <= column <= len(lines[number - 1]) + 1, line
