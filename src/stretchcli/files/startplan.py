"""The plan `stretch start` makes, written as a plan file and adopted the way `stretch plan
use` adopts one (checked against the catalog, the plan before kept as plan.previous.yaml)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from stretchcli.files import atomic
from stretchcli.files.catalog import Catalog
from stretchcli.files.paths import config_dir
from stretchcli.files.plan_adopt import Adopted, adopt
from stretchcli.files.plan_restart import written
from stretchcli.files.planfile import AFTER_CHECK, read_plan
from stretchcli.plan.screening import Proposal

DRAFT = "plan.start.yaml"  # written, then adopted; never left behind
# A plan that waits for a clinician's check (pain between the shoulder blades): written, not
# adopted; `stretch plan use` adopts it once the pain has been checked.


def plan_text(proposal: Proposal) -> str:
    """The proposal as a plan file: the same keys a physiotherapist writes."""
    data: dict[str, object] = {
        "written_by": proposal.plan().written_by,
        "review": proposal.review.isoformat(),
        "days": {
            day: routines[0] if len(routines) == 1 else list(routines)
            for day, routines in proposal.plan().schedule.by_day().items()
        },
    }
    if proposal.avoid:
        data["avoid"] = list(proposal.avoid)
    if proposal.leave_out:
        data["leave_out"] = dict(proposal.leave_out)
    if proposal.ladders:
        data["ladders"] = {
            name: [
                _level(
                    level.dose.hold, level.dose.reps, level.dose.sets, level.variant, level.source
                )
                for level in ladder.levels
            ]
            for name, ladder in proposal.ladders.items()
        }
    data["weekly_goal"] = proposal.weekly_goal
    data["notes"] = list(proposal.notes)
    data["sources"] = list(proposal.sources)
    return written(data)


def _level(
    hold: float | None, reps: int | None, sets: int | None, variant: str | None, source: str
) -> object:
    level: dict[str, object] = {}
    for key, value in (("hold", hold), ("reps", reps), ("sets", sets)):
        if value is not None:
            level[key] = int(value) if isinstance(value, float) and value.is_integer() else value
    if variant is not None:
        level["variant"] = variant
    if source:
        level["source"] = source
    return level


def write_waiting(environ: Mapping[str, str], proposal: Proposal, catalog: Catalog) -> Path:
    """Write the proposal beside the current plan, for `stretch plan use` after a
    clinician's check (checked as a plan file first); the current plan stays as it is."""
    path = config_dir(environ) / AFTER_CHECK
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, plan_text(proposal))
    read_plan(path, catalog)  # a plan start wrote is always one plan use adopts
    return path


def write_plan(environ: Mapping[str, str], proposal: Proposal, catalog: Catalog) -> Adopted:
    """Write the proposal as the current plan, keeping the plan before it; a plan that
    waited for a clinician's check waits no more (the question was answered)."""
    draft = config_dir(environ) / DRAFT
    draft.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(draft, plan_text(proposal))
    try:
        adopted = adopt(environ, draft, catalog)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(draft)
    return adopted  # (a plan that waited for the check waits no more: review 18, F5)
