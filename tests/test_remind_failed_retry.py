"""A reminder that could not be shown (no notification server: `remind check` fails, the
reminder recorded `failed`) was never seen: it does not start the interval again. `stretch
due` keeps saying due, and the check tries again once RETRY has passed, saying meanwhile in
one line (exit 0) when it will; `stretch remind` says the same."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.store import History
from stretchcli.remind import failures
from stretchcli.remind.facts import due_now
from stretchcli.remind.schedule import RETRY
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind import SCHEDULE, at, history, local, remind_on

FAILED = "stretch: could not show the reminder: D-Bus: "


@pytest.fixture
def unshown(fakes: FakeCommands, monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    """Reminders on, and no way to show one (no notification server, no notify-send)."""
    monkeypatch.setenv("PATH", str(fakes.folder))
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping has tests of its own
    remind_on(isolated)


def said(stretch: Stretch, *args: str, minute: int, hour: int = 10) -> tuple[int, str, str]:
    code, out, err = stretch(*args, wall=local(at(hour, minute)))
    return code, out, err


def test_a_failed_reminder_keeps_it_due_and_the_check_waits_before_trying_again(
    stretch: Stretch, fakes: FakeCommands, unshown: None, isolated: Path
) -> None:
    code, out, err = said(stretch, "remind", "check", minute=0)
    assert (code, out) == (1, "")
    assert err.startswith(FAILED)
    # Never seen: still due, and the prompt says so.
    assert said(stretch, "due", minute=0) == (0, "stretch due\n", "")
    assert said(stretch, "due", minute=5) == (0, "stretch due\n", "")
    # The next checks, inside the back-off: one line, exit 0, nothing tried.
    waiting = "due, but the last reminder could not be shown at 10:00: trying again at 10:15\n"
    assert said(stretch, "remind", "check", minute=5) == (0, waiting, "")
    assert said(stretch, "remind", "check", minute=14) == (0, waiting, "")
    status = said(stretch, "remind", minute=5)[1]
    assert (
        "Next: due now (the last reminder could not be shown at 10:00: trying again at 10:15)\n"
    ) in status
    assert "Last reminder: Tue 24 Nov 10:00, failed\n" in status
    data = json.loads(said(stretch, "remind", "--json", minute=5)[1])
    assert (data["state"], data["retry_at"]) == ("due", local(at(10, 15)).isoformat())
    assert [r.outcome for r in history(isolated, at(10, 5)).reminders()] == ["failed"]
    # Once the back-off is over it tries again; failing again, it waits again.
    code, out, err = said(stretch, "remind", "check", minute=15)
    assert (code, out, err.startswith(FAILED)) == (1, "", True)
    assert said(stretch, "remind", "check", minute=20) == (
        0,
        "due, but the last reminder could not be shown at 10:15: trying again at 10:30\n",
        "",
    )
    assert said(stretch, "due", minute=20) == (0, "stretch due\n", "")
    # The notification server is back: shown, and the interval starts from it.
    fakes.add("notify-send")
    assert said(stretch, "remind", "check", minute=30) == (
        0,
        "reminded to do desk-break: shown\n",
        "",
    )
    assert said(stretch, "due", minute=35) == (0, "stretch in 45m\n", "")
    assert "Next: at 11:20 (in 45 min)\n" in said(stretch, "remind", minute=35)[1]
    assert said(stretch, "remind", "check", minute=35) == (0, "not due: at 11:20 (in 45 min)\n", "")


def test_after_the_back_off_the_status_says_due_and_the_check_tries(
    stretch: Stretch, unshown: None
) -> None:
    assert said(stretch, "remind", "check", minute=0)[0] == 1
    for minute in (5, 10):  # the timer's checks (a longer gap between two is a break)
        assert said(stretch, "remind", "check", minute=minute)[0] == 0
    status = said(stretch, "remind", minute=15)[1]
    assert "Next: due now\n" in status
    assert "Last reminder: Tue 24 Nov 10:00, failed\n" in status
    assert json.loads(said(stretch, "remind", "--json", minute=15)[1])["retry_at"] is None
    code, out, err = said(stretch, "remind", "check", minute=15)
    assert (code, out, err.startswith(FAILED)) == (1, "", True)


def test_the_back_off_is_a_quarter_of_an_hour() -> None:
    assert timedelta(minutes=15) == RETRY


def test_a_failure_before_a_session_is_forgotten(
    stretch: Stretch, unshown: None, isolated: Path
) -> None:
    """A session after the failed reminder starts the interval: the back-off is over."""
    assert said(stretch, "remind", "check", minute=0)[0] == 1
    store = History(isolated / "state" / "history.sqlite3", print, lambda: at(10, 2))
    ident = store.start("desk-break", {}, [], 3)
    store.finish(ident, "completed", 60.0, [], None)
    store.close()
    assert said(stretch, "remind", "check", minute=5) == (0, "not due: at 10:52 (in 47 min)\n", "")


def test_a_reminder_another_machine_could_not_show_holds_nothing_back(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    """A failure in the history that this machine's check did not have (synced from one
    without a notification server): this machine shows the reminder at once."""
    remind_on(isolated)
    store = history(isolated, at(10))
    store.answer_reminder(store.add_reminder("desk-break", "waiting", "notification"), "failed")
    store.close()
    fakes.add("notify-send")
    assert said(stretch, "remind", "check", minute=5) == (
        0,
        "reminded to do desk-break: shown\n",
        "",
    )


# --- the rule ---------------------------------------------------------------------------------

MINUTES = st.integers(-300, 0)  # a reminder's time: minutes before now


@settings(max_examples=40, deadline=None)
@given(
    reminders=st.lists(st.tuples(MINUTES, st.booleans()), max_size=6),
    session=st.none() | MINUTES,
    now=st.integers(0, 8 * 60),
)
def test_a_failed_reminder_never_puts_the_next_one_off(
    reminders: list[tuple[int, bool]], session: int | None, now: int
) -> None:
    """Whatever mix of shown and failed reminders: the next reminder is never later than it
    is without the failed ones, and due whenever it is due without them."""
    moment = at(9) + timedelta(minutes=now)

    def next_reminder(keep_failed: bool) -> tuple[str, datetime]:
        with tempfile.TemporaryDirectory() as folder:
            clock = [moment]
            store = History(Path(folder) / "history.sqlite3", print, lambda: clock[0])
            if session is not None:
                clock[0] = moment + timedelta(minutes=session)
                store.finish(store.start("desk-break", {}, [], 3), "completed", 60.0, [], None)
            for minutes, failed in sorted(reminders):
                if failed and not keep_failed:
                    continue
                clock[0] = moment + timedelta(minutes=minutes)
                ident = store.add_reminder("desk-break", "waiting", "notification")
                store.answer_reminder(ident, "failed" if failed else "shown")
                if failed:  # as the check notes it
                    failures.record(Path(folder), clock[0])
            clock[0] = moment
            due = due_now(SCHEDULE, store)
            store.close()
            return due.state, due.next_at

    with_failed, without = next_reminder(True), next_reminder(False)
    assert with_failed[1] <= without[1]
    assert (with_failed[0] == "due") == (without[0] == "due")


@pytest.mark.parametrize("what", ["a file outside", "nothing"])
def test_the_failed_mark_replaces_a_link_in_its_place_and_never_writes_through_it(
    tmp_path: Path, what: str
) -> None:
    """Attack 19, H13: `remind-failed`, a mark of the state folder, was written through a
    link in its place, over the file it pointed to (every five minutes), where every other
    mark and cache is made again as a file of its own."""
    from datetime import UTC

    from stretchcli.remind.state_files import FAILED

    state = tmp_path / "state"
    state.mkdir()
    outside = tmp_path / "notes.txt"
    if what == "a file outside":
        outside.write_text("my notes\nline 2\n")
    (state / FAILED).symlink_to(outside)
    at = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    failures.record(state, at)
    assert not (state / FAILED).is_symlink()
    assert failures.last(state) == at
    if what == "a file outside":
        assert outside.read_text() == "my notes\nline 2\n"
    else:
        assert not outside.exists()
