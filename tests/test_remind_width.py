"""What `stretch remind` and its commands say fits the terminal: every line within $COLUMNS,
wrapped at words, a line's continuation indented under it; only a word longer than the width
(a file's path) goes over, whole, on a line of its own, so that it can still be copied."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.sync_files import file_name
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_sync import Machines, header, machines, record

__all__ = ["machines"]  # the fixture, used here

SATURDAY = datetime(2026, 11, 28, 10, 0).astimezone()
CONFIG = 'remind_at = "10:30, 15:00"\nremind_limit = 6\nremind_pause = "7m"\n'


def fits(out: str, width: int) -> list[str]:
    """The lines of `out` that do not fit `width` columns and are more than one word."""
    return [line for line in out.splitlines() if len(line) > width and " " in line.strip()]


@pytest.fixture
def installed(stretch: Stretch, fakes: FakeCommands, isolated: Path) -> Stretch:
    """Reminders on with a long schedule, installed by a (fake) systemd, snoozed once and
    checked once: every line `stretch remind` can say."""
    fakes.add("systemctl", out="running\n")
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text(CONFIG)
    on = ("remind", "on", "--every", "45m", "--between", "08:30-17:00", "--days", "mon-fri")
    assert stretch(*on, wall=SATURDAY).code == 0
    assert stretch("remind", "snooze", "2h", wall=SATURDAY).code == 0
    assert stretch("remind", "check", wall=SATURDAY).code == 0
    return stretch


@pytest.mark.parametrize("width", [40, 60, 100])
def test_every_line_of_the_status_fits_the_terminal(
    installed: Stretch, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = installed("remind", wall=SATURDAY)
    assert code == 0
    assert "Installed: systemd" in out and "Last reminder:" in out
    assert fits(out, width) == []
    for line in out.splitlines():
        if len(line) > width:  # a path: whole, on its own
            assert line.startswith("  /") and " " not in line.strip()


def test_a_wrapped_line_goes_on_under_its_start(
    installed: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    lines = installed("remind", wall=SATURDAY).out.splitlines()
    assert lines[:3] == [
        "Reminders: on, every 45 min,",
        "  08:30-17:00, mon-fri, and at 10:30,",
        "  15:00, at most 6 a day: desk-break",
    ]
    monkeypatch.setenv("COLUMNS", "200")
    assert installed("remind", wall=SATURDAY).out.splitlines()[0] == (
        "Reminders: on, every 45 min, 08:30-17:00, mon-fri, and at 10:30, 15:00, at most 6 a "
        "day: desk-break"
    )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    width=st.integers(20, 120),
    command=st.sampled_from(
        [
            ("remind",),
            ("remind", "on", "--every", "1h30m", "--days", "mon,wed,fri"),
            ("remind", "snooze", "8h"),
            ("remind", "snooze", "tomorrow"),
            ("remind", "skip"),
            ("remind", "off"),
        ]
    ),
)
def test_every_remind_command_fits_any_width(
    installed: Stretch, monkeypatch: pytest.MonkeyPatch, width: int, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = installed(*command, wall=SATURDAY)
    assert code == 0 and out
    assert fits(out, width) == []
    installed("remind", "on", wall=SATURDAY)  # on again, for the next example


@pytest.mark.parametrize("width", [40, 60, 100])
def test_history_sync_fits_the_terminal_too(
    machines: Machines, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """The same rule for `stretch history sync`, its refused lines the longest."""
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + '{"uid": 5}\n' + record("3" * 32, SATURDAY))
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = machines.run("b", "history", "sync", wall=SATURDAY)
    assert code == 0 and "refused (1 line, not merged):" in out
    assert fits(out, width) == []
