"""A level change's reason as `history` and the report say it (attack 11): the engine's own
words put plainly, and any other reason an import takes (one printable line) said as it was
written, never an empty 'stepped down:'."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.levels import LevelChange, level_changes, why
from stretchcli.history.transfer import import_lines
from tests.test_plan_transfer import CHANGE, file_of, fresh

DOWN = replace(LevelChange.from_record(CHANGE), change="down", before=2, level=1)


def test_a_reason_not_in_the_engine_s_words_is_said_as_written() -> None:
    assert why(replace(DOWN, reason="pain went up a lot")) == "stepped down: pain went up a lot"
    assert why(replace(DOWN, reason="2026-11-02")) == "stepped down: 2026-11-02"
    up = replace(DOWN, change="up", before=1, level=2, reason="felt easy")
    assert why(up) == "stepped up: felt easy"
    # The engine's own words are put as before.
    assert why(replace(DOWN, reason="down: you said rhomboid-stretch hurt")) == (
        "stepped down: named as hurting"
    )


reasons = st.text(
    st.characters(categories=["L", "N", "P", "S"]) | st.just(" "), min_size=1, max_size=80
)


@given(reasons.map(str.strip).filter(bool), st.sampled_from(["up", "down", "alternative"]))
def test_any_reason_an_import_takes_is_said_with_something_after_its_colon(
    reason: str, change: str
) -> None:
    record = {**CHANGE, "change": change, "reason": reason}
    if change == "down":
        record.update(level_before=2, level=1)
    if change == "alternative":  # at the level it had
        record.update(alternative="wall-slide", level_before=2, level=2)
    said = why(LevelChange.from_record(json.loads(json.dumps(record))))
    verb_only = r"(stepped (up|down)( after)?|changed|left out|swapped for [^:]*):? *"
    assert not re.fullmatch(verb_only, said), said


def test_an_imported_reason_is_shown_by_history(tmp_path: Path) -> None:
    history = fresh(tmp_path)
    change = {**CHANGE, "change": "down", "level_before": 2, "level": 1, "reason": "ouch"}
    import_lines(history, file_of({"level_change": change}))
    (stored,) = level_changes(history)
    assert why(stored) == "stepped down: ouch"
