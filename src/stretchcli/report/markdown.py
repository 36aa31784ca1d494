"""The report as Markdown, to paste into a message or a notes app: text from the history is
made one line and shown as it is, never read as Markdown (`md_text`)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from stretchcli.report.formats import (
    BATCH,
    NOTHING,
    NUMBERS,
    Table,
    doses_said,
    exercise_table,
    session_table,
    summary_lines,
    title,
    week_table,
    week_title,
)
from stretchcli.report.model import SELF_REPORTED, Report
from stretchcli.report.plan_text import plan_line, plan_sentences, plan_tables
from stretchcli.report.summary import sentences
from stretchcli.text import one_line


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


# What GitHub's Markdown (GFM) links without any markup: a scheme's `://`, `www.`, and an
# e-mail address (its `@`, whatever comes after it: a domain may begin with `-` or `_`).
_AUTOLINKS = re.compile(r"(:)(?=//)|(?<![^\W_])(www)(\.)|(@)", re.IGNORECASE)


def _no_autolink(found: re.Match[str]) -> str:
    if found.group(1):
        return "\\:"  # shown as ':', and the URL is not one GFM finds
    if found.group(2):
        return found.group(2) + "\\."
    return "@<!-- -->"  # escapes are read as plain text first: only a node between stops it


# A million sessions' cells are mostly the same few texts (a status, a routine, minutes).
@functools.lru_cache(maxsize=4096)
def md_text(text: str) -> str:
    """Text from data as Markdown that shows it as it is, on one line: every character
    Markdown would read as markup escaped with a backslash (CommonMark), and what GFM
    would make a link of without markup (a URL, `www.`, an e-mail address) kept text."""
    shown = " ".join(one_line(text).split())
    if not _MARKDOWN_CHARACTERS.isdisjoint(shown):
        shown = _MARKDOWN.sub(lambda found: "\\" + found.group(), shown)
    if ":" in shown or "@" in shown or "." in shown:
        shown = _AUTOLINKS.sub(_no_autolink, shown)
    return shown


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


def _markdown(report: Report) -> Iterator[str]:
    yield f"# {md_text(title(report))}"
    yield ""
    said = sentences(report)
    if report.plan is not None:
        said += plan_sentences(report.plan, report.names)
    yield " ".join(map(md_text, said))
    yield ""
    yield f"**{report.safety[0]}** {SELF_REPORTED}"
    yield ""
    for label, text in summary_lines(report):
        yield f"- **{label}:** {md_text(text)}"
    if report.plan is not None:
        yield ""
        yield "## The plan"
        yield ""
        yield md_text(plan_line(report.plan, report.names))
        for _, heading, table, note in plan_tables(report.plan, report.names):
            yield ""
            yield f"### {md_text(heading)}"
            yield ""
            yield from _md_table(table)
            if note:
                yield ""
                yield md_text(note)
    for heading, table in (
        (week_title(report), week_table(report)),
        ("Exercises", exercise_table(report)),
        ("Sessions", session_table(report)),
    ):
        yield ""
        yield f"## {heading}"
        yield ""
        if heading == "Exercises" and report.exercises:
            yield md_text(doses_said(report))
            yield ""
        yield from _md_table(table)
    yield ""
    yield "## Safety"
    yield ""
    for line in report.safety[1:]:
        yield f"- {line}"
