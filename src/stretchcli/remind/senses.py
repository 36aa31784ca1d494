"""Whether the person is at the screen, and whether a reminder must stay quiet, from every
source the system has. Best effort throughout: a source that cannot be asked (missing,
slow, an odd answer) says nothing, and with no source at all the person counts as present,
so that a reminder is rather shown once too often than never.

Idle time, the most exact source first: GNOME's Mutter IdleMonitor (D-Bus), the X11 screen
saver extension (through `xprintidle`), macOS's HID idle time, Windows' last input; then a
Wayland compositor's idle notifications, which can only tell input during the check itself
(`wayland.py`); then logind's idle hint, which a desktop sets only after its own idle delay.
The terminal counts too: the last key pressed in any tmux client, and the last prompt drawn
by `stretch due --format prompt` (over SSH and in a console, often the only sign there is).
The person is as idle as the freshest of these says.

Quiet: Do Not Disturb (the notification server's `Inhibited` property, dunst's pause,
GNOME's show-banners switched off, a macOS Focus where its files can be read), a camera in
use by one of the person's own programs (a video call), or a window in full screen where the
X11 desktop tells (a presentation).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from stretchcli.remind.bus import Desktop, ask
from stretchcli.remind.focus import focus_on
from stretchcli.remind.presence import Seen
from stretchcli.remind.state_files import HERE
from stretchcli.remind.system import peek
from stretchcli.remind.wayland import active_now

SHORT = 2.0  # seconds: these commands answer at once, or not in time for a check
LONG_AGO = 86400.0  # seconds: idle for longer than any pause, where nothing says how long


def sense(
    environ: Mapping[str, str],
    state_dir: Path,
    now: datetime,
    platform: str = sys.platform,
    proc: Path = Path("/proc"),
    desktop: Callable[[Mapping[str, str]], Desktop] = ask,
    wayland: Callable[[Mapping[str, str]], bool | None] = active_now,
) -> Seen:
    """What a check sees at `now`."""
    linux = platform.startswith("linux")
    bus = desktop(environ) if linux else Desktop()
    locked, hinted = _logind(environ, now) if platform.startswith("linux") else (False, None)
    screen = next(
        (
            idle
            for idle in (
                bus.idle,
                _x11(environ) if platform.startswith("linux") else None,
                _mac(environ) if platform == "darwin" else None,
                _windows() if platform == "win32" else None,
                0.0 if linux and bus.idle is None and wayland(environ) else None,
                hinted,
            )
            if idle is not None
        ),
        None,
    )
    terminal = [t for t in (_tmux(environ, now), _prompt(state_dir, now)) if t is not None]
    idle = min([screen, *terminal]) if screen is not None else min(terminal, default=None)
    quiet = None
    if bus.inhibited or _banners_off(environ, platform) or _focus(environ, platform, now):
        quiet = "do-not-disturb"
    elif platform.startswith("linux") and camera_in_use(proc):
        quiet = "camera"
    elif platform.startswith("linux") and _full_screen(environ):
        quiet = "full-screen"
    return Seen(now, idle, locked, quiet)


def _ran(args: list[str], environ: Mapping[str, str]) -> str | None:
    """A command's output when it is there, answers in time and says little, else None."""
    return peek(args, environ, SHORT)


def _number(word: str) -> int | None:
    """A whole number as a command writes it (ASCII digits, not absurdly long), or None."""
    word = word.strip()
    return int(word) if word.isascii() and word.isdigit() and len(word) <= 20 else None


def _idle(seconds: float) -> float | None:
    """Idle seconds as a source gave them, if they can be true (none beyond LONG_AGO)."""
    return min(seconds, LONG_AGO) if seconds >= 0 else None


def _logind(environ: Mapping[str, str], now: datetime) -> tuple[bool, float | None]:
    """logind's hints for the user's graphical session: locked, and idle seconds when the
    desktop has said it is idle (None: not idle, or not known)."""
    uid = str(os.getuid()) if hasattr(os, "getuid") else ""
    shown = _ran(["loginctl", "show-user", uid, "--property=Display", "--value"], environ)
    session = (shown or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]+", session):
        return False, None
    properties = ["--property=LockedHint", "--property=IdleHint", "--property=IdleSinceHint"]
    hints = _ran(["loginctl", "show-session", session, *properties], environ) or ""
    values = dict(line.partition("=")[::2] for line in hints.splitlines())
    locked = values.get("LockedHint") == "yes"
    if values.get("IdleHint") != "yes":
        return locked, None
    since = _number(values.get("IdleSinceHint", ""))
    if since is not None and 0 < since <= now.timestamp() * 1e6:
        return locked, _idle(now.timestamp() - since / 1e6)
    return locked, LONG_AGO  # idle, since the desktop does not say when


def _x11(environ: Mapping[str, str]) -> float | None:
    """Milliseconds without input, from the X11 screen saver extension."""
    if not environ.get("DISPLAY"):
        return None
    found = _number(_ran(["xprintidle"], environ) or "")
    return None if found is None else _idle(found / 1000)


def _mac(environ: Mapping[str, str]) -> float | None:
    """The HID system's idle time (nanoseconds), from ioreg."""
    out = _ran(["ioreg", "-c", "IOHIDSystem", "-d", "4"], environ) or ""
    found = re.search(r'"HIDIdleTime"\s*=\s*([0-9]{1,20})\b', out)
    return _idle(int(found[1]) / 1e9) if found else None


def _windows() -> float | None:  # pragma: no cover - Windows only
    """Seconds since the last input, from GetLastInputInfo."""
    import ctypes

    # LASTINPUTINFO: its size in bytes, then the tick count of the last input.
    info = (ctypes.c_uint * 2)(8, 0)
    windll = getattr(ctypes, "windll", None)
    if windll is None or not windll.user32.GetLastInputInfo(ctypes.byref(info)):
        return None
    ticks = int(windll.kernel32.GetTickCount())
    return _idle(((ticks - int(info[1])) & 0xFFFFFFFF) / 1000)


def _tmux(environ: Mapping[str, str], now: datetime) -> float | None:
    """Seconds since the last key pressed in any client of the person's tmux server."""
    out = _ran(["tmux", "list-clients", "-F", "#{client_activity}"], environ) or ""
    moments = [n for n in map(_number, out.split()) if n is not None and n <= now.timestamp()]
    if not moments:
        return None
    return _idle(now.timestamp() - max(moments))


def _prompt(state_dir: Path, now: datetime) -> float | None:
    """Seconds since `stretch due --format prompt` last drew a prompt."""
    try:
        drawn = (state_dir / HERE).stat().st_mtime
    except OSError:
        return None
    return _idle(max(0.0, now.timestamp() - drawn))


def _banners_off(environ: Mapping[str, str], platform: str) -> bool:
    """GNOME's Do Not Disturb: notification banners switched off."""
    if not platform.startswith("linux") or not environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    args = ["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"]
    return (_ran(args, environ) or "").strip() == "false"


def _focus(environ: Mapping[str, str], platform: str, now: datetime) -> bool:
    """A macOS Focus on, where its files can be read (by hand, or by its schedule)."""
    if platform != "darwin":
        return False
    home = Path(environ.get("HOME") or os.path.expanduser("~"))
    return bool(focus_on(home, now.astimezone()))


def _full_screen(environ: Mapping[str, str]) -> bool:
    """Whether the active window fills the screen (a presentation, a film), where the X11
    desktop tells (through `xprop`; Wayland does not tell other programs)."""
    if not environ.get("DISPLAY"):
        return False
    active = _ran(["xprop", "-root", "_NET_ACTIVE_WINDOW"], environ) or ""
    found = re.search(r"window id # (0x[0-9a-fA-F]+)", active)
    if found is None or int(found[1], 16) == 0:
        return False
    state = _ran(["xprop", "-id", found[1], "_NET_WM_STATE"], environ) or ""
    return "_NET_WM_STATE_FULLSCREEN" in state


def camera_in_use(proc: Path) -> bool:
    """Whether one of this user's own processes has a video device open (a call)."""
    uid = os.getuid() if hasattr(os, "getuid") else -1
    try:
        pids = [p for p in proc.iterdir() if p.name.isdigit()]
    except OSError:
        return False
    for pid in pids:
        try:
            if pid.stat().st_uid != uid:
                continue
            for fd in (pid / "fd").iterdir():
                if os.readlink(fd).startswith("/dev/video"):
                    return True
        except OSError:
            continue  # gone, or not ours to look at
    return False
