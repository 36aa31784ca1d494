"""A signal that ends a command while the history is being read: Ctrl-C 130, SIGTERM 143,
SIGHUP 129, and nothing said about the database (which is fine). The signal lands inside
one of the Python functions SQLite calls during the query, where it came back as an SQLite
error ("user-defined function raised exception") and was said as a history that could not be
read. Real processes; the signal is sent once the process says it is inside the query (it
then waits there until the signal comes), never after a guessed time."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history import local
from tests.fakes import NOW

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# Run as `python -c LAUNCHER ARGS`: `stretch ARGS`, which stops where BLOCK_AT says ("query":
# the first call of one of the history's SQL functions; a file name: just before a file of
# that name is moved into place), says so with a byte on the descriptor BLOCK_TELL, and
# waits there until a signal's handler raises.
LAUNCHER = """
import os, sys, time
from stretchcli.history import local

def block():
    os.write(int(os.environ["BLOCK_TELL"]), b"!")
    while True:
        time.sleep(0.05)  # a wait, not a timing: it ends when the signal's handler raises

where = os.environ["BLOCK_AT"]
if where == "query":
    def stopping(real):
        calls = []
        def call(*args):
            if not calls:
                calls.append(1)
                block()
            return real(*args)
        return call
    for name in ("local_text", "local_seconds", "local_day"):
        setattr(local, name, stopping(getattr(local, name)))
else:
    real_replace = os.replace
    def replace(source, target, *args, **kwargs):
        if os.path.basename(target) == where:
            block()
        return real_replace(source, target, *args, **kwargs)
    os.replace = replace
from stretchcli.entry import run
sys.argv = ["stretch", *sys.argv[1:]]
run()
"""

SIGNALS = [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
SIGNAL_IDS = ["SIGINT", "SIGTERM", "SIGHUP"]


def stopped_at(
    where: str, signum: int, *args: str, ignored: tuple[int, ...] = ()
) -> tuple[int, str]:
    """Run `stretch ARGS` until it reaches `where`, send it `signum` there; its exit code
    and what it wrote on stderr. With `ignored`: those signals are ignored when it starts
    (as nohup does), and sent to it first."""
    read, write = os.pipe()

    def ignore() -> None:
        for number in ignored:
            signal.signal(number, signal.SIG_IGN)

    child = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, *args],
        env={**os.environ, "BLOCK_AT": where, "BLOCK_TELL": str(write)},
        pass_fds=(write,),
        preexec_fn=ignore,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 120)  # only a bound for a broken test
        told = os.read(read, 1) if ready else b""
        if told != b"!":
            child.kill()
            _, err = child.communicate(timeout=60)
            pytest.fail(f"stretch never reached {where}: {err.decode()}")
        for number in (*ignored, signum):
            child.send_signal(number)
        _, err = child.communicate(timeout=120)
    finally:
        os.close(read)
    return child.returncode, err.decode()


def some_history(tmp_path: Path, count: int = 40) -> None:
    """A history of `count` sessions, a day apart up to NOW, imported as a person would."""
    lines = [{"format": "stretch-history", "version": 1}]
    for n in range(count):
        began = NOW - timedelta(days=count - n)
        lines.append(
            {
                "uid": f"{n + 1:032x}",
                "routine": "upper-back",
                "started_at": began.isoformat(),
                "ended_at": (began + timedelta(minutes=5)).isoformat(),
                "status": "completed",
                "seconds": 300.0,
                "exercises": [{"exercise": "chin-tuck", "status": "done", "holds": 2, "done": 2}],
            }
        )
    export = tmp_path / "sessions.jsonl"
    export.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "stretchcli", "history", "import", str(export)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    export.unlink()


COMMANDS = [
    ("history",),
    ("history", "--json"),
    ("report", "--format", "json"),
    ("report", "--format", "md"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=SIGNAL_IDS)
def test_a_signal_inside_a_history_query_is_that_signals_exit(
    tmp_path: Path, args: tuple[str, ...], signum: int, code: int
) -> None:
    some_history(tmp_path)
    assert stopped_at("query", signum, *args) == (code, "")


@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=SIGNAL_IDS)
def test_a_signal_inside_the_query_of_an_export_to_a_file(
    tmp_path: Path, signum: int, code: int
) -> None:
    some_history(tmp_path)
    target = tmp_path / "out" / "backup.jsonl"
    target.parent.mkdir()
    target.write_bytes(b"an older backup\n")
    got = stopped_at("query", signum, "history", "export", "-o", str(target))
    assert got == (code, "")
    assert os.listdir(target.parent) == ["backup.jsonl"]
    assert target.read_bytes() == b"an older backup\n"


# What makes an error of these functions an interrupt and nothing else: none of them fails
# for any value SQLite can hand it (they give NULL for what they cannot read).
MOMENTS = st.from_regex(
    r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00\Z"
)
VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(),
    st.binary(),
    MOMENTS,
    st.datetimes().map(lambda moment: moment.isoformat()),
)


@settings(max_examples=300)
@given(VALUES, st.one_of(VALUES, st.integers(-400, 400)))
def test_the_sql_functions_never_fail(value: object, digits: object) -> None:
    db = sqlite3.connect(":memory:")
    local.register(db)
    try:
        row = db.execute(
            f"SELECT {local.text(':v')}, {local.seconds(':v')}, {local.day(':v')},"
            f" {local.ROUND}(:v, :d), {local.rounded(':v', 1)}",
            {"v": value, "d": digits},
        ).fetchone()
    finally:
        db.close()
    assert all(found is None or isinstance(found, str | float) for found in row)


# The stored shape, its minutes in anything Python calls a digit (superscripts: '²'.isdigit()
# but int('²') fails; Arabic-Indic, wide digits).
DIGIT = st.characters(codec="utf-8").filter(str.isdigit)
ANY_DIGITS = st.tuples(DIGIT, DIGIT).map(lambda m: f"2026-12-05T10:{m[0]}{m[1]}:00.000000+00:00")


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "UTC"])
@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=ANY_DIGITS)
def test_they_never_fail_in_a_zone_of_minutes_either(
    monkeypatch: pytest.MonkeyPatch, zone: str, value: str
) -> None:
    """A moment in the stored shape but for digits beyond ASCII ('10:²³'), in a zone whose
    offset is not whole hours (the path that reads the minutes): NULL, never an error (one
    such row made history and report fail whole in India)."""
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    local.fresh()
    db = sqlite3.connect(":memory:")
    local.register(db)
    try:
        row = db.execute(
            f"SELECT {local.text('?')}, {local.seconds('?')}, {local.day('?')}", [value] * 3
        ).fetchone()
    finally:
        db.close()
        monkeypatch.undo()
        time.tzset()
        local.fresh()
    assert all(found is None or isinstance(found, str) for found in row)
