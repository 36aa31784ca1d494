"""Making and changing the user's own routine and exercise files: `new` and `edit`."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from stretchcli.errors import StretchError, UsageError, ended_by
from stretchcli.exported import ID_CHARACTERS
from stretchcli.files import guarded
from stretchcli.files.atomic import beside, write_text
from stretchcli.files.catalog import validate
from stretchcli.files.paths import Folder, config_dir
from stretchcli.files.planfile import NAMES as PLAN_NAMES
from stretchcli.files.scan import Candidate, FileKind, find_file, scan
from stretchcli.files.templates import exercise_template, routine_template, title
from stretchcli.files.yamldoc import MAX_BYTES, read_text
from stretchcli.model import ID_RE
from stretchcli.text import fit, plural, source_label


def user_folder(environ: Mapping[str, str]) -> Path:
    """The user's routines folder."""
    return config_dir(environ) / "routines"


def target(environ: Mapping[str, str], ident: str, kind: FileKind) -> Path:
    """Where the user's file for `ident` goes."""
    folder = user_folder(environ)
    return (folder / "exercises" if kind == "exercise" else folder) / f"{ident}.yaml"


def check_id(ident: str) -> None:
    """Refuse names that are not ids: they could not be found again (or could leave the
    folder), or are longer than a file's name may be."""
    if not ID_RE.fullmatch(ident):
        raise UsageError(
            f"'{ident}' is not a valid name",
            "use lowercase words joined by hyphens, like 'my-lunch-break'",
        )
    if len(ident) > ID_CHARACTERS:
        raise UsageError(
            f"'{fit(ident, 40)}' is not a valid name: it has {len(ident)} characters, more "
            "than a name may have",
            f"use at most {ID_CHARACTERS}",
        )


def _check_new(folders: list[Folder], ident: str, kind: FileKind) -> None:
    """Refuse a new file's name that would hide another file from `show` and `edit` (which
    find a routine before an exercise), or that `validate` would take for a plan's."""
    if kind == "routine" and f"{ident}.yaml" in PLAN_NAMES:
        raise UsageError(
            f"'{ident}' is not a name for a routine: `stretch validate` takes a {ident}.yaml "
            "for a plan file",
            f"choose another name, e.g. 'my-{ident}'",
        )
    other = next((c for c in scan(folders) if c.id == ident and c.kind != kind), None)
    if other is not None:
        raise StretchError(
            f"{ident} is already the name of {_whose(other)}; a new {kind} of that name would "
            "leave one of the two out of `stretch show` and `stretch edit`",
            "choose another name",
        )


def _whose(candidate: Candidate) -> str:
    """Whose file it is, in words: "a built-in exercise", "your routine"."""
    kind = candidate.kind
    if candidate.source == "user":
        return f"your {kind}"
    if candidate.source == "built-in":
        return f"a built-in {kind}"
    return f"{'an' if kind == 'exercise' else 'a'} {kind} in {source_label(candidate.source)}"


@dataclass(frozen=True)
class Created:
    """A file written by `new` or copied by `edit`."""

    path: Path
    shadows: Candidate | None  # the built-in (or other) file this one now takes the place of


def create(
    environ: Mapping[str, str],
    folders: list[Folder],
    ident: str,
    kind: FileKind,
    source: str | None,
    force: bool,
) -> Created:
    """Write a new routine or exercise: a commented template, or a copy of `source`."""
    check_id(ident)
    _check_new(folders, ident, kind)
    path = target(environ, ident, kind)
    if path.exists() and not force:
        raise StretchError(f"{path} already exists", "use --force to replace it")
    shadows = next(
        (c for c in scan(folders) if c.id == ident and c.kind == kind and c.path != path), None
    )
    if shadows is not None and source != ident and not force:
        # The person's file wins over the built-in one: a template (or another routine) under
        # its name would replace the routine they may run every day.
        raise StretchError(
            f"{ident} is a {shadows.source} {kind}; a new one under its name would take its place",
            f"start from it with `stretch new {ident} --from {ident}` (or `stretch edit "
            f"{ident}`), choose another name, or give --force",
        )
    if source is not None:
        original = find_file(folders, source, kind)
        text = f"# Copied from {original.source} {original.id}.\n" + read_text(original.path)
        if original.id != ident:
            text = _renamed(text, ident)
    else:
        text = exercise_template(ident) if kind == "exercise" else routine_template(ident)
    write_text(path, text)
    return Created(path, shadows)


def _renamed(text: str, ident: str) -> str:
    """A copied file's text with its own name (the first `name:` at the top level), so that
    `list` does not show two routines called the same."""
    return re.sub(r"^name:.*$", f"name: {title(ident)}", text, count=1, flags=re.M)


def editable_copy(environ: Mapping[str, str], folders: list[Folder], ident: str) -> Created:
    """The file to edit for `ident`: the user's own, or a fresh user copy of a built-in one."""
    check_id(ident)
    found = find_file(folders, ident, None)
    if found.source != "built-in":
        return Created(found.path, None)
    path = target(environ, ident, found.kind)
    header = f"# Your copy of built-in {ident}: it takes the place of the built-in one.\n"
    write_text(path, header + read_text(found.path))
    return Created(path, found)


def editor_command(
    environ: Mapping[str, str],
    terminal: bool = True,
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
) -> list[str]:
    """$VISUAL or $EDITOR split like a shell would (but never run by one), or a fallback
    editor where there is a `terminal` for it (without one, it would wait for keys that
    never come)."""
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value, posix=platform != "win32")
            except ValueError as exc:
                raise StretchError(f"cannot read ${variable} ({value!r}): {exc}") from None
            if words:
                return words
    if platform == "win32":
        return ["notepad"]
    if not terminal:
        raise StretchError(
            "no editor to open without a terminal", "set EDITOR to one that opens its own window"
        )
    for fallback in ("sensible-editor", "editor", "nano", "vi"):
        found = which(fallback)
        if found:
            return [found]
    raise StretchError("no editor found", "set EDITOR, e.g. EDITOR=nano")


def run_editor(command: list[str], path: Path) -> int:
    """Open `path` in the editor and wait for it; its exit status."""
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as exc:
        raise StretchError(f"cannot start the editor {command[0]!r}: {exc.strerror}") from None


def _failed(status: int) -> str:
    """How the editor failed: "failed (exit status 3)", "was killed by signal 9 (SIGKILL)"."""
    how = ended_by(status)
    return f"was {how}" if status < 0 else f"failed ({how})"


@dataclass(frozen=True)
class Talk:
    """How `edit` talks with the person: notes, problems shown, and a yes/no question
    (answered no where nobody can answer)."""

    note: Callable[[str], None]
    show: Callable[[list[str]], None]
    ask: Callable[[str], bool]
    terminal: bool  # whether the person is at a terminal (an editor can run in it)


def edit(environ: Mapping[str, str], folders: list[Folder], ident: str, talk: Talk) -> Path:
    """Open the user's copy of `ident` in their editor until it checks out (or they give up);
    its path. A built-in one is copied to the user's folder first, and that copy is removed
    again if the editor never ran or failed without changing it."""
    check_id(ident)
    command = editor_command(environ, talk.terminal)  # a bad $EDITOR: no copy is made
    copy = editable_copy(environ, folders, ident)
    made = copy.path.read_bytes() if copy.shadows is not None else None
    if made is not None:
        talk.note(f"copied built-in {ident} to {copy.path}")
    while True:
        before = _Before.of(copy.path)
        try:
            status = run_editor(command, copy.path)
        except BaseException:  # no editor, Ctrl-C, SIGTERM or SIGHUP (the window closed)
            if _left(copy.path, before):
                before.put_back(copy.path, made)
            else:
                _forget(copy.path, made)
            raise
        left = _left(copy.path, before)
        if left:  # a FIFO, a device, a link where the file was: never opened, never waited on
            hint = (
                f"{copy.path} is left as it is; remove it, then try again"
                if not before.put_back(copy.path, made)
                else f"the copy is removed; try again: `stretch edit {ident}`"
                if made is not None
                else f"{copy.path} is put back as it was"
            )
            raise StretchError(f"the editor left {left} at {copy.path}, not a file", hint)
        if status:
            removed = _forget(copy.path, made)
            raise StretchError(
                f"the editor {command[0]!r} {_failed(status)}",
                f"the copy is removed; try again: `stretch edit {ident}`"
                if removed
                else f"{copy.path} is kept as it is",
            )
        if not copy.path.is_file():
            raise StretchError(
                f"the editor left no file at {copy.path}", f"`stretch new {ident}` starts afresh"
            )
        found = validate([copy.path], folders)
        problems = found.problems
        if not problems:
            if found.warnings:
                talk.show([str(warning) for warning in found.warnings])
            return copy.path
        talk.show([str(problem) for problem in problems])
        if not talk.ask("Open it again to fix this? [Y/n] "):
            raise StretchError(
                f"kept {copy.path} with {plural(len(problems), 'problem')}",
                f"it is skipped until fixed: `stretch edit {ident}`",
            )


def _forget(path: Path, made: bytes | None) -> bool:
    """Remove a copy this edit made, if it is still as made; whether it was removed."""
    try:
        if made is None or guarded.read_bytes(path, len(made)) != made:
            return False
        path.unlink()
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class _Before:
    """The file as it was before the editor ran: its bytes, and where it led when it was a
    symbolic link (a routines folder kept with the person's dotfiles)."""

    data: bytes
    link: str | None

    @staticmethod
    def of(path: Path) -> _Before:
        """The file at `path` now (a StretchError when it is not a file to edit)."""
        try:
            link = os.readlink(path) if path.is_symlink() else None
            return _Before(guarded.read_bytes(path, MAX_BYTES), link)
        except OSError as exc:
            why = exc.strerror or "not a file"
            raise StretchError(
                f"cannot edit {path}: {why}", "remove it, or put a file there"
            ) from None

    def put_back(self, path: Path, made: bytes | None) -> bool:
        """Take away what the editor left at `path` (a folder only when empty), and put the
        file back as it was (a copy this edit `made`: none, the built-in one stands);
        whether that was done."""
        temporary = beside(path, "")
        try:
            if stat.S_ISDIR(os.lstat(path).st_mode):
                path.rmdir()  # only an empty one
            if made is not None:
                path.unlink(missing_ok=True)
                return True
            if self.link is not None:
                os.symlink(self.link, temporary)
            else:
                temporary.write_bytes(self.data)
            os.replace(temporary, path)  # in place of what the editor left, in one step
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return False
        return True


KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _left(path: Path, before: _Before) -> str:
    """What the editor left at `path` in place of a file, found without opening it (''
    when a file is there, or nothing): a FIFO, a device, a socket, a folder, or a symbolic
    link where there was none (one where there was one must still lead to a file)."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            if before.link is None:
                return "a symbolic link"
            mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "" if not path.is_symlink() else "a symbolic link that leads nowhere"
    except OSError:
        return "a symbolic link that leads nowhere"
    return next((kind for test, kind in KINDS if test(mode)), "")
