"""`-o /dev/fd/N` writes to a descriptor the shell gave stretch (`3> FILE`), never to one of
stretch's own open files: with no descriptor 3 given, 3 is the history database while a
report is read, and the report went over it (the next command moved the history aside as
"not a database" and started an empty one). Through a symlink to /proc/self/fd/N too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.fakes import NOW
from tests.test_sync import record

HEADER = json.dumps({"format": "stretch-history", "version": 1}) + "\n"


def _stretch(*args: str, pass_fds: tuple[int, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        pass_fds=pass_fds,
        env={**os.environ, "STRETCH_TEST_CLOCK": NOW.isoformat()},
    )


@pytest.fixture
def history(isolated: Path, tmp_path: Path) -> list[str]:
    source = tmp_path / "two.jsonl"
    uids = ["a" * 32, "b" * 32]
    source.write_text(
        HEADER + "".join(record(u, NOW - timedelta(days=n + 1)) for n, u in enumerate(uids))
    )
    assert _stretch("history", "import", str(source)).returncode == 0
    return uids


def _kept(uids: list[str]) -> None:
    done = _stretch("history", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert [s["uid"] for s in json.loads(done.stdout)] == uids[::-1]


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html"])
@pytest.mark.parametrize("name", ["/dev/fd/{n}", "/proc/self/fd/{n}", "link"])
@pytest.mark.parametrize("number", [3, 4, 5, 6])
def test_a_descriptor_not_given_is_refused_and_the_history_kept(
    history: list[str], tmp_path: Path, fmt: str, name: str, number: int
) -> None:
    target = name.format(n=number)
    if name == "link":  # an ordinary name, a link to the descriptor
        target = str(tmp_path / f"report.{fmt}")
        Path(target).symlink_to(f"/proc/self/fd/{number}")
    done = _stretch("report", "--format", fmt, "-o", target)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr in (
        f"stretch: cannot write {target}: it is not open\n",
        f"stretch: cannot write {target}: descriptor {number} was not given to stretch (it is "
        f"one of its own files) (open it in the shell, as in {number}> FILE, or give a file "
        "name)\n",
    )
    _kept(history)


def test_a_descriptor_the_shell_gave_is_written(history: list[str], tmp_path: Path) -> None:
    out = tmp_path / "given.md"
    with out.open("w") as given:
        os.set_inheritable(given.fileno(), True)
        number = given.fileno()
        done = _stretch("report", "--format", "md", "-o", f"/dev/fd/{number}", pass_fds=(number,))
    assert (done.returncode, done.stdout) == (0, "")
    assert out.read_text().startswith("# stretch report")
    _kept(history)


@pytest.mark.parametrize("digit", ["\u00b9", "\u0663", "\uff13"])  # ¹, Arabic-Indic, wide
def test_a_digit_beyond_ascii_names_no_descriptor(history: list[str], digit: str) -> None:
    done = _stretch("report", "--format", "md", "-o", f"/dev/fd/{digit}")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    _kept(history)
