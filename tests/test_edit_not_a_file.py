"""`stretch edit` where the editor leaves something other than a file in the copy's place (a
FIFO, a device, a socket, a folder, a symbolic link): it is never opened nor waited on; one
line says what was left, and nothing is lost: a copy of a built-in routine is removed (the
built-in one stands), the person's own file is put back as it was. Before, a FIFO left by a
failing editor hung `edit` for ever, a link to /dev/zero read it until memory ran out, and
a FIFO left by one that succeeded stayed there, in place of the routine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUILTIN

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")

# An editor that puts KIND where the file was, and exits with CODE.
EDITOR = """import os, socket, sys
path, kind = sys.argv[1], os.environ["KIND"]
os.unlink(path)
if kind == "fifo":
    os.mkfifo(path)
elif kind == "device":
    os.symlink("/dev/zero", path)
elif kind == "socket":  # bound by its name in its folder: a socket's whole path is short
    os.chdir(os.path.dirname(path))
    socket.socket(socket.AF_UNIX).bind(os.path.basename(path))
elif kind == "folder":
    os.mkdir(path)
elif kind == "link":
    os.symlink(os.environ["ELSEWHERE"], path)
elif kind == "nowhere":
    os.symlink(path + ".gone", path)
sys.exit(int(os.environ["CODE"]))
"""
SAID = {
    "fifo": "a FIFO",
    "device": "a device",
    "socket": "a socket",
    "folder": "a folder",
    "link": "a symbolic link",
    "nowhere": "a symbolic link that leads nowhere",
}
# Where there was no link, any link is refused as one, wherever it leads.
UNLINKED = {**SAID, "device": "a symbolic link", "nowhere": "a symbolic link"}
OWN = (BUILTIN / "desk-break.yaml").read_text()  # a routine that checks out


def edit(tmp_path: Path, name: str, kind: str, code: int) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(OWN)
    env = {
        **os.environ,
        "EDITOR": f"{sys.executable} {script}",
        "VISUAL": "",
        "KIND": kind,
        "CODE": str(code),
        "ELSEWHERE": str(elsewhere),
    }
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", "edit", name],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,  # only so that a wait for ever fails the test
        check=False,
    )


@pytest.mark.parametrize("code", [0, 1])
@pytest.mark.parametrize("kind", sorted(SAID))
def test_a_copy_of_a_built_in_one_replaced_by_no_file_is_removed(
    tmp_path: Path, isolated: Path, kind: str, code: int
) -> None:
    copy = isolated / "config" / "routines" / "desk-break.yaml"
    done = edit(tmp_path, "desk-break", kind, code)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"stretch: the editor left {UNLINKED[kind]} at {copy}, not a file (the copy is removed; "
        "try again: `stretch edit desk-break`)"
    )
    assert not os.path.lexists(copy)


@pytest.mark.parametrize("code", [0, 1])
@pytest.mark.parametrize("kind", sorted(SAID))
def test_the_persons_own_file_replaced_by_no_file_is_put_back(
    tmp_path: Path, user_routines: Path, kind: str, code: int
) -> None:
    own = user_routines / "mine.yaml"
    own.write_text(OWN)
    done = edit(tmp_path, "mine", kind, code)
    assert (done.returncode, done.stderr) == (
        1,
        f"stretch: the editor left {UNLINKED[kind]} at {own}, not a file ({own} is put back as it "
        "was)\n",
    )
    assert not own.is_symlink() and own.read_text() == OWN


@pytest.mark.parametrize("kind", ["fifo", "device", "nowhere"])
def test_a_linked_file_whose_link_then_leads_to_no_file_is_linked_again(
    tmp_path: Path, user_routines: Path, kind: str
) -> None:
    """A routine kept with the person's dotfiles is a link to it; the editor may make another
    link, as long as it leads to a file: one that leads to a FIFO or a device is refused."""
    kept = tmp_path / "dotfiles.yaml"
    kept.write_text(OWN)
    own = user_routines / "mine.yaml"
    own.symlink_to(kept)
    done = edit(tmp_path, "mine", kind, 0)
    assert done.returncode == 1
    assert f"stretch: the editor left {SAID[kind]} at {own}, not a file" in done.stderr
    assert own.is_symlink() and os.readlink(own) == str(kept) and kept.read_text() == OWN


def test_a_linked_file_may_be_linked_to_another_file(tmp_path: Path, user_routines: Path) -> None:
    kept = tmp_path / "dotfiles.yaml"
    kept.write_text(OWN)
    own = user_routines / "mine.yaml"
    own.symlink_to(kept)
    done = edit(tmp_path, "mine", "link", 0)
    assert (done.returncode, done.stdout) == (0, f"ok: {own}\n")
    assert os.readlink(own) == str(tmp_path / "elsewhere.yaml")
