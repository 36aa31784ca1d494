"""Waiting for another writer's config lock is bounded (attack 7, N2): while another process
holds config.toml.lock (a `remind on` stuck on a hanging crontab), `stretch config KEY VALUE`
waits as long as the history waits for its busy lock, then says in one line that the config
is busy, and changes nothing. A lock file that is a dangling link is named as the problem."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchcli.files import config_edit, lock
from stretchcli.history import connection
from tests.conftest import Stretch

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fcntl's flock")

HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()  # until the test closes it
"""


class Clock:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.seconds

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.seconds += seconds


@pytest.fixture
def holder(isolated: Path) -> Iterator[Path]:
    """Another process holding the config's lock while the test runs; the lock file's path."""
    path = config_edit.lock_path(os.environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    try:
        yield path
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)
        process.stdout.close()


def test_the_config_waits_as_long_as_the_history_does() -> None:
    assert lock.BUSY_WAIT == connection.BUSY_TIMEOUT


def test_waiting_for_a_lock_held_elsewhere_ends_at_its_bound(holder: Path) -> None:
    clock = Clock()
    with lock.held(holder, within=lock.BUSY_WAIT, now=clock.now, sleep=clock.sleep) as got:
        assert got is False
    assert lock.BUSY_WAIT <= clock.seconds < lock.BUSY_WAIT + lock.POLL
    assert max(clock.slept) <= lock.POLL  # it tried again all along, not once at the end


def test_a_lock_let_go_in_time_is_taken(isolated: Path) -> None:
    clock = Clock()
    path = config_edit.lock_path(os.environ)
    with lock.held(path, within=lock.BUSY_WAIT, now=clock.now, sleep=clock.sleep) as got:
        assert got is True
    assert clock.slept == []


def test_config_says_it_is_busy_and_changes_nothing(
    holder: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config_edit, "BUSY_WAIT", 0.1)  # a short bound: the rule, not the time
    config = holder.with_name("config.toml")
    assert stretch("config", "rest", "7") == (
        1,
        "",
        f"stretch: the config is busy; try again (another stretch is changing {config})\n",
    )
    assert not config.exists()


def test_config_writes_once_the_other_lets_go(isolated: Path, stretch: Stretch) -> None:
    path = config_edit.lock_path(os.environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    with lock.held(path):
        pass
    result = stretch("config", "rest", "7")
    assert result.code == 0, result.err


def test_a_lock_file_that_is_a_dangling_link_is_named(isolated: Path, stretch: Stretch) -> None:
    path = config_edit.lock_path(os.environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    gone = path.parent / "gone" / "x.lock"
    path.symlink_to(gone)
    assert stretch("config", "rest", "7") == (
        1,
        "",
        f"stretch: cannot write {path}: it is a link to {gone}, which is not there "
        f"(remove {path}; stretch makes it again)\n",
    )
