"""`stretch report`: the same numbers as exact CSV, JSON and Markdown, and an HTML page parsed
for its numbers, its charts, and what it must not hold (scripts, anything fetched)."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stretchcli.history.store import History
from stretchcli.records import EndStatus, ExerciseResult, ExerciseStatus, Swap
from stretchcli.report.model import run_changes
from tests.conftest import Stretch
from tests.test_history import NOON, TZ, db_path, store

SAFETY = "Not medical advice. Stop if you feel sharp pain, numbness or tingling."
ABOUT = (
    "Recorded by the person themselves with stretch, a terminal stretching coach: times are "
    "measured, pain (0-10, 0 none) and difficulty (0-10, 0 very easy) are their own ratings."
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def session(
    history: History,
    when: datetime,
    routine: str,
    minutes: float,
    status: EndStatus,
    exercises: list[tuple[str, ExerciseStatus]],
    pain: tuple[int | None, int | None] = (None, None),
    difficulty: int | None = None,
    note: str | None = None,
    swaps: tuple[Swap, ...] = (),
    options: dict[str, object] | None = None,
) -> None:
    results = [
        ExerciseResult(name, state, 2, 2 if state == "done" else 0) for name, state in exercises
    ]
    history.now = lambda: when
    ident = history.start(routine, options or {}, results, pain[0], note, swaps)
    history.now = lambda: when + timedelta(minutes=minutes)
    history.finish(ident, status, minutes * 60, results, 0)
    if pain[1] is not None:
        history.set_pain_after(ident, pain[1])
    if difficulty is not None:
        history.set_difficulty(ident, difficulty)


@pytest.fixture(autouse=True)
def person(monkeypatch: pytest.MonkeyPatch) -> str:
    """Whose report: the login name the environment gives."""
    monkeypatch.setenv("LOGNAME", "jo")
    return "jo"


@pytest.fixture
def weeks(isolated: Path) -> History:
    """Three weeks of one person's sessions and reminders (and one of each before them),
    with a weekly goal of 2."""
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("weekly_goal = 2\n")
    history, _ = store(db_path(isolated))
    chair: tuple[str, ExerciseStatus] = ("rhomboid-stretch", "done")
    session(history, at(2, 8), "upper-back", 15, "completed", [chair], (6, 5))  # before
    session(
        history, at(9, 8), "upper-back", 15, "completed",
        [chair, ("scapular-squeeze", "done")], (5, 3), 4, "tight on the left",
    )  # fmt: skip
    session(
        history, at(11, 8), "back-pain-relief", 5, "completed",
        [("pelvic-tilt", "done"), ("lower-trunk-rotation", "done")], (4, 3),
        swaps=(Swap("back-extension", ("extension",), "pelvic-tilt"),),
    )  # fmt: skip
    session(
        history, at(16, 18, 30), "upper-back", 6, "stopped",
        [chair, ("scapular-squeeze", "partial"), ("thoracic-rotation", "not reached")],
        (4, None), note="phone rang | back later", options={"scale": 0.5, "variants": {}},
    )  # fmt: skip
    session(
        history, at(24, 8), "upper-back", 15, "completed",
        [chair, ("scapular-squeeze", "done")], (3, 2), 3,
    )  # fmt: skip
    for when, outcome, via in (
        (at(6, 10), "no answer", "notification"),  # before
        (at(16, 10), "started", "notification"),
        (at(19, 15), "snoozed", "notification"),
        (at(24, 9), "skipped", "command"),
    ):
        history.now = lambda when=when: when  # type: ignore[misc]
        history.add_reminder("desk-break", outcome, via)  # type: ignore[arg-type]
    return history


def uids(history: History) -> list[str]:
    return [s.uid for s in history.sessions(since=at(9, 0))]


def test_json_has_every_number(stretch: Stretch, weeks: History) -> None:
    code, out, err = stretch("report", "--since", "3w", "--format", "json", wall=NOON)
    assert (code, err) == (0, "")
    data = json.loads(out)
    first, second, third, fourth = uids(weeks)
    assert data == {
        "person": "jo",
        "period": {"from": "2026-11-09", "to": "2026-11-24"},
        "routine": None,
        "generated_at": "2026-11-24T12:00:00+01:00",
        "weekly_goal": 2,
        "weekly_goal_before": None,  # no plan began within the period
        "weekly_goal_from": None,
        "weekly_goal_changes": [],
        "totals": {
            "sessions": 4,
            "counted": 4,  # the stopped one finished an exercise
            "completed": 3,
            "steps_chosen": 0,  # none run with --only or --skip
            "minutes": 41.0,
            "full_weeks": 2,
            "weeks_at_goal": 1,
            "sessions_per_week": 1.5,
            "pain_before": 4.0,
            "pain_after": 2.7,
            "pain_change": -1.3,
            "difficulty": 3.5,
        },
        "weeks": [
            {
                "week_of": "2026-11-09",
                "days": 7,
                "sessions": 2,
                "goal": 2,
                "minutes": 20.0,
                "pain_before": 4.5,
                "pain_after": 3.0,
                "difficulty": 4.0,
            },
            {
                "week_of": "2026-11-16",
                "days": 7,
                "sessions": 1,
                "goal": 2,
                "minutes": 6.0,
                "pain_before": 4.0,
                "pain_after": None,
                "difficulty": None,
            },
            {
                "week_of": "2026-11-23",
                "days": 2,
                "sessions": 1,
                "goal": 2,
                "minutes": 15.0,
                "pain_before": 3.0,
                "pain_after": 2.0,
                "difficulty": 3.0,
            },
        ],
        "routines": [
            {"routine": "upper-back", "name": "Upper back trigger point relief", "sessions": 3},
            {"routine": "back-pain-relief", "name": "Back pain relief", "sessions": 1},
        ],
        "exercises": [
            tally("rhomboid-stretch", 3, done=3),
            tally("scapular-squeeze", 3, done=2, partial=1),
            tally("pelvic-tilt", 1, done=1),
            tally("lower-trunk-rotation", 1, done=1),
            tally("thoracic-rotation", 1, not_reached=1),
            tally("back-extension", 0, swapped=1, instead=["pelvic-tilt"], avoided=["extension"]),
        ],
        "sessions": [
            row(
                first,
                "2026-11-09T08:00:00+01:00",
                "upper-back",
                "completed",
                15.0,
                2,
                2,
                5,
                3,
                4,
                note="tight on the left",
            ),
            row(
                second,
                "2026-11-11T08:00:00+01:00",
                "back-pain-relief",
                "completed",
                5.0,
                2,
                2,
                4,
                3,
                None,
                avoided=["extension"],
            ),
            row(
                third,
                "2026-11-16T18:30:00+01:00",
                "upper-back",
                "stopped",
                6.0,
                3,
                1,
                4,
                None,
                None,
                note="phone rang | back later",
                adjusted="doses ×0.5",
            ),
            row(
                fourth, "2026-11-24T08:00:00+01:00", "upper-back", "completed", 15.0, 2, 2, 3, 2, 3
            ),
        ],
        "reminders": {
            "notifications": 2,
            "started": 1,
            "snoozed": 1,
            "skipped": 0,
            "no answer": 0,
            "shown": 0,
            "snoozed at the terminal": 0,
            "skipped at the terminal": 1,
        },
        "about": ABOUT,
        "safety": [SAFETY, *SAFETY_POINTS],
    }


SAFETY_POINTS = [
    "This is general education, not medical advice or a diagnosis.",
    "Stretch to a mild pull only, never into pain.",
    "Stop if you feel sharp pain, numbness or tingling, or if an exercise brings on pain or "
    "makes symptoms spread or get worse.",
    "Move smoothly without bouncing, and keep breathing.",
    "Start with fewer reps and build up; a little soreness afterwards is normal.",
    "With osteoporosis, a recent fracture or recent spinal surgery, ask a clinician first: "
    "avoid deep forward bends and twisting to the limit.",
    "No ball pressure on the spine, on bruises or injuries, or if you bleed or bruise easily "
    "(blood thinners, a clotting disorder).",
]


# The built-in files' names, and the doses of the routines done (upper-back's scapular
# squeeze: 2 sets); pelvic tilt is in back-pain-relief too.
NAMES = {
    "rhomboid-stretch": ("Rhomboid stretch", "hold 30\u00a0s × 3"),
    "scapular-squeeze": ("Scapular squeeze", "hold 5\u00a0s × 10, 2 sets"),
    "pelvic-tilt": ("Pelvic tilt", "hold 5\u00a0s × 10"),
    "lower-trunk-rotation": ("Lower trunk rotation", "hold 5\u00a0s × 5 per side"),
    "thoracic-rotation": ("Seated thoracic rotation", "hold 5\u00a0s × 5 per side"),
    "back-extension": ("Back extension on the elbows", "hold 5\u00a0s × 8"),
}


def tally(
    exercise: str,
    sessions: int,
    done: int = 0,
    partial: int = 0,
    not_reached: int = 0,
    swapped: int = 0,
    instead: list[str] | None = None,
    avoided: list[str] | None = None,
) -> dict[str, object]:
    return {
        "exercise": exercise,
        "name": NAMES[exercise][0],
        "dose": NAMES[exercise][1],
        "sessions": sessions,
        "done": done,
        "partial": partial,
        "skipped": 0,
        "not_reached": not_reached,
        "hurt": 0,
        "swapped": swapped,
        "left_out": 0,
        "instead": instead or [],
        "avoided": avoided or [],
    }


def row(
    uid: str,
    started: str,
    routine: str,
    status: str,
    minutes: float,
    exercises: int,
    done: int,
    before: int | None,
    after: int | None,
    difficulty: int | None,
    avoided: list[str] | None = None,
    note: str | None = None,
    adjusted: str | None = None,
    hurt: int = 0,
) -> dict[str, object]:
    return {
        "uid": uid,
        "started_at": started,
        "routine": routine,
        "status": status,
        "minutes": minutes,
        "exercises": exercises,
        "exercises_done": done,
        "pain_before": before,
        "pain_after": after,
        "difficulty": difficulty,
        "avoided": avoided or [],
        "note": note,
        "adjusted": adjusted,
        "exercises_hurt": hurt,
    }


def test_csv_is_a_row_per_session_under_the_safety_note(
    stretch: Stretch, weeks: History, tmp_path: Path
) -> None:
    target = tmp_path / "report.csv"
    code, out, err = stretch("report", "--since", "2026-11-09", "-o", str(target), wall=NOON)
    assert (code, out, err) == (0, "", f"stretch: report written to {target}\n")
    first, second, third, fourth = uids(weeks)
    assert target.read_text() == (
        f"# stretch report for jo: 9 Nov 2026 to 24 Nov 2026. {SAFETY}\n"
        f"# {ABOUT}\n"
        "started_at,routine,status,minutes,exercises,exercises_done,pain_before,pain_after,"
        "difficulty,avoided,note,uid,adjusted,exercises_hurt\n"
        f"2026-11-09T08:00:00+01:00,upper-back,completed,15.0,2,2,5,3,4,,"
        f"tight on the left,{first},,0\n"
        f"2026-11-11T08:00:00+01:00,back-pain-relief,completed,5.0,2,2,4,3,,extension,,{second},,0\n"
        f"2026-11-16T18:30:00+01:00,upper-back,stopped,6.0,3,1,4,,,,"
        f"phone rang | back later,{third},doses ×0.5,0\n"
        f"2026-11-24T08:00:00+01:00,upper-back,completed,15.0,2,2,3,2,3,,,{fourth},,0\n"
    )
    # A spreadsheet or csv module that skips the '#' lines reads the numbers back.
    lines = [line for line in target.read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    assert [r["pain_before"] for r in rows] == ["5", "4", "4", "3"]


MARKDOWN = """\
# stretch report for jo: 9 Nov 2026 to 24 Nov 2026

{summary}

**Not medical advice. Stop if you feel sharp pain, numbness or tingling.** {about}

- **Sessions:** 4 (3 completed), 41 minutes in all
- **Goal:** 2 a week; 1.5 a week on average, met in 1 of 2 full weeks
- **Pain (0-10):** 4.0 before, 2.7 after, on average (-1.3 within a session)
- **Difficulty (0-10):** 3.5
- **Reminders:** 2 notifications: 1 started a session, 1 snoozed; at the terminal: 1 skipped

## Week by week (goal: 2 sessions a week)

| week of | sessions | minutes | pain before | pain after | difficulty |
|---|--:|--:|--:|--:|--:|
| 9 Nov | 2 | 20.0 | 4.5 | 3.0 | 4.0 |
| 16 Nov | 1 | 6.0 | 4.0 | - | - |
| 23 Nov (so far, 2 days) | 1 | 15.0 | 3.0 | 2.0 | 3.0 |

## Exercises

Doses are the routines' own. A session that changed them (--scale, --minutes) or left steps \
out (--only, --skip) says so in its status under Sessions.

| exercise | routine dose | sessions | done | partial | skipped | not reached | hurt | swapped |
|---|---|--:|--:|--:|--:|--:|--:|---|
| Rhomboid stretch | hold 30 s × 3 | 3 | 3 | 0 | 0 | 0 | 0 | - |
| Scapular squeeze | hold 5 s × 10, 2 sets | 3 | 2 | 1 | 0 | 0 | 0 | - |
| Pelvic tilt | hold 5 s × 10 | 1 | 1 | 0 | 0 | 0 | 0 | - |
| Lower trunk rotation | hold 5 s × 5 per side | 1 | 1 | 0 | 0 | 0 | 0 | - |
| Seated thoracic rotation | hold 5 s × 5 per side | 1 | 0 | 0 | 0 | 1 | 0 | - |
| Back extension on the elbows | hold 5 s × 8 | 0 | 0 | 0 | 0 | 0 | 0 | \
1 for Pelvic tilt (extension) |

## Sessions

| when | routine | status | minutes | done | pain | difficulty | note |
|---|---|---|--:|--:|--:|--:|---|
| Mon 9 Nov 08:00 | {upper} | completed | 15.0 | 2 of 2 | 5 → 3 | 4 | tight on the left |
| Wed 11 Nov 08:00 | Back pain relief | completed | 5.0 | 2 of 2 | 4 → 3 | - |  |
| Mon 16 Nov 18:30 | {upper} | stopped (doses ×0.5) | 6.0 | 1 of 3 | 4 → ? | - | \
phone rang \\| back later |
| Tue 24 Nov 08:00 | {upper} | completed | 15.0 | 2 of 2 | 3 → 2 | 3 |  |

## Safety

{points}
"""


def test_markdown_is_exact(stretch: Stretch, weeks: History) -> None:
    code, out, err = stretch("report", "--since", "3w", wall=NOON)  # md is the default
    assert (code, err) == (0, "")
    points = "\n".join(f"- {p}" for p in SAFETY_POINTS)
    upper = "Upper back trigger point relief"
    assert out == MARKDOWN.format(summary=SUMMARY, about=ABOUT, points=points, upper=upper)


class Page(HTMLParser):
    """What a reader of the page gets: its text, tables, SVG elements and any links out."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.cells: list[str] = []
        self.svgs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1] == "style":
            return
        self.text.append(data)
        if self.tags and self.tags[-1] in ("td", "th"):
            self.cells.append(data)


def test_html_is_one_printable_page_with_its_numbers_and_charts(
    stretch: Stretch, weeks: History, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    code, _, err = stretch("report", "--since", "3w", "-o", str(target), wall=NOON)
    assert (code, err) == (0, f"stretch: report written to {target}\n")
    html = target.read_text()
    page = Page()
    page.feed(html)
    text = " ".join(" ".join(page.text).split())
    # Whose report and for when; then what happened, in sentences, before anything else.
    assert text.startswith(
        "stretch report for jo: 9 Nov 2026 to 24 Nov 2026 "  # <title>
        "stretch report for jo 9 Nov 2026 to 24 Nov 2026 · made 24 Nov 2026 "  # <h1>, period
        f"{SUMMARY} {SAFETY} {ABOUT} In numbers Sessions 4 (3 completed)"
    )
    assert "Goal 2 a week; 1.5 a week on average, met in 1 of 2 full weeks" in text
    assert "Pain (0-10) 4.0 before, 2.7 after, on average (-1.3 within a session)" in text
    assert all(point in text for point in SAFETY_POINTS)
    # Nothing to run and nothing fetched: no script, no external file, no link out.
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    links = [v for k, v in page.attributes if k in ("href", "src", "xlink:href") and v]
    assert [v for v in links if not v.startswith("#")] == []
    assert "@import" not in html and "url(" not in html
    assert "@page" in html and "@media print" in html
    # The tables: the same rows as the Markdown, exercises by name with their dose.
    assert page.cells[page.cells.index("Back extension on the elbows") :][:9] == [
        "Back extension on the elbows", "hold 5\u00a0s × 8", "0", "0", "0", "0", "0", "0",
        "1 for Pelvic tilt (extension)",
    ]  # fmt: skip
    assert "phone rang | back later" in page.cells
    # On a phone the exercises and sessions are a card a row, each number named, what is
    # empty or none left out: nothing to scroll sideways.
    assert "overflow-x" not in html and "overflow:" not in html  # nothing scrolls sideways
    assert re.findall(r'<table class="(\w+)">', html) == ["weeks", "cards", "cards"]
    assert (
        "<tr><td>Back extension on the elbows</td><td>hold 5\u00a0s × 8</td>"
        '<td class="n empty" data-label="sessions">0</td>'
        '<td class="n empty" data-label="done">0</td>'
        '<td class="n empty" data-label="partial">0</td>'
        '<td class="n empty" data-label="skipped">0</td>'
        '<td class="n empty" data-label="not reached">0</td>'
        '<td class="n empty" data-label="hurt">0</td>'
        '<td class="last" data-label="swapped">1 for Pelvic tilt (extension)</td></tr>'
    ) in html
    assert (
        "<tr><td>Wed 11 Nov 08:00</td><td>Back pain relief</td><td>completed</td>"
        '<td class="n" data-label="minutes">5.0</td><td class="n" data-label="done">2 of 2</td>'
        '<td class="n" data-label="pain">4 → 3</td>'
        '<td class="n empty" data-label="difficulty">-</td><td class="last empty"></td></tr>'
    ) in html
    assert "@media (max-width: 600px)" in html and ".cards td.empty { display: none; }" in html
    assert ".cards td.last, .summary, dd { overflow-wrap: anywhere; }" in html  # a long word wraps
    # Two charts, inline SVG drawn by pygal, with the weeks' values.
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    sessions_svg, pain_svg = (ET.fromstring(svg) for svg in svgs)
    assert title(sessions_svg) == "Sessions a week (goal: 2)"
    assert series(sessions_svg) == {"sessions": ["2", "1", "1"], "short of the goal": [""] * 3}
    # The bars, in units of one session: 2, 1, 1 done; 0, 1, 1 short of the goal of 2.
    done, short = bars(sessions_svg, 0), bars(sessions_svg, 1)
    unit = done[1]
    assert [round(h / unit, 2) for h in done + short] == [2, 1, 1, 0, 1, 1]
    assert x_labels(sessions_svg) == ["9 Nov", "16 Nov", "23 Nov"]
    assert title(pain_svg) == "Pain (0-10), weekly average"
    assert series(pain_svg) == {"before": ["4.5", "4.0", "3.0"], "after": ["3.0", "2.0"]}
    # At 390 px a chart is drawn about as wide as its view box: its text at 12 px or more.
    for svg, source in zip((sessions_svg, pain_svg), svgs, strict=True):
        width = float(svg.get("viewBox", "").split()[2])
        shown = PHONE_CONTENT / width
        sizes = re.findall(rf"(?:{CHART_TEXT})\{{[^}}]*font-size:(\d+)px", source)
        assert len(sizes) == 5 and min(float(size) for size in sizes) * shown >= 12


CHART_TEXT = r"\.title|\.legend text|\.axis text|\.axis text\.major|text\.value"  # shown
PHONE_CONTENT = 390 - 2 * 16  # CSS pixels: the page's 1em margins, at 16 px on a phone
SUMMARY = (
    "4 sessions, 3 of them completed: Upper back trigger point relief 3 times, Back pain "
    "relief 1. 1.5 sessions a week on average over 2 full weeks, against a goal of 2 a week: "
    "met in 1 of them. Pain before the sessions (0-10) fell from 4.5 in the week of 9 Nov to "
    "3.0 in the week of 23 Nov. After a session, pain was 1.3 lower than before it, on "
    "average. No exercise was skipped."
)


SVG = "{http://www.w3.org/2000/svg}"


def title(svg: ET.Element) -> str:
    node = svg.find(f".//{SVG}text[@class='title plot_title']")
    assert node is not None
    return node.text or ""


def x_labels(svg: ET.Element) -> list[str]:
    axis = next(g for g in svg.iter(f"{SVG}g") if g.get("class", "").startswith("axis x"))
    return [t.text or "" for t in axis.iter(f"{SVG}text")]


def bars(svg: ET.Element, index: int) -> list[float]:
    """The heights of the bars of one series."""
    groups = svg.iterfind(f".//{SVG}g[@class='series serie-{index} color-{index}']")
    return [float(r.get("height", "nan")) for g in groups for r in g.iter(f"{SVG}rect")]


def series(svg: ET.Element) -> dict[str, list[str]]:
    """Each series' name (from the legend) and the values its points carry."""
    legends = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legends")
    names = [t.text or "" for t in legends.iter(f"{SVG}text")]
    found = {}
    for i, name in enumerate(names):
        groups = svg.iterfind(f".//{SVG}g[@class='series serie-{i} color-{i}']")  # plot, overlay
        found[name] = [
            d.text or "" for g in groups for d in g.iterfind(f".//{SVG}desc[@class='value']")
        ]
    return found


def test_a_routine_and_an_empty_period(stretch: Stretch, weeks: History) -> None:
    code, out, _ = stretch(
        "report", "--routine", "back-pain-relief", "--format", "json", "--since", "2w", wall=NOON
    )
    assert code == 0
    data = json.loads(out)
    assert (data["routine"], data["totals"]["sessions"], data["reminders"]["notifications"]) == (
        "back-pain-relief",
        0,
        0,
    )
    out = stretch("report", "--routine", "back-pain-relief", "--since", "3w", wall=NOON).out
    assert out.startswith(
        "# stretch report for jo: Back pain relief, 9 Nov 2026 to 24 Nov 2026\n\n"
        "1 session of Back pain relief, completed. 0.5 sessions a week on average over 2 full "
        "weeks, against a goal of 2 a week: not met in any of them. Pain before the sessions "
        "(0-10) averaged 4.0, rated in the week of 9 Nov only. After a session, pain was 1.0 "
        "lower than before it, on average. No exercise was skipped.\n"
    )
    assert (
        "| Back extension on the elbows | hold 5 s × 8 | 0 | 0 | 0 | 0 | 0 | 0 "
        "| 1 for Pelvic tilt (extension) |"
    ) in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "pdf"],
            "stretch: invalid value for '--format': 'pdf' is not one of html, md, csv, json "
            "(see `stretch report --help`)",
        ),
    ],
)
def test_bad_options_say_what_to_give(stretch: Stretch, args: list[str], message: str) -> None:
    code, out, err = stretch("report", *args, wall=NOON)
    assert (code, out, err) == (2, "", message + "\n")


def test_a_missing_folder_for_the_output_is_an_error_not_made(
    stretch: Stretch, tmp_path: Path
) -> None:
    target = tmp_path / "typo" / "report.html"
    assert stretch("report", "-o", str(target), wall=NOON) == (
        1,
        "",
        f"stretch: cannot write {target}: there is no folder {target.parent} "
        "(create it, or give another)\n",
    )
    assert not target.parent.exists()


def test_a_newcomers_report_starts_with_their_first_week(stretch: Stretch, isolated: Path) -> None:
    history, _ = store(db_path(isolated))
    history.now = lambda: at(20, 9)
    history.add_reminder("desk-break", "no answer", "notification")  # before any session
    session(history, at(24, 8), "desk-break", 0.2, "completed", [("rhomboid-stretch", "done")])
    data = json.loads(stretch("report", "--format", "json", wall=NOON).out)
    assert data["period"] == {"from": "2026-11-23", "to": "2026-11-24"}
    assert [w["week_of"] for w in data["weeks"]] == ["2026-11-23"]
    assert data["reminders"]["notifications"] == 0
    out = stretch("report", wall=NOON).out
    assert "- **Sessions:** 1 (1 completed), under a minute in all\n" in out
    assert "- **Goal:** 5 a week; 1.0 a week on average\n" in out  # no full week yet


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(0.2, "under a minute"), (1.2, "1 minute"), (1.6, "2 minutes"), (2.4, "2 minutes")],
)
def test_the_minutes_in_all_are_said_in_words_that_fit_the_number(
    stretch: Stretch, isolated: Path, minutes: float, said: str
) -> None:
    """Review 24, F10: "1 minutes in all"."""
    history, _ = store(db_path(isolated))
    session(history, at(24, 8), "desk-break", minutes, "completed", [("rhomboid-stretch", "done")])
    out = stretch("report", wall=NOON).out
    assert f"- **Sessions:** 1 (1 completed), {said} in all\n" in out


def test_an_exercise_has_the_dose_of_the_routines_done(isolated: Path) -> None:
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import routine_folders
    from stretchcli.report.names import names_of

    catalog = load_catalog(routine_folders({}))
    names = names_of(catalog, ["upper-back", "desk-break", "gone-since"])
    assert names.doses["rhomboid-stretch"] == (
        "hold 30\u00a0s × 3 (Upper back trigger point relief); hold 10\u00a0s × 2 (Desk break)"
    )
    assert names.doses["thoracic-side-bend"] == "hold 20\u00a0s × 3 per side"  # upper-back's
    assert names.doses["open-book"] == "hold 4\u00a0s × 6 per side"  # its own: no routine done
    assert names.exercise("open-book") == "Open book"
    assert (names.routine("gone-since"), names.exercise("gone-too")) == ("gone-since", "gone-too")


def test_an_exercise_that_hurt_is_counted_in_its_own_column(stretch: Stretch) -> None:
    code, _, _ = stretch("run", "desk-break", "--json", "--brief", keys=[(20.0, "h")], wall=None)
    assert code == 0
    report = json.loads(stretch("report", "--format", "json").out)
    hurt = {e["exercise"]: e["hurt"] for e in report["exercises"]}
    assert sum(hurt.values()) == 1
    (name,) = [e for e, n in hurt.items() if n]
    (tally,) = [e for e in report["exercises"] if e["exercise"] == name]
    assert (
        tally["sessions"]
        == tally["done"]
        + tally["partial"]
        + tally["skipped"]
        + tally["not_reached"]
        + tally["hurt"]
    )


@pytest.mark.slow
def test_printed_the_report_breaks_no_word_of_a_table(
    stretch: Stretch, weeks: History, tmp_path: Path
) -> None:
    """On A4 every table cell is at least as wide as its longest word: "completed" is never
    printed as "complet" over "ed" (a note's long URL may still wrap anywhere)."""
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or shutil.which("pdftotext") is None:
        pytest.skip("needs chromium and pdftotext")
    target = tmp_path / "report.html"
    assert stretch("report", "--since", "3w", "-o", str(target), wall=NOON)[0] == 0
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", target.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    printed = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = set(re.findall(r"[A-Za-z]+", printed))
    statuses = {"completed", "stopped", "interrupted"}
    assert "completed" in words
    cut = {w for w in words if len(w) > 3 and any(s.startswith(w) and s != w for s in statuses)}
    assert not cut


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({}, ""),
        ({"scale": 1.0, "variants": {"rhomboid-stretch": "floor"}}, ""),
        ({"scale": 0.5}, "doses ×0.5"),
        ({"scale": 2}, "doses ×2"),
        ({"minutes": 10.0}, "fitted to 10 min"),
        ({"only": ["rhomboid-stretch"]}, "chosen steps only"),
        ({"skip": ["scapular-squeeze"], "only": []}, "steps left out"),
        ({"scale": 1.5, "minutes": 5, "only": ["a"], "skip": ["b"]},
         "doses ×1.5, fitted to 5 min, chosen steps only, steps left out"),
        ({"scale": True, "minutes": "10"}, ""),  # a row changed by hand: only numbers are said
    ],
)  # fmt: skip
def test_a_session_says_how_its_run_changed_the_routine(
    options: dict[str, object], said: str
) -> None:
    """The report's doses are the routines' own: a run made shorter, longer or with fewer
    steps says so in its row (the status cell of the tables, `adjusted` in CSV and JSON)."""
    assert run_changes(json.dumps(options)) == said
    assert run_changes("not json") == run_changes("[1]") == run_changes(None) == ""
