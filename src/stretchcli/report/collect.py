"""The report's numbers, read from the history for the period asked for: summed up in SQL,
and its sessions' rows streamed as the report is written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from stretchcli.files.catalog import Catalog
from stretchcli.goals import WeeklyGoal
from stretchcli.history.barriers import answers as barrier_answers
from stretchcli.history.bulk import Span
from stretchcli.history.level_rule import told
from stretchcli.history.levels import in_force, level_changes
from stretchcli.history.plan_follow import told_changes
from stretchcli.history.store import History
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Plan
from stretchcli.report.model import Names, Report, Row, build, period_start
from stretchcli.report.names import names_of
from stretchcli.report.plan import doses_now, exercise_doses, plan_part


def collect(
    history: History,
    since: date,
    routine: str | None,
    goal: int | WeeklyGoal,
    catalog: Catalog | None = None,
    person: str | None = None,
    plan: Plan | None = None,
) -> Report:
    """The report from the day `since` to now, of one routine or all, for `person`; the
    period starts no earlier than the week of the routine's first session. A session after
    now (a clock that was wrong) is in no period. The routines and exercises are named as
    `catalog` names them. With a plan, or level changes or answers in the history, the
    report has the plan's part (`report.plan`)."""
    now = history.now()
    earliest = history.earliest(routine)
    first = earliest.started_at.date() if earliest else None
    start = period_start(since, first)
    span = Span(since=start, until=now, routine=routine)

    def rows() -> Iterator[Row]:
        return (Row.of(found) for found in history.report_rows(span))

    routines = history.routine_counts(span)
    names = names_of(catalog, [r for r, _ in routines]) if catalog is not None else Names()
    report = build(
        history.days(span, outside=True),
        history.tallies(span),
        history.reminder_counts(span),
        rows,
        start,
        now,
        goal,
        routine,
        routines,
        names,
        person,
    )
    if not report.totals.sessions:
        latest = history.latest(routine)  # before the period
        report = replace(report, last=latest.started_at.date() if latest else None)
    # The changes the plan makes, and its levels now, as `stretch plan` works them out.
    if catalog is not None:
        changes, followed = told_changes(history, plan, catalog.routines, catalog.exercises)
    else:
        changes = told(in_force(level_changes(history), history.now()), None, None, ())
        followed = None
    standings = followed.progress.standings if followed is not None else {}
    answers = barrier_answers(history)
    adopted = followed.since if followed is not None else None
    part = plan_part(
        plan, report.goal, start, now.date(), changes, answers, rows(), standings, adopted
    )
    if part is None:
        return report
    if catalog is not None:
        exercises = catalog.exercises
        ladders = file_ladders(exercises)
        part = replace(part, doses=doses_now(part, exercises, ladders))
        # The Exercises table gives a plan's exercise its dose now, at its level.
        level_doses = exercise_doses(part, exercises, ladders, report.names.exercises)
        doses = {**report.names.doses, **level_doses}
        report = replace(report, names=replace(report.names, doses=doses))
    return replace(report, plan=part)
