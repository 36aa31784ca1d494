"""A plan file that cannot be read stops every run, named or today's (attack 17, H6): a
routine named while the plan was broken ran without its limits, the movement it avoids
(flexion, with osteoporosis) done at the file's full dose. History and report go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Stretch

GOOD = "days: {mon: mine, wed: desk-break}\navoid: [flexion]\n"
MINE = "name: Mine\nsummary: Mine.\nsteps: [scapular-squeeze]\n"
WHY = (
    "stretch: your plan cannot be read, and every run keeps its limits (the movements it "
    "avoids, the exercises it leaves out): put right what follows, then run again"
)
BREAKS = {
    "its routine deleted": lambda plan, mine: mine.unlink(),
    "its routine broken": lambda plan, mine: mine.write_text("name: [oops\n", encoding="utf-8"),
    "a YAML typo": lambda plan, mine: plan.write_text("days: [oops\n", encoding="utf-8"),
    "an unknown movement": lambda plan, mine: plan.write_text(
        GOOD.replace("flexion", "flexio"), encoding="utf-8"
    ),
}
RUNS = {
    "named": ["run", "desk-break"],
    "today's": ["run"],
    "again": ["again"],
    "resumed": ["run", "desk-break", "--resume"],
}


@pytest.mark.parametrize("runs", RUNS)
@pytest.mark.parametrize("breaks", BREAKS)
def test_a_plan_that_cannot_be_read_stops_every_run(
    stretch: Stretch, user_routines: Path, tmp_path: Path, runs: str, breaks: str
) -> None:
    mine = user_routines / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    source = tmp_path / "plan.yaml"
    source.write_text(GOOD, encoding="utf-8")
    assert stretch("plan", "use", str(source)).code == 0
    done = stretch("run", "desk-break", "--json", "--no-pain", "--scale", "0.25")
    assert done.code == 0, done.err
    assert "rhomboid-stretch" not in done.out  # flexion: avoided while the plan is read
    BREAKS[breaks](user_routines.parent / "plan.yaml", mine)
    result = stretch(*RUNS[runs], "--json", "--no-pain")
    assert result.code == 1, result.err
    assert result.out == ""
    lines = result.err.splitlines()  # (a broken routine file is warned of first)
    assert WHY in lines
    assert "plan.yaml:" in lines[lines.index(WHY) + 1]
    assert stretch("history").code == 0  # a warning there, not a stop
    listed = json.loads(stretch("history", "--json").out)
    assert len([item for item in listed if "routine" in item]) == 1  # the run before only
