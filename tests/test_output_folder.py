"""`-o` to a file in a folder where no file can be made (/proc, /sys, a read-only disk) says
so of the folder: before, `report -o /proc/version` said "cannot write /proc/version: No
such file or directory" of a file that is there."""

from __future__ import annotations

import os

import pytest

from tests.conftest import Stretch

# Each writer with a name it takes; /proc/version is a file that is there (`report` takes
# any name with --format; the others only their format's suffix, checked in test_output.py).
WRITERS = [
    ["report", "--format", "md", "-o", "{}"],
    ["report", "-o", "{}.md"],
    ["history", "export", "-o", "{}.jsonl"],
]


@pytest.mark.skipif(not os.path.isfile("/proc/version"), reason="no /proc")
@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
@pytest.mark.parametrize(
    ("path", "folder", "why"),
    [
        ("/proc/version", "/proc", "No such file or directory"),
        ("/proc/self/stretch", "/proc/self", "No such file or directory"),
    ],
)
def test_a_folder_where_no_file_can_be_made_is_named(
    stretch: Stretch, args: list[str], path: str, folder: str, why: str
) -> None:
    if path == "/proc/version" and "--format" not in args:
        pytest.skip("a name without the format's suffix is refused before it is written")
    args = [a.replace("{}", path) for a in args]
    path = args[-1]
    code, out, err = stretch(*args)
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot write {path}: no file can be made in {folder} ({why}) "
        "(give a file in another folder)\n"
    )
