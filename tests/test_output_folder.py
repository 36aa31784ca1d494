"""`-o` to a file in a folder where no file can be made (/proc, /sys, a read-only disk) says
so of the folder: before, `report -o /proc/version` said "cannot write /proc/version: No
such file or directory" of a file that is there."""

from __future__ import annotations

import os

import pytest

from tests.conftest import Stretch

WRITERS = [["report", "-o", "{}"], ["history", "export", "-o", "{}"]]


@pytest.mark.skipif(not os.path.isfile("/proc/version"), reason="no /proc")
@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
@pytest.mark.parametrize(
    ("path", "folder", "why"),
    [
        ("/proc/version", "/proc", "No such file or directory"),
        ("/proc/self/stretch.md", "/proc/self", "No such file or directory"),
    ],
)
def test_a_folder_where_no_file_can_be_made_is_named(
    stretch: Stretch, args: list[str], path: str, folder: str, why: str
) -> None:
    code, out, err = stretch(*[path if a == "{}" else a for a in args])
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot write {path}: no file can be made in {folder} ({why}) "
        "(give a file in another folder)\n"
    )
