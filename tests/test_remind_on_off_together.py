"""`remind on` and `remind off` at the same time take turns: the record of what is installed
is read under the config's lock, so that the second acts on what the first left (before,
each could act on a record read before the other wrote it: a record lost with its crontab
line left running, or a line removed that the record still lists). The two are interleaved
by a hook between the reading of the record and what follows, without sleeping."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stretchcli.files import config_edit, lock
from stretchcli.remind import schedulers, texts
from tests.conftest import Result, Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab

ON = ("remind", "on", "--scheduler", "cron")
OFF = ("remind", "off")


@pytest.fixture
def crontab(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    return Crontab(fakes, tmp_path)


def ours(table: Path) -> list[str]:
    """Stretch's lines in the fake crontab."""
    text = table.read_text() if table.exists() else ""
    return [line for line in text.splitlines() if line.endswith("# stretch-remind")]


def recorded(isolated: Path) -> list[str]:
    """The crontab lines the record of installs lists."""
    path = isolated / "state" / texts.MANIFEST
    if not path.exists():
        return []
    return [line for i in json.loads(path.read_text())["installed"] for line in i["lines"]]


def reminders_on(isolated: Path) -> bool:
    return "remind = true" in (isolated / "config" / "config.toml").read_text()


def interleaved(
    stretch: Stretch,
    monkeypatch: pytest.MonkeyPatch,
    first: tuple[str, ...],
    second: tuple[str, ...],
) -> tuple[Result, Result]:
    """`first` run; just after it has read the record, `second` starts in a thread, and
    `first` goes on once `second` has finished, or waits for the config's lock."""
    waiting = threading.Event()
    results: dict[str, Result] = {}
    real_load, real_held = schedulers.load, lock.held
    other: list[threading.Thread] = []

    @contextlib.contextmanager
    def watched(path: Path, *args: Any, **kwargs: Any) -> Iterator[bool]:
        if threading.current_thread() not in other:
            with real_held(path, *args, **kwargs) as got:
                yield got
            return
        with real_held(path, wait=False) as got:
            if got:
                yield True
                return
        waiting.set()  # the first holds it: the second waits its turn
        with real_held(path, *args, **kwargs) as got:
            yield got

    def run_second() -> None:
        try:
            results["second"] = stretch(*second)
        finally:
            waiting.set()

    def hooked(folder: Path) -> list[schedulers.Installed]:
        found = real_load(folder)
        if not other:
            other.append(threading.Thread(target=run_second))
            other[0].start()
            assert waiting.wait(timeout=60)
        return found

    monkeypatch.setattr(config_edit, "held", watched)
    monkeypatch.setattr(schedulers, "load", hooked)
    results["first"] = stretch(*first)
    other[0].join(timeout=60)
    return results["first"], results["second"]


@pytest.mark.parametrize("first", ["on", "off"])
@pytest.mark.parametrize("installed", [False, True])
def test_on_and_off_at_once_leave_the_record_and_the_crontab_agreeing(
    stretch: Stretch,
    crontab: Crontab,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    first: str,
    installed: bool,
) -> None:
    """Whichever starts first, and whether a check was installed before: the one that
    finishes last decides, and the record lists exactly stretch's lines in the crontab."""
    crontab.table.write_text("0 3 * * * backup\n")
    if installed:
        assert stretch(*ON).code == 0
    commands = {"on": ON, "off": OFF}
    second = "off" if first == "on" else "on"
    done = interleaved(stretch, monkeypatch, commands[first], commands[second])
    assert [result.code for result in done] == [0, 0], done
    assert ours(crontab.table) == recorded(isolated)
    assert len(ours(crontab.table)) == (1 if second == "on" else 0)
    assert reminders_on(isolated) == (second == "on")
    assert crontab.table.read_text().startswith("0 3 * * * backup\n")


def test_two_ons_at_once_leave_one_line_recorded(
    stretch: Stretch, crontab: Crontab, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interleaved(stretch, monkeypatch, ON, ON)
    assert len(ours(crontab.table)) == 1
    assert ours(crontab.table) == recorded(isolated)
