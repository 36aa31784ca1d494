"""`history import` takes a time only in the form a run writes (`datetime.isoformat`:
YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM); the other forms ISO 8601 and Python read are refused in
one line naming that form (attack 11, A12). The fast path and the strict reader agree."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli import exported
from stretchcli.exported import Refused
from stretchcli.history import fast_lines
from stretchcli.moments import AHEAD, EARLIEST
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import header, record

LOOSE = [
    "20261102T083000+0100",  # basic format
    "2026-W45-1T08:30:00+01:00",  # a week date
    "2026-11-02 08:30:00+01:00",  # a space
    "2026-11-02t08:30:00+01:00",  # a lowercase t
    "2026-11-02T08+01:00",  # the hour alone
    "2026-11-02T08:30:00,5+01:00",  # a comma
    "2026-11-02T08:30:00.1234567+01:00",  # 7 digits of a second
    "2026-11-02T08:30:00.123+01:00",  # 3 digits
    "2026-11-02T08:30:00+01",  # an offset in hours
    "2026-11-02T08:30:00-00:00",  # "unknown" offset
    "2026-11-02T08:30+01:00",  # no seconds
]
FORM = "YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM, as an export writes it: 2026-11-24T08:30:00+01:00"


@pytest.mark.parametrize("loose", LOOSE)
def test_a_time_in_a_form_no_run_writes_is_refused_in_one_line(
    stretch: Stretch, tmp_path: Path, loose: str
) -> None:
    line = json.loads(record("b" * 32, datetime(2026, 11, 2, 7, 30, tzinfo=UTC)))
    line["started_at"] = loose
    source = tmp_path / "loose.jsonl"
    source.write_text(header() + json.dumps(line) + "\n")
    assert stretch("history", "import", str(source), wall=NOW) == (
        1,
        "",
        f"stretch: {source}:2: started_at: expected a date and time written {FORM}, "
        f'got "{loose}"\n'
        f"stretch: {source}: nothing was imported (1 bad line) (the history is as it was)\n",
    )


OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
MOMENTS = st.datetimes(datetime(2000, 1, 2), datetime(2026, 11, 1), timezones=OFFSETS)


@given(MOMENTS)
def test_every_time_a_run_writes_is_read_both_ways_alike(moment: datetime) -> None:
    written = moment.isoformat()
    assert exported.moment(written) == moment
    fast = fast_lines._moment(written, EARLIEST, NOW + AHEAD)
    assert fast is not None and fast[1] == moment


def _loosened(moment: datetime, how: int) -> str:
    written = moment.isoformat()
    return [
        written.replace("T", " "),
        written.replace("T", "t"),
        written.replace("-", "", 2).replace(":", "", 2),
        written[:-6] + written[-6:].replace(":", ""),
        written[:-3] if written.endswith(":00") else written + "0",
        written.replace("+00:00", "-00:00") if written.endswith("+00:00") else written + "Z",
    ][how]


@given(MOMENTS, st.integers(0, 5))
def test_a_form_no_run_writes_is_refused_both_ways(moment: datetime, how: int) -> None:
    loose = _loosened(moment, how)
    with pytest.raises(Refused):
        exported.moment(loose)
    assert fast_lines._moment(loose, EARLIEST, NOW + AHEAD) is None


@given(st.text(st.sampled_from("0123456789-+:.T tWZ,"), max_size=40))
def test_what_the_fast_path_takes_the_strict_reader_takes(text: str) -> None:
    if fast_lines._moment(text, EARLIEST, NOW + AHEAD) is not None:
        exported.moment(text)  # no Refused
