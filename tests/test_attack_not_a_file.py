"""Something other than a file where the history database goes (a fifo, /dev/zero through a
symlink, a folder) is named for what it is, with what to do, at once: never "the disk may be
full or failing" (attack 4, D9), never a wait on the fifo."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Stretch


def fifo(path: Path) -> None:
    os.mkfifo(path)


def dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def folder(path: Path) -> None:
    path.mkdir()


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (fifo, "a fifo"),
    "/dev/zero": (dev_zero, "a device"),
    "folder": (folder, "a folder"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs fifos")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "args",
    [["history"], ["history", "--json"], ["report"], ["history", "export"], ["again"]],
    ids=" ".join,
)
def test_what_is_there_instead_of_the_database_is_named(
    stretch: Stretch, isolated: Path, kind: str, args: list[str]
) -> None:
    make, what = KINDS[kind]
    (isolated / "state").mkdir(parents=True)
    database = isolated / "state" / "history.sqlite3"
    make(database)
    code, out, err = stretch(*args)
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot use the history database {database}: it is {what}, not a file "
        "(move it away, and a new history is started; or set STRETCH_STATE_DIR)\n"
    )
    assert os.path.lexists(database)  # left where it is
