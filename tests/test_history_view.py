"""`stretch history` at any width: the exact page at 40, 60, 80 and 100 columns, and, for
any sessions at any width, every number whole (what matters least is left out first)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from stretchcli.history.store import History
from stretchcli.history.weeks import by_week
from stretchcli.records import Day, EndStatus, ExerciseResult, Session, Sum
from stretchcli.text import clock, day_month, full_date, moment, moment_dated, pain_text, weekday
from stretchcli.views.history import goal_streaks, sessions_table, weekly
from tests.conftest import Stretch
from tests.test_history import NOON, TZ, _drawn, db_path, store


def session(
    history: History,
    when: datetime,
    routine: str,
    minutes: float,
    status: EndStatus = "completed",
    pain: tuple[int | None, int | None] = (None, None),
) -> None:
    history.now = lambda: when
    done = [ExerciseResult("thoracic-rotation", "done", 1, 1)]
    ident = history.start(routine, {}, done, pain[0])
    history.now = lambda: when + timedelta(minutes=minutes)
    history.finish(ident, status, minutes * 60, done, 0)
    if pain[1] is not None:
        history.set_pain_after(ident, pain[1])


@pytest.fixture
def weeks(isolated: Path) -> History:
    """Two weeks and a bit: a wide pain (10 -> 9), the longest status (interrupted) and
    the longest built-in routine's name."""
    history, _ = store(db_path(isolated))
    at = datetime(2026, 11, 9, 7, 5, tzinfo=TZ)
    session(history, at, "upper-back", 15, pain=(10, 9))
    session(history, at + timedelta(days=2), "back-pain-relief", 5.2, pain=(6, 4))
    session(
        history, at + timedelta(days=7, hours=11), "desk-break", 12.05, "interrupted", (5, None)
    )
    session(history, at + timedelta(days=8), "upper-back", 6, "stopped", (None, 3))
    session(history, at + timedelta(days=15, hours=1), "upper-back", 15)
    return history


CALENDAR = [
    "Last 12 weeks",
    "     Sep     Oct     Nov",
    "Mon  · · · · · · · · · ▓ ▓ ·",
    "     · · · · · · · · · · ▒ ▓",
    "Wed  · · · · · · · · · ▒ ·",
    "     · · · · · · · · · · ·",
    "Fri  · · · · · · · · · · ·",
    "     · · · · · · · · · · ·",
    "Sun  · · · · · · · · · · ·",
]
LEGEND = "     · none  ░ under 5 min  ▒ 5-9  ▓ 10-19  █ 20 or more"
STREAK = "Streak: 1 day (longest 2)  ·  5 sessions, 53:15 in all"
WEEKS = [
    "Week by week (goal: 5 a week)",
    "week of    sessions  pain before      pain after",
    "9 Nov      ●●○○○  2  ████████··  8.0  ██████····  6.5",
    "16 Nov     ●●○○○  2  █████·····  5.0  ███·······  3.0",
    "this week  ●○○○○  1  -                -",
]


def page(stretch: Stretch, monkeypatch: pytest.MonkeyPatch, columns: int) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, err = stretch("history", wall=NOON)
    assert (code, err) == (0, "")
    return out.splitlines()


def test_at_100_and_80_columns_a_session_a_line(
    stretch: Stretch, weeks: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        page(stretch, monkeypatch, 100)
        == page(stretch, monkeypatch, 80)
        == [
            "Recent sessions",
            "id  when              routine            time  status       pain",
            "─" * 66,
            " 5  Tue 24 Nov 08:05  upper-back        15:00  completed    -",
            " 4  Tue 17 Nov 07:05  upper-back         6:00  stopped      ? → 3",
            " 3  Mon 16 Nov 18:05  desk-break        12:03  interrupted  5 → ?",
            " 2  Wed 11 Nov 07:05  back-pain-relief   5:12  completed    6 → 4",
            " 1  Mon 9 Nov 07:05   upper-back        15:00  completed    10 → 9",
            "",
            STREAK,
            "",
            *CALENDAR,
            LEGEND,
            "",
            *WEEKS,
        ]
    )


def test_at_60_columns_the_routine_is_cut_not_a_number(
    stretch: Stretch, weeks: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page(stretch, monkeypatch, 60) == [
        "Recent sessions",
        "id  when              routine      time  status       pain",
        "─" * 60,
        " 5  Tue 24 Nov 08:05  upper-back  15:00  completed    -",
        " 4  Tue 17 Nov 07:05  upper-back   6:00  stopped      ? → 3",
        " 3  Mon 16 Nov 18:05  desk-break  12:03  interrupted  5 → ?",
        " 2  Wed 11 Nov 07:05  back-pain…   5:12  completed    6 → 4",
        " 1  Mon 9 Nov 07:05   upper-back  15:00  completed    10 → 9",
        "",
        STREAK,
        "",
        *CALENDAR,
        LEGEND,
        "",
        *WEEKS,
    ]


def test_at_40_columns_routine_and_status_go_under_the_numbers(
    stretch: Stretch, weeks: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page(stretch, monkeypatch, 40) == [
        "Recent sessions",
        "id  when               time  pain",
        "─" * 35,
        " 5  Tue 24 Nov 08:05  15:00  -",
        "    upper-back, completed",
        " 4  Tue 17 Nov 07:05   6:00  ? → 3",
        "    upper-back, stopped",
        " 3  Mon 16 Nov 18:05  12:03  5 → ?",
        "    desk-break, interrupted",
        " 2  Wed 11 Nov 07:05   5:12  6 → 4",
        "    back-pain-relief, completed",
        " 1  Mon 9 Nov 07:05   15:00  10 → 9",
        "    upper-back, completed",
        "",
        "Streak: 1 day (longest 2)",  # parts that do not fit go whole on the next line
        "5 sessions, 53:15 in all",
        "",
        *CALENDAR,
        "     · none  ░ under 5 min  ▒ 5-9",
        "     ▓ 10-19  █ 20 or more",
        "",
        "Week by week (goal: 5 a week)",
        "week of    sessions  pain",  # the bars left out: before → after
        "9 Nov      ●●○○○  2  8.0 → 6.5",
        "16 Nov     ●●○○○  2  5.0 → 3.0",
        "this week  ●○○○○  1  -",
    ]


def test_the_ids_are_those_history_note_takes(
    stretch: Stretch, weeks: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = page(stretch, monkeypatch, 80)[3:8]
    ids = [line.split()[0] for line in shown]
    assert ids == [str(s.id) for s in reversed(weeks.sessions())]
    assert stretch("history", "note", ids[3], "eased by the evening", wall=NOON) == (
        0,
        "Noted on session 2: eased by the evening\n",
        "",
    )
    assert [s.note for s in weeks.sessions()] == [None, "eased by the evening", None, None, None]


# --- Any sessions, any width -----------------------------------------------------------------

MONDAY = NOON.date() - timedelta(days=NOON.weekday())
STATUSES: tuple[EndStatus, ...] = ("completed", "stopped", "interrupted")
pains = st.none() | st.integers(0, 10)
names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)


@st.composite
def recent(draw: st.DrawFn) -> list[Session]:
    """Up to ten sessions, newest first: any routine name, status, length and ratings."""
    count = draw(st.integers(1, 10))
    starts = sorted(draw(st.lists(st.integers(0, 60 * 24 * 90), min_size=count,
                                  max_size=count)))  # fmt: skip
    return [
        Session(
            id=draw(st.integers(1, 9_999_999)),
            routine=draw(names),
            started_at=NOON - timedelta(minutes=back),
            ended_at=None,
            status=draw(st.sampled_from(STATUSES)),
            seconds=draw(st.floats(0, 10 * 3600)),
            pain_before=draw(pains),
            pain_after=draw(pains),
            options={},
            last_step=None,
            exercises=(),
        )
        for back in starts
    ]


def session_blocks(lines: list[str], found: list[Session]) -> list[list[str]]:
    """The lines of each session of a drawn table, in order: from the line that starts
    with its id (right-aligned) to the next session's."""
    rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
    size = max(2, *(len(str(s.id)) for s in found))  # the ids' column, "id" at least
    starts: list[int] = []
    for shown in found:
        head = str(shown.id).rjust(size) + "  "
        starts.append(next(n for n in range(rule + 1, len(lines))
                            if n not in starts and lines[n].startswith(head)))  # fmt: skip
    assert starts == sorted(starts) and starts[0] == rule + 1
    return [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


@given(recent(), st.integers(40, 160))
def test_no_number_of_a_session_is_ever_cut(found: list[Session], width: int) -> None:
    lines = _drawn(sessions_table(found, NOON.year), width)
    assert all(cell_len(line) <= width for line in lines)  # a wide character takes two
    for shown, block in zip(found, session_blocks(lines, found), strict=True):
        if "routine" in lines[0]:
            assert len(block) == 1  # a line a session
        for number in (
            moment_dated(shown.started_at, NOON.year),
            clock(shown.seconds),
            pain_text(shown.pain_before, shown.pain_after),
        ):
            assert any(number in line for line in block), (number, block)


@given(recent())
def test_the_layouts_go_from_wide_to_narrow(found: list[Session]) -> None:
    """Wider never has more lines; a line a session once the widest routine fits."""
    sizes = [len(_drawn(sessions_table(found, NOON.year), width)) for width in range(40, 161, 10)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 2 + len(found) or max(cell_len(s.routine) for s in found) > 60


@st.composite
def days(draw: st.DrawFn) -> list[Day]:
    """Some days of this week and the seven before, each with sessions and any ratings."""
    chosen = draw(st.sets(st.integers(0, 7 * 7), min_size=1, max_size=50))
    found = []
    for back in sorted(chosen, reverse=True):
        sessions = draw(st.integers(1, 30))
        before, after = (draw(st.integers(0, sessions)) for _ in range(2))
        pain = [Sum(draw(st.integers(0, 10 * n)), n) for n in (before, after)]
        day = NOON.date() - timedelta(days=back)
        found.append(Day(day, sessions, sessions, sessions, 600.0, 600.0, pain[0], pain[1]))
    return found


@given(days(), st.integers(1, 30), st.integers(40, 160))
def test_no_weekly_number_is_ever_cut(found: list[Day], goal: int, width: int) -> None:
    lines = _drawn(weekly(found, NOON.date(), goal), width)
    assert all(cell_len(line) <= width and "…" not in line for line in lines)
    first = found[0].day - timedelta(days=found[0].day.weekday())
    for line, week in zip(lines[1:], by_week(found, first, NOON.date()), strict=False):
        cells = line.split()
        assert cells[:2] == (
            ["this", "week"] if week.monday == MONDAY else day_month(week.monday).split()
        )
        assert str(week.sessions) in cells
        means = [f"{mean:.1f}" for mean in (week.pain_before, week.pain_after) if mean is not None]
        assert [cell for cell in cells if "." in cell] == means


# --- One date style ---------------------------------------------------------------------------


@given(st.datetimes(datetime(2001, 1, 1), datetime(2090, 12, 31)))
def test_one_date_style(when: datetime) -> None:
    assert re.fullmatch(r"[1-9][0-9]? [A-Z][a-z]{2}", day_month(when))
    assert weekday(when) == f"{'MTWTFSS'[when.weekday()]}{weekday(when)[1:3]} {day_month(when)}"
    assert moment(when) == f"{weekday(when)} {when.hour:02d}:{when.minute:02d}"
    assert full_date(when) == f"{day_month(when)} {when.year}"
    assert day_month(when).split()[1] == when.strftime("%b")  # in English, under C's locale


def test_history_and_report_write_dates_alike(stretch: Stretch, weeks: History) -> None:
    page = stretch("history", wall=NOON).out
    report = stretch("report", "--since", "3w", wall=NOON).out
    for shown in weeks.sessions():
        assert f" {moment(shown.started_at)}  " in page
        assert f"| {moment(shown.started_at)} |" in report
    assert "Mon 9 Nov 07:05" in page and "| 9 Nov | 2 |" in report
    assert "\n9 Nov   " in page  # the week's label, as the report's
    assert ": 9 Nov 2026 to 24 Nov 2026\n" in report.splitlines(keepends=True)[0]


@given(
    st.dictionaries(st.integers(0, 90), st.integers(1, 3), max_size=40),
    st.integers(0, 6),
    st.integers(1, 5),
)
def test_the_goal_streak_counts_whole_weeks_at_the_goal(
    sessions: dict[int, int], after: int, goal: int
) -> None:
    # A plan's streak: calendar weeks (Monday to Sunday) with the goal met, in a row; this
    # week keeps the run alive until it ends, as a day's streak does until midnight.
    monday = date(2026, 9, 7)
    days = [
        Day(monday + timedelta(days=n), sessions=k, counted=k) for n, k in sorted(sessions.items())
    ]
    last = max(sessions, default=0)
    today = monday + timedelta(days=last + after)
    met = []
    week = monday
    while week <= today:
        count = sum(k for n, k in sessions.items() if 0 <= n - (week - monday).days < 7)
        met.append(count >= goal)
        week += timedelta(weeks=1)
    first = min(sessions, default=0) // 7
    met = met[first:]
    runs = "".join("1" if m else "0" for m in met).split("0")
    longest = max(len(run) for run in runs) if days else 0
    done = met if met and met[-1] else met[:-1]
    current = len("".join("1" if m else "0" for m in done).split("0")[-1]) if days else 0
    assert goal_streaks(days, today, goal) == (current, longest)
