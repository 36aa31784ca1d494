"""A signal that ends a command while it writes a file (SIGTERM, SIGHUP, Ctrl-C) leaves the
folder as it was: no hidden temporary file beside the file, which keeps its old text, and
the signal's exit code. Real processes, stopped just before the new file is moved into
place (the temporary file then written in full), never after a guessed time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_interrupt_query import SIGNAL_IDS, SIGNALS, some_history, stopped_at

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

OLD = b"what was there before\n"
# SIGPIPE too: it comes when what the command says goes to a pipe whose reader has gone
# (`stretch history export -o FILE 2>&1 | head -0`), or from `kill -PIPE`.
ENDING = [*SIGNALS, (signal.SIGPIPE, 141)]
ENDING_IDS = [*SIGNAL_IDS, "SIGPIPE"]

OUTPUTS = [
    ("history", "export", "-o", "{}/backup.jsonl"),
    ("report", "-o", "{}/report.html"),
    ("report", "-o", "{}/report.csv"),
    ("report", "--format", "md", "-o", "{}/report.md"),
    ("show", "chin-tuck", "--svg", "{}/figure.svg"),
]


def listing(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in sorted(os.listdir(folder))}


@pytest.mark.parametrize("args", OUTPUTS, ids=lambda a: a[-1].rsplit("/", 1)[-1])
@pytest.mark.parametrize(("signum", "code"), ENDING, ids=ENDING_IDS)
def test_a_signal_while_an_output_file_is_written_leaves_the_folder_as_it_was(
    tmp_path: Path, args: tuple[str, ...], signum: int, code: int
) -> None:
    some_history(tmp_path)
    folder = tmp_path / "documents"
    folder.mkdir()
    given = [arg.format(folder) for arg in args]
    target = Path(given[-1])
    target.write_bytes(OLD)
    (folder / "other.txt").write_bytes(b"left alone\n")
    before = listing(folder)
    assert stopped_at(target.name, signum, *given) == (code, "")
    assert listing(folder) == before


@pytest.mark.parametrize(("signum", "code"), ENDING, ids=ENDING_IDS)
def test_a_signal_while_a_new_output_file_is_written_leaves_no_file(
    tmp_path: Path, signum: int, code: int
) -> None:
    some_history(tmp_path)
    folder = tmp_path / "documents"
    folder.mkdir()
    got = stopped_at("backup.jsonl", signum, "history", "export", "-o", f"{folder}/backup.jsonl")
    assert got == (code, "")
    assert os.listdir(folder) == []


@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=SIGNAL_IDS)
def test_a_signal_while_the_config_is_written_keeps_the_old_config(
    isolated: Path, signum: int, code: int
) -> None:
    config = isolated / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_bytes(b"weekly_goal = 4\n")
    before = listing(config)
    assert stopped_at("config.toml", signum, "config", "weekly_goal", "3") == (code, "")
    # and the lock every write of the config takes (kept, empty, as after any write)
    assert listing(config) == {**before, "config.toml.lock": b""}


@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=SIGNAL_IDS)
def test_a_signal_while_a_plan_is_adopted_leaves_no_temporary_file(
    isolated: Path, tmp_path: Path, signum: int, code: int
) -> None:
    config = isolated / "config"
    config.mkdir(parents=True)
    plan = tmp_path / "mine.yaml"
    plan.write_text("days: {mon: upper-back, thu: desk-break}\n", encoding="utf-8")
    before = listing(config)
    assert stopped_at("plan.yaml", signum, "plan", "use", str(plan)) == (code, "")
    assert listing(config) == before


OTHERS = [signal.SIGQUIT, signal.SIGUSR1, signal.SIGALRM, signal.SIGTRAP]
OTHERS += [signal.SIGRTMIN] if hasattr(signal, "SIGRTMIN") else []


@pytest.mark.parametrize("signum", OTHERS, ids=lambda n: signal.Signals(n).name)
def test_every_signal_that_ends_a_command_removes_what_it_was_writing(
    tmp_path: Path, signum: int
) -> None:
    """The rule beyond SIGTERM and SIGHUP: Ctrl-\\, SIGUSR1, SIGALRM... (128+N, as a run)."""
    some_history(tmp_path)
    folder = tmp_path / "documents"
    folder.mkdir()
    target = folder / "backup.jsonl"
    target.write_bytes(OLD)
    got = stopped_at(target.name, signum, "history", "export", "-o", str(target))
    assert got == (128 + signum, "")
    assert listing(folder) == {"backup.jsonl": OLD}


@pytest.mark.parametrize("ignored", [signal.SIGHUP, signal.SIGINT], ids=["SIGHUP", "SIGINT"])
def test_a_signal_ignored_when_stretch_started_stays_ignored(tmp_path: Path, ignored: int) -> None:
    """`nohup stretch history export -o FILE`, or a script's job in the background (Ctrl-C
    ignored): that signal ends nothing; SIGTERM after it still ends the export, cleanly."""
    some_history(tmp_path)
    folder = tmp_path / "documents"
    folder.mkdir()
    target = folder / "backup.jsonl"
    target.write_bytes(OLD)
    got = stopped_at(
        target.name, signal.SIGTERM, "history", "export", "-o", str(target), ignored=(ignored,)
    )
    assert got == (143, "")
    assert listing(folder) == {"backup.jsonl": OLD}


def test_a_reader_that_goes_away_still_ends_a_command_quietly(tmp_path: Path) -> None:
    # SIGPIPE is unwound now, not the default action: `| head -1` is still 141 and silent.
    some_history(tmp_path, 400)
    child = subprocess.Popen(
        [sys.executable, "-m", "stretchcli", "history", "export"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.readline()
    child.stdout.close()  # like `| head -1`
    assert child.wait(timeout=60) == 141
    assert child.stderr.read() == b""
    child.stderr.close()


@pytest.mark.parametrize(
    "args",
    [("history", "export"), ("history", "export", "-o", "/dev/stdout"), ("history", "--json")],
    ids=["export", "export -o /dev/stdout", "history --json"],
)
@pytest.mark.parametrize("restore", [True, False], ids=["SIGPIPE default", "SIGPIPE ignored"])
def test_a_reader_gone_before_the_first_write_ends_a_command_as_a_later_one_does(
    tmp_path: Path, args: tuple[str, ...], restore: bool
) -> None:
    # The pipe's reader is closed before the command starts (`| head -c 1` done before the
    # command writes): its first write finds no reader. Then, as when the reader goes away
    # later (above), 141 and nothing said, whether the shell left SIGPIPE at its default or
    # ignored (restore=False: this test process ignores it, as Python does, and the child
    # inherits that).
    some_history(tmp_path)
    read, write = os.pipe()
    os.close(read)
    try:
        child = subprocess.run(
            [sys.executable, "-m", "stretchcli", *args],
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=subprocess.PIPE,
            restore_signals=restore,
            timeout=120,
        )
    finally:
        os.close(write)
    assert (child.returncode, child.stderr) == (141, b"")
