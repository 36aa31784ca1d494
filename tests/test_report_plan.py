"""The plan in `stretch report` and `stretch history`, from a simulated six weeks on an injected
clock (tests/six_weeks.py): each exercise's level over time with every change and its reason,
planned against done with the answers about the short weeks, the pain that reached the
ceiling; and, without a plan or its records, the report exactly as it was."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from html import escape
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.files.planfile import plan_path, read_plan
from stretchcli.history.plan_follow import follow
from stretchcli.history.store import History, history_path
from stretchcli.plan.engine import Rated
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import WEEKDAYS, Plan, Schedule
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.records import ExerciseResult
from stretchcli.report.csv_format import CSV_COLUMNS, PLAN_COLUMNS
from stretchcli.report.formats import LEVEL_DOSES, PLANNED_DOSES
from stretchcli.report.html import PLAN_CSS
from stretchcli.report.plan import light, planned_on
from stretchcli.report.plan_text import PLANNED_NOTE
from tests.conftest import BUILTIN, Stretch
from tests.six_weeks import ADOPTED, DESK, PLAN, REPORTED, Clock, six_weeks, state

PLAN_PART = "\n".join(
    [
        "## The plan",
        "",
        "Upper back at the desk on Mon, Wed and Fri; goal 3 sessions a week; pain "
        "ceiling 6/10 (red at 6/10 or more); written by A. Physio, physiotherapist; begun "
        "on 2 Nov 2026; review on 14 Dec 2026.",
        "",
        "### Planned and done",
        "",
        "| week of | planned | done | green | amber (held) | red | got in the way |",
        "|---|--:|--:|--:|--:|--:|---|",
        "| 2 Nov | 3 | 3 | 3 | 0 | 0 | - |",
        "| 9 Nov | 3 | 3 | 3 | 0 | 0 | - |",
        "| 16 Nov | 3 | 2 | 0 | 2 | 0 | no time |",
        "| 23 Nov | 3 | 3 | 2 | 0 | 1 | - |",
        "| 30 Nov | 3 | 3 | 2 | 0 | 1 | - |",  # the rhomboid stretch named as hurting: red
        "| 7 Dec | 3 | 3 | 3 | 0 | 0 | - |",
        "",
        PLANNED_NOTE,
        "",
        "### Levels",
        "",
        "| exercise | level at the start | changes | level now | dose now |",
        "|---|--:|---|--:|---|",
        "| Chest stretch | 1 | 1 → 2 (6 Nov) → 3 (13 Nov) → 2 (23 Nov) → 3 (30 Nov) → 4 "
        "(9 Dec) | 4 | 4 × 30 s |",
        "| Rhomboid stretch | 1 | 1 → 2 (6 Nov) → 3 (13 Nov) → 2 (23 Nov) → 3 (30 Nov) → "
        "2 (2 Dec) → 3 (9 Dec) | 3 | 3 × 20 s |",
        "| Scapular squeeze | 1 | 1 → 2 (6 Nov) → 3 (13 Nov) → 2 (23 Nov) → 3 (30 Nov) → "
        "4 (9 Dec) | 4 | 12 × 5 s |",
        "",
        "### Level changes and why",
        "",
        "| after the session of | exercises | level | why |",
        "|---|---|--:|---|",
        "| Fri 6 Nov 08:00 | Chest stretch, Rhomboid stretch, Scapular squeeze | 1 → 2 | "
        "stepped up after 3 green sessions in a row |",
        "| Fri 13 Nov 08:00 | Chest stretch, Rhomboid stretch, Scapular squeeze | 2 → 3 "
        "| stepped up after 3 green sessions in a row |",
        "| Mon 23 Nov 08:00 | Chest stretch, Rhomboid stretch, Scapular squeeze | 3 → 2 "
        "| stepped down: pain 7/10 after the session, at or over the ceiling of 6 |",
        "| Mon 30 Nov 08:00 | Chest stretch, Rhomboid stretch, Scapular squeeze | 2 → 3 "
        "| stepped up after 3 green sessions in a row |",
        "| Wed 2 Dec 08:00 | Rhomboid stretch | 3 → 2 | stepped down: named as hurting |",
        "| Wed 9 Dec 08:00 | Chest stretch | 3 → 4 | stepped up after 3 green sessions in a row |",
        "| Wed 9 Dec 08:00 | Rhomboid stretch | 2 → 3 | stepped up after 3 green "
        "sessions in a row |",
        "| Wed 9 Dec 08:00 | Scapular squeeze | 3 → 4 | stepped up after 3 green "
        "sessions in a row |",
        "",
        "### Pain at or over the ceiling (6/10)",
        "",
        "| when | routine | pain |",
        "|---|---|---|",
        "| Mon 23 Nov 08:00 | Upper back at the desk | 3 → 7 |",
    ]
)
SENTENCES = (
    "Plan: 17 of 18 planned sessions done, short in 1 week. Levels: 12 step ups, 4 step downs. "
    "Pain after a session reached the plan's ceiling of 6/10 once: see below. What got in the "
    "way of short weeks: no time (week of 16 Nov)."
)
HISTORY_PART = "\n".join(
    [
        "Levels and answers",
        "(2 earlier ones: stretch history --json)",
        "Mon 2 Nov 07:00   Scapular squeeze at level 1: started at the lowest level of 7",
        "Fri 6 Nov 08:00   Chest stretch, Rhomboid stretch, Scapular squeeze 1 → 2:",
        "                  stepped up after 3 green sessions in a row",
        "Fri 13 Nov 08:00  Chest stretch, Rhomboid stretch, Scapular squeeze 2 → 3:",
        "                  stepped up after 3 green sessions in a row",
        "Mon 23 Nov 08:00  Chest stretch, Rhomboid stretch, Scapular squeeze 3 → 2:",
        "                  stepped down: pain 7/10 after the session, at or over the",
        "                  ceiling of 6",
        "Mon 23 Nov 08:00  The week of 16 Nov fell short (2 of 3 sessions); what got in",
        "                  the way: no time",
        "Mon 30 Nov 08:00  Chest stretch, Rhomboid stretch, Scapular squeeze 2 → 3:",
        "                  stepped up after 3 green sessions in a row",
        "Wed 2 Dec 08:00   Rhomboid stretch 3 → 2: stepped down: named as hurting",
        "Wed 9 Dec 08:00   Chest stretch 3 → 4: stepped up after 3 green sessions in a",
        "                  row",
        "Wed 9 Dec 08:00   Rhomboid stretch 2 → 3: stepped up after 3 green sessions in a",
        "                  row",
        "Wed 9 Dec 08:00   Scapular squeeze 3 → 4: stepped up after 3 green sessions in a",
        "                  row",
    ]
)


# The Exercises table's doses with the plan (its levels at the end of the six weeks), and
# without it (the routine's).
DOSES_NOW = {
    "hold 30 s × 4, plan level 4 now; level 1 at the start: hold 10 s × 3": "hold 20 s × 3",
    "hold 20 s × 3, plan level 3 now; level 1 at the start: hold 10 s × 2": "hold 30 s × 3",
    "hold 5 s × 12, plan level 4 now; level 1 at the start: hold 5 s × 5": "hold 5 s × 10",
}


def report(stretch: Stretch, fmt: str) -> str:
    code, out, err = stretch("report", "--format", fmt, wall=REPORTED)
    assert (code, err) == (0, "")
    return out


def forget_the_plan(home: Path) -> None:
    """No plan file (its weekly goal in the config), and no level change or answer in the
    history."""
    (home / "config" / "plan.yaml").unlink()
    (home / "config" / "config.toml").write_text("weekly_goal = 3\n")
    with closing(sqlite3.connect(home / "state" / "history.sqlite3")) as db, db:
        db.execute("DELETE FROM level_changes")
        db.execute("DELETE FROM barriers")
    db.close()


def test_six_weeks_of_a_plan_in_the_report(stretch: Stretch, isolated: Path) -> None:
    six_weeks(state(isolated)).close()
    text = report(stretch, "md")
    summary = text.split("\n\n")[1]
    assert summary.endswith(" No exercise was skipped. " + SENTENCES)
    plan = text[text.index("## The plan") : text.index("\n## Week by week")]
    assert plan.rstrip("\n") == PLAN_PART


def test_the_plan_only_adds_to_the_report_and_without_it_the_report_is_as_it_was(
    stretch: Stretch, isolated: Path
) -> None:
    six_weeks(state(isolated)).close()
    given = {fmt: report(stretch, fmt) for fmt in ("md", "json", "csv", "html")}
    # Only the Exercises table's doses differ outside the plan's part: a plan's exercise
    # has its dose at its level now, the same as the plan's Levels table says.
    assert given["md"].count(" | 17 | ") == 3
    for now, as_filed in DOSES_NOW.items():
        assert f"| {now} | 17 |" in given["md"], now
        unbroken = now.replace(" s ", "\xa0s "), as_filed.replace(" s ", "\xa0s ")  # JSON, HTML
        given = {f: t.replace(now, as_filed).replace(*unbroken) for f, t in given.items()}
    # and the line above them says whose they are
    for level, planned in (
        (LEVEL_DOSES, PLANNED_DOSES),
        (escape(LEVEL_DOSES), escape(PLANNED_DOSES)),
    ):
        given = {f: t.replace(level, planned) for f, t in given.items()}
    forget_the_plan(isolated)
    plain = {fmt: report(stretch, fmt) for fmt in ("md", "json", "csv", "html")}
    assert "plan" not in plain["md"].lower() and "plan" not in plain["html"].lower()
    # Markdown: the plan's sentences and section taken out, the rest byte for byte.
    md = given["md"].replace(" " + SENTENCES, "")
    start, end = md.index("## The plan"), md.index("## Week by week")
    assert md[:start] + md[end:] == plain["md"]
    # JSON: the same but for its plan.
    with_plan = json.loads(given["json"])
    assert "plan" in with_plan and "plan" not in json.loads(plain["json"])
    del with_plan["plan"]
    assert json.dumps(with_plan, indent=2, ensure_ascii=False) + "\n" == plain["json"]
    # CSV: the plan's comment lines and two columns more.
    lines = given["csv"].splitlines()
    assert lines[2:7] == [f"# {line}" for line in (PLAN_PART.splitlines()[2], *split(SENTENCES))]
    header, *rows = [line.split(",") for line in lines[7:]]
    assert header == [*CSV_COLUMNS, *PLAN_COLUMNS]
    kept = [",".join(row[: len(CSV_COLUMNS)]) for row in [header, *rows]]
    assert "\n".join(lines[:2] + kept) + "\n" == plain["csv"].replace(",,,", ",,,", 1)
    over = [row[-2] for row in rows]
    assert over.count("yes") == 1 and rows[over.index("yes")][7] == "7"
    # HTML: the sentences and the plan's section taken out.
    html = given["html"]
    for sentence in split(SENTENCES):
        shown = sentence.replace("'", "&#x27;")
        html = html.replace(f"<p>{shown}</p>\n", "")
    html = html.replace(PLAN_CSS, "", 1)
    start, end = html.index('<section id="plan">'), html.index('<section id="weeks">')
    assert unnamed(html[:start] + html[end:]) == unnamed(plain["html"])


def unnamed(html: str) -> str:
    """A page with its charts' random ids left out."""
    return re.sub(r"chart-[0-9a-f-]{36}", "chart", html)


def split(sentences: str) -> list[str]:
    """The sentences, one by one."""
    return [s if s.endswith(".") else s + "." for s in sentences.split(". ")]


def test_level_changes_without_a_plan_now_are_still_shown(stretch: Stretch, isolated: Path) -> None:
    six_weeks(state(isolated)).close()
    (isolated / "config" / "plan.yaml").unlink()
    text = report(stretch, "md")
    plan = text[text.index("## The plan") : text.index("\n## Week by week")]
    assert plan.splitlines()[2] == (
        "No plan now: the level changes and answers below are from an earlier plan."
    )
    assert "### Planned and done" not in plan and "ceiling" not in plan.split("###")[0]
    assert "### Level changes and why" in plan
    assert "Plan: " not in text and "What got in the way of short weeks: no time" in text


def test_six_weeks_in_the_history(stretch: Stretch, isolated: Path) -> None:
    six_weeks(state(isolated)).close()
    code, out, err = stretch("history", wall=REPORTED)
    assert (code, err) == (0, "")
    shown = out[out.index("Levels and answers") : out.index("\nLast 12 weeks")]
    assert shown.rstrip("\n") == HISTORY_PART
    # Mon, Wed and Fri with rest days between: the streak is of weeks at the plan's goal (the
    # week of 16 Nov fell short), not of days in a row.
    assert "Weekly goal met: 3 weeks in a row (longest 3)  ·  17 sessions, 1:42:00 in all" in out
    assert "Streak:" not in out
    code, out, _ = stretch("history", "--json", wall=REPORTED)
    items = json.loads(out)
    exported = stretch("history", "export", wall=REPORTED).out.splitlines()
    # After the sessions: the plan's records, then the session over the ceiling.
    assert items[17:-1] == [json.loads(line) for line in exported[18:]]
    assert list(items[-1]) == ["over_ceiling"] and items[-1]["over_ceiling"]["pain_after"] == 7
    since = stretch("history", "--json", "--since", "2026-12-01", wall=REPORTED).out
    kinds = [next(iter(item)) for item in json.loads(since) if "uid" not in item]
    assert kinds == ["level_change"] * 4  # the changes from then on


def test_a_history_without_a_plan_shows_no_levels(stretch: Stretch, isolated: Path) -> None:
    six_weeks(state(isolated)).close()
    forget_the_plan(isolated)
    out = stretch("history", wall=REPORTED).out
    assert "Levels and answers" not in out
    items = json.loads(stretch("history", "--json", wall=REPORTED).out)
    assert all("uid" in item for item in items)


PAINS = st.integers(0, 10)


@given(PAINS, PAINS, st.integers(1, 10), st.integers(0, 9), st.integers(1, 5))
def test_the_report_reads_a_session_s_pain_as_the_plan_decided_on_it(
    before: int, after: int, ceiling: int, green: int, rise: int
) -> None:
    rules = DEFAULT_RULES
    rules = type(rules)(
        rules.sessions,
        rules.difficulty,
        type(rules.green)(min(green, ceiling - 1), (), ""),
        type(rules.ceiling)(ceiling, (), ""),
        type(rules.rise)(rise, (), ""),
        rules.reds,
    )
    plan = Plan(Schedule(rotation=("desk-upper-back",)), rules)
    exercise = CATALOG.exercises["chest-stretch"]
    session = Rated("u", REPORTED, ("chest-stretch",), ("chest-stretch",), before, after)
    band, _ = session.light(plan.rules, "chest-stretch", exercise.name)
    assert ("green", "amber", "red")[light(rules, before, after) or 0] == band


CATALOG = load_catalog([Folder(BUILTIN, "built-in")])


DAYS = st.dates(date(2026, 1, 1), date(2026, 12, 1))


@given(st.sets(st.sampled_from(WEEKDAYS), min_size=1), DAYS, st.integers(0, 60))
def test_the_sessions_planned_are_the_plan_s_days_in_the_period(
    days: set[str], first: date, length: int
) -> None:
    schedule = Schedule(days=tuple((d, "desk-upper-back") for d in WEEKDAYS if d in days))
    plan = Plan(schedule, DEFAULT_RULES)
    last = first + timedelta(days=length)
    monday = first - timedelta(days=first.weekday())
    planned = 0
    while monday <= last:
        planned += planned_on(plan, monday, first, last, 3)
        monday += timedelta(days=7)
    every = [first + timedelta(days=n) for n in range(length + 1)]
    assert planned == sum(WEEKDAYS[d.weekday()] in days for d in every)
    full = date(2026, 11, 2)
    assert planned_on(plan, full, full, full + timedelta(days=6), 3) == len(days)


def test_an_exercise_the_plan_left_out_says_so_in_the_report(
    stretch: Stretch, isolated: Path
) -> None:
    """Named as hurting twice in a week, the squeeze (which has no alternative) is left out:
    its level now says so, not the level it had, and the Exercises table says the same."""
    environ = state(isolated)
    path = plan_path(environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PLAN, encoding="utf-8")
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    plan = read_plan(path, catalog)
    clock = Clock(ADOPTED)
    history = History(history_path(environ), print, clock)
    for day in (0, 2, 4):
        clock.now = ADOPTED + timedelta(days=day, hours=1)
        follow(history, plan, file_ladders(catalog.exercises), catalog.routines,
               catalog.exercises, print)  # fmt: skip
        results = [ExerciseResult(name, "done", 3, 3) for name in DESK]
        ident = history.start("desk-upper-back", {}, results, 2)
        history.finish(ident, "completed", 360, results, None)
        history.set_pain_after(ident, 2)
        history.set_difficulty(ident, 2)
        if day < 4:
            history.set_hurt(ident, "scapular-squeeze")
    history.close()
    text = stretch("report", "--format", "md", wall=ADOPTED + timedelta(days=5)).out
    assert "| Scapular squeeze | 1 | 1 → left out (4 Nov) | left out | - |" in text
    assert (
        "| Scapular squeeze | left out by the plan | 3 | 3 |" in text
    )  # done in full, twice said to hurt
    # Its third green session steps the chest stretch up: not stored yet (no `stretch plan`
    # or run since), the report says it all the same, as the plan runs it next.
    assert (
        "| Chest stretch | hold 20 s × 3, plan level 2 now; level 1 at the start: hold 10 s × 3 "
        "| 3 | 3 |" in text
    )
    # The history says it without a level, and names the week by its Monday.
    listed = " ".join(stretch("history", wall=ADOPTED + timedelta(days=5)).out.split())
    assert (
        "Wed 4 Nov 08:00 Scapular squeeze: left out: 2 red sessions in the week of 2 Nov, "
        "and it has no alternative"
    ) in listed
    record = json.loads(stretch("report", "--format", "json", wall=REPORTED).out)
    squeeze = next(c for c in record["plan"]["levels"] if c["exercise"] == "scapular-squeeze")
    assert (squeeze["now"], squeeze["left_out"], squeeze["swapped_for"]) == (None, True, None)
