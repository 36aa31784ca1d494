"""Whether the person is away from the screen: locked, or idle. Best effort: whatever cannot
be asked (no logind, no ioreg, an odd answer) counts as present, so that a reminder is
rather shown once too often than never."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

from stretchcli.remind.system import CommandError, run

IDLE_SECONDS = 300  # chosen: macOS reports raw input idle time; five minutes without it is away


def away(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why the person seems away ('the screen is locked', 'idle'), or None."""
    try:
        if platform == "darwin":
            return _mac(environ)
        if platform.startswith("linux"):
            return _logind(environ)
    except CommandError:
        return None
    return None


def _logind(environ: Mapping[str, str]) -> str | None:
    """logind's hints for the user's graphical session (its `Display` session)."""
    uid = str(os.getuid()) if hasattr(os, "getuid") else ""
    shown = run(["loginctl", "show-user", uid, "--property=Display", "--value"], environ)
    session = shown.out.strip()
    if shown.code != 0 or not re.fullmatch(r"[A-Za-z0-9_-]+", session):
        return None
    hints = run(
        ["loginctl", "show-session", session, "--property=LockedHint", "--property=IdleHint"],
        environ,
    )
    values = dict(line.partition("=")[::2] for line in hints.out.splitlines())
    if values.get("LockedHint") == "yes":
        return "the screen is locked"
    if values.get("IdleHint") == "yes":
        return "idle"
    return None


def _mac(environ: Mapping[str, str]) -> str | None:
    """The HID system's idle time, in nanoseconds, from ioreg."""
    done = run(["ioreg", "-c", "IOHIDSystem", "-d", "4"], environ)
    found = re.search(r'"HIDIdleTime"\s*=\s*(\d+)', done.out)
    if found and int(found[1]) / 1e9 >= IDLE_SECONDS:
        return "idle"
    return None
