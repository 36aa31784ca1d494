"""A small desktop notification server for the tests, run inside `dbus-run-session`: it takes
the org.freedesktop.Notifications name, writes each notification it gets to a log, presses
the button labelled LABEL (CLICK: a click on the notification itself; EXPIRE: it drops the
notification at once, as a server does when it expires it), then runs the command given and
exits with its exit code.

    dbus-run-session -- python notification_server.py LOG LABEL COMMAND...

dbus-fast reads the D-Bus signature of each argument from its annotation ("s", "as", ...),
which is why this file is left out of the type and name checks (see pyproject.toml), and
why it does not import annotations from __future__.
"""

import asyncio
import json
import sys

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal


class Notifications(ServiceInterface):
    def __init__(self, log: str, label: str) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.log, self.label, self.count = log, label, 0

    @method()
    def GetCapabilities(self) -> "as":
        return ["actions", "body"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["test-server", "stretch", "1.0", "1.2"]

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
        self.count += 1
        labels = dict(zip(actions[1::2], actions[0::2], strict=True))
        with open(self.log, "a", encoding="utf-8") as log:
            entry = {"app": app_name, "summary": summary, "body": body, "buttons": list(labels)}
            log.write(json.dumps({**entry, "timeout": expire_timeout}) + "\n")
        loop = asyncio.get_running_loop()
        if self.label == "EXPIRE":
            loop.call_later(0.2, self.NotificationClosed, self.count, 1)
            return self.count
        key = (
            "default" if self.label == "CLICK" and "default" in actions else labels.get(self.label)
        )
        if key is not None:
            loop.call_later(0.2, self.ActionInvoked, self.count, key)
        return self.count

    @method()
    def CloseNotification(self, nid: "u") -> None:
        self.NotificationClosed(nid, 3)

    @signal()
    def ActionInvoked(self, nid: int, key: str) -> "us":
        return [nid, key]

    @signal()
    def NotificationClosed(self, nid: int, reason: int) -> "uu":
        return [nid, reason]


async def main(log: str, label: str, command: list[str]) -> int:
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications(log, label))
    await bus.request_name("org.freedesktop.Notifications")
    process = await asyncio.create_subprocess_exec(*command)
    return await process.wait()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:])))
