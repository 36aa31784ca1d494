"""Adopting a plan file: it becomes the current plan (a copy in the config folder), the one
before it kept beside it, and a plan waiting for a clinician's check, adopted, waits no more."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
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
    """A plan file made the current one: where it now is, and where the one before is kept."""

    plan: Plan
    path: Path
    previous: Path | None
    warnings: tuple[Problem, ...] = ()  # what to check in it, at its place in `source`


def adopt(
    environ: Mapping[str, str], source: Path, catalog: Catalog, today: date | None = None
) -> Adopted:
    """Check the plan file at `source` and make it the current plan (a copy in the config
    folder), keeping the current one beside it as plan.previous.yaml. What to check in it
    (with `today`, a review date already past) comes with it."""
    plan, warnings = check_plan(source, catalog, today)
    target = plan_path(environ)
    if target.exists() and os.path.samefile(source, target):
        return Adopted(plan, target, None, tuple(warnings))
    text = yamldoc.read_text(source)
    previous = kept_before(target, target.with_name(PREVIOUS), "plan file")
    atomic.write_text(target, text)
    waiting = target.with_name(AFTER_CHECK)
    if _same(source, waiting) or _same_text(target, waiting):  # it waits no more (H5)
        with contextlib.suppress(OSError):
            os.unlink(waiting)
    return Adopted(read_plan(target, catalog), target, previous, tuple(warnings))


def _same(one: Path, other: Path) -> bool:
    """Whether two paths name one file (False where either is not there)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _same_text(adopted: Path, waiting: Path) -> bool:
    """Whether the waiting plan was adopted from a copy (review 18, F9: the wait ended only
    until the plan was edited), byte for byte as a run tells (`welcome.waiting_said`)."""
    try:  # a fifo in its place is never waited on
        return guarded.read_bytes(waiting, MAX_BYTES) == guarded.read_bytes(adopted, MAX_BYTES)
    except OSError:
        return False
