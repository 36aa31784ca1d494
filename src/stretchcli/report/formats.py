"""The report's words and tables, shared by its formats: its title and period, the headline
numbers, and the tables Markdown and HTML draw (`Table`). The formats themselves are
`json_format.py`, `csv_format.py`, `markdown.py` and `html.py`; every one carries the safety
note.

Text from the history (routine names, notes, exercise ids: an import can hold anything) is
made one line in every format but JSON (`text.one_line`), is never Markdown or HTML, and a
CSV cell never starts a spreadsheet formula. JSON keeps it exactly (`text.json_text`)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from stretchcli.history.weeks import Week
from stretchcli.report.model import Names, Report, Tally
from stretchcli.text import (
    dated,
    full_date,
    local_time_of_day,
    pain_text,
    plural,
    weekday_dated,
)

BATCH = 1000  # rows written at a time


@functools.lru_cache(maxsize=1024)
def _weekday(day: str, year: int | None) -> str:
    return weekday_dated(date.fromisoformat(day), year)


def when(started_at: str, year: int | None) -> str:
    """'Wed 1 Jul 08:00' (`text.moment`; with its year outside `year`, as `text.dated`),
    from a local time written as ISO 8601 (as SQLite gives a row: read without making a
    datetime, for a million rows)."""
    return f"{_weekday(started_at[:10], year)} {local_time_of_day(started_at)}"


def period(report: Report) -> str:
    """'13 Oct 2026 to 24 Nov 2026', and the routine's name when the report is of one."""
    text = f"{full_date(report.start)} to {full_date(report.end)}"
    return f"{report.names.routine(report.routine)}, {text}" if report.routine else text


def whose(report: Report) -> str:
    """'stretch report for jo', or 'stretch report' when the person is not known."""
    return f"stretch report for {report.person}" if report.person else "stretch report"


def title(report: Report) -> str:
    """'stretch report for jo: 13 Oct 2026 to 24 Nov 2026'."""
    return f"{whose(report)}: {period(report)}"


def number(value: float | None) -> str:
    """A one-decimal average, or '-' when there was nothing to average."""
    return "-" if value is None else f"{value:.1f}"


def per_week(value: float) -> str:
    """Sessions a week to one decimal: '2.8'; 'under 0.1' for a few sessions over a long
    period, which one decimal would show as none ('0.0')."""
    return "under 0.1" if 0 < value < 0.05 else f"{value:.1f}"


def signed(value: float | None) -> str:
    """A change with its sign: '-1.3', '+0.5', '0.0'."""
    if value is None:
        return "-"
    return f"{value:+.1f}" if value else "0.0"


def summary_lines(report: Report) -> list[tuple[str, str]]:
    """The headline numbers as (label, text) pairs, shared by Markdown and HTML."""
    t = report.totals
    goal = f"{report.goal_words()}; {per_week(t.per_week)} a week on average"
    if t.full_weeks:
        goal += f", met in {t.weeks_at_goal} of {plural(t.full_weeks, 'full week')}"
    pain = "no ratings"
    if t.pain_before is not None or t.pain_after is not None:
        pain = f"{number(t.pain_before)} before, {number(t.pain_after)} after, on average"
        if t.change is not None:
            pain += f" ({signed(t.change)} within a session)"
    reminders = reminders_text(report.reminders)
    if not t.sessions:
        return [("Sessions", "none"), ("Goal", f"{report.goal} a week")] + (
            [("Reminders", reminders)] if reminders else []
        )
    lines = [
        (
            "Sessions",
            f"{t.sessions} ({t.completed} completed), "
            + (
                f"{plural(int(f'{t.minutes:.0f}'), 'minute')} in all"
                if t.minutes >= 1
                else "under a minute in all"
            ),
        ),
        ("Goal", goal),
        ("Pain (0-10)", pain),
        ("Difficulty (0-10)", number(t.difficulty) if t.difficulty is not None else "no ratings"),
    ]
    if reminders:
        lines.append(("Reminders", reminders))
    return lines


def reminders_text(counts: dict[str, int]) -> str:
    """'12 notifications: 5 started a session, 3 snoozed, ...' ('' when there were none)."""
    shown = counts["notifications"]
    said = {
        "started": "started a session",
        "snoozed": "snoozed",
        "skipped": "skipped",
        "no answer": "not answered",
        "shown": "shown without buttons",
    }
    parts = [f"{counts[key]} {words}" for key, words in said.items() if counts[key]]
    typed = [
        f"{counts[key]} {key.split()[0]}"
        for key in ("snoozed at the terminal", "skipped at the terminal")
        if counts[key]
    ]
    if not shown and not typed:
        return ""
    text = plural(shown, "notification")
    if parts:
        text += ": " + ", ".join(parts)
    if typed:
        text += "; at the terminal: " + ", ".join(typed)
    return text


def week_label(week: Week, end: date, year: int | None) -> str:
    """'13 Oct' ('13 Oct 2025' outside `year`), with how much of it is in the period when
    not all of it."""
    label = dated(week.monday, year)
    if week.days == 7:
        return label
    so_far = "so far, " if week.monday + timedelta(days=6) > end else ""
    return f"{label} ({so_far}{plural(week.days, 'day')})"


def swap_text(tally: Tally, names: Names | None = None) -> str:
    """'3 for Pelvic tilt; 1 left out (extension)', or '-'."""
    names = names or Names()
    parts = []
    if tally.swapped:
        parts.append(f"{tally.swapped} for {', '.join(map(names.exercise, tally.instead))}")
    if tally.left_out:
        parts.append(f"{tally.left_out} left out")
    if not parts:
        return "-"
    return "; ".join(parts) + f" ({', '.join(tally.avoided)})"


NUMBERS = "nc"  # the kinds of column aligned right


@dataclass(frozen=True)
class Table:
    """A table of the report as text cells; `kinds` marks each column: 'n' a number (aligned
    right), 'c' a count (a number whose 0 a card leaves out), '-' text, 'l' text that needs
    its column's name beside it where the table is drawn as a card a row (pain: '5 → 3').
    Markdown and HTML draw the same tables."""

    headers: tuple[str, ...]
    kinds: str
    rows: Iterable[tuple[str, ...]]  # read once


def week_title(report: Report) -> str:
    """'Week by week (goal: 5 sessions a week)'."""
    if report.goals is not None:  # a plan changed it within the period
        return f"Week by week (goal: {report.goal_words()})"
    return f"Week by week (goal: {plural(report.goal, 'session')} a week)"


def week_table(report: Report) -> Table:
    """Sessions, minutes, pain and difficulty, week by week; with each week's goal where
    the goal changed within the period."""
    goals = report.goals is not None
    rest = ("minutes", "pain before", "pain after", "difficulty")
    return Table(
        ("week of", "sessions", *(("goal",) * goals), *rest),
        "-n" + "n" * goals + "nnnn",
        tuple(
            (
                week_label(w, report.end, report.year),
                str(w.sessions),
                *((str(report.goal_of(w.monday)),) * goals),
                f"{w.minutes:.1f}",
                number(w.pain_before),
                number(w.pain_after),
                number(w.difficulty),
            )
            for w in report.weeks
            if report.totals.sessions  # weeks of nothing but zeros say nothing
        ),
    )


# Under the Exercises heading: the doses are the routines' (or the plan's levels), not what
# each run made of them.
PLANNED_DOSES = (
    "Doses are the routines' own. A session that changed them (--scale, --minutes) "
    "or left steps out (--only, --skip) says so in its status under Sessions."
)
LEVEL_DOSES = (
    "Doses are the routines' own, and for an exercise of the plan its level's now (and at "
    "the period's start, where it moved). A session that changed them (--scale, --minutes) "
    "or left steps out (--only, --skip) says so in its status under Sessions."
)


def doses_said(report: Report) -> str:
    """The line under the Exercises heading: whose doses the table gives (review 20, F8:
    'the routines' own' above a plan's levels)."""
    return PLANNED_DOSES if report.plan is None else LEVEL_DOSES


def exercise_table(report: Report) -> Table:
    """How each exercise went, its dose, and what --avoid swapped."""
    names = report.names
    return Table(
        (
            "exercise",
            "routine dose",
            "sessions",
            "done",
            "partial",
            "skipped",
            "not reached",
            "hurt",
            "swapped",
        ),
        "--ccccccl",
        tuple(
            (
                names.exercise(e.exercise),
                names.doses.get(e.exercise, "-"),
                str(e.sessions),
                str(e.done),
                str(e.partial),
                str(e.skipped),
                str(e.not_reached),
                str(e.hurt),
                swap_text(e, names),
            )
            for e in report.exercises
        ),
    )


def session_table(report: Report) -> Table:
    """Every session, oldest first, with its ratings and note."""
    return Table(
        ("when", "routine", "status", "minutes", "done", "pain", "difficulty", "note"),
        "---nnnn-",
        (
            (
                when(r.started_at, report.year),
                report.names.routine(r.routine),
                f"{r.status} ({r.adjusted})" if r.adjusted else r.status,
                f"{r.minutes:.1f}",
                f"{r.done} of {r.exercises}",
                pain_text(r.pain_before, r.pain_after),
                "-" if r.difficulty is None else str(r.difficulty),
                r.note or "",
            )
            for r in report.rows()
        ),
    )


NOTHING = "No sessions in this period."
