"""Review 12, F3: `stretch history` told level changes from before the plan (imported under
another plan's fingerprint) that the report and `stretch plan` never mention, one of them
"7 → 8" from nothing. An import (and a sync) now refuses a change whose level_before does
not follow from its exercise's latest change or start under its plan, and one decided
before the session it names began, by its line; and the three tell the same changes: with a
plan in use, only the plan's own."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from stretchcli.history.levels import LevelChange, add_level_changes
from stretchcli.history.store import History
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_level_rule import SESSION, UID, adopted, change, export_file

LATER = NOW + timedelta(hours=1)
OTHER = "abc"  # another plan's fingerprint


def start(exercise: str, level: int, plan: str = OTHER) -> dict[str, object]:
    found = change("start", exercise, None, level, plan, minutes=0)
    return {"level_change": {**found["level_change"], "session_uid": None}}  # type: ignore[dict-item]


def test_an_import_refuses_a_change_from_nothing_or_before_its_session_by_its_line(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    adopted(stretch, isolated)
    path = export_file(
        tmp_path / "changes.jsonl",
        start("chin-tuck", 1),
        change("up", "chest-stretch", 7, 8, OTHER, reason="up: made up"),
        change("up", "chin-tuck", 2, 3, OTHER),
        change("alternative", "chin-tuck", 1, 1, OTHER, None, "hurt", minutes=0),  # before
        # its session, which began a minute on
    )
    session = SESSION["started_at"]
    assert stretch("history", "import", str(path), wall=LATER) == (
        1,
        "",
        f"stretch: {path}:4: level_change.level_before: expected a level chest-stretch is at "
        "under its plan (abc), which has no start of chest-stretch before this change, got 7\n"
        f"stretch: {path}:5: level_change.level_before: expected 1, the level chin-tuck is at "
        "under its plan (abc) after its latest change or start before this one, got 2\n"
        f"stretch: {path}:6: level_change.at: expected the start of session {UID} "
        f'({session}), which it follows, or later, got "{NOW.isoformat()}"\n'
        f"stretch: {path}: nothing was imported (3 bad lines) (the history is as it was)\n",
    )
    # The same steps in order, each after its session: taken.
    good = export_file(
        tmp_path / "good.jsonl",
        start("chin-tuck", 1),
        change("up", "chin-tuck", 1, 2, OTHER),
        change("down", "chin-tuck", 2, 1, OTHER, minutes=2),
    )
    result = stretch("history", "import", str(good), wall=LATER)
    assert result.code == 0, result.err
    assert "level changes: 3 added" in result.out


def test_history_tells_no_change_from_before_the_plan_as_the_report_and_the_plan(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    path = export_file(
        tmp_path / "before.jsonl", start("chin-tuck", 1), change("up", "chin-tuck", 1, 2, OTHER)
    )
    assert stretch("history", "import", str(path), wall=LATER).code == 0
    # Without a plan: an earlier plan's changes, told by both.
    assert "Chin tuck 1 → 2" in stretch("history", wall=LATER).out
    assert "1 → 2 (4 Nov)" in stretch("report", "--format", "md", wall=LATER).out
    # A plan begun since starts each level again: none of the three tells that change.
    plan_at = LATER + timedelta(hours=1)
    args = ("start", "--where", "upper", "--no-red-flags", "--shoulder-blades", "no", "--yes")
    assert stretch(*args, wall=plan_at).code == 0
    shown = plan_at + timedelta(hours=1)
    history = stretch("history", wall=shown).out
    assert "1 → 2" not in history and "Chin tuck at level 1" in history, history
    assert "1 → 2" not in stretch("plan", wall=shown).out
    report = stretch("report", "--format", "md", wall=shown).out
    assert "1 → 2" not in report and "Levels: no change in this period." in report, report
    listed = json.loads(stretch("history", "--json", wall=shown).out)
    assert {c["level_change"]["change"] for c in listed if "level_change" in c} == {"start"}


def test_an_export_leaves_out_a_stored_change_from_nothing_and_says_so(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    # What export writes, import takes: a change stored by hand (or by an older import)
    # that follows from nothing.
    adopted(stretch, isolated)
    record = change("up", "chest-stretch", 7, 8, OTHER)["level_change"]
    with History(isolated / "state" / "history.sqlite3", print, lambda: LATER) as store:
        add_level_changes(store, [LevelChange.from_record(record)])
    out = tmp_path / "out.jsonl"
    result = stretch("history", "export", "-o", str(out), wall=LATER)
    assert result.code == 1
    assert result.err.startswith(
        "stretch: warning: left out level change of chest-stretch (up, "
        f"{(NOW + timedelta(minutes=1)).isoformat()}): level_change.level_before: expected a "
        "level chest-stretch is at under its plan (abc), which has no start of chest-stretch "
        "before this change, got 7\n"
    ), result.err
    assert '"level":8' not in out.read_text(encoding="utf-8")
    assert stretch("history", "import", str(out), wall=LATER).code == 0
