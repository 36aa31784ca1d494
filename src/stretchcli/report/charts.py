"""The report's two charts as inline SVG, drawn by pygal: sessions a week against the goal,
and pain before and after by week. No script, no fonts or files fetched: the page reads and
prints the same offline. pygal is imported here only (about 50 ms), for `report --format html`.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

import pygal
from pygal.etree import etree
from pygal.style import Style

from stretchcli.history.weeks import Week
from stretchcli.report.model import Report
from stretchcli.text import day_month

# Print-friendly: white ground, and two colours that stay apart in greyscale.
INK = "#1f3b5a"
ORANGE = "#d9822b"
PALE = "#dfe6ee"


def _style(*colors: str) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#222222",
        foreground_strong="#111111",
        foreground_subtle="#bbbbbb",
        font_family="Helvetica, Arial, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=15,
        value_font_size=12,
        colors=colors,
        guide_stroke_color="#dddddd",
        major_guide_stroke_color="#555555",
        major_guide_stroke_dasharray="6,3",
        value_colors=("white",),
    )


WIDTH, HEIGHT = 720, 300
etree.to_etree()  # the standard library's tree (not lxml's, where installed): one we know


def _svg(chart: pygal.graph.graph.Graph) -> str:
    """The chart's SVG element, without pygal's script (tooltip settings: nothing to run)."""
    root = chart.render_tree()
    defs = root.find("defs")
    for script in defs.findall("script"):
        defs.remove(script)
    return ElementTree.tostring(root, encoding="unicode")


def _options(title: str, *colors: str) -> dict[str, object]:
    return {
        "title": title,
        "style": _style(*colors),
        "width": WIDTH,
        "height": HEIGHT,
        "explicit_size": True,
        "js": [],  # pygal links its tooltip script from the web by default
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "margin": 8,
        "margin_bottom": 28,
        "no_prefix": False,
    }


def labels(weeks: Sequence[Week]) -> list[str]:
    """The x labels: each week's Monday, '13 Oct'."""
    return [day_month(w.monday) for w in weeks]


def label_step(top: int, most: int = 12) -> int:
    """The step between the y labels of a chart from 0 to `top`: 1, 2 or 5 times a power of
    ten, the smallest that gives at most `most` steps, whatever `top` is."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if top / step <= most:
                return step
        power *= 10


def sessions_chart(report: Report) -> str:
    """Bars of the sessions each week, stacked with what was short of the weekly goal; the
    goal's guide line is the strong one."""
    top = max([report.goal, *(w.sessions for w in report.weeks)])
    step = label_step(top)
    chart = pygal.StackedBar(
        **_options(f"Sessions a week (goal: {report.goal})", INK, PALE),
        print_values=True,
        print_zeroes=False,
        range=(0, top),
        y_labels=sorted({*range(0, top + 1, step), report.goal}),
        y_labels_major=[report.goal],
    )
    chart.x_labels = labels(report.weeks)
    chart.add("sessions", [w.sessions for w in report.weeks])
    chart.add(
        "short of the goal",
        [max(report.goal - w.sessions, 0) for w in report.weeks],
        formatter=lambda _: "",  # the gap is drawn, not numbered
    )
    return _svg(chart)


def pain_chart(report: Report) -> str:
    """Average pain (0-10) before and after the sessions, week by week; weeks without a
    rating leave a gap."""
    chart = pygal.Line(
        **_options("Pain (0-10), weekly average", INK, ORANGE),
        range=(0, 10),
        y_labels=[{"value": v, "label": str(v)} for v in range(0, 11, 2)],
        y_labels_major=[0],
        allow_interruptions=True,
        dots_size=4,
        value_formatter=lambda value: f"{value:.1f}",
        stroke_style={"width": 2.5},
    )
    chart.x_labels = labels(report.weeks)
    chart.add("before", [w.pain_before for w in report.weeks])
    chart.add(
        "after",
        [w.pain_after for w in report.weeks],
        stroke_style={"width": 2.5, "dasharray": "6, 4"},
    )
    return _svg(chart)
