"""The system's own schedulers, which run `stretch remind check` every few minutes: a systemd
user timer (Linux), a launchd agent (macOS), a Task Scheduler task (Windows), or a crontab
line. `install` writes and enables what the scheduler needs and returns what it wrote, so
that `remove` takes away exactly that.
"""

from __future__ import annotations

import json
import os
import plistlib
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from stretchcli.errors import StretchError
from stretchcli.files.atomic import write_text
from stretchcli.remind.system import CommandError, must, run, which

SchedulerName = Literal["systemd", "launchd", "schtasks", "cron"]
SCHEDULERS: tuple[SchedulerName, ...] = ("systemd", "launchd", "schtasks", "cron")
CHECK_MINUTES = 5  # chosen: a reminder is at most this late; 288 short checks a day
NAME = "stretch-remind"
LABEL = "dev.stretch.remind"  # launchd's reverse-DNS label
MARK = "# stretch-remind"  # ends our crontab line, to find it again
PASSED_ON = ("STRETCH_CONFIG_DIR", "STRETCH_STATE_DIR", "STRETCH_PATH")  # the user's folders
MANIFEST = "remind-installed.json"


@dataclass(frozen=True)
class Installed:
    """What `install` set up: the scheduler and the files it wrote."""

    scheduler: SchedulerName
    files: tuple[Path, ...]
    command: tuple[str, ...]

    def record(self) -> dict[str, object]:
        """As kept in the state folder, and shown by `remind --json`."""
        return {
            "scheduler": self.scheduler,
            "files": [str(f) for f in self.files],
            "command": list(self.command),
        }


def detect(environ: Mapping[str, str]) -> SchedulerName | None:
    """The scheduler of this system, if one is running for the user."""
    if sys.platform == "darwin":
        return "launchd"
    if sys.platform == "win32":
        return "schtasks"
    if which("systemctl", environ) is None:
        return None
    try:
        done = run(["systemctl", "--user", "is-system-running"], environ)
    except CommandError:
        return None
    states = ("running", "degraded", "starting", "initializing", "maintenance")
    return "systemd" if done.out.strip() in states else None


def install(
    scheduler: SchedulerName, command: Sequence[str], environ: Mapping[str, str]
) -> Installed:
    """Set the scheduler to run `command remind check` every CHECK_MINUTES; what it wrote.
    On failure nothing it wrote is left behind."""
    check = (*command, "remind", "check")
    files: tuple[Path, ...] = ()
    try:
        if scheduler == "systemd":
            files = _systemd_install(check, environ)
        elif scheduler == "launchd":
            files = _launchd_install(check, environ)
        elif scheduler == "schtasks":
            must(_schtasks_create(check), environ)
        else:
            _cron_write([*_cron_without(environ), cron_line(check, environ)], environ)
    except (StretchError, OSError):
        for path in files:
            path.unlink(missing_ok=True)
        raise
    return Installed(scheduler, files, check)


def remove(installed: Installed, environ: Mapping[str, str]) -> None:
    """Stop the scheduler running the check and delete the files `install` wrote."""
    if installed.scheduler == "systemd":
        run(["systemctl", "--user", "disable", "--now", f"{NAME}.timer"], environ)
    elif installed.scheduler == "launchd":
        run(["launchctl", "bootout", f"gui/{_uid()}/{LABEL}"], environ)
    elif installed.scheduler == "schtasks":
        run(["schtasks", "/Delete", "/TN", NAME, "/F"], environ)
    else:
        _cron_write(_cron_without(environ), environ)
    for path in installed.files:
        path.unlink(missing_ok=True)
    if installed.scheduler == "systemd":
        run(["systemctl", "--user", "daemon-reload"], environ)


def state(installed: Installed, environ: Mapping[str, str]) -> str:
    """How the scheduler says it is: 'active', 'inactive', 'loaded', 'missing', ..."""
    try:
        if installed.scheduler == "systemd":
            done = run(["systemctl", "--user", "is-active", f"{NAME}.timer"], environ)
            return done.out.strip() or "unknown"
        if installed.scheduler == "launchd":
            done = run(["launchctl", "print", f"gui/{_uid()}/{LABEL}"], environ)
            return "loaded" if done.code == 0 else "not loaded"
        if installed.scheduler == "schtasks":
            done = run(["schtasks", "/Query", "/TN", NAME], environ)
            return "ready" if done.code == 0 else "missing"
        return "in the crontab" if any(MARK in line for line in _cron_lines(environ)) else "missing"
    except CommandError as exc:
        return f"unknown ({exc.message})"


def systemd_units(check: Sequence[str], environ: Mapping[str, str]) -> dict[str, str]:
    """The service and timer units, by file name."""
    lines = [f"Environment={_systemd_quote(f'{k}={environ[k]}')}" for k in _passed(environ)]
    service = "\n".join(
        [
            "# Written by `stretch remind on`; `stretch remind off` removes it.",
            "[Unit]",
            "Description=stretch: a reminder to stretch, when one is due",
            "",
            "[Service]",
            "Type=oneshot",
            "ExecStart=" + " ".join(_systemd_quote(arg) for arg in check),
            *lines,
            "# A reminder waits a few minutes for its answer.",
            "TimeoutStartSec=15min",
            "",
        ]
    )
    timer = "\n".join(
        [
            "# Written by `stretch remind on`; `stretch remind off` removes it.",
            "[Unit]",
            f"Description=stretch: look every {CHECK_MINUTES} minutes whether a stretch is due",
            "",
            "[Timer]",
            f"OnCalendar=*:0/{CHECK_MINUTES}",
            "AccuracySec=30s",
            f"Unit={NAME}.service",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )
    return {f"{NAME}.service": service, f"{NAME}.timer": timer}


def systemd_dir(environ: Mapping[str, str]) -> Path:
    """The user's systemd unit folder."""
    base = environ.get("XDG_CONFIG_HOME", "").strip() or os.path.join(_home(environ), ".config")
    return Path(base) / "systemd" / "user"


def _systemd_install(check: Sequence[str], environ: Mapping[str, str]) -> tuple[Path, ...]:
    folder = systemd_dir(environ)
    written = []
    try:
        for name, text in systemd_units(check, environ).items():
            write_text(folder / name, text)
            written.append(folder / name)
        must(["systemctl", "--user", "daemon-reload"], environ)
        must(["systemctl", "--user", "enable", "--now", f"{NAME}.timer"], environ)
    except (StretchError, OSError):
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return tuple(written)


def _systemd_quote(word: str) -> str:
    """One argument for a unit file's command line: quoted, with systemd's specifiers (%)
    and variables ($) kept literal."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def launchd_plist(check: Sequence[str], environ: Mapping[str, str]) -> bytes:
    """The launchd agent's property list."""
    agent: dict[str, object] = {
        "Label": LABEL,
        "ProgramArguments": list(check),
        "StartInterval": CHECK_MINUTES * 60,
        "RunAtLoad": False,
        "ProcessType": "Interactive",  # a reminder is for the person at the screen
    }
    passed = {k: environ[k] for k in _passed(environ)}
    if passed:
        agent["EnvironmentVariables"] = passed
    return plistlib.dumps(agent)


def launchd_path(environ: Mapping[str, str]) -> Path:
    """Where the agent's property list goes."""
    return Path(_home(environ)) / "Library" / "LaunchAgents" / f"{LABEL}.plist"


def _launchd_install(check: Sequence[str], environ: Mapping[str, str]) -> tuple[Path, ...]:
    path = launchd_path(environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(launchd_plist(check, environ))
    run(["launchctl", "bootout", f"gui/{_uid()}/{LABEL}"], environ)  # an older one, if any
    try:
        must(["launchctl", "bootstrap", f"gui/{_uid()}", str(path)], environ)
    except StretchError:
        path.unlink(missing_ok=True)
        raise
    return (path,)


def _schtasks_create(check: Sequence[str]) -> list[str]:
    """The schtasks command that makes the task (its /TR is one Windows command line)."""
    command = subprocess.list2cmdline(list(check))
    every = str(CHECK_MINUTES)
    return ["schtasks", "/Create", "/TN", NAME, "/TR", command, "/SC", "MINUTE", "/MO", every, "/F"]


def cron_line(check: Sequence[str], environ: Mapping[str, str]) -> str:
    """The crontab line that runs the check (cron runs it with sh, without the desktop's
    environment: the session bus and display are given)."""
    names = (*_passed(environ), "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY")
    given = [f"{k}={shlex.quote(environ[k])}" for k in names if environ.get(k)]
    command = " ".join([*given, *(shlex.quote(arg) for arg in check)]).replace("%", "\\%")
    return f"*/{CHECK_MINUTES} * * * * {command} {MARK}"


def _cron_lines(environ: Mapping[str, str]) -> list[str]:
    done = run(["crontab", "-l"], environ)
    return done.out.splitlines() if done.code == 0 else []  # 1: no crontab yet


def _cron_without(environ: Mapping[str, str]) -> list[str]:
    return [line for line in _cron_lines(environ) if not line.endswith(MARK)]


def _cron_write(lines: list[str], environ: Mapping[str, str]) -> None:
    must(["crontab", "-"], environ, stdin="".join(line + "\n" for line in lines))


def _passed(environ: Mapping[str, str]) -> list[str]:
    return [k for k in PASSED_ON if environ.get(k)]


def _home(environ: Mapping[str, str]) -> str:
    return environ.get("HOME") or os.path.expanduser("~")


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def save(installed: Installed, state_dir: Path) -> None:
    """Keep what was installed, for `off` and the status."""
    write_text(state_dir / MANIFEST, json.dumps(installed.record(), indent=2) + "\n")


def load(state_dir: Path) -> Installed | None:
    """What `on` installed, or None (nothing, or a record that cannot be read)."""
    try:
        data = json.loads((state_dir / MANIFEST).read_text(encoding="utf-8"))
        scheduler = next(s for s in SCHEDULERS if s == data["scheduler"])
        files = tuple(Path(str(f)) for f in data["files"])
        command = tuple(str(a) for a in data["command"])
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        return None
    return Installed(scheduler, files, command)


def forget(state_dir: Path) -> None:
    """Drop the record of what was installed."""
    (state_dir / MANIFEST).unlink(missing_ok=True)
