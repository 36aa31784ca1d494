"""`-o` to what a shell names standard output, to a fifo nothing reads and through a link to
nothing: written, refused at once or named rightly, never waited on (issue 23, class 4)."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stretchcli.files.output import write_output
from tests.conftest import Stretch
from tests.test_output import WRITERS, first_line, named, write


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
@pytest.mark.parametrize("writer", WRITERS)
def test_dev_stdout_into_a_pipe_is_written_to(writer: str) -> None:
    args, flag = WRITERS[writer]
    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", *args, flag, "/dev/stdout"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(first_line(writer))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs fifos")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_fifo_nothing_reads_is_refused_not_waited_on(
    stretch: Stretch, writer: str, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = write(stretch, writer, str(fifo))
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot write {fifo}: it is a fifo that nothing is reading from "
        f"(start what reads it first, e.g. cat {fifo} &)\n"
    )
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_link_to_nothing_names_the_folder_that_is_missing(
    stretch: Stretch, writer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    dangling = named(writer, "dangling")
    Path(dangling).symlink_to(Path("nowhere") / "x")
    code, out, err = write(stretch, writer, dangling)
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot write {dangling}: there is no folder {tmp_path / 'nowhere'} "
        "(create it, or give another)\n"
    )
    assert os.readlink(dangling) == str(Path("nowhere") / "x")


def test_a_link_to_a_device_writes_to_the_device(tmp_path: Path) -> None:
    """What /dev/stdout is: a link whose target is no path (`pipe:[...]`)."""
    read, written = os.pipe()
    os.set_inheritable(written, True)  # as a descriptor the shell gives is
    link = tmp_path / "out"
    link.symlink_to(f"/proc/self/fd/{written}" if os.path.isdir("/proc/self/fd") else "")
    if not os.path.exists(link):
        pytest.skip("needs /proc/self/fd")
    write_output(link, ["text\n"], io.StringIO())
    os.close(written)
    with os.fdopen(read) as pipe:
        assert pipe.read() == "text\n"
    assert link.is_symlink()
