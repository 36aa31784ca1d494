"""A session exported or synced while it ran on another machine (no process of it here) is no
run going on here: `due` and `remind check` do not say "stretching" for it, nor hold reminders
back for up to 16 hours; a run on this machine still does (attack 11, A12)."""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.exported import MAX_SESSION_SECONDS
from stretchcli.history.store import History
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_running_elsewhere import _running
from tests.test_sync import ALL_DAY


def _reminders_all_day(isolated: Path) -> None:
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(ALL_DAY)


def test_a_run_imported_while_it_ran_elsewhere_holds_no_reminder_back(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    _reminders_all_day(isolated)
    source = tmp_path / "running.jsonl"
    source.write_text('{"format": "stretch-history", "version": 1}\n' + _running(10 * 60))
    assert stretch("history", "import", str(source), wall=NOW).code == 0
    assert stretch("due", wall=NOW) == (0, "stretch in 40m\n", "")  # 50m from its start
    state = json.loads(stretch("due", "--json", wall=NOW).out)["state"]
    assert state == "later"
    later = NOW + timedelta(minutes=45)
    assert stretch("due", wall=later) == (0, "stretch due\n", "")  # was "stretching" for 16 h


def test_a_run_on_this_machine_still_says_stretching(stretch: Stretch, isolated: Path) -> None:
    _reminders_all_day(isolated)
    store = History(isolated / "state" / "history.sqlite3", print, lambda: NOW)
    store.start("desk-break", {}, [], 3)  # this process's: alive
    store.close()
    assert stretch("due", wall=NOW + timedelta(minutes=1)) == (0, "stretching\n", "")


@given(ago=st.floats(0, 2 * MAX_SESSION_SECONDS), here=st.booleans())
def test_only_a_live_run_of_this_machine_is_a_run_going_on_here(ago: float, here: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        started = NOW - timedelta(seconds=ago)
        store = History(Path(folder) / "history.sqlite3", print, lambda: started)
        ident = store.start("desk-break", {}, [], 3)
        store.close()
        if not here:  # as an import or a sync stores it: no process here
            with store.connect() as db:
                db.execute("UPDATE sessions SET pid = NULL WHERE id = ?", (ident,))
        later = History(Path(folder) / "history.sqlite3", print, lambda: NOW)
        assert later.running_here() == (here and ago < MAX_SESSION_SECONDS)
        later.close()
