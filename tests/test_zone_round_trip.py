"""Export -> import round-trips under any TZ (attack 6, F1): a zone whose offsets an import
refuses (seconds, or beyond -12:00..+14:00, in standard or in summer time) is used as a zone
the C library cannot read: as UTC, so every moment is written with an offset import takes."""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli import exported
from stretchcli.clock import OFFSETS, settle_zone, usable_offset
from stretchcli.columns import local_time, stored_time
from stretchcli.history import local
from stretchcli.history.export_file import SESSIONS_ONLY
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import record

NAMES = st.one_of(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=5),
    st.builds(lambda n: f"<{n}>", st.text("+-0123456789ABC", min_size=3, max_size=6)),
)


@st.composite
def offsets(draw: st.DrawFn) -> str:
    """A POSIX offset: hours, maybe minutes, maybe seconds, maybe a sign."""
    text = draw(st.sampled_from(["", "+", "-"])) + str(draw(st.integers(0, 25)))
    if draw(st.booleans()):
        text += f":{draw(st.integers(0, 59)):02}"
        if draw(st.booleans()):
            text += f":{draw(st.integers(0, 59)):02}"
    return text


RULES = st.sampled_from(
    ["", ",M3.2.0,M11.1.0", ",M2.1.0,M3.1.0", ",J60/2,J61/3", ",M10.1.0,M4.1.0/3", ",0/0,J365/25"]
)


@st.composite
def posix_zones(draw: st.DrawFn) -> str:
    """A POSIX TZ string: a standard time, maybe a summer time with its own offset and rule."""
    zone = draw(NAMES) + draw(offsets())
    if draw(st.booleans()):
        zone += draw(NAMES) + draw(st.one_of(st.just(""), offsets())) + draw(RULES)
    return zone


MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 2), max_value=(NOW - timedelta(days=2)).replace(tzinfo=None)
).map(lambda moment: moment.replace(tzinfo=UTC))


@pytest.fixture
def zone_of_test() -> Iterator[None]:
    saved = os.environ["TZ"]
    yield
    os.environ["TZ"] = saved
    time.tzset()


def in_zone(zone: str) -> None:
    """The process in `zone`, settled as `stretch` settles it."""
    os.environ["TZ"] = zone
    time.tzset()
    settle_zone(os.environ)
    local.fresh()


def test_the_offsets_a_zone_may_keep_are_those_an_import_takes() -> None:
    assert tuple(timedelta(seconds=bound) for bound in OFFSETS) == exported.OFFSETS


@given(st.integers(-2 * 86400, 2 * 86400))
def test_a_usable_offset_is_one_an_export_may_carry(east: int) -> None:
    if abs(east) >= 86400:  # no datetime holds it
        assert not usable_offset(east)
        return
    moment = datetime(2026, 1, 1, tzinfo=UTC).astimezone(timezone(timedelta(seconds=east)))
    assert usable_offset(east) == exported.zone_offset(moment)


@pytest.mark.usefixtures("zone_of_test")
@settings(max_examples=300)
@given(zone=posix_zones(), moment=MOMENTS)
def test_every_moment_is_shown_with_an_offset_an_import_takes(zone: str, moment: datetime) -> None:
    in_zone(zone)
    stored = stored_time(moment)
    for shown in (local_time(stored).isoformat(), local.local_text(stored)):
        assert isinstance(shown, str)
        assert exported.moment(shown) == moment, (zone, os.environ["TZ"], shown)


@pytest.mark.usefixtures("zone_of_test")
@pytest.mark.parametrize(
    "zone",
    [
        "UTC-14:59:59",
        "<+1430>-14:30",
        "<-1230>12:30",
        "UTC-00:00:01",
        "AAA-1BBB-1:00:30,M2.1.0,M3.1.0",
    ],
)
def test_a_zone_no_place_has_is_used_as_utc(zone: str) -> None:
    in_zone(zone)
    assert os.environ["TZ"] == "UTC"
    assert datetime.now().astimezone().utcoffset() == timedelta(0)


@pytest.mark.usefixtures("zone_of_test")
@pytest.mark.parametrize(
    "zone", ["Pacific/Kiritimati", "Asia/Kathmandu", "UTC+12", "<+1345>-13:45"]
)
def test_a_zone_some_place_has_is_kept(zone: str) -> None:
    in_zone(zone)
    assert os.environ["TZ"] == zone


def export_and_import(stretch: Stretch, folder: Path, moment: datetime) -> list[str]:
    """One session at `moment` imported, exported, and imported into another history: the
    starts the other history holds, as `history export` writes them."""
    given_file = folder / "in.jsonl"
    given_file.write_text(json.dumps(SESSIONS_ONLY) + "\n" + record(uuid.uuid4().hex, moment))
    assert stretch("history", "import", str(given_file)).code == 0
    out = folder / "out.jsonl"
    assert stretch("history", "export", "-o", str(out)).code == 0
    os.environ["STRETCH_STATE_DIR"] = str(folder / "other")
    code, _, err = stretch("history", "import", str(out))
    assert (code, err) == (0, "")
    again = folder / "again.jsonl"
    assert stretch("history", "export", "-o", str(again)).code == 0
    assert again.read_text() == out.read_text()
    return [json.loads(line)["started_at"] for line in out.read_text().splitlines()[1:]]


@pytest.mark.usefixtures("zone_of_test")
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=posix_zones(), moment=MOMENTS)
def test_an_export_made_in_any_zone_is_imported_whole(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, zone: str, moment: datetime
) -> None:
    monkeypatch.setenv("STRETCH_STATE_DIR", os.environ["STRETCH_STATE_DIR"])  # put back after
    in_zone(zone)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["STRETCH_STATE_DIR"] = str(Path(folder) / "state")
        starts = export_and_import(stretch, Path(folder), moment)
    assert [datetime.fromisoformat(start) for start in starts] == [moment]


@pytest.mark.usefixtures("zone_of_test")
def test_the_attack_zones_export_what_import_takes(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    moment = datetime(2026, 10, 5, 10, 59, 59, 999999, tzinfo=UTC)
    monkeypatch.setenv("STRETCH_STATE_DIR", os.environ["STRETCH_STATE_DIR"])
    for i, zone in enumerate(["UTC-14:59:59", "<+1430>-14:30", "<-1230>12:30", "UTC-00:00:01"]):
        in_zone(zone)
        folder = tmp_path / str(i)
        folder.mkdir()
        os.environ["STRETCH_STATE_DIR"] = str(folder / "state")
        assert export_and_import(stretch, folder, moment) == ["2026-10-05T10:59:59.999999+00:00"]
