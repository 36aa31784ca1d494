"""The catalog: every routine and exercise that loads, and the problems of every file that
does not. For each id the first valid file in precedence order wins; a broken file is reported
and skipped (falling back to a lower-precedence file of the same id), so one bad user file
never stops the rest from loading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from stretchcli.errors import InvalidFileError, Problem
from stretchcli.files import build
from stretchcli.files.checked import Checked
from stretchcli.files.cross_checks import (
    alternative_problems,
    bad_stem,
    climb_problems,
    figure_problems,
    ladder_problems,
    length_problems,
    step_problems,
)
from stretchcli.files.paths import Folder
from stretchcli.files.scan import Candidate, FileKind, candidates_for, not_found, scan
from stretchcli.files.values import Values
from stretchcli.model import ID_RE, PREPARE, REST, Exercise, Routine

if TYPE_CHECKING:
    from stretchcli.files.cache import ParseCache

T = TypeVar("T")


@dataclass
class Catalog:
    """Everything that loaded, and the problems of what did not."""

    routines: dict[str, Routine] = field(default_factory=dict)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # of the files tried
    # Ids with a file whose every file has problems (named as such, not as missing).
    broken_routines: set[str] = field(default_factory=set)
    broken_exercises: set[str] = field(default_factory=set)

    def routine(self, name: str) -> Routine:
        """The routine called `name`, or NotFoundError with a suggestion."""
        if name in self.routines:
            return self.routines[name]
        raise not_found("routine", name, self.routines)

    def find(self, name: str) -> Routine | Exercise:
        """A routine, else an exercise, called `name`."""
        if name in self.routines:
            return self.routines[name]
        if name in self.exercises:
            return self.exercises[name]
        raise not_found("routine or exercise", name, [*self.routines, *self.exercises])

    def used_by(self, exercise_id: str) -> list[str]:
        """Ids of the routines with a step that does the exercise, sorted."""
        return sorted(
            routine.id
            for routine in self.routines.values()
            if any(step.exercise == exercise_id for step in routine.steps)
        )

    def stands_in_for(self, exercise_id: str) -> list[str]:
        """Ids of the exercises whose alternative (done with --avoid) this one is, sorted."""
        return sorted(e.id for e in self.exercises.values() if e.alternative == exercise_id)


def load_catalog(
    folders: list[Folder],
    extra: Iterable[Candidate] = (),
    prepare: float = PREPARE,
    rest: float = REST,
    cache: ParseCache | None = None,
) -> Catalog:
    """Load every file; `extra` candidates (e.g. files being validated) take precedence.
    `prepare` and `rest` are used by routines that do not give their own.

    For each id the first file that is valid wins; the problems of every file tried before it
    are kept in `problems`. A file's problems include its references to other files.
    """
    catalog = Catalog()
    groups: dict[tuple[FileKind, str], list[Candidate]] = {}
    seen: set[Path] = set()
    for candidate in [*extra, *scan(folders)]:
        if candidate.path.absolute() in seen:  # a validated file that is also in a folder
            continue
        seen.add(candidate.path.absolute())
        if not ID_RE.fullmatch(candidate.id):
            catalog.problems.append(bad_stem(candidate.path))
            continue
        groups.setdefault((candidate.kind, candidate.id), []).append(candidate)

    # Exercises first: routines refer to them. Per id, files are tried in precedence order
    # until one is valid on its own and names an alternative that some valid file provides.
    exercise_groups = {i: c for (kind, i), c in sorted(groups.items()) if kind == "exercise"}
    loaded = {
        i: [(c, *_load(c, cache, build.exercise)) for c in candidates]
        for i, candidates in exercise_groups.items()
    }
    available = {i for i, files in loaded.items() if any(e is not None for _, _, e in files)}
    winners: dict[str, Checked] = {}
    for ident, files in loaded.items():
        for candidate, checked, exercise in files:
            problems = checked.problems + alternative_problems(candidate.path, checked, available)
            catalog.warnings.extend(checked.warnings)
            if exercise is not None and not problems:
                catalog.exercises[ident] = exercise
                winners[ident] = checked
                break
            catalog.problems.extend(problems)
    # An alternative whose every file failed its own alternative check: drop its users too.
    while dropped := [
        e for e in catalog.exercises.values()
        if e.alternative is not None and e.alternative not in catalog.exercises
    ]:  # fmt: skip
        for exercise in dropped:
            del catalog.exercises[exercise.id]
            line, column = winners[exercise.id].marks["alternative"]
            message = f"alternative: exercise '{exercise.alternative}' has problems of its own"
            catalog.problems.append(Problem(exercise.origin.path, line, column, message))
    broken = set(exercise_groups) - set(catalog.exercises)
    catalog.broken_exercises = broken

    def build_routine(candidate: Candidate, values: Values) -> Routine:
        return build.routine(candidate, values, prepare, rest)

    for (kind, ident), candidates in sorted(groups.items()):
        if kind == "routine":
            for candidate in candidates:
                checked, routine = _load(candidate, cache, build_routine)
                problems = checked.problems + step_problems(
                    candidate.path, checked, catalog.exercises, broken
                )
                if routine is not None and not problems:
                    problems = length_problems(candidate.path, checked, routine, catalog.exercises)
                if routine is not None and not problems:
                    catalog.routines[ident] = routine
                    break
                catalog.problems.extend(problems)
            if ident not in catalog.routines:
                catalog.broken_routines.add(ident)
    return catalog


def _load(
    candidate: Candidate, cache: ParseCache | None, make: Callable[[Candidate, Values], T]
) -> tuple[Checked, T | None]:
    """A file checked (from the cache when it holds it) and, if it has no problems, built.
    A cached entry that does not build is checked afresh: the cache is an optimisation, never
    a source of errors."""
    hit = cache.get(candidate.path, candidate.kind) if cache is not None else None
    if hit is not None:
        try:
            return hit, None if hit.problems else make(candidate, Values(hit.values))
        except TypeError:
            pass
    checked = _check_file(candidate)
    if cache is not None:
        cache.put(candidate.path, candidate.kind, checked)
    return checked, None if checked.problems else make(candidate, Values(checked.values))


def _check_file(candidate: Candidate) -> Checked:
    # Parsing needs yaml and the checker: imported only when a file is really read.
    from stretchcli.files.checker import check
    from stretchcli.files.fields import EXERCISE_FIELDS, ROUTINE_FIELDS
    from stretchcli.files.yamldoc import load_node

    fields = EXERCISE_FIELDS if candidate.kind == "exercise" else ROUTINE_FIELDS
    try:
        root = load_node(candidate.path)
    except InvalidFileError as exc:
        return Checked(problems=exc.problems)
    checked = check(candidate.path, root, fields, candidate.kind)
    if candidate.kind == "exercise" and not checked.problems:
        checked.problems = figure_problems(candidate.path, checked) + ladder_problems(
            candidate.path, checked
        )
    if candidate.kind == "exercise" and not checked.problems:
        exercise = build.exercise(candidate, Values(checked.values))
        checked.problems, checked.warnings = climb_problems(candidate.path, checked, exercise)
    return checked


class PlanCheck(Protocol):
    """How `validate` tells a plan file and checks it (the plan file's module, which
    imports this one)."""

    def is_plan(self, path: Path) -> bool:
        """Whether the file is a plan (by where it lives or by its keys)."""
        ...

    def check(self, path: Path, catalog: Catalog) -> tuple[list[Problem], list[Problem]]:
        """Every problem of the plan file, against the catalog, and what to check in it."""
        ...


@dataclass
class Validated:
    """What `validate` found: how many files it checked, their problems (sorted by file,
    line and column), and what it took but asks to check (`warnings`, sorted too)."""

    files: int
    problems: list[Problem]
    warnings: list[Problem]


def validate(
    paths: Iterable[Path],
    folders: list[Folder],
    plans: PlanCheck | None = None,
) -> Validated:
    """Check files and folders against the format and each other. With `plans`, a file it
    recognises as a plan is checked as one, against the catalog."""
    candidates, problems = candidates_for(paths)
    plan_files = [c for c in candidates if c.kind == "routine" and plans and plans.is_plan(c.path)]
    others = [c for c in candidates if c not in plan_files]
    catalog = load_catalog(folders, others)
    named = {c.path for c in others}
    problems.extend(p for p in catalog.problems if p.path in named)
    warnings = [p for p in catalog.warnings if p.path in named]
    for candidate in plan_files:
        own, to_check = plans.check(candidate.path, catalog) if plans else ([], [])
        problems.extend(own)
        warnings.extend(to_check)
    problems.sort(key=lambda p: (str(p.path), p.line, p.column))
    warnings.sort(key=lambda p: (str(p.path), p.line, p.column))
    files = {c.path for c in candidates} | {p.path for p in problems}  # a missing one too
    return Validated(len(files), problems, warnings)


def nothing_checked(paths: Sequence[str]) -> str:
    """What `validate` says when the paths it was given hold no file for it to check."""
    return (
        "Nothing checked: no routine, exercise or plan files (.yaml or .yml) in "
        f"{', '.join(paths)}; name the folder that holds them, or write one with "
        "`stretch new NAME`"
    )
