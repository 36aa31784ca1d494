"""A desktop notification with buttons, and the answer: desktop-notifier (D-Bus on Linux,
WinRT on Windows), else `notify-send` or `osascript`, which show it without buttons.

desktop-notifier is imported only here, when a reminder is due (asyncio and D-Bus take
about 70 ms to import).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from stretchcli.errors import said
from stretchcli.remind.system import CommandError, must, which
from stretchcli.text import one_line

if TYPE_CHECKING:
    from desktop_notifier import Capability, DesktopNotifier

NO_ANSWER = ""  # the notification was closed, or timed out, without a button
SHOWN = "shown"  # shown where no button can be offered


@dataclass(frozen=True)
class Notice:
    """A notification: its title and text, its buttons (key, label), and how long to wait
    for an answer, in seconds."""

    title: str
    body: str
    buttons: tuple[tuple[str, str], ...]
    wait: float
    click: str | None = None  # the key a click on the notification itself means, if any


class NotShown(Exception):
    """No way to show a notification worked; the message says why."""


class _NotSent(Exception):
    """The notification server could not be reached or did not take the notification (it
    was not shown: another way may be tried)."""


def shown(notice: Notice, platform: str) -> Notice:
    """The notice as it is sent: each text on one line, and the body never markup where the
    notification server reads it as markup (the freedesktop servers: `<a href>`, `<b>`)."""
    body = one_line(notice.body)
    if platform not in ("darwin", "win32"):
        body = html.escape(body, quote=False)
    return replace(notice, title=one_line(notice.title), body=body)


BUS_WAIT = 10.0  # seconds: a notification server answers at once, or is not really there


def notify(notice: Notice, environ: Mapping[str, str], platform: str = sys.platform) -> str:
    """Show the notice and wait for the answer: a button's key, NO_ANSWER, or SHOWN."""
    notice = shown(notice, platform)
    reasons = []
    if platform != "darwin":  # from a terminal, macOS gives desktop-notifier no notifications
        try:
            return asyncio.run(_desktop_notifier(notice))
        except _NotSent as exc:  # not shown: try the next way (never once it was shown)
            reasons.append(f"D-Bus: {exc}")
    fallback = ["osascript"] if platform == "darwin" else ["notify-send"]
    for command in fallback:
        if which(command, environ) is None:
            reasons.append(f"{command} not found")
            continue
        try:
            must(_fallback_args(command, notice), environ)
        except CommandError as exc:
            reasons.append(exc.message)
            continue
        return SHOWN
    raise NotShown("; ".join(reasons))


def _fallback_args(command: str, notice: Notice) -> list[str]:
    if command == "osascript":
        script = f"display notification {_apple(notice.body)} with title {_apple(notice.title)}"
        return ["osascript", "-e", script]
    expire = str(int(notice.wait * 1000))
    app = "--app-name=stretch"
    return ["notify-send", app, f"--expire-time={expire}", notice.title, notice.body]


def _apple(text: str) -> str:
    """An AppleScript string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def _desktop_notifier(notice: Notice) -> str:
    """Show the notice over D-Bus (or WinRT) and wait for its answer. Anything that goes
    wrong before the server has taken it is a _NotSent; after, the answer is NO_ANSWER: the
    same reminder is never shown a second time another way."""
    try:
        from desktop_notifier import DesktopNotifier

        notifier = DesktopNotifier(app_name="stretch", app_icon=None)  # not Python's logo
        # fails at once without a server; a bus that never answers is no server either
        capabilities = await asyncio.wait_for(notifier.get_capabilities(), BUS_WAIT)
        sent = await asyncio.wait_for(_send(notifier, notice, capabilities), BUS_WAIT)
    except TimeoutError:
        raise _NotSent(f"the notification server did not answer in {BUS_WAIT:g} s") from None
    except Exception as exc:  # any failure of the bus before it took the notification
        raise _NotSent(said(exc) or type(exc).__name__) from exc
    identifier, answer, waits = sent
    if not waits:
        return SHOWN
    try:
        return await asyncio.wait_for(answer, notice.wait)
    except TimeoutError:
        with contextlib.suppress(Exception):  # the server may have dropped it already
            await asyncio.wait_for(notifier.clear(identifier), BUS_WAIT)
        return NO_ANSWER
    except Exception:  # the bus went away while it was shown: no answer, not shown again
        return NO_ANSWER


async def _send(
    notifier: DesktopNotifier, notice: Notice, capabilities: frozenset[Capability]
) -> tuple[str, asyncio.Future[str], bool]:
    """Send the notice: its identifier, the future of its answer, and whether an answer can
    come (buttons, or a click that means something)."""
    from desktop_notifier import Button, Capability

    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str] = loop.create_future()

    def answered(key: str) -> None:
        if not answer.done():
            answer.set_result(key)

    buttons = []
    if Capability.BUTTONS in capabilities:
        buttons = [
            Button(title=label, on_pressed=functools.partial(answered, key))
            for key, label in notice.buttons
        ]
    clicked = functools.partial(answered, notice.click) if notice.click else None
    identifier = await notifier.send(
        title=notice.title,
        message=notice.body,
        buttons=buttons,
        on_clicked=clicked,
        on_dismissed=functools.partial(answered, NO_ANSWER),
        timeout=int(notice.wait),
    )
    return identifier, answer, bool(buttons or clicked)
