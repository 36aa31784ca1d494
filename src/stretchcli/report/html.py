"""The report as one self-contained HTML page: inline CSS and SVG charts, no script, nothing
fetched; it prints to A4 or Letter from any browser (each section kept whole where it fits)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence
from html import escape as _escape

from stretchcli.report.formats import (
    BATCH,
    NOTHING,
    NUMBERS,
    Table,
    doses_said,
    exercise_table,
    period,
    session_table,
    summary_lines,
    title,
    week_table,
    week_title,
    whose,
)
from stretchcli.report.model import SELF_REPORTED, Names, Report
from stretchcli.report.plan import PlanPart
from stretchcli.report.plan_text import plan_line, plan_sentences, plan_tables
from stretchcli.report.summary import sentences
from stretchcli.text import full_date, one_line

CSS = """
:root { color: #1a1a1a; font: 15px/1.45 Helvetica, Arial, sans-serif; }
body { max-width: 760px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .1em; }
h2 { font-size: 1.15em; margin: 1.6em 0 .5em; border-bottom: 1px solid #ccc; }
.period { color: #333; font-size: 1.1em; margin: 0 0 1em; }
.summary p { margin: 0 0 .35em; }
.safety { border: 2px solid #1f3b5a; padding: .6em .9em; margin: 1.2em 0; }
.safety strong { display: block; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
          gap: .5em 1.5em; }
figure { margin: .5em 0 1em; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; padding: .25em .5em; border-bottom: 1px solid #ddd;
         vertical-align: top; }
.cards td { overflow-wrap: break-word; }  /* a cell's width fits its longest word */
.cards td.last, .summary, dd { overflow-wrap: anywhere; }  /* a URL in a note */
th { border-bottom: 2px solid #999; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
#sessions td:first-child { white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }  /* printed again at the top of each page */
footer { color: #444; font-size: .9em; margin-top: 2em; }
@media (max-width: 600px) {
  /* A phone: the week table smaller; the others a card a row, nothing to scroll sideways. */
  :root { font-size: 16px; }
  body { margin: 1em auto; }
  dl { grid-template-columns: 1fr; gap: 0; }
  dd { margin-bottom: .4em; }
  .weeks { font-size: .85em; }
  .weeks th, .weeks td { padding: .25em .25em; }
  .weeks th { font-weight: normal; color: #333; }
  .cards thead { display: none; }
  .cards, .cards tbody, .cards tr { display: block; }
  .cards tr { padding: .45em 0; border-bottom: 1px solid #ddd; }
  .cards td { display: inline-block; padding: 0; margin: 0 1em 0 0; border: 0;
              text-align: left; white-space: normal; }
  .cards td:first-child { display: block; font-weight: bold; }
  .cards td[data-label]::before { content: attr(data-label) " "; color: #555; }
  .cards td.last { display: block; font-style: italic; }
  #exercises td:nth-child(2):not(.empty) { display: block; }  /* the dose, under the name */
  .cards td.empty { display: none; }
}
@page { size: A4; margin: 15mm; }
@media print {
  :root { font-size: 10pt; }
  body { margin: 0; max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  figure { margin: .2em 0; }
  .summary, .safety, dl { break-inside: avoid; }
}
"""


# Only in a report with a plan: one without is the page it always was.
PLAN_CSS = """
h3 { font-size: 1em; margin: 1.3em 0 .3em; }
h3#ceiling { color: #8a1c1c; }  /* its words say it too, without colour */
#plan td:first-child { white-space: nowrap; }  /* a date or a name kept on one line */
"""


@functools.lru_cache(maxsize=4096)  # a million sessions' cells: mostly the same few texts
def escape(text: str) -> str:
    """Text as HTML that shows it as it is, on one line (control characters escaped too: the
    page may be read in a terminal)."""
    return _escape(one_line(text))


def page(report: Report, charts: Sequence[str]) -> Iterator[str]:
    """The whole HTML page, in pieces; `charts` are SVG elements to put in as they are."""
    return _page(report, charts)


def _table(table: Table, kind: str) -> Iterator[str]:
    """A table; `kind` 'cards' draws it as a card a row on a phone, each number with its
    column's name, what is empty left out."""
    rows = iter(table.rows)
    first = next(rows, None)
    if first is None:
        yield f"<p>{NOTHING}</p>\n"
        return

    def cls(kind: str) -> str:
        return ' class="n"' if kind in NUMBERS else ""

    kinds = table.kinds
    yield f'<table class="{kind}">\n<thead><tr>'
    yield "".join(
        f"<th{cls(k)}>{escape(h)}</th>" for h, k in zip(table.headers, kinds, strict=True)
    )
    yield "</tr></thead>\n<tbody>\n"
    columns = list(enumerate(zip(table.headers, kinds, strict=True)))
    last = len(columns) - 1
    opening = [_opening(h, k, n == last, False) for n, (h, k) in columns]
    empty = [_opening(h, k, n == last, True) for n, (h, k) in columns]
    nothing = [(*EMPTY, "0") if k == "c" else EMPTY for k in kinds]
    every = itertools.chain([first], rows)
    while batch := list(itertools.islice(every, BATCH)):
        yield "".join(
            "<tr>"
            + "".join(
                f"{e if c in none else o}{escape(c)}</td>"
                for o, e, none, c in zip(opening, empty, nothing, row, strict=True)
            )
            + "</tr>\n"
            for row in batch
        )
    yield "</tbody>\n</table>\n"


EMPTY = ("", "-")  # cells a card leaves out (and a count's 0): nothing to say


def _opening(header: str, kind: str, last: bool, empty: bool) -> str:
    """A column's <td>: its classes (a number, the last column, an empty cell), and the
    name a card shows beside a number or a labelled text."""
    on = (("n", kind in NUMBERS), ("last", last), ("empty", empty))
    classes = " ".join(name for name, yes in on if yes)
    attributes = f' class="{classes}"' if classes else ""
    if kind != "-":
        attributes += f' data-label="{escape(header)}"'
    return f"<td{attributes}>"


def _plan(part: PlanPart, names: Names) -> Iterator[str]:
    """The plan's section: what it is, then its tables (a card a row on a phone)."""
    yield '<section id="plan">\n<h2>The plan</h2>\n'
    yield f'<p class="plan">{escape(plan_line(part, names))}</p>\n'
    for ident, heading, table, note in plan_tables(part, names):
        yield f'<h3 id="{ident}">{escape(heading)}</h3>\n'
        yield from _table(table, "cards")
        if note:
            yield f'<p class="note">{escape(note)}</p>\n'
    yield "</section>\n"


def _page(report: Report, charts: Sequence[str]) -> Iterator[str]:
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    css = CSS if report.plan is None else CSS + PLAN_CSS
    yield f"<title>{escape(title(report))}</title>\n<style>{css}</style>\n</head>\n<body>\n"
    yield f"<header>\n<h1>{escape(whose(report))}</h1>\n"
    yield f'<p class="period">{escape(period(report))}'
    yield f" · made {escape(full_date(report.generated.date()))}</p>\n</header>\n"
    yield '<section class="summary" id="summary">\n'
    said = sentences(report)
    if report.plan is not None:
        said += plan_sentences(report.plan, report.names)
    yield "".join(f"<p>{escape(line)}</p>\n" for line in said)
    yield "</section>\n"
    yield '<div class="safety" role="note">'
    yield f"<strong>{escape(report.safety[0])}</strong>{escape(SELF_REPORTED)}</div>\n"
    yield '<section id="numbers">\n<h2>In numbers</h2>\n<dl>\n'
    for label, text in summary_lines(report):
        yield f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>\n"
    yield "</dl>\n</section>\n"
    if report.plan is not None:
        yield from _plan(report.plan, report.names)
    yield f'<section id="weeks">\n<h2>{escape(week_title(report))}</h2>\n<div class="charts">\n'
    for chart in charts:
        yield f"<figure>{chart}</figure>\n"
    yield "</div>\n"
    yield from _table(week_table(report), "weeks")
    yield "</section>\n"
    yield '<section id="exercises">\n<h2>Exercises</h2>\n'
    if report.exercises:
        yield f"<p>{escape(doses_said(report))}</p>\n"
    yield from _table(exercise_table(report), "cards")
    yield "</section>\n"
    yield '<section id="sessions">\n<h2>Sessions</h2>\n'
    yield from _table(session_table(report), "cards")
    yield "</section>\n"
    yield '<footer id="safety">\n<h2>Safety</h2>\n<ul>\n'
    for line in report.safety[1:]:
        yield f"<li>{escape(line)}</li>\n"
    yield "</ul>\n</footer>\n</body>\n</html>\n"
