"""Attack 12, B14: an import (and a sync) took a level change that follows a session still
`running` in the file, though a plan decides a change at the end of a run. Now such a change
is refused by its line (nothing imported), and an export leaves one stored out."""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.exported import MAX_SESSION_SECONDS
from stretchcli.history.export_file import FORMAT
from stretchcli.history.levels import LevelChange, add_level_changes, level_changes
from stretchcli.history.store import History
from stretchcli.history.sync_files import file_name, machine_id
from stretchcli.history.transfer import ImportError_, import_lines
from stretchcli.records import SESSION_STATUSES
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_level_rule import SESSION, UID, adopted, change
from tests.test_sync import Machines

LATER = NOW + timedelta(hours=1)
RUNNING = {
    **SESSION,
    "status": "running",
    "ended_at": None,
    "exercises": [{"exercise": "chin-tuck", "status": "partial", "holds": 5, "done": 2}],
}
WHY = (
    "level_change.session_uid: expected a session that has ended (a plan decides a change at "
    f"the end of a run), got {UID}, which is still running"
)


def lines(*records: object) -> list[str]:
    return [json.dumps(line) for line in (FORMAT, *records)]


def write(path: Path, *records: object) -> Path:
    path.write_text("".join(line + "\n" for line in lines(*records)), encoding="utf-8")
    return path


def test_an_import_refuses_a_change_after_a_running_session_and_imports_nothing(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    plan = adopted(stretch, isolated)
    path = write(tmp_path / "lc.jsonl", RUNNING, change("up", "chin-tuck", 1, 2, plan.fingerprint))
    assert stretch("history", "import", str(path), wall=LATER) == (
        1,
        "",
        f"stretch: {path}:3: {WHY}\n"
        f"stretch: {path}: nothing was imported (1 bad line) (the history is as it was)\n",
    )
    listed = json.loads(stretch("history", "--json", wall=LATER).out)
    assert [r for r in listed if "uid" in r] == []  # the session is not imported either
    assert {r["level_change"]["change"] for r in listed if "level_change" in r} == {"start"}


def _status(status: str) -> dict[str, object]:
    """SESSION (chin tuck, done) as a run of `status` writes it."""
    if status == "running":
        return RUNNING
    if status == "interrupted":
        return {**RUNNING, "status": "interrupted"}
    return {**SESSION, "status": status}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from(SESSION_STATUSES),
    later=st.integers(min_value=3, max_value=4 * MAX_SESSION_SECONDS),
    stored_first=st.booleans(),
)
def test_a_change_is_refused_exactly_while_the_session_it_follows_has_not_ended(
    status: str, later: int, stored_first: bool
) -> None:
    # The session in the file with the change, or imported before it on its own (then, as
    # the history reads it: a run with no process here reads as interrupted once it has
    # gone on longer than any run can).
    session = _status(status)
    up = change("up", "chin-tuck", 1, 2, "abc", minutes=2)
    at = NOW + timedelta(seconds=later)
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "history.sqlite3", print, lambda: at)
        if stored_first:
            import_lines(history, lines(session))
            # (SESSION begins a minute after NOW: a running one ahead has not ended either)
            still = status == "running" and later - 60 < MAX_SESSION_SECONDS
        else:
            still = status == "running"
        try:
            import_lines(history, lines(up) if stored_first else lines(session, up))
        except ImportError_ as refused:
            assert still
            line = 2 if stored_first else 3
            assert refused.problems == [f"{line}: {WHY}"]
            assert [c.change for c in level_changes(history)] == []
            return
        finally:
            history.close()
        assert not still


def test_a_sync_refuses_such_a_change_by_its_line_and_merges_the_session(
    tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch
) -> None:
    machines = Machines(tmp_path / "machines", stretch, monkeypatch)
    other = machines.folder / file_name(machine_id("laptop", "0123abcd"))
    write(other, RUNNING, change("up", "chin-tuck", 1, 2, "abc"))
    result = machines.run("b", "history", wall=LATER)
    assert result.err == f"stretch: warning: sync: {other}:3: {WHY}; not merged\n"
    with History(machines.state("b") / "history.sqlite3", print, lambda: LATER) as store:
        assert level_changes(store) == []
    assert machines.uids("b") == [UID]


def test_an_export_leaves_out_a_stored_change_after_a_running_session(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    # As an import before this fix stored it: the session still running here.
    path = write(tmp_path / "running.jsonl", RUNNING)
    assert stretch("history", "import", str(path), wall=LATER).code == 0
    record = change("up", "chin-tuck", 1, 2, "abc")["level_change"]
    with History(isolated / "state" / "history.sqlite3", print, lambda: LATER) as store:
        add_level_changes(store, [LevelChange.from_record(record)])
    adopted(stretch, isolated)  # (an export judges the changes with a plan in use)
    out = tmp_path / "out.jsonl"
    result = stretch("history", "export", "-o", str(out), wall=LATER)
    assert result.err.startswith(
        "stretch: warning: left out level change of chin-tuck (up, "
        f"{(NOW + timedelta(minutes=1)).isoformat()}): {WHY}\n"
    ), result.err
    assert '"change":"up"' not in out.read_text(encoding="utf-8")
    assert result.err.splitlines()[-1] == (  # review 14, F3: said as what it is
        f"stretch: history written to {out} without 1 plan record that `stretch history "
        "import` would refuse (each named above, with why) (put right what was changed in the "
        "history by hand, or let a session still running end, and export again)"
    )


def test_the_same_lines_in_two_files_are_refused_whichever_comes_first(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """Review 14, F4: the change in one file and its session, still running, in another
    were both taken when the change came first. The session's line is now refused as the
    change's would be: nothing of the second file is imported, and the history stays one
    an export writes whole."""
    plan = adopted(stretch, isolated)
    first = write(tmp_path / "change.jsonl", change("up", "chin-tuck", 1, 2, plan.fingerprint))
    second = write(tmp_path / "session.jsonl", RUNNING)
    assert stretch("history", "import", str(first), wall=LATER).code == 0
    refused = stretch("history", "import", str(second), wall=LATER)
    assert refused.code == 1
    assert refused.err.splitlines()[0].startswith(
        f"stretch: {second}:2: status: expected a session that has ended, as the level change "
    )
    assert refused.err.splitlines()[0].endswith(" of the history follows it, got running")
    listed = json.loads(stretch("history", "--json", wall=LATER).out)
    assert [r for r in listed if "uid" in r] == []
    exported = stretch("history", "export", wall=LATER)
    assert (exported.code, exported.err) == (0, "")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(later=st.integers(min_value=3, max_value=4 * MAX_SESSION_SECONDS))
def test_a_running_session_a_stored_change_follows_is_refused_while_it_reads_as_running(
    later: int,
) -> None:
    """The rule, from the session's side: a running session imported after a change that
    follows it is refused exactly while it would read as running when imported (a run that
    began longer ago than any run lasts reads as interrupted, and is taken)."""
    with tempfile.TemporaryDirectory() as folder:
        at = NOW + timedelta(seconds=later)
        history = History(Path(folder) / "history.sqlite3", print, lambda: at)
        add_level_changes(history, [LevelChange(NOW, "chin-tuck", "up", 1, 2, "r", UID, "p")])
        try:
            import_lines(history, lines(RUNNING))
            taken = True
        except ImportError_ as exc:
            assert "status: expected a session that has ended" in str(exc.problems)
            taken = False
        reads_running = later - 60 < MAX_SESSION_SECONDS  # (begun a minute after NOW, or not yet)
        assert taken is not reads_running, (later, taken)
