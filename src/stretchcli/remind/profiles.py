"""Whose reminders a scheduler's file checks: the config and state folders it passes on to
`stretch remind check` (a person may have two profiles, each with its own folders). The
systemd units and the launchd agent have one name for every profile, so `remind on` in one
profile must not replace another's: it would take that profile's reminders away unsaid."""

from __future__ import annotations

import plistlib
import shlex
from collections.abc import Mapping

from stretchcli.errors import StretchError
from stretchcli.remind.crontab import profile

_FOLDERS = ("STRETCH_CONFIG_DIR", "STRETCH_STATE_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


def passed(text: str, scheduler: str) -> dict[str, str]:
    """The folders' variables a unit's or agent's text passes on to the check."""
    if scheduler == "launchd":
        try:
            found = plistlib.loads(text.encode()).get("EnvironmentVariables") or {}
        except (plistlib.InvalidFileException, ValueError, AttributeError):
            return {}
        return {k: str(v) for k, v in found.items() if k in _FOLDERS}
    given: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("Environment="):
            continue
        try:  # one quoted word, as texts._systemd_quote writes it (its % doubled)
            words = shlex.split(line.removeprefix("Environment="))
        except ValueError:
            continue
        for word in words:
            name, _, value = word.partition("=")
            if name in _FOLDERS:
                given[name] = value.replace("%%", "%")
    return given


def refuse_another(path: object, text: str, scheduler: str, environ: Mapping[str, str]) -> None:
    """A StretchError if the file of ours at `path` checks another profile than this one."""
    if scheduler == "systemd" and "\nExecStart=" not in text:
        return  # the timer: the service it starts says whose check it is
    theirs = profile(passed(text, scheduler))
    if theirs == profile(environ):
        return
    folders = ", ".join(word for word in theirs if not word.endswith("=")) or "its defaults"
    raise StretchError(
        f"{path} checks the reminders of another of your profiles ({folders}): turning them "
        "on here would turn those off",
        "turn them off there first (stretch remind off, with that profile's folders set), "
        "or use crontab, which keeps a line for each profile",
    )
