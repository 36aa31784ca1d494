"""A synced reminder's `until` (a snooze's end) is what a run can write: not before the
reminder's time, and at most the longest snooze after it. A line from another machine with
any other (a wrong clock, a damaged or hand-made line) is refused by its line, never
silencing reminders on every machine; and a date in another year carries its year."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.exported import Refused
from stretchcli.history import sync_records
from stretchcli.history.store import History
from stretchcli.history.sync_files import file_name
from stretchcli.moments import LONGEST_SNOOZE
from stretchcli.records import ANSWER_WAIT, Reminder
from stretchcli.remind.schedule import NOTIFICATION_SNOOZE, Schedule, aware
from stretchcli.words import SNOOZE
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import Machines, header

WHY = "; a machine whose clock is wrong, or a damaged line?"


@pytest.fixture
def machines(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    return Machines(tmp_path / "machines", stretch, monkeypatch)


def reminder_line(at: str, until: str | None, outcome: str = "snoozed") -> str:
    data = {"at": at, "routine": "desk-break", "outcome": outcome, "until": until}
    return json.dumps({"reminder": {**data, "via": "notification"}}) + "\n"


def listed(out: str) -> list[str]:
    """The refused lines `history sync` lists."""
    _, heading, rest = out.partition(" not merged):\n")
    return [line.strip() for line in rest.splitlines()] if heading else []


def test_a_snooze_until_2099_from_another_machine_is_refused_and_reminders_go_on(
    machines: Machines,
) -> None:
    at = "2026-11-04T09:00:00+00:00"  # NOW is 10:30 in Berlin: 09:30 UTC
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + reminder_line(at, "2099-01-01T00:00:00+00:00"))
    synced = machines.run("b", "history", "sync", wall=NOW)
    assert synced.code == 0
    assert listed(synced.out) == [
        f"{other.name}:2: reminder.until: 2099-01-01T00:00:00+00:00 is more than 9 days "
        f"after the reminder's time ({at}), longer than any snooze{WHY}"
    ]
    assert json.loads(machines.run("b", "due", "--json", wall=NOW).out)["state"] == "due"
    assert machines.run("b", "due", wall=NOW).out == "stretch due\n"
    assert "Next: due now\n" in machines.run("b", "remind", wall=NOW).out


def test_a_snooze_ending_before_its_reminder_is_refused(machines: Machines) -> None:
    at = "2026-11-04T09:00:00+00:00"
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + reminder_line(at, "2026-11-04T08:59:59+00:00"))
    warned = machines.run("b", "history", wall=NOW)
    assert warned.err == (
        f"stretch: warning: sync: {other}:2: reminder.until: 2026-11-04T08:59:59+00:00 is "
        f"before the reminder's time ({at}){WHY}; not merged\n"
    )


def test_a_snooze_a_run_writes_crosses_to_the_other_machine(machines: Machines) -> None:
    """Tomorrow's snooze (the longest there is on a schedule of every day) still goes."""
    assert machines.run("a", "remind", "snooze", "tomorrow", wall=NOW).code == 0
    on_b = machines.run("b", "remind", wall=NOW)
    assert on_b.err == ""
    assert "Next: snoozed: tomorrow at 00:00\n" in on_b.out


@settings(max_examples=300, deadline=None)
@given(
    at=st.datetimes(datetime(2000, 1, 2), datetime(2200, 1, 1), timezones=st.just(UTC)),
    offset=st.integers(-12 * 60, 14 * 60),
    length=st.one_of(
        st.timedeltas(-LONGEST_SNOOZE, 2 * LONGEST_SNOOZE),
        st.sampled_from([timedelta(0), LONGEST_SNOOZE, LONGEST_SNOOZE + timedelta(seconds=1)]),
        st.sampled_from([-timedelta(microseconds=1), timedelta(days=365 * 70)]),
    ),
)
def test_the_rule_over_every_time_and_length(at: datetime, offset: int, length: timedelta) -> None:
    """Whatever the moments and their offsets: taken exactly when the end is not before the
    reminder's time and at most the longest snooze after it, refused naming both else."""
    until = (at + length).astimezone(timezone_of(offset))
    if until.year > 9998:
        return
    data = snoozed(at, until)
    if timedelta(0) <= length <= LONGEST_SNOOZE:
        read = sync_records.read(data)
        assert isinstance(read, Reminder)
        assert (read.at, read.until) == (at, until)
        return
    with pytest.raises(Refused) as refused:
        sync_records.read(data)
    said = (
        f"is before the reminder's time ({at.isoformat()})"
        if length < timedelta(0)
        else f"is more than 9 days after the reminder's time ({at.isoformat()}), "
        "longer than any snooze"
    )
    assert str(refused.value) == f"reminder.until: {until.isoformat()} {said}{WHY}"


def snoozed(at: datetime, until: datetime) -> dict[str, object]:
    """A reminder's line, read as JSON: snoozed at `at` until `until`."""
    data = {"at": at.isoformat(), "routine": "desk-break", "outcome": "snoozed"}
    return {"reminder": {**data, "until": until.isoformat(), "via": "command"}}


def timezone_of(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


HOURS = st.tuples(
    st.times(), st.times()
).map(lambda pair: (None, pair[0].replace(second=0, microsecond=0),
                    pair[1].replace(second=0, microsecond=0)))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    days=st.frozensets(st.integers(0, 6), min_size=1),
    hours=HOURS,
    now=st.datetimes(datetime(2026, 1, 1), datetime(2028, 1, 1)),
)
def test_every_snooze_a_run_writes_is_taken(
    days: frozenset[int], hours: tuple[None, time, time], now: datetime
) -> None:
    """The bound admits what the product writes: 'tomorrow' on any schedule (the test's zone
    changes its clocks twice a year), the longest snooze typed, a notification's snooze
    answered as late as it can be."""
    schedule = Schedule(50, (hours,), days, "desk-break")
    at = aware(now)
    for until in (
        schedule.next_day(at),
        at + timedelta(minutes=SNOOZE[1]),
        at + timedelta(seconds=ANSWER_WAIT, minutes=NOTIFICATION_SNOOZE),
    ):
        assert isinstance(sync_records.read(snoozed(at, until)), Reminder)


def test_a_snooze_stored_before_the_rule_holds_nothing(isolated: Path, stretch: Stretch) -> None:
    """A snooze until 2099 merged by an older stretch: the reminders go on."""
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text("remind = true\n")
    with History(isolated / "state" / "history.sqlite3", print, lambda: NOW) as store:
        ident = store.add_reminder("desk-break", "waiting", "notification")
        store.answer_reminder(ident, "snoozed", datetime(2099, 1, 1, tzinfo=UTC))
    assert stretch("due", wall=NOW).out == "stretch due\n"
    said = stretch("remind", wall=NOW).out
    assert "Next: due now\n" in said
    assert "Last reminder: Wed 4 Nov 10:30, snoozed until Thu 1 Jan 2099 at 01:00\n" in said


def test_a_date_in_another_year_carries_its_year(isolated: Path, stretch: Stretch) -> None:
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text('remind = true\nremind_days = "mon-thu"\n')
    eve = datetime.combine(date(2026, 12, 31), time(16)).astimezone()  # a Thursday
    assert stretch("remind", "snooze", "tomorrow", wall=eve).out == (
        "Snoozed until Mon 4 Jan 2027 at 09:00.\nNext: snoozed: Mon 4 Jan 2027 at 09:00\n"
    )
    said = stretch("remind", wall=eve).out
    assert "Next: snoozed: Mon 4 Jan 2027 at 09:00\n" in said
    assert "Last reminder: Thu 31 Dec 16:00, snoozed until Mon 4 Jan 2027 at 09:00\n" in said
    monday = datetime.combine(date(2027, 1, 4), time(8)).astimezone()
    assert "Last reminder: Thu 31 Dec 2026 16:00, snoozed until 09:00\n" in (
        stretch("remind", wall=monday).out
    )
