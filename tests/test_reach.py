"""A path the user named that cannot be looked at is said for what it is: a loop of symlinks is
a link that leads back to itself, a link to nothing is one, and only a path that is not there
is "not there" (for the sync folder: "is its disk mounted?") (issue 23, class 5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import Machines

LOOP = "is a link that leads back to itself (a loop of symlinks)"
NOTHING = "is a link to nothing (what it names is not there)"


@pytest.fixture
def sync(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    return Machines(tmp_path / "machines", stretch, monkeypatch)


def make(path: Path, kind: str) -> None:
    """A path that cannot be looked at, of the `kind` asked for."""
    if kind == "loop":
        path.symlink_to(path.name)
    elif kind == "mutual loop":
        path.symlink_to(path.name + "-other")
        path.with_name(path.name + "-other").symlink_to(path.name)
    elif kind == "link to nothing":
        path.symlink_to(path.name + "-gone")


KINDS = {"loop": LOOP, "mutual loop": LOOP, "link to nothing": NOTHING, "missing": None}


@pytest.mark.parametrize("kind", KINDS)
def test_the_sync_folder_that_cannot_be_reached_says_why(sync: Machines, kind: str) -> None:
    sync.on("a")
    sync.folder.rmdir()
    make(sync.folder, kind)
    result = sync.run("a", "history", "sync", wall=NOW)
    why = KINDS[kind] or "is not there (is its disk mounted?)"
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: the sync folder {sync.folder} {why}; the history was not synced "
        '(another: stretch config sync_folder PATH; none: stretch config sync_folder "")\n'
    )


@pytest.mark.parametrize("kind", KINDS)
def test_validate_says_why_a_named_file_cannot_be_read(
    stretch: Stretch, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "routine.yaml"
    make(path, kind)
    code, out, err = stretch("validate", str(path))
    assert code != 0
    assert f"{path}:1:1: {KINDS[kind] or 'no such file or folder'}" in out + err


@pytest.mark.skipif(os.geteuid() == 0, reason="root looks in every folder")
def test_a_folder_it_may_not_look_in_is_said_as_the_system_says(
    sync: Machines, tmp_path: Path
) -> None:
    sync.on("a")
    closed = sync.folder.parent
    closed.chmod(0)
    try:
        result = sync.run("a", "history", "sync", wall=NOW)
    finally:
        closed.chmod(0o755)
    assert "cannot be looked at: Permission denied" in result.err


@pytest.mark.parametrize("kind", ["loop", "mutual loop", "link to nothing"])
def test_a_link_that_reaches_no_file_is_said_as_such_wherever_it_is_read(
    stretch: Stretch, tmp_path: Path, kind: str
) -> None:
    # In a folder validated, or a plan adopted, as for a file named to `validate`.
    folder = tmp_path / "routines"
    folder.mkdir()
    path = folder / "routine.yaml"
    make(path, kind)
    hint = "(point the link at a file, or remove it)"
    code, out, err = stretch("validate", str(folder))
    assert code == 1
    assert f"{path}:1:1: {KINDS[kind]} {hint}\n" in out + err
    assert stretch("plan", "use", str(path)) == (
        1,
        "",
        f"stretch: {path}:1:1: {KINDS[kind]} {hint}\n",
    )
