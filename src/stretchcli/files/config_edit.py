"""Changing config.toml: a value typed on the command line read and checked, and the file
written with it, keeping the person's comments and layout (tomlkit), atomically, and only
when the new text is no worse than the old. Every read-change-replace of the file is made
under one lock (`locked`), so that two writers at once never lose each other's setting."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from stretchcli.errors import InvalidFileError, Problem, StretchError, UsageError
from stretchcli.files import guarded
from stretchcli.files.atomic import leads_to, write_text
from stretchcli.files.config import (
    NO_SHELL,
    SCHEDULE_HINT,
    SCHEDULE_KEYS,
    TEXT_CHARACTERS,
    TEXT_KINDS,
    Config,
    Setting,
    check_value,
    movement_list,
    schedule_problem,
    setting_named,
)
from stretchcli.files.config_file import MAX_BYTES, parse, read_toml
from stretchcli.files.lock import BUSY_WAIT, held
from stretchcli.files.paths import config_path, system_folder
from stretchcli.files.reach import link_in_the_way
from stretchcli.text import character

_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]+)?)")


def _not_decimal(value: object, text: str) -> bool:
    """Whether `value` is a number that `text` did not write in decimal digits."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and _DECIMAL.fullmatch(text.strip()) is None


def parse_value(setting: Setting, text: str) -> object:
    """A value typed on the command line: TOML (true, 1.5, ["rotation"]) or plain words
    (yes/no/on/off; `avoid` as rotation,side-bend; an empty string for none)."""
    words = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        # A line break would let one value write another setting into the file; an escape
        # would act on the terminal that shows it.
        raise UsageError(
            f"{setting.name}: the value holds {character(bad)} at character "
            f"{text.index(bad) + 1}; a value must be one line of text with no control character",
            setting.help,
        )
    if len(text) > TEXT_CHARACTERS:
        raise UsageError(f"{setting.name}: longer than {TEXT_CHARACTERS} characters", setting.help)
    value: object
    if setting.kind == "bool" and text.lower() in words:
        value = words[text.lower()]
    elif setting.kind == "movements" and not text.strip().startswith("["):
        value = list(movement_list(text, setting.name))
    elif setting.kind == "folder":
        value = _folder(setting, text)
    elif setting.kind == "command" and text.startswith("~"):
        # written as the shell would read it (attack 22, C8: `~/bin/kitty` was run as a
        # folder named "~"), so that what is written is what runs; quoted, as a home can
        # hold a space or an apostrophe (verify 26, N7)
        import shlex

        first, _, rest = text.partition(" ")
        value = shlex.quote(os.path.expanduser(first)) + (f" {rest}" if rest else "")
    else:
        import tomllib

        try:
            value = tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            value = text
        if setting.kind in TEXT_KINDS and not isinstance(value, str):
            value = text  # `--every 90` is ninety minutes, a word like any other
        elif _not_decimal(value, text):  # TOML's 0x1, 0o7, 1_0, inf, 1e3
            raise UsageError(
                f"{setting.name}: a number is written in decimal digits, such as 1 or 1.5, "
                f"not '{text}'",
                setting.help,
            )
    error = check_value(setting, value)
    if error:
        said = error if re.search(r"not '[^']*'$", error) else f"{error}, not '{text}'"
        raise UsageError(f"{setting.name}: {said}", "" if NO_SHELL in error else setting.help)
    return value


def _folder(setting: Setting, text: str) -> str:
    """A folder typed on the command line, as a full path (empty: none); it must be there."""
    import os

    if not text.strip():
        return ""
    path = os.path.abspath(os.path.expanduser(text))
    if not os.path.isdir(path):
        if os.path.lexists(path):  # a file, a device, a link to one
            raise UsageError(f"{setting.name}: {path} is not a folder", "give a folder")
        raise UsageError(
            f"{setting.name}: there is no folder {path}", "make it first, or give another path"
        )
    system = system_folder(os.path.realpath(path))  # through any links to it
    if system:
        raise UsageError(
            f"{setting.name}: {path} is in {system}, not a folder to keep files in",
            "give a folder of your own",
        )
    return path


@dataclass(frozen=True)
class Edit:
    """A change to config.toml, checked and not yet written: `write` puts it in place, and
    `undo` puts back the file as it was (or takes it away, when there was none)."""

    path: Path
    old: str | None
    new: str
    values: Mapping[str, object]

    def write(self) -> None:
        """Replace the file with the new text (atomically)."""
        write_text(self.path, self.new)

    def config(self) -> Config:
        """The settings of the new text (checked by `edit`: no worse than the old one)."""
        return parse(self.path, self.new)

    def undo(self) -> None:
        """Put back the text from before."""
        if self.old is None:
            self.path.unlink(missing_ok=True)
        else:
            write_text(self.path, self.old)


def lock_path(environ: Mapping[str, str]) -> Path:
    """The lock file beside config.toml (beside the name, not where a symlink leads)."""
    path = config_path(environ)
    return path.with_name(f"{path.name}.lock")


@contextmanager
def locked(environ: Mapping[str, str]) -> Iterator[None]:
    """config.toml to this process alone while the block runs (another writer waits): an
    `edit` and its `write` (or `undo`) are made inside it. Readers need no lock, as the file
    is replaced whole. Another writer holding it longer than BUSY_WAIT (a `remind on` on a
    stuck crontab) is a StretchError: the config is busy, try again. A config folder that
    cannot be reached (a link to a disk not mounted) is said first, never made."""
    lock = lock_path(environ)
    gone = "" if os.path.lexists(lock) else link_in_the_way(lock)  # (the lock itself: `held`)
    if gone:
        raise StretchError(
            f"cannot write {config_path(environ)}: {gone}",
            "mount the disk it is on, point the link at a folder, or remove it; nothing was "
            "written",
        )
    with held(lock_path(environ), within=BUSY_WAIT) as got:
        if not got:
            raise StretchError(
                "the config is busy; try again",
                f"another stretch is changing {config_path(environ)}",
            )
        yield


def set_value(
    environ: Mapping[str, str], key: str, text: str
) -> tuple[Path, object, tuple[Problem, ...]]:
    """Write one setting into config.toml (creating it); returns the path, the value, and
    what is still wrong in the file's other lines (a repair made one setting at a time: the
    setting is not in force until they are right too)."""
    parse_value(setting_named(key), text)  # a value refused makes no folder and no lock file
    with locked(environ):
        change = edit(environ, {key: text})
        change.write()
    return change.path, change.values[key], tuple(_problems(change.path, change.new))


def edit(environ: Mapping[str, str], changes: Mapping[str, str], named: bool = True) -> Edit:
    """config.toml with `changes` (typed values, by key) made, checked but not written (made
    and written inside `locked`, else a writer at the same time may be lost).

    A file that cannot be loaded (a value too long, one wrong) can still be repaired one
    setting at a time: the new text must have no problem that the old one did not have, and
    none in the settings changed. `named=False`: the routine named was looked for already."""
    values = {key: parse_value(setting_named(key), text) for key, text in changes.items()}
    if named and "remind_routine" in values:  # a name: it must name a routine
        from stretchcli.files.paths import routine_folders
        from stretchcli.files.scan import find_file

        find_file(routine_folders(environ), str(values["remind_routine"]), "routine")
    path = _followed(config_path(environ))  # a symlinked config.toml (dotfiles) stays a link
    old: str | None
    try:
        old = guarded.read_text(path, MAX_BYTES)
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise StretchError(f"cannot read {path}: {why}", f"fix {path.name} by hand first") from None
    base = old or ""  # what the change is made to
    try:  # what cannot be read is said as `stretch config` says it, at its line and column
        read_toml(path, base)
    except InvalidFileError as exc:
        base = _without(base, values)  # the damage may be in the very lines being set
        if base == old or not _readable(path, base):
            hint = exc.problems[0].hint or f"fix {path.name} by hand first"
            raise InvalidFileError([exc.problems[0]._replace(hint=hint)]) from None
    import tomlkit  # only here (22 ms): the one writer, and it keeps comments and layout

    try:
        document = tomlkit.parse(base.removeprefix("\ufeff"))
    except tomlkit.exceptions.ParseError as exc:  # what tomllib reads and tomlkit does not
        where = f"{path}:{exc.line}:{exc.col + 1}"  # its columns count from 0
        raise StretchError(f"{where}: invalid TOML", f"fix {path.name} by hand first") from None
    for key, value in values.items():
        document[key] = list(value) if isinstance(value, tuple) else value
    new = tomlkit.dumps(document)
    if SCHEDULE_KEYS & values.keys():
        _schedule_holds(new, values)
    before = {p.message for p in _problems(path, base)}
    added = [p for p in _problems(path, new) if p.message not in before]
    if added:  # the whole file must be no worse before it is written
        raise InvalidFileError(added)
    return Edit(path, old, new, values)


def _schedule_holds(text: str, changed: Mapping[str, object]) -> None:
    """A UsageError naming the setting changed when the reminders' settings no longer fit
    together (the file itself has no line to blame yet)."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return  # the file's own problems are said below
    try:
        message = schedule_problem(data)
    except ValueError:  # a value that is wrong on its own: said below, with its line
        return
    if message:
        key = next(k for k in ("remind_at", "remind_between", "remind_days") if k in changed)
        said = message if message.startswith(f"{key}: ") else f"{key}: {message}"
        raise UsageError(said, SCHEDULE_HINT)


def _without(text: str, keys: Iterable[str]) -> str:
    """The text with the lines that set one of `keys` (settings are top-level keys) made
    readable: a damaged line of a setting is replaced by setting it, in its place and with
    its comment where one can be told apart (verify 25, V10: it moved to the end, its
    comment lost), and the rest kept as it is."""
    # A key bare or quoted: `"sound" = tru` is the sound line too (attack 21, B3).
    names = "|".join(map(re.escape, keys))
    said = re.compile(rf"([ \t]*)([\"']?)({names})\2[ \t]*=([^\r\n]*)")
    lines = []
    for line in text.splitlines(keepends=True):
        found = said.match(line)
        if found:
            indent, _, key, value = found.groups()
            # A comment is kept only when no quote before it could have held the `#`.
            comment = re.fullmatch(r"([^\"'#]*?)([ \t]*)(#.*)", value)  # (any text after it)
            gap = (comment.group(2) or " ") if comment else ""  # (verify 26, N9: `tru#no beep`)
            kept = f"{key} = 0{gap}{comment.group(3) if comment else ''}"
            end = line[len(line.rstrip("\r\n")) :] or "\n"
            line = f"{indent}{kept if _readable(Path(), kept) else f'{key} = 0'}{end}"
        lines.append(line)
    return "".join(lines)


def _readable(path: Path, text: str) -> bool:
    """Whether a config file's text is TOML (its values may still be wrong)."""
    try:
        read_toml(path, text)
    except InvalidFileError:
        return False
    return True


def _problems(path: Path, text: str) -> list[Problem]:
    """What is wrong with the text of a config file (nothing: an empty list)."""
    try:
        parse(path, text)
    except InvalidFileError as exc:
        return exc.problems
    return []


def _followed(path: Path) -> Path:
    """The file a path leads to, through any symlinks (a missing file: where it would be)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # a loop is a RuntimeError up to Python 3.12
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            raise StretchError(f"cannot follow {path}: its symlinks go round in a loop") from None
        if path.is_symlink():  # never the folders of a disk that is not mounted
            raise StretchError(
                f"cannot write {path}: it {leads_to(path)}",
                "point the link at a file, or remove it; nothing was written",
            ) from None
        return path.resolve()  # missing, or out of reach: reading or writing it says why
