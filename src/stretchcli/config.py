"""The user's config file: defaults for runs, read with tomllib and checked strictly."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from stretchcli.errors import InvalidFileError, Problem
from stretchcli.model import MOVEMENTS
from stretchcli.paths import config_dir


@dataclass(frozen=True)
class Config:
    """Run defaults; command-line options override them."""

    sound: bool = True
    voice: bool = False
    avoid: tuple[str, ...] = ()
    scale: float = 1.0
    ask_pain: bool = False


KEYS = {
    "sound": "bell at hold start, relax, switch and end (true/false)",
    "voice": "speak short cues through the system's speech command (true/false)",
    "avoid": f"movements to swap for alternatives: a list of {', '.join(MOVEMENTS)}",
    "scale": "stretch or shrink every time, 0.25 to 4",
    "ask_pain": "ask for pain 0-10 before and after a run (true/false)",
}


def config_path(environ: Mapping[str, str]) -> Path:
    """Where config.toml lives."""
    return config_dir(environ) / "config.toml"


def load_config(environ: Mapping[str, str]) -> Config:
    """The config file's settings (defaults where it is missing); InvalidFileError if wrong."""
    path = config_path(environ)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidFileError(
            [Problem(path, 1, 1, f"cannot read the config file: {exc}")]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InvalidFileError([Problem(path, line, column, f"invalid TOML: {message}")]) from None
    return _check(path, text, data)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 1


def _check(path: Path, text: str, data: Mapping[str, object]) -> Config:
    problems = []
    values: dict[str, object] = {}
    for key, value in data.items():
        line = _line_of(text, key)
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "keys: " + ", ".join(KEYS)
            problems.append(Problem(path, line, 1, f"unknown setting '{key}'", hint))
        elif key in ("sound", "voice", "ask_pain") and not isinstance(value, bool):
            problems.append(Problem(path, line, 1, f"{key}: expected true or false"))
        elif key == "scale" and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0.25 <= value <= 4
        ):
            problems.append(Problem(path, line, 1, "scale: expected a number from 0.25 to 4"))
        elif key == "avoid" and (
            not isinstance(value, list) or any(v not in MOVEMENTS for v in value)
        ):
            problems.append(
                Problem(path, line, 1, f"avoid: expected a list of {', '.join(MOVEMENTS)}")
            )
        else:
            values[key] = tuple(value) if isinstance(value, list) else value
    if problems:
        raise InvalidFileError(problems)
    return Config(**values)  # type: ignore[arg-type]
