"""What each system scheduler is given to run `stretch remind check` every few minutes: a
systemd service and timer, a launchd agent's plist, a Task Scheduler task's XML, a crontab
line. Pure: each is made from the check's command and the variables passed on, and refuses
any value with a line break or another control character (so nothing from the environment can
add a line or a directive of its own); and each first looks whether `stretch` is still
installed, so that the checks stop quietly once it is not."""

from __future__ import annotations

import os
import plistlib
import shlex
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.etree import ElementTree

from stretchcli.errors import StretchError
from stretchcli.remind.state_files import MANIFEST as MANIFEST
from stretchcli.remind.system import stretch_file

CHECK_MINUTES = 5  # chosen: a reminder is at most this late; 288 short checks a day
NAME = "stretch-remind"
LABEL = "dev.stretch.remind"  # launchd's reverse-DNS label
MARK = "# stretch-remind"  # ends our crontab line, to find it again
# The user's folders, however they were named: a scheduler starts the check without the
# shell's variables, and the check must read the config and history `remind on` was given.
PASSED_ON = (
    "STRETCH_CONFIG_DIR",
    "STRETCH_STATE_DIR",
    "STRETCH_CACHE_DIR",
    "STRETCH_PATH",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    # The person's zone: working hours and days are theirs, and a scheduler runs the check
    # in the system's (a person in Kolkata on a machine in UTC was reminded after work).
    "TZ",
)
DESKTOP = ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY")  # cron has none of them
WRITTEN = "Written by `stretch remind on`; `stretch remind off` removes it."
HEADER = f"# {WRITTEN}"  # the first line of our unit files: how `off` knows them
TIMER = f"{NAME}.timer"
SERVICE = f"{NAME}.service"
PLIST = f"{LABEL}.plist"
TASK_XML = f"{NAME}-task.xml"  # given to schtasks, then deleted


def _one_line(name: str, value: str, what: str) -> str:
    """`value`, or a StretchError naming `name` when it holds a line break or another
    control character (it would end a crontab line or a unit's directive)."""
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        raise StretchError(
            f"{name} holds a line break or another control character, which cannot go into "
            f"the {what}",
            f"take it out of {name}, then run `stretch remind on` again",
        )
    if any("\udc80" <= c <= "\udcff" for c in value):  # bytes that are not UTF-8 (a name
        raise StretchError(  # from an old disk or an archive), which no unit file can hold
            f"{name} holds a name that is not UTF-8 text, which cannot go into the {what}",
            f"rename the folder (or give {name} another), then run `stretch remind on` again",
        )
    return value


def _given(
    environ: Mapping[str, str], names: Sequence[str], check: Sequence[str], what: str
) -> dict[str, str]:
    """The variables passed on to the check (those set), each checked with `_one_line`, and
    the check's command checked likewise."""
    for arg in check:
        _one_line("the path of stretch", arg, what)
    return {
        k: _absolute(k, _one_line(k, environ[k], what), what)
        if k in FOLDERS or k == "STRETCH_PATH"
        else _one_line(k, environ[k], what)
        for k in names
        if environ.get(k) and not (k.startswith("XDG_") and not os.path.isabs(environ[k]))
    }  # a relative XDG folder is ignored (the XDG rule), so it is not passed on


FOLDERS = tuple(name for name in PASSED_ON if name.startswith("STRETCH_") and name.endswith("DIR"))


def _absolute(name: str, value: str, what: str) -> str:
    """`value`, or a StretchError naming `name` when it is a relative path (STRETCH_PATH:
    when one of its folders is): the check starts in another folder, where it would name
    another folder."""
    parts = value.split(os.pathsep) if name == "STRETCH_PATH" else [value]
    relative = [part for part in parts if part.strip() and not os.path.isabs(part)]
    if not relative:
        return value
    said = f"{name}={value} is" if parts == [value] else f"{name} holds {relative[0]},"
    raise StretchError(
        f"{said} a relative path, which cannot go into the {what}",
        f"give a full path in {name}, then run `stretch remind on` again",
    )


def systemd_units(check: Sequence[str], environ: Mapping[str, str]) -> dict[str, str]:
    """The service and timer units, by file name."""
    given = _given(environ, PASSED_ON, check, "systemd unit")
    probe = _systemd_path(stretch_file(check[: _command_length(check)]))
    service = "\n".join(
        [
            HEADER,
            "[Unit]",
            "Description=stretch: a reminder to stretch, when one is due",
            "# Once stretch is uninstalled, the check is skipped without a word.",
            f"ConditionPathExists={probe}",
            "",
            "[Service]",
            "Type=oneshot",
            "ExecStart=" + " ".join(_systemd_quote(arg) for arg in check),
            # Environment= takes $ literally (only ExecStart= expands variables).
            *(f"Environment={_systemd_quote(f'{k}={v}', expands=False)}" for k, v in given.items()),
            "# A reminder waits a few minutes for its answer.",
            "TimeoutStartSec=15min",
            "",
        ]
    )
    timer = "\n".join(
        [
            HEADER,
            "[Unit]",
            f"Description=stretch: look every {CHECK_MINUTES} minutes whether a stretch is due",
            "",
            "[Timer]",
            f"OnCalendar=*:0/{CHECK_MINUTES}",
            "AccuracySec=30s",
            f"Unit={SERVICE}",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )
    return {SERVICE: service, TIMER: timer}


def systemd_dir(environ: Mapping[str, str]) -> Path:
    """The user's systemd unit folder."""
    given = environ.get("XDG_CONFIG_HOME", "")
    base = given if os.path.isabs(given) else os.path.join(home_folder(environ), ".config")
    return Path(base) / "systemd" / "user"  # a relative XDG folder is ignored (the XDG rule)


def _systemd_quote(word: str, expands: bool = True) -> str:
    """One quoted word for a unit file, with systemd's specifiers (%) and, in a line that
    `expands` them, its variables ($) kept literal."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return '"' + (escaped.replace("$", "$$") if expands else escaped) + '"'


def _systemd_path(path: str) -> str:
    """A path as a unit's condition takes it (not quoted; specifiers kept literal)."""
    return path.replace("%", "%%")


def launchd_plist(check: Sequence[str], environ: Mapping[str, str]) -> bytes:
    """The launchd agent's property list: sh runs the check only while stretch is there."""
    given = _given(environ, PASSED_ON, check, "launchd agent")
    probe = stretch_file(check[: _command_length(check)])
    agent: dict[str, object] = {
        "Label": LABEL,
        # "$0" and "$@" are the arguments after the script: nothing in them is read by sh.
        "ProgramArguments": [
            "/bin/sh",
            "-c",
            'test -e "$0" || exit 0; exec "$@"',
            probe,
            *check,
        ],
        "StartInterval": CHECK_MINUTES * 60,
        "RunAtLoad": False,
        "ProcessType": "Interactive",  # a reminder is for the person at the screen
    }
    if given:
        agent["EnvironmentVariables"] = given
    return plistlib.dumps(agent)


def launchd_path(environ: Mapping[str, str]) -> Path:
    """Where the agent's property list goes."""
    return Path(home_folder(environ)) / "Library" / "LaunchAgents" / PLIST


def task_xml(check: Sequence[str], environ: Mapping[str, str]) -> str:
    """The Task Scheduler task, as the XML `schtasks /Create /XML` takes: cmd sets the
    folders, then runs the check only while stretch is there."""
    what = "Task Scheduler task"
    # Not TZ: Windows reads it in a form of its own, and a task runs in the person's zone.
    given = _given(environ, [name for name in PASSED_ON if name != "TZ"], check, what)
    for name, value in [("the path of stretch", " ".join(check)), *given.items()]:
        if "%" in value or '"' in value:  # cmd would read %NAME% as a variable
            raise StretchError(
                f'{name} holds % or ", which cmd would not take literally in the {what}',
                f"take it out of {name}, then run `stretch remind on` again",
            )
    probe = stretch_file(check[: _command_length(check)])
    steps = [f'set "{k}={v}"' for k, v in given.items()]
    steps.append(f'if exist "{probe}" ' + " ".join(f'"{arg}"' for arg in check))
    task = ElementTree.Element(
        "Task", version="1.2", xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"
    )
    info = ElementTree.SubElement(task, "RegistrationInfo")
    ElementTree.SubElement(info, "Description").text = WRITTEN
    trigger = ElementTree.SubElement(ElementTree.SubElement(task, "Triggers"), "TimeTrigger")
    repetition = ElementTree.SubElement(trigger, "Repetition")
    ElementTree.SubElement(repetition, "Interval").text = f"PT{CHECK_MINUTES}M"
    ElementTree.SubElement(trigger, "StartBoundary").text = "2000-01-01T00:00:00"
    settings = ElementTree.SubElement(task, "Settings")
    for key, value in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("ExecutionTimeLimit", "PT15M"),  # a reminder waits a few minutes for its answer
    ):
        ElementTree.SubElement(settings, key).text = value
    action = ElementTree.SubElement(ElementTree.SubElement(task, "Actions"), "Exec")
    ElementTree.SubElement(action, "Command").text = "cmd.exe"
    # /d: no AutoRun commands; /s /c: the quoted rest is run as it is.
    ElementTree.SubElement(action, "Arguments").text = f'/d /s /c "{" & ".join(steps)}"'
    # Written as UTF-16, the encoding schtasks reads and the one Task Scheduler exports.
    declaration = '<?xml version="1.0" encoding="UTF-16"?>\n'
    return declaration + ElementTree.tostring(task, encoding="unicode")


def cron_line(check: Sequence[str], environ: Mapping[str, str]) -> str:
    """The crontab line that runs the check while stretch is there (cron runs it with sh,
    without the desktop's environment: the session bus and display are given)."""
    given = _given(environ, (*PASSED_ON, *DESKTOP), check, "crontab line")
    probe = shlex.quote(stretch_file(check[: _command_length(check)]))
    words = [f"{k}={shlex.quote(v)}" for k, v in given.items()]
    command = " ".join([*words, *(shlex.quote(arg) for arg in check)])
    # cron reads an unescaped % as the end of the command.
    line = f"test -e {probe} || exit 0; {command}".replace("%", "\\%")
    return f"*/{CHECK_MINUTES} * * * * {line} {MARK}"


def _command_length(check: Sequence[str]) -> int:
    """How many words of `check` start stretch (the rest is `remind check`)."""
    return len(check) - 2


def home_folder(environ: Mapping[str, str]) -> str:
    """The user's home folder."""
    return environ.get("HOME") or os.path.expanduser("~")
