"""The report as CSV: a row per session. A cell is one line (`text.one_line`) and never
starts a spreadsheet formula."""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator

from stretchcli.report.formats import BATCH, title
from stretchcli.report.model import SELF_REPORTED, Report
from stretchcli.report.plan_text import plan_line, plan_sentences
from stretchcli.text import one_line

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
    "adjusted",
    "exercises_hurt",
)
# With a plan: whether the session's pain after reached its ceiling, and the level changes
# made after it ('rhomboid-stretch 1>2 up').
PLAN_COLUMNS = ("over_ceiling", "level_changes")


def csv_text(report: Report) -> Iterator[str]:
    """One row per session under a header row; the first lines, starting with '#', say what
    the file is and carry the safety note (most CSV readers can skip them as comments)."""
    out = io.StringIO()
    out.write(note_line(f"{title(report)}. {report.safety[0]}"))
    out.write(note_line(SELF_REPORTED))
    part = report.plan
    if part is not None:
        for line in [plan_line(part, report.names), *plan_sentences(part, report.names)]:
            out.write(note_line(line))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + (PLAN_COLUMNS if part else ()))
    flagged = {f.started_at for f in part.flags} if part else set()
    after: dict[str, list[str]] = {}
    for c in part.changes if part else ():
        step = f"{c.before}>{c.level}" if c.change != "alternative" else f">{c.alternative}"
        after.setdefault(c.session or "", []).append(f"{c.exercise} {step} {c.change}")
    for n, r in enumerate(report.rows()):
        cells: tuple[str, ...] = (
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
            r.adjusted,
            str(r.hurt),
        )
        if part is not None:
            over = "yes" if r.started_at in flagged else ""
            cells += (over, "; ".join(after.get(r.uid, ())))
        writer.writerow(map(csv_cell, cells))
        if n % BATCH == BATCH - 1:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def note_line(text: str) -> str:
    """One of the lines before the rows: '#', then the text in one line with nothing a
    spreadsheet splitting it into cells (at commas, or at semicolons in some locales) would
    run as a formula: no double quote (which would start a cell of its own), and an
    apostrophe before what would start a cell with a formula's sign (a plan's author,
    a login name: `Dr Who,=HYPERLINK(...)`)."""
    shown = one_line(text).replace('"', "'")
    return "# " + _SPLIT_FORMULA.sub(r"\1'\2", shown) + "\n"


_SPLIT_FORMULA = re.compile(r"([,;]\s*)([=+\-@])")

# What makes a spreadsheet read a cell as a formula; a tab or a carriage return at the start
# (the other two) is already written out as `\t` or `\r` by one_line.
FORMULA_STARTS = ("=", "+", "-", "@")


@functools.lru_cache(maxsize=4096)  # a million sessions' cells: mostly the same few texts
def csv_cell(text: str) -> str:
    """A CSV cell: one line, and text a spreadsheet would run as a formula (`=HYPERLINK(...)`,
    `+1`, `@SUM(...)`) made plain text with a leading apostrophe, as spreadsheets do; so is
    what would start a cell of its own where a spreadsheet splits at semicolons (or commas)
    inside it (`tight;=1+1`)."""
    shown = _SPLIT_FORMULA.sub(r"\1'\2", one_line(text))
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
