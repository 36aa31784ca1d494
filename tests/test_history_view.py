"""`stretch history` at any width: the exact page at 40, 60, 80 and 100 columns, and, for
any sessions at any width, every number whole (what matters least is left out first)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from stretchcli.history.store import History
from stretchcli.history.weeks import by_week
from stretchcli.records import Day, EndStatus, ExerciseResult, Session, Sum
from stretchcli.text import clock, pain_text
from stretchcli.views.history import sessions_table, weekly
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
    """Two weeks and a bit: the widest numbers (pain 10 -> 10, an hour-long session) and
    the longest built-in routine's name."""
    history, _ = store(db_path(isolated))
    at = datetime(2026, 11, 9, 7, 5, tzinfo=TZ)
    session(history, at, "upper-back", 15, pain=(10, 10))
    session(history, at + timedelta(days=2), "back-pain-relief", 5.2, pain=(6, 4))
    session(
        history, at + timedelta(days=7, hours=11), "desk-break", 62.05, "interrupted", (5, None)
    )
    session(history, at + timedelta(days=8), "upper-back", 6, "stopped", (None, 3))
    session(history, at + timedelta(days=15, hours=1), "upper-back", 15)
    return history


CALENDAR = [
    "Last 12 weeks",
    "     Sep     Oct     Nov",
    "Mon  · · · · · · · · · ▓ █ ·",
    "     · · · · · · · · · · ▒ ▓",
    "Wed  · · · · · · · · · ▒ ·",
    "     · · · · · · · · · · ·",
    "Fri  · · · · · · · · · · ·",
    "     · · · · · · · · · · ·",
    "Sun  · · · · · · · · · · ·",
]
LEGEND = "     · none  ░ under 5 min  ▒ 5-9  ▓ 10-19  █ 20 or more"
STREAK = "Streak: 1 day (longest 2)  ·  5 sessions, 1:43:15 in all"
WEEKS = [
    "Week by week (goal: 5 a week)",
    "week of    sessions  pain before      pain after",
    "09 Nov     ●●○○○  2  ████████··  8.0  ███████···  7.0",
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
            "when              routine              time  status       pain",
            "─" * 65,
            "Tue 24 Nov 08:05  upper-back          15:00  completed    -",
            "Tue 17 Nov 07:05  upper-back           6:00  stopped      ? → 3",
            "Mon 16 Nov 18:05  desk-break        1:02:03  interrupted  5 → ?",
            "Wed 11 Nov 07:05  back-pain-relief     5:12  completed    6 → 4",
            "Mon 09 Nov 07:05  upper-back          15:00  completed    10 → 10",
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
        "when              routine         time  status       pain",
        "─" * 60,
        "Tue 24 Nov 08:05  upper-back     15:00  completed    -",
        "Tue 17 Nov 07:05  upper-back      6:00  stopped      ? → 3",
        "Mon 16 Nov 18:05  desk-break   1:02:03  interrupted  5 → ?",
        "Wed 11 Nov 07:05  back-pain-…     5:12  completed    6 → 4",
        "Mon 09 Nov 07:05  upper-back     15:00  completed    10 → 10",
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
        "when                 time  pain",
        "─" * 34,
        "Tue 24 Nov 08:05    15:00  -",
        "  upper-back, completed",
        "Tue 17 Nov 07:05     6:00  ? → 3",
        "  upper-back, stopped",
        "Mon 16 Nov 18:05  1:02:03  5 → ?",
        "  desk-break, interrupted",
        "Wed 11 Nov 07:05     5:12  6 → 4",
        "  back-pain-relief, completed",
        "Mon 09 Nov 07:05    15:00  10 → 10",
        "  upper-back, completed",
        "",
        "Streak: 1 day (longest 2)",  # parts that do not fit go whole on the next line
        "5 sessions, 1:43:15 in all",
        "",
        *CALENDAR,
        "     · none  ░ under 5 min  ▒ 5-9",
        "     ▓ 10-19  █ 20 or more",
        "",
        "Week by week (goal: 5 a week)",
        "week of    sessions  pain",  # the bars left out: before → after
        "09 Nov     ●●○○○  2  8.0 → 7.0",
        "16 Nov     ●●○○○  2  5.0 → 3.0",
        "this week  ●○○○○  1  -",
    ]


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


@given(recent(), st.integers(40, 160))
def test_no_number_of_a_session_is_ever_cut(found: list[Session], width: int) -> None:
    lines = _drawn(sessions_table(found), width)
    assert all(cell_len(line) <= width for line in lines)  # a wide character takes two
    rows = iter(lines[2:])
    for shown in found:
        line = next(rows)
        for number in (
            shown.started_at.strftime("%a %d %b %H:%M"),
            clock(shown.seconds),
            pain_text(shown.pain_before, shown.pain_after),
        ):
            assert number in line
        if lines[0].split()[1:2] != ["routine"]:
            next(rows)  # the routine and status, on their own line


@st.composite
def days(draw: st.DrawFn) -> list[Day]:
    """Some days of this week and the seven before, each with sessions and any ratings."""
    chosen = draw(st.sets(st.integers(0, 7 * 7), min_size=1, max_size=50))
    found = []
    for back in sorted(chosen, reverse=True):
        sessions = draw(st.integers(1, 30))
        before, after = (draw(st.integers(0, sessions)) for _ in range(2))
        ratings = (Sum(draw(st.integers(0, 10 * n)), n) for n in (before, after))
        day = NOON.date() - timedelta(days=back)
        found.append(Day(day, sessions, sessions, sessions, 600.0, 600.0, *ratings))
    return found


@given(days(), st.integers(1, 30), st.integers(40, 160))
def test_no_weekly_number_is_ever_cut(found: list[Day], goal: int, width: int) -> None:
    lines = _drawn(weekly(found, NOON.date(), goal), width)
    assert all(cell_len(line) <= width and "…" not in line for line in lines)
    first = found[0].day - timedelta(days=found[0].day.weekday())
    for line, week in zip(lines[1:], by_week(found, first, NOON.date()), strict=False):
        cells = line.split()
        assert cells[:2] == (
            ["this", "week"] if week.monday == MONDAY else week.monday.strftime("%d %b").split()
        )
        assert str(week.sessions) in cells
        means = [f"{mean:.1f}" for mean in (week.pain_before, week.pain_after) if mean is not None]
        assert [cell for cell in cells if "." in cell] == means
