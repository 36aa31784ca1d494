"""Whether the person is at a Wayland desktop right now, from the compositor's idle
notifications (`ext-idle-notify-v1`, or KDE's older `org_kde_kwin_idle` that wlroots
compositors such as sway 1.7 offer), spoken over the Wayland socket directly: a few
messages, no library.

What the protocol can tell a check: nothing of the past. An idle notification starts its
timer when it is made, so a check that asks once cannot learn how long the seat has been
idle; it makes one with the shortest timeout, and listens for a moment: input in that moment
(the compositor says the seat resumed) means the person is at the keyboard now. Anything
else (no input in that moment, no compositor, no such protocol, an odd answer) says nothing,
and the other sources decide: a person reading does not move.
"""

from __future__ import annotations

import os
import selectors
import socket
import struct
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

WINDOW = 0.5  # seconds a check listens for input (chosen: short beside a 5-minute check)
LONGEST_MESSAGE = 4096  # bytes: a compositor's message is never longer
DISPLAY, REGISTRY, FIRST_SYNC, NOTIFIER, SEAT, NOTIFICATION, SECOND_SYNC = range(1, 8)
# The interfaces, best first, with the request that makes a notification and its form.
# ext_idle_notifier_v1.get_idle_notification(new_id, timeout, seat) is its request 1;
# org_kde_kwin_idle.get_idle_timeout(new_id, seat, timeout) its request 0.
NOTIFIERS = ("ext_idle_notifier_v1", "org_kde_kwin_idle")
IDLED, RESUMED = 0, 1  # the notification's events, in both protocols


def active_now(environ: Mapping[str, str], window: float = WINDOW) -> bool | None:
    """True when the compositor saw input while this listened (`window` seconds at most,
    and as long again to connect and ask); None when it cannot tell."""
    path = socket_path(environ)
    if path is None:
        return None
    deadline = time.monotonic() + 2 * window
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(window)
            sock.connect(path)
            return _ask(sock, deadline, window)
    except (OSError, ValueError, struct.error):
        return None


def socket_path(environ: Mapping[str, str]) -> str | None:
    """The compositor's socket, as clients find it (WAYLAND_DISPLAY, a name in
    XDG_RUNTIME_DIR or a full path); None without one."""
    name = environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return None
    if os.path.isabs(name):
        return name
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    return os.path.join(runtime, name) if runtime else None


def message(target: int, opcode: int, *args: int | str) -> bytes:
    """A request on the wire: the object, its size and opcode, then each argument (a
    number as 32 bits, a string with its length, its NUL and padding to 4 bytes)."""
    body = b""
    for arg in args:
        if isinstance(arg, str):
            data = arg.encode("ascii") + b"\0"
            body += struct.pack("=I", len(data)) + data + b"\0" * (-len(data) % 4)
        else:
            body += struct.pack("=I", arg)
    return struct.pack("=II", target, (8 + len(body)) << 16 | opcode) + body


@dataclass
class _Reader:
    """The compositor's messages as they arrive: (object, opcode, body)."""

    sock: socket.socket
    kept: bytes = b""
    found: list[tuple[int, int, bytes]] = field(default_factory=list)

    def read(self, until: float) -> bool:
        """Take what has arrived, waiting until `until` at most; whether anything came."""
        left = until - time.monotonic()
        if left <= 0:
            return False
        with selectors.DefaultSelector() as selector:
            selector.register(self.sock, selectors.EVENT_READ)
            if not selector.select(left):
                return False
        data = self.sock.recv(65536)
        if not data:
            raise ValueError("the compositor closed the connection")
        self.kept += data
        while len(self.kept) >= 8:
            target, word = struct.unpack_from("=II", self.kept)
            size = word >> 16
            if size < 8 or size > LONGEST_MESSAGE:
                raise ValueError("not a Wayland message")
            if len(self.kept) < size:
                break
            self.found.append((target, word & 0xFFFF, self.kept[8:size]))
            self.kept = self.kept[size:]
        return True


def _string(body: bytes, at: int) -> tuple[str, int]:
    """A string argument at offset `at`, and the offset after it."""
    (length,) = struct.unpack_from("=I", body, at)
    if length == 0 or at + 4 + length > len(body):
        raise ValueError("not a Wayland string")
    text = body[at + 4 : at + 4 + length - 1].decode("ascii")
    return text, at + 4 + length + (-length % 4)


def _ask(sock: socket.socket, deadline: float, window: float) -> bool | None:
    reader = _Reader(sock)
    sock.sendall(message(DISPLAY, 1, REGISTRY) + message(DISPLAY, 0, FIRST_SYNC))
    globals_: dict[str, tuple[int, int]] = {}
    while not any(t == FIRST_SYNC for t, _, _ in reader.found):
        if not reader.read(deadline):
            return None
    for target, opcode, body in reader.found:
        if target == REGISTRY and opcode == 0:
            (name,) = struct.unpack_from("=I", body)
            interface, at = _string(body, 4)
            (version,) = struct.unpack_from("=I", body, at)
            globals_.setdefault(interface, (name, version))
    chosen = next((i for i in NOTIFIERS if i in globals_), None)
    if chosen is None or "wl_seat" not in globals_:
        return None  # this compositor offers no idle notifications
    reader.found.clear()
    notifier, seat = globals_[chosen][0], globals_["wl_seat"][0]
    # The shortest timeout (1 ms): the seat reads idle at once, and input then resumes it.
    make = (
        message(NOTIFIER, 1, NOTIFICATION, 1, SEAT)
        if chosen == "ext_idle_notifier_v1"
        else message(NOTIFIER, 0, NOTIFICATION, SEAT, 1)
    )
    sock.sendall(
        message(REGISTRY, 0, notifier, chosen, 1, NOTIFIER)
        + message(REGISTRY, 0, seat, "wl_seat", 1, SEAT)
        + make
        + message(DISPLAY, 0, SECOND_SYNC)
    )
    listen_until = min(deadline, time.monotonic() + window)
    while reader.read(listen_until):
        for target, opcode, _ in reader.found:
            if target == DISPLAY and opcode == 0:
                return None  # the compositor refused a request
            if target == NOTIFICATION and opcode == RESUMED:
                return True
    return None
