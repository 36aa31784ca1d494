"""A run's get-ready (and the pain question before it) comes before its history row, which is
written at its first exercise: the run says it is starting in a small file beside the
history, so that a reminder check then holds back as it does for a running session."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from stretchcli.history import run_mark
from stretchcli.history.store import History
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind import at, local, remind_on


def _history(isolated: Path) -> History:
    return History(isolated / "state" / "history.sqlite3", print, lambda: local(at(10)))


def test_no_reminder_while_a_run_is_starting_and_one_once_it_has_ended(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("notify-send")
    remind_on(isolated)
    history = _history(isolated)
    history.starting()  # this process: a run in its get-ready
    held = stretch("remind", "check", wall=local(at(10)))
    assert (held.code, held.err) == (0, "")
    assert held.out.startswith("not due: ")
    assert fakes.calls("notify-send") == []
    history.not_starting()
    shown = stretch("remind", "check", wall=local(at(10, 1)))
    assert shown.out == "reminded to do desk-break: shown\n"


def test_a_mark_left_by_a_process_that_is_gone_holds_nothing_back(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("notify-send")
    remind_on(isolated)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    state = isolated / "state"
    state.mkdir(parents=True, exist_ok=True)
    run_mark.mark(state, int(gone.stdout), local(at(9, 58)))
    assert not run_mark.starting_here(state)
    assert stretch("remind", "check", wall=local(at(10))).out == (
        "reminded to do desk-break: shown\n"
    )


def test_a_mark_that_is_not_one_is_nothing(isolated: Path) -> None:
    state = isolated / "state"
    state.mkdir(parents=True, exist_ok=True)
    for text in (
        "",
        "x y",
        f"{os.getpid()}",
        f"{os.getpid()} not-a-time",
        "99999999999999999999 x",
    ):
        (state / run_mark.MARK).write_text(text)
        assert not run_mark.starting_here(state)
    os.mkfifo(state / "fifo")
    (state / run_mark.MARK).unlink()
    (state / run_mark.MARK).symlink_to(state / "fifo")
    assert not run_mark.starting_here(state)  # never waited on


def test_a_run_takes_its_mark_back_as_it_ends(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = History.starting

    def starting(self: History) -> None:
        original(self)
        seen.append(run_mark.starting_here(self.path.parent))

    monkeypatch.setattr(History, "starting", starting)
    result = stretch("run", "desk-break", "--plain", keys=[(1.0, "q")])
    assert result.code == 0
    assert seen == [True]  # written as the run began, before its get-ready
    assert not (isolated / "state" / run_mark.MARK).exists()


def test_unmark_never_removes_another_process_s_mark(isolated: Path) -> None:
    state = isolated / "state"
    state.mkdir(parents=True, exist_ok=True)
    run_mark.mark(state, os.getpid() + 1, local(at(10)) - timedelta(minutes=1))
    run_mark.unmark(state, os.getpid())
    assert (state / run_mark.MARK).exists()
