"""Fake system commands on PATH (systemctl, launchctl, schtasks, crontab, loginctl,
notify-send, ioreg, a terminal): each records its argument list, and answers as told."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = """#!{python}
import json, os, sys
try:  # what crontab says for this user when there is no table (as cronie says it)
    import pwd
    NO_CRONTAB = "no crontab for %s\\n" % pwd.getpwuid(os.getuid()).pw_name
except (ImportError, KeyError):
    NO_CRONTAB = "no crontab\\n"
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps([{name!r}, *sys.argv[1:]]) + "\\n")
{body}
"""


@dataclass
class FakeCommands:
    """A folder of fake commands put first on PATH; `calls` is what they were run with."""

    folder: Path
    log: Path

    def add(self, name: str, out: str = "", code: int = 0, body: str = "") -> None:
        """A command that prints `out` and exits with `code` (or runs `body`)."""
        body = body or f"sys.stdout.write({out!r})\nsys.exit({code})"
        path = self.folder / name
        path.write_text(
            SCRIPT.format(python=sys.executable, log=str(self.log), name=name, body=body)
        )
        path.chmod(0o755)

    def calls(self, name: str | None = None) -> list[list[str]]:
        """Every call so far (of `name`), as argument lists with the command first."""
        if not self.log.exists():
            return []
        calls = [json.loads(line) for line in self.log.read_text().splitlines()]
        return [c for c in calls if name is None or c[0] == name]


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeCommands:
    """Fake commands first on PATH; HOME and XDG_CONFIG_HOME in the test's folder; no
    session bus (so notifications go to the fake notify-send)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    commands = FakeCommands(folder, tmp_path / "calls.jsonl")
    # Present by default: nobody is away. A test that wants otherwise adds its own.
    commands.add("loginctl", body=LOGINCTL.format(locked="no", idle="no", since=""))
    # No tmux server, whatever this machine runs: its clients' keys are the test's to set.
    commands.add("tmux", out="no server running\n", code=1)
    return commands


LOGINCTL = """
if sys.argv[1] == "show-user":
    print("c2")
else:
    print("LockedHint={locked}")
    print("IdleHint={idle}")
    print("IdleSinceHint={since}")
"""
