"""A plan's record changed by hand (a level change or a barrier answer: bytes where text
goes, a level of 1e999) is skipped by every command with one warning naming its table,
column and row (review 16, R8: a reason stored as bytes was read as the text "b'\\xff'",
exported as such, and never warned of); an export leaves it out by name and counts it in its
closing line (R10: it said 6 left out where 7 were)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stretchcli.history.schema import TABLES
from tests.conftest import Stretch
from tests.test_level_rule import LATER, adopted

DB = ("state", "history.sqlite3")


def planned(stretch: Stretch, isolated: Path) -> Path:
    """A history holding a plan's five starts (one per exercise); its file."""
    adopted(stretch, isolated)
    assert stretch("plan", wall=LATER).code == 0
    path = isolated.joinpath(*DB)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM level_changes").fetchone()[0] == 5
    return path


def edited(path: Path, sql: str, *args: object) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA ignore_check_constraints = ON")  # as a hand with any tool can
        db.execute(sql, args)


def test_a_reason_stored_as_bytes_is_skipped_by_name_and_left_out_of_an_export(
    stretch: Stretch, isolated: Path
) -> None:
    path = planned(stretch, isolated)
    edited(path, "UPDATE level_changes SET reason = X'ff' WHERE id = 2")
    said = "level_changes.reason of row 2 cannot be read: not text: b'\\xff'"
    shown = stretch("history", "--json", wall=LATER)
    assert shown.err == f"stretch: warning: skipping level change 2 of the history: {said}\n"
    assert "b'" not in shown.out and len(json.loads(shown.out)) == 4  # the other starts
    exported = stretch("history", "export", wall=LATER)
    assert exported.code == 1
    assert exported.err.splitlines() == [
        f"stretch: warning: left out level change 2: {said}",
        "stretch: history written to standard output without 1 plan record that `stretch "
        "history import` would refuse (each named above, with why) (put right what was "
        "changed in the history by hand, or let a session still running end, and export again)",
    ]
    assert "b'" not in exported.out and len(exported.out.splitlines()) == 1 + 4


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    column=st.sampled_from(TABLES["level_changes"][1:]),
    value=st.one_of(
        st.binary(max_size=3),
        st.floats(allow_nan=False),
        st.text(max_size=6),
        st.integers(-(2**63), 2**63 - 1),
        st.none(),
    ),
)
@example(column="level", value=float("inf"))
def test_whatever_a_hand_writes_in_a_level_change_an_export_counts_what_it_leaves_out(
    stretch: Stretch, isolated: Path, column: str, value: object
) -> None:
    path = planned(stretch, isolated)
    try:
        try:
            edited(path, f"UPDATE level_changes SET {column} = ? WHERE id = 2", value)
        except sqlite3.IntegrityError:  # NOT NULL: the table's own check refused it
            return
        exported = stretch("history", "export", wall=LATER)
        assert "Traceback" not in exported.err and "b'" not in exported.out
        written = len(exported.out.splitlines()) - 1
        left = [line for line in exported.err.splitlines() if " left out " in line]
        assert written + len(left) == 5, exported.err
        if left:
            assert exported.code == 1
            assert f"without {len(left)} plan record" in exported.err.splitlines()[-1]
        listed = stretch("history", "--json", wall=LATER)
        assert "Traceback" not in listed.err and "b'" not in listed.out
        assert len(listed.err.splitlines()) <= 1, listed.err
    finally:
        path.unlink()
