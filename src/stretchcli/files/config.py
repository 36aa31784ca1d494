"""The user's settings: defaults for runs, the table of them, and what each value must be.

One table of settings (the `Config` dataclass) drives reading (`config_file`), checking,
`stretch config` and writing (`config_edit`), so they cannot disagree. Writing changes only
the value of the setting (tomlkit keeps comments, order and layout) and replaces the file
atomically, and only after the new text has passed the same checks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal

from stretchcli.errors import UsageError
from stretchcli.files.paths import system_folder
from stretchcli.model import (
    COACHES,
    ID_RE,
    MOVEMENTS,
    PREPARE,
    RATE,
    RATES,
    REST,
    SCALES,
    Coach,
    Movement,
)

SettingKind = Literal[
    "bool",
    "number",
    "count",
    "movements",
    "choice",
    "every",
    "pause",
    "times",
    "hours",
    "days",
    "id",
    "command",
    "folder",
]

TEXT_KINDS: tuple[SettingKind, ...] = (
    "every",
    "pause",
    "times",
    "hours",
    "days",
    "id",
    "command",
    "folder",
)


@dataclass(frozen=True)
class Setting:
    """One key of config.toml: its kind, default, help and range, from `Config`'s field."""

    name: str
    kind: SettingKind
    default: object
    help: str
    low: float = 0
    high: float = 0
    choices: tuple[str, ...] = ()
    brief: str = ""  # the help in at most BRIEF characters, where it is longer (TAB's menus)

    @property
    def short(self) -> str:
        """The help as TAB's menus show it: short enough to fit an 80-column terminal."""
        return self.brief or self.help


BRIEF = 56  # characters: zsh lists one after a 16-character key and " -- ", to column 76 of 80


def _about(
    kind: SettingKind,
    help_: str,
    low: float = 0,
    high: float = 0,
    choices: tuple[str, ...] = (),
    brief: str = "",
) -> dict[str, object]:
    """The metadata that makes a field of `Config` a setting of config.toml (`brief`: the help
    in a few words, for one longer than BRIEF)."""
    about = {"kind": kind, "help": help_, "low": low, "high": high, "choices": choices}
    return {"setting": {**about, "brief": brief}}


# Chosen: a session each working day. ACSM's guidance for flexibility work is at least two
# to three days a week, daily being the most effective (Garber et al. 2011); five matches
# the reminders' default days.
WEEKLY_GOAL = 5


@dataclass(frozen=True)
class Config:
    """The settings of config.toml, the one table of them: each field's default, kind, help
    and range drive reading, checking, `stretch config`, its completion and writing. Command-line
    options override them; `origin` says where each came from."""

    sound: bool = field(
        default=True, metadata=_about("bool", "bell at hold start, relax, switch sides and the end")
    )
    voice: bool = field(
        default=False, metadata=_about("bool", "speak the cues through the system's speech command")
    )
    voice_rate: int = field(
        default=RATE,
        metadata=_about(
            "count",
            "words a minute the voice speaks at; every cue is timed for it",
            *RATES,
            brief="words a minute the voice speaks at (100-250)",
        ),
    )
    plain: bool = field(
        default=False,
        metadata=_about(
            "bool",
            "one plain line per phase, for screen readers (run --plain)",
            brief="one plain line per phase, for screen readers",
        ),
    )
    coach: Coach = field(
        default="full",
        metadata=_about(
            "choice",
            "full: setup, side, count and caution said; brief: the safety line, then names and"
            " the action only",
            choices=COACHES,
            brief="full: everything said; brief: the action only",
        ),
    )
    countdown: bool = field(
        default=True, metadata=_about("bool", "say 3, 2, 1 at the end of holds of 15 s or more")
    )
    figures: bool = field(
        default=True,
        metadata=_about(
            "bool",
            "draw the position to be in beside the countdown (large screens)",
            brief="draw the position to be in beside the countdown",
        ),
    )
    avoid: tuple[str, ...] = field(
        default=(),
        metadata=_about(
            "movements",
            "movements to swap for alternatives: " + ", ".join(MOVEMENTS),
            brief="movements to swap for alternatives, like rotation",
        ),
    )
    ask_pain: bool = field(
        default=False, metadata=_about("bool", "ask for pain 0-10 before and after each run")
    )
    scale: float = field(
        default=1.0,
        metadata=_about("number", "stretch or shrink every hold, relax and rest", *SCALES),
    )
    prepare: float = field(
        default=PREPARE,
        metadata=_about("number", "get-ready seconds, where a routine gives none", 0, 60),
    )
    rest: float = field(
        default=REST,
        metadata=_about("number", "seconds between exercises, where a routine gives none", 0, 600),
    )
    remind: bool = field(
        default=False,
        metadata=_about("bool", "reminders on (set by `stretch remind on` and `off`)"),
    )
    # Chosen: a break within each hour of desk work; office hours; working days.
    remind_every: str = field(
        default="50m", metadata=_about("every", "time between reminders, like 50m or 1h30m")
    )
    remind_between: str = field(
        default="09:00-17:30",
        metadata=_about(
            "hours",
            "working hours to remind in, or by day: mon-thu 09:00-17:30; fri 09:00-13:00",
            brief="working hours to remind in, like 09:00-17:30",
        ),
    )
    remind_days: str = field(
        default="mon-fri", metadata=_about("days", "days to remind on, like mon-fri or mon,wed")
    )
    remind_pause: str = field(
        default="5m",
        metadata=_about(
            "pause",
            "time away (idle, locked, asleep) that counts as a break and starts a new interval",
            brief="time away that counts as a break, like 5m",
        ),
    )
    remind_at: str = field(
        default="",
        metadata=_about("times", "fixed times of day to remind at too, like 10:30, 15:00"),
    )
    remind_limit: int = field(
        default=0,
        metadata=_about("count", "at most this many reminders a day (0: no limit)", 0, 100),
    )
    remind_routine: str = field(
        default="desk-break", metadata=_about("id", "the routine a reminder suggests")
    )
    weekly_goal: int = field(
        default=WEEKLY_GOAL,
        metadata=_about(
            "count",
            "sessions a week to aim for; a plan's own comes first",
            1,
            100,
        ),
    )
    terminal: str = field(
        default="",
        metadata=_about(
            "command",
            "command that opens a terminal running a program, e.g. 'foot' or 'kitty', for the "
            "notification's Start button (empty: no Start button)",
            brief="command that opens a terminal, for Start, like kitty",
        ),
    )
    sync_folder: str = field(
        default="",
        metadata=_about(
            "folder",
            "a folder you already sync between your machines (Syncthing, a cloud folder, a git "
            "repository): each machine adds its sessions there and reads the others' (empty: off)",
            brief="a folder you sync between machines, to share history",
        ),
    )
    origin: Mapping[str, str] = field(default_factory=dict)


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, default=f.default, **f.metadata["setting"])
    for f in fields(Config)
    if "setting" in f.metadata
)
BY_NAME = {s.name: s for s in SETTINGS}
TEXT_CHARACTERS = 1000  # chosen: a value is a word or a command line, never a page


def shown_key(key: str) -> str:
    """A key as it is echoed back: quoted, and cut short (a file can hold anything)."""
    return repr(key if len(key) <= 40 else key[:37] + "...")


def key_hint(key: str) -> str:
    """The setting closest to an unknown `key`, or the list of them, as a hint."""
    from stretchcli.text import did_you_mean

    return did_you_mean(key, BY_NAME, "settings: " + ", ".join(BY_NAME))


def setting_named(key: str) -> Setting:
    """The setting called `key`, or a UsageError with the closest one as a hint."""
    setting = BY_NAME.get(key)
    if setting is None:
        raise UsageError(f"unknown setting {shown_key(key)}", key_hint(key))
    return setting


SCHEDULE_KEYS = {"remind_between", "remind_days", "remind_at"}
SCHEDULE_HINT = "`stretch remind` shows the hours and days; change one of them"


def schedule_problem(values: Mapping[str, object]) -> str | None:
    """What the reminders' hours, days and fixed times leave wrong together (each read well
    on its own), or None: they must leave a working day, and each fixed time must fall in
    the hours of one."""
    from stretchcli.words import (
        in_hours,
        parse_days,
        parse_hours,
        parse_times,
        working_days,
    )

    def value(key: str) -> str:
        return str(values.get(key, BY_NAME[key].default))

    hours, days = parse_hours(value("remind_between")), parse_days(value("remind_days"))
    if not working_days(hours, days):  # each named with its value (attack 18, H12)
        return (
            f"no working day: remind_days ({value('remind_days')}) and the days of "
            f"remind_between ({value('remind_between')}) have none in common"
        )
    outside = [t for t in parse_times(value("remind_at")) if not in_hours(t, hours, days)]
    if outside:
        return f"remind_at: {outside[0]:%H:%M} is outside the working hours of every day"
    return None


def check_value(setting: Setting, value: object) -> str | None:
    """Why `value` does not fit `setting`, or None when it does."""
    if setting.kind == "bool" and not isinstance(value, bool):
        return "expected true or false"
    if setting.kind == "number" and (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not setting.low <= value <= setting.high
    ):
        return f"expected a number from {setting.low:g} to {setting.high:g}"
    if setting.kind == "count" and (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not setting.low <= value <= setting.high
    ):
        return f"expected a whole number from {setting.low:g} to {setting.high:g}"
    if setting.kind == "movements" and (
        not isinstance(value, list | tuple) or any(v not in MOVEMENTS for v in value)
    ):
        return "expected a list of " + ", ".join(MOVEMENTS)
    if setting.kind == "movements" and isinstance(value, list | tuple):
        return _twice([f"'{v}'" for v in value])
    if setting.kind == "choice" and value not in setting.choices:
        return "expected one of " + ", ".join(f'"{c}"' for c in setting.choices)
    if setting.kind in TEXT_KINDS:
        return _check_text(setting.kind, value)
    return None


def _check_text(kind: SettingKind, value: object) -> str | None:
    """Why a text setting's value is wrong, or None."""
    import shlex
    import unicodedata

    from stretchcli.words import (
        ScheduleError,
        parse_days,
        parse_every,
        parse_hours,
        parse_pause,
        parse_times,
    )

    if not isinstance(value, str):
        return "expected a quoted text"
    if len(value) > TEXT_CHARACTERS:
        return f"longer than {TEXT_CHARACTERS} characters"
    controls = any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value)
    if value and not value.strip() and not controls:  # "" is none; spaces are a slip
        return "blank: only spaces" + ('; give "" for none' if kind in _NONE_KINDS else "")
    readers = {
        "every": parse_every,
        "pause": parse_pause,
        "times": parse_times,
        "hours": parse_hours,
        "days": parse_days,
    }
    try:
        if kind in readers:
            readers[kind](value)
        elif kind == "id" and not ID_RE.match(value):
            return f"expected a routine id like desk-break, not '{value}'"
        elif kind == "command" and controls:
            return "expected a command on one line, without control characters"
        elif kind == "command" and value.strip():
            return _not_a_program(shlex.split(value))
        elif kind == "folder" and not value.isprintable():
            return "expected a folder's path, without control characters"
        elif kind == "folder" and value and not _full_path(value):
            return f"expected a full path, like ~/Sync or /home/me/Sync, not '{value}'"
        elif kind == "folder" and system_folder(value):
            return f"expected a folder of your own, not the system's {system_folder(value)}"
    except ScheduleError as exc:
        return str(exc)
    except ValueError as exc:  # shlex: an unclosed quote
        return f"cannot read it as a command: {exc}"
    return None


_NONE_KINDS = ("times", "command", "folder")  # the kinds whose "" means none
_SHELL = set(";|&<>$`()")  # a command is run as it is, never by a shell
NO_SHELL = "no shell runs it"  # (its refusal says what to do: no help after it, N12)


def _not_a_program(words: list[str]) -> str | None:
    """Why a command's first word names no program (`10:30;`, meant for another key), or
    a word has a $ for a shell to read (verify 27, NEW-7), or None."""
    if dollar := next((word for word in words if "$" in word), None):
        return f"{NO_SHELL}, so $ is not read: give the full path (or ~/...), not '{dollar}'"
    word = words[0]
    if any(c.isalpha() for c in word) and not _SHELL & set(word):
        return None
    return (
        f"expected a command that opens a terminal, like kitty or foot; {word!r} is no "
        "program's name (the command is run as it is, without a shell)"
    )


def _twice(items: list[str]) -> str | None:
    """'X given twice' for the first item of a list that is in it twice; else None."""
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return f"{item} given twice"
        seen.add(item)
    return None


def _full_path(text: str) -> bool:
    """Whether a folder's path means the same wherever stretch is run from."""
    import os

    return os.path.isabs(os.path.expanduser(text))


def movement_list(text: str, label: str) -> tuple[Movement, ...]:
    """Movements typed as words, `rotation,side-bend` (for `avoid` and `run --avoid`); a
    UsageError names the first one that is not a movement."""
    chosen = []
    for word in (part.strip() for part in text.split(",")):
        if not word:
            continue
        movement = next((m for m in MOVEMENTS if m == word), None)
        if movement is None:
            raise UsageError(
                f"{label}: unknown movement '{word}'", "movements: " + ", ".join(MOVEMENTS)
            )
        if movement in chosen:
            raise UsageError(f"{label}: '{word}' given twice", "give each movement once")
        chosen.append(movement)
    return tuple(chosen)


def toml_value(value: object) -> str:
    """A setting's value as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(json.dumps(str(v)) for v in value) + "]"
    return json.dumps(str(value))


def effective(config: Config) -> list[tuple[Setting, object, str]]:
    """Every setting with its value and where it came from ("default" or the file)."""
    return [(s, getattr(config, s.name), config.origin.get(s.name, "default")) for s in SETTINGS]
