"""Conflict copies as OneDrive and iCloud Drive name them are merged like the others', and a
file in the sync folder named like the sync's that is not read is said, never left out without
a word (attack 11, A7)."""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.sync import _listing
from stretchcli.history.sync_files import PREFIX, SUFFIX, is_copy, owner, unread, unread_in
from stretchcli.text import one_line
from tests.fakes import NOW
from tests.test_sync import Machines, machines, record  # noqa: F401 - a fixture

NEW_COPIES = [
    "{name}-DESKTOP-9H2JK3L.jsonl",  # OneDrive's "keep both": the computer's name
    "{name}-hilap.jsonl",  # the Linux OneDrive client: the host's name
    "{name}-hilap-safeBackup-0001.jsonl",  # ... and its newer form
    "{name} 2.jsonl",  # iCloud Drive
    "{name} (1).jsonl",  # Google Drive, OneDrive on the web
    "{name} 2 (1).jsonl",  # a copy of a copy
    "{name} (DESKTOP-9H2JK3L).jsonl",  # onedrived: the machine's name in brackets
]


@pytest.mark.parametrize("pattern", NEW_COPIES)
def test_a_onedrive_or_icloud_copy_is_merged_not_lost(
    machines: Machines,  # noqa: F811
    pattern: str,
) -> None:
    machines.session("a", NOW - timedelta(hours=3))
    machines.run("a", "history", wall=NOW)
    own = machines.file_of("a")
    copy = machines.folder / pattern.format(name=own.name.removesuffix(".jsonl"))
    only_in_copy = "c" * 32
    copy.write_text(own.read_text() + record(only_in_copy, NOW - timedelta(hours=2)))
    assert is_copy(copy.name) and owner(copy.name) == owner(own.name)
    assert only_in_copy in machines.uids("b")
    shown = machines.run("b", "history", "sync", wall=NOW).out
    assert f"(a sync tool's conflict copy: {copy.name})" in shown
    assert "not read" not in shown


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("stretch-history-laptop.jsonl", "stretch-history-laptop.jsonl"),
        ("stretch-history-vm-0123abcd [1].jsonl", "stretch-history-vm-0123abcd [1].jsonl"),
        ("stretch-history-\x1b[31mred\x07.jsonl", "stretch-history-\\x1b[31mred\\x07.jsonl"),
        ("stretch-history-vm-0123abcd\n.jsonl", "stretch-history-vm-0123abcd\\n.jsonl"),
    ],
)
def test_a_file_named_like_the_sync_s_but_not_read_is_said(
    machines: Machines,  # noqa: F811
    name: str,
    shown: str,
) -> None:
    (machines.folder / name).write_text("{}\n")
    result = machines.run("b", "history", "sync", wall=NOW)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        f"not read: {shown}: not a machine's file name; if a sync tool made it from one, "
        "take its sessions with `stretch history import` on it, then delete it"
    )
    assert "\x1b" not in result.out and "\x07" not in result.out


NAMES = st.text(st.characters(blacklist_characters="/\0", codec="utf-8"), max_size=30).map(
    lambda middle: f"{PREFIX}{middle}{SUFFIX}"
)


@given(names=st.lists(NAMES, max_size=6, unique=True))
def test_every_file_named_like_the_sync_s_is_read_or_said(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        made = set()
        for name in names:
            try:
                (Path(folder) / name).write_text("")
            except OSError:
                continue  # a name this file system refuses (too long)
            made.add(name)
        read = {name for name, *_ in _listing(Path(folder))}
        said = set(unread_in(folder))
        assert read | said == made and not read & said
        shown = "".join(one_line(name) for name in said)
        assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in shown)


@given(middle=st.text(max_size=40))
def test_a_name_is_a_machine_s_or_said(middle: str) -> None:
    name = f"{PREFIX}{middle}{SUFFIX}"
    assert (owner(name) is None) == (unread([name]) == [name])
