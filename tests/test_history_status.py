"""`stretch history`'s status words, whole at any width: how a run changed its routine
(`--only`, `--skip`, `--scale`, `--minutes`), said as the report says it, and never cut, with
ids of any length (ten thousand sessions and more)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from stretchcli.records import ExerciseResult, Session, changes_said
from stretchcli.views.history import sessions_table
from tests.conftest import Stretch
from tests.test_history import NOON, _drawn, db_path, store
from tests.test_history_view import STATUSES, names, pains, session_blocks


def made(
    ident: int,
    routine: str,
    status: str,
    options: dict[str, object],
    seconds: float,
    pain: tuple[int | None, int | None] = (None, None),
    days_back: int = 1,
) -> Session:
    return Session(
        id=ident,
        routine=routine,
        started_at=NOON - timedelta(days=days_back),
        ended_at=None,
        status=status,  # type: ignore[arg-type]
        seconds=seconds,
        pain_before=pain[0],
        pain_after=pain[1],
        options=options,
        last_step=None,
        exercises=(),
    )


def five_digits(first_seconds: float, first_pain: tuple[int, int]) -> list[Session]:
    """Four sessions of a history past ten thousand, newest first."""
    return [
        made(12345, "back-pain-relief", "completed", {"only": ["chin-tuck"]}, first_seconds,
             first_pain, 1),
        made(12344, "upper-back", "interrupted", {"skip": ["chin-tuck"]}, 600, days_back=2),
        made(12343, "desk-break", "completed", {"scale": 0.25}, 225, (5, None), 3),
        made(9999, "upper-back", "stopped", {}, 60, days_back=4),
    ]  # fmt: skip


def test_at_40_columns_five_digit_ids_keep_each_status_whole_on_a_line_of_its_own() -> None:
    assert _drawn(sessions_table(five_digits(312, (6, 4)), NOON.year), 40) == [
        "   id  when               time  pain",
        "─" * 37,
        "12345  Mon 23 Nov 12:00   5:12  6 → 4",
        "       back-pain-relief",
        "       completed (chosen steps only)",
        "12344  Sun 22 Nov 12:00  10:00  -",
        "       upper-back",
        "       interrupted (steps left out)",
        "12343  Sat 21 Nov 12:00   3:45  5 → ?",
        "       desk-break",
        "       completed (doses ×0.25)",
        " 9999  Fri 20 Nov 12:00   1:00  -",
        "       upper-back, stopped",  # both fit: one line
    ]


def test_at_40_columns_with_the_numbers_under_the_date_the_status_still_shows_whole() -> None:
    assert _drawn(sessions_table(five_digits(36000, (10, 9)), NOON.year), 40) == [
        "   id  when",
        "           time  pain",
        "─" * 40,
        "12345  Mon 23 Nov 12:00",
        "       10:00:00  10 → 9  back-pain-reli…",  # the routine may be cut, never the status
        "       completed (chosen steps only)",
        "12344  Sun 22 Nov 12:00",
        "          10:00  -       upper-back",
        "       interrupted (steps left out)",
        "12343  Sat 21 Nov 12:00",
        "           3:45  5 → ?   desk-break",
        "       completed (doses ×0.25)",
        " 9999  Fri 20 Nov 12:00",
        "           1:00  -       upper-back",
        "       stopped",
    ]


def test_a_status_longer_than_the_room_wraps_at_its_words() -> None:
    every = {"scale": 0.25, "minutes": 120, "skip": ["chin-tuck"]}
    found = [made(1234567, "upper-back", "interrupted", every, 36000, (10, 10))]
    assert _drawn(sessions_table(found, NOON.year), 40) == [
        "     id  when",
        "             time  pain",
        "─" * 38,
        "1234567  Mon 23 Nov 12:00",
        "         10:00:00  10 → 10  upper-back",
        "         interrupted (doses ×0.25,",
        "         fitted to 120 min, steps left",
        "         out)",
    ]


def test_with_too_little_room_beside_the_numbers_the_routine_gets_a_line_of_its_own() -> None:
    found = [made(123456789012, "back-pain-relief", "completed", {"only": ["chin-tuck"]},
                  36000, (10, 10))]  # fmt: skip
    assert _drawn(sessions_table(found, NOON.year), 40) == [
        "          id  when",
        "                  time  pain",
        "─" * 37,
        "123456789012  Mon 23 Nov 12:00",
        "              10:00:00  10 → 10",
        "              back-pain-relief",
        "              completed (chosen steps",
        "              only)",
    ]


def test_a_wide_terminal_keeps_a_session_a_line_with_its_scale() -> None:
    assert _drawn(sessions_table(five_digits(312, (6, 4)), NOON.year), 100) == [
        "   id  when              routine            time  status                         pain",
        "─" * 86,
        "12345  Mon 23 Nov 12:00  back-pain-relief   5:12  completed (chosen steps only)  6 → 4",
        "12344  Sun 22 Nov 12:00  upper-back        10:00  interrupted (steps left out)   -",
        "12343  Sat 21 Nov 12:00  desk-break         3:45  completed (doses ×0.25)        5 → ?",
        " 9999  Fri 20 Nov 12:00  upper-back         1:00  stopped                        -",
    ]


def test_history_says_a_scaled_session_as_the_report_does(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history, _ = store(db_path(isolated))
    history.now = lambda: NOON - timedelta(hours=2)
    done = [ExerciseResult("thoracic-rotation", "done", 1, 1)]
    ident = history.start("upper-back", {"scale": 0.25, "minutes": 10}, done, None)
    history.now = lambda: NOON - timedelta(hours=1)
    history.finish(ident, "completed", 150, done, 0)
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = stretch("history", wall=NOON)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:4] == [
        "id  when              routine     time  status                                     pain",
        "─" * 87,
        " 1  Tue 24 Nov 10:00  upper-back  2:30  completed (doses ×0.25, fitted to 10 min)  -",
    ]
    code, out, _ = stretch("report", "--format", "md", wall=NOON)
    assert "completed (doses ×0.25, fitted to 10 min)" in out


# --- Any sessions, any width, ids of any length ----------------------------------------------

OPTIONS: list[dict[str, object]] = [
    {},
    {"only": ["chin-tuck"]},
    {"skip": ["chin-tuck"]},
    {"scale": 0.25},
    {"scale": 4, "only": ["chin-tuck"]},
    {"scale": 0.5, "minutes": 120, "skip": ["chin-tuck"]},
]


@st.composite
def changed(draw: st.DrawFn) -> list[Session]:
    """Up to ten sessions, newest first, with ids of 1 to 12 digits and runs that changed
    their routine every way a run can."""
    count = draw(st.integers(1, 10))
    digits = draw(st.integers(1, 12))
    return [
        made(
            draw(st.integers(10 ** (digits - 1), 10**digits - 1)),
            draw(names),
            draw(st.sampled_from(STATUSES)),
            draw(st.sampled_from(OPTIONS)),
            draw(st.floats(0, 10 * 3600)),
            (draw(pains), draw(pains)),
            n,
        )
        for n in range(count)
    ]


def _status(session: Session) -> str:
    changes = changes_said(session.options)
    return f"{session.status} ({changes})" if changes else session.status


@given(changed(), st.integers(40, 160))
def test_every_status_is_read_whole_at_any_width(found: list[Session], width: int) -> None:
    lines = _drawn(sessions_table(found, NOON.year), width)
    assert all(cell_len(line) <= width for line in lines)
    indent = max(2, *(len(str(s.id)) for s in found)) + 2  # the ids' column and a gap
    for shown, block in zip(found, session_blocks(lines, found), strict=True):
        status = _status(shown)
        flat = re.sub(r"\s+", " ", " ".join(block))
        assert f" {status}" in flat, (status, block)
        if indent + len(status) <= width:  # room for it on a line: there, whole
            assert any(status in line for line in block), (status, block)


@given(changed())
def test_wider_never_takes_more_lines_with_any_status(found: list[Session]) -> None:
    sizes = [len(_drawn(sessions_table(found, NOON.year), width)) for width in range(40, 161, 6)]
    assert sizes == sorted(sizes, reverse=True)
