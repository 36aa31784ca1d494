"""Shared fixtures: an isolated user environment, a CLI runner, and `stretch`: the whole
program run through `main(argv, env)` on a fake terminal (no real waiting)."""

from __future__ import annotations

import io
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple, Protocol

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from stretchcli.cli import main
from stretchcli.clock import TEST_CLOCK
from stretchcli.env import Environment
from stretchcli.session.cues import Speaker
from stretchcli.session.devices import Devices, system_speaker
from stretchcli.views.screens import TerminalScreens
from tests.fakes import NOW, START, ZONE, FakeTerminal, TerminalOutput, TypedAtTerminal
from tests.system_fakes import fakes  # noqa: F401 - a fixture for every test module

# No example may fail for taking long: a busy machine is not a defect (speed is measured in
# benchmarks/, never asserted in tests).
settings.register_profile("stretch", deadline=None)
settings.load_profile("stretch")

REPO = Path(__file__).resolve().parents[1]
BUILTIN = REPO / "routines"


@pytest.fixture(autouse=True)
def fixed_time() -> Iterator[None]:
    """Every test runs in the same zone at the same moment, whenever and wherever the suite
    runs: TZ for this process and its children, and the wall clock of every `stretch`
    subprocess starting at NOW (the `stretch` fixture's runs start there too)."""
    saved = {name: os.environ.get(name) for name in ("TZ", TEST_CLOCK)}
    os.environ["TZ"] = ZONE
    os.environ[TEST_CLOCK] = NOW.isoformat()
    time.tzset()
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    time.tzset()


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test gets its own config and state folders, no STRETCH_PATH and no colour; and
    none of this machine's desktop or tmux server (a reminder check asks them for idle time)."""
    home = tmp_path / "home"
    monkeypatch.setenv("TMUX_TMPDIR", str(tmp_path / "tmux"))
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("STRETCH_STATE_DIR", str(home / "state"))
    monkeypatch.setenv("STRETCH_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("STRETCH_PATH", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm-256color")
    return home


@pytest.fixture
def user_routines(isolated: Path) -> Path:
    """The user's routines folder (created), with its exercises/ subfolder."""
    folder = isolated / "config" / "routines"
    (folder / "exercises").mkdir(parents=True)
    return folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class Result(NamedTuple):
    """What a command did: its exit code, standard output and standard error."""

    code: int
    out: str
    err: str


class Stretch(Protocol):
    def __call__(
        self,
        *args: str,
        keys: Sequence[tuple[float, str]] = (),
        typed: str | None = None,
        wall: datetime | None = None,
        voice: Callable[[float], Speaker | None] | None = None,
        terminal: FakeTerminal | None = None,
        tty: bool = False,
    ) -> Result: ...


@pytest.fixture
def stretch() -> Stretch:
    """`stretch ARGS` through `main(argv, env)`: the clock is a fake terminal's (a run takes
    no real time), `keys` are typed at it as (seconds after the start, key), `typed` is what
    a person types at prompts (stdin is then a terminal), `wall` fixes today (else the wall
    clock starts at NOW and runs with the fake terminal's), `voice` makes the speaker."""

    def invoke(
        *args: str,
        keys: Sequence[tuple[float, str]] = (),
        typed: str | None = None,
        wall: datetime | None = None,
        voice: Callable[[float], Speaker | None] | None = None,
        terminal: FakeTerminal | None = None,
        tty: bool = False,
    ) -> Result:
        terminal = terminal or FakeTerminal(list(keys))
        out, err = (TerminalOutput() if tty else io.StringIO()), io.StringIO()
        env = Environment(
            TypedAtTerminal(typed) if typed is not None else io.StringIO(),
            out,
            err,
            os.environ,
            monotonic=terminal.now,
            sleep=terminal.sleep,
            wall_clock=_fixed(wall) if wall is not None else _running(terminal),
        )
        devices = Devices(terminal.keyboard, voice or system_speaker, TerminalScreens())
        code = main(list(args), env, devices)
        return Result(code, out.getvalue(), err.getvalue())

    return invoke


def _fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def _running(terminal: FakeTerminal) -> Callable[[], datetime]:
    """A wall clock that starts at NOW and runs with the terminal's fake clock."""
    return lambda: (NOW + timedelta(seconds=terminal.now() - START)).astimezone()


@pytest.fixture
def handlers() -> Iterator[None]:
    """The process's signal handlers put back after the test (a run ended by a signal leaves
    the ending signals ignored, as the process is on its way out)."""
    from stretchcli.session.terminal import ending_signals

    saved = {n: signal.getsignal(n) for n in ending_signals()}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
