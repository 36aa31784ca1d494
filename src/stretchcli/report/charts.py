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
from stretchcli.text import dated

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
        label_font_size=FONT,
        major_label_font_size=FONT,
        legend_font_size=FONT,
        title_font_size=FONT + 2,
        value_font_size=FONT,
        colors=colors,
        guide_stroke_color="#dddddd",
        major_guide_stroke_color="#555555",
        major_guide_stroke_dasharray="6,3",
        value_colors=("white",),
    )


# A chart is drawn in units of about a CSS pixel at its width on a phone (390 px less the
# page's margins), so that its text reads at FONT pixels there; wider, the page puts two side
# by side, each about as wide again, and a printed A4 page does the same.
WIDTH, HEIGHT = 360, 250
FONT = 13
ALL_LABELS = 6  # weeks a chart this wide labels each; more, and it labels at most THINNED
THINNED = 5
WITH_YEARS = 3  # the same for labels with their year ('2 Dec 2024'), twice as long
VALUES_SHOWN = 26  # weeks whose bars are wide enough at WIDTH for their number (chosen)
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
        "legend_at_bottom_columns": 2,
        "margin": 6,
        "margin_right": 18,  # room for the last week's label, centred under its point
        "margin_bottom": 10,
        "truncate_label": -1,  # a label is a date: whole or not at all
        "no_prefix": False,
    }


def labels(weeks: Sequence[Week], year: int | None) -> list[str]:
    """The x labels: each week's Monday, '13 Oct' ('13 Oct 2025' where the weeks span
    years)."""
    return [dated(w.monday, year) for w in weeks]


def label_every(weeks: int, year: int | None) -> dict[str, object]:
    """pygal's options to label only every n-th week where they would not fit side by side
    (fewer where the labels carry their year: `year` None, as `labels` has it)."""
    most, thinned = (WITH_YEARS, WITH_YEARS) if year is None else (ALL_LABELS, THINNED)
    if weeks <= most:
        return {}
    return {"x_labels_major_every": -(-weeks // thinned), "show_minor_x_labels": False}


def values_shown(weeks: int) -> bool:
    """Whether a chart of `weeks` bars prints each bar's number on it: not where a bar is
    too narrow for it (over two years, a pixel: the numbers ran into each other)."""
    return weeks <= VALUES_SHOWN


def label_step(top: int, most: int = 12) -> int:
    """The step between the y labels of a chart from 0 to `top`: 1, 2 or 5 times a power of
    ten, the smallest that gives at most `most` steps, whatever `top` is."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if top / step <= most:
                return step
        power *= 10


def _goal(report: Report) -> str:
    """The goal in the chart's title: '5', or where a plan changed it within the period,
    both ('5 a week from the week of 2 Nov 2026 (3 before)': the bars are judged by both)."""
    return report.goal_words() if report.goals is not None else str(report.goal)


def goal_labels(top: int, step: int, goal: int) -> list[int]:
    """The y labels: 0 to `top` by `step`, and the goal, without the ones so near the goal
    that they would run into it."""
    steps = (n for n in range(0, top + 1, step) if n == 0 or abs(n - goal) >= step)
    return sorted({*steps, goal})


def sessions_chart(report: Report) -> str:
    """Bars of the sessions each week, stacked with what was short of the weekly goal; the
    goal's guide line is the strong one."""
    top = max([report.goal, *(w.sessions for w in report.weeks)])
    step = label_step(top, 6)
    chart = pygal.StackedBar(
        **_options(f"Sessions a week (goal: {_goal(report)})", INK, PALE),
        print_values=values_shown(len(report.weeks)),
        print_zeroes=False,
        range=(0, top),
        y_labels=goal_labels(top, step, report.goal),
        y_labels_major=[report.goal],
        **label_every(len(report.weeks), report.year),
    )
    chart.x_labels = labels(report.weeks, report.year)
    chart.add("sessions", [w.sessions for w in report.weeks])
    chart.add(
        "short of the goal",
        [max(report.goal_of(w.monday) - w.sessions, 0) for w in report.weeks],
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
        **label_every(len(report.weeks), report.year),
    )
    chart.x_labels = labels(report.weeks, report.year)
    chart.add("before", [w.pain_before for w in report.weeks])
    chart.add(
        "after",
        [w.pain_after for w in report.weeks],
        stroke_style={"width": 2.5, "dasharray": "6, 4"},
    )
    return _svg(chart)
