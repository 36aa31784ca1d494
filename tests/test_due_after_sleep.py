"""`stretch due` and `stretch remind` answer as `remind check` would at the same moment,
seeing the person at the screen (the one asking is there): a machine asleep since the last
check is a break to all three, and `due`'s kept answer ends when the time since the last
check becomes one (attack 11, A6)."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.store import History
from stretchcli.remind import due
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.system_fakes import FakeCommands

ALL_DAY = 'remind = true\nremind_between = "00:00-24:00"\nremind_days = "every day"\n'


def write_config(isolated: Path, text: str) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def due_says(now: datetime) -> dict[str, object]:
    """`stretch due --json` at `now` (from its kept answer when that holds)."""
    out = io.StringIO()
    assert due.report(os.environ, out, io.StringIO(), "plain", True, now.timestamp()) == 0
    answer: dict[str, object] = json.loads(out.getvalue())
    return answer


def session_at(isolated: Path, moment: datetime) -> None:
    """A session that started and ended at `moment`."""
    with History(isolated / "state" / "history.sqlite3", print, lambda: moment) as store:
        store.finish(store.start("desk-break", {}, [], None), "completed", 60, [], None)


def morning(hour: int, minute: int = 0) -> datetime:
    """That time of the suite's day, on the local clock."""
    return NOW.replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone()


def test_after_a_sleep_due_and_remind_say_what_the_check_says(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    """A check at 08:00 shows a reminder; the machine sleeps until 09:20. Before, `due` said
    "stretch due" and `remind` "due now" while the check at 09:20 said "not due" (the sleep
    is a break): all three now say the next one is at 09:50, and `due`'s kept answer from
    before the sleep is not served after it."""
    fakes.add("notify-send")
    write_config(isolated, ALL_DAY + 'remind_every = "30m"\n')
    eight = morning(8)
    assert stretch("remind", "check", wall=eight).out == "reminded to do desk-break: shown\n"
    assert due_says(eight + timedelta(minutes=5))["text"] == "stretch in 25m"  # kept
    woke = morning(9, 20)
    assert due_says(woke) == {
        "state": "later",
        "text": "stretch in 30m",
        "next": morning(9, 50).isoformat(),
        "minutes": 30,
    }
    status = stretch("remind", wall=woke).out.splitlines()
    assert status[1] == "Next: at 09:50 (in 30 min)"
    assert status[2].endswith("; back at 09:20")
    assert stretch("due", wall=woke).out == "stretch in 30m\n"
    assert stretch("remind", "check", wall=woke).out == "not due: at 09:50 (in 30 min)\n"
    assert due_says(woke + timedelta(minutes=1))["text"] == "stretch in 29m"


def test_a_session_before_the_sleep_and_no_reminder_yet(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    """A session at 07:50, a check at 08:00 (not due until 08:20), then asleep until 09:20."""
    write_config(isolated, ALL_DAY + 'remind_every = "30m"\n')
    session_at(isolated, morning(7, 50))
    assert stretch("remind", "check", wall=morning(8)).out == "not due: at 08:20 (in 20 min)\n"
    woke = morning(9, 20)
    assert due_says(woke)["text"] == "stretch in 30m"
    assert stretch("remind", wall=woke).out.splitlines()[1] == "Next: at 09:50 (in 30 min)"
    assert stretch("remind", "check", wall=woke).out == "not due: at 09:50 (in 30 min)\n"


def test_within_two_check_intervals_nothing_changes(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    """Ten minutes after the last check (two of its intervals) is no break yet: the next
    reminder is at 08:30 as the checks said; a second later the gap is a break, and `due`'s
    kept answer ends there."""
    fakes.add("notify-send")
    write_config(isolated, ALL_DAY + 'remind_every = "30m"\n')
    assert stretch("remind", "check", wall=morning(8)).out == "reminded to do desk-break: shown\n"
    for minutes in (5, 10, 15):
        line = stretch("remind", "check", wall=morning(8, minutes)).out
        assert line.startswith("not due: at 08:30")
    assert due_says(morning(8, 20))["text"] == "stretch in 10m"  # kept from here
    assert due_says(morning(8, 25))["text"] == "stretch in 5m"
    woke = morning(8, 25) + timedelta(seconds=1)
    assert due_says(woke)["text"] == "stretch in 30m"
    assert stretch("remind", "check", wall=woke).out == "not due: at 08:55 (in 30 min)\n"


def test_a_check_record_replaced_at_the_same_size_and_time_is_read_again(
    isolated: Path,
) -> None:
    """The kept answer is worked out again when the checks' record is replaced, even by one
    of the same size and time (two checks within one tick of the file system's clock)."""
    write_config(isolated, ALL_DAY + 'remind_every = "30m"\n')
    session_at(isolated, morning(8))
    presence = isolated / "state" / "presence"
    presence.write_text(f"{int(morning(8, 15).timestamp())} - 0 -\n")
    assert due_says(morning(8, 20))["text"] == "stretch in 10m"
    made = presence.stat().st_mtime_ns
    other = presence.with_name("presence.new")
    other.write_text(f"{int(morning(8, 5).timestamp())} - 0 -\n")  # 15 min ago: a break
    os.utime(other, ns=(made, made))
    os.replace(other, presence)
    assert presence.stat().st_size == len(f"{int(morning(8, 15).timestamp())} - 0 -\n")
    assert due_says(morning(8, 20))["text"] == "stretch in 30m"


def test_the_answer_is_kept_with_a_long_zone_name(isolated: Path) -> None:
    """Each file's stamp holds its inode now: with a zone named by its file's path, the kept
    line is still short enough to be read back (not worked out afresh on every prompt)."""
    zone = ":/usr/share/zoneinfo/America/Argentina/ComodRivadavia"
    if not Path(zone[1:]).exists():
        pytest.skip("no zone files at this path")
    os.environ["TZ"] = zone  # conftest's `fixed_time` puts the suite's zone back
    time.tzset()
    write_config(isolated, ALL_DAY + 'remind_every = "30m"\n')
    session_at(isolated, morning(8))
    (isolated / "state" / "presence").write_text(f"{int(morning(8, 15).timestamp())} - 0 -\n")
    assert due_says(morning(8, 16))["state"] == "later"
    kept = (isolated / "state" / "due.cache").read_text()
    assert len(kept) > 300
    assert due_says(morning(8, 17))["state"] == "later"
    assert (isolated / "state" / "due.cache").read_text() == kept


# --- the rule, beyond the examples ---------------------------------------------------------

STEP = st.tuples(
    st.integers(0, 90),  # minutes since the step before
    st.sampled_from(["compare", "compare", "compare", "away", "session", "prompt-due"]),
    st.integers(0, 3600),  # seconds idle, for an away check
    st.booleans(),  # the screen locked, for an away check
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    every=st.sampled_from([10, 30, 45]),
    hours=st.sampled_from(["00:00-24:00", "08:30-10:00", "09:00-17:00"]),
    pause=st.sampled_from([5, 15]),
    steps=st.lists(STEP, min_size=1, max_size=8),
    seconds=st.integers(0, 59),
)
def test_due_says_due_exactly_when_a_check_then_finds_one_due(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    every: int,
    hours: str,
    pause: int,
    steps: list[tuple[int, str, int, bool]],
    seconds: int,
) -> None:
    """Checks that saw the person away (idle, locked) or at the screen, gaps of any length
    (asleep), sessions, and `due` kept from earlier moments: at each moment compared, `due`
    (then `remind`) is asked first and the check runs once after; `due` says due exactly
    when the check finds a reminder due, and `remind`'s next reminder is the check's."""
    state = isolated / "state"
    for path in state.glob("*") if state.exists() else []:
        path.unlink()
    fakes.add("notify-send")
    text = f'remind = true\nremind_between = "{hours}"\nremind_days = "every day"\n'
    write_config(isolated, text + f'remind_every = "{every}m"\nremind_pause = "{pause}m"\n')
    now = morning(8) + timedelta(seconds=seconds)
    for minutes, kind, idle, locked in steps:
        now += timedelta(minutes=minutes)
        if kind == "away":  # a check that saw the person away and showed nothing
            with (state / "presence").open("a") as presence:
                presence.write(f"{int(now.timestamp())} {idle} {int(locked)} -\n")
        elif kind == "session":
            session_at(isolated, now)
        elif kind == "prompt-due":  # asked, and kept for later moments
            due_says(now)
        else:
            said = due_says(now)
            status = json.loads(stretch("remind", "--json", wall=now).out)
            checked = stretch("remind", "check", wall=now).out
            found_due = checked.startswith(("due", "reminded"))
            assert (said["state"] == "due") == found_due, (now, said, checked)
            assert (status["state"] == "due") == found_due, (now, status, checked)
            if not found_due and "(in " in checked:
                assert checked.endswith(f"(in {said['minutes']} min)\n"), (said, checked)
