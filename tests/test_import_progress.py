"""A record of a session exported while it ran is later than the stored one only if nothing
in it went back (attack 2): its time, its step, each exercise's holds done and status. One
with more time but less done, or a finished one shorter than a snapshot, is a conflict named
by its line, and the stored one stays. Import and sync merge by the same rule."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.export_file import FORMAT
from stretchcli.history.store import History
from stretchcli.history.sync_files import file_name
from stretchcli.history.transfer import import_lines
from stretchcli.records import ExerciseResult, Session
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_history import NOON
from tests.test_sync import Machines, header, machines

__all__ = ["machines"]  # the fixture, used here

UID = "ef" * 16
STARTED = NOW - timedelta(days=3)


def snapshot(status: str, seconds: float, result: str, done: int) -> dict[str, object]:
    ended = None if status == "running" else STARTED + timedelta(minutes=5)
    return {
        "uid": UID,
        "routine": "desk-break",
        "started_at": STARTED.isoformat(),
        "ended_at": ended and ended.isoformat(),
        "status": status,
        "seconds": seconds,
        "pain_before": 5,
        "pain_after": None,
        "difficulty": None,
        "note": None,
        "exercises": [{"exercise": "rhomboid-stretch", "status": result, "holds": 2, "done": done}],
        "swaps": [],
        "options": {},
        "last_step": 0,
    }


def test_a_snapshot_with_less_done_or_a_shorter_end_is_a_conflict(
    stretch: Stretch, tmp_path: Path
) -> None:
    files = {
        "q1": snapshot("running", 200.0, "partial", 1),
        "q3": snapshot("running", 250.0, "not reached", 0),  # more time, less done
        "q2": snapshot("completed", 100.0, "done", 2),  # ended, shorter than a snapshot
    }
    for name, record in files.items():
        (tmp_path / name).write_text(f"{json.dumps(FORMAT)}\n{json.dumps(record)}\n")
    assert stretch("history", "import", str(tmp_path / "q1")) == (
        0,
        "imported 1 session; 0 already there\n",
        "",
    )
    for name, differ in (("q3", "exercises, seconds"), ("q2", "ended_at, exercises, seconds")):
        path = tmp_path / name
        assert stretch("history", "import", str(path)) == (
            0,
            "imported 0 sessions; 0 already there; 1 conflict\n",
            f"stretch: warning: {path}:2: session {UID} differs from the stored one "
            f"({differ if name == 'q3' else differ.replace(', seconds', ', seconds, status')}); "
            "the stored one was kept\n",
        )
    out = stretch("history", "--json").out
    (stored,) = json.loads(out)
    assert (stored["seconds"], stored["exercises"][0]["done"]) == (200.0, 1)


STATUSES = ["not reached", "skipped", "partial", "done", "hurt"]
RANK = {"not reached": 0, "skipped": 1, "partial": 1, "done": 2, "hurt": 3}


@st.composite
def two_records(draw: st.DrawFn) -> tuple[Session, Session]:
    """Two records of a run still going (no end said), of two exercises of 4 holds."""

    def record() -> Session:
        results: list[ExerciseResult] = []
        for name in ("chest-stretch", "rhomboid-stretch"):
            # As a run reaches its steps: none after one not reached, none of it done.
            unreached = bool(results) and results[-1].status == "not reached"
            status = "not reached" if unreached else draw(st.sampled_from(STATUSES))
            done = {"done": 4, "not reached": 0}.get(status, draw(st.integers(0, 4)))
            results.append(ExerciseResult(name, status, 4, done))  # type: ignore[arg-type]
        return Session(
            id=0,
            uid=UID,
            routine="desk-break",
            started_at=STARTED,
            ended_at=None,
            status="running",
            seconds=float(draw(st.integers(0, 600))),
            pain_before=None,
            pain_after=None,
            options={},
            last_step=draw(st.integers(0, 3)),
            exercises=tuple(results),
        )

    return record(), record()


def ahead_or_as(one: Session, other: Session) -> bool:
    """Nothing in `one` is behind `other`."""
    return (
        one.seconds >= other.seconds
        and (one.last_step or 0) >= (other.last_step or 0)
        and all(
            a.done >= b.done and RANK[a.status] >= RANK[b.status]
            for a, b in zip(one.exercises, other.exercises, strict=True)
        )
    )


def hurt_named(one: Session, other: Session) -> bool:
    """Whether `other` is `one` at the same moment of its run with exercises named as the
    one that hurt (`h`, or the question after the run), and nothing else: a later record."""
    return (
        one != other
        and round(one.seconds, 1) == round(other.seconds, 1)
        and one.last_step == other.last_step
        and all(
            a == b or (a.status in ("done", "partial") and b == replace(a, status="hurt"))
            for a, b in zip(one.exercises, other.exercises, strict=True)
        )
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_records())
def test_a_later_record_is_taken_only_when_nothing_in_it_went_back(
    records: tuple[Session, Session],
) -> None:
    stored, incoming = records
    header = json.dumps(FORMAT)
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "h.sqlite3", print, lambda: NOON)
        import_lines(history, [header, json.dumps(stored.exported())])
        done = import_lines(history, [header, json.dumps(incoming.exported())])
        (kept,) = history.sessions()
        history.close()
    same = replace(incoming, id=0) == replace(stored, id=0)
    on = (incoming.seconds, incoming.last_step or 0) > (stored.seconds, stored.last_step or 0)
    back = (incoming.seconds, incoming.last_step or 0) < (stored.seconds, stored.last_step or 0)
    if same or (back and ahead_or_as(stored, incoming)) or hurt_named(incoming, stored):
        assert (done.updated, done.conflicts) == (0, ())  # the same, or an earlier record
    elif (on and ahead_or_as(incoming, stored)) or hurt_named(stored, incoming):
        assert done.updated == 1
        assert replace(kept, id=0, status="running") == incoming
    else:  # something went back, or nothing went on
        assert done.updated == 0
        assert len(done.conflicts) == 1
        assert replace(kept, id=0, status="running") == stored


def test_sync_merges_by_the_same_rule(machines: Machines) -> None:
    other = machines.folder / file_name("far-0123abcd")
    compact = (",", ":")
    first = json.dumps(snapshot("running", 200.0, "partial", 1), separators=compact)
    other.write_text(f"{header()}{first}\n")
    assert machines.run("b", "history", wall=NOW).code == 0
    with other.open("a") as stream:  # more time, fewer holds done: no later record of it
        stream.write(json.dumps(snapshot("running", 250.0, "not reached", 0)) + "\n")
    said = machines.run("b", "history", "--json", wall=NOW)
    assert f"{other}:3: session {UID} differs from the stored one (exercises, seconds)" in said.err
    (stored,) = json.loads(said.out)
    assert (stored["seconds"], stored["exercises"][0]["done"]) == (200.0, 1)
