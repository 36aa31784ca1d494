"""Find, load and check routine and exercise files across the routines folders.

A broken file is reported and skipped (falling back to a lower-precedence file of the same id),
so one bad user file never stops the rest from loading.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from stretchcli.errors import InvalidFileError, NotFoundError, Problem
from stretchcli.files.checked import Checked
from stretchcli.files.paths import Folder
from stretchcli.model import (
    BASES,
    ID_RE,
    MOVEMENTS,
    PREPARE,
    PROPS,
    REST,
    SIDES,
    VIEWS,
    CueText,
    Dose,
    DoseChange,
    Exercise,
    Figure,
    Origin,
    Pose,
    Routine,
    Source,
    Step,
    Variant,
    routine_rough_seconds,
)
from stretchcli.text import did_you_mean

if TYPE_CHECKING:
    from stretchcli.files.cache import ParseCache

FileKind = Literal["routine", "exercise"]
SUFFIXES = (".yaml", ".yml")
SEE_EXERCISES = "see `stretch list --exercises`"
T = TypeVar("T")
D = TypeVar("D")


@dataclass(frozen=True)
class Candidate:
    """A file found in a routines folder, not yet read."""

    id: str
    kind: FileKind
    path: Path
    source: Source


class _Required:
    """The default of a key that must be there."""


REQUIRED = _Required()


class Values:
    """Checked values (or cached ones) read with their types checked: a value of the wrong
    type, as a damaged cache entry could hold, is a TypeError, never a wrong type in the model.
    Each getter returns `default` when the key is not there (a TypeError when it is REQUIRED)."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data

    def names(self) -> tuple[str, ...]:
        """The keys, in the order they were given."""
        return tuple(self.data)

    def text(self, key: str, default: D | _Required = REQUIRED) -> str | D:
        """The text at `key`."""
        if key not in self.data:
            return _default(key, default)
        return _text(self.data[key], key)

    def texts(self, key: str, default: D | _Required = REQUIRED) -> tuple[str, ...] | D:
        """The list of texts at `key`."""
        if key not in self.data:
            return _default(key, default)
        return tuple(_text(item, key) for item in _list(self.data[key], key))

    def number(self, key: str, default: D | _Required = REQUIRED) -> float | D:
        """The number (whole or not) at `key`."""
        if key not in self.data:
            return _default(key, default)
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{key}: expected a number, got {value!r}")
        return value

    def whole(self, key: str, default: D | _Required = REQUIRED) -> int | D:
        """The whole number at `key`."""
        if key not in self.data:
            return _default(key, default)
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{key}: expected a whole number, got {value!r}")
        return value

    def choice(self, key: str, allowed: tuple[T, ...], default: D | _Required = REQUIRED) -> T | D:
        """The one of `allowed` at `key` (the element of `allowed`, so its type is kept)."""
        if key not in self.data:
            return _default(key, default)
        return _choice(self.data[key], allowed, key)

    def choices(
        self, key: str, allowed: tuple[T, ...], default: D | _Required = REQUIRED
    ) -> tuple[T, ...] | D:
        """The list of `allowed` elements at `key`."""
        if key not in self.data:
            return _default(key, default)
        return tuple(_choice(item, allowed, key) for item in _list(self.data[key], key))

    def items(self, key: str, default: D | _Required = REQUIRED) -> list[Values] | D:
        """The list of mappings at `key`."""
        if key not in self.data:
            return _default(key, default)
        return [_values(item, key) for item in _list(self.data[key], key)]

    def mapping(self, key: str, default: D | _Required = REQUIRED) -> Values | D:
        """The mapping at `key`."""
        if key not in self.data:
            return _default(key, default)
        return _values(self.data[key], key)


EMPTY = Values({})


def _default(key: str, default: D | _Required) -> D:
    if isinstance(default, _Required):
        raise TypeError(f"{key}: missing")
    return default


def _text(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{key}: expected text, got {value!r}")
    return value


def _list(value: object, key: str) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"{key}: expected a list, got {value!r}")
    return value


def _values(value: object, key: str) -> Values:
    if not isinstance(value, dict):
        raise TypeError(f"{key}: expected a mapping, got {value!r}")
    return Values(value)


def _choice(value: object, allowed: tuple[T, ...], key: str) -> T:
    for option in allowed:
        if option == value:
            return option
    raise TypeError(f"{key}: expected one of {allowed}, got {value!r}")


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
            catalog.problems.append(_bad_stem(candidate.path))
            continue
        groups.setdefault((candidate.kind, candidate.id), []).append(candidate)

    # Exercises first: routines refer to them. Per id, files are tried in precedence order
    # until one is valid on its own and names an alternative that some valid file provides.
    exercise_groups = {i: c for (kind, i), c in sorted(groups.items()) if kind == "exercise"}
    loaded = {
        i: [(c, *_load(c, cache, _exercise)) for c in candidates]
        for i, candidates in exercise_groups.items()
    }
    available = {i for i, files in loaded.items() if any(e is not None for _, _, e in files)}
    winners: dict[str, Checked] = {}
    for ident, files in loaded.items():
        for candidate, checked, exercise in files:
            problems = checked.problems + _alternative_problems(candidate.path, checked, available)
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

    def build_routine(candidate: Candidate, values: Values) -> Routine:
        return _routine(candidate, values, prepare, rest)

    for (kind, ident), candidates in sorted(groups.items()):
        if kind == "routine":
            for candidate in candidates:
                checked, routine = _load(candidate, cache, build_routine)
                problems = checked.problems + _step_problems(
                    candidate.path, checked, catalog.exercises, broken
                )
                if routine is not None and not problems:
                    problems = _length_problems(candidate.path, checked, routine, catalog)
                if routine is not None and not problems:
                    catalog.routines[ident] = routine
                    break
                catalog.problems.extend(problems)
    return catalog


def _load(
    candidate: Candidate, cache: ParseCache | None, build: Callable[[Candidate, Values], T]
) -> tuple[Checked, T | None]:
    """A file checked (from the cache when it holds it) and, if it has no problems, built.
    A cached entry that does not build is checked afresh: the cache is an optimisation, never
    a source of errors."""
    hit = cache.get(candidate.path, candidate.kind) if cache is not None else None
    if hit is not None:
        try:
            return hit, None if hit.problems else build(candidate, Values(hit.values))
        except TypeError:
            pass
    checked = _check_file(candidate)
    if cache is not None:
        cache.put(candidate.path, candidate.kind, checked)
    return checked, None if checked.problems else build(candidate, Values(checked.values))


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
        checked.problems = _figure_problems(candidate.path, checked)
    return checked


def _figure_problems(path: Path, checked: Checked) -> list[Problem]:
    """What the drawn poses of an exercise's figures (its own and its variants') break:
    checked once, when the file is read (the cache keeps the result)."""
    from stretchcli.body.posture import problems

    values = Values(checked.values)
    variants = values.mapping("variants", EMPTY)
    figures = [("", "figure", values.mapping("figure", None))]
    figures += [
        (
            f"variant '{name}': ",
            f"variants.{name}.figure",
            variants.mapping(name).mapping("figure", None),
        )
        for name in variants.names()
    ]
    found = []
    for label, key, data in figures:
        figure = _figure(data)
        if figure is None:
            continue
        for finding in problems(figure):
            mark = checked.marks.get(f"{label}figure.{finding.where}")
            line, column = mark or checked.marks[key]
            key = finding.where.replace("[", " item ").rstrip("]")
            message = f"{label}figure.{key}: {finding.message}"
            hint = "change the pose or what it declares; see it with `stretch show NAME --svg FILE`"
            found.append(Problem(path, line, column, message, hint))
    return found


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
    hint = did_you_mean(alternative, available, SEE_EXERCISES, cutoff=0.5)
    return [Problem(path, line, column, message, hint)]


def _step_problems(
    path: Path, checked: Checked, exercises: dict[str, Exercise], broken: set[str]
) -> list[Problem]:
    problems = []
    steps = checked.values.get("steps")
    for i, step in enumerate(steps if isinstance(steps, list) else [], 1):
        # Unusable steps are None, but the good ones are checked even so (all in one pass).
        ident = step.get("exercise") if isinstance(step, dict) else None
        if not isinstance(ident, str):
            continue
        line, column = checked.marks[f"steps[{i}].exercise"]
        if ident in broken:
            message = f"step {i}: exercise '{ident}' has problems of its own"
            problems.append(Problem(path, line, column, message, "fix that file first"))
            continue
        if ident not in exercises:
            message = f"step {i}: no exercise named '{ident}'"
            hint = did_you_mean(ident, exercises, SEE_EXERCISES, cutoff=0.5)
            problems.append(Problem(path, line, column, message, hint))
            continue
        variant = step.get("variant")
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
    seconds = routine_rough_seconds(routine, catalog.exercises)
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


def _exercise(candidate: Candidate, v: Values) -> Exercise:
    variants = v.mapping("variants", EMPTY)
    return Exercise(
        id=candidate.id,
        name=v.text("name"),
        summary=v.text("summary"),
        dose=Dose(
            hold=v.number("hold"),
            reps=v.whole("reps"),
            sets=v.whole("sets", 1),
            relax=v.number("relax", 0),
            rest=v.number("rest", 0),
            sides=v.choice("sides", SIDES),
        ),
        instructions=v.texts("instructions"),
        cautions=v.texts("cautions"),
        origin=Origin(candidate.path, candidate.source),
        targets=v.texts("targets", ()),
        position=v.text("position", ""),
        equipment=v.texts("equipment", ()),
        movements=v.choices("movements", MOVEMENTS, ()),
        alternative=v.text("alternative", None),
        variants={name: _variant(variants.mapping(name)) for name in variants.names()},
        sources=v.texts("sources", ()),
        setup=v.texts("setup", ()),
        cues=_cues(v.mapping("cues", EMPTY)),
        figure=_figure(v.mapping("figure", None)),
    )


def _variant(v: Values) -> Variant:
    return Variant(
        summary=v.text("summary", None),
        targets=v.texts("targets", None),
        position=v.text("position", None),
        equipment=v.texts("equipment", None),
        movements=v.choices("movements", MOVEMENTS, None),
        dose=_dose_change(v),
        instructions=v.texts("instructions", None),
        setup=v.texts("setup", None),
        cues=_cues(v.mapping("cues", EMPTY)),
        cautions=v.texts("cautions", None),
        figure=_figure(v.mapping("figure", None)),
    )


def _figure(v: Values | None) -> Figure | None:
    if v is None:
        return None
    return Figure(
        view=v.choice("view", VIEWS),
        start=_pose(v.mapping("start")),
        end=_pose(v.mapping("end")),
        props=v.choices("props", PROPS, ()),
        checks=v.texts("checks", ()),
        description=v.text("description"),
    )


def _pose(v: Values) -> Pose:
    joints = tuple((name, v.number(name)) for name in v.names() if name not in ("base", "checks"))
    return Pose(v.choice("base", BASES), joints, v.texts("checks", ()))


def _cues(v: Values) -> CueText:
    return CueText(
        hold=v.text("hold", None),
        relax=v.text("relax", None),
        left=v.text("left", None),
        right=v.text("right", None),
        switch=v.text("switch", None),
        breathe=v.text("breathe", None),
        finish=v.text("finish", None),
    )


def _dose_change(v: Values) -> DoseChange:
    return DoseChange(
        hold=v.number("hold", None),
        reps=v.whole("reps", None),
        sets=v.whole("sets", None),
        relax=v.number("relax", None),
        rest=v.number("rest", None),
        sides=v.choice("sides", SIDES, None),
    )


def _routine(candidate: Candidate, v: Values, prepare: float, rest: float) -> Routine:
    steps = [
        Step(s.text("exercise"), s.text("variant", None), _dose_change(s)) for s in v.items("steps")
    ]
    return Routine(
        id=candidate.id,
        name=v.text("name"),
        summary=v.text("summary"),
        steps=tuple(steps),
        origin=Origin(candidate.path, candidate.source),
        prepare=v.number("prepare", prepare),
        rest=v.number("rest", rest),
        cautions=v.texts("cautions", ()),
        sources=v.texts("sources", ()),
        equipment=v.texts("equipment", None),
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
    files = {c.path for c in candidates} | {p.path for p in problems}  # a missing one too
    return len(files), problems


def find_file(folders: list[Folder], ident: str, kind: FileKind | None) -> Candidate:
    """The file that is used for `ident` (a routine first, unless `kind` says), by name only."""
    candidates = [c for c in scan(folders) if kind is None or c.kind == kind]
    for wanted in ("routine", "exercise"):
        for candidate in candidates:
            if candidate.id == ident and candidate.kind == wanted:
                return candidate
    what = kind or "routine or exercise"
    raise not_found(what, ident, sorted({c.id for c in candidates}))
