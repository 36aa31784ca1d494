"""`--since` and `--routine` of `history` and `report`: the same values, read by one parser,
said alike by --help and TAB; an unknown routine named with the closest known one."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.cli.params import since
from stretchcli.errors import UsageError
from stretchcli.history.store import History
from stretchcli.text import shows_as_is
from stretchcli.words import FIRST_DAY, MAX_DAYS, SinceError, parse_since
from tests.conftest import Stretch
from tests.test_completion import complete
from tests.test_history import NOON, db_path, seed, store

TODAY = NOON.date()  # Tuesday 24 Nov 2026
FORMS = "give weeks like 6w, days like 30d, or a date like 2026-11-02"
COMMANDS = ("history", "report")


@pytest.fixture
def sessions(isolated: Path) -> History:
    """A session a day from Monday 2 Nov to today, of upper-back; one of a routine whose
    file is gone (`old-favourite`) on 10 Nov."""
    history, _ = store(db_path(isolated))
    for back in range(23):
        seed(history, NOON - timedelta(days=back, hours=4), 5)
    seed(history, NOON - timedelta(days=14), 5, routine="old-favourite")
    return history


# --- One parser ------------------------------------------------------------------------------

days = st.dates(date(2001, 1, 1), date(2090, 12, 31))


@given(days, st.integers(1, MAX_DAYS // 7))
def test_weeks_start_on_the_monday_so_many_weeks_back(today: date, weeks: int) -> None:
    first = parse_since(f"{weeks}w", today)
    assert first.weekday() == 0
    assert (weeks - 1) * 7 <= (today - first).days < weeks * 7


@given(days, st.integers(1, MAX_DAYS))
def test_days_count_today_as_the_first(today: date, count: int) -> None:
    assert (today - parse_since(f"{count}d", today)).days == count - 1


@given(days, st.integers(0, MAX_DAYS - 1))
def test_a_date_is_that_day(today: date, back: int) -> None:
    day = today - timedelta(days=back)
    if day < FIRST_DAY:
        with pytest.raises(SinceError, match="no session can be that old"):
            parse_since(day.isoformat(), today)
    else:
        assert parse_since(day.isoformat(), today) == day


@given(days, st.integers(MAX_DAYS + 1, 10**40), st.sampled_from("dw"), st.integers(0, 3))
def test_every_well_formed_count_out_of_range_says_the_range(
    today: date, count: int, unit: str, zeros: int
) -> None:
    # Attack 13: '10000d' and '99999999w' said "cannot read" while '9999d' said the range.
    text = "0" * zeros + f"{count // 7 + 1 if unit == 'w' else count}{unit}"
    with pytest.raises(SinceError) as raised:
        parse_since(text, today)
    assert str(raised.value) == f"'{text}' is not from 1d to {MAX_DAYS // 7}w"


@given(days, st.text(max_size=12))
def test_anything_else_is_refused_in_one_line_never_a_crash(today: date, text: str) -> None:
    try:
        first = since(text, today)
    except UsageError as exc:
        assert exc.line().startswith("--since: ") and exc.line().endswith(f"({FORMS})")
        assert all(map(shows_as_is, exc.line()))  # nothing that acts on a terminal
    else:
        assert date(2000, 1, 1) <= first <= today


@pytest.mark.parametrize(
    ("since", "first"),
    [
        ("6w", date(2026, 10, 19)),  # this week and the five before, from a Monday
        ("1w", date(2026, 11, 23)),
        ("30d", date(2026, 10, 26)),
        ("1d", TODAY),
        (" 2W ", date(2026, 11, 16)),
        ("2026-11-02", date(2026, 11, 2)),
        ("2000-01-01", date(2000, 1, 1)),
        ("2016-11-01", date(2016, 11, 1)),
    ],
)
def test_since_examples(since: str, first: date) -> None:
    """Any date from 2000 on, the first day import takes a session from (a date 10 years
    back was refused, while import took sessions older than that)."""
    assert parse_since(since, TODAY) == first


# --- The same values in both commands -------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "first"),
    [("1w", "2026-11-23"), ("10d", "2026-11-15"), ("2026-11-20", "2026-11-20")],
)
def test_history_and_report_start_on_the_same_day(
    stretch: Stretch, sessions: History, since: str, first: str
) -> None:
    code, out, err = stretch("history", "--json", "--since", since, wall=NOON)
    assert (code, err) == (0, "")
    assert json.loads(out)[0]["started_at"].startswith(first)
    code, out, err = stretch("report", "--format", "json", "--since", since, wall=NOON)
    assert (code, err) == (0, "")
    assert json.loads(out)["period"]["from"] == first


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("since", "said"),
    [
        ("soon", "--since: cannot read 'soon'"),
        ("2026-02-30", "--since: 2026-02-30 is not a date: February 2026 has 28 days"),
        ("6 weeks", "--since: cannot read '6 weeks'"),
        ("0w", "--since: '0w' is not from 1d to 522w"),
        ("9999d", "--since: '9999d' is not from 1d to 522w"),
        ("10000d", "--since: '10000d' is not from 1d to 522w"),
        ("99999999w", "--since: '99999999w' is not from 1d to 522w"),
        ("0000d", "--since: '0000d' is not from 1d to 522w"),
        ("2026-11-25", "--since: 2026-11-25 is after today"),
        (
            "1999-12-31",
            "--since: 1999-12-31 is before 2000-01-01: no session can be that old (the earliest "
            "is 2000-01-01 00:00 UTC)",
        ),
    ],
)
def test_a_bad_since_is_one_line_naming_the_option_and_its_forms(
    stretch: Stretch, command: str, since: str, said: str
) -> None:
    assert stretch(command, "--since", since, wall=NOON) == (
        2,
        "",
        f"stretch: {said} ({FORMS})\n",
    )


SINCE_HELP = (
    "6w (this week and the five before, from a Monday), 30d (today and the 29 days before), "
    "or a date like 2026-11-02."
)


@pytest.mark.parametrize(("command", "lead"), [("history", "Only sessions from then on:"),
                                               ("report", "From when:")])  # fmt: skip
def test_help_and_tab_say_the_same_forms(
    stretch: Stretch, runner: CliRunner, command: str, lead: str
) -> None:
    out = stretch(command, "--help").out
    option = out[out.index("--since WHEN") + len("--since WHEN") : out.index("--routine")]
    assert " ".join(option.split()).startswith(f"{lead} {SINCE_HELP}")
    line = f"stretch {command} --since "
    fish = {"_STRETCH_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_FISH_ACTION": "get-args"}  # fmt: skip
    assert runner.invoke(app, [], env=fish).stdout.splitlines() == [
        "6w\tThis week and the five before, from a Monday.",
        "30d\tToday and the 29 days before.",
    ]
    assert complete(runner, line) == ["plain,6w", "plain,30d"]
    assert complete(runner, line + "3") == ["plain,30d"]


# --- An unknown routine -----------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("routine", "hint"),
    [
        ("uper-back", "did you mean 'upper-back'?"),  # a file's
        ("old-favourit", "did you mean 'old-favourite'?"),  # only in the history
        ("xyzzy", "see `stretch list`"),
    ],
)
def test_an_unknown_routine_is_an_error_with_the_closest_known(
    stretch: Stretch, sessions: History, command: str, routine: str, hint: str
) -> None:
    assert stretch(command, "--routine", routine, wall=NOON) == (
        1,
        "",
        f"stretch: no routine named '{routine}' ({hint})\n",
    )


@pytest.mark.parametrize("routine", ["upper-back", "old-favourite"])
def test_a_routine_of_the_files_or_of_the_history_is_known(
    stretch: Stretch, sessions: History, routine: str
) -> None:
    code, out, err = stretch("history", "--json", "--routine", routine, wall=NOON)
    assert (code, err) == (0, "")
    assert {s["routine"] for s in json.loads(out)} == {routine}
    code, out, err = stretch("report", "--format", "json", "--routine", routine, wall=NOON)
    assert (code, err) == (0, "")
    assert json.loads(out)["routine"] == routine


def test_a_routine_without_sessions_is_no_error(stretch: Stretch, sessions: History) -> None:
    assert stretch("history", "--routine", "desk-break", wall=NOON) == (
        0,
        "No sessions of desk-break yet. Start one with: stretch run desk-break\n",
        "",
    )
    assert stretch("history", "--since", "2026-11-24", "--routine", "old-favourite", wall=NOON) == (
        0,
        "No sessions of old-favourite since 24 Nov.\n",
        "",
    )
    code, out, err = stretch("report", "--routine", "desk-break", "--format", "json", wall=NOON)
    assert (code, err, json.loads(out)["totals"]["sessions"]) == (0, "", 0)


def test_a_routine_in_an_empty_history_is_checked_against_the_files(stretch: Stretch) -> None:
    assert stretch("history", "--routine", "desk-brake", wall=NOON) == (
        1,
        "",
        "stretch: no routine named 'desk-brake' (did you mean 'desk-break'?)\n",
    )
    assert stretch("report", "--routine", "desk-break", wall=NOON).code == 0
