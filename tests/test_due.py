"""`stretch due` and its kept answer: the same answer as `remind check` on the days the clocks
change, a fresh answer in a new time zone, and a kept answer that is damaged, or is a FIFO
or a device, is worked out afresh (never waited on, never a crash)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files.config_file import load_config
from stretchcli.history.store import History
from stretchcli.remind import due
from stretchcli.remind.facts import configured, due_now
from tests.conftest import Stretch

ALL_DAY = 'remind = true\nremind_between = "00:00-24:00"\nremind_days = "every day"\n'


def write_config(isolated: Path, text: str) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def zone(name: str) -> None:
    """Run in zone `name` from now on (conftest's `fixed_time` puts the test's zone back)."""
    os.environ["TZ"] = name
    time.tzset()


def session_at(isolated: Path, moment: datetime) -> None:
    """A finished session at `moment` (it starts and ends then)."""
    store = History(isolated / "state" / "history.sqlite3", print, lambda: moment)
    session = store.start("desk-break", {}, [], None)
    store.finish(session, "completed", 60, [], None)


def due_json(now: datetime) -> dict[str, object]:
    out = io.StringIO()
    assert due.report(os.environ, out, io.StringIO(), "plain", True, now.timestamp()) == 0
    answer: dict[str, object] = json.loads(out.getvalue())
    return answer


def check_next(isolated: Path, now: datetime) -> datetime:
    """When `remind check` (and `remind`) would remind next, at `now`."""
    store = History(isolated / "state" / "history.sqlite3", print, lambda: now.astimezone())
    return due_now(configured(load_config(os.environ)), store).next_at


# --- the clocks going back, and a new zone -----------------------------------------------------


def test_due_and_check_agree_on_the_day_clocks_go_back(stretch: Stretch, isolated: Path) -> None:
    """Berlin, 25 Oct 2026: 03:00 summer time becomes 02:00 winter time. A session at 02:55
    summer time; ten minutes later the clock shows 02:05, and the next reminder is in 40."""
    write_config(isolated, ALL_DAY)
    berlin = ZoneInfo("Europe/Berlin")
    session = datetime(2026, 10, 25, 0, 55, tzinfo=UTC)
    assert session.astimezone(berlin).strftime("%H:%M %Z") == "02:55 CEST"
    session_at(isolated, session.astimezone())
    now = (session + timedelta(minutes=10)).astimezone()
    assert now.astimezone(berlin).strftime("%H:%M %Z") == "02:05 CET"
    assert stretch("due", wall=now).out == "stretch in 40m\n"
    # 02:45 is shown twice that night: this is the second, winter time
    assert stretch("remind", "check", wall=now).out == "not due: at 02:45 +01:00 (in 40 min)\n"
    # The checks every 5 minutes since saw the person at the screen (without them, the
    # machine was asleep: a break, and the next reminder an interval after now).
    with (isolated / "state" / "presence").open("a") as presence:
        for minutes in range(5, 45, 5):
            presence.write(f"{int((now + timedelta(minutes=minutes)).timestamp())} 3 0 -\n")
    assert stretch("due", wall=now + timedelta(minutes=40)).out == "stretch due\n"


DST_DAYS = [
    # (zone, a moment near its change, in UTC): forward and back, 1 hour and 30 minutes
    ("Europe/Berlin", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    ("Europe/Berlin", datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 1, 6, 0, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, 0, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 10, 3, 15, 30, tzinfo=UTC)),
    ("Asia/Kolkata", datetime(2026, 6, 1, 0, 0, tzinfo=UTC)),  # none: a half-hour offset
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.sampled_from(DST_DAYS),
    session=st.integers(-180, 180),
    after=st.integers(0, 200),
    every=st.sampled_from([10, 45, 50, 90]),
)
def test_due_counts_real_time_and_agrees_with_check_around_every_change(
    isolated: Path, day: tuple[str, datetime], session: int, after: int, every: int
) -> None:
    """With reminders all day, the next one is `every` minutes of real time after the
    session, whatever the clocks do in between; `due` and `remind check` say the same."""
    name, change = day
    zone(name)
    for path in (isolated / "state").glob("*"):
        path.unlink()
    # Working hours from noon to a minute before: the clocks change at night, well inside.
    hours = 'remind = true\nremind_between = "12:00-11:59"\nremind_days = "every day"\n'
    write_config(isolated, hours + f'remind_every = "{every}m"\n')
    ended = change + timedelta(minutes=session)
    session_at(isolated, ended.astimezone())
    now = ended + timedelta(minutes=after)
    expected = ended + timedelta(minutes=every)
    assert check_next(isolated, now) == max(expected, now)
    answer = due_json(now)
    assert answer["next"] == max(expected, now).astimezone().isoformat(timespec="seconds")
    left = (expected - now).total_seconds() / 60
    assert answer["state"] == ("due" if left <= 0 else "later")
    assert answer["minutes"] == max(0, -(-int(left * 60) // 60))


def test_due_works_its_answer_out_again_in_a_new_zone(stretch: Stretch, isolated: Path) -> None:
    """10:00 in Berlin is inside the hours; the same moment is 04:00 in New York."""
    write_config(isolated, "remind = true\n")
    now = datetime(2026, 11, 4, 9, 0, tzinfo=UTC)
    assert stretch("due", wall=now.astimezone()).out == "stretch due\n"
    zone("America/New_York")
    assert json.loads(stretch("due", "--json", wall=now.astimezone()).out) == {
        "state": "off-hours",
        "text": "",
        "next": "2026-11-04T09:00:00-05:00",
        "minutes": 300,
    }
    zone("Europe/Berlin")
    assert stretch("due", wall=now.astimezone()).out == "stretch due\n"


@pytest.mark.parametrize(
    "name", ["UTC", "Europe/Berlin", ":Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"]
)
def test_the_kept_answer_is_keyed_on_tz_its_names_and_offset(name: str) -> None:
    zone("Europe/Berlin")
    berlin = due.zone(os.environ, 0)
    zone(name)
    assert (due.zone(os.environ, 0) == berlin) == (name == "Europe/Berlin")
    zone("Europe/Berlin")
    summer = datetime(2026, 7, 1, tzinfo=UTC).timestamp()
    assert due.zone(os.environ, summer) != berlin  # another offset


# --- the kept answer, damaged or not a file ----------------------------------------------------


def cache(isolated: Path) -> Path:
    return isolated / "state" / "due.cache"


def kept_line(isolated: Path, now: datetime) -> str:
    """The line `due` keeps at `now` (reminders on, a reminder skipped at 9:50)."""
    write_config(isolated, "remind = true\n")
    with History(
        isolated / "state" / "history.sqlite3", print, lambda: now - timedelta(minutes=40)
    ) as store:  # closed, as at the end of a command: its WAL file goes with it
        store.add_reminder("desk-break", "skipped", "command")
    due_json(now)
    return cache(isolated).read_text()


NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # 10:30 in Berlin, a Wednesday


@pytest.mark.parametrize(
    "damage",
    [
        lambda line: line[: len(line) // 2],  # cut short
        lambda line: line.replace(" later ", " due "),  # a state it did not work out
        lambda line: line.rsplit(" ", 3)[0] + " nan inf 1e400\n",
        lambda line: line.rsplit(" ", 1)[0] + " 99999999999999999999\n",
        lambda line: line.rsplit(" ", 3)[0] + " \u0663 \u0664 \u0665\n",  # digits, not ASCII
        lambda line: line.rsplit(" ", 3)[0] + " 5 4 3\n",  # a window that closes first
        lambda line: line.replace("\n", " 1\n"),  # a word too many
        lambda line: line.replace(" ", "  ", 1),
        lambda line: line.rstrip("\n"),
        lambda line: "\x00" * 300,
        lambda line: line + "x" * 400,
    ],
)
def test_a_damaged_kept_answer_is_worked_out_afresh(
    stretch: Stretch, isolated: Path, damage: object
) -> None:
    line = kept_line(isolated, NOW)
    assert f" later {int((NOW + timedelta(minutes=10)).timestamp()) * 10**6} " in line
    fresh = stretch("due", "--json", wall=NOW.astimezone())
    assert callable(damage)
    cache(isolated).write_bytes(damage(line).encode())
    assert stretch("due", "--json", wall=NOW.astimezone()) == fresh
    assert cache(isolated).read_text() == line  # and kept again


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_change_to_the_kept_answer_gives_the_fresh_answer_or_the_same(
    isolated: Path, data: st.DataObject
) -> None:
    line = kept_line(isolated, NOW)
    words = line.rstrip("\n").split(" ")
    index = data.draw(st.integers(3, len(words) - 1))
    words[index] = data.draw(st.one_of(st.text(max_size=25), st.integers().map(str)))
    cache(isolated).write_bytes(" ".join(words).encode("utf-8", "surrogatepass") + b"\n")
    out = io.StringIO()
    at = NOW + timedelta(minutes=data.draw(st.integers(0, 600)))
    code = due.report(os.environ, out, io.StringIO(), "plain", True, at.timestamp())
    cache(isolated).unlink()
    fresh = io.StringIO()
    due.report(os.environ, fresh, io.StringIO(), "plain", True, at.timestamp())
    assert (code, out.getvalue()) == (0, fresh.getvalue())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_kept_answer_is_never_opened(isolated: Path) -> None:
    write_config(isolated, "remind = true\n")
    (isolated / "state").mkdir(parents=True)
    os.mkfifo(cache(isolated))
    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", "due"],
        capture_output=True,
        text=True,
        timeout=30,  # before the fix, it waits for a writer for ever
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "stretch due\n", "")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_in_place_of_the_kept_answer_is_never_read(
    isolated: Path, device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    write_config(isolated, "remind = true\n")
    (isolated / "state").mkdir(parents=True)
    cache(isolated).symlink_to(device)
    opened: list[str] = []
    real_open = os.open

    def watched(path: str, *args: int) -> int:
        opened.append(os.path.basename(path))
        return real_open(path, *args)

    monkeypatch.setattr(os, "open", watched)
    assert due_json(NOW.astimezone())["state"] == "due"
    assert "due.cache" not in opened
