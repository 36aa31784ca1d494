"""The report as JSON data, Markdown (to paste into a message) and CSV (a row per session);
the HTML page is in `report.html`. Every format carries the safety note.

Text from the history (routine names, notes, exercise ids: an import can hold anything) is
made one line in every format but JSON (`text.one_line`), is never Markdown or HTML, and a
CSV cell never starts a spreadsheet formula. JSON keeps it exactly (`text.json_text`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from stretchcli.history.weeks import Week
from stretchcli.report.model import SELF_REPORTED, Report, Tally
from stretchcli.text import one_line, pain_text, plural

CSV_COLUMNS = (  # the keys of a session row's record, in the CSV's order
    "started_at",
    "routine",
    "status",
    "minutes",
    "exercises",
    "exercises_done",
    "pain_before",
    "pain_after",
    "difficulty",
    "avoided",
    "note",
    "uid",
)


def record(report: Report) -> dict[str, object]:
    """The report as JSON-ready data: the numbers every other format shows."""
    t = report.totals
    return {
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "routine": report.routine,
        "generated_at": report.generated.isoformat(timespec="seconds"),
        "weekly_goal": report.goal,
        "totals": {
            "sessions": t.sessions,
            "counted": t.counted,
            "completed": t.completed,
            "minutes": t.minutes,
            "full_weeks": t.full_weeks,
            "weeks_at_goal": t.weeks_at_goal,
            "sessions_per_week": t.per_week,
            "pain_before": t.pain_before,
            "pain_after": t.pain_after,
            "pain_change": t.change,
            "difficulty": t.difficulty,
        },
        "weeks": [
            {
                "week_of": w.monday.isoformat(),
                "days": w.days,
                "sessions": w.sessions,
                "minutes": w.minutes,
                "pain_before": w.pain_before,
                "pain_after": w.pain_after,
                "difficulty": w.difficulty,
            }
            for w in report.weeks
        ],
        "exercises": [
            {
                "exercise": e.exercise,
                "sessions": e.sessions,
                "done": e.done,
                "partial": e.partial,
                "skipped": e.skipped,
                "not_reached": e.not_reached,
                "swapped": e.swapped,
                "left_out": e.left_out,
                "instead": list(e.instead),
                "avoided": list(e.avoided),
            }
            for e in report.exercises
        ],
        "sessions": [r.record() for r in report.sessions],
        "reminders": report.reminders,
        "about": SELF_REPORTED,
        "safety": list(report.safety),
    }


def csv_text(report: Report) -> str:
    """One row per session under a header row; the first lines, starting with '#', say what
    the file is and carry the safety note (most CSV readers can skip them as comments)."""
    out = io.StringIO()
    out.write(f"# stretch report, {one_line(period(report))}. {report.safety[0]}\n")
    out.write(f"# {SELF_REPORTED}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.sessions:
        record = r.record()
        writer.writerow(csv_cell(_plain(record[column])) for column in CSV_COLUMNS)
    return out.getvalue()


# What makes a spreadsheet read a cell as a formula; a tab or a carriage return at the start
# (the other two) is already written out as `\t` or `\r` by one_line.
FORMULA_STARTS = ("=", "+", "-", "@")


def csv_cell(text: str) -> str:
    """A CSV cell: one line, and text a spreadsheet would run as a formula (`=HYPERLINK(...)`,
    `+1`, `@SUM(...)`) made plain text with a leading apostrophe, as spreadsheets do."""
    shown = one_line(text)
    return "'" + shown if shown.startswith(FORMULA_STARTS) else shown


def _plain(value: object) -> str:
    """A value of a record as plain text (a CSV cell): blank for none, a list's words
    joined by spaces, minutes to the tenth."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def day_month(when: date) -> str:
    """'13 Oct': unambiguous whatever the reader's date order (a week's label)."""
    return f"{when.day} {when:%b}"


def day(when: date) -> str:
    """'13 Oct 2026'."""
    return f"{day_month(when)} {when:%Y}"


def period(report: Report) -> str:
    """'13 Oct 2026 to 24 Nov 2026', and the routine when the report is of one."""
    text = f"{day(report.start)} to {day(report.end)}"
    return f"{report.routine}, {text}" if report.routine else text


def number(value: float | None) -> str:
    """A one-decimal average, or '-' when there was nothing to average."""
    return "-" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    """A change with its sign: '-1.3', '+0.5', '0.0'."""
    if value is None:
        return "-"
    return f"{value:+.1f}" if value else "0.0"


def summary_lines(report: Report) -> list[tuple[str, str]]:
    """The headline numbers as (label, text) pairs, shared by Markdown and HTML."""
    t = report.totals
    goal = f"{report.goal} a week; {t.per_week:.1f} a week on average"
    if t.full_weeks:
        goal += f", met in {t.weeks_at_goal} of {plural(t.full_weeks, 'full week')}"
    pain = "no ratings"
    if t.pain_before is not None or t.pain_after is not None:
        pain = f"{number(t.pain_before)} before, {number(t.pain_after)} after, on average"
        if t.change is not None:
            pain += f" ({signed(t.change)} within a session)"
    lines = [
        (
            "Sessions",
            f"{t.sessions} ({t.completed} completed), "
            + (f"{t.minutes:.0f} minutes in all" if t.minutes >= 1 else "under a minute in all"),
        ),
        ("Goal", goal),
        ("Pain (0-10)", pain),
        ("Difficulty (0-10)", number(t.difficulty) if t.difficulty is not None else "no ratings"),
    ]
    reminders = reminders_text(report.reminders)
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


def week_label(week: Week, end: date) -> str:
    """'13 Oct', with how much of it is in the period when not all of it."""
    label = day_month(week.monday)
    if week.days == 7:
        return label
    so_far = "so far, " if week.monday + timedelta(days=6) > end else ""
    return f"{label} ({so_far}{plural(week.days, 'day')})"


def swap_text(tally: Tally) -> str:
    """'3 for pelvic-tilt; 1 left out (extension)', or '-'."""
    parts = []
    if tally.swapped:
        parts.append(f"{tally.swapped} for {', '.join(tally.instead)}")
    if tally.left_out:
        parts.append(f"{tally.left_out} left out")
    if not parts:
        return "-"
    return "; ".join(parts) + f" ({', '.join(tally.avoided)})"


def markdown(report: Report) -> str:
    """The report as Markdown tables, to paste into a message or a notes app."""
    return "\n".join(_markdown(report)) + "\n"


# Characters Markdown would read: raw HTML and entities (`<b>`, `&lt;`), links and images
# (`[text](url)`, autolinks `<url>`), emphasis, code, strike-through, a table's bars, a
# heading's closing hashes, and the backslash that escapes them all.
_MARKDOWN_CHARACTERS = frozenset("\\`*_[]<>&|~#")
_MARKDOWN = re.compile("[" + re.escape("".join(sorted(_MARKDOWN_CHARACTERS))) + "]")


def md_text(text: str) -> str:
    """Text from data as Markdown that shows it as it is, on one line: every character
    Markdown would read as markup escaped with a backslash (CommonMark)."""
    shown = " ".join(one_line(text).split())
    if _MARKDOWN_CHARACTERS.isdisjoint(shown):
        return shown
    return _MARKDOWN.sub(lambda found: "\\" + found.group(), shown)


def _md_table(table: Table) -> Iterator[str]:
    yield "| " + " | ".join(table.headers) + " |"
    yield "|" + "|".join("--:" if kind == "n" else "---" for kind in table.kinds) + "|"
    for row in table.rows:
        yield "| " + " | ".join(md_text(c) for c in row) + " |"


@dataclass(frozen=True)
class Table:
    """A table of the report as text cells; `kinds` marks each column: 'n' a number (aligned
    right), '-' text. Markdown and HTML draw the same three."""

    headers: tuple[str, ...]
    kinds: str
    rows: tuple[tuple[str, ...], ...]


def week_table(report: Report) -> Table:
    """Sessions, minutes, pain and difficulty, week by week."""
    return Table(
        ("week of", "sessions", "goal", "minutes", "pain before", "pain after", "difficulty"),
        "-nnnnnn",
        tuple(
            (
                week_label(w, report.end),
                str(w.sessions),
                str(report.goal),
                f"{w.minutes:.1f}",
                number(w.pain_before),
                number(w.pain_after),
                number(w.difficulty),
            )
            for w in report.weeks
        ),
    )


def exercise_table(report: Report) -> Table:
    """How each exercise went, and what --avoid swapped."""
    return Table(
        ("exercise", "sessions", "done", "partial", "skipped", "not reached", "swapped"),
        "-nnnnn-",
        tuple(
            (
                e.exercise,
                str(e.sessions),
                str(e.done),
                str(e.partial),
                str(e.skipped),
                str(e.not_reached),
                swap_text(e),
            )
            for e in report.exercises
        ),
    )


def session_table(report: Report) -> Table:
    """Every session, oldest first, with its ratings and note."""
    return Table(
        ("when", "routine", "status", "minutes", "done", "pain", "difficulty", "note"),
        "---nn-n-",
        tuple(
            (
                f"{r.started_at:%a} {day_month(r.started_at)} {r.started_at:%H:%M}",
                r.routine,
                r.status,
                f"{r.minutes:.1f}",
                f"{r.done} of {r.exercises}",
                pain_text(r.pain_before, r.pain_after),
                _plain(r.difficulty) or "-",
                r.note or "",
            )
            for r in report.sessions
        ),
    )


NOTHING = "No sessions in this period."


def _markdown(report: Report) -> Iterator[str]:
    yield f"# Stretching report: {md_text(period(report))}"
    yield ""
    yield f"**{report.safety[0]}** {SELF_REPORTED}"
    yield ""
    for label, text in summary_lines(report):
        yield f"- **{label}:** {text}"
    for title, table in (
        ("Week by week", week_table(report)),
        ("Exercises", exercise_table(report)),
        ("Sessions", session_table(report)),
    ):
        yield ""
        yield f"## {title}"
        yield ""
        yield from _md_table(table) if table.rows else [NOTHING]
    yield ""
    yield "## Safety"
    yield ""
    for line in report.safety[1:]:
        yield f"- {line}"
