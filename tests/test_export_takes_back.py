"""What `history export` writes, `history import` takes: a history changed by hand (SQL that
puts a value out of range) is exported without the sessions and records the import would
refuse, each named in a one-line warning with what is wrong, and the export ends with exit 1
(the rest written) so that a script notices."""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.exported import MAX_HOLDS, MAX_SESSION_SECONDS, MAX_STEPS
from stretchcli.history.damage import WHAT_TO_DO
from stretchcli.history.store import History
from stretchcli.history.transfer import LeftOut, export_lines, import_lines
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_history import NOON, seed, store


def by_hand(path: Path, *statements: str) -> None:
    """Change the history as a person with SQL can: past the table's own checks."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            db.execute(statement)
        db.commit()


def three_sessions(path: Path) -> list[str]:
    history, _ = store(path)
    for back in (3, 2, 1):
        seed(history, NOW - timedelta(days=back), 5, pain=(4, 2))
    history.close()
    with closing(sqlite3.connect(path)) as db:
        return [uid for (uid,) in db.execute("SELECT uid FROM sessions ORDER BY id")]


def test_an_export_leaves_out_what_import_would_refuse_and_says_so(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = isolated / "state" / "history.sqlite3"
    uids = three_sessions(path)
    by_hand(
        path,
        "UPDATE sessions SET seconds = 1e9 WHERE id = 2",
        "UPDATE sessions SET pain_after = 11 WHERE id = 3",
    )
    exported = tmp_path / "history.jsonl"
    code, out, err = stretch("history", "export", "-o", str(exported))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "stretch: warning: left out session 2: sessions.seconds of row 2 cannot be read: not a "
        f"number of seconds from 0 to {MAX_SESSION_SECONDS}: 1000000000.0 ({WHAT_TO_DO})",
        "stretch: warning: left out session 3: sessions.pain_after of row 3 cannot be read: "
        f"not a rating from 0 to 10: 11 ({WHAT_TO_DO})",
        f"stretch: history written to {exported} without 2 sessions that `stretch history "
        "import` would refuse (each named above, with why) (put right what was changed in the "
        "history by hand, or let a session still running end, and export again)",
    ]
    lines = exported.read_text().splitlines()
    assert [json.loads(line)["uid"] for line in lines[1:]] == [uids[0]]
    monkeypatch.setenv("STRETCH_STATE_DIR", str(tmp_path / "elsewhere"))
    assert stretch("history", "import", str(exported)) == (
        0,
        "imported 1 session; 0 already there\n",
        "",
    )


def test_an_export_of_a_history_as_a_run_writes_it_says_nothing_more(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    three_sessions(isolated / "state" / "history.sqlite3")
    exported = tmp_path / "history.jsonl"
    assert stretch("history", "export", "-o", str(exported)) == (
        0,
        "",
        f"stretch: history written to {exported}\n",
    )


# --- the rule, over every field the import checks ----------------------------------------------

OUT_OF_RANGE: dict[str, st.SearchStrategy[object]] = {
    "seconds": st.floats(MAX_SESSION_SECONDS + 0.001, 1e14) | st.floats(-1e14, -0.001),
    "pain_before": st.integers(11, 2**62) | st.integers(-(2**62), -1),
    "pain_after": st.integers(11, 2**62) | st.integers(-(2**62), -1),
    "difficulty": st.integers(11, 2**62) | st.integers(-(2**62), -1),
    "last_step": st.integers(MAX_STEPS, 2**62) | st.integers(-(2**62), -1),
    "status": st.text(min_size=1, max_size=12).filter(
        lambda s: s not in ("running", "completed", "stopped", "interrupted")
    ),
    "routine": st.sampled_from(["", "Upper Back", "a/b", "x" * 200, "-dash", "é"]),
    "note": st.sampled_from(
        [" padded", "two\nlines", "bell\x07", "\u202eevil", "x" * 501, "ok", "\u00e9t\u00e9"]
    ),
    "started_at": st.sampled_from(["1999-12-31T23:59:59.000000+00:00", "nonsense"]),
    "options": st.sampled_from(
        [
            '{"unknown": 1}',
            '{"scale": 99}',
            '{"minutes": 0}',
            "[]",
            '{"scale": 1, "scale": 2}',
            '{"scale": true}',
            '{"minutes": null, "scale": 0.25}',
            '{"avoid": ["rotation", "rotation"]}',
        ]
    ),
    "swaps": st.sampled_from(['[{"exercise": "x"}]', '[{"exercise": "a", "avoided": []}]']),
}
EXERCISE_OUT_OF_RANGE: dict[str, st.SearchStrategy[object]] = {
    "holds": st.integers(MAX_HOLDS + 1, 2**62) | st.integers(-(2**62), -1),
    "done": st.integers(MAX_HOLDS + 1, 2**62) | st.integers(-(2**62), -1),
    "status": st.sampled_from(["", "finished", "DONE"]),
    "exercise": st.sampled_from(["", "Not An Id", "a b"]),
}


@st.composite
def changes_by_hand(draw: st.DrawFn) -> list[tuple[str, str, int, object]]:
    """Out-of-range values put into some of three sessions: (table, column, session, value)."""
    found = []
    for session in draw(st.lists(st.integers(1, 3), max_size=3, unique=True)):
        if draw(st.booleans()):
            column = draw(st.sampled_from(sorted(OUT_OF_RANGE)))
            found.append(("sessions", column, session, draw(OUT_OF_RANGE[column])))
        else:
            column = draw(st.sampled_from(sorted(EXERCISE_OUT_OF_RANGE)))
            value = draw(EXERCISE_OUT_OF_RANGE[column])
            found.append(("session_exercises", column, session, value))
    return found


@settings(max_examples=60, deadline=None)
@given(changes_by_hand())
def test_whatever_was_changed_by_hand_the_export_is_imported(
    changes: list[tuple[str, str, int, object]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        uids = three_sessions(path)
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA ignore_check_constraints = ON")
            for table, column, session, value in changes:
                row = "id" if table == "sessions" else "session_id"
                db.execute(f"UPDATE {table} SET {column} = ? WHERE {row} = ?", [value, session])
            db.commit()
        warnings: list[str] = []
        history = History(path, warnings.append, lambda: NOON)
        left_out = LeftOut()
        text = "".join(export_lines(history, left_out))
        history.close()
        changed = {session for *_, session, _ in changes}
        kept = [json.loads(line)["uid"] for line in text.splitlines()[1:]]
        # every session not changed is there; each one left out is named in a warning
        assert set(kept) >= {uids[n - 1] for n in (1, 2, 3) if n not in changed}
        assert len(left_out.said) == 3 - len(kept) == len(warnings)
        for n, uid in enumerate(uids, 1):
            named = [w for w in warnings if re.match(f"left out session {n}[ :]", w)]
            assert len(named) == (uid not in kept)
        elsewhere = History(Path(folder) / "elsewhere.sqlite3", print, lambda: NOON)
        done = import_lines(elsewhere, text.splitlines(keepends=True))  # never refused
        elsewhere.close()
        assert (done.added, done.conflicts) == (len(kept), ())


def test_a_plan_record_changed_by_hand_is_left_out_and_named(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    three_sessions(path)
    columns = "at, exercise, change, level_before, level, reason, session_uid, plan"
    with closing(sqlite3.connect(path)) as db:
        db.execute(
            f"INSERT INTO level_changes ({columns}) VALUES (?, ?, 'start', NULL, ?, 'r', NULL, ?)",
            ["2026-11-01T09:00:00.000000+00:00", "thoracic-rotation", 99, "ab" * 32],
        )
        db.execute(
            f"INSERT INTO level_changes ({columns}) VALUES (?, ?, 'start', NULL, 2, 'r', NULL, ?)",
            ["2026-11-01T09:00:00.000000+00:00", "rhomboid-stretch", "ab" * 32],
        )
        db.commit()
    warnings: list[str] = []
    history = History(path, warnings.append, lambda: NOON)
    left_out = LeftOut()
    lines = "".join(export_lines(history, left_out)).splitlines()
    history.close()
    assert [json.loads(line)["level_change"]["exercise"] for line in lines[4:]] == [
        "rhomboid-stretch"
    ]
    (warning,) = warnings
    assert warning.startswith("left out level change of thoracic-rotation (start, 2026-11-01")
    assert "level_change.level: expected" in warning and "got 99" in warning
    assert left_out.said == warnings
    elsewhere = History(tmp_path / "elsewhere.sqlite3", print, lambda: NOON)
    done = import_lines(elsewhere, [line + "\n" for line in lines])
    elsewhere.close()
    assert (done.added, done.changes) == (3, (1, 0))
