"""Reading the user's config file: its text, read with tomllib, checked setting by setting
(the table and the checks are in `config`), every problem with its line; no file is the
defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from stretchcli.errors import InvalidFileError, Problem
from stretchcli.files import guarded
from stretchcli.files.config import (
    BY_NAME,
    SCHEDULE_HINT,
    SCHEDULE_KEYS,
    Config,
    check_value,
    key_hint,
    schedule_problem,
    shown_key,
)
from stretchcli.files.paths import config_path
from stretchcli.files.reach import in_the_way

MAX_BYTES = 1024 * 1024  # a config file is a few lines; past this it is not one


def load_config(environ: Mapping[str, str]) -> Config:
    """The config file's settings (defaults where missing); InvalidFileError if it is wrong."""
    path = config_path(environ)
    try:
        text = guarded.read_text(path, MAX_BYTES)
    except FileNotFoundError:
        gone = in_the_way(path)  # a dotfiles link to a disk not mounted: not "no settings"
        if gone:
            hint = "mount the disk it is on, point the link at a file, or remove it"
            raise InvalidFileError([Problem(path, 1, 1, gone, hint)]) from None
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InvalidFileError(
            [Problem(path, 1, 1, f"cannot read the config file: {why}")]
        ) from None
    return parse(path, text)


def read_toml(path: Path, text: str) -> dict[str, object]:
    """The TOML of a config file's text; an InvalidFileError naming the line and column
    (1-based, as every file's problems are) where it cannot be read."""
    import tomllib  # only when there is a config file to read

    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise InvalidFileError(
            [Problem(path, 1, 1, "invalid TOML: nested too deeply", "settings are flat values")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidFileError([_toml_problem(path, text, str(exc))]) from None
    except ValueError:  # an integer of thousands of digits
        raise InvalidFileError(
            [Problem(path, 1, 1, "invalid TOML: a number too long to read", "settings are short")]
        ) from None


def _toml_problem(path: Path, text: str, said: str) -> Problem:
    """What tomllib said, at its line and column; a key given twice at that key."""
    found = re.search(r"\(at line (\d+), column (\d+)\)", said)
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", said)
    lines = text.removeprefix("\ufeff").split("\n")
    if found:
        line, column = int(found[1]), int(found[2])
    elif "(at end of document)" in said:
        line, column = len(lines), len(lines[-1]) + 1
        message = message.replace(" (at end of document)", " at the end of the file")
    else:
        line, column = 1, 1
    key = _KEY.match(lines[line - 1]) if line <= len(lines) else None
    twice = message.startswith(("Cannot overwrite a value", "Cannot declare"))
    if twice and key is not None:  # tomllib points past the value: point at the key
        return Problem(
            path,
            line,
            key.start(1) + 1,
            f"invalid TOML: {key[1]} is given twice",
            "keep one of them",
        )
    return Problem(path, line, max(1, column), f"invalid TOML: {message}")


def parse(path: Path, text: str) -> Config:
    """Check the text of a config file; every problem with its line and column."""
    data = read_toml(path, text)
    problems = []
    values: dict[str, object] = {}
    for key, value in data.items():
        line, column = _place(text, key)
        setting = BY_NAME.get(key)
        if setting is None:
            problems.append(
                Problem(path, line, column, f"unknown setting {shown_key(key)}", key_hint(key))
            )
            continue
        error = check_value(setting, value)
        if error:
            problems.append(Problem(path, line, column, f"{key}: {error}"))
        else:
            values[key] = tuple(value) if isinstance(value, list) else value
    together = SCHEDULE_KEYS & values.keys()
    wrong = None if problems or not together else schedule_problem(values)
    if wrong:  # said at the line of the one written last
        line, column = max(_place(text, key) for key in together)
        problems.append(Problem(path, line, column, wrong, SCHEDULE_HINT))
    if problems:
        raise InvalidFileError(problems)
    origin = {key: "config file" for key in values}
    return Config(**values, origin=origin)  # type: ignore[arg-type]


# The first key on a line: bare, "basic" or 'literal', alone or as a [table] or [[array]]
# header, or the first part of a dotted key (a.b = 1)
_KEY = re.compile(r"""\s*(?:\[\[?\s*)?([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')""")


def _place(text: str, key: str) -> tuple[int, int]:
    """The line and column where the top-level `key` is first written ((1, 1) if it cannot
    be found): a key = value before any table, or a table's header; TOML's lines end at \\n
    only."""
    import tomllib

    in_table = False
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        found = _KEY.match(line)
        header = line.lstrip().startswith("[")
        in_table = in_table or header
        if found is None or (in_table and not header):
            continue
        token = found[1]
        if token[0] in "\"'":
            try:
                token = next(iter(tomllib.loads(f"{token} = 0")))
            except tomllib.TOMLDecodeError:
                continue
        if token == key:
            return number, found.start(1) + 1
    return 1, 1
