"""Adopting a plan file: it becomes the current plan (a copy in the config folder), the one
before it kept beside it, and a plan waiting for a clinician's check waits no more."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from stretchcli.errors import Problem
from stretchcli.files import atomic, guarded, yamldoc
from stretchcli.files.catalog import Catalog
from stretchcli.files.keep import kept_before
from stretchcli.files.planfile import AFTER_CHECK, PREVIOUS, check_plan, plan_path, read_plan
from stretchcli.files.yamldoc import MAX_BYTES
from stretchcli.plan.model import Plan


@dataclass(frozen=True)
class Adopted:
    """A plan file made the current one: where it now is, and where the one before is kept;
    and whether a plan that waited for a clinician's check waits no more (`WAITED_ADOPTED`:
    it, or a copy of it, is the plan now; `WAITED_REMOVED`: another plan took its place)."""

    plan: Plan
    path: Path
    previous: Path | None
    warnings: tuple[Problem, ...] = ()  # what to check in it, at its place in `source`
    waited: str = ""


WAITED_ADOPTED = "adopted"
WAITED_REMOVED = "removed"


def adopt(
    environ: Mapping[str, str], source: Path, catalog: Catalog, today: date | None = None
) -> Adopted:
    """Check the plan file at `source` and make it the current plan (a copy in the config
    folder), keeping the current one beside it as plan.previous.yaml. What to check in it
    (with `today`, a review date already past) comes with it. A plan that waited for a
    clinician's check waits no more: the plan adopted is the one followed (review 19, F1:
    a plan the clinician changed, adopted, was still told to be replaced by the unchanged)."""
    plan, warnings = check_plan(source, catalog, today)
    target = plan_path(environ)
    waiting = target.with_name(AFTER_CHECK)
    if target.exists() and os.path.samefile(source, target):  # the plan in use, again:
        same = _same_text(target, waiting)  # it ends the wait only where it is the plan
        waited = _end_wait(target, waiting) if same else ""  # that waits (review 20, F3)
        return Adopted(plan, target, None, tuple(warnings), waited)
    text = yamldoc.read_text(source)
    previous = kept_before(target, target.with_name(PREVIOUS), "plan file")
    atomic.write_text(target, text)
    adopted = Adopted(read_plan(target, catalog), target, previous, tuple(warnings))
    return replace(adopted, waited=_end_wait(target, waiting, source))


def _end_wait(target: Path, waiting: Path, source: Path | None = None) -> str:
    """Remove the plan that waits for a clinician's check, if there is one: what it was
    (WAITED_ADOPTED where the plan now is it, byte for byte, or `source` is it)."""
    if not os.path.lexists(waiting):
        return ""
    same = (source is not None and _same(source, waiting)) or _same_text(target, waiting)
    try:
        os.unlink(waiting)
    except OSError:
        return ""
    return WAITED_ADOPTED if same else WAITED_REMOVED


def _same(one: Path, other: Path) -> bool:
    """Whether two paths name one file (False where either is not there)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _same_text(adopted: Path, waiting: Path) -> bool:
    """Whether the plan now is the waiting plan, byte for byte (a copy of it adopted), as a
    run tells (`welcome.waiting_said`)."""
    try:  # a fifo in its place is never waited on
        return guarded.read_bytes(waiting, MAX_BYTES) == guarded.read_bytes(adopted, MAX_BYTES)
    except OSError:
        return False


def waited_said(waited: str) -> str:
    """What `plan use` says of the plan that waited for a clinician's check."""
    if waited == WAITED_ADOPTED:
        return "the plan that waited for a clinician's check is your plan now"
    return (
        f"the plan that waited for a clinician's check ({AFTER_CHECK}) is removed: the plan "
        "adopted now is the one you follow (`stretch start` makes one again). If nobody has "
        "checked the pain between your shoulder blades yet, get it checked: see stretch safety"
    )
