"""This machine's own file in the sync folder cut back or replaced by an older copy (a sync
tool, or `git checkout`, restoring it): every session, reminder, note and plan line it should
hold and does not is written again, and no "another machine writes this file too" warning is
given for it. Tested with two and three state folders sharing one sync folder."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stretchcli.history import sync, sync_local
from stretchcli.history.bulk import Span
from stretchcli.history.levels import LevelChange, add_level_changes, level_changes
from stretchcli.history.store import History
from stretchcli.history.sync_files import Mark, SyncState, file_name, loads
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import DONE, Machines


@pytest.fixture
def machines(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    return Machines(tmp_path / "machines", stretch, monkeypatch)


CUTS: dict[str, Callable[[bytes], bytes]] = {
    "to its header": lambda data: data[: data.index(b"\n") + 1],
    "to a middle line": lambda data: b"".join(data.splitlines(keepends=True)[:3]),
    "to half a line": lambda data: data[: len(b"".join(data.splitlines(keepends=True)[:3])) + 40],
}


@pytest.mark.parametrize("cut", list(CUTS))
def test_a_file_cut_back_is_filled_in_again_without_a_warning(machines: Machines, cut: str) -> None:
    made = [machines.session("a", NOW - timedelta(hours=n)) for n in (4, 3, 2, 1)]
    assert machines.run("a", "history", "sync", wall=NOW).code == 0
    path = machines.file_of("a")
    path.write_bytes(CUTS[cut](path.read_bytes()))  # a sync tool restores an older copy
    made.append(machines.session("a", NOW - timedelta(minutes=30)))
    result = machines.run("a", "history", "sync", wall=NOW)
    assert result.code == 0 and result.err == ""
    assert "another machine" not in result.out
    lines = [json.loads(line) for line in path.read_text().splitlines()[1:] if line.strip()]
    assert sorted({line["uid"] for line in lines}) == sorted(made)
    assert machines.uids("b") == sorted(made)  # a new machine reads all five
    assert machines.uids("c") == sorted(made)
    assert machines.run("a", "history", wall=NOW).err == ""  # and nothing said later either


def test_an_older_copy_with_other_content_brings_back_the_note_given_since(
    machines: Machines,
) -> None:
    first = machines.session("a", NOW - timedelta(hours=3))
    machines.run("a", "history", "sync", wall=NOW)
    older = machines.file_of("a").read_bytes()
    machines.run("b", "history", "sync", wall=NOW)
    assert machines.run("a", "history", "note", "1", "left side tight", wall=NOW).code == 0
    second = machines.session("a", NOW - timedelta(hours=2))
    machines.run("a", "history", "sync", wall=NOW)
    machines.file_of("a").write_bytes(older)  # `git checkout` of the older version
    result = machines.run("a", "history", "sync", wall=NOW)
    assert result.err == "" and "another machine" not in result.out
    assert machines.uids("c") == sorted([first, second])
    for name in "bc":
        shown = machines.run(name, "history", "--json", wall=NOW).out
        notes = {s["uid"]: s["note"] for s in json.loads(shown)}
        assert notes[first] == "left side tight"


def test_the_same_size_with_lines_swapped_loses_nothing_and_says_nothing(
    machines: Machines,
) -> None:
    made = [machines.session("a", NOW - timedelta(hours=n)) for n in (2, 1)]
    machines.run("a", "history", "sync", wall=NOW)
    path = machines.file_of("a")
    head, one, two = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(head + two + one)
    result = machines.run("a", "history", "sync", wall=NOW)
    assert result.err == "" and "another machine" not in result.out
    assert machines.uids("b") == sorted(made)


def test_a_file_only_touched_gets_only_what_is_new(machines: Machines) -> None:
    machines.session("a", NOW - timedelta(hours=1))
    machines.run("a", "history", "sync", wall=NOW)
    path = machines.file_of("a")
    whole = path.read_bytes()
    path.write_bytes(whole)  # `git checkout` of the same version: a new time, same bytes
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1_000_000_000))
    machines.session("a", NOW - timedelta(minutes=30))
    result = machines.run("a", "history", "sync", wall=NOW)
    assert result.err == "" and "another machine" not in result.out
    assert len(path.read_bytes().splitlines()) == 3  # the new session only


def test_a_copied_state_folder_is_still_found_out_after_a_cut(machines: Machines) -> None:
    """The warning is for two machines appending to one file: not taken away by the cut."""
    machines.session("a", NOW - timedelta(hours=3))
    machines.run("a", "history", wall=NOW)
    shutil.copytree(machines.state("a"), machines.state("copy"))
    machines.session("copy", NOW - timedelta(hours=2))
    machines.run("copy", "history", wall=NOW)
    assert sync.SHARED in machines.run("a", "history", wall=NOW).err


# --- the rule, whatever the records and wherever the cut ---------------------------------------

Record = tuple[str, int]  # what: a session, a note, a reminder or a level change; a number


def _records(store: History) -> list[str]:
    return sorted(
        json.dumps({k: v for k, v in json.loads(text).items() if k != "id"}, sort_keys=True)
        for text in store.records(Span())
    )


def _reminders(store: History) -> list[tuple[str, str, str]]:
    return sorted((r.at.isoformat(), r.routine, r.outcome) for r in store.reminders())


def _changes(store: History) -> list[str]:
    return sorted(json.dumps(c.exported(), sort_keys=True) for c in level_changes(store))


def _change(at: datetime, n: int) -> LevelChange:
    return LevelChange.from_record(
        {
            "at": at.isoformat(),
            "exercise": "scapular-squeeze",
            "change": "start",
            "level_before": None,
            "level": n % 10 + 1,
            "reason": "start",
            "session_uid": None,
            "alternative": None,
            "plan": "3d9a5c0e7b1f2a64",
        }
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.lists(st.sampled_from(["session", "note", "reminder", "change"]), max_size=8),
    after=st.lists(st.sampled_from(["session", "note", "reminder", "change"]), max_size=3),
    keep=st.floats(0, 1),
    older=st.booleans(),
    count=st.integers(2, 3),
)
@example(  # found by hypothesis: the older copy restored lacked a note given before it
    before=["session", "session", "session", "note", "note"],
    after=["change"],
    keep=0.0,
    older=True,
    count=2,
)
def test_whatever_was_cut_every_machine_ends_with_all_of_it(
    before: list[str], after: list[str], keep: float, older: bool, count: int
) -> None:
    """Machine 0 writes sessions, notes, reminders and level changes; its file is cut at any
    byte (or replaced by the copy it had halfway); after it writes more and every machine
    syncs twice, every machine has all of it, and no warning was given."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "synced"
        folder.mkdir()
        clock = [NOW - timedelta(days=1)]
        stores = [
            History(root / str(n) / "history.sqlite3", print, lambda: clock[0])
            for n in range(count)
        ]
        said: list[str] = []

        def synced(machine: int) -> None:
            found = sync.sync(stores[machine], str(folder), root / str(machine)).refused
            said.extend(r.why for r in found)

        def do(what: str, n: int) -> None:
            clock[0] += timedelta(minutes=7)
            store = stores[0]
            if what == "session" or (what == "note" and store.latest() is None):
                ident = store.start("desk-break", {}, [], None)
                store.finish(ident, "completed", 60.0, DONE, None)
            elif what == "note":
                latest = store.latest()
                assert latest is not None
                store.set_note(latest.id, f"note {n}")
                sync.noted(store, str(folder), root / "0", latest.id)
            elif what == "reminder":
                store.add_reminder("desk-break", "snoozed", "notification", clock[0])
            else:
                add_level_changes(store, [_change(clock[0], n)])
            synced(0)

        copy = b""
        for n, what in enumerate(before):
            do(what, n)
            if n == len(before) // 2:
                own = folder / file_name((root / "0" / "machine-id").read_text().strip())
                copy = own.read_bytes() if own.exists() else b""
        for machine in range(1, count):
            synced(machine)
        own = folder / file_name(sync_local.this_machine(root / "0"))
        if own.exists():
            data = own.read_bytes()
            own.write_bytes(copy if older else data[: int(len(data) * keep)])
        for n, what in enumerate(after):
            do(what, 100 + n)
        for _ in range(2):
            for machine in range(count):
                synced(machine)
        seen = [(_records(s), _reminders(s), _changes(s)) for s in stores]
        for store in stores:
            store.close()
        assert said == []
        assert all(found == seen[0] for found in seen)


def test_a_mark_kept_by_an_older_stretch_loads_without_its_crc() -> None:
    """Its five fields (no CRC-32) are kept: its file is read on from where it stopped."""
    state = loads(SyncState("f", marks={"x": Mark(9, 8, 7, 2, 1)}).dumps())
    assert state.marks["x"] == Mark(9, 8, 7, 2, 1, None)
    old = json.loads(state.dumps())
    old["marks"]["x"] = old["marks"]["x"][:5]
    assert loads(json.dumps(old)).marks == {"x": Mark(9, 8, 7, 2, 1)}
    kept = SyncState("f", marks={"x": Mark(9, 8, 7, 2, 1, 12345)})
    assert loads(kept.dumps()).marks["x"].crc == 12345
