"""Reminder checks at the same time show one reminder: deciding that one is due and recording
it happen under one lock in the state folder, so that a second check finds it recorded and
says "not due". Before, four checks at once showed four reminders past `remind_limit`, and
recorded each."""

from __future__ import annotations

import multiprocessing
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from stretchcli.files.config import Config
from stretchcli.files.lock import held
from stretchcli.history.store import History
from stretchcli.remind.check import SKIPPED, check
from stretchcli.remind.presence import Seen
from stretchcli.remind.state_files import CHECK_LOCK
from tests.conftest import Result, Stretch
from tests.system_fakes import FakeCommands

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday


def _reminders(isolated: Path) -> list[str]:
    history = History(isolated / "state" / "history.sqlite3", print, lambda: NOW)
    return [r.outcome for r in history.reminders()]


def _check(state: str, start: Any) -> str:
    """One `stretch remind check` in a process of its own, at NOW (every process's clock
    agrees, as on one machine), once all the others are ready too."""
    config = Config(
        remind=True, remind_days="mon-sun", remind_between="00:00-23:59", remind_limit=1
    )
    history = History(Path(state) / "history.sqlite3", print, lambda: NOW)
    seen = Seen(NOW, 3)
    start.wait()
    return check(config, history, os.environ, lambda r: 120.0, lambda _: seen, "linux")


@pytest.mark.slow
def test_four_checks_at_once_show_one_reminder(isolated: Path, fakes: FakeCommands) -> None:
    """The report's case: four processes check at once (a notify-send that logs its calls);
    one shows the reminder, the others say "not due"."""
    fakes.add("notify-send")
    state = isolated / "state"
    state.mkdir(parents=True)
    spawn = multiprocessing.get_context("spawn")
    with spawn.Manager() as manager, spawn.Pool(4) as pool:
        start = manager.Barrier(4)
        said = sorted(pool.starmap(_check, [(str(state), start)] * 4))
    assert said[-1] == "reminded to do desk-break: shown"
    assert all(line.startswith("not due: ") for line in said[:-1]), said
    assert len(fakes.calls("notify-send")) == 1
    assert _reminders(isolated) == ["shown"]


def test_a_check_waits_for_one_deciding_and_then_finds_its_reminder(
    isolated: Path, fakes: FakeCommands
) -> None:
    """While another check holds the lock (it is deciding, and records a reminder), a check
    does not decide; once the other lets go, it finds that reminder and shows none."""
    fakes.add("notify-send")
    state = isolated / "state"
    state.mkdir(parents=True)
    config = Config(remind=True, remind_days="mon-sun", remind_between="00:00-23:59")
    said: list[str] = []

    def second() -> None:
        history = History(state / "history.sqlite3", print, lambda: NOW)
        seen = Seen(NOW, 3)
        said.append(check(config, history, os.environ, lambda r: 120.0, lambda _: seen, "linux"))

    with held(state / CHECK_LOCK):
        waiting = threading.Thread(target=second)
        waiting.start()
        first = History(state / "history.sqlite3", print, lambda: NOW)
        first.add_reminder("desk-break", "shown", "notification")
    waiting.join()
    assert len(said) == 1 and said[0].startswith("not due: ")
    assert fakes.calls("notify-send") == []
    assert _reminders(isolated) == ["shown"]


def test_a_check_behind_a_stuck_one_skips_quietly_after_the_busy_wait(
    stretch: Stretch, isolated: Path, fakes: FakeCommands
) -> None:
    """Another check holds the lock and never lets go (stuck): a check waits BUSY_WAIT by its
    clock (the fake terminal's: no real waiting), then skips without deciding, exit 0 and
    nothing on standard error, so that scheduled checks never pile up behind it."""
    fakes.add("notify-send")
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('remind = true\nremind_between = "00:00-24:00"\nremind_days = "every day"\n')
    state = isolated / "state"
    state.mkdir(parents=True)
    done: list[Result] = []
    with held(state / CHECK_LOCK):
        checking = threading.Thread(target=lambda: done.append(stretch("remind", "check")))
        checking.start()
        checking.join(timeout=60)  # only so that a check waiting for ever fails the test
        assert done == [Result(0, f"{SKIPPED}\n", "")]
    assert fakes.calls("notify-send") == []
    assert _reminders(isolated) == []
    assert stretch("remind", "check").out == "reminded to do desk-break: shown\n"
