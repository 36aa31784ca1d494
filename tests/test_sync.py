"""One history across machines through a synced folder: machines are separate config and
state folders sharing one sync folder, on an injected clock. A session done on one machine
is seen by the others after a sync (and silences `stretch due` there); conflict copies are
merged; a half-synced line is waited for; a bad line or a wrong clock is refused and said
once; a machine's file is only ever appended to, by that machine."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history import sync, sync_local
from stretchcli.history.bulk import Span
from stretchcli.history.export_file import FORMAT, not_the_header
from stretchcli.history.store import History
from stretchcli.history.sync_append import append
from stretchcli.history.sync_files import (
    Mark,
    Refusal,
    Written,
    file_name,
    is_copy,
    machine_id,
    owner,
)
from stretchcli.history.sync_merge import HEADER
from stretchcli.records import ExerciseResult
from tests.conftest import Result, Stretch
from tests.fakes import NOW

# A run stores a session once its first exercise begins: a completed one has one at least.
DONE = [ExerciseResult("rhomboid-stretch", "done", 2, 2)]
ALL_DAY = 'remind = true\nremind_between = "00:00-24:00"\nremind_days = "every day"\n'


class Machines:
    """Machines by name, each with its own config and state folders, one sync folder."""

    def __init__(self, root: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.folder = root / "synced"
        self.folder.mkdir(parents=True)
        self.stretch = stretch
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping has tests of its own

    def state(self, name: str) -> Path:
        return self.root / name / "state"

    def on(self, name: str) -> None:
        """Commands from now on run on machine `name` (made on first use)."""
        config = self.root / name / "config"
        if not config.exists():
            config.mkdir(parents=True)
            (config / "config.toml").write_text(ALL_DAY + f'sync_folder = "{self.folder}"\n')
        self.monkeypatch.setenv("STRETCH_CONFIG_DIR", str(config))
        self.monkeypatch.setenv("STRETCH_STATE_DIR", str(self.state(name)))

    def run(self, name: str, *args: str, wall: datetime | None = None) -> Result:
        self.on(name)
        return self.stretch(*args, wall=wall)

    def session(self, name: str, at: datetime, routine: str = "desk-break") -> str:
        """A finished session on machine `name` at `at`, as a run records it; its uid."""
        self.on(name)
        store = History(self.state(name) / "history.sqlite3", print, lambda: at)
        ident = store.start(routine, {}, [], 3)
        store.finish(ident, "completed", 60.0, DONE, None)
        with store.connect() as db:
            uid = str(db.execute("SELECT uid FROM sessions WHERE id = ?", (ident,)).fetchone()[0])
        store.close()
        return uid

    def uids(self, name: str) -> list[str]:
        """The uids of the sessions `stretch history --json` shows on `name` (after a sync)."""
        result = self.run(name, "history", "--json", wall=NOW)
        assert result.code == 0, result.err
        return sorted(str(s["uid"]) for s in json.loads(result.out))

    def file_of(self, name: str) -> Path:
        return self.folder / file_name((self.state(name) / "machine-id").read_text().strip())


@pytest.fixture
def machines(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    return Machines(tmp_path / "machines", stretch, monkeypatch)


def header() -> str:
    return json.dumps(FORMAT) + "\n"


def record(uid: str, at: datetime, routine: str = "desk-break") -> str:
    """One session's line, as an export writes it."""
    return (
        json.dumps(
            {
                "uid": uid,
                "routine": routine,
                "started_at": at.isoformat(),
                "ended_at": (at + timedelta(minutes=1)).isoformat(),
                "status": "completed",
                "seconds": 60.0,
                "pain_before": None,
                "pain_after": None,
                "difficulty": None,
                "note": None,
                "exercises": [r.record() for r in DONE],
                "swaps": [],
                "options": {},
                "last_step": None,
            },
            separators=(",", ":"),
        )
        + "\n"
    )


# --- a session on one machine, seen on the others -----------------------------------------------


def test_a_run_on_one_machine_silences_due_on_the_other(machines: Machines) -> None:
    assert machines.run("b", "due", wall=NOW).out == "stretch due\n"  # and kept
    run = machines.run("a", "run", "desk-break", "--plain", "--scale", "0.25")
    assert run.code == 0, run.err
    lines = machines.file_of("a").read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["status"] == "completed"
    # The run ended 3:40 after NOW: the next reminder is 50 minutes after that minute.
    later = NOW + timedelta(minutes=5)
    assert machines.run("b", "due", wall=later).out == "stretch in 48m\n"
    assert machines.run("b", "due", wall=later).out == "stretch in 48m\n"  # kept: no change
    assert machines.uids("b") == machines.uids("a")


def test_three_machines_see_every_session_and_never_write_each_others_files(
    machines: Machines,
) -> None:
    made = [machines.session(name, NOW - timedelta(hours=n)) for n, name in enumerate("abc")]
    for name in "abc":
        machines.run(name, "history", "sync", wall=NOW)
    before = {name: machines.file_of(name).read_bytes() for name in "abc"}
    for name in "abc":
        assert machines.uids(name) == sorted(made)
    assert {name: machines.file_of(name).read_bytes() for name in "abc"} == before
    for name in "abc":  # each file has its own machine's session, once
        lines = machines.file_of(name).read_text().splitlines()
        assert [json.loads(line)["uid"] for line in lines[1:]] == [made["abc".index(name)]]


def test_sessions_from_before_sync_was_turned_on_are_written_once(
    machines: Machines, isolated: Path
) -> None:
    old = machines.session("a", NOW - timedelta(days=30))
    machines.on("a")
    (machines.root / "a" / "config" / "config.toml").write_text(ALL_DAY)  # no sync yet
    machines.run("a", "history", wall=NOW)
    assert not list(machines.folder.iterdir())
    (machines.root / "a" / "config" / "config.toml").write_text(
        ALL_DAY + f'sync_folder = "{machines.folder}"\n'
    )
    for _ in range(2):
        machines.run("a", "history", wall=NOW)
    lines = machines.file_of("a").read_text().splitlines()
    assert [json.loads(line).get("uid") for line in lines] == [None, old]
    assert machines.uids("b") == [old]


@pytest.mark.parametrize("damage", ["{damaged", "[" * 100_000])  # nested past Python's depth
def test_a_lost_sync_state_writes_no_session_twice(machines: Machines, damage: str) -> None:
    made = [machines.session("a", NOW - timedelta(hours=n)) for n in (1, 2)]
    machines.run("a", "history", wall=NOW)
    whole = machines.file_of("a").read_bytes()
    (machines.state("a") / "sync.json").write_text(damage)
    for command in (("history",), ("history", "sync")):
        result = machines.run("a", *command, wall=NOW)
        assert (result.code, "Recursion" in result.err) == (0, False), result.err
    assert machines.file_of("a").read_bytes() == whole
    assert machines.uids("b") == sorted(made)


def test_a_deleted_file_of_this_machine_is_written_again_whole(machines: Machines) -> None:
    made = [machines.session("a", NOW - timedelta(hours=n)) for n in (1, 2)]
    machines.run("a", "history", wall=NOW)
    whole = machines.file_of("a").read_bytes()
    machines.file_of("a").unlink()
    machines.run("a", "history", wall=NOW)
    assert machines.file_of("a").read_bytes() == whole
    assert machines.uids("b") == sorted(made)


def test_history_sync_says_what_is_synced(machines: Machines) -> None:
    machines.session("a", NOW - timedelta(hours=1))
    machines.session("a", NOW - timedelta(hours=2))
    machines.run("a", "history", "sync", wall=NOW)
    when = datetime(2026, 11, 4, 9, 15).astimezone()
    os.utime(machines.file_of("a"), (when.timestamp(), when.timestamp()))
    result = machines.run("b", "history", "sync", wall=NOW)
    a = (machines.state("a") / "machine-id").read_text().strip()
    b = (machines.state("b") / "machine-id").read_text().strip()
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"sync folder: {machines.folder}",
        f"this machine: {b} (writes {file_name(b)})",
        "other machines:",
        f"  {a}  2 sessions read, last written Wed 4 Nov 09:15",
    ]


def test_history_sync_says_when_sync_is_off(stretch: Stretch) -> None:
    result = stretch("history", "sync")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "sync is off: the history stays on this machine\n"
        "to share it: stretch config sync_folder PATH (a folder you already sync)\n"
    )


def test_a_folder_that_is_not_there_is_said_and_stops_nothing(machines: Machines) -> None:
    machines.session("a", NOW - timedelta(hours=1))
    machines.run("a", "history", wall=NOW)
    machines.folder.rename(machines.root / "unmounted")
    due = machines.run("a", "due", wall=NOW + timedelta(hours=2))
    assert (due.code, due.out, due.err) == (0, "stretch due\n", "")
    history = machines.run("a", "history", wall=NOW)
    assert history.code == 0
    assert history.err == (
        f"stretch: warning: sync: the sync folder {machines.folder} is not there (is its "
        "disk mounted?); the history was not synced (another: stretch config sync_folder "
        'PATH; none: stretch config sync_folder "")\n'
    )


def test_a_sync_that_fails_stops_neither_a_command_nor_a_run(
    machines: Machines, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise ValueError("something unforeseen")

    monkeypatch.setattr(sync, "sync", broken)
    monkeypatch.setattr(sync, "write_own", broken)
    said = "stretch: warning: sync: stopped by ValueError: something unforeseen; not synced\n"
    due = machines.run("a", "due", wall=NOW)
    assert (due.code, due.out, due.err) == (0, "stretch due\n", "")
    history = machines.run("a", "history", wall=NOW)
    assert (history.code, history.err) == (0, said)
    run = machines.run("a", "run", "desk-break", "--plain", "--scale", "0.25")
    assert run.code == 0
    assert run.err.count(said) == 1  # as the history is opened; not again as the run ends


def test_a_plans_level_changes_and_answers_go_with_the_sessions(machines: Machines) -> None:
    from stretchcli.history.barriers import Answer, add_answer, answers
    from stretchcli.history.levels import LevelChange, add_level_changes, level_changes

    uid = machines.session("a", NOW - timedelta(hours=2))
    at = (NOW - timedelta(hours=1)).isoformat()
    change = LevelChange.from_record(
        {
            "at": at,
            "exercise": "scapular-squeeze",
            "change": "up",
            "level_before": 1,
            "level": 2,
            "reason": "up: 3 green sessions in a row",
            "session_uid": uid,
            "alternative": None,
            "plan": "3d9a5c0e7b1f2a64",
        }
    )
    answer = Answer.from_record(
        {"at": at, "week": "2026-10-26", "answer": "pain", "sessions": 1, "goal": 3}
    )
    begun = replace(  # (a step follows a start of its exercise under its plan)
        change, at=NOW - timedelta(hours=3), change="start", before=None, level=1, session=None
    )
    with History(machines.state("a") / "history.sqlite3", print, lambda: NOW) as store:
        add_level_changes(store, [begun, change])
        add_answer(store, answer)
    machines.run("a", "history", wall=NOW)
    machines.run("b", "history", wall=NOW)
    with History(machines.state("b") / "history.sqlite3", print, lambda: NOW) as store:
        found = [c.exported() for c in level_changes(store)]
        assert found == [begun.exported(), change.exported()]
        assert [a.exported() for a in answers(store)] == [answer.exported()]
    machines.session("b", NOW - timedelta(minutes=30))
    machines.run("b", "history", wall=NOW)
    kinds = [
        next(iter(json.loads(line))) for line in machines.file_of("b").read_text().splitlines()
    ]
    assert kinds == ["format", "uid"]  # b passes on only its own
    kinds = [
        next(iter(json.loads(line))) for line in machines.file_of("a").read_text().splitlines()
    ]
    assert kinds == ["format", "uid", "level_change", "level_change", "barrier"]


# --- what sync tools do to files -----------------------------------------------------------------

COPIES = [
    "{name}.sync-conflict-20261104-103000-ABCDEFG.jsonl",  # Syncthing
    "{name} (Jane's conflicted copy 2026-11-04).jsonl",  # Dropbox
    "{name} (conflicted copy 2026-11-04 103000).jsonl",  # Nextcloud, ownCloud
    "{name}-DESKTOP-9H2JK3L.jsonl",  # OneDrive's "keep both": the computer's name
    "{name}-hilap.jsonl",  # the Linux OneDrive client: the host's name
    "{name}-hilap-safeBackup-0001.jsonl",  # ... and its newer form
    "{name} 2.jsonl",  # iCloud Drive
    "{name} (1).jsonl",  # Google Drive, OneDrive on the web
    "{name} 2 (1).jsonl",  # a copy of a copy
    "{name} (DESKTOP-9H2JK3L).jsonl",  # onedrived: the machine's name in brackets
    "{name} (conflicted).jsonl",  # pCloud's sync (its library renames the local version)
    "{name} (conflicted 2).jsonl",  # ... and the next ones, numbered
]


@pytest.mark.parametrize("pattern", COPIES)
def test_a_conflict_copy_is_merged_not_lost(machines: Machines, pattern: str) -> None:
    machines.session("a", NOW - timedelta(hours=3))
    machines.run("a", "history", wall=NOW)
    own = machines.file_of("a")
    copy = machines.folder / pattern.format(name=own.name.removesuffix(".jsonl"))
    only_in_copy = "c" * 32
    copy.write_text(own.read_text() + record(only_in_copy, NOW - timedelta(hours=2)))
    assert is_copy(copy.name) and owner(copy.name) == owner(own.name)
    assert only_in_copy in machines.uids("b")
    shown = machines.run("b", "history", "sync", wall=NOW).out
    assert f"(a sync tool's conflict copy: {copy.name})" in shown and "not read" not in shown
    assert only_in_copy in machines.uids("a")  # a's own file's copy too: merged, not written


def test_a_half_synced_line_is_waited_for_then_read(machines: Machines) -> None:
    first, second = "1" * 32, "2" * 32
    other = machines.folder / file_name("far-0123abcd")
    whole = header() + record(first, NOW - timedelta(hours=2)) + record(second, NOW)
    cut = whole.index(second) + 10
    for partial in (whole[:cut], whole[: len(whole) - 1]):  # mid-JSON; without its newline
        other.write_text(partial)
        result = machines.run("b", "history", wall=NOW)
        assert result.err == ""
        assert machines.uids("b") == [first]
    other.write_text(whole)
    assert machines.uids("b") == [first, second]
    assert "refused" not in machines.run("b", "history", "sync", wall=NOW).out


def test_a_bad_line_is_said_once_naming_its_file_and_line(machines: Machines) -> None:
    good = "3" * 32
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + '{"uid": 5}\n' + record(good, NOW - timedelta(minutes=2)))
    machines.on("b")
    due = machines.run("b", "due", wall=NOW)
    assert (due.code, due.out, due.err) == (0, "stretch in 49m\n", "")  # merged, quietly
    first = machines.run("b", "history", wall=NOW)
    assert first.err == (
        f"stretch: warning: sync: {other}:2: uid: expected a session id: 32 lowercase "
        "hexadecimal digits, got 5; not merged\n"
    )
    assert machines.run("b", "history", wall=NOW).err == ""  # said once
    assert machines.uids("b") == [good]
    shown = machines.run("b", "history", "sync", wall=NOW).out
    assert f"  {other.name}:2: " in shown and "refused (1 line, not merged):" in shown


def test_a_null_line_is_refused_not_passed_over_as_blank(machines: Machines) -> None:
    """Attack 21, B4: a line of JSON `null` was neither merged nor listed as refused."""
    good = "3" * 32
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(header() + "null\n\n" + record(good, NOW - timedelta(minutes=2)))
    first = machines.run("b", "history", wall=NOW)
    assert first.err == (
        f"stretch: warning: sync: {other}:2: expected a session: a JSON object, got null; "
        "not merged\n"
    )
    assert machines.uids("b") == [good]


def test_a_file_of_another_program_with_the_name_is_said_once_and_left_alone(
    machines: Machines,
) -> None:
    other = machines.folder / file_name("far-0123abcd")
    other.write_text('{"format": "something else"}\n' + record("6" * 32, NOW))
    first = machines.run("b", "history", wall=NOW)
    assert first.err == (f"stretch: warning: sync: {other}:1: {not_the_header(None)}; not merged\n")
    with other.open("a") as file:
        file.write(record("7" * 32, NOW))
    assert machines.run("b", "history", wall=NOW).err == ""
    assert machines.uids("b") == []


@pytest.mark.parametrize(
    ("text", "line", "why"),
    [
        ("hello there\n", 1, "not JSON (Expecting value)"),  # its one line, whole
        ("garbage\n" + header(), 1, "not JSON (Expecting value)"),  # the header after it
        ("[1]\n", 1, not_the_header([1])),
        ("\n \nhello\n", 3, "not JSON (Expecting value)"),  # blank lines before it
    ],
)
def test_a_machine_file_whose_first_line_is_no_header_is_named_not_waited_for(
    machines: Machines, text: str, line: int, why: str
) -> None:
    """Verify 25, V11: a file of one line that was not JSON was taken for a line still on
    its way, and listed as a machine with "0 sessions read" and nothing else, for ever; a
    header on line 2 was read on, line by line."""
    other = machines.folder / file_name("far-0123abcd")
    other.write_text(text + record("6" * 32, NOW) * text.endswith(header()))
    said = f"stretch: warning: sync: {other}:{line}: {why}; not merged\n"
    assert machines.run("b", "history", wall=NOW).err == said
    assert machines.run("b", "history", wall=NOW).err == ""  # said once
    shown = machines.run("b", "history", "sync", wall=NOW).out
    assert f"refused (1 line, not merged):\n  {other.name}:{line}: {why}\n" in shown
    assert machines.uids("b") == []


def test_blank_lines_before_a_machine_files_header_are_passed_over_as_an_import_does(
    machines: Machines,
) -> None:
    other = machines.folder / file_name("far-0123abcd")
    other.write_text("\n\n" + header() + record("6" * 32, NOW))
    assert machines.run("b", "history", wall=NOW).err == ""
    assert machines.uids("b") == ["6" * 32]


def test_a_machine_whose_clock_is_wrong_is_refused_and_said(machines: Machines) -> None:
    ahead, fine = "4" * 32, "5" * 32
    other = machines.folder / file_name("fast-0123abcd")
    other.write_text(
        header() + record(ahead, NOW + timedelta(days=3)) + record(fine, NOW - timedelta(hours=1))
    )
    result = machines.run("b", "history", wall=NOW)
    assert result.code == 0
    assert f"{other}:2: started_at: " in result.err
    assert "more than a day ahead of this machine's clock" in result.err
    assert machines.uids("b") == [fine]


def test_a_crash_mid_append_leaves_a_half_line_the_next_append_cuts_off(
    machines: Machines,
) -> None:
    first = machines.session("a", NOW - timedelta(hours=2))
    machines.run("a", "history", wall=NOW)
    own = machines.file_of("a")
    whole = own.read_bytes()
    second = machines.session("a", NOW - timedelta(hours=1))
    with own.open("ab") as file:  # the crash: half of the second session's line
        file.write(record(second, NOW - timedelta(hours=1)).encode()[:40])
    assert machines.uids("b") == [first]  # b waits for the rest of the line
    machines.run("a", "history", wall=NOW)  # a's next sync writes the second session whole
    text = own.read_bytes()
    assert text.startswith(whole) and text.endswith(b"\n")
    assert [json.loads(line).get("uid") for line in text.splitlines()] == [None, first, second]
    assert machines.uids("b") == sorted([first, second])


def test_an_unchanged_folder_is_not_read_again(
    machines: Machines, monkeypatch: pytest.MonkeyPatch
) -> None:
    machines.session("a", NOW - timedelta(hours=1))
    machines.run("a", "history", wall=NOW)
    machines.run("b", "history", wall=NOW)

    def never(*args: object) -> None:
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr(sync, "merge_file", never)
    assert machines.run("b", "history", wall=NOW).code == 0


def test_a_session_whose_run_goes_on_in_another_process_waits_for_its_end(
    tmp_path: Path,
) -> None:
    """A run asking its ratings has ended its session but not its process: another process's
    sync leaves the session to it, and writes it once that process is gone."""
    from stretchcli.history.liveness import process_started

    folder, state = tmp_path / "synced", tmp_path / "state"
    folder.mkdir()
    asking = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        began = process_started(asking.pid)
        assert began is not None
        at = datetime.fromtimestamp(began).astimezone()
        with History(state / "history.sqlite3", print, lambda: at) as store:
            ident = store.start("desk-break", {}, [], 3)
            store.finish(ident, "completed", 60.0, DONE, None)
            with store.connect() as db:
                db.execute("UPDATE sessions SET pid = ? WHERE id = ?", (asking.pid, ident))
                db.commit()
            assert sync.sync(store, str(folder), state).written == 0
            asking.kill()
            asking.wait()
            assert sync.sync(store, str(folder), state).written == 1
            assert sync.sync(store, str(folder), state).written == 0
    finally:
        asking.kill()
        asking.wait()


def test_history_sync_names_a_folder_that_is_not_there_in_one_line(machines: Machines) -> None:
    machines.on("a")
    machines.folder.rmdir()
    result = machines.run("a", "history", "sync", wall=NOW)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"stretch: the sync folder {machines.folder} is not there (is its disk mounted?); the "
        "history was not synced (another: stretch config sync_folder PATH; none: stretch "
        'config sync_folder "")\n'
    )


def test_a_copied_state_folder_is_found_out_and_its_sessions_merged(
    machines: Machines,
) -> None:
    """Two machines with one id (a home folder copied to a new machine) both append to one
    file: each merges what the other wrote, and says once what to do."""
    first = machines.session("a", NOW - timedelta(hours=3))
    machines.run("a", "history", wall=NOW)
    shutil.copytree(machines.state("a"), machines.state("copy"))
    second = machines.session("copy", NOW - timedelta(hours=2))
    machines.run("copy", "history", wall=NOW)
    result = machines.run("a", "history", wall=NOW)
    assert result.err == (f"stretch: warning: sync: {machines.file_of('a')}:1: {sync.SHARED}\n")
    assert machines.run("a", "history", wall=NOW).err == ""
    assert machines.uids("a") == sorted([first, second])
    shown = machines.run("a", "history", "sync", wall=NOW).out
    assert f"this machine's file: {sync.SHARED}\n" in shown and "refused" not in shown


def _append_many(path: str, tag: str) -> None:
    for n in range(200):
        append(Path(path), [record(f"{tag}{n:031x}"[-32:], NOW)], HEADER)


def test_two_processes_appending_at_once_leave_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / file_name("here-0123abcd")
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_append_many, args=(str(path), t)) for t in "ab"]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    lines = path.read_text().splitlines()
    assert lines[0] == header().strip() and lines.count(lines[0]) == 1
    uids = [json.loads(line)["uid"] for line in lines if "uid" in line]
    assert len(uids) == len(set(uids)) == 400


def test_two_machines_syncing_at_once_as_processes(machines: Machines) -> None:
    for n, name in enumerate("ab"):
        for hour in range(5):
            machines.session(name, NOW - timedelta(hours=hour, minutes=n))
    runs: list[subprocess.Popen[bytes]] = []
    for name in "ab":
        machines.on(name)
        runs.extend(
            subprocess.Popen(
                [sys.executable, "-m", "stretchcli", "history", "sync"],
                env=dict(os.environ),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        )
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert machines.uids("a") == machines.uids("b")
    assert len(machines.uids("a")) == 10
    for name in "ab":  # each session of a machine is in its file, whole, at least once
        lines = machines.file_of(name).read_text().splitlines()
        assert len({json.loads(line)["uid"] for line in lines[1:]}) == 5


# --- the same merged history on every machine, whatever the order --------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["session", "sync"])), max_size=14),
    count=st.integers(2, 3),
)
def test_any_interleaving_gives_every_machine_the_same_history(
    steps: list[tuple[int, str]], count: int
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "synced"
        folder.mkdir()
        clock = [NOW - timedelta(days=1)]
        stores = [
            History(root / str(n) / "history.sqlite3", print, lambda: clock[0])
            for n in range(count)
        ]
        made = set()
        for machine, step in steps:
            machine %= count
            clock[0] += timedelta(minutes=7)
            if step == "session":
                ident = stores[machine].start("desk-break", {}, [], None)
                stores[machine].finish(ident, "completed", 60.0, DONE, None)
                made.add(_records(stores[machine])[-1])
            sync.sync(stores[machine], str(folder), root / str(machine))
        for _ in range(2):  # everyone syncs: what one wrote, the next reads
            for machine in range(count):
                sync.sync(stores[machine], str(folder), root / str(machine))
        seen = [sorted(_records(store)) for store in stores]
        for store in stores:
            store.close()
        assert all(found == sorted(made) for found in seen)


Step = tuple[str, int, int, int]  # what, on which machine, from which, how much of a file


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["session", "sync", "copy", "half", "conflict"]),
            st.integers(0, 2),
            st.integers(0, 2),
            st.integers(1, 400),
        ),
        max_size=20,
    )
)
def test_files_half_copied_or_in_conflict_copies_still_give_every_machine_the_same_history(
    steps: list[Step],
) -> None:
    """Three machines, each with its own copy of the folder that a sync tool fills in its
    own time: another's file arrives whole, cut anywhere (half-synced), or beside an older
    version as a conflict copy. Once every file has arrived whole, every machine has every
    session, and nothing was refused."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        clock = [NOW - timedelta(days=1)]
        folders = [root / f"folder{n}" for n in range(3)]
        stores = [
            History(root / str(n) / "history.sqlite3", print, lambda: clock[0]) for n in range(3)
        ]
        for folder in folders:
            folder.mkdir()
        made = set()
        refused: list[Refusal] = []

        def synced(machine: int) -> None:
            refused.extend(
                sync.sync(stores[machine], str(folders[machine]), root / str(machine)).refused
            )

        for what, machine, source, amount in steps:
            clock[0] += timedelta(minutes=7)
            if what == "session":
                ident = stores[machine].start("desk-break", {}, [], None)
                stores[machine].finish(ident, "completed", 60.0, DONE, None)
                made.add(_records(stores[machine])[-1])
                synced(machine)
            elif what == "sync":
                synced(machine)
            elif source != machine:  # what arrived is read at once
                _arrive(folders[source], folders[machine], what, amount)
                synced(machine)
        for machine in range(3):
            synced(machine)
        for source in range(3):
            for machine in range(3):
                if source != machine:
                    _arrive(folders[source], folders[machine], "copy", 0)
        for machine in range(3):
            synced(machine)
        seen = [sorted(_records(store)) for store in stores]
        for store in stores:
            store.close()
        assert refused == []
        assert all(found == sorted(made) for found in seen)


def _arrive(source: Path, target: Path, how: str, amount: int) -> None:
    """The source machine's own file arriving in the target's folder: whole, cut after
    `amount` bytes, or whole beside the version there, which is renamed as a conflict
    copy."""
    ident = source.parent / source.name.replace("folder", "") / "machine-id"
    if not ident.exists():
        return  # the source has not synced yet
    path = source / file_name(ident.read_text().strip())
    if not path.exists():
        return
    there = target / path.name
    if how == "conflict" and there.exists():
        stem = path.name.removesuffix(".jsonl")
        copies = len(list(target.glob(f"{stem}.sync-conflict-*")))
        there.rename(target / f"{stem}.sync-conflict-20261104-{copies:06d}-ABCDEFG.jsonl")
    data = path.read_bytes()
    there.write_bytes(data[:amount] if how == "half" else data)


def _records(store: History) -> list[str]:
    return [
        json.dumps({k: v for k, v in json.loads(text).items() if k != "id"}, sort_keys=True)
        for text in store.records(Span())
    ]


# --- the pure parts ------------------------------------------------------------------------------


@given(host=st.text(max_size=80), random=st.text("0123456789abcdef", min_size=8, max_size=8))
def test_every_machine_id_names_its_file_and_its_copies(host: str, random: str) -> None:
    machine = machine_id(host, random)
    name = file_name(machine)
    assert owner(name) == machine and not is_copy(name)
    for pattern in COPIES:
        copy = pattern.format(name=name.removesuffix(".jsonl"))
        assert owner(copy) == machine and is_copy(copy)


@pytest.mark.parametrize(
    "name",
    [
        "notes.txt",
        ".syncthing.stretch-history-vm-0123abcd.jsonl.tmp",
        "~syncthing~stretch-history-vm-0123abcd.jsonl.tmp",
        "stretch-history-vm-0123abcd.jsonl.part",
        "stretch-history-vm-0123abcd (\x1b[31m conflict).jsonl",
        "stretch-history-VM-0123abcd.jsonl",
    ],
)
def test_other_files_are_left_alone(name: str) -> None:
    assert owner(name) is None


@given(
    written=st.lists(st.integers(1, 40), unique=True),
    held=st.lists(st.integers(1, 40), unique=True),
)
def test_written_has_what_was_written_and_not_what_was_held(
    written: list[int], held: list[int]
) -> None:
    done = [i for i in written if i not in held]
    found = Written().add(done, held)
    assert all(found.has(i) for i in done)
    assert not any(found.has(i) for i in held)
    assert not any(found.has(i) for i in range(1, 41) if i not in done)


@given(
    existing=st.lists(st.integers(1, 60), unique=True),
    handled=st.lists(st.integers(1, 60), unique=True),
)
def test_moving_past_ids_that_are_not_there_changes_nothing_that_is(
    existing: list[int], handled: list[int]
) -> None:
    """An id that is there is handled after `past_gaps` exactly when it was before; the
    ids kept one by one shrink to those above the first unhandled one."""
    before = Written().add(handled, [])
    after = before.past_gaps(sorted(existing))
    assert all(after.has(i) == before.has(i) for i in existing)
    assert after.through >= before.through
    first_pending = min((i for i in existing if not before.has(i)), default=None)
    if first_pending is not None:
        assert after.through < first_pending
    elif existing:  # all there are handled: none is kept one by one up to the last
        assert after.through >= max(existing)
        assert all(i > max(existing) for i in after.also)


def test_a_machine_that_merged_many_sessions_keeps_its_sync_state_short(
    machines: Machines,
) -> None:
    """The ids a merge gives (1 to 40 here, without a gap) must not pile up one by one in
    the sync state (each sync looked through all of them)."""
    other = machines.folder / file_name("far-0123abcd")
    uids = [f"{n:032x}" for n in range(1, 41)]
    other.write_text(
        header() + "".join(record(u, NOW - timedelta(hours=n)) for n, u in enumerate(uids))
    )
    for _ in range(2):
        machines.run("b", "history", "sync", wall=NOW)
    kept = json.loads((machines.state("b") / "sync.json").read_text())
    assert kept["written"] == {"through": 40, "also": []}
    machines.session("b", NOW - timedelta(minutes=5))
    machines.run("b", "history", "sync", wall=NOW)
    assert len(machines.file_of("b").read_text().splitlines()) == 2  # b's own, once
    assert len(machines.uids("b")) == 41


def test_a_mark_reads_a_shorter_file_from_its_start() -> None:
    mark = Mark(100, 5, 90, 3, 2)
    assert mark.start(100) == mark and mark.start(89) == Mark()
    assert mark.unchanged(100, 5) and not mark.unchanged(101, 5)


# --- the setting ---------------------------------------------------------------------------------


def test_config_sync_folder_is_made_a_full_path_and_must_be_there(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Sync").mkdir()
    monkeypatch.chdir(tmp_path)
    result = stretch("config", "sync_folder", "Sync")
    assert result.code == 0, result.err
    assert stretch("config", "sync_folder").out == json.dumps(str(tmp_path / "Sync")) + "\n"
    missing = stretch("config", "sync_folder", "Nowhere")
    assert missing.code == 2
    assert missing.err == (
        f"stretch: sync_folder: there is no folder {tmp_path / 'Nowhere'} "
        "(make it first, or give another path)\n"
    )
    (tmp_path / "a-file").write_text("")
    for thing in (tmp_path / "a-file", Path(os.devnull)):  # there, and not a folder
        not_a_folder = stretch("config", "sync_folder", str(thing))
        assert (not_a_folder.code, not_a_folder.err) == (
            2,
            f"stretch: sync_folder: {thing} is not a folder (give a folder)\n",
        )
    assert stretch("config", "sync_folder", "").code == 0
    assert stretch("config", "sync_folder").out == '""\n'


def test_a_relative_sync_folder_in_the_file_is_named_by_its_line(
    stretch: Stretch, isolated: Path
) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('sound = true\nsync_folder = "Sync"\n')
    result = stretch("history", "sync")
    assert result.code == 1
    assert result.err == (
        f"stretch: {path}:2:1: sync_folder: expected a full path, like ~/Sync or "
        "/home/me/Sync, not 'Sync'\n"
    )


def test_tab_offers_folders_for_sync_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stretchcli.cli.completion.offers import folders

    for name in ("Sync", "Shared", ".hidden"):
        (tmp_path / name).mkdir()
    (tmp_path / "Sfile").write_text("")
    monkeypatch.chdir(tmp_path)
    assert folders("S") == ["Shared/", "Sync/"]
    assert folders(f"{tmp_path}/Sy") == [f"{tmp_path}/Sync/"]
    assert folders("nowhere/x") == []


class FakeMsvcrt:
    """Windows' msvcrt locks, as they behave: a byte range held by one open file at a time
    (asked again while another holds it: refused)."""

    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self) -> None:
        self.held: dict[tuple[int, int, int], int] = {}

    def locking(self, fd: int, mode: int, count: int) -> None:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        if mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise OSError("not locked by this file")
            del self.held[key]
        elif key in self.held:
            raise OSError("locked by another")
        else:
            self.held[key] = fd


def test_on_windows_syncs_on_one_machine_take_turns(
    machines: Machines, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without fcntl, the state folder's lock is msvcrt's: a sync that finds another going
    on does nothing (rather than append to the file at the same time), and each lets go."""
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "fcntl", None)  # importing it fails, as on Windows
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    machines.session("a", NOW - timedelta(hours=1))
    state = machines.state("a")
    with History(state / "history.sqlite3", print, lambda: NOW) as store:
        with sync_local.locked(state, True) as held:
            assert held and len(fake.held) == 1
            assert sync.sync(store, str(machines.folder), state, wait=False) == sync.Synced()
            assert list(machines.folder.iterdir()) == []
        assert fake.held == {}
        assert sync.sync(store, str(machines.folder), state, wait=False).written == 1
        assert sync.sync(store, str(machines.folder), state).written == 0
    assert fake.held == {}
    assert len(machines.file_of("a").read_text().splitlines()) == 2
