"""What the desktop says over the D-Bus session bus, for a reminder check: how long GNOME has
had no input (Mutter's IdleMonitor), and whether notifications are held back (the
freedesktop Notifications server's `Inhibited` property, as KDE sets it, or dunst's
`paused`). Best effort: a missing bus, service or property is no answer, never an error.

dbus-fast comes with desktop-notifier; it is imported only by `stretch remind check`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dbus_fast.aio import MessageBus

WAIT = 1.0  # seconds: a desktop service answers at once or is not there

NOTIFICATIONS = ("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
MUTTER = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core")


@dataclass(frozen=True)
class Desktop:
    """The bus's answers: seconds without input (None: not known), and whether the
    notification server holds notifications back (None: not known)."""

    idle: float | None = None
    inhibited: bool | None = None


def ask(environ: Mapping[str, str]) -> Desktop:
    """Ask the session bus named by DBUS_SESSION_BUS_ADDRESS (none: nothing is known)."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        return Desktop()
    try:
        return asyncio.run(asyncio.wait_for(_ask(address), WAIT * 3))
    except Exception:  # no bus, a bus that went away, a timeout: nothing is known
        return Desktop()


async def _ask(address: str) -> Desktop:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    try:
        reply = await _call(bus, *MUTTER, "org.gnome.Mutter.IdleMonitor", "GetIdletime")
        idle = float(reply[0]) / 1000 if reply and isinstance(reply[0], int) else None
        inhibited = await _property(bus, *NOTIFICATIONS, NOTIFICATIONS[0], "Inhibited")
        if inhibited is None:  # dunst holds them back with its own property
            inhibited = await _property(bus, *NOTIFICATIONS, "org.dunstproject.cmd0", "paused")
        return Desktop(idle, inhibited if isinstance(inhibited, bool) else None)
    finally:
        bus.disconnect()


async def _property(bus: MessageBus, name: str, path: str, interface: str, key: str) -> Any:
    """A property's value, or None when the service or the property is not there."""
    body = await _call(
        bus, name, path, "org.freedesktop.DBus.Properties", "Get", "ss", [interface, key]
    )
    return body[0].value if body else None


async def _call(
    bus: MessageBus,
    name: str,
    path: str,
    interface: str,
    member: str,
    signature: str = "",
    body: list[Any] | None = None,
) -> list[Any] | None:
    """A method call's reply body, or None for an error or no answer in time."""
    from dbus_fast import Message, MessageType

    message = Message(
        destination=name,
        path=path,
        interface=interface,
        member=member,
        signature=signature,
        body=body or [],
    )
    try:
        reply = await asyncio.wait_for(bus.call(message), WAIT)
    except Exception:
        return None
    if reply is None or reply.message_type != MessageType.METHOD_RETURN:
        return None
    return list(reply.body)
