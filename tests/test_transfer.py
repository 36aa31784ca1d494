"""Notes on sessions, and the history moved between machines: export, import, merge."""

from __future__ import annotations

import io
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from stretchcli.cli import main
from stretchcli.env import Environment
from stretchcli.exported import OPTION_KEYS, RESULT_KEYS, SESSION_KEYS, SWAP_KEYS
from stretchcli.history.barriers import EXPORTED_KEYS as ANSWER_KEYS
from stretchcli.history.export_file import FORMAT, MAX_DEPTH, MAX_LINE, _depth
from stretchcli.history.levels import EXPORTED_KEYS as CHANGE_KEYS
from stretchcli.history.store import History
from stretchcli.history.transfer import NAMED, Imported, ImportError_, export_lines, import_lines
from stretchcli.model import MOVEMENTS
from stretchcli.records import (
    EXERCISE_STATUSES,
    SESSION_STATUSES,
    EndStatus,
    ExerciseResult,
    Session,
)
from stretchcli.session_shape import FASTEST_HOLD, SPAN_SLACK
from tests.conftest import REPO, Result, Stretch
from tests.fakes import NOW
from tests.test_history import NOON, db_path, seed, store
from tests.test_records import CONTROLS, PARTNERS, PATHS, any_values, key_of, put, ratings
from tests.test_records import sessions as run_sessions


def sessions(stretch: Stretch) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(stretch("history", "--json", wall=NOON).out)
    return data


def test_a_note_given_at_the_start_and_one_added_later(stretch: Stretch) -> None:
    code, _, _ = stretch(
        "run", "upper-back", "--json", "--only", "thoracic-rotation", "--note", "tight on the left"
    )
    assert code == 0
    assert [s["note"] for s in sessions(stretch)] == ["tight on the left"]
    assert stretch("history", "note", "better", "after", "lunch") == (
        0,
        "Noted on session 1 (was: tight on the left): better after lunch\n",
        "",
    )
    assert stretch("history", "note", "1", "first one") == (
        0,
        "Noted on session 1 (was: better after lunch): first one\n",
        "",
    )
    assert [s["note"] for s in sessions(stretch)] == ["first one"]
    assert stretch("history", "note", "7", "x") == (
        1,
        "",
        "stretch: no session 7 (see the ids with `stretch history --json`)\n",
    )
    assert stretch("history", "note", "  ")[0] == 2


@pytest.mark.parametrize("number", ["9223372036854775808", "1" + "0" * 40, "00000000000000001"])
def test_a_note_for_a_number_too_large_for_any_session_is_one_line(
    stretch: Stretch, number: str
) -> None:
    stretch("run", "upper-back", "--json", "--only", "thoracic-rotation")
    code, out, err = stretch("history", "note", number, "x")
    if number.lstrip("0") == "1":
        assert (code, out) == (0, "Noted on session 1: x\n")
        return
    assert (code, out) == (2, "")  # beyond any id SQLite can give: not an id at all
    assert err.startswith(f"stretch: '{number}' is not a session id (a session's id is a whole")
    assert err.count("\n") == 1


def test_a_note_with_no_session_yet(stretch: Stretch) -> None:
    assert stretch("history", "note", "hello") == (
        1,
        "",
        "stretch: no session yet to add a note to (run one first)\n",
    )


def machine(isolated: Path, name: str, days: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the state folder at machine `name` and give it sessions `days` ago."""
    state = isolated / name
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    history, _ = store(state / "history.sqlite3")
    for back in days:
        seed(history, NOW - timedelta(days=back), 5, pain=(4, 2))  # days the clock has seen


def test_export_then_import_elsewhere_round_trips_and_twice_adds_nothing(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [3, 2, 1], monkeypatch)
    stretch("history", "note", "1", "tight on the left")
    exported = tmp_path / "history.jsonl"
    assert stretch("history", "export", "-o", str(exported)) == (
        0,
        "",
        f"stretch: history written to {exported}\n",
    )
    lines = exported.read_text().splitlines()
    assert json.loads(lines[0]) == {"format": "stretch-history", "version": 1}
    assert len(lines) == 4
    before = sessions(stretch)
    machine(isolated, "desktop", [], monkeypatch)
    assert stretch("history", "import", str(exported)) == (
        0,
        "imported 3 sessions; 0 already there\n",
        "",
    )
    after = sessions(stretch)
    assert [{**s, "id": 0} for s in after] == [{**s, "id": 0} for s in before]
    assert (
        stretch("history", "import", str(exported)).out == "imported 0 sessions; 3 already there\n"
    )
    assert len(sessions(stretch)) == 3


def test_two_machines_merge_into_one_history(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {}
    for name, days in (("laptop", [5, 3]), ("desktop", [4, 1])):
        machine(isolated, name, days, monkeypatch)
        files[name] = tmp_path / f"{name}.jsonl"
        stretch("history", "export", "-o", str(files[name]))
    stretch("history", "import", str(files["laptop"]))  # on the desktop
    machine(isolated, "laptop", [], monkeypatch)
    stretch("history", "import", str(files["desktop"]))
    laptop = [s["uid"] for s in sessions(stretch)]
    machine(isolated, "desktop", [], monkeypatch)
    desktop = [s["uid"] for s in sessions(stretch)]
    assert len(laptop) == 4 and laptop == desktop  # the same four, oldest first, on both


def test_a_bad_file_imports_nothing_and_names_every_bad_line(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [2, 1], monkeypatch)
    good = tmp_path / "good.jsonl"
    stretch("history", "export", "-o", str(good))
    header, first, second = good.read_text().splitlines()
    broken = json.loads(second)
    broken["pain_after"] = 11
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([header, first, "{not json", json.dumps(broken), first]) + "\n")
    machine(isolated, "desktop", [3], monkeypatch)
    code, out, err = stretch("history", "import", str(bad))
    assert (code, out) == (1, "")
    uid = json.loads(first)["uid"]
    assert err.splitlines() == [
        f"stretch: {bad}:3:2: not JSON (Expecting property name enclosed in double quotes)",
        f"stretch: {bad}:4: pain_after: expected null or a whole number from 0 to 10, got 11",
        f"stretch: {bad}:5: session {uid} is also on line 2",
        f"stretch: {bad}: nothing was imported (3 bad lines) (the history is as it was)",
    ]
    assert len(sessions(stretch)) == 1
    other = tmp_path / "other.txt"
    other.write_text("hello\n")
    assert stretch("history", "import", str(other))[2] == (
        f"stretch: {other}:1:1: not JSON (Expecting value)\n"
        f"stretch: {other}: nothing was imported (1 bad line) (the history is as it was)\n"
    )


def test_a_conflict_keeps_the_stored_session_and_says_so(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [1], monkeypatch)
    exported = tmp_path / "history.jsonl"
    stretch("history", "export", "-o", str(exported))
    header, line = exported.read_text().splitlines()
    changed = {**json.loads(line), "pain_before": 9}  # (a note is merged: test_import_notes)
    exported.write_text(f"{header}\n{json.dumps(changed)}\n")
    code, out, err = stretch("history", "import", str(exported))
    assert (code, out) == (0, "imported 0 sessions; 0 already there; 1 conflict\n")
    assert err == (
        f"stretch: warning: {exported}:2: session {changed['uid']} differs from the stored one "
        "(pain_before); the stored one was kept\n"
    )
    assert [s["pain_before"] for s in sessions(stretch)] == [4]


def test_a_database_from_before_stable_ids_gets_them(isolated: Path) -> None:
    import sqlite3
    from contextlib import closing

    from stretchcli.history.schema import migrate

    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as db, db:
        migrate(db, 5)
        db.execute(
            "INSERT INTO sessions (routine, started_at, status) VALUES "
            "('a', '2026-11-01T10:00:00+00:00', 'completed'), "
            "('b', '2026-11-02T10:00:00+00:00', 'completed')"
        )
    db.close()
    history, _ = store(path, NOW)
    uids = [s.uid for s in history.sessions()]
    assert len(set(uids)) == 2 and all(len(u) == 32 for u in uids)


def test_swaps_travel_and_a_file_from_before_them_still_imports(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [1], monkeypatch)
    stretch("run", "back-pain-relief", "--json", "--avoid", "extension")
    exported = tmp_path / "history.jsonl"
    stretch("history", "export", "-o", str(exported))
    header, older, swapped = exported.read_text().splitlines()
    without = json.loads(older)
    del without["swaps"]  # as written before swaps were kept
    bad = {**json.loads(swapped), "uid": "f" * 32, "swaps": [{"exercise": "x"}]}
    exported.write_text("\n".join([header, json.dumps(without), swapped, json.dumps(bad)]) + "\n")
    machine(isolated, "desktop", [], monkeypatch)
    code, _, err = stretch("history", "import", str(exported))
    assert code == 1
    assert err.splitlines()[0] == (
        f"stretch: {exported}:4: swaps[0].avoided: missing (expected a list of 1 to 4 "
        "different movements of rotation, side-bend, flexion, extension)"
    )
    exported.write_text("\n".join([header, json.dumps(without), swapped]) + "\n")
    assert stretch("history", "import", str(exported)).out == (
        "imported 2 sessions; 0 already there\n"
    )
    assert [s["swaps"] for s in sessions(stretch)] == [
        [],
        [{"exercise": "back-extension", "instead": "pelvic-tilt", "avoided": ["extension"]}],
    ]
    # Imported again: the same two, though the first line has no swaps.
    assert stretch("history", "import", str(exported)).out == (
        "imported 0 sessions; 2 already there\n"
    )


# Import takes only what a run can produce, read a line at a time, never more of one than a
# session can be, from a file, standard input or a pipe with a writer: never waiting on a fifo
# that nothing writes to, never reading a device.


def exported_lines(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, days: list[int]
) -> tuple[str, list[dict[str, object]]]:
    """The header and the sessions of an export from a machine with sessions `days` ago;
    the state folder is then an empty machine's."""
    machine(isolated, "laptop", days, monkeypatch)
    history, _ = store(isolated / "laptop" / "history.sqlite3")
    header, *lines = "".join(export_lines(history)).splitlines()
    history.close()
    machine(isolated, "desktop", [], monkeypatch)
    return header.strip(), [json.loads(line) for line in lines]


def write(path: Path, header: str, *sessions: object) -> Path:
    path.write_text("\n".join([header, *(json.dumps(s) for s in sessions)]) + "\n")
    return path


def piped(data: bytes, *args: str) -> Result:
    """`stretch history import - ARGS` with `data` on standard input, a pipe read in a C
    locale (its text layer is ASCII; the bytes under it are what count)."""
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="ascii")
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin, out, err, os.environ, wall_clock=lambda: NOON)
    code = main(["history", "import", "-", *args], env)
    return Result(code, out.getvalue(), err.getvalue())


def child(*args: str, stdin: IO[bytes] | None = None) -> subprocess.CompletedProcess[str]:
    """`stretch ARGS` in a child process; one that would wait for ever fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "stretchcli", *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"last_step": 2**63}, "last_step: expected null or a whole number from 0 to 14399, "),
        ({"note": "\ud800"}, "note: expected null or one line of 1 to 500 printable characte"),
        ({"last_step": "x"}, 'last_step: expected null or a whole number from 0 to 14399, got "x'),
        ({"status": "paused"}, "status: expected one of running, completed, stopped, interrupt"),
        ({"seconds": 1e9}, "seconds: expected a number of seconds (16 hours at most) from 0 to "),
        ({"id": 7}, "id: not a key a run writes here (the keys: uid, routine, started_at, ended"),
    ],
)
def test_a_value_no_run_writes_is_one_line_with_its_line_and_key_and_nothing_is_stored(
    stretch: Stretch,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, object],
    problem: str,
) -> None:
    header, (first, second) = exported_lines(isolated, monkeypatch, [2, 1])
    holds = {"exercises": [{**first["exercises"][0], "holds": 2**63}]}  # type: ignore[index]
    bad = write(tmp_path / "bad.jsonl", header, {**first, **holds}, {**second, **change})
    code, out, err = stretch("history", "import", str(bad))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == (
        f"stretch: {bad}:2: exercises[0].holds: expected a whole number from 0 to 4000, "
        "got 9223372036854775808"
    )
    assert lines[1].startswith(f"stretch: {bad}:3: {problem}")
    assert lines[2:] == [
        f"stretch: {bad}: nothing was imported (2 bad lines) (the history is as it was)"
    ]
    assert sessions(stretch) == []


def test_deep_nesting_is_one_line_not_a_recursion_error(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header, (first,) = exported_lines(isolated, monkeypatch, [1])
    deep = json.dumps(first).replace(
        '"options": {', '"options": {"x": ' + "[" * 100_000 + "]" * 100_000 + ", ", 1
    )
    bad = tmp_path / "deep.jsonl"
    bad.write_text(f"{header}\n{deep}\n")
    assert stretch("history", "import", str(bad)) == (
        1,
        "",
        f"stretch: {bad}:2: nested more than {MAX_DEPTH} deep (a session nests 4 deep at most)\n"
        f"stretch: {bad}: nothing was imported (1 bad line) (the history is as it was)\n",
    )


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 10_000])
def test_nesting_up_to_the_bound_is_read_as_json_and_deeper_is_not(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, depth: int
) -> None:
    header, (first,) = exported_lines(isolated, monkeypatch, [1])
    inner = "[" * (depth - 1) + '"a[{\\"]"' + "]" * (depth - 1)  # brackets in a string count not
    del first["note"]
    line = json.dumps(first)[:-1] + f', "note": {inner}}}'
    bad = tmp_path / "nested.jsonl"
    bad.write_text(f"{header}\n{line}\n")
    code, _, err = stretch("history", "import", str(bad))
    assert code == 1
    if depth <= MAX_DEPTH:  # read, then refused for what it is
        assert err.splitlines()[0].startswith(f"stretch: {bad}:2: note: expected null or one")
    else:
        assert f"{bad}:2: nested more than {MAX_DEPTH} deep" in err.splitlines()[0]


def test_json_that_no_export_has_is_refused_by_line(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header, (first,) = exported_lines(isolated, monkeypatch, [1])
    line = json.dumps(first)
    bad = tmp_path / "odd.jsonl"
    bad.write_text(
        "\n".join(
            [
                header,
                line.replace('"seconds": ', '"seconds": NaN, "x": ', 1),
                line.replace('"uid": ', '"uid": "a", "uid": ', 1),
                line.replace('"seconds": ', '"seconds": 1' + "0" * 5000 + ', "x": ', 1),
                line.replace('"note": null', '"note": "a\tb"', 1),  # a raw tab in a string
            ]
        )
        + "\n"
    )
    code, _, err = stretch("history", "import", str(bad))
    tab = line.index('"note": null') + len('"note": "a') + 1
    assert code == 1
    assert err.splitlines()[:4] == [
        f"stretch: {bad}:2: not JSON a run writes (NaN is not a number JSON has)",
        f'stretch: {bad}:3: not JSON a run writes (the key "uid" is given twice in one object)',
        f"stretch: {bad}:4: not JSON a run writes (a number of 5001 characters is too "
        "long to read)",
        f"stretch: {bad}:5:{tab}: not JSON (Invalid control character)",
    ]


def test_a_line_longer_than_any_session_stops_the_reading(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header, (first,) = exported_lines(isolated, monkeypatch, [1])
    bad = tmp_path / "long.jsonl"
    bad.write_text(f"{header}\n{json.dumps(first)}\n" + "x" * (MAX_LINE + 10) + "\n{}\n")
    assert stretch("history", "import", str(bad)) == (
        1,
        "",
        f"stretch: {bad}:3: longer than any session (more than {MAX_LINE:,} bytes); the rest "
        "of the file was not read\n"
        f"stretch: {bad}: nothing was imported (1 bad line) (the history is as it was)\n",
    )
    step = "s" * 17  # 14,400 of these fill the largest routine file a run reads (256 KiB)
    fits = {
        **first,
        "status": "stopped",  # (a completed one has no step not reached)
        "note": "\U0001f600" * 500,  # 12 bytes each in the export
        "exercises": [{"exercise": step, "status": "not reached", "holds": 4000, "done": 0}]
        * 14_400,
        "swaps": [  # each step swapped for an alternative of its own
            {"exercise": f"s{i:016}", "instead": f"t{i:016}", "avoided": list(MOVEMENTS)}
            for i in range(14_400)
        ],
        "options": {
            "only": [f"s{i:016}" for i in range(14_400)],  # each step once
            "skip": [],
            "variants": {step: step},
        },
    }
    assert 3_000_000 < len(json.dumps(fits)) < MAX_LINE  # about the longest a run writes
    good = write(tmp_path / "good.jsonl", header, fits)
    assert stretch("history", "import", str(good)).out == "imported 1 session; 0 already there\n"


def test_a_device_is_refused_without_reading_it(stretch: Stretch, tmp_path: Path) -> None:
    for device in ("/dev/zero", "/dev/null", "/dev/urandom"):
        assert stretch("history", "import", device) == (
            1,
            "",
            f"stretch: {device} is a device, not a file (give a file written by "
            "`stretch history export`)\n",
        )
    assert stretch("history", "import", str(tmp_path)) == (
        1,
        "",
        f"stretch: {tmp_path} is a folder (give a file written by `stretch history export`)\n",
    )


def test_standard_input_from_dev_zero_stops_at_the_first_line() -> None:
    with open("/dev/zero", "rb") as zeros:
        stdin = io.TextIOWrapper(zeros, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        env = Environment(stdin, out, err, os.environ, wall_clock=lambda: NOON)
        assert main(["history", "import", "-"], env) == 1
    assert err.getvalue() == (
        f"stretch: <stdin>:1: longer than any session (more than {MAX_LINE:,} bytes); the rest "
        "of the file was not read\n"
        "stretch: <stdin>: nothing was imported (1 bad line) (the history is as it was)\n"
    )


def test_dash_reads_standard_input_as_utf_8_whatever_the_locale(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header, (first,) = exported_lines(isolated, monkeypatch, [1])
    noted = {**first, "note": "tight on the left, après le café"}
    data = f"{header}\n{json.dumps(noted, ensure_ascii=False)}\n".encode()
    assert piped(data) == (0, "imported 1 session; 0 already there\n", "")
    assert [s["note"] for s in sessions(stretch)] == ["tight on the left, après le café"]
    assert piped(data).out == "imported 0 sessions; 1 already there\n"
    bad = data.replace(b"\xc3\xa9", b"\xe9", 1)  # Latin-1, not UTF-8
    code, _, err = piped(bad)
    column = len(json.dumps(noted, ensure_ascii=False).split("é")[0]) + 1
    assert (code, err.splitlines()[0]) == (1, f"stretch: <stdin>:2:{column}: not UTF-8 text")


def test_dash_from_a_terminal_is_refused(stretch: Stretch) -> None:
    assert stretch("history", "import", "-", typed="") == (
        1,
        "",
        "stretch: standard input is a terminal, not an export (give a file, or pipe one in: "
        "stretch history import - < history.jsonl)\n",
    )


def test_a_fifo_that_nothing_writes_to_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = child("history", "import", str(fifo))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"stretch: {fifo} is a fifo that nothing is writing to (start what writes to it "
        f"first, e.g. stretch history export -o {fifo} &)\n"
    )


@pytest.fixture
def fifo_with_a_writer(tmp_path: Path) -> Iterator[tuple[Path, threading.Thread, list[bytes]]]:
    """A fifo that a thread has opened to write (it writes what is put in its list once
    started); a reader end is held open meanwhile, so the writer need not wait for one."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    holder = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer_fd = os.open(fifo, os.O_WRONLY)  # a reader exists: this does not wait
    data: list[bytes] = []

    def write() -> None:
        with open(writer_fd, "wb") as writer:
            writer.write(b"".join(data))

    yield fifo, threading.Thread(target=write), data
    os.close(holder)


def test_a_fifo_with_a_writer_is_read(
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    fifo_with_a_writer: tuple[Path, threading.Thread, list[bytes]],
) -> None:
    fifo, writer, data = fifo_with_a_writer
    header, found = exported_lines(isolated, monkeypatch, [3, 2, 1])
    data.append("".join(f"{line}\n" for line in [header, *map(json.dumps, found)]).encode())
    importing = subprocess.Popen(
        [sys.executable, "-m", "stretchcli", "history", "import", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writer.start()  # the child may open the fifo before or after the data is written
    out, err = importing.communicate(timeout=60)
    writer.join()
    assert (importing.returncode, out, err) == (0, "imported 3 sessions; 0 already there\n", "")


def test_process_substitution_and_a_pipe_into_dash_are_read(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [3, 2, 1], monkeypatch)
    laptop = os.environ["STRETCH_STATE_DIR"]
    stretch_ = f"{sys.executable} -m stretchcli"
    for name, importing in [
        (
            "desktop",
            f"{stretch_} history import <(STRETCH_STATE_DIR={laptop} {stretch_} history export)",
        ),
        (
            "tablet",
            f"STRETCH_STATE_DIR={laptop} {stretch_} history export | {stretch_} history import -",
        ),
    ]:
        monkeypatch.setenv("STRETCH_STATE_DIR", str(isolated / name))
        done = subprocess.run(["bash", "-c", importing], capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == (
            0,
            "imported 3 sessions; 0 already there\n",
            "",
        )


def test_many_bad_lines_name_the_first_few_and_count_the_rest(
    stretch: Stretch, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": "stretch-history", "version": 1}\n' + "{}\n" * 1000)
    code, _, err = stretch("history", "import", str(bad))
    lines = err.splitlines()
    assert code == 1 and len(lines) == NAMED + 2
    assert lines[0] == (
        f"stretch: {bad}:2: uid: missing (expected a session id: 32 lowercase hexadecimal digits)"
    )
    assert lines[-2:] == [
        f"stretch: {bad}: and {1000 - NAMED} more bad lines",
        f"stretch: {bad}: nothing was imported (1000 bad lines) (the history is as it was)",
    ]


def test_the_first_line_must_be_the_header_and_a_newer_one_says_so(
    stretch: Stretch, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.jsonl"
    newer.write_text('\n{"format": "stretch-history", "version": 3}\n{"uid": 1}\n')
    assert stretch("history", "import", str(newer))[2].splitlines()[0] == (
        f"stretch: {newer}:2: an export of a newer stretch (version 3); this one reads "
        "versions 1 to 2: upgrade stretch to import it"
    )
    headless = tmp_path / "headless.jsonl"
    headless.write_text("\n\n{}\n")
    assert stretch("history", "import", str(headless))[2].splitlines()[0] == (
        f"stretch: {headless}:3: not a stretch history export (an export's first line is "
        '{"format": "stretch-history", "version": 1}, as `stretch history export` writes it, '
        "or version 2 with a plan's records)"
    )


# A session exported while it ran merges with its later records; the same file twice, or two
# imports at once, add nothing more.

RESULTS = [ExerciseResult("thoracic-rotation", "not reached", 10, 0)]


def export_to(history: History, path: Path) -> Path:
    path.write_text("".join(export_lines(history)))
    return path


def test_a_session_exported_while_running_is_brought_up_to_date_when_it_has_ended(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [NOW]  # the laptop's: it runs on while the session does
    laptop = History(isolated / "laptop" / "history.sqlite3", lambda _: None, lambda: clock[0])
    session_id = laptop.start("upper-back", {}, RESULTS, 5, "stiff")  # run by this process
    laptop.progress(session_id, 30.0, RESULTS, 0)
    running = export_to(laptop, tmp_path / "running.jsonl")
    assert json.loads(running.read_text().splitlines()[1])["status"] == "running"
    machine(isolated, "desktop", [], monkeypatch)
    assert stretch("history", "import", str(running)).out == "imported 1 session; 0 already there\n"
    assert [(s["status"], s["seconds"]) for s in sessions(stretch)] == [("interrupted", 30.0)]
    # Again, and the desktop's own export of it (where it reads as interrupted), add nothing.
    assert stretch("history", "import", str(running)) == (
        0,
        "imported 0 sessions; 1 already there\n",
        "",
    )
    desktop = tmp_path / "desktop.jsonl"
    stretch("history", "export", "-o", str(desktop))
    assert stretch("history", "import", str(desktop)).out == (
        "imported 0 sessions; 1 already there\n"
    )
    done = [ExerciseResult("thoracic-rotation", "done", 10, 10)]
    laptop.progress(session_id, 61.0, RESULTS, 0)
    later = export_to(laptop, tmp_path / "later.jsonl")
    clock[0] = NOW + timedelta(seconds=125)
    laptop.finish(session_id, "completed", 120.0, done, 0)
    laptop.set_pain_after(session_id, 2)
    finished = export_to(laptop, tmp_path / "finished.jsonl")
    for path, seconds, said in [
        (later, 61.0, "imported 0 sessions; 0 already there; 1 updated\n"),
        (finished, 120.0, "imported 0 sessions; 0 already there; 1 updated\n"),
        (later, 120.0, "imported 0 sessions; 1 already there\n"),  # an earlier record
        (running, 120.0, "imported 0 sessions; 1 already there\n"),
        (finished, 120.0, "imported 0 sessions; 1 already there\n"),
    ]:
        assert stretch("history", "import", str(path)) == (0, said, "")
        assert [s["seconds"] for s in sessions(stretch)] == [seconds]
    (stored,) = sessions(stretch)
    assert (stored["status"], stored["pain_before"], stored["pain_after"], stored["note"]) == (
        "completed",
        5,
        2,
        "stiff",
    )
    assert stored["exercises"] == [e.record() for e in done]
    # The laptop takes the desktop's export, made before the end, as an earlier record.
    monkeypatch.setenv("STRETCH_STATE_DIR", str(isolated / "laptop"))
    laptop.close()
    assert stretch("history", "import", str(desktop)).out == (
        "imported 0 sessions; 1 already there\n"
    )


def test_an_earlier_record_of_a_run_still_going_here_adds_nothing(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [], monkeypatch)
    laptop, _ = store(isolated / "laptop" / "history.sqlite3", NOW)
    session_id = laptop.start("upper-back", {}, RESULTS, None)  # run by this process
    laptop.progress(session_id, 30.0, RESULTS, 0)
    early = export_to(laptop, tmp_path / "early.jsonl")
    laptop.progress(session_id, 60.0, RESULTS, 0)
    for _ in range(2):
        assert stretch("history", "import", str(early)) == (
            0,
            "imported 0 sessions; 1 already there\n",
            "",
        )
    assert [(s["status"], s["seconds"]) for s in sessions(stretch)] == [("running", 60.0)]


def test_the_same_file_twice_is_a_no_op_even_with_a_session_that_was_running(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _ = store(isolated / "laptop" / "history.sqlite3", NOW)
    laptop.start("upper-back", {}, RESULTS, None)
    seed(laptop, NOW - timedelta(days=1), 5)
    exported = export_to(laptop, tmp_path / "history.jsonl")
    machine(isolated, "desktop", [], monkeypatch)
    assert stretch("history", "import", str(exported)).out == (
        "imported 2 sessions; 0 already there\n"
    )
    assert stretch("history", "import", str(exported)) == (
        0,
        "imported 0 sessions; 2 already there\n",
        "",
    )


def interleaved(
    path: Path, lines: list[str], point: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Imported], bool]:
    """Two imports of `lines` into the history at `path`, the other one run whole as this
    one goes to the database for the `point`-th time; what each did (this one's first), and
    whether it got that far."""
    this, _ = store(path)
    other, _ = store(path)
    real = History.connect
    entered: list[History] = []
    done: list[Imported] = []

    @contextmanager
    def connect(history: History) -> Iterator[sqlite3.Connection]:
        if history is this:
            entered.append(history)
            if len(entered) == point:
                done.append(import_lines(other, lines))
        with real(history) as db:
            yield db

    monkeypatch.setattr(History, "connect", connect)
    done.insert(0, import_lines(this, lines))
    monkeypatch.setattr(History, "connect", real)
    assert len(this.sessions()) == len(lines) - 1
    this.close()
    other.close()
    return done, len(entered) >= point


def test_two_imports_of_one_file_at_once_add_each_session_once(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other import runs whole at each point where this one goes to the database (two
    processes interleave there: inside a write transaction the other one waits)."""
    header, found = exported_lines(isolated, monkeypatch, [3, 2, 1])
    lines = [header, *map(json.dumps, found)]
    for point in range(1, 10):
        path = isolated / f"point-{point}" / "history.sqlite3"
        done, reached = interleaved(path, lines, point, monkeypatch)
        if not reached:  # this import went to the database fewer times: all points seen
            break
        assert sorted((i.added, i.known, i.conflicts) for i in done) == [(0, 3, ()), (3, 0, ())]
    assert point > 1


@pytest.mark.slow
def test_two_processes_importing_one_file_at_once_add_each_session_once(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header, (first,) = exported_lines(isolated, monkeypatch, [1])
    many = [{**first, "uid": f"{n:032x}"} for n in range(2000)]
    exported = write(tmp_path / "many.jsonl", header, *many)
    for round_ in range(3):
        monkeypatch.setenv("STRETCH_STATE_DIR", str(isolated / f"round-{round_}"))
        both = [
            subprocess.Popen(
                [sys.executable, "-m", "stretchcli", "history", "import", str(exported)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        said = sorted((*p.communicate(timeout=120), p.returncode) for p in both)
        assert said == [
            ("imported 0 sessions; 2000 already there\n", "", 0),
            ("imported 2000 sessions; 0 already there\n", "", 0),
        ]


@st.composite
def records_of_a_run(draw: st.DrawFn) -> list[Session]:
    """The records an export can have of one run, oldest first: taken while it ran (time
    and step going on), then perhaps the one written as it ended."""
    start = draw(run_sessions().filter(lambda s: bool(s.exercises)))  # stored once one begins
    start = replace(start, status="running", ended_at=None, pain_after=None, difficulty=None)
    times = draw(st.lists(st.integers(0, 10_000), min_size=1, max_size=5, unique=True))
    # Each record with its holds done (the run's records share them here), which took time.
    held = math.ceil(max(0, sum(e.done for e in start.exercises) * FASTEST_HOLD - SPAN_SLACK))
    found = [replace(start, seconds=held + t / 10, last_step=0) for t in sorted(times)]
    if draw(st.booleans()):
        last = found[-1]
        status: EndStatus = draw(st.sampled_from(["completed", "stopped", "interrupted"]))
        found[-1] = replace(
            last,
            status=status,
            exercises=tuple(  # a run that completes enters every step
                replace(e, status="skipped")
                if status == "completed" and e.status == "not reached"
                else e
                for e in last.exercises
            ),
            ended_at=last.started_at + timedelta(seconds=last.seconds),
            pain_after=draw(ratings),
            difficulty=draw(ratings),
        )
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_of_a_run(), st.data())
def test_records_of_one_run_imported_in_any_order_keep_the_latest_and_never_conflict(
    records: list[Session], data: st.DataObject
) -> None:
    order = data.draw(st.lists(st.sampled_from(records), min_size=1, max_size=8))
    header = json.dumps(FORMAT)
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "h.sqlite3", print, lambda: NOON)
        latest = -1
        for record in order:
            done = import_lines(history, [header, json.dumps(record.exported())])
            rank = records.index(record)
            assert (done.added, done.known, done.updated, done.conflicts) == (
                int(latest < 0),
                int(0 <= rank <= latest),
                int(0 <= latest < rank),
                (),
            )
            latest = max(latest, rank)
        (stored,) = history.sessions()
        history.close()
    expected = records[latest]
    if expected.status == "running":  # its run is not on this machine
        expected = replace(expected, status="interrupted")
    assert replace(stored, id=0, started_at=expected.started_at) == expected
    assert stored.started_at == expected.started_at


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_of_a_run(), st.sampled_from(["routine", "started_at", "pain_before", "options"]))
def test_another_run_with_the_same_id_is_a_conflict_and_the_stored_one_stays(
    records: list[Session], key: str
) -> None:
    first, last = records[0], records[-1]
    if key == "routine":
        changed = replace(last, routine=last.routine + "-2")
    elif key == "started_at":
        later = timedelta(seconds=1)  # its end with it: never before its start
        ended = last.ended_at and max(last.ended_at, last.started_at + later)
        changed = replace(last, started_at=last.started_at + later, ended_at=ended)
    elif key == "pain_before":
        changed = replace(last, pain_before=3 if last.pain_before is None else None)
    else:
        changed = replace(
            last, options={**last.options, "scale": 0.5 + (last.options.get("scale") == 0.5)}
        )
    header = json.dumps(FORMAT)
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "h.sqlite3", print, lambda: NOON)
        import_lines(history, [header, json.dumps(first.exported())])
        done = import_lines(history, [header, json.dumps(changed.exported())])
        (stored,) = history.sessions()
        history.close()
    assert (done.added, done.known, done.updated) == (0, 0, 0)
    (conflict,) = done.conflicts
    assert key in conflict.split("(")[1].split(")")[0].split(", ")
    assert stored.seconds == first.seconds


def in_folder(folder: Path, *args: str) -> Result:
    """`stretch ARGS` with its state in `folder` (for property tests: no fixtures)."""
    environ = {
        **os.environ,
        "STRETCH_STATE_DIR": str(folder / "state"),
        "STRETCH_CONFIG_DIR": str(folder / "config"),
        "STRETCH_CACHE_DIR": str(folder / "cache"),
    }
    out, err = io.StringIO(), io.StringIO()
    env = Environment(io.StringIO(), out, err, environ, wall_clock=lambda: NOON)
    code = main(list(args), env)
    return Result(code, out.getvalue(), err.getvalue())


def finite(data: object) -> bool:
    """Whether `data` has no NaN or infinite number (JSON has neither)."""
    try:
        json.dumps(data, allow_nan=False)
    except ValueError:
        return False
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(run_sessions(least=1), st.sampled_from(PATHS), any_values)
def test_any_json_value_in_any_field_is_imported_as_a_run_writes_it_or_refused_by_line_and_key(
    session: Session, path: str, value: object
) -> None:
    data = json.loads(json.dumps(session.exported()))
    put(data, path, value)
    line = json.dumps(data)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        exported = folder / "in.jsonl"
        exported.write_text(f"{json.dumps(FORMAT)}\n{line}\n")
        code, out, err = in_folder(folder, "history", "import", str(exported))
        event("refused" if code else "imported")
        if code:
            first = err.splitlines()[0]
            if not finite(data):  # NaN and Infinity are not JSON: refused before any key
                assert first.startswith(f"stretch: {exported}:2: not JSON a run writes (")
            else:
                assert first.startswith(f"stretch: {exported}:2: {key_of(path)}") or (
                    path in PARTNERS and any(f":2: {key}: " in first for key in PARTNERS[path])
                ), first
            assert in_folder(folder, "history", "--json").out == "[]\n"  # nothing stored
            return
        assert (out, err) == ("imported 1 session; 0 already there\n", "")
        shown = in_folder(folder, "history", "--json")
        assert shown.err == ""
        (stored,) = json.loads(shown.out)
        read = Session.from_record(data)
        if read.status == "running":  # its run is not on this machine
            read = replace(read, status="interrupted")
        times = ("started_at", "ended_at")
        assert {k: v for k, v in stored.items() if k not in (*times, "id")} == {
            k: v for k, v in read.record().items() if k not in (*times, "id")
        }
        assert [stored[k] and datetime.fromisoformat(stored[k]) for k in times] == [
            read.started_at,
            read.ended_at,
        ]
        assert in_folder(folder, "history").code == 0
        again = in_folder(folder, "history", "export", "-o", str(folder / "out.jsonl"))
        assert again.code == 0
        assert in_folder(folder, "history", "import", str(folder / "out.jsonl")).out == (
            "imported 0 sessions; 1 already there\n"
        )


@pytest.mark.parametrize("character", CONTROLS)
def test_a_raw_control_character_anywhere_in_a_line_is_refused_by_its_line(
    stretch: Stretch,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    character: str,
) -> None:
    header, (first,) = exported_lines(isolated, monkeypatch, [1])
    line = json.dumps({**first, "note": "tight left"})
    places = [line.index("tight") + 3, line.index(', "status"') + 1, len(line) - 1]
    for place in places:
        bad = tmp_path / "control.jsonl"
        bad.write_bytes(f"{header}\n{line[:place]}{character}{line[place:]}\n".encode())
        code, _, err = stretch("history", "import", str(bad))
        if character in "\t\r" and place != places[0]:  # JSON's white space, between tokens
            assert (code, err) == (0, ""), (place, character)  # JSON's own white space
            assert stretch("history", "import", str(bad)).out.endswith("1 already there\n")
            continue
        assert code == 1, (place, character)
        lines = err.splitlines()
        if place == places[0] and character >= " ":  # JSON lets DEL and C1 be in a string
            assert lines[0].startswith(f"stretch: {bad}:2: note: expected null or one line")
        else:  # the rest, and anything outside a string, is not JSON
            where = re.escape(f"stretch: {bad}:2:")
            assert re.fullmatch(rf"{where}\d+: not JSON \(.*\)", lines[0]), lines[0]
        assert lines[-1] == (
            f"stretch: {bad}: nothing was imported ({len(lines) - 1} bad line"
            f"{'s' if len(lines) > 2 else ''}) (the history is as it was)"
        )
        assert all(c.isprintable() for c in err.replace("\n", "")), err


def test_the_readme_example_imports_and_the_readme_names_every_key(stretch: Stretch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Your history, and moving it between machines")[1]
    section = section.split("\n### ")[0]
    (example,) = re.findall(r"```jsonl\n(.*?)```", section, flags=re.S)
    header, line, begun, change, answer = example.splitlines()
    assert json.loads(header) == FORMAT
    session = json.loads(line)
    assert list(session) == list(SESSION_KEYS)  # a whole line, every key in its place
    assert list(json.loads(change)["level_change"]) == list(CHANGE_KEYS)
    assert list(json.loads(answer)["barrier"]) == list(ANSWER_KEYS)
    code, out, err = piped(example.encode())
    assert (code, out, err) == (
        0,
        "imported 1 session; 0 already there; level changes: 2 added, 0 already there; "
        "answers: 1 added, 0 already there\n",
        "",
    )
    stored, *items = sessions(stretch)  # then the plan's, as exported
    assert items == [json.loads(begun), json.loads(change), json.loads(answer)]
    assert {**stored, "id": 0} == {
        "id": 0,
        **{k: v for k, v in session.items() if k not in ("options", "last_step")},
    }
    for key in (*SESSION_KEYS, *RESULT_KEYS, *SWAP_KEYS, *OPTION_KEYS, *CHANGE_KEYS, *ANSWER_KEYS):
        assert f"`{key}`" in section, key
    for word in (*SESSION_STATUSES, *EXERCISE_STATUSES, *MOVEMENTS):
        assert f"`{word}`" in section, word


def test_a_file_that_is_not_text_is_refused_at_its_first_line(
    stretch: Stretch, tmp_path: Path
) -> None:
    import gzip

    packed = tmp_path / "history.jsonl.gz"
    packed.write_bytes(gzip.compress(b"{}\n" * 50, mtime=0))
    assert stretch("history", "import", str(packed)) == (  # gzip's magic: 1f 8b
        1,
        "",
        f"stretch: {packed}:1:2: not UTF-8 text\n"
        f"stretch: {packed}: nothing was imported (1 bad line) (the history is as it was)\n",
    )


def nesting(value: object) -> int:
    """How deep a JSON value nests (a list or an object is one level)."""
    if isinstance(value, list):
        return 1 + max(map(nesting, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(nesting, value.values()), default=0)
    return 0


tricky_text = st.text(st.sampled_from('ab[]{}"\\\\/\n'), max_size=6)


def wrapped(value: object, times: int, key: str) -> object:
    """`value` inside `times` lists and objects, one in the other."""
    for n in range(times):
        value = [value, key] if n % 2 else {key: value, "k": key}
    return value


json_trees = st.recursive(
    st.none() | st.integers() | tricky_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_text, inner, max_size=3),
    max_leaves=20,
)


@settings(max_examples=300)
@given(st.builds(wrapped, json_trees, st.integers(0, 2 * MAX_DEPTH), tricky_text), st.booleans())
def test_the_nesting_bound_counts_brackets_outside_strings_only(
    value: object, ascii_only: bool
) -> None:
    line = json.dumps(value, ensure_ascii=ascii_only)
    assert (_depth(line) > MAX_DEPTH) == (nesting(value) > MAX_DEPTH)


def test_an_import_leaves_the_history_checking_its_keys(tmp_path: Path) -> None:
    """The import writes its exercise rows without SQLite looking up each one's session (it
    gives them their ids itself); every row still has its session, and the connection kept
    for later writers checks keys again, after an import taken and one refused."""
    source, _ = store(tmp_path / "source.sqlite3")
    for days in (3, 2, 1):
        seed(source, NOON - timedelta(days=days), 10)
    lines = "".join(export_lines(source)).splitlines()
    history, _ = store(tmp_path / "history.sqlite3")
    for attempt in (lines, [*lines, "{not json"]):
        try:
            import_lines(history, attempt)
        except ImportError_:
            assert attempt[-1] == "{not json"
        with history.connect() as db:
            assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
            counts = db.execute(
                "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM session_exercises)"
            ).fetchone()
            assert counts == (3, 3)
    with history.connect() as db, db:
        db.execute("DELETE FROM sessions WHERE id = 1")  # its exercises go with it
        assert db.execute("SELECT count(*) FROM session_exercises").fetchone() == (2,)


@settings(max_examples=200)
@given(json_trees.filter(lambda value: not isinstance(value, dict)), st.sampled_from(["", " "]))
def test_every_line_that_is_no_object_is_refused_at_its_line(value: object, pad: str) -> None:
    """Attack 21, B4: a line of JSON `null` was passed over as a blank line, and the import
    said it took the rest; `false`, `0`, `[]` were refused. Nothing a run never writes is
    taken quietly, in an import or a sync file."""
    with tempfile.TemporaryDirectory() as folder:
        history, _ = store(Path(folder) / "history.sqlite3")
        line = pad + json.dumps(value) + pad
        with pytest.raises(ImportError_) as refused:
            import_lines(history, [json.dumps(FORMAT), line])
        assert refused.value.problems[0].startswith("2:")
        assert "JSON object" in refused.value.problems[0] or "nested" in refused.value.problems[0]


@pytest.mark.parametrize("blanks", [0, 1, 3])
def test_a_null_where_the_header_belongs_is_said_not_to_be_a_header(blanks: int) -> None:
    """Attack 22, C7: after a blank line (the header is the first line that is not blank),
    `null` was "expected a session", not "not a stretch history export"."""
    from stretchcli.history.export_file import not_the_header

    with tempfile.TemporaryDirectory() as folder:
        history, _ = store(Path(folder) / "history.sqlite3")
        with pytest.raises(ImportError_) as refused:
            import_lines(history, [""] * blanks + ["null"])
        assert refused.value.problems == [f"{blanks + 1}: {not_the_header(None)}"]
