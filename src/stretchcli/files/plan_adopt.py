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
from stretchcli.files.plan_restart import started_on
from stretchcli.files.planfile import AFTER_CHECK, PREVIOUS, check_plan, plan_path, read_plan
from stretchcli.files.yamldoc import MAX_BYTES
from stretchcli.plan.advice import CHECK_FIRST_NOTE
from stretchcli.plan.model import WRITER, Plan
from stretchcli.plan.reasons import REVIEW_DAYS
from stretchcli.text import full_date


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
    review_moved: bool = False  # `start`'s waiting plan: its review date counts from today


WAITED_ADOPTED = "adopted"
WAITED_REMOVED = "removed"


def adopt(
    environ: Mapping[str, str], source: Path, catalog: Catalog, today: date | None = None
) -> Adopted:
    """Check the plan file at `source` and make it the current plan (a copy in the config
    folder), keeping the current one beside it as plan.previous.yaml. What to check in it
    (with `today`, a review date already past) comes with it. A plan that waited for a
    clinician's check waits no more: the plan adopted is the one followed (review 19, F1:
    a plan the clinician changed, adopted, was still told to be replaced by the unchanged).
    The plan `stretch start` left waiting for that check has its review date moved to as
    many days after `today` as `start` gives a plan."""
    plan, warnings = check_plan(source, catalog, today)
    target = plan_path(environ)
    waiting = target.with_name(AFTER_CHECK)
    is_waiting = _same(source, waiting) or _same_text(source, waiting)
    # The waiting plan a clinician changed: still start's, still "made before a clinician
    # checked" (review 23, F7: told the pain was unchecked, its review date already past).
    is_waiting = is_waiting or (
        os.path.lexists(waiting) and plan.written_by == WRITER and CHECK_FIRST_NOTE in plan.notes
    )
    restart = today is not None and is_waiting and plan.written_by == WRITER
    if restart:  # its review date is moved, so a date already past is no warning
        warnings = check_plan(source, catalog)[1]
    in_use = target.exists() and os.path.samefile(source, target)
    if in_use and not is_waiting:  # the plan in use, again: it ends the wait only where
        return Adopted(plan, target, None, tuple(warnings))  # it is the plan that waits
    text = yamldoc.read_text(source)
    if restart and today is not None:  # its weeks start when the check lets it start
        text = started_on(text, today)
    previous = None if in_use else kept_before(target, target.with_name(PREVIOUS), "plan file")
    if not in_use or restart:
        atomic.write_text(target, text)
    adopted = Adopted(read_plan(target, catalog), target, previous, tuple(warnings))
    return replace(adopted, waited=_end_wait(waiting, is_waiting), review_moved=restart)


def _end_wait(waiting: Path, adopted: bool) -> str:
    """Remove the plan that waits for a clinician's check, if there is one: what it was
    (WAITED_ADOPTED where the plan adopted is it, or a copy of it)."""
    if not os.path.lexists(waiting):
        return ""
    try:
        os.unlink(waiting)
    except OSError:
        return ""
    return WAITED_ADOPTED if adopted else WAITED_REMOVED


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


def waited_said(adopted: Adopted) -> str:
    """What `plan use` says of the plan that waited for a clinician's check."""
    if adopted.waited == WAITED_ADOPTED:
        review = adopted.plan.review
        when = (
            f"; its review date is {full_date(review)}, {REVIEW_DAYS // 7} weeks from today"
            if adopted.review_moved and review is not None
            else ""
        )
        return "the plan that waited for a clinician's check is your plan now" + when
    return (
        f"the plan that waited for a clinician's check ({AFTER_CHECK}) is removed: the plan "
        "adopted now is the one you follow (`stretch start` makes one again). If nobody has "
        "checked the pain between your shoulder blades yet, get it checked: see stretch safety"
    )
