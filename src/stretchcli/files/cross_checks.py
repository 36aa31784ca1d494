"""What a file's fields alone cannot tell, checked once they pass: whether its figures' drawn
poses hold what they declare, whether the exercises it names exist and load, whether a routine
would last at most four hours, and whether its file name is an id. Each problem names the
file's line and column."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from stretchcli.errors import Problem
from stretchcli.files import build
from stretchcli.files.checked import Checked
from stretchcli.files.field import SEE_IDS
from stretchcli.files.values import EMPTY, Values
from stretchcli.model import Exercise, Routine, routine_rough_seconds
from stretchcli.plan.climb import Finding, ladder_findings
from stretchcli.text import did_you_mean

SEE_EXERCISES = SEE_IDS["exercise"]


def figure_problems(path: Path, checked: Checked) -> list[Problem]:
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
        figure = build.figure(data)
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


def ladder_problems(path: Path, checked: Checked) -> list[Problem]:
    """Each level of an exercise's ladder names one of the file's own variants, if any."""
    values = Values(checked.values)
    known = values.mapping("variants", EMPTY).names()
    found = []
    for i, level in enumerate(values.items("ladder", []), 1):
        variant = level.text("variant", None)
        if variant is not None and variant not in known:
            line, column = checked.marks[f"ladder[{i}].variant"]
            hint = ("variants: " + ", ".join(known)) if known else "it has no variants"
            found.append(
                Problem(path, line, column, f"ladder[{i}].variant: no variant '{variant}'", hint)
            )
    return found


def climb_problems(
    path: Path, checked: Checked, exercise: Exercise
) -> tuple[list[Problem], list[Problem]]:
    """An exercise's ladder climbs, within the bounds the sources give: (what refuses the
    file, what to check in it), each at the level or its key."""
    ladder = exercise.ladder
    if ladder is None:
        return [], []
    return findings_problems(path, checked, "ladder", ladder_findings(exercise, ladder.levels))


def findings_problems(
    path: Path, checked: Checked, label: str, findings: list[Finding]
) -> tuple[list[Problem], list[Problem]]:
    """A ladder's findings as problems (refused) and warnings, at the marks of `label`'s
    levels (`ladder[2]`, `ladders.chin-tuck[2].hold`)."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for finding in findings:
        where = f"{label}[{finding.level}]"
        key = f"{where}.{finding.key}" if finding.key else where
        line, column = checked.marks.get(key) or checked.marks.get(where, (1, 1))
        if finding.refused:
            problems.append(Problem(path, line, column, f"{key}: {finding.message}", finding.hint))
        else:
            message = f"warning: {key}: {finding.message}"
            warnings.append(Problem(path, line, column, message, finding.hint))
    return problems, warnings


def bad_stem(path: Path) -> Problem:
    """The problem of a file whose name is not an id (it is skipped)."""
    return Problem(
        path,
        1,
        1,
        f"file name '{path.stem}' is not a valid id",
        "rename it to lowercase words joined by hyphens, like 'my-routine.yaml'",
    )


def alternative_problems(path: Path, checked: Checked, available: set[str]) -> list[Problem]:
    """An exercise's alternative must be an exercise that loads (`available`)."""
    alternative = checked.values.get("alternative")
    if not isinstance(alternative, str) or alternative in available:
        return []
    line, column = checked.marks["alternative"]
    message = f"alternative: no exercise named '{alternative}'"
    hint = did_you_mean(alternative, available, SEE_EXERCISES, cutoff=0.5)
    return [Problem(path, line, column, message, hint)]


def step_problems(
    path: Path, checked: Checked, exercises: dict[str, Exercise], broken: set[str]
) -> list[Problem]:
    """Each step's exercise must exist and load (not be `broken`), with the variant it names."""
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


def length_problems(
    path: Path, checked: Checked, routine: Routine, exercises: Mapping[str, Exercise]
) -> list[Problem]:
    """A routine may last at most four hours (worked out without making its timeline)."""
    seconds = routine_rough_seconds(routine, exercises)
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
