"""`-o` slips said in one line (attack 11, A12): a name that is only the suffix (`.md`,
` .md`), a name whose space at its end would not show, and a unix socket."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import UsageError
from stretchcli.files.suffixes import check_suffix, only_a_suffix, quoted
from tests.conftest import Stretch


@pytest.mark.parametrize(
    ("name", "said", "suffix"),
    [(".md", ".md", "md"), (" .md", "' .md'", "md"), (".HTML", ".HTML", "html")],
)
def test_a_report_named_only_by_its_suffix_is_a_slip(
    stretch: Stretch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    said: str,
    suffix: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert stretch("report", "-o", name) == (
        2,
        "",
        f"stretch: -o: {said} is only a suffix, with no name before it (a slip?) "
        f"(name the file before its suffix, e.g. -o stretch.{suffix})\n",
    )
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("flag", "name"), [("export", ".jsonl"), ("export", " .ndjson")])
def test_an_export_named_only_by_its_suffix_is_a_slip(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = stretch("history", flag, "-o", name)
    assert result.code == 2 and "is only a suffix, with no name before it (a slip?)" in result.err
    assert os.listdir(tmp_path) == []


def test_a_space_at_the_end_of_the_name_is_shown(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert stretch("report", "-o", "x.md ") == (
        2,
        "",
        "stretch: -o: cannot tell the report's format from 'x.md ' (name a file ending in "
        ".html, .md, .csv, .json, or give --format)\n",
    )


def test_a_socket_is_said_as_other_special_files_are(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a socket's whole path must be short: bound by its name
    server = socket.socket(socket.AF_UNIX)
    server.bind("sock.md")
    try:
        assert stretch("report", "-o", "sock.md") == (
            1,
            "",
            "stretch: cannot write sock.md: it is a socket, not a file "
            "(give another name, or - for standard output)\n",
        )
    finally:
        server.close()


@given(spaces=st.text(" \t", max_size=3), suffix=st.sampled_from(["md", "html", "csv", "json"]))
def test_any_name_that_is_only_a_suffix_is_refused(spaces: str, suffix: str) -> None:
    with pytest.raises(UsageError):
        only_a_suffix(Path(f"{spaces}.{suffix}"), "-o")
    only_a_suffix(Path(f"{spaces}r.{suffix}"), "-o")  # a name: taken
    with pytest.raises(UsageError):
        check_suffix(Path(f"{spaces}.svg"), "--svg", ("svg",), "an SVG picture")


@given(name=st.text(min_size=1, max_size=12))
def test_a_quoted_name_shows_its_edges(name: str) -> None:
    said = quoted(name)
    if name != name.strip() or not name.isprintable():
        assert said == repr(name) and said.isprintable()
    else:
        assert said == name
