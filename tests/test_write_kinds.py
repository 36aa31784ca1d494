"""Every file stretch writes in place of the person's (a plan, a routine from `new`, the
config, its own state files) is written through a symlink, and anything else that is not a
file there (a folder, a fifo, a socket, a link that leads round in a loop) is refused in one
line with nothing changed: never renamed over, never kept as "the plan before"."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from stretchcli.errors import StretchError
from stretchcli.files import atomic
from tests.conftest import Stretch
from tests.test_plan_file import PHYSIO


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("kept\n")


def _socket(path: Path) -> None:
    made = socket.socket(socket.AF_UNIX)
    made.bind(str(path))
    made.close()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


NOT_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "a fifo"),
    "folder": (_folder, "a folder"),
    "socket": (_socket, "a socket"),
    "loop": (_loop, "a symlink that leads nowhere"),
}


def _kind(path: Path) -> int:
    return stat.S_IFMT(os.lstat(path).st_mode)


@pytest.mark.parametrize("what", NOT_FILES)
def test_what_is_not_a_file_is_refused_and_left_as_it_is(tmp_path: Path, what: str) -> None:
    make, said = NOT_FILES[what]
    path = tmp_path / "short.sock" if what == "socket" else tmp_path / "plan.yaml"
    make(path)
    before = _kind(path)
    with pytest.raises(StretchError) as caught:
        atomic.write_text(path, "new\n")
    assert str(caught.value) == f"cannot write {path}: it is {said}, not a file"
    assert caught.value.hint == "move it aside, then try again; nothing was written"
    assert _kind(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left


@pytest.mark.parametrize("chain", [1, 3])
def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path, chain: int) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "plan.yaml"
    real.write_text("old\n")
    real.chmod(0o640)
    link = real
    for n in range(chain):
        nxt = tmp_path / f"link{n}.yaml"
        nxt.symlink_to(link)
        link = nxt
    atomic.write_text(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.fixture
def physio(tmp_path: Path) -> Path:
    path = tmp_path / "physio.yaml"
    path.write_text(PHYSIO, encoding="utf-8")
    return path


@pytest.mark.parametrize("what", ["fifo", "folder"])
@pytest.mark.parametrize("where", ["plan.yaml", "plan.previous.yaml"])
def test_plan_use_refuses_a_plan_that_is_not_a_file(
    stretch: Stretch, physio: Path, isolated: Path, what: str, where: str
) -> None:
    config = isolated / "config"
    config.mkdir(parents=True, exist_ok=True)
    if where == "plan.previous.yaml":
        assert stretch("plan", "use", str(physio)).code == 0
    make, said = NOT_FILES[what]
    make(config / where)
    before = {p.name: _kind(p) for p in config.iterdir()}
    result = stretch("plan", "use", str(physio))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: {config / where}: it is {said}, not a plan file "
        "(move it aside, then try again; nothing was changed)\n"
    )
    assert {p.name: _kind(p) for p in config.iterdir()} == before


def test_plan_use_writes_through_a_linked_plan_and_keeps_the_old_one(
    stretch: Stretch, physio: Path, isolated: Path, tmp_path: Path
) -> None:
    config = isolated / "config"
    config.mkdir(parents=True, exist_ok=True)
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "plan.yaml").write_text("rotation: [desk-break, mid-back]\n")
    (config / "plan.yaml").symlink_to(dotfiles / "plan.yaml")
    assert stretch("plan", "use", str(physio)).code == 0
    assert (config / "plan.yaml").is_symlink()
    assert (dotfiles / "plan.yaml").read_text() == PHYSIO
    previous = config / "plan.previous.yaml"
    assert not previous.is_symlink()
    assert previous.read_text() == "rotation: [desk-break, mid-back]\n"


def test_plan_use_refuses_a_kept_plan_that_is_a_link_to_nothing(
    stretch: Stretch, physio: Path, isolated: Path, tmp_path: Path
) -> None:
    """plan.previous.yaml a link to nothing (a dotfiles disk not mounted): the copy of the
    plan before was made at the link's end, outside the config folder (attack 16, H3), where
    every other file of stretch's refuses such a link."""
    config = isolated / "config"
    config.mkdir(parents=True, exist_ok=True)
    assert stretch("plan", "use", str(physio)).code == 0
    nowhere = tmp_path / "unmounted" / "plan.previous.yaml"
    (config / "plan.previous.yaml").symlink_to(nowhere)
    before = (config / "plan.yaml").read_bytes()
    result = stretch("plan", "use", str(physio))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: cannot keep the current plan file as {config / 'plan.previous.yaml'}: it "
        "is a link to nothing (what it names is not there) (point the link at a file, or "
        "remove it; nothing was changed)\n"
    )
    assert (config / "plan.yaml").read_bytes() == before
    assert not nowhere.parent.exists()


def test_new_force_writes_through_a_link_and_refuses_a_fifo(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    routines = isolated / "config" / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    precious = tmp_path / "precious.yaml"
    precious.write_text("precious\n")
    (routines / "other.yaml").symlink_to(precious)
    assert stretch("new", "other", "--force").code == 0
    assert (routines / "other.yaml").is_symlink()
    assert precious.read_text().startswith("# Other: a routine for stretch.\n")
    os.mkfifo(routines / "mine.yaml")
    result = stretch("new", "mine", "--force")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: cannot write {routines / 'mine.yaml'}: it is a fifo, not a file "
        "(move it aside, then try again; nothing was written)\n"
    )
    assert stat.S_ISFIFO(os.lstat(routines / "mine.yaml").st_mode)


def test_a_link_to_nothing_is_refused_and_no_folder_is_made_for_it(tmp_path: Path) -> None:
    """A dotfiles link to a disk that is not mounted: writing through it would make the
    disk's folders on the mount point (hiding the disk's own when it is mounted)."""
    link = tmp_path / "plan.yaml"
    link.symlink_to(tmp_path / "unmounted" / "disk" / "plan.yaml")
    with pytest.raises(StretchError) as caught:
        atomic.write_text(link, "new\n")
    assert str(caught.value) == (
        f"cannot write {link}: it is a link to nothing (what it names is not there)"
    )
    assert caught.value.hint == "point the link at a file, or remove it; nothing was written"
    assert not (tmp_path / "unmounted").exists() and link.is_symlink()


def test_a_config_link_to_nothing_is_said_reading_and_writing(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    config = isolated / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").symlink_to(tmp_path / "unmounted" / "config.toml")
    gone = "is a link to nothing (what it names is not there)"
    read = stretch("config", "weekly_goal")
    assert (read.code, read.out) == (1, "")
    assert read.err == (
        f"stretch: {config / 'config.toml'}:1:1: it {gone} (mount the disk it is on, point the "
        "link at a file, or remove it)\n"
    )
    written = stretch("config", "weekly_goal", "3")
    assert (written.code, written.out) == (1, "")
    assert written.err == (
        f"stretch: cannot write {config / 'config.toml'}: it {gone} (point the link at a "
        "file, or remove it; nothing was written)\n"
    )
    assert not (tmp_path / "unmounted").exists()


def test_a_config_folder_that_is_a_link_to_nothing_is_said_by_config_and_plan(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole config folder in a dotfiles folder on a disk not mounted: settings (and an
    `avoid` told by a clinician), the plan and the person's routines are not "none"."""
    link = tmp_path / "cfglink"
    link.symlink_to(tmp_path / "unmounted" / "stretch")
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(link))
    gone = f"{link} is a link to nothing (what it names is not there)"
    read = stretch("config", "avoid")
    assert (read.code, read.out) == (1, "")
    assert read.err == (
        f"stretch: {link / 'config.toml'}:1:1: {gone} (mount the disk it is on, point the "
        "link at a file, or remove it)\n"
    )
    plan = stretch("plan")
    assert (plan.code, plan.out) == (1, "")
    assert f"stretch: {link / 'plan.yaml'}:1:1: {gone} (" in plan.err  # (after the config's)
    assert not (tmp_path / "unmounted").exists()


@pytest.mark.skipif(not os.path.exists("/proc/self/fd"), reason="descriptors named in /proc")
def test_a_link_to_a_pipe_is_said_as_one_not_as_there(tmp_path: Path) -> None:
    # A link to /dev/stdout while stdout is a pipe: its end has no name on disk. It said "it
    # is there" (attack 10, N9); it is said as what it leads to.
    read, write = os.pipe()
    target = tmp_path / "plan.yaml"
    target.symlink_to(f"/proc/self/fd/{write}")
    try:
        with pytest.raises(StretchError) as caught:
            atomic.write_text(target, "days: {mon: upper-back}\n")
    finally:
        os.close(read)
        os.close(write)
    assert caught.value.message == f"cannot write {target}: it is a link to a fifo, not a file"
    assert caught.value.hint == "point the link at a file, or remove it; nothing was written"
    assert target.is_symlink()


@pytest.mark.skipif(not os.path.exists("/proc/self/fd"), reason="descriptors named in /proc")
@pytest.mark.parametrize("name", ["plan.yaml", "config.toml"])
def test_each_writer_says_a_link_to_a_pipe_as_one(
    stretch: Stretch, isolated: Path, tmp_path: Path, name: str
) -> None:
    config = isolated / "config"
    config.mkdir(parents=True, exist_ok=True)
    plan = tmp_path / "physio.yaml"
    plan.write_text(PHYSIO, encoding="utf-8")
    args = ("plan", "use", str(plan)) if name == "plan.yaml" else ("config", "weekly_goal", "3")
    read, write = os.pipe()
    (config / name).symlink_to(f"/proc/self/fd/{write}")
    try:
        result = stretch(*args)
    finally:
        os.close(read)
        os.close(write)
    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines()[-1] == (
        f"stretch: cannot write {config / name}: it is a link to a fifo, not a file (point "
        "the link at a file, or remove it; nothing was written)"
    )
