"""A checked plan file's values as a Plan: its schedule, rules, levels, ladders and the rest.
Pure: the file is read and checked in planfile.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from stretchcli.files.checked import Checked
from stretchcli.files.plan_references import day_routines, level_of
from stretchcli.files.values import Values
from stretchcli.model import MOVEMENTS
from stretchcli.plan.model import WEEKDAYS, Ladder, Plan, Rules, Schedule, Threshold
from stretchcli.plan.rules import DEFAULT_RULES, RULE_KEYS


def plan_of(path: Path, checked: Checked) -> Plan:
    """The Plan of a checked file (every value is known to be there and of its type)."""
    values = Values(checked.values)
    written_by = values.text("written_by", "")
    sources = values.texts("sources", ())
    rules = values.mapping("rules", Values({}))
    days = values.mapping("days", Values({}))
    ladders = values.mapping("ladders", Values({}))
    levels = values.mapping("levels", Values({}))
    leave_out = values.mapping("leave_out", Values({}))
    review = values.text("review", None)
    return Plan(
        schedule=Schedule(
            days=tuple(
                (day, routine)
                for day in WEEKDAYS
                if day in days.names()
                for routine in day_routines(days, day)
            ),
            rotation=values.texts("rotation", ()),
        ),
        rules=_rules(rules, written_by),
        levels={name: levels.whole(name) for name in levels.names()},
        ladders={
            name: Ladder(
                tuple(level_of(level, written_by) for level in ladders.items(name)),
                by=written_by or "the plan",
            )
            for name in ladders.names()
        },
        avoid=values.choices("avoid", MOVEMENTS, ()),
        leave_out={name: leave_out.text(name) for name in leave_out.names()},
        weekly_goal=values.whole("weekly_goal", None),
        review=None if review is None else date.fromisoformat(review),
        written_by=written_by,
        notes=values.texts("notes", ()),
        sources=sources,
        origin=path,
    )


def _rules(given: Values, written_by: str) -> Rules:
    """The plan's rules: its own numbers where it gives them, the defaults elsewhere. A
    number the plan sets rests on its writer: the plan's `sources` are for the whole plan,
    not for each number, and are shown once, with it."""
    by = f"set by {written_by}" if written_by else "set in the plan file"
    chosen = {
        key.name: Threshold(given.whole(key.name), (), by)
        for key in RULE_KEYS
        if key.name in given.names()
    }
    defaults = {key.name: getattr(DEFAULT_RULES, key.name) for key in RULE_KEYS}
    return Rules(**{**defaults, **chosen})
