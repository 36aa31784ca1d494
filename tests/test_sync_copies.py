"""Conflict copies as OneDrive and iCloud Drive name them are merged like the others', and a
file in the sync folder named like the sync's that is not read is said, never left out without
a word (attack 11, A7)."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.sync import _listing
from stretchcli.history.sync_files import PREFIX, SUFFIX, owner, unread, unread_in
from stretchcli.text import one_line
from tests.fakes import NOW
from tests.test_sync import Machines, machines, record  # noqa: F401 - a fixture


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
        said = {name for name, _ in unread_in(folder)}
        assert read | said == made and not read & said
        shown = "".join(one_line(name) for name in said)
        assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in shown)


@given(middle=st.text(max_size=40))
def test_a_name_is_a_machine_s_or_said(middle: str) -> None:
    name = f"{PREFIX}{middle}{SUFFIX}"
    assert (owner(name) is None) == (unread([name]) == [name])


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda path: os.mkfifo(path), "it is a fifo, not a file"),
        (lambda path: path.mkdir(), "it is a folder, not a file"),
        (lambda path: path.symlink_to(path.parent / "gone"), "it is a link to nothing"),
        (
            lambda path: path.symlink_to("/dev/null"),
            "it is a device or another special file, not a file",
        ),
    ],
)
def test_a_machine_s_file_that_is_no_file_is_said_and_never_opened(
    machines: Machines,  # noqa: F811
    make: Callable[[Path], object],
    why: str,
) -> None:
    """Attack 20, A8: a machine's file that was a fifo, a folder or a link to nothing (a
    sync tool's placeholder) was left out without a word: its sessions never came."""
    name = "stretch-history-a-11111111.jsonl"
    make(machines.folder / name)
    result = machines.run("b", "history", "sync", wall=NOW)  # a fifo opened would hang here
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        f"not read: {name}: {why}; its sessions are not merged until it is a file"
    )
