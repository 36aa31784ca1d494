"""A small desktop for the tests, run inside `dbus-run-session`: GNOME's idle monitor (it
says IDLE_MS milliseconds without input) and a notification server whose `Inhibited`
property is INHIBITED (Do Not Disturb). Each notification it gets is written to LOG. It runs
the command given and exits with its exit code.

    dbus-run-session -- python desktop_server.py LOG IDLE_MS INHIBITED COMMAND...

dbus-fast reads D-Bus signatures from the annotations ("t", "b", ...), which is why this file
is left out of the type and name checks (see pyproject.toml), and why it does not import
annotations from __future__.
"""

import asyncio
import json
import sys

from dbus_fast.aio import MessageBus
from dbus_fast.service import PropertyAccess, ServiceInterface, dbus_property, method


class IdleMonitor(ServiceInterface):
    def __init__(self, idle_ms: int) -> None:
        super().__init__("org.gnome.Mutter.IdleMonitor")
        self.idle_ms = idle_ms

    @method()
    def GetIdletime(self) -> "t":
        return self.idle_ms


class Notifications(ServiceInterface):
    def __init__(self, log: str, inhibited: bool) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.log, self.inhibited = log, inhibited

    @dbus_property(access=PropertyAccess.READ)
    def Inhibited(self) -> "b":
        return self.inhibited

    @method()
    def GetCapabilities(self) -> "as":
        return ["actions", "body"]

    @method()
    def Notify(
        self,
        app_name: "s",
        replaces_id: "u",
        app_icon: "s",
        summary: "s",
        body: "s",
        actions: "as",
        hints: "a{sv}",
        expire_timeout: "i",
    ) -> "u":
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(json.dumps({"summary": summary}) + "\n")
        return 1


async def main(log: str, idle_ms: int, inhibited: bool, command: list[str]) -> int:
    bus = await MessageBus().connect()
    bus.export("/org/gnome/Mutter/IdleMonitor/Core", IdleMonitor(idle_ms))
    await bus.request_name("org.gnome.Mutter.IdleMonitor")
    bus.export("/org/freedesktop/Notifications", Notifications(log, inhibited))
    await bus.request_name("org.freedesktop.Notifications")
    process = await asyncio.create_subprocess_exec(*command)
    return await process.wait()


if __name__ == "__main__":
    log, idle_ms, inhibited, *command = sys.argv[1:]
    sys.exit(asyncio.run(main(log, int(idle_ms), json.loads(inhibited), command)))
