"""What a plan file names that the catalog must have: its routines, its exercises and their
variants, levels within their ladders, and rules that fit together; each problem at its
line and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from stretchcli.errors import Problem
from stretchcli.files.catalog import Catalog
from stretchcli.files.checked import Checked
from stretchcli.files.cross_checks import SEE_EXERCISES, findings_problems
from stretchcli.files.field import SEE_IDS
from stretchcli.files.goal_log import GOALS
from stretchcli.files.values import Values
from stretchcli.model import DoseChange
from stretchcli.plan.climb import ladder_findings
from stretchcli.plan.engine import routine_done, stand_in
from stretchcli.plan.model import WEEKDAYS, Level, Plan, Schedule
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.text import did_you_mean

SEE_ROUTINES = SEE_IDS["routine"]


def day_routines(days: Values, day: str) -> tuple[str, ...]:
    """The routines of a day of a checked plan's `days`: one, or a list of them."""
    return days.texts(day) if isinstance(days.data[day], list) else (days.text(day),)


def _places(values: Values) -> dict[str, tuple[str, str]]:
    """Each routine the plan names, at its first place: (key, where) as `days.mon`,
    `days.mon[2]` or `rotation[1]`."""
    found: dict[str, tuple[str, str]] = {}
    days = values.mapping("days", Values({}))
    for day in days.names():
        listed = isinstance(days.data[day], list)
        for number, routine in enumerate(day_routines(days, day), 1):
            where = f"days.{day}[{number}]" if listed else f"days.{day}"
            found.setdefault(routine, (f"days.{day}", where))
    for number, routine in enumerate(values.texts("rotation", ()), 1):
        found.setdefault(routine, ("rotation", f"rotation[{number}]"))
    return found


def _emptied(path: Path, checked: Checked, catalog: Catalog) -> list[Problem]:
    """A routine of the plan that its `leave_out` and `avoid` together leave with nothing to
    do (`stretch run` on its day would do nothing), at the routine's place."""
    values = Values(checked.values)
    left_out = values.mapping("leave_out", Values({})).names()
    avoid = values.texts("avoid", ())
    if not left_out and not avoid:
        return []
    shape = Plan(Schedule(), DEFAULT_RULES, avoid=avoid, leave_out=dict.fromkeys(left_out, ""))  # type: ignore[arg-type]
    problems = []
    for routine, (key, where) in _places(values).items():
        found = catalog.routines.get(routine)
        if found is None or routine_done(shape, found, catalog.exercises):
            continue
        line, column = checked.marks.get(where, (1, 1))
        why = "; ".join(_gone(step.exercise, shape, catalog) for step in found.steps)
        problems.append(
            Problem(
                path,
                line,
                column,
                f"{key}: the plan leaves nothing of '{routine}' to do ({why})",
                "avoid fewer movements or leave out fewer exercises, or take the routine off "
                "the plan's days",
            )
        )
    return problems


def _gone(name: str, plan: Plan, catalog: Catalog) -> str:
    """Why the plan does not do a step: left out, or avoided with no stand-in it allows."""
    if name in plan.leave_out:
        return f"{name} is left out"
    exercise = catalog.exercises[name]
    moves = ", ".join(sorted(set(exercise.movements) & set(plan.avoid)))
    other = stand_in(exercise, plan, catalog.exercises)
    if other is None:
        return f"{name} is avoided ({moves}) with no alternative the plan allows"
    return f"{name} is avoided ({moves}) and its alternative, {other.id}, is a step already"


def ladder_checks(
    path: Path, checked: Checked, catalog: Catalog
) -> tuple[list[Problem], list[Problem]]:
    """The plan's own ladders climb, within the bounds the sources give (plan/climb.py):
    (problems, warnings). A level with a problem of its own is not compared."""
    values = Values(checked.values)
    ladders = values.mapping("ladders", Values({}))
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for name in ladders.names():
        exercise = catalog.exercises.get(name)
        if exercise is None:
            continue
        levels = [
            None
            if not level.names() or level.text("variant", None) not in (None, *exercise.variants)
            else level_of(level, "")
            for level in ladders.items(name)
        ]
        found = findings_problems(
            path, checked, f"ladders.{name}", ladder_findings(exercise, levels)
        )
        problems += found[0]
        warnings += found[1]
    return problems, warnings


def review_warnings(path: Path, checked: Checked, today: date) -> list[Problem]:
    """A review date already past: most likely a typo (the wrong year), or a plan due for a
    look; taken, with a word."""
    review = Values(checked.values).text("review", None)
    if review is None or date.fromisoformat(review) >= today:
        return []
    line, column = checked.marks.get("review", (1, 1))
    message = f"warning: review: {review} has already passed"
    hint = "check the date, or look at the plan again with the person who wrote it"
    return [Problem(path, line, column, message, hint)]


FIX_FIRST = "fix that file first"


def catalog_problems(path: Path, checked: Checked, catalog: Catalog) -> list[Problem]:
    """What the plan names that the catalog does not have, or has otherwise."""
    values = Values(checked.values)
    problems: list[Problem] = []

    def problem(where: str, message: str, hint: str = "") -> None:
        line, column = checked.marks.get(where, (1, 1))
        problems.append(Problem(path, line, column, message, hint))

    def missing(where: str, label: str, kind: str, name: str) -> None:
        """A routine or exercise the catalog does not have: its file broken, or none."""
        if name in (catalog.broken_routines if kind == "routine" else catalog.broken_exercises):
            problem(where, f"{label}: {kind} '{name}' has problems of its own", FIX_FIRST)
            return
        known = catalog.routines if kind == "routine" else catalog.exercises
        see = SEE_ROUTINES if kind == "routine" else SEE_EXERCISES
        hint = did_you_mean(name, known, see, cutoff=0.5)
        problem(where, f"{label}: no {kind} named '{name}'", hint)

    days = values.mapping("days", Values({}))
    for day in days.names():
        listed = isinstance(days.data[day], list)
        for number, routine in enumerate(day_routines(days, day), 1):
            if routine not in catalog.routines:
                where = f"days.{day}[{number}]" if listed else f"days.{day}"
                missing(where, f"days.{day}", "routine", routine)
    for number, routine in enumerate(values.texts("rotation", ()), 1):
        if routine not in catalog.routines:
            missing(f"rotation[{number}]", "rotation", "routine", routine)
    ladders = values.mapping("ladders", Values({}))
    for name in ladders.names():
        exercise = catalog.exercises.get(name)
        if exercise is None:
            missing(f"ladders.{name}", "ladders", "exercise", name)
            continue
        for number, step in enumerate(ladders.items(name), 1):
            variant = step.text("variant", None)
            if variant is not None and variant not in exercise.variants:
                known = exercise.variants
                hint = ("variants: " + ", ".join(known)) if known else "it has no variants"
                where = f"ladders.{name}[{number}].variant"
                problem(where, f"{where}: '{name}' has no variant '{variant}'", hint)
    levels = values.mapping("levels", Values({}))
    for name in levels.names():
        start = levels.whole(name)
        if name not in catalog.exercises:
            hint = did_you_mean(name, catalog.exercises, SEE_EXERCISES, cutoff=0.5)
            problem(f"levels.{name}", f"levels: no exercise named '{name}'", hint)
            continue
        own = catalog.exercises[name].ladder
        top = len(ladders.items(name)) if name in ladders.names() else own.top if own else 1
        if start > top:
            some = "a single level" if top == 1 else f"levels 1 to {top}"
            problem(
                f"levels.{name}",
                f"levels.{name}: {start} is past the top of its ladder",
                f"its ladder has {some}",
            )
    for name in values.mapping("leave_out", Values({})).names():
        if name not in catalog.exercises:
            hint = did_you_mean(name, catalog.exercises, SEE_EXERCISES, cutoff=0.5)
            problem(f"leave_out.{name}", f"leave_out: no exercise named '{name}'", hint)
    problems += _emptied(path, checked, catalog)
    problems += _rules_problems(path, checked)
    problems += _week_problems(path, checked)
    return problems


def _week_problems(path: Path, checked: Checked) -> list[Problem]:
    """Days that bring more sessions a week than a weekly goal can be, with no `weekly_goal`
    of the plan's own: their count would be the goal, one the goal log and the answers kept
    about short weeks cannot hold."""
    values = Values(checked.values)
    if values.whole("weekly_goal", None) is not None or "days" not in checked.marks:
        return []
    days = values.mapping("days", Values({}))
    counts = {day: len(day_routines(days, day)) for day in WEEKDAYS if day in days.names()}
    total, most = sum(counts.values()), GOALS[-1]
    if total <= most:
        return []
    line, column = checked.marks["days"]
    each = ", ".join(f"{day} {count}" for day, count in counts.items())
    message = f"days: {total} sessions a week ({each}), more than the {most} a weekly goal can be"
    hint = f"list fewer routines a day, or give the plan weekly_goal: N (1 to {most})"
    return [Problem(path, line, column, message, hint)]


def _rules_problems(path: Path, checked: Checked) -> list[Problem]:
    """Green must be below the ceiling: the plan's own numbers, or the default of one it does
    not give (one it gives that is wrong has its own problem, and nothing to compare)."""
    rules = Values(checked.values).mapping("rules", Values({}))
    given = rules.names()
    if any(f"rules.{key}" in checked.marks and key not in given for key in ("green", "ceiling")):
        return []
    green = rules.whole("green", DEFAULT_RULES.green.value)
    ceiling = rules.whole("ceiling", DEFAULT_RULES.ceiling.value)
    if green < ceiling or not {"green", "ceiling"} & set(given):
        return []
    where = "rules.ceiling" if "ceiling" in given else "rules.green"
    line, column = checked.marks.get(where, (1, 1))

    def said(key: str, value: int) -> str:
        return f"{value}" if key in given else f"{value}, the default"

    message = (
        f"rules: green ({said('green', green)}) must be below the ceiling "
        f"({said('ceiling', ceiling)})"
    )
    return [Problem(path, line, column, message, "pain from green + 1 to ceiling - 1 is amber")]


def level_of(level: Values, written_by: str) -> Level:
    """A checked level of a plan's ladder as a Level (its source: the writer's, if it gives
    none)."""
    return Level(
        DoseChange(
            hold=level.number("hold", None),
            reps=level.whole("reps", None),
            sets=level.whole("sets", None),
        ),
        variant=level.text("variant", None),
        source=level.text("source", written_by or "the plan"),
    )
