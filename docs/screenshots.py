"""Render the README's pictures as SVG with rich: `python docs/screenshots.py`."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import routine_folders
from stretchcli.session.coaching import SessionInfo, script
from stretchcli.session.options import RunOptions
from stretchcli.session.planning import plan
from stretchcli.session.runner import RunState
from stretchcli.session.timeline import build
from stretchcli.views.catalog import page
from stretchcli.views.live import session_view
from stretchcli.views.show import render

HERE = Path(__file__).parent


def main() -> None:
    catalog = load_catalog(routine_folders({**os.environ, "STRETCH_CONFIG_DIR": "/nonexistent"}))
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    console = Console(record=True, width=88, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(render(page(routine, catalog)))
    console.save_svg(str(HERE / "show-upper-back.svg"), title="stretch show upper-back")

    exercise = catalog.exercises["thoracic-rotation"]
    console = Console(record=True, width=88, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(render(page(exercise, catalog), 88))
    console.save_svg(
        str(HERE / "show-thoracic-rotation.svg"), title="stretch show thoracic-rotation"
    )

    # The live screen 8 s into the first hold of the side bend: its cue, a caution, the figure.
    phases = build(routine_plan, coach="full")
    hold = next(p for p in phases if p.exercise == "thoracic-side-bend" and p.kind == "hold")
    state = RunState(phases, index=hold.index, phase_started=hold.offset)
    state.deadline = hold.offset + hold.duration
    steps = [step.exercise for step in routine_plan.steps]
    cues = script(phases, steps, intro=routine_plan.intro, prepare=routine_plan.prepare)
    info = SessionInfo(routine.name, steps, cues, routine_plan.intro)
    now = hold.offset + 7.6
    console = Console(record=True, width=100, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(session_view(state, info, now, 100, 30))
    console.save_svg(str(HERE / "run-upper-back.svg"), title="stretch run upper-back")


if __name__ == "__main__":
    main()
