"""Time, one rule everywhere: sessions are stored in UTC, and every moment is shown with the
offset it had in the user's zone (the process's), never with today's; days, weeks, streaks,
the calendar and the report's weeks come from each moment's own local date. A moment no one
can have lived (before 2000, or more than a day ahead of the clock) is refused on import, and
a session the clock put in the future never silences reminders or stretches a report."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import tempfile
import time
from collections import Counter
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.columns import local_time, stored_time
from stretchcli.history import local
from stretchcli.history.bulk import Span
from stretchcli.history.damage import WHAT_TO_DO
from stretchcli.history.store import History
from stretchcli.records import ExerciseResult, Session
from stretchcli.report.model import Row
from stretchcli.safety import MORE, SHORT
from tests.conftest import Stretch
from tests.fakes import NOW, ZONE
from tests.system_fakes import FakeCommands
from tests.test_sync import record

BERLIN = ZoneInfo(ZONE)
# Now as the system's clock gives it: with today's offset (winter's), fixed.
CLOCK = NOW.astimezone(timezone(timedelta(hours=1), "CET"))
DONE = (ExerciseResult("rhomboid-stretch", "done", 2, 2),)


UTC_EARLIEST = "(2000-01-01 00:00 UTC, the earliest a session can be)"


def history_at(isolated: Path, now: datetime = NOW) -> History:
    return History(isolated / "state" / "history.sqlite3", print, lambda: now)


def stored(isolated: Path, *moments: datetime, routine: str = "desk-break") -> None:
    """Finished sessions of five minutes starting at `moments`, written as a run writes them
    (the clock of the run says the moment)."""
    history = history_at(isolated)
    for moment in moments:
        history.now = lambda moment=moment: moment  # type: ignore[misc]
        ident = history.start(routine, {}, DONE, 4)
        history.now = lambda moment=moment: moment + timedelta(minutes=5)  # type: ignore[misc]
        history.finish(ident, "completed", 300, DONE, 0)
    history.close()


def imported(isolated: Path, *moments: datetime, routine: str = "desk-break") -> None:
    """Sessions stored as they are, whatever their time (as an import did before the rule)."""
    history = history_at(isolated)
    history.add_sessions(
        [
            Session(
                id=0,
                routine=routine,
                started_at=moment,
                ended_at=moment,
                status="completed",
                seconds=300.0,
                pain_before=None,
                pain_after=None,
                options={},
                last_step=0,
                exercises=DONE,
                uid=f"{n:032x}",
            )
            for n, moment in enumerate(moments, 1)
        ]
    )
    history.close()


def report_json(stretch: Stretch, *args: str) -> dict[str, Any]:
    code, out, err = stretch("report", "--format", "json", *args, wall=CLOCK)
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


# --- every moment with its own offset --------------------------------------------------------


SUMMER_EIGHT = datetime(2026, 7, 1, 8, 0, tzinfo=BERLIN)  # 06:00 UTC; today is in winter


def test_a_summer_session_is_shown_at_its_summer_hour_in_winter(
    stretch: Stretch, isolated: Path
) -> None:
    stored(isolated, SUMMER_EIGHT)
    code, out, _ = stretch("history", wall=CLOCK)
    assert code == 0 and "Wed 1 Jul 08:00" in out
    (record,) = json.loads(stretch("history", "--json", wall=CLOCK).out)
    assert record["started_at"] == "2026-07-01T08:00:00+02:00"
    assert record["ended_at"] == "2026-07-01T08:05:00+02:00"
    (row,) = report_json(stretch, "--since", "2026-06-29")["sessions"]
    assert row["started_at"] == "2026-07-01T08:00:00+02:00"
    text = stretch("report", "--since", "2026-06-29", "--format", "csv", wall=CLOCK).out
    (line,) = list(csv.DictReader(io.StringIO(text.split("\n", 2)[2])))
    assert line["started_at"] == "2026-07-01T08:00:00+02:00"
    markdown = stretch("report", "--since", "2026-06-29", wall=CLOCK).out
    assert "| Wed 1 Jul 08:00 | Desk break |" in markdown


def test_a_summer_session_just_after_midnight_stays_on_its_day(
    stretch: Stretch, isolated: Path
) -> None:
    """00:30 on Monday 6 July, summer time, is 22:30 UTC on Sunday: with winter's offset it
    would read 23:30 on Sunday, in the week before."""
    monday = datetime(2026, 7, 6, 0, 30, tzinfo=BERLIN)
    stored(isolated, datetime(2026, 6, 29, 12, 0, tzinfo=BERLIN), monday)
    record = json.loads(stretch("history", "--json", wall=CLOCK).out)[1]
    assert record["started_at"] == "2026-07-06T00:30:00+02:00"
    weeks = report_json(stretch, "--since", "2026-06-29")["weeks"]
    assert [(w["week_of"], w["sessions"]) for w in weeks][:2] == [
        ("2026-06-29", 1),
        ("2026-07-06", 1),
    ]


def test_days_of_a_streak_are_each_moments_own(stretch: Stretch, isolated: Path) -> None:
    """Three sessions on 6 and 7 July (summer time) make a streak of two days; read with
    winter's offset, the first would fall on 5 July and make it three."""
    stored(
        isolated,
        datetime(2026, 7, 6, 0, 30, tzinfo=BERLIN),
        datetime(2026, 7, 6, 23, 30, tzinfo=BERLIN),
        datetime(2026, 7, 7, 12, 0, tzinfo=BERLIN),
    )
    out = stretch("history", wall=CLOCK).out
    assert "Streak: 0 days (longest 2)" in out


# --- moments no one can have lived -----------------------------------------------------------


def export_line(uid: int, started: str, ended: str | None) -> str:
    return json.dumps(
        {
            "uid": f"{uid:032x}",
            "routine": "desk-break",
            "started_at": started,
            "ended_at": ended,
            "status": "completed" if ended else "interrupted",
            "seconds": 60.0,
            "pain_before": None,
            "pain_after": None,
            "difficulty": None,
            "note": None,
            "exercises": [r.record() for r in DONE] if ended else [],
            "swaps": [],
            "options": {},
            "last_step": 0,
        }
    )


def test_an_import_refuses_moments_before_2000_or_a_day_ahead(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    ahead = NOW + timedelta(days=1)
    lines = [
        '{"format": "stretch-history", "version": 1}',
        export_line(1, "2026-11-01T08:00:00+01:00", "2026-11-01T08:05:00+01:00"),
        export_line(2, "1999-12-31T23:59:59+00:00", None),
        export_line(3, "2026-11-01T08:00:00+01:00", "1970-01-01T00:00:00+00:00"),
        export_line(4, ahead.isoformat(), None),  # a day ahead: another machine's clock
        export_line(5, (ahead + timedelta(seconds=1)).isoformat(), None),
        export_line(6, "9999-12-31T23:59:59+00:00", None),
        export_line(7, "2026-11-01T08:00:00+01:00", "2027-11-01T08:00:00+01:00"),
    ]
    source = tmp_path / "old.jsonl"
    source.write_text("\n".join(lines) + "\n")
    code, out, err = stretch("history", "import", str(source), wall=CLOCK)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"stretch: {source}:3: started_at: 1999-12-31T23:59:59+00:00 is before 2000 {UTC_EARLIEST}",
        f"stretch: {source}:4: ended_at: 1970-01-01T00:00:00+00:00 is before 2000 {UTC_EARLIEST}",
        f"stretch: {source}:6: started_at: 2026-11-05T10:30:01+01:00 is more than a day "
        "ahead of this machine's clock",
        f"stretch: {source}:7: started_at: 9999-12-31T23:59:59+00:00 is more than a day "
        "ahead of this machine's clock",
        f"stretch: {source}:8: ended_at: 2027-11-01T08:00:00+01:00 is more than a day "
        "ahead of this machine's clock",
        f"stretch: {source}: nothing was imported (5 bad lines) (the history is as it was)",
    ]
    assert (
        not (isolated / "state" / "history.sqlite3").exists() or not history_at(isolated).sessions()
    )


# --- sessions the clock put in the future ----------------------------------------------------

END_OF_TIME = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def remind_on(isolated: Path) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("remind = true\n")


def test_a_session_at_the_end_of_time_stops_no_command(
    stretch: Stretch, isolated: Path, fakes: FakeCommands, tmp_path: Path
) -> None:
    """One session stored at 9999-12-31T23:59:59Z (imported before imports were checked)."""
    fakes.add("notify-send")
    remind_on(isolated)
    stored(isolated, NOW - timedelta(days=1))
    imported(isolated, END_OF_TIME)
    assert json.loads(stretch("due", "--json", wall=CLOCK).out)["state"] == "due"
    out = tmp_path / "out.jsonl"
    skipped = (
        "stretch: warning: skipping session 2 of the history: sessions.started_at of row 2 "
        "cannot be read: 9999-12-31T23:59:59.000000+00:00 cannot be shown in every zone "
        f"(years 2 to 9998 can) ({WHAT_TO_DO})\n"
    )
    for args, said in (
        (["history"], skipped),  # listed as ahead of the clock, were it showable
        (["history", "--json"], skipped),
        (["report"], skipped),  # a start no zone can show: said, as history says it
        (["report", "--format", "json"], skipped),
        (["due"], ""),
        (["remind"], ""),
        (["remind", "check"], ""),
        (["again", "--json", "--brief"], f"stretch: again: desk-break\n{SHORT} {MORE}\n"),
    ):
        # A run's wall clock goes on with it (from the same moment): its seconds fit its span.
        code, _, err = stretch(*args, wall=None if args[0] == "again" else CLOCK)
        assert (args, code, err) == (args, 0, said)
    # left out of an export, which says so and fails: an import would refuse it
    code, _, err = stretch("history", "export", "-o", str(out), wall=CLOCK)
    assert (code, err) == (
        1,
        "stretch: warning: left out session 2: sessions.started_at of row 2 cannot be read: "
        "9999-12-31T23:59:59.000000+00:00 cannot be shown in every zone (years 2 to 9998 can) "
        f"({WHAT_TO_DO})\n"
        f"stretch: history written to {out} without 1 session that `stretch history import` "
        "would refuse (each named above, with why) (put right what was changed in the history "
        "by hand, or let a session still running end, and export again)\n",
    )
    shown = json.loads(stretch("history", "--json", wall=CLOCK).out)
    assert [s["started_at"][:10] for s in shown] == ["2026-11-03", "2026-11-04"]  # and again's
    assert len(out.read_text().splitlines()) == 3  # the header, the one shown, again's
    assert stretch("remind", "check", wall=CLOCK).out.startswith("not due: ")  # reminded


def test_a_session_run_with_the_clock_a_year_ahead_does_not_silence_reminders(
    stretch: Stretch, isolated: Path, fakes: FakeCommands
) -> None:
    fakes.add("notify-send")
    remind_on(isolated)
    stored(isolated, NOW - timedelta(hours=3), NOW + timedelta(days=365))
    assert json.loads(stretch("due", "--json", wall=CLOCK).out)["state"] == "due"
    assert stretch("remind", "check", wall=CLOCK).out == "reminded to do desk-break: shown\n"


def test_a_session_from_a_clock_far_ahead_does_not_stretch_the_report(
    stretch: Stretch, isolated: Path
) -> None:
    """The only session of a routine is from 29 Dec 2098: the report still ends today and
    starts before it."""
    imported(isolated, datetime(2098, 12, 29, 9, 0, tzinfo=BERLIN), routine="mid-back")
    data = report_json(stretch, "--routine", "mid-back")
    assert data["period"] == {"from": "2026-09-28", "to": "2026-11-04"}
    assert data["sessions"] == []
    markdown = stretch("report", "--routine", "mid-back", wall=CLOCK).out
    assert (
        ": Mid back stretches, 28 Sep 2026 to 4 Nov 2026\n\nNo sessions in this period.\n"
        in markdown
    )


def test_the_stored_future_is_left_as_it_is(isolated: Path) -> None:
    """Nothing is deleted: the sessions stay stored, for the person to see and mend."""
    imported(isolated, END_OF_TIME)
    with closing(sqlite3.connect(isolated / "state" / "history.sqlite3")) as db:
        assert db.execute("SELECT started_at FROM sessions").fetchall() == [
            ("9999-12-31T23:59:59.000000+00:00",)
        ]


# --- the rule, over every zone and the days the clocks change ---------------------------------

ZONES = sorted(available_timezones())


def in_zone(name: str) -> None:
    """Run in zone `name` from now on (conftest's `fixed_time` puts the test's zone back)."""
    os.environ["TZ"] = name
    time.tzset()


def changes(zone: ZoneInfo, year: int) -> list[datetime]:
    """The moments in `year` at which `zone`'s offset changes (to the microsecond)."""
    found = []
    step = timedelta(hours=6)
    moment = datetime(year, 1, 1, tzinfo=UTC)
    while moment.year == year:
        after = moment + step
        if moment.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            low, high = moment, after
            while high - low > timedelta(microseconds=1):
                middle = low + (high - low) / 2
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            found.append(high)
        moment = after
    return found


@st.composite
def zoned_moments(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone, and a moment from 2000 on: anywhere, or within a day and a half of one of
    the zone's changes of offset (DST days)."""
    name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(name)
    anywhere = st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC))
    year = draw(st.integers(2000, 2039))
    near = changes(zone, year)
    close: bool = draw(st.booleans())
    if near and close:
        change = draw(st.sampled_from(near))
        moment = change + timedelta(seconds=draw(st.integers(-129_600, 129_600)))
        moment += timedelta(microseconds=draw(st.sampled_from([0, 1, 999_999, 500_000])))
        return name, moment
    return name, draw(anywhere)


@settings(max_examples=300, deadline=None)
@given(zoned_moments())
def test_any_moment_in_any_zone_is_shown_with_its_own_offset(zoned: tuple[str, datetime]) -> None:
    """What SQLite works out for a stored moment (its local text and day) is what Python's
    zone gives it, and that is the zoneinfo zone's offset at that moment."""
    name, moment = zoned
    in_zone(name)
    local.fresh()
    text = stored_time(moment)
    expected = moment.astimezone(ZoneInfo(name))
    shown = local_time(text)
    assert shown.isoformat() == expected.isoformat()  # the same clock, the same offset
    assert shown.timestamp() == moment.timestamp()
    with closing(sqlite3.connect(":memory:")) as db:
        local.register(db)
        row = db.execute(
            f"SELECT {local.text(':t')}, {local.seconds(':t')}, {local.day(':t')}", {"t": text}
        ).fetchone()
    assert row == (
        shown.isoformat(),
        shown.isoformat(timespec="seconds"),
        shown.date().isoformat(),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(zoned_moments(), min_size=1, max_size=6))
def test_days_and_records_follow_each_moments_own_local_date(
    found: list[tuple[str, datetime]],
) -> None:
    """Whatever the zone and however near its changes of offset: each session is on the
    local day its moment had there (the days summed up, the report's rows), and its record
    shows that moment's offset."""
    name = found[0][0]
    in_zone(name)
    zone = ZoneInfo(name)
    moments = sorted(moment for _, moment in found)
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "h.sqlite3", print, lambda: moments[-1])
        history.add_sessions(
            [replace(_session(moment), uid=f"{n:032x}") for n, moment in enumerate(moments)]
        )
        days = {d.day: d.sessions for d in history.days(Span())}
        assert days == Counter(moment.astimezone(zone).date() for moment in moments)
        shown = [json.loads(text)["started_at"] for text in history.records(Span())]
        assert shown == [moment.astimezone(zone).isoformat() for moment in moments]
        rows = [Row.of(row).started_at for row in history.report_rows(Span())]
        assert rows == [moment.astimezone(zone).isoformat(timespec="seconds") for moment in moments]
        history.close()


def _session(moment: datetime) -> Session:
    return Session(0, "desk-break", moment, moment, "completed", 60.0, None, None, {}, 0, DONE)


future = st.datetimes(datetime(2026, 11, 4, 10, 31), datetime(9999, 12, 31), timezones=st.just(UTC))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ahead=future)
def test_a_session_after_now_changes_neither_reminders_nor_the_report(
    stretch: Stretch, isolated: Path, ahead: datetime
) -> None:
    """Any moment after now: what `due` and the report say is what they said without it."""
    remind_on(isolated)
    path = isolated / "state" / "history.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    stored(isolated, NOW - timedelta(hours=3))
    before = (stretch("due", "--json", wall=CLOCK).out, report_json(stretch))
    imported(isolated, ahead)
    after = (stretch("due", "--json", wall=CLOCK).out, report_json(stretch))
    assert after == before


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_the_hint_for_a_session_of_the_first_days_of_2000_is_a_since_that_works(
    stretch: Stretch, isolated: Path, tmp_path: Path, zone: str
) -> None:
    """The latest session before an empty period is shown by `--since` its week's Monday;
    for a week that began before 2000 (which `--since` refuses), by the first day it takes."""
    in_zone(zone)
    source = tmp_path / "y2k.jsonl"
    line = json.loads(record("c" * 32, datetime(2000, 1, 1, 0, 30, tzinfo=UTC)))
    source.write_text(json.dumps({"format": "stretch-history", "version": 1}) + "\n" +
                      json.dumps(line) + "\n")  # fmt: skip
    assert stretch("history", "import", str(source), wall=CLOCK).code == 0
    out = " ".join(stretch("report", wall=CLOCK).out.split())
    found = re.search(r"stretch report --since (\S+) shows it\.", out)
    assert found is not None, out
    shown = stretch("report", "--since", found.group(1), wall=CLOCK)
    assert shown.code == 0, shown.err
    assert "1 session" in " ".join(shown.out.split())
