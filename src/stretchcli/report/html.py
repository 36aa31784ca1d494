"""The report as one self-contained HTML page: inline CSS and SVG charts, no script, nothing
fetched; it prints to A4 or Letter from any browser (each section kept whole where it fits)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from html import escape as _escape

from stretchcli.report.formats import (
    BATCH,
    NOTHING,
    Table,
    exercise_table,
    period,
    session_table,
    summary_lines,
    week_table,
)
from stretchcli.report.model import SELF_REPORTED, Report
from stretchcli.text import full_date, one_line

CSS = """
:root { color: #1a1a1a; font: 15px/1.45 Helvetica, Arial, sans-serif; }
body { max-width: 760px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .1em; }
h2 { font-size: 1.15em; margin: 1.6em 0 .5em; border-bottom: 1px solid #ccc; }
.period { color: #444; margin: 0 0 1em; }
.safety { border: 2px solid #1f3b5a; padding: .6em .9em; margin: 1em 0; }
.safety strong { display: block; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
figure { margin: 1em 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; padding: .25em .5em; border-bottom: 1px solid #ddd;
         vertical-align: top; }
th { border-bottom: 2px solid #999; }
td { white-space: nowrap; }
td:last-child { white-space: normal; }
.wide { overflow-x: auto; }  /* a narrow screen scrolls a table rather than cut it */
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
#charts table, #exercises table { break-inside: avoid; }
section { break-inside: auto; }
footer { color: #444; font-size: .9em; margin-top: 2em; }
@page { margin: 15mm; }
@media print {
  :root { font-size: 11pt; }
  body { margin: 0; max-width: none; }
  h2 { break-after: avoid; }
  figure { margin: .4em 0; }
  figure svg { display: block; width: 76%; margin: 0 auto; }
}
"""


def escape(text: str) -> str:
    """Text as HTML that shows it as it is, on one line (control characters escaped too: the
    page may be read in a terminal)."""
    return _escape(one_line(text))


def page(report: Report, charts: Sequence[str]) -> Iterator[str]:
    """The whole HTML page, in pieces; `charts` are SVG elements to put in as they are."""
    return _page(report, charts)


def _table(table: Table) -> Iterator[str]:
    rows = iter(table.rows)
    first = next(rows, None)
    if first is None:
        yield f"<p>{NOTHING}</p>\n"
        return

    def cls(kind: str) -> str:
        return ' class="n"' if kind == "n" else ""

    kinds = table.kinds
    yield '<div class="wide">\n<table>\n<thead><tr>'
    yield "".join(
        f"<th{cls(k)}>{escape(h)}</th>" for h, k in zip(table.headers, kinds, strict=True)
    )
    yield "</tr></thead>\n<tbody>\n"
    opening = [f"<td{cls(k)}>" for k in kinds]
    every = itertools.chain([first], rows)
    while batch := list(itertools.islice(every, BATCH)):
        yield "".join(
            "<tr>"
            + "".join(f"{o}{escape(c)}</td>" for o, c in zip(opening, row, strict=True))
            + "</tr>\n"
            for row in batch
        )
    yield "</tbody>\n</table>\n</div>\n"


def _page(report: Report, charts: Sequence[str]) -> Iterator[str]:
    title = f"Stretching report: {period(report)}"
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    yield f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    yield "<header>\n<h1>Stretching report</h1>\n"
    yield f'<p class="period">{escape(period(report))}'
    yield f" · made {escape(full_date(report.generated.date()))}</p>\n</header>\n"
    yield '<div class="safety" role="note">'
    yield f"<strong>{escape(report.safety[0])}</strong>{escape(SELF_REPORTED)}</div>\n"
    yield '<section id="summary">\n<h2>Summary</h2>\n<dl>\n'
    for label, text in summary_lines(report):
        yield f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>\n"
    yield "</dl>\n</section>\n"
    yield '<section id="charts">\n<h2>Week by week</h2>\n'
    for chart in charts:
        yield f"<figure>{chart}</figure>\n"
    yield from _table(week_table(report))
    yield "</section>\n"
    yield '<section id="exercises">\n<h2>Exercises</h2>\n'
    yield from _table(exercise_table(report))
    yield "</section>\n"
    yield '<section id="sessions">\n<h2>Sessions</h2>\n'
    yield from _table(session_table(report))
    yield "</section>\n"
    yield '<footer id="safety">\n<h2>Safety</h2>\n<ul>\n'
    for line in report.safety[1:]:
        yield f"<li>{escape(line)}</li>\n"
    yield "</ul>\n</footer>\n</body>\n</html>\n"
