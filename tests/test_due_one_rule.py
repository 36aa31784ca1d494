"""`stretch due` (from its kept answer or afresh) and `remind check` decide "due" by one rule
(`remind.rule.due_at`), so that for the same clock and history they always say the same: at
the edges of the working window, on the nights the clocks change, and when something in the
history was recorded ahead of the clock and comes to count."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files.config_file import load_config
from stretchcli.history.store import History
from stretchcli.remind import due
from stretchcli.remind.facts import configured, due_now
from tests.conftest import Stretch

CHANGES = [
    # (zone, the moment its clocks change, in UTC): forward and back, by an hour or half
    ("Europe/London", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    ("Europe/London", datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 1, 6, 0, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, 0, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 10, 3, 15, 30, tzinfo=UTC)),
]


def zone(name: str) -> None:
    """Run in zone `name` (conftest's `fixed_time` puts the test's zone back)."""
    os.environ["TZ"] = name
    time.tzset()


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def write_config(isolated: Path, text: str) -> None:
    (isolated / "config").mkdir(parents=True, exist_ok=True)
    (isolated / "config" / "config.toml").write_text(text)


def session_at(isolated: Path, moment: datetime) -> None:
    with History(isolated / "state" / "history.sqlite3", print, lambda: moment) as store:
        session = store.start("desk-break", {}, [], None)
        store.finish(session, "completed", 60, [], None)


def due_says(now: datetime) -> str:
    """The state `stretch due --json` gives at `now` (from its kept answer when it holds)."""
    out = io.StringIO()
    assert due.report(os.environ, out, io.StringIO(), "plain", True, now.timestamp()) == 0
    state: str = json.loads(out.getvalue())["state"]
    return state


def check_says(isolated: Path, now: datetime) -> str:
    """The state `remind check` (and `stretch remind`) decides at `now`."""
    path = isolated / "state" / "history.sqlite3"
    with History(path, print, lambda: now.astimezone()) as store:
        return due_now(configured(load_config(os.environ)), store).state


def test_a_session_ahead_of_the_clock_ends_the_kept_answer_when_it_comes(
    stretch: Stretch, isolated: Path
) -> None:
    """London, 28 Mar 2026, hours until 22:30: a session stamped 22:29 is seen at 22:28 (a
    clock a minute out). At 22:28 a reminder is due; at 22:29 the session counts and the
    window closes before its interval ends: both say so (due served its kept 'due')."""
    zone("Europe/London")
    hours = 'remind_between = "00:00-22:30"\nremind_days = "every day"\n'
    write_config(isolated, f'remind = true\n{hours}remind_every = "10m"\n')
    session_at(isolated, datetime(2026, 3, 28, 22, 29, tzinfo=UTC).astimezone())
    before = datetime(2026, 3, 28, 22, 28, tzinfo=UTC).astimezone()
    assert stretch("due", wall=before).out == "stretch due\n"
    after = before + timedelta(minutes=1)
    assert stretch("due", wall=after).out == ""  # the window opens again at midnight
    assert stretch("remind", "check", wall=after).out == "not due: tomorrow at 00:00\n"


def test_a_session_that_ends_ahead_of_the_clock_counts_from_its_start_until_then(
    isolated: Path,
) -> None:
    """A session that started two hours ago and says it ended a day from now (imported, or
    synced from a machine whose clock is ahead) quiets reminders for an interval after its
    start, not until a day from now; once the clock reaches its end it counts from there.
    Both `due` and `remind check` say so (it quieted every reminder for the day)."""
    write_config(isolated, 'remind = true\nremind_between = "00:00-24:00"\nremind_every = "30m"\n')
    now = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
    start = now - timedelta(hours=2)
    with History(isolated / "state" / "history.sqlite3", print, lambda: start) as store:
        ident = store.start("desk-break", {}, [], None)
    later = now + timedelta(hours=23, minutes=50)
    with History(isolated / "state" / "history.sqlite3", print, lambda: later) as store:
        store.finish(ident, "stopped", 300, [], None)
    assert (due_says(now), check_says(isolated, now)) == ("due", "due")
    at_end = later + timedelta(minutes=1)
    assert (due_says(at_end), check_says(isolated, at_end)) == ("later", "later")


def test_due_at_a_fraction_of_a_second_before_a_snooze_ends(isolated: Path) -> None:
    """A snooze ends at a moment with microseconds; half a second before it, neither says
    due (the kept answer once rounded it to the whole second before)."""
    write_config(isolated, 'remind = true\nremind_between = "00:00-24:00"\n')
    until = datetime(2026, 11, 4, 9, 40, 0, 400000, tzinfo=UTC)
    with History(isolated / "state" / "history.sqlite3", print, lambda: until) as store:
        store.add_reminder("desk-break", "skipped", "command")
    at = until - timedelta(minutes=10)
    with History(isolated / "state" / "history.sqlite3", print, lambda: at) as store:
        reminder = store.add_reminder("desk-break", "waiting", "notification")
        store.answer_reminder(reminder, "snoozed", until)
    now = until - timedelta(microseconds=200000)
    assert (due_says(now), check_says(isolated, now)) == ("snoozed", "snoozed")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    change=st.sampled_from(CHANGES),
    start=st.integers(0, 24 * 4 - 1),
    length=st.integers(1, 24 * 4 - 1),
    session=st.one_of(st.none(), st.integers(-300, 300)),
    first=st.integers(-300, 300),
    later=st.lists(st.integers(0, 300), min_size=1, max_size=3),
    every=st.sampled_from([10, 30, 45, 60, 90]),
    at=st.one_of(st.none(), st.integers(0, 24 * 4 - 1)),
    micro=st.integers(0, 59_999_999),
)
def test_due_and_check_always_agree_around_window_edges_and_clock_changes(
    isolated: Path,
    change: tuple[str, datetime],
    start: int,
    length: int,
    session: int | None,
    first: int,
    later: list[int],
    every: int,
    at: int | None,
    micro: int,
) -> None:
    """Working hours on a quarter hour near the change (their edges on it, in its gap or
    its repeated hour), a fixed time inside them or none, a session before, after or ahead
    of the clock: at every moment, `due` (kept from a moment before, or afresh) says due
    exactly when `remind check` does."""
    name, moment = change
    zone(name)
    for path in (isolated / "state").glob("*"):
        path.unlink()
    opens, closes = start * 15, (start + length) * 15 % (24 * 60)
    text = f'remind = true\nremind_between = "{hhmm(opens)}-{hhmm(closes) or "24:00"}"\n'
    text += f'remind_days = "every day"\nremind_every = "{every}m"\n'
    if at is not None:
        text += f'remind_at = "{hhmm((opens + at % length * 15) % (24 * 60))}"\n'
    write_config(isolated, text)
    if session is not None:
        session_at(isolated, (moment + timedelta(minutes=session)).astimezone())
    now = moment + timedelta(minutes=first, microseconds=micro)
    for step in [0, *later]:
        now += timedelta(minutes=step)
        assert (due_says(now) == "due") == (check_says(isolated, now) == "due"), now
