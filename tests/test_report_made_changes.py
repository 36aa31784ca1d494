"""The report, the plan and the history tell only of level changes a plan can make (attacks
10 and 11, N1): an import or a sync refuses one no plan makes, but a history changed by hand
or by an older stretch can hold one (a level past the ladder's top, from a level the
exercise was not at, an alternative that is not its own); all three leave it out, by one
rule (`history.level_rule`), and say the level and dose the plan runs."""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.files.planfile import read_plan
from stretchcli.history.level_rule import Judge, made
from stretchcli.history.levels import LevelChange, add_level_changes
from stretchcli.history.store import History
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Plan
from tests.conftest import BUILTIN, Stretch
from tests.fakes import NOW
from tests.six_weeks import PLAN
from tests.test_level_rule import change as a_change

CATALOG = load_catalog([Folder(BUILTIN, "built-in")])
LADDERS = file_ladders(CATALOG.exercises)


def change(
    kind: str, exercise: str, before: int | None, level: int, plan: str, **more: object
) -> dict[str, object]:
    alternative = more.get("alternative")
    reason = "hurt" if kind == "alternative" else "up: 3 green sessions in a row"
    assert alternative is None or isinstance(alternative, str)
    return a_change(kind, exercise, before, level, plan, alternative, reason, minutes=2)


def test_changes_no_plan_makes_stored_by_hand_are_told_by_none(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    args = ("start", "--where", "upper-back", "--no-red-flags", "--shoulder-blades", "no")
    assert stretch(*args, "--yes").code == 0
    plan = read_plan(isolated / "config" / "plan.yaml", CATALOG)
    session = {
        "uid": "1104" * 8,
        "routine": "desk-upper-back",
        "started_at": (NOW + timedelta(minutes=1)).isoformat(),
        "ended_at": (NOW + timedelta(minutes=2)).isoformat(),
        "status": "completed",
        "seconds": 50.0,
        "exercises": [{"exercise": "chin-tuck", "status": "done", "holds": 5, "done": 5}],
    }
    path = tmp_path / "session.jsonl"
    lines = [{"format": "stretch-history", "version": 1}, session]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    later = NOW + timedelta(hours=1)
    assert stretch("history", "import", str(path), wall=later).code == 0
    top = plan.ladder("chin-tuck", LADDERS).top
    records = [
        change("up", "chin-tuck", top, top + 1, plan.fingerprint),
        change("alternative", "rhomboid-stretch", 1, 1, plan.fingerprint, alternative="bridge"),
    ]
    by_hand = [LevelChange.from_record(r["level_change"]) for r in records]
    with History(isolated / "state" / "history.sqlite3", print, lambda: later) as store:
        add_level_changes(store, by_hand)
    said = stretch("report", "--format", "md", wall=later).out
    assert "→ " + str(top + 1) not in said and "Bridge" not in said, said
    assert "| Chin tuck | 1 | - | 1 | 5 × 10 s |" in said  # its level as the plan runs it
    shown = stretch("plan", wall=later).out
    assert "Changes since" not in shown and "Rhomboid stretch     1/6   2 × 10 s" in shown, shown
    history = stretch("history", wall=later).out
    assert f"Chin tuck {top} → {top + 1}" not in history and "Rhomboid stretch" in history
    assert "Bridge" not in history and "hurt" not in history


# --- the rule --------------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["up", "down", "alternative", "start"]),
            st.integers(1, 6),
            st.integers(-1, 1),
            st.sampled_from([None, "ball-pressure", "bridge"]),
        ),
        max_size=8,
    )
)
def test_what_the_report_keeps_is_a_chain_on_the_ladder(
    steps: list[tuple[str, int, int, str | None]],
) -> None:
    # Any stored changes of one exercise (thoracic-rotation: its alternative is ball
    # pressure): those kept each move from where the one before left it, to a level on the
    # ladder, to the exercise's own alternative or none.
    plan = read_plan_for_rule()
    top = plan.ladder("thoracic-rotation", LADDERS).top
    stored = [
        LevelChange(
            NOW + timedelta(minutes=n),
            "thoracic-rotation",
            kind,  # type: ignore[arg-type]
            None if kind == "start" else before,
            before if kind in ("start", "alternative") else before + step,
            "why",
            None if kind == "start" else "s",
            plan.fingerprint,
            alternative if kind == "alternative" else None,
        )
        for n, (kind, before, step, alternative) in enumerate(steps)
    ]
    kept = made(stored, Judge(CATALOG.exercises, LADDERS, plan))
    at = None
    for found in kept:
        if found.change != "start":
            assert at is None or found.before == at
            assert found.level <= top
            assert found.alternative in (None, "ball-pressure")
        at = found.level
    starts = [c for c in stored if c.change == "start" and c.level <= top]
    assert starts == [c for c in kept if c.change == "start"]


def read_plan_for_rule() -> Plan:
    """The six weeks' plan (desk-upper-back three days a week), read as a file is."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(PLAN, encoding="utf-8")
        return read_plan(path, CATALOG)
