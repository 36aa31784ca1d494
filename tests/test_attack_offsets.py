"""Import takes only offsets a zone has (issue 23, class 2): a run writes its zone's offset,
whole minutes from -12:00 to +14:00; any other is refused by line and key, the same by the
strict reader and the fast way through an import."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli import exported
from stretchcli.history import fast_lines
from stretchcli.history.export_file import FORMAT
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_fast_lines import LATEST, strict
from tests.test_records import GOOD
from tests.test_sync import record

EARLIEST = datetime.fromisoformat("2000-01-01T00:00:00+00:00")
TIME = "a date and time with its offset, such as 2026-11-24T08:30:00+01:00"
WANTED = f"{TIME}, its offset whole minutes from -12:00 to +14:00"


def offset_text(seconds: int) -> str:
    """An ISO 8601 offset of `seconds` (with seconds when it has them)."""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02}:{minutes:02}" + (f":{seconds:02}" if seconds else "")


# Offsets ISO 8601 can write (under a day), within the range and outside it, whole minutes or not.
OFFSETS = st.integers(-86399, 86399) | st.sampled_from([-43200, -43260, 50400, 50460, 86340])


def allowed(seconds: int) -> bool:
    return seconds % 60 == 0 and -12 * 3600 <= seconds <= 14 * 3600


@settings(max_examples=200, deadline=None)
@given(OFFSETS)
def test_only_a_zones_offset_is_read(seconds: int) -> None:
    value = "2026-11-24T08:30:00" + offset_text(seconds)
    if allowed(seconds):
        assert exported.moment(value).utcoffset() == timedelta(seconds=seconds)
    else:
        with pytest.raises(exported.Refused) as refused:
            exported.moment(value)
        assert str(refused.value) == f'expected {WANTED}, got "{value}"'


@settings(max_examples=200, deadline=None)
@given(OFFSETS, st.booleans())
def test_the_fast_way_and_the_strict_reader_agree_on_offsets(seconds: int, ended: bool) -> None:
    data = json.loads(json.dumps(GOOD.exported()))
    at = datetime.fromisoformat(data["started_at"]).replace(tzinfo=None)
    data["ended_at" if ended else "started_at"] = at.isoformat() + offset_text(seconds)
    line = json.dumps(data)
    fast = fast_lines.session(line, EARLIEST, LATEST)
    slow = strict(2, line)
    if not allowed(seconds):
        assert (fast, slow) == (None, None)
    elif fast is not None:
        assert fast[:3] == slow[:3]  # type: ignore[index]


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["+23:59", "+05:30:15", "-12:01", "+14:01", "-00:00:01"]), st.booleans())
def test_an_offset_no_zone_has_is_refused_by_line_and_key(
    stretch: Stretch, tmp_path: Path, offset: str, ended: bool
) -> None:
    line = json.loads(record(uuid.uuid4().hex, NOW - timedelta(days=3)))
    key = "ended_at" if ended else "started_at"
    line[key] = (NOW - timedelta(days=3)).replace(tzinfo=None).isoformat() + offset
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(FORMAT) + "\n" + json.dumps(line) + "\n")
    code, out, err = stretch("history", "import", str(path))
    assert (code, out) == (1, "")
    wanted = WANTED if key == "started_at" else f"null or {WANTED}"
    assert err.splitlines()[0] == f'stretch: {path}:2: {key}: expected {wanted}, got "{line[key]}"'


ZONES = sorted(available_timezones())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), st.datetimes(datetime(2000, 1, 1), datetime(2026, 12, 31)))
def test_every_offset_a_zone_has_had_since_2000_is_read(zone: str, at: datetime) -> None:
    local = at.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
    assert exported.zone_offset(local), (zone, local.isoformat())


def test_the_range_is_exactly_what_zones_reach() -> None:
    """Its ends are offsets zones have: -12:00 (Etc/GMT+12) and +14:00 (Pacific/Kiritimati)."""
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    low = winter.astimezone(ZoneInfo("Etc/GMT+12"))
    high = winter.astimezone(ZoneInfo("Pacific/Kiritimati"))
    assert (low.utcoffset(), high.utcoffset()) == exported.OFFSETS
    assert exported.zone_offset(low) and exported.zone_offset(high)
