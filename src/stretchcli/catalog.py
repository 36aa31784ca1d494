"""Find, load and check routine and exercise files across the routines folders.

A broken file is reported and skipped (falling back to a lower-precedence file of the same id),
so one bad user file never stops the rest from loading.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

from stretchcli import schema
from stretchcli.errors import InvalidFileError, NotFoundError, Problem
from stretchcli.model import Dose, Exercise, Origin, Routine, Step
from stretchcli.paths import Folder
from stretchcli.yamldoc import load_node

FileKind = Literal["routine", "exercise"]
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Candidate:
    """A file found in a routines folder, not yet read."""

    id: str
    kind: FileKind
    path: Path
    source: str


@dataclass
class Catalog:
    """Everything that loaded, and the problems of what did not."""

    routines: dict[str, Routine] = field(default_factory=dict)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def routine(self, name: str) -> Routine:
        """The routine called `name`, or NotFoundError with a suggestion."""
        if name in self.routines:
            return self.routines[name]
        raise _not_found("routine", name, self.routines)

    def exercise(self, name: str) -> Exercise:
        """The exercise called `name`, or NotFoundError with a suggestion."""
        if name in self.exercises:
            return self.exercises[name]
        raise _not_found("exercise", name, self.exercises)

    def find(self, name: str) -> Routine | Exercise:
        """A routine, else an exercise, called `name`."""
        if name in self.routines:
            return self.routines[name]
        if name in self.exercises:
            return self.exercises[name]
        raise _not_found("routine or exercise", name, [*self.routines, *self.exercises])

    def used_by(self, exercise_id: str) -> list[str]:
        """Ids of the routines with a step (or an alternative) that uses the exercise."""
        users = []
        for routine in self.routines.values():
            for step in routine.steps:
                exercise = self.exercises[step.exercise]
                if exercise_id in (exercise.id, exercise.alternative):
                    users.append(routine.id)
                    break
        return users


def _not_found(what: str, name: str, known: Iterable[str]) -> NotFoundError:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else "see `stretch list`"
    return NotFoundError(f"no {what} named '{name}'", hint)


def scan(folders: list[Folder]) -> Iterator[Candidate]:
    """Every routine and exercise file in the folders, in folder precedence order."""
    for folder in folders:
        yield from _scan_one(folder.path, "routine", folder.source)
        yield from _scan_one(folder.path / "exercises", "exercise", folder.source)


def _scan_one(directory: Path, kind: FileKind, source: str) -> Iterator[Candidate]:
    try:
        with os.scandir(directory) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(SUFFIXES))
    except OSError:  # missing, unreadable or not a folder: nothing to find there
        return
    for name in names:
        yield Candidate(Path(name).stem, kind, directory / name, source)


def load_catalog(folders: list[Folder], extra: Iterable[Candidate] = ()) -> Catalog:
    """Load every file; `extra` candidates (e.g. files being validated) take precedence."""
    by_id: dict[tuple[FileKind, str], list[Candidate]] = {}
    catalog = Catalog()
    seen: set[Path] = set()
    for candidate in [*extra, *scan(folders)]:
        if candidate.path.absolute() in seen:  # a validated file that is also in a folder
            continue
        seen.add(candidate.path.absolute())
        if not schema.ID_RE.match(candidate.id):
            catalog.problems.append(_bad_stem(candidate.path))
            continue
        by_id.setdefault((candidate.kind, candidate.id), []).append(candidate)

    checked_exercises: dict[str, tuple[Exercise, schema.Checked]] = {}
    for (kind, ident), candidates in sorted(by_id.items()):
        if kind == "exercise":
            loaded = _first_valid(candidates, catalog.problems)
            if loaded:
                checked_exercises[ident] = (_exercise(loaded[0], loaded[1]), loaded[1])
    for ident, (exercise, checked) in checked_exercises.items():
        problems = _exercise_references(exercise, checked, checked_exercises)
        if problems:
            catalog.problems.extend(problems)
        else:
            catalog.exercises[ident] = exercise

    for (kind, ident), candidates in sorted(by_id.items()):
        if kind != "routine":
            continue
        for candidate in candidates:
            try:
                checked = _check_file(candidate)
            except InvalidFileError as exc:
                catalog.problems.extend(exc.problems)
                continue
            problems = _routine_references(candidate.path, checked, catalog.exercises)
            if problems:
                catalog.problems.extend(problems)
                continue
            catalog.routines[ident] = _routine(candidate, checked)
            break
    return catalog


def _first_valid(
    candidates: list[Candidate], problems: list[Problem]
) -> tuple[Candidate, schema.Checked] | None:
    for candidate in candidates:
        try:
            return candidate, _check_file(candidate)
        except InvalidFileError as exc:
            problems.extend(exc.problems)
    return None


def _check_file(candidate: Candidate) -> schema.Checked:
    root = load_node(candidate.path)
    fields = schema.EXERCISE_FIELDS if candidate.kind == "exercise" else schema.ROUTINE_FIELDS
    checked = schema.check(candidate.path, root, fields, candidate.kind)
    if checked.problems:
        raise InvalidFileError(checked.problems)
    return checked


def _bad_stem(path: Path) -> Problem:
    return Problem(
        path,
        1,
        1,
        f"file name '{path.stem}' is not a valid id",
        "rename it to lowercase words joined by hyphens, like 'my-routine.yaml'",
    )


def _exercise_references(
    exercise: Exercise,
    checked: schema.Checked,
    exercises: dict[str, tuple[Exercise, schema.Checked]],
) -> list[Problem]:
    assert exercise.origin is not None
    alternative = exercise.alternative
    if alternative is None or alternative in exercises:
        return []
    line, column = checked.marks["alternative"]
    return [
        Problem(
            exercise.origin.path,
            line,
            column,
            f"alternative: no exercise named '{alternative}'",
            _suggest(alternative, exercises),
        )
    ]


def _routine_references(
    path: Path, checked: schema.Checked, exercises: dict[str, Exercise]
) -> list[Problem]:
    problems = []
    steps = cast(list[dict[str, object]], checked.values["steps"])
    for i, step in enumerate(steps, 1):
        ident = cast(str, step["exercise"])
        line, column = checked.marks[f"steps[{i}].exercise"]
        if ident not in exercises:
            message = f"step {i}: no exercise named '{ident}'"
            problems.append(Problem(path, line, column, message, _suggest(ident, exercises)))
            continue
        variant = step.get("variant")
        known = exercises[ident].variants
        if variant is not None and variant not in known:
            line, column = checked.marks[f"steps[{i}].variant"]
            hint = ("variants: " + ", ".join(known)) if known else "it has no variants"
            message = f"step {i}: '{ident}' has no variant '{variant}'"
            problems.append(Problem(path, line, column, message, hint))
    return problems


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else "see `stretch list --exercises`"


def _dose(values: dict[str, object]) -> Dose:
    dose_values = {k: values[k] for k in ("hold", "reps", "sets", "relax", "rest", "sides") if k in values}
    return Dose(**dose_values)  # type: ignore[arg-type]


def _exercise(candidate: Candidate, checked: schema.Checked) -> Exercise:
    v = checked.values
    return Exercise(
        id=candidate.id,
        name=cast(str, v["name"]),
        summary=cast(str, v["summary"]),
        dose=_dose(v),
        instructions=tuple(cast(list[str], v["instructions"])),
        cautions=tuple(cast(list[str], v["cautions"])),
        targets=tuple(cast(list[str], v.get("targets", []))),
        position=cast(str, v.get("position", "")),
        equipment=tuple(cast(list[str], v.get("equipment", []))),
        movements=tuple(cast(list[str], v.get("movements", []))),  # type: ignore[arg-type]
        alternative=cast("str | None", v.get("alternative")),
        variants=cast(dict[str, dict[str, object]], v.get("variants", {})),
        sources=tuple(cast(list[str], v.get("sources", []))),
        origin=Origin(candidate.path, candidate.source),
    )


def _routine(candidate: Candidate, checked: schema.Checked) -> Routine:
    v = checked.values
    steps = []
    for raw in cast(list[dict[str, object]], v["steps"]):
        overrides = {k: raw[k] for k in ("hold", "reps", "sets", "relax", "rest", "sides") if k in raw}
        steps.append(
            Step(cast(str, raw["exercise"]), cast("str | None", raw.get("variant")), overrides)
        )
    return Routine(
        id=candidate.id,
        name=cast(str, v["name"]),
        summary=cast(str, v["summary"]),
        steps=tuple(steps),
        prepare=cast(float, v.get("prepare", 5)),
        rest=cast(float, v.get("rest", 10)),
        cautions=tuple(cast(list[str], v.get("cautions", []))),
        sources=tuple(cast(list[str], v.get("sources", []))),
        origin=Origin(candidate.path, candidate.source),
    )


def candidates_for(paths: Iterable[Path]) -> tuple[list[Candidate], list[Problem]]:
    """Files named on the command line (folders walked): under an `exercises` folder = exercise."""
    found: list[Candidate] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.exists():
            files = [path]
        else:
            problems.append(Problem(path, 1, 1, "no such file or folder"))
            continue
        for file in files:
            kind: FileKind = "exercise" if file.parent.name == "exercises" else "routine"
            found.append(Candidate(file.stem, kind, file, "checked"))
    return found, problems


def validate(paths: Iterable[Path], folders: list[Folder]) -> tuple[int, list[Problem]]:
    """Check files and folders against the format and each other; returns (files, problems)."""
    candidates, problems = candidates_for(paths)
    catalog = load_catalog(folders, candidates)
    named = {c.path for c in candidates}
    problems.extend(p for p in catalog.problems if p.path in named)
    return len(candidates), problems
