"""Find, load and check routine and exercise files across the routines folders.

A broken file is reported and skipped (falling back to a lower-precedence file of the same id),
so one bad user file never stops the rest from loading.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from stretchcli.errors import InvalidFileError, NotFoundError, Problem
from stretchcli.files.checked import Checked
from stretchcli.files.paths import Folder
from stretchcli.model import DOSE_KEYS, ID_RE, CueText, Dose, Exercise, Origin, Routine, Step

if TYPE_CHECKING:
    from stretchcli.files.cache import ParseCache

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
        raise not_found("routine", name, self.routines)

    def exercise(self, name: str) -> Exercise:
        """The exercise called `name`, or NotFoundError with a suggestion."""
        if name in self.exercises:
            return self.exercises[name]
        raise not_found("exercise", name, self.exercises)

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


def not_found(what: str, name: str, known: Iterable[str]) -> NotFoundError:
    """The error for an unknown name, with the closest known one as a hint."""
    return NotFoundError(f"no {what} named '{name}'", _suggest(name, known, "see `stretch list`"))


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


def load_catalog(
    folders: list[Folder],
    extra: Iterable[Candidate] = (),
    prepare: float = 5.0,
    rest: float = 10.0,
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
            catalog.problems.append(_bad_stem(candidate.path))
            continue
        groups.setdefault((candidate.kind, candidate.id), []).append(candidate)

    # Exercises first: routines refer to them. Per id, files are tried in precedence order
    # until one is valid on its own and names an alternative that some valid file provides.
    exercise_groups = {i: c for (kind, i), c in sorted(groups.items()) if kind == "exercise"}
    checked_files = {
        i: [(c, _check_file(c, cache)) for c in candidates]
        for i, candidates in exercise_groups.items()
    }
    available = {i for i, files in checked_files.items() if any(not k.problems for _, k in files)}
    winners: dict[str, Checked] = {}
    for ident, files in checked_files.items():
        for candidate, checked in files:
            problems = checked.problems + _alternative_problems(candidate.path, checked, available)
            if not problems:
                catalog.exercises[ident] = _exercise(candidate, checked)
                winners[ident] = checked
                break
            catalog.problems.extend(problems)
    # An alternative whose every file failed its own alternative check: drop its users too.
    while dropped := [
        e for e in catalog.exercises.values()
        if e.alternative is not None and e.alternative not in catalog.exercises
    ]:  # fmt: skip
        for exercise in dropped:
            assert exercise.origin is not None
            del catalog.exercises[exercise.id]
            line, column = winners[exercise.id].marks["alternative"]
            message = f"alternative: exercise '{exercise.alternative}' has problems of its own"
            catalog.problems.append(Problem(exercise.origin.path, line, column, message))
    broken = set(exercise_groups) - set(catalog.exercises)
    for (kind, ident), candidates in sorted(groups.items()):
        if kind == "routine":
            for candidate in candidates:
                checked = _check_file(candidate, cache)
                problems = checked.problems + _step_problems(
                    candidate.path, checked, catalog.exercises, broken
                )
                if not problems:
                    routine = _routine(candidate, checked, prepare, rest)
                    problems = _length_problems(candidate.path, checked, routine, catalog)
                if not problems:
                    catalog.routines[ident] = routine
                    break
                catalog.problems.extend(problems)
    return catalog


def _check_file(candidate: Candidate, cache: ParseCache | None = None) -> Checked:
    if cache is not None:
        hit = cache.get(candidate.path, candidate.kind)
        if hit is not None:
            return hit
    # Parsing needs yaml and the schema: imported only when a file is really read.
    from stretchcli.files import schema
    from stretchcli.files.yamldoc import load_node

    fields = schema.EXERCISE_FIELDS if candidate.kind == "exercise" else schema.ROUTINE_FIELDS
    try:
        root = load_node(candidate.path)
    except InvalidFileError as exc:
        checked = Checked(problems=exc.problems)
    else:
        checked = schema.check(candidate.path, root, fields, candidate.kind)
    if cache is not None:
        cache.put(candidate.path, candidate.kind, checked)
    return checked


def _bad_stem(path: Path) -> Problem:
    return Problem(
        path,
        1,
        1,
        f"file name '{path.stem}' is not a valid id",
        "rename it to lowercase words joined by hyphens, like 'my-routine.yaml'",
    )


def _alternative_problems(path: Path, checked: Checked, available: set[str]) -> list[Problem]:
    alternative = checked.values.get("alternative")
    if not isinstance(alternative, str) or alternative in available:
        return []
    line, column = checked.marks["alternative"]
    message = f"alternative: no exercise named '{alternative}'"
    return [Problem(path, line, column, message, _suggest(alternative, available))]


def _step_problems(
    path: Path, checked: Checked, exercises: dict[str, Exercise], broken: set[str]
) -> list[Problem]:
    problems = []
    steps = cast(list[dict[str, object] | None], checked.values.get("steps", []))
    for i, step in enumerate(steps, 1):
        ident = step.get("exercise") if step else None
        if not isinstance(ident, str):
            continue
        line, column = checked.marks[f"steps[{i}].exercise"]
        if ident in broken:
            message = f"step {i}: exercise '{ident}' has problems of its own"
            problems.append(Problem(path, line, column, message, "fix that file first"))
            continue
        if ident not in exercises:
            message = f"step {i}: no exercise named '{ident}'"
            problems.append(Problem(path, line, column, message, _suggest(ident, exercises)))
            continue
        variant = step.get("variant") if step else None
        known = exercises[ident].variants
        if variant is not None and variant not in known:
            line, column = checked.marks[f"steps[{i}].variant"]
            hint = ("variants: " + ", ".join(known)) if known else "it has no variants"
            message = f"step {i}: '{ident}' has no variant '{variant}'"
            problems.append(Problem(path, line, column, message, hint))
    return problems


MAX_ROUTINE_SECONDS = 4 * 3600  # longer is a typo (or an attack), not a stretching routine


def _length_problems(
    path: Path, checked: Checked, routine: Routine, catalog: Catalog
) -> list[Problem]:
    """A routine may last at most four hours (worked out without making its timeline)."""
    from stretchcli.session.timeline import RunOptions, plan, rough_seconds

    steps = plan(routine, catalog.exercises, RunOptions()).steps
    seconds = rough_seconds(steps, routine.prepare, routine.rest)
    if seconds <= MAX_ROUTINE_SECONDS:
        return []
    line, column = checked.marks.get("steps", (1, 1))
    hours = seconds / 3600
    return [
        Problem(
            path,
            line,
            column,
            f"steps: the routine would last about {hours:,.0f} hours; at most 4 are allowed",
            "check the doses (hold, reps, sets) of its steps, or split it",
        )
    ]


def _suggest(
    name: str, known: Iterable[str], otherwise: str = "see `stretch list --exercises`"
) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else otherwise


def _dose(values: dict[str, object]) -> Dose:
    return Dose(**{k: values[k] for k in DOSE_KEYS if k in values})  # type: ignore[arg-type]


def _exercise(candidate: Candidate, checked: Checked) -> Exercise:
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
        setup=tuple(cast(list[str], v.get("setup", []))),
        cues=CueText(**cast(dict[str, str], v.get("cues", {}))),
    )


def _routine(candidate: Candidate, checked: Checked, prepare: float, rest: float) -> Routine:
    v = checked.values
    steps = []
    for raw in cast(list[dict[str, object]], v["steps"]):
        overrides = {k: raw[k] for k in DOSE_KEYS if k in raw}
        steps.append(
            Step(cast(str, raw["exercise"]), cast("str | None", raw.get("variant")), overrides)
        )
    return Routine(
        id=candidate.id,
        name=cast(str, v["name"]),
        summary=cast(str, v["summary"]),
        steps=tuple(steps),
        prepare=cast(float, v.get("prepare", prepare)),
        rest=cast(float, v.get("rest", rest)),
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
            files = _files_under(path, problems)
        elif path.exists():
            files = [path]
        else:
            problems.append(Problem(path, 1, 1, "no such file or folder"))
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


def validate(paths: Iterable[Path], folders: list[Folder]) -> tuple[int, list[Problem]]:
    """Check files and folders against the format and each other; returns (files, problems)."""
    candidates, problems = candidates_for(paths)
    catalog = load_catalog(folders, candidates)
    named = {c.path for c in candidates}
    problems.extend(p for p in catalog.problems if p.path in named)
    problems.sort(key=lambda p: (str(p.path), p.line, p.column))
    return len(candidates), problems
