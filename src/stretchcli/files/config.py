"""The user's config file: defaults for runs, read with tomllib, checked, and written back.

One table of settings drives reading, checking, `stretch config` and writing, so they cannot
disagree. Writing changes only the line of the setting (comments and order are kept) and
replaces the file atomically, and only after the new text has passed the same checks.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stretchcli.errors import InvalidFileError, Problem, StretchError, UsageError
from stretchcli.files import guarded
from stretchcli.files.atomic import write_text
from stretchcli.files.paths import config_dir
from stretchcli.model import COACHES, ID_RE, MOVEMENTS, SCALES, Coach, Movement
from stretchcli.session.speech import DEFAULT_RATE, RATES

SettingKind = Literal[
    "bool", "number", "count", "movements", "choice", "every", "hours", "days", "id", "command"
]


@dataclass(frozen=True)
class Setting:
    """One key of config.toml."""

    name: str
    kind: SettingKind
    default: object
    help: str
    low: float = 0
    high: float = 0
    choices: tuple[str, ...] = ()


DEFAULT_EVERY = "50m"  # chosen: a break within each hour of desk work (the example)
DEFAULT_BETWEEN = "09:00-17:30"  # chosen: office hours; people set their own
DEFAULT_DAYS = "mon-fri"
# Chosen: a session each working day. ACSM's guidance for flexibility work is at least two
# to three days a week, daily being the most effective (Garber et al. 2011); five matches
# the reminders' default days.
DEFAULT_WEEKLY_GOAL = 5

SETTINGS: tuple[Setting, ...] = (
    Setting("sound", "bool", True, "bell at hold start, relax, switch sides and the end"),
    Setting("voice", "bool", False, "speak the cues through the system's speech command"),
    Setting(
        "voice_rate",
        "count",
        DEFAULT_RATE,
        "words a minute the voice speaks at; every cue is timed for it",
        *RATES,
    ),
    Setting("plain", "bool", False, "one plain line per phase, for screen readers (run --plain)"),
    Setting(
        "coach",
        "choice",
        "full",
        "full: setup, side, count and caution said; brief: short get-ready, the action only",
        choices=COACHES,
    ),
    Setting("countdown", "bool", True, "say 3, 2, 1 at the end of holds of 15 s or more"),
    Setting(
        "figures", "bool", True, "draw the position to be in beside the countdown (large screens)"
    ),
    Setting(
        "avoid", "movements", (), "movements to swap for alternatives: " + ", ".join(MOVEMENTS)
    ),
    Setting("ask_pain", "bool", False, "ask for pain 0-10 before and after each run"),
    Setting("scale", "number", 1.0, "stretch or shrink every hold, relax and rest", *SCALES),
    Setting("prepare", "number", 5.0, "get-ready seconds, where a routine gives none", 0, 60),
    Setting(
        "rest", "number", 10.0, "seconds between exercises, where a routine gives none", 0, 600
    ),
    Setting("remind", "bool", False, "reminders on (set by `stretch remind on` and `off`)"),
    Setting("remind_every", "every", DEFAULT_EVERY, "time between reminders, like 50m or 1h30m"),
    Setting("remind_between", "hours", DEFAULT_BETWEEN, "working hours to remind in"),
    Setting("remind_days", "days", DEFAULT_DAYS, "days to remind on, like mon-fri or mon,wed"),
    Setting("remind_routine", "id", "desk-break", "the routine a reminder suggests"),
    Setting(
        "weekly_goal",
        "count",
        DEFAULT_WEEKLY_GOAL,
        "sessions a week to aim for, shown by history and report",
        1,
        100,
    ),
    Setting(
        "terminal",
        "command",
        "",
        "command that opens a terminal running a program, e.g. 'foot' or 'kitty', for the "
        "notification's Start button (empty: no Start button)",
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}
MAX_BYTES = 64 * 1024  # a config file is a few lines


@dataclass(frozen=True)
class Config:
    """Run defaults; command-line options override them. `origin` says where each came from."""

    sound: bool = True
    voice: bool = False
    voice_rate: int = DEFAULT_RATE
    plain: bool = False
    coach: Coach = "full"
    countdown: bool = True
    figures: bool = True
    avoid: tuple[str, ...] = ()
    ask_pain: bool = False
    scale: float = 1.0
    prepare: float = 5.0
    rest: float = 10.0
    remind: bool = False
    remind_every: str = DEFAULT_EVERY
    remind_between: str = DEFAULT_BETWEEN
    remind_days: str = DEFAULT_DAYS
    remind_routine: str = "desk-break"
    weekly_goal: int = DEFAULT_WEEKLY_GOAL
    terminal: str = ""
    origin: Mapping[str, str] = field(default_factory=dict)


def _shown(key: str) -> str:
    """A key as it is echoed back: quoted, and cut short (a file can hold anything)."""
    return repr(key if len(key) <= 40 else key[:37] + "...")


def _hint(key: str) -> str:
    from stretchcli.text import did_you_mean

    return did_you_mean(key, BY_NAME, "settings: " + ", ".join(BY_NAME))


def setting_named(key: str) -> Setting:
    """The setting called `key`, or a UsageError with the closest one as a hint."""
    setting = BY_NAME.get(key)
    if setting is None:
        raise UsageError(f"unknown setting {_shown(key)}", _hint(key))
    return setting


def config_path(environ: Mapping[str, str]) -> Path:
    """Where config.toml lives."""
    return config_dir(environ) / "config.toml"


def load_config(environ: Mapping[str, str]) -> Config:
    """The config file's settings (defaults where missing); InvalidFileError if it is wrong."""
    path = config_path(environ)
    try:
        text = guarded.read_text(path, MAX_BYTES)
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InvalidFileError(
            [Problem(path, 1, 1, f"cannot read the config file: {why}")]
        ) from None
    return parse(path, text)


def parse(path: Path, text: str) -> Config:
    """Check the text of a config file; every problem with its line."""
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise InvalidFileError(
            [Problem(path, 1, 1, "invalid TOML: nested too deeply", "settings are flat values")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InvalidFileError([Problem(path, line, column, f"invalid TOML: {message}")]) from None
    problems = []
    values: dict[str, object] = {}
    for key, value in data.items():
        line = _line_of(text, key)
        setting = BY_NAME.get(key)
        if setting is None:
            problems.append(Problem(path, line, 1, f"unknown setting {_shown(key)}", _hint(key)))
            continue
        error = check_value(setting, value)
        if error:
            problems.append(Problem(path, line, 1, f"{key}: {error}"))
        else:
            values[key] = tuple(value) if isinstance(value, list) else value
    if problems:
        raise InvalidFileError(problems)
    origin = {key: "config file" for key in values}
    return Config(**values, origin=origin)  # type: ignore[arg-type]


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
    if setting.kind == "choice" and value not in setting.choices:
        return "expected one of " + ", ".join(f'"{c}"' for c in setting.choices)
    if setting.kind in ("every", "hours", "days", "id", "command"):
        return _check_text(setting.kind, value)
    return None


def _check_text(kind: SettingKind, value: object) -> str | None:
    """Why a text setting's value is wrong, or None."""
    import shlex

    from stretchcli.remind.schedule import ScheduleError, parse_between, parse_days, parse_every

    if not isinstance(value, str):
        return "expected a quoted text"
    readers = {"every": parse_every, "hours": parse_between, "days": parse_days}
    try:
        if kind in readers:
            readers[kind](value)
        elif kind == "id" and not ID_RE.match(value):
            return f"expected a routine id like desk-break, not '{value}'"
        elif kind == "command" and value.strip():
            shlex.split(value)
    except ScheduleError as exc:
        return str(exc)
    except ValueError as exc:  # shlex: an unclosed quote
        return f"cannot read it as a command: {exc}"
    return None


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
        chosen.append(movement)
    return tuple(chosen)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 1


def toml_value(value: object) -> str:
    """A setting's value as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(json.dumps(str(v)) for v in value) + "]"
    return json.dumps(str(value))


def parse_value(setting: Setting, text: str) -> object:
    """A value typed on the command line: TOML (true, 1.5, ["rotation"]) or plain words
    (yes/no/on/off; `avoid` as rotation,side-bend; an empty string for none)."""
    words = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        # A line break would let one value write another setting into the file.
        raise UsageError(f"{setting.name}: a value must be one line of text", setting.help)
    value: object
    if setting.kind == "bool" and text.lower() in words:
        value = words[text.lower()]
    elif setting.kind == "movements" and not text.strip().startswith("["):
        value = list(movement_list(text, setting.name))
    else:
        import tomllib

        try:
            value = tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            value = text
    error = check_value(setting, value)
    if error:
        raise UsageError(f"{setting.name}: {error}, not '{text}'", setting.help)
    return value


def set_value(environ: Mapping[str, str], key: str, text: str) -> tuple[Path, object]:
    """Write one setting into config.toml (creating it); returns the path and the value."""
    value = parse_value(setting_named(key), text)
    try:  # a symlinked config.toml (dotfiles) is kept a link
        path = config_path(environ).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise StretchError(f"cannot follow {config_path(environ)}: {exc}") from None
    try:
        old = guarded.read_text(path, MAX_BYTES)
    except FileNotFoundError:
        old = ""
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise StretchError(f"cannot read {path}: {why}") from None
    line = f"{key} = {toml_value(value)}"
    lines = old.splitlines()
    for i, existing in enumerate(lines):
        if re.match(rf"\s*{re.escape(key)}\s*=", existing):
            if existing.count("[") != existing.count("]"):
                raise StretchError(
                    f"{path}:{i + 1}:1: {key} spans several lines",
                    f"put it on one line, or edit {path.name} by hand",
                )
            comment = re.search(r"\s+#.*$", existing)
            lines[i] = line + (comment.group(0) if comment and '"' not in comment.group(0) else "")
            break
    else:
        lines.append(line)
    new = "\n".join(lines) + "\n"
    parse(path, new)  # the whole file must still be right before it is written
    write_text(path, new)
    return path, value


def effective(config: Config) -> list[tuple[Setting, object, str]]:
    """Every setting with its value and where it came from ("default" or the file)."""
    return [(s, getattr(config, s.name), config.origin.get(s.name, "default")) for s in SETTINGS]
