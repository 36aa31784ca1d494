"""A write that fails leaves the file as it was, also a file with other names (hard links):
the new text is written beside it first, so that a size limit or a full disk fails there, and
a copy into the file that fails part way puts the old text back (attack 7, N7)."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from stretchcli.files import atomic
from tests.conftest import Stretch
from tests.test_output import WRITERS, first_line, named, write

OLD = "OLD " * 2000  # 8000 bytes, more than the limit below
LIMIT = 20  # bytes a file may grow to: less than any writer's output


def _limited() -> None:
    """In the child: files may not grow past LIMIT; SIGXFSZ ignored (as Python has it), so
    that a write past it fails with EFBIG instead of ending the process."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def linked(folder: Path, name: str) -> tuple[Path, Path]:
    target = folder / name
    target.write_text(OLD, encoding="utf-8")
    os.chmod(target, 0o640)
    other = folder / f"other-{name}"
    os.link(target, other)
    return target, other


def run_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_a_size_limit_leaves_a_linked_file_as_it_was(writer: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target, other = linked(folder, named(writer, "keep"))
    before = os.stat(target)
    args, flag = WRITERS[writer]
    done = run_limited([*args, flag, target.name], folder)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"stretch: cannot write {target.name}: File too large "
        "(a limit on the size of files is set: raise it with ulimit -f)\n"
    )
    for name in (target, other):
        assert name.read_text(encoding="utf-8") == OLD
    after = os.stat(target)
    assert (after.st_ino, after.st_nlink, after.st_mode) == (
        before.st_ino,
        before.st_nlink,
        before.st_mode,
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted([target.name, other.name])


@pytest.mark.parametrize("writer", WRITERS)
def test_a_size_limit_leaves_a_lone_file_as_it_was(writer: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / named(writer, "keep")
    target.write_text(OLD, encoding="utf-8")
    args, flag = WRITERS[writer]
    done = run_limited([*args, flag, target.name], folder)
    assert done.returncode == 1
    assert target.read_text(encoding="utf-8") == OLD
    assert [p.name for p in folder.iterdir()] == [target.name]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_linked_file_written_keeps_its_names_mode_and_inode(
    stretch: Stretch, writer: str, tmp_path: Path
) -> None:
    target, other = linked(tmp_path, named(writer, "keep"))
    before = os.stat(target)
    code, _, _ = write(stretch, writer, str(target))
    assert code == 0
    after = os.stat(target)
    assert (after.st_ino, after.st_nlink, after.st_uid, after.st_gid) == (
        before.st_ino,
        2,
        before.st_uid,
        before.st_gid,
    )
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert other.read_text(encoding="utf-8").startswith(first_line(writer))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_atomic_writer_under_a_size_limit_leaves_a_linked_file(tmp_path: Path) -> None:
    target, other = linked(tmp_path, "config.toml")
    code = (
        "import sys; from pathlib import Path; from stretchcli.files.atomic import write_text\n"
        "try:\n"
        f"    write_text(Path({str(target)!r}), 'NEW ' * 1000)\n"
        "except Exception as exc:\n"
        "    print(exc); sys.exit(1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
    )
    assert (done.returncode, done.stdout) == (1, f"cannot write {target}: File too large\n")
    assert target.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, other.name])


def test_the_atomic_writer_keeps_a_linked_files_names(tmp_path: Path) -> None:
    target, other = linked(tmp_path, "config.toml")
    atomic.write_text(target, "NEW\n")
    assert other.read_text(encoding="utf-8") == "NEW\n"
    assert os.stat(target).st_nlink == 2
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


@pytest.mark.parametrize("fails_after", [0, 1, 4096, 7999])
def test_a_copy_that_fails_part_way_puts_the_old_text_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails_after: int
) -> None:
    """The full disk case: the text fits beside the file, then the disk fills up while it is
    copied in (the system call fails after `fails_after` bytes)."""
    target, other = linked(tmp_path, "keep.html")
    real_write = os.write
    written = {"new": 0}

    def filling(descriptor: int, data: bytes | memoryview) -> int:
        if bytes(data[:4]) != b"OLD ":
            if written["new"] >= fails_after:
                raise OSError(28, "No space left on device")
            count = real_write(descriptor, bytes(data[: max(1, fails_after - written["new"])]))
            written["new"] += count
            return count
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", filling)
    with pytest.raises(OSError, match="No space left"):
        atomic.overwrite(target, b"NEW " * 3000)
    assert target.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == OLD
