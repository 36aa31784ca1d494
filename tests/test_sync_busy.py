"""`stretch history sync` is asked to sync now: when another process holds the history's
write lock longer than the busy timeout, it says so in the one line every busy writer says
("the history is busy; try again") and exits 1 as they do, rather than 0 with the status of a
sync that did not happen (issue 23). A sync that another command does on its way (`history`,
a run's end) still never stops that command."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from stretchcli.history import connection
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_busy import busy, locked
from tests.test_sync import Machines


@pytest.fixture
def machines(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    """Machines whose busy timeout is short enough for a test."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)
    return Machines(tmp_path / "machines", stretch, monkeypatch)


def other_machine_wrote(machines: Machines) -> None:
    """Machine b has a session in its file that a has not merged yet."""
    machines.session("b", NOW - timedelta(hours=2))
    assert machines.run("b", "history", "sync", wall=NOW).code == 0
    assert machines.run("a", "history", "sync", wall=NOW).code == 0
    machines.session("b", NOW - timedelta(hours=1))
    assert machines.run("b", "history", "sync", wall=NOW).code == 0


def test_history_sync_with_the_history_busy_says_so_and_fails(machines: Machines) -> None:
    other_machine_wrote(machines)
    path = machines.state("a") / "history.sqlite3"
    with locked(path):
        result = machines.run("a", "history", "sync", wall=NOW)
    assert result == (1, "", f"stretch: {busy(path)}\n")
    assert len(machines.uids("a")) == 2  # merged once the history is free


def test_a_command_that_syncs_on_its_way_still_goes_on_when_busy(machines: Machines) -> None:
    other_machine_wrote(machines)
    path = machines.state("a") / "history.sqlite3"
    with locked(path):
        result = machines.run("a", "history", "--json", wall=NOW)
    assert result.code == 0
    assert result.err == f"stretch: warning: sync: {busy(path)}\n"  # and only warned


def test_a_sync_held_by_another_process_stops_no_command_for_long(
    machines: Machines, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's sync on this machine (one stopped with Ctrl-Z, say) holds the sync
    lock: a command that syncs on its way does not wait for it (that sync merges the same
    files), and `history sync` waits as long as for a busy history, then says the one line
    of a busy history. Both used to wait for ever, silently."""
    from stretchcli.files import lock
    from stretchcli.history.sync_local import LOCK

    other_machine_wrote(machines)
    monkeypatch.setattr(lock, "BUSY_WAIT", 0.2)
    path = machines.state("a") / LOCK
    said = f"the history is busy; try again (another process is syncing it: it holds {path})"
    with lock.held(path) as got:
        assert got
        shown = machines.run("a", "history", "--json", wall=NOW)
        asked = machines.run("a", "history", "sync", wall=NOW)
    assert (shown.code, shown.err) == (0, "")
    assert asked == (1, "", f"stretch: {said}\n")
    assert len(machines.uids("a")) == 2  # merged once the other sync lets go


def test_what_writes_its_own_file_on_its_way_neither_waits_nor_warns_and_loses_nothing(
    machines: Machines, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`remind check` (cron's, every 5 minutes), `remind snooze` and `skip` write this
    machine's file on their way: while another sync here holds the lock, they go on at once
    and silently, and the next sync writes what they added."""
    from stretchcli.files import lock
    from stretchcli.history.sync_local import LOCK

    machines.session("a", NOW - timedelta(hours=1))
    assert machines.run("a", "history", wall=NOW).code == 0  # a's file is there
    monkeypatch.setattr(lock, "BUSY_WAIT", 0.2)
    with lock.held(machines.state("a") / LOCK) as got:
        assert got
        snoozed = machines.run("a", "remind", "snooze", "10m", wall=NOW)
    assert (snoozed.code, snoozed.err) == (0, "")
    assert b'"snoozed"' not in machines.file_of("a").read_bytes()
    assert machines.run("a", "history", wall=NOW).code == 0
    assert b'"snoozed"' in machines.file_of("a").read_bytes()
