"""Many sessions at once: what SQLite writes for a session (its record, its export line, its
report row) is what Python writes for it, in any zone; a row SQLite cannot vouch for is
read the slow way, with the same warning; the report's streamed JSON is `json.dumps` of the
whole; its charts are drawn whatever the counts."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli import text
from stretchcli.history import transfer
from stretchcli.history.bulk import Span
from stretchcli.history.damage import WHAT_TO_DO
from stretchcli.history.store import History
from stretchcli.records import ExerciseResult, Session
from stretchcli.report.collect import collect
from stretchcli.report.csv_format import CSV_COLUMNS, _plain, csv_cell, csv_text
from stretchcli.report.json_format import json_text, record
from stretchcli.report.model import Row
from stretchcli.words import parse_since
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_records import sessions

ROUNDS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES = ["Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]


@contextmanager
def stored(found: list[Session], zone: str) -> Iterator[History]:
    """A history of these sessions (each given a uid of its own), read in `zone`."""
    os.environ["TZ"] = zone  # conftest's `fixed_time` puts the test's zone back
    time.tzset()
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "h.sqlite3", print, lambda: NOW)
        history.add_sessions([replace(s, uid=f"{n:032x}") for n, s in enumerate(found)])
        try:
            yield history
        finally:
            history.close()


@ROUNDS
@given(st.lists(sessions(), max_size=5), st.sampled_from(ZONES))
def test_any_session_reads_the_same_from_sqlite_as_from_python(
    found: list[Session], zone: str
) -> None:
    with stored(found, zone) as history:
        slow = history.sessions()
        assert [json.loads(text) for text in history.records(Span())] == [s.record() for s in slow]
        assert [json.loads(text) for text in history.records(Span(), exported=True)] == [
            s.exported() for s in slow
        ]
        assert [Row.of(r) for r in history.report_rows(Span())] == [Row.of(s) for s in slow]


def test_exercises_come_in_the_order_of_their_places(isolated: Path) -> None:
    path = isolated / "h.sqlite3"
    history = History(path, print, lambda: NOW)
    history.add_sessions([replace(_one(), exercises=())])
    with closing(sqlite3.connect(path)) as db, db:
        for place, name in reversed(list(enumerate(["a-first", "b-second", "c-third"]))):
            db.execute(
                "INSERT INTO session_exercises VALUES (1, ?, ?, 'done', 1, 1)", (place, name)
            )
    (text,) = history.records(Span())
    assert [e["exercise"] for e in json.loads(text)["exercises"]] == [
        "a-first",
        "b-second",
        "c-third",
    ]


def _one(**changes: object) -> Session:
    session = Session(
        id=0,
        routine="desk-break",
        started_at=NOW - timedelta(hours=2),
        ended_at=NOW - timedelta(hours=2) + timedelta(minutes=3),
        status="completed",
        seconds=180.0,
        pain_before=4,
        pain_after=2,
        options={},
        last_step=2,
        exercises=(ExerciseResult("rhomboid-stretch", "done", 2, 2),),
        uid="a" * 32,
    )
    return replace(session, **changes)  # type: ignore[arg-type]


def test_rows_sqlite_cannot_vouch_for_are_read_as_python_reads_them(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    """Broken rows (options that are not a mapping, swaps that are not a list, a date that
    is not one, a rating that is not a whole number) are skipped with a warning, and a
    running session is asked whether its process is still there: SQLite renders none of
    them."""
    path = isolated / "state" / "history.sqlite3"
    history = History(path, print, lambda: NOW)
    history.add_sessions([_one(uid=f"{n:032x}") for n in range(6)])
    history.start("desk-break", {}, [], None)  # this process: running
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE sessions SET options = '[1]' WHERE id = 2")
        db.execute("UPDATE sessions SET swaps = 'nope' WHERE id = 3")
        db.execute("UPDATE sessions SET ended_at = 'yesterday' WHERE id = 4")
        db.execute("UPDATE sessions SET pain_before = 5.5 WHERE id = 5")
    code, out, err = stretch("history", "--json")
    assert code == 0
    shown = json.loads(out)
    assert [s["id"] for s in shown] == [1, 6, 7]
    assert shown[-1]["status"] == "running"
    skipped = "stretch: warning: skipping session {} of the history: sessions.{} of row {} "
    assert err.splitlines() == [
        skipped.format(2, "options", 2) + f"cannot be read: not a JSON object: [1] ({WHAT_TO_DO})",
        skipped.format(3, "swaps", 3)
        + f"cannot be read: Expecting value: line 1 column 1 (char 0) ({WHAT_TO_DO})",
        skipped.format(4, "ended_at", 4)
        + f"cannot be read: not a date written as YYYY-MM-DD: 'yesterday' ({WHAT_TO_DO})",
        skipped.format(5, "pain_before", 5)
        + f"cannot be read: not a rating from 0 to 10: 5.5 ({WHAT_TO_DO})",
    ]
    exported = tmp_path / "out.jsonl"
    code, _, err = stretch("history", "export", "-o", str(exported))
    # left out of the export too, each named, and the export ends in failure: a script notices
    assert code == 1 and len(err.splitlines()) == 5
    assert err.splitlines()[0] == (
        "stretch: warning: left out session 2: sessions.options of row 2 cannot be read: not a "
        f"JSON object: [1] ({WHAT_TO_DO})"
    )
    assert err.splitlines()[-1].startswith(
        f"stretch: history written to {exported} without 4 sessions that"
    )
    assert len(exported.read_text().splitlines()) == 1 + 3


# --- the report, streamed ---------------------------------------------------------------------

recent = st.builds(
    lambda session, back: replace(
        session, started_at=NOW - timedelta(minutes=back), ended_at=NOW - timedelta(minutes=back)
    ),
    sessions(),
    st.integers(0, 6 * 7 * 24 * 60),
)


@ROUNDS
@given(st.lists(recent, max_size=6), st.sampled_from(ZONES))
def test_the_streamed_report_is_the_whole_report(found: list[Session], zone: str) -> None:
    with stored(found, zone) as history:
        report = collect(history, parse_since("6w", history.now().date()), None, 3)
        whole = "".join(json_text(report))
        assert whole == text.json_text(record(report)) + "\n"  # what a terminal acts on escaped
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in report.rows():
            writer.writerow([csv_cell(_plain(row.record()[column])) for column in CSV_COLUMNS])
        assert "".join(csv_text(report)).split("\n", 2)[2] == out.getvalue()


def test_a_week_of_seven_hundred_sessions_is_charted(stretch: Stretch, isolated: Path) -> None:
    """More than 600 sessions that count in one week: there was no step for the chart's
    labels (StopIteration)."""
    history = History(isolated / "state" / "history.sqlite3", print, lambda: NOW)
    history.add_sessions(
        [_one(uid=f"{n:032x}", started_at=NOW - timedelta(minutes=n)) for n in range(700)]
    )
    target = isolated / "report.html"
    code, _, err = stretch("report", "-o", str(target))
    assert (code, err) == (0, f"stretch: report written to {target}\n")
    page = target.read_text()
    assert page.count("<svg") == 2
    assert ">700<" in page  # the week's bar, numbered


@given(st.integers(0, 10**15))
def test_the_chart_labels_step_by_one_two_or_five_whatever_the_top(top: int) -> None:
    from stretchcli.report.charts import label_step  # pygal: only where the charts are

    step = label_step(top)
    digits = str(step)
    assert digits[0] in "125" and set(digits[1:]) <= {"0"}
    assert top / step <= 12
    smaller = [s for s in (1, 2, 5) for s in [s * 10 ** (len(digits) - 1)] if s < step]
    smaller += [5 * 10 ** (len(digits) - 2)] if len(digits) > 1 else []
    assert all(top / s > 12 for s in smaller)


# --- an import, a batch at a time -------------------------------------------------------------


def export_text(found: list[Session]) -> str:
    header = json.dumps({"format": "stretch-history", "version": 1})
    return "\n".join([header, *(json.dumps(s.exported()) for s in found)]) + "\n"


def test_an_import_names_a_repeated_session_whichever_batch_it_is_in(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of two lines: a session repeated in a later batch is named with its first
    line, whether it is new (added by this import) or one the history had."""
    monkeypatch.setattr(transfer, "BATCH", 2)
    history = History(isolated / "state" / "history.sqlite3", print, lambda: NOW)
    had = _one(uid="a" * 32)
    history.add_sessions([had])
    new = [
        _one(
            uid=f"{n:032x}",
            started_at=NOW - timedelta(hours=n),
            ended_at=NOW - timedelta(hours=n, minutes=-3),
        )
        for n in range(1, 4)
    ]
    source = tmp_path / "in.jsonl"
    source.write_text(export_text([new[0], had, new[1], new[2], new[0], had]))
    code, out, err = stretch("history", "import", str(source))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"stretch: {source}:6: session {new[0].uid} is also on line 2",
        f"stretch: {source}:7: session {had.uid} is also on line 3",
        f"stretch: {source}: nothing was imported (2 bad lines) (the history is as it was)",
    ]
    assert len(history.sessions()) == 1
    source.write_text(export_text([new[0], had, new[1], new[2]]))
    assert stretch("history", "import", str(source)).out == (
        "imported 3 sessions; 1 already there\n"
    )
    oldest_first = [new[2], had, new[1], new[0]]  # had and new[1] at one time: by id
    assert [s.uid for s in history.sessions()] == [s.uid for s in oldest_first]


RANK = ("done", "hurt", "partial", "skipped", "not reached")  # a session's best of its times


@ROUNDS
@given(st.lists(recent, max_size=6), st.sampled_from(ZONES))
def test_exercises_are_tallied_in_the_order_they_first_came(
    found: list[Session], zone: str
) -> None:
    # The first session each is in (by its start, then as stored), then its place there;
    # each session counted once, under the best of its times with the exercise (one done in
    # full, then said to hurt, is done and hurt), and the sessions it is in. Three ids, so
    # that most come in several sessions, in different places, and twice in one session.
    pool = ("neck-tilt", "chin-tuck", "wall-angel")
    found = [
        replace(
            s, exercises=tuple(replace(e, exercise=pool[len(e.exercise) % 3]) for e in s.exercises)
        )
        for s in found
    ]
    order = sorted(range(len(found)), key=lambda n: (found[n].started_at, n))
    first: list[str] = []
    counts: dict[str, Counter[str]] = {}
    sessions: Counter[str] = Counter()
    for n in order:
        for result in found[n].exercises:
            if result.exercise not in first:
                first.append(result.exercise)
        had: dict[str, set[str]] = {}
        for e in found[n].exercises:
            had.setdefault(e.exercise, set()).add(e.status)
            if e.in_full:  # done in full, then said to hurt
                had[e.exercise].add("done")
        for name, statuses in had.items():
            best = min(statuses, key=RANK.index)  # one status a session: its best time
            counts.setdefault(name, Counter())[best] += 1
            if best == "done" and "hurt" in statuses:  # and hurt beside it
                counts[name]["hurt"] += 1
        sessions.update({e.exercise for e in found[n].exercises})
    with stored(found, zone) as history:
        tallies = history.tallies(Span())
    assert [t.exercise for t in tallies][: len(first)] == first
    assert {t.exercise: t.statuses for t in tallies if t.exercise in counts} == counts
    assert {t.exercise: t.sessions for t in tallies if t.exercise in counts} == sessions
