"""`-o` to a name of one of stretch's own open descriptors (`/dev/stdout`, `/dev/fd/1`,
`/proc/self/fd/1`, the very file a shell appends to) writes to that descriptor, as `-o -`
does: what the shell appended to before is kept (attack 7, N6)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stretchcli.files.output import open_stream
from tests.test_output import WRITERS, first_line, named

NAMES = [
    "-",
    "/dev/stdout",
    "/dev/fd/1",
    "/proc/self/fd/1",
    "/proc/thread-self/fd/1",
    "/dev/./stdout",
]

pytestmark = [
    pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash"),
    pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc"),
]


def append(
    writer: str, name: str, log: Path, redirect: str = ">>"
) -> subprocess.CompletedProcess[str]:
    args, flag = WRITERS[writer]
    command = [sys.executable, "-m", "stretchcli", *args, flag, name]
    if writer == "report":
        command += ["--format", "md"]
    line = f"{shlex.join(command)} {redirect} {shlex.quote(str(log))}"
    return subprocess.run(
        ["bash", "-c", line], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("writer", WRITERS)
def test_appending_to_a_log_keeps_what_was_there(writer: str, name: str, tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("IMPORTANT EARLIER LOG\n", encoding="utf-8")
    inode = log.stat().st_ino
    done = append(writer, name, log)
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("IMPORTANT EARLIER LOG\n" + first_line(writer))
    assert log.stat().st_ino == inode
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["log.txt"]


@pytest.mark.parametrize("writer", WRITERS)
def test_the_log_by_its_own_name_is_appended_to(writer: str, tmp_path: Path) -> None:
    log = tmp_path / named(writer, "log")
    log.write_text("IMPORTANT EARLIER LOG\n", encoding="utf-8")
    inode = log.stat().st_ino
    done = append(writer, str(log), log)
    assert done.returncode == 0, done.stderr
    assert log.read_text(encoding="utf-8").startswith(
        "IMPORTANT EARLIER LOG\n" + first_line(writer)
    )
    assert log.stat().st_ino == inode


@pytest.mark.parametrize("name", ["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"])
@pytest.mark.parametrize("writer", WRITERS)
def test_standard_error_is_appended_to(writer: str, name: str, tmp_path: Path) -> None:
    log = tmp_path / "err.txt"
    log.write_text("IMPORTANT EARLIER LOG\n", encoding="utf-8")
    inode = log.stat().st_ino
    done = append(writer, name, log, "2>>")
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("IMPORTANT EARLIER LOG\n")
    assert first_line(writer) in text
    assert log.stat().st_ino == inode


@pytest.mark.parametrize("writer", WRITERS)
def test_another_open_descriptor_is_appended_to(writer: str, tmp_path: Path) -> None:
    log = tmp_path / "three.txt"
    log.write_text("IMPORTANT EARLIER LOG\n", encoding="utf-8")
    done = append(writer, "/dev/fd/3", log, "3>>")
    assert done.returncode == 0, done.stderr
    assert log.read_text(encoding="utf-8").startswith(
        "IMPORTANT EARLIER LOG\n" + first_line(writer)
    )


def test_a_descriptor_not_open_is_said_so() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", "report", "--format", "md", "-o", "/dev/fd/7"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "stretch: cannot write /dev/fd/7: it is not open\n"


def test_a_descriptor_open_for_reading_is_said_so(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("keep\n", encoding="utf-8")
    command = [sys.executable, "-m", "stretchcli", "report", "--format", "md", "-o", "/dev/stdin"]
    with source.open("rb") as stdin:
        done = subprocess.run(command, stdin=stdin, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "stretch: cannot write /dev/stdin: it is open only for reading\n"
    assert source.read_text(encoding="utf-8") == "keep\n"


def test_other_names_are_no_stream(tmp_path: Path) -> None:
    assert open_stream(tmp_path / "report.md") is None
    assert open_stream(Path("/dev/fdx/1")) is None
    assert open_stream(Path("/proc/self/fd/x")) is None
    assert open_stream(Path(f"/proc/{os.getpid()}/fd/1")) == 1
    with (tmp_path / "given").open("w") as given:  # a descriptor given (inheritable)
        os.set_inheritable(given.fileno(), True)
        number = given.fileno()
        assert open_stream(Path(f"/proc/{os.getpid()}/task/{os.getpid()}/fd/{number}")) == number
