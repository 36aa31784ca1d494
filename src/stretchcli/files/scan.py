"""Which routine and exercise files there are: those in the routines folders, in precedence
order, and those named on the command line (folders walked). Found by name only, not read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from stretchcli.errors import NotFoundError, Problem
from stretchcli.files.paths import Folder
from stretchcli.files.reach import why_missing
from stretchcli.text import did_you_mean

if TYPE_CHECKING:  # the model's dataclasses take a few ms to make: not for a kept `list`
    from stretchcli.model import Source

FileKind = Literal["routine", "exercise"]
SUFFIXES = (".yaml", ".yml")


class Candidate(NamedTuple):  # a NamedTuple: a dataclass costs `list` about 0.2 ms to make
    """A file found in a routines folder, not yet read."""

    id: str
    kind: FileKind
    path: Path
    source: Source


def not_found(what: str, name: str, known: Iterable[str]) -> NotFoundError:
    """The error for an unknown name, with the closest known one as a hint."""
    hint = did_you_mean(name, known, "see `stretch list`", cutoff=0.5)
    return NotFoundError(f"no {what} named '{name}'", hint)


def scan(folders: list[Folder]) -> Iterator[Candidate]:
    """Every routine and exercise file in the folders, in folder precedence order."""
    for folder in folders:
        yield from _scan_one(folder.path, "routine", folder.source)
        yield from _scan_one(folder.path / "exercises", "exercise", folder.source)


def _scan_one(directory: Path, kind: FileKind, source: Source) -> Iterator[Candidate]:
    try:
        with os.scandir(directory) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(SUFFIXES))
    except OSError:  # missing, unreadable or not a folder: nothing to find there
        return
    for name in names:
        yield Candidate(Path(name).stem, kind, directory / name, source)


def candidates_for(paths: Iterable[Path]) -> tuple[list[Candidate], list[Problem]]:
    """Files named on the command line (folders walked): under an `exercises` folder = exercise."""
    found: list[Candidate] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = _files_under(path, problems)
        elif path.exists():
            files = [path]
        else:
            problems.append(Problem(path, 1, 1, why_missing(path, "no such file or folder")))
            continue
        for file in files:
            kind: FileKind = "exercise" if file.parent.name == "exercises" else "routine"
            found.append(Candidate(file.stem, kind, file, "checked"))
    return found, problems


def _files_under(folder: Path, problems: list[Problem]) -> list[Path]:
    """Routine and exercise files under `folder`; a subfolder that cannot be read is a problem,
    not a silent gap."""

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        problems.append(Problem(where, 1, 1, f"cannot read the folder: {error.strerror}"))

    files = []
    for root, _, names in os.walk(folder, onerror=unreadable):
        files += [Path(root) / n for n in names if n.endswith(SUFFIXES)]
    return sorted(files)


def find_file(folders: list[Folder], ident: str, kind: FileKind | None) -> Candidate:
    """The file that is used for `ident` (a routine first, unless `kind` says), by name only."""
    candidates = [c for c in scan(folders) if kind is None or c.kind == kind]
    for wanted in ("routine", "exercise"):
        for candidate in candidates:
            if candidate.id == ident and candidate.kind == wanted:
                return candidate
    what = kind or "routine or exercise"
    raise not_found(what, ident, sorted({c.id for c in candidates}))
