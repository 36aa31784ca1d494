"""Render the README's pictures as SVG with rich: `python docs/screenshots.py`."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console

from stretchcli.catalog import load_catalog
from stretchcli.display import routine_view
from stretchcli.paths import routine_folders
from stretchcli.timeline import RunOptions, build, plan, total_seconds

HERE = Path(__file__).parent


def main() -> None:
    catalog = load_catalog(routine_folders({**os.environ, "STRETCH_CONFIG_DIR": "/nonexistent"}))
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    total = total_seconds(build(routine_plan.steps, routine.prepare, routine.rest))
    console = Console(record=True, width=88, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(routine_view(routine, routine_plan, total))
    console.save_svg(str(HERE / "show-upper-back.svg"), title="stretch show upper-back")


if __name__ == "__main__":
    main()
