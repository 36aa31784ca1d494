"""Only the argument `-` itself is standard input (or output): `./-`, and any other spelling
of the file named `-`, is that file, and is said so by its full path, never as a bare `-`."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.cli import main
from stretchcli.cli.params import file_name
from stretchcli.env import Environment
from tests.conftest import Stretch
from tests.test_history import NOON

HEADER = '{"format": "stretch-history", "version": 1}\n'


def import_with_stdin(name: str, stdin: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(io.StringIO(stdin), out, err, os.environ, wall_clock=lambda: NOON)
    code = main(["history", "import", name], env)
    return code, out.getvalue(), err.getvalue()


def test_import_of_dot_slash_dash_reads_the_file_not_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text(HEADER, encoding="utf-8")
    assert import_with_stdin("./-", "") == (0, "imported 0 sessions; 0 already there\n", "")
    # `-` itself is still standard input (here: empty, so refused).
    code, _, err = import_with_stdin("-", "")
    assert (code, err.splitlines()[0]) == (1, "stretch: <stdin>:1: the file is empty")


def test_a_file_named_dash_is_said_by_its_full_path(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = stretch("report", "--format", "md", "-o", "./-")
    assert report.code == 0, report.err
    assert report.out == ""
    assert report.err == f"stretch: report written to {tmp_path / '-'}\n"
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("#")
    export = stretch("history", "export", "-o", "./-")
    assert export.code == 2
    assert export.err.startswith(f"stretch: -o: {tmp_path / '-'} is not a .jsonl")


@given(st.lists(st.sampled_from([".", "", "./"]), min_size=0, max_size=4))
def test_no_spelling_but_dash_itself_is_taken_for_standard_input(
    parts: list[str],
) -> None:
    """Whatever way a FILE argument names something, it is the word `-` only when it is
    exactly `-`: the file named `-` is given as a path that cannot be taken for it."""
    text = "/".join([*parts, "-"])
    if text == "-":
        return
    assert str(file_name(text)) != "-"
    assert file_name(text).name == "-"


def test_every_message_names_a_file_called_dash_by_its_full_path(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack 14, H4: `report -o ./-` (no --format) and `validate ./-` said a bare `-`."""
    monkeypatch.chdir(tmp_path)
    full = tmp_path / "-"
    report = stretch("report", "-o", "./-")
    assert (report.code, report.err) == (
        2,
        f"stretch: -o: cannot tell the report's format from {full} (name a file ending in "
        ".html, .md, .csv, .json, or give --format)\n",
    )
    full.write_text("{}\n", encoding="utf-8")
    checked = stretch("validate", "./-")
    assert checked.code == 1
    assert checked.out.startswith(f"{full}:1:1: file name '-' is not a valid id")


def test_a_name_ending_with_a_slash_where_nothing_is_is_not_called_a_folder(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = stretch("report", "-o", "r.md/")
    assert (result.code, result.err) == (
        2,
        "stretch: -o: r.md/ ends with /, as a folder's name does (give a file name, without "
        "the / at its end)\n",
    )
    (tmp_path / "r.md").mkdir()
    assert stretch("report", "-o", "r.md/").err == (
        "stretch: -o: r.md/ is a folder (give a file name in it)\n"
    )


def test_validate_of_a_bare_dash_names_the_file_by_its_full_path(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 16, R14: validate reads no standard input, so `-` is the file of that name;
    it was read, and said as a bare `-`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("{}\n", encoding="utf-8")
    checked = stretch("validate", "-")
    assert checked.code == 1
    assert checked.out.startswith(f"{tmp_path / '-'}:1:1: file name '-' is not a valid id")
