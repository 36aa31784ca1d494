"""The report as JSON data, Markdown (to paste into a message) and CSV (a row per session);
the HTML page is in `report.html`. Every format carries the safety note.

Text from the history (routine names, notes, exercise ids: an import can hold anything) is
made one line in every format but JSON (`text.one_line`), is never Markdown or HTML, and a
CSV cell never starts a spreadsheet formula. JSON keeps it exactly (`text.json_text`)."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from json.encoder import encode_basestring

from stretchcli.history.weeks import Week
from stretchcli.report.model import SELF_REPORTED, Names, Report, Row, Tally
from stretchcli.report.summary import sentences
from stretchcli.text import day_month, full_date, json_escaped, one_line, pain_text, plural, weekday

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


def record(report: Report, sessions: object = None) -> dict[str, object]:
    """The report as JSON-ready data: the numbers every other format shows (its sessions
    as `sessions` says, or the list of every row's record)."""
    t, names = report.totals, report.names
    return {
        "person": report.person,
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
        "routines": [
            {"routine": r, "name": names.routines.get(r), "sessions": n} for r, n in report.routines
        ],
        "exercises": [
            {
                "exercise": e.exercise,
                "name": names.exercises.get(e.exercise),
                "dose": names.doses.get(e.exercise),
                "sessions": e.sessions,
                "done": e.done,
                "partial": e.partial,
                "skipped": e.skipped,
                "not_reached": e.not_reached,
                "hurt": e.hurt,
                "swapped": e.swapped,
                "left_out": e.left_out,
                "instead": list(e.instead),
                "avoided": list(e.avoided),
            }
            for e in report.exercises
        ],
        "sessions": [r.record() for r in report.rows()] if sessions is None else sessions,
        "reminders": report.reminders,
        "about": SELF_REPORTED,
        "safety": list(report.safety),
    }


_HOLE = "\0sessions\0"  # where the sessions go in the JSON text (no value can be this)
BATCH = 1000  # rows written at a time


def json_text(report: Report) -> Iterator[str]:
    """The report's JSON, `json.dumps(record(report), indent=2)` exactly, in pieces: the
    sessions one by one, as they are read."""
    marker = f'"sessions": {json.dumps(_HOLE)}'
    head, _, tail = json.dumps(record(report, _HOLE), indent=2, ensure_ascii=False).partition(
        marker
    )
    head, tail = json_escaped(head), json_escaped(tail)
    yield head + '"sessions": '
    rows = report.rows()
    first = next(rows, None)
    if first is None:
        yield "[]"
    else:
        yield "[\n" + row_json(first)
        while batch := tuple(itertools.islice(rows, BATCH)):
            yield "".join(",\n" + row_json(row) for row in batch)
        yield "\n  ]"
    yield tail + "\n"


_ROW = """    {{
      "uid": {},
      "started_at": {},
      "routine": {},
      "status": {},
      "minutes": {},
      "exercises": {},
      "exercises_done": {},
      "pain_before": {},
      "pain_after": {},
      "difficulty": {},
      "avoided": {},
      "note": {}
    }}"""


def row_json(row: Row) -> str:
    """A session row's record as `json.dumps(indent=2)` writes it inside the report's list
    (a row is written a million times: by hand, not by the encoder, which takes 10x as long)."""
    avoided = "[]"
    if row.avoided:
        items = ",\n".join("        " + _string(m) for m in row.avoided)
        avoided = f"[\n{items}\n      ]"
    return _ROW.format(
        _string(row.uid),
        _string(row.started_at),
        _string(row.routine),
        _string(row.status),
        float.__repr__(row.minutes),
        row.exercises,
        row.done,
        _json_int(row.pain_before),
        _json_int(row.pain_after),
        _json_int(row.difficulty),
        avoided,
        "null" if row.note is None else _string(row.note),
    )


def _string(text: str) -> str:
    """A JSON string, as `json_text` writes it (what a terminal would act on escaped)."""
    return json_escaped(encode_basestring(text))


def _json_int(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


def csv_text(report: Report) -> Iterator[str]:
    """One row per session under a header row; the first lines, starting with '#', say what
    the file is and carry the safety note (most CSV readers can skip them as comments)."""
    out = io.StringIO()
    out.write(f"# {one_line(title(report))}. {report.safety[0]}\n")
    out.write(f"# {SELF_REPORTED}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for n, r in enumerate(report.rows()):
        cells = (
            r.started_at,
            r.routine,
            r.status,
            f"{r.minutes:.1f}",
            str(r.exercises),
            str(r.done),
            _plain(r.pain_before),
            _plain(r.pain_after),
            _plain(r.difficulty),
            " ".join(r.avoided),
            r.note or "",
            r.uid,
        )
        writer.writerow(map(csv_cell, cells))
        if n % BATCH == BATCH - 1:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


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


@functools.lru_cache(maxsize=1024)
def _weekday(day: str) -> str:
    return weekday(date.fromisoformat(day))


def when(started_at: str) -> str:
    """'Wed 1 Jul 08:00' (`text.moment`), from a local time written as ISO 8601 (as SQLite
    gives a row: read without making a datetime, for a million rows)."""
    return f"{_weekday(started_at[:10])} {started_at[11:16]}"


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
    reminders = reminders_text(report.reminders)
    if not t.sessions:
        return [("Sessions", "none"), ("Goal", f"{report.goal} a week")] + (
            [("Reminders", reminders)] if reminders else []
        )
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


def markdown(report: Report) -> Iterator[str]:
    """The report as Markdown tables, to paste into a message or a notes app (in pieces of
    a thousand lines)."""
    lines = _markdown(report)
    while batch := list(itertools.islice(lines, BATCH)):
        yield "\n".join(batch) + "\n"


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
    rows = iter(table.rows)
    first = next(rows, None)
    if first is None:
        yield NOTHING
        return
    yield "| " + " | ".join(table.headers) + " |"
    yield "|" + "|".join("--:" if kind in NUMBERS else "---" for kind in table.kinds) + "|"
    for row in itertools.chain([first], rows):
        yield "| " + " | ".join(map(md_text, row)) + " |"


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
    return f"Week by week (goal: {plural(report.goal, 'session')} a week)"


def week_table(report: Report) -> Table:
    """Sessions, minutes, pain and difficulty, week by week."""
    return Table(
        ("week of", "sessions", "minutes", "pain before", "pain after", "difficulty"),
        "-nnnnn",
        tuple(
            (
                week_label(w, report.end),
                str(w.sessions),
                f"{w.minutes:.1f}",
                number(w.pain_before),
                number(w.pain_after),
                number(w.difficulty),
            )
            for w in report.weeks
            if report.totals.sessions  # weeks of nothing but zeros say nothing
        ),
    )


def exercise_table(report: Report) -> Table:
    """How each exercise went, its dose, and what --avoid swapped."""
    names = report.names
    return Table(
        (
            "exercise",
            "dose",
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
                when(r.started_at),
                report.names.routine(r.routine),
                r.status,
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


def _markdown(report: Report) -> Iterator[str]:
    yield f"# {md_text(title(report))}"
    yield ""
    yield " ".join(map(md_text, sentences(report)))
    yield ""
    yield f"**{report.safety[0]}** {SELF_REPORTED}"
    yield ""
    for label, text in summary_lines(report):
        yield f"- **{label}:** {md_text(text)}"
    for heading, table in (
        (week_title(report), week_table(report)),
        ("Exercises", exercise_table(report)),
        ("Sessions", session_table(report)),
    ):
        yield ""
        yield f"## {heading}"
        yield ""
        yield from _md_table(table)
    yield ""
    yield "## Safety"
    yield ""
    for line in report.safety[1:]:
        yield f"- {line}"
