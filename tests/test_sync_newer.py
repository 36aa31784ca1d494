"""Lines of a kind this stretch does not know, in another machine's file of the sync folder
(a newer stretch wrote them: a record of a kind added since), are counted, not refused one
by one: one line a file says how many, of which kinds, and to update; said once, never a
flood, and nothing else in the file is held up by them."""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.exported import SESSION_KEYS
from stretchcli.history import plan_lines, sync, sync_records
from stretchcli.history.store import History
from stretchcli.history.sync_files import file_name
from tests.fakes import NOW
from tests.test_sync import Machines, header, machines, record

__all__ = ["machines"]  # the fixture, used here

UPDATE = "written by a newer stretch: update stretch to merge them"


def newer(kind: str, n: int) -> str:
    """A line of a kind a newer stretch writes."""
    return json.dumps({kind: {"at": NOW.isoformat(), "value": n}}, separators=(",", ":")) + "\n"


def test_lines_of_kinds_from_a_newer_stretch_are_said_once_in_one_line(
    machines: Machines,
) -> None:
    other = machines.folder / file_name("far-0123abcd")
    good = "3" * 32
    other.write_text(
        header()
        + "".join(newer("mood", n) for n in range(40))
        + record(good, NOW - timedelta(minutes=2))
        + "".join(newer("posture_check", n) for n in range(3))
    )
    first = machines.run("b", "history", wall=NOW)
    assert first.code == 0
    assert first.err == (
        f"stretch: warning: sync: {other}:2: 43 lines of a kind this stretch does not know "
        f"(mood, posture_check), the first here, {UPDATE}; not merged\n"
    )
    assert machines.uids("b") == [good]  # the rest of the file merged
    assert machines.run("b", "history", wall=NOW).err == ""  # said once
    with other.open("a") as stream:
        stream.write(newer("mood", 41) + newer("mood", 42))
    assert machines.run("b", "history", wall=NOW).err == (
        f"stretch: warning: sync: {other}:46: 2 lines of a kind this stretch does not know "
        f"(mood), the first here, {UPDATE}; not merged\n"
    )
    shown = machines.run("b", "history", "sync", wall=NOW).out
    assert "refused (2 lines, not merged):" in shown


KNOWN = {*SESSION_KEYS, *sync_records.KINDS, *plan_lines.KINDS}
KINDS = st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True).filter(lambda k: k not in KNOWN)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(
        st.lists(st.one_of(KINDS, st.none()), min_size=1, max_size=12), min_size=1, max_size=4
    )
)
def test_any_number_of_newer_lines_is_at_most_one_warning_a_sync(
    machines: Machines, parts: list[list[str | None]]
) -> None:
    """Any mix of sessions (None) and newer kinds, written over several syncs: each sync says
    at most one line of the file, counting the newer lines written since the last, and every
    session is merged."""
    root = Path(tempfile.mkdtemp(dir=machines.root))
    state, folder = root / "state", root / "synced"
    state.mkdir()
    folder.mkdir()
    other = folder / file_name("far-0123abcd")
    other.write_text(header())
    store = History(state / "history.sqlite3", print, lambda: NOW)
    uids: list[str] = []
    for part in parts:
        with other.open("a") as stream:
            for item in part:
                if item is None:
                    uids.append(f"{len(uids) + 1:032x}")
                    stream.write(record(uids[-1], NOW - timedelta(minutes=len(uids))))
                else:
                    stream.write(newer(item, 0))
        said = sync.sync(store, str(folder), state).refused
        sync.told(state)
        count = sum(item is not None for item in part)
        assert len(said) == (1 if count else 0)
        if count:
            kinds = ", ".join(sorted({item for item in part if item is not None}))
            assert said[0].why == (
                f"{count} line{'s' if count > 1 else ''} of a kind this stretch does not know "
                f"({kinds}), the first here, {UPDATE}"
            )
    with store.connect() as db:
        assert sorted(row[0] for row in db.execute("SELECT uid FROM sessions")) == uids
    store.close()


def test_a_damaged_session_is_still_refused_by_its_line(machines: Machines) -> None:
    """Only a record of a kind (one key, its value an object) is a newer one: a session's
    line that lost its keys is damage, named by its line as before."""
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + '{"uid": {"a": 1}}\n' + '{"mood": 3}\n')
    err = machines.run("b", "history", wall=NOW).err.splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"stretch: warning: sync: {other}:2: ")
    assert err[1].startswith(f"stretch: warning: sync: {other}:3: ")
    assert UPDATE not in "\n".join(err)


def test_many_bad_lines_of_a_file_are_a_few_lines_said_never_a_flood(
    machines: Machines,
) -> None:
    """Any refusals: a file's first few are named, the rest counted in one line (the status
    of `stretch history sync` lists them all); another file's are said apart."""
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + '{"uid": 5}\n' * 50)
    third = machines.folder / file_name("near-0123abcd")
    third.write_text(header() + '{"uid": 6}\n')
    err = machines.run("b", "history", wall=NOW).err.splitlines()
    assert [line.split(": ", 4)[3] for line in err] == [
        f"{other}:2",
        f"{other}:3",
        f"{other}:4",
        f"{other}:5",
        f"{third}:2",
    ]
    assert err[3] == (
        f"stretch: warning: sync: {other}:5: and 47 more lines from here on, each refused "
        "(stretch history sync lists them); not merged"
    )
    shown = machines.run("b", "history", "sync", wall=NOW).out
    assert "refused (51 lines, not merged):" in shown
    assert machines.run("b", "history", wall=NOW).err == ""
