"""The earliest moment a session can be is 2000-01-01 00:00 UTC, whatever offset a time is
written with (issue 23): the history stores UTC, so what an import takes its export writes and
an import takes again. A time at 00:30+01:00 on 1 Jan 2000 is 23:30 UTC on 31 Dec 1999 and is
refused saying so in UTC (before, "2000-01-01T00:30:00+01:00 is before 2000" read as
nonsense). `--since` takes the day that moment falls on in the user's zone: every day a
session can be shown on can be asked for, and no earlier one."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.export_file import FORMAT
from stretchcli.history.importable import refusal
from stretchcli.moments import EARLIEST
from stretchcli.words import SinceError, first_day, parse_since
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import record

BEFORE = "is before 2000 (2000-01-01 00:00 UTC, the earliest a session can be)"


def written(path: Path, *lines: str) -> Path:
    path.write_text(json.dumps(FORMAT) + "\n" + "".join(lines), encoding="utf-8")
    return path


def test_half_past_midnight_on_new_year_2000_an_hour_east_is_refused_in_utc(
    stretch: Stretch, tmp_path: Path
) -> None:
    at = datetime(2000, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    source = written(tmp_path / "in.jsonl", record("a" * 32, at))
    code, out, err = stretch("history", "import", str(source))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"stretch: {source}:2: started_at: 2000-01-01T00:30:00+01:00 {BEFORE}"
    )


def test_the_earliest_moment_goes_through_import_and_export_in_any_offset(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    east = EARLIEST.astimezone(timezone(timedelta(hours=14)))
    west = EARLIEST.astimezone(timezone(timedelta(hours=-12)))
    source = written(tmp_path / "in.jsonl", record("a" * 32, east), record("b" * 32, west))
    assert stretch("history", "import", str(source)).out == (
        "imported 2 sessions; 0 already there\n"
    )
    exported = tmp_path / "out.jsonl"
    assert stretch("history", "export", "-o", str(exported)) == (
        0,
        "",
        f"stretch: history written to {exported}\n",
    )
    monkeypatch.setenv("STRETCH_STATE_DIR", str(tmp_path / "other"))
    assert stretch("history", "import", str(exported)).out == (
        "imported 2 sessions; 0 already there\n"
    )


OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(offset=OFFSETS, seconds=st.integers(-3 * 86400, 3 * 86400), strict=st.booleans())
def test_import_takes_a_moment_from_the_earliest_on_whatever_its_offset(
    offset: timezone, seconds: int, strict: bool
) -> None:
    """The fast reader and the strict one (an escape in the line sends it there) agree."""
    at = (EARLIEST + timedelta(seconds=seconds)).astimezone(offset)
    line = record("c" * 32, at).strip()
    if strict:
        line = line.replace('"note":null', '"note":"caf\\u00e9"')
    why = refusal(line, NOW)
    if seconds >= 0:
        assert why == ""
    else:
        assert why == f"started_at: {at.isoformat()} {BEFORE}"


@pytest.fixture
def zone() -> Iterator[None]:
    yield
    time.tzset()  # the suite's zone, put back by its own fixture


ZONES = [
    "Pacific/Kiritimati",
    "Asia/Kolkata",
    "Europe/Berlin",
    "UTC",
    "America/New_York",
    "Pacific/Pago_Pago",
    "Etc/GMT+12",
    "Australia/Lord_Howe",
]


@pytest.mark.usefixtures("zone")
@pytest.mark.parametrize("name", ZONES)
def test_since_takes_the_day_the_earliest_moment_is_shown_on_and_no_earlier(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", name)
    time.tzset()
    shown = EARLIEST.astimezone(ZoneInfo(name)).date()
    assert first_day() == shown
    today = NOW.date()
    assert parse_since(shown.isoformat(), today) == shown
    with pytest.raises(SinceError) as refused:
        parse_since((shown - timedelta(days=1)).isoformat(), today)
    assert str(refused.value) == (
        f"{shown - timedelta(days=1)} is before {shown}: no session can be that old (the "
        "earliest is 2000-01-01 00:00 UTC)"
    )
    assert shown in (date(1999, 12, 31), date(2000, 1, 1))
