"""Settings written at the same time are all kept: every read-change-replace of config.toml
(`stretch config KEY VALUE`, `remind on` and `remind off` writing theirs) is made under one
lock, a lock file beside the config. Before, eight `stretch config` at once each said
"written", and the file kept four to six of the nine keys."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from stretchcli.files import config_edit
from stretchcli.files.lock import held
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab

VALUES = {
    "weekly_goal": 5,  # the default: a new goal mid-week says when it counts from
    "voice_rate": 150,
    "scale": 1.5,
    "remind_every": "30m",
    "prepare": 8,
    "rest": 20,
    "plain": True,
    "coach": "brief",
}


def _typed(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _kept(isolated: Path) -> dict[str, object]:
    return tomllib.loads((isolated / "config" / "config.toml").read_text())


@pytest.mark.slow
def test_settings_written_by_processes_at_once_are_all_kept(isolated: Path) -> None:
    """The report's case: real processes, each told "written", each setting there."""
    assert _run("config", "sound", "false").returncode == 0
    started = [_start("config", key, _typed(value)) for key, value in VALUES.items()]
    for process in started:
        out, err = process.communicate(timeout=120)
        assert (process.returncode, err) == (0, ""), out
        assert "(written to " in out
    assert _kept(isolated) == {"sound": False, **VALUES}


def test_settings_written_by_threads_at_once_are_all_kept(isolated: Path) -> None:
    """The rule, many times over: writers at once (each with its own lock file descriptor,
    as a process has) never lose another's setting."""
    environ = dict(os.environ)
    for round in range(5):
        (isolated / "config" / "config.toml").unlink(missing_ok=True)
        start = threading.Barrier(len(VALUES))
        failed: list[object] = []

        def write(
            key: str, value: object, start: threading.Barrier = start, failed: list[object] = failed
        ) -> None:
            start.wait()
            try:
                config_edit.set_value(environ, key, _typed(value))
            except BaseException as exc:  # said by the assertion below
                failed.append(exc)

        threads = [threading.Thread(target=write, args=item) for item in VALUES.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failed == []
        assert _kept(isolated) == VALUES, f"round {round}"


def test_a_writer_waits_for_the_lock_and_then_keeps_both(isolated: Path) -> None:
    """While another holds the lock, a writer does not write; once it lets go, the writer
    reads the file as the other left it."""
    environ = dict(os.environ)
    path = isolated / "config" / "config.toml"
    with held(config_edit.lock_path(environ)):
        writer = threading.Thread(target=config_edit.set_value, args=(environ, "rest", "20"))
        writer.start()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("prepare = 8\n")  # the holder's own write
    writer.join()
    assert _kept(isolated) == {"prepare": 8, "rest": 20}


def test_the_lock_file_sits_beside_the_config(isolated: Path, stretch: Stretch) -> None:
    assert stretch("config", "rest", "20").code == 0
    assert sorted(p.name for p in (isolated / "config").iterdir()) == [
        "config.toml",
        "config.toml.lock",
    ]


def test_a_refused_value_makes_no_folder(isolated: Path, stretch: Stretch) -> None:
    assert stretch("config", "rest", "soon").code == 2
    assert not (isolated / "config").exists()


@pytest.mark.slow
def test_remind_on_and_config_at_once_keep_every_setting(
    isolated: Path, fakes: FakeCommands, tmp_path: Path
) -> None:
    """`remind on` writes its settings too, under the same lock."""
    Crontab(fakes, tmp_path)
    on = _start("remind", "on", "--scheduler", "cron", "--every", "20m")
    others = [_start("config", "weekly_goal", "5"), _start("config", "voice_rate", "150")]
    for process in [on, *others]:
        out, err = process.communicate(timeout=120)
        assert (process.returncode, err) == (0, ""), out
    kept = _kept(isolated)
    assert (kept["weekly_goal"], kept["voice_rate"]) == (5, 150)
    assert (kept["remind"], kept["remind_every"]) == (True, "20m")


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "stretchcli", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args], capture_output=True, text=True, timeout=120
    )
