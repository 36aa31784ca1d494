"""The report in the format asked for: which format a file name means, and the text of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from stretchcli.errors import UsageError
from stretchcli.files.suffixes import (
    name_said,
    name_suffix,
    only_a_suffix,
    quoted,
    written_as_it_is,
)
from stretchcli.report import FORMATS
from stretchcli.report.csv_format import csv_text
from stretchcli.report.json_format import json_text
from stretchcli.report.markdown import markdown
from stretchcli.report.model import Report


def render(report: Report, fmt: str) -> Iterator[str]:
    """The report as text in one of FORMATS, in pieces (its sessions as they are read)."""
    if fmt == "html":
        from stretchcli.report.charts import pain_chart, sessions_chart
        from stretchcli.report.html import page

        charts = [sessions_chart(report)] if report.totals.sessions else []
        if any(w.pain_before is not None or w.pain_after is not None for w in report.weeks):
            charts.append(pain_chart(report))  # else pygal writes a large "No data"
        return page(report, charts)
    if fmt == "md":
        return markdown(report)
    if fmt == "csv":
        return csv_text(report)
    return json_text(report)


def format_for(path: Path | None, chosen: str | None) -> str:
    """The format: the one chosen, which a name ending in another format's suffix may not
    contradict (`-o r.html --format md`); else the one the name ends in, after its last dot
    (`.html`, `r.htm`); else Markdown (standard output, a device or a fifo). Without --format,
    a file whose name names no format (`r.pdf`, `r.md.`, `report`) is refused."""
    if path is None or written_as_it_is(path):
        return chosen or "md"
    name = quoted(name_said(path))  # the file named `-` in full: not standard output
    suffix = name_suffix(path) or ""
    suffix = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
    if chosen is not None and suffix not in FORMATS:
        return chosen  # `-o data.txt --format csv`, `-o report --format md`: they said
    if suffix not in FORMATS:
        raise UsageError(
            f"-o: cannot tell the report's format from {name}",
            f"name a file ending in {', '.join('.' + f for f in FORMATS)}, or give --format",
        )
    only_a_suffix(path, "-o")
    if chosen is not None and chosen != suffix:
        raise UsageError(
            f"-o: {name} names the {suffix} format, but --format is {chosen}",
            f"name a file ending in .{chosen}, or leave out --format",
        )
    return suffix
