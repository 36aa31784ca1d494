"""A plan file's keys: the field table its checker reads, and the JSON Schema editors use."""

from __future__ import annotations

from stretchcli.files import fields
from stretchcli.files.field import Field
from stretchcli.files.json_schema import DRAFT, json_object
from stretchcli.model import ID_PATTERN, MOVEMENTS
from stretchcli.plan.model import MAX_LEVELS, WEEKDAYS
from stretchcli.plan.rules import DEFAULT_RULES, RULE_KEYS

NAME_LONGEST = 120  # chosen: a name and a role, on one line

LEVEL_FIELDS: tuple[Field, ...] = (
    fields.LEVEL_HOLD,
    fields.LEVEL_REPS,
    fields.LEVEL_SETS,
    Field(
        "variant",
        "text",
        "a variant of the exercise that this level does (its file's `variants:`)",
        examples=("floor",),
    ),
    Field(
        "source",
        "text",
        "where this dose comes from: a page, or your own judgement",
        examples=("https://www.nhs.uk/live-well/exercise/",),
    ),
)
RULE_FIELDS: tuple[Field, ...] = tuple(
    Field(
        key.name,
        "whole",
        key.help,
        low=key.low,
        high=key.high,
        default=getattr(DEFAULT_RULES, key.name).value,
        over=key.over,
    )
    for key in RULE_KEYS
)
DAY_FIELDS: tuple[Field, ...] = tuple(
    Field(day, "id", f"the routine done on {day}", examples=("upper-back",), names="routine")
    for day in WEEKDAYS
)
DAYS_HELP = (
    "the routine of each weekday (mon ... sun), or a list of routines for a day of more than "
    "one, done in that order; days left out are rest days"
)
DAYS_FIELD = Field(
    "days",
    "fields",
    DAYS_HELP,
    fields=DAY_FIELDS,
    examples=(
        {"mon": ["strength-upper-back", "upper-back"], "wed": "upper-back", "fri": "upper-back"},
    ),
)
LEVELS_HELP = "where an exercise starts on its ladder (1: the easiest); others start at 1"
LEAVE_OUT_HELP = (
    "exercises of the plan's routines to leave out, each with why (said in `stretch plan` and "
    "as the session starts)"
)
_LADDERS_HELP = (
    "an exercise's own ladder, easiest first: a list of levels, each with hold, reps, sets, "
    "variant and source (it replaces the ladder of its exercise file)"
)
PLAN_FIELDS: tuple[Field, ...] = (
    Field(
        "written_by",
        "text",
        "who wrote the plan, e.g. a physiotherapist's name",
        longest=NAME_LONGEST,
        examples=("A. Physio, physiotherapist",),
    ),
    Field("review", "text", "the date to review the plan (YYYY-MM-DD)", examples=("2026-12-15",)),
    DAYS_FIELD,
    Field(
        "rotation",
        "list",
        "routines done in turn, one a session, whichever the day (instead of days)",
        item="id",
        non_empty=True,
        examples=(["upper-back", "mid-back"],),
        names="routine",
    ),
    Field("levels", "fields", LEVELS_HELP, examples=({"scapular-squeeze": 2},)),
    Field("ladders", "fields", _LADDERS_HELP),
    Field("rules", "fields", "how pain and difficulty move the levels", fields=RULE_FIELDS),
    Field(
        "avoid",
        "list",
        "movements to swap for their alternatives",
        item="choice",
        choices=MOVEMENTS,
        examples=(["flexion"],),
    ),
    Field(
        "leave_out",
        "fields",
        LEAVE_OUT_HELP,
        examples=(
            {"rhomboid-stretch": "it bends the spine forward, and its alternative needs a ball"},
        ),
    ),
    Field(
        "weekly_goal",
        "whole",
        "sessions a week to aim for (without it: the sessions its days bring)",
        low=1,
        high=100,
        examples=(4,),
    ),
    Field(
        "notes",
        "list",
        "what the person should know, in the writer's words",
        examples=(["Stop the ball work if the tingling in your arm comes back."],),
    ),
    Field("sources", "list", "where the plan's numbers come from", examples=(["https://..."],)),
)


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a plan file."""
    # The field table's own schema for the keys it checks; the keys checked here, by hand.
    plain = json_object(tuple(f for f in PLAN_FIELDS if f.name not in _HAND_MADE))
    properties = dict(plain["properties"])  # type: ignore[call-overload]
    level = json_object(LEVEL_FIELDS)
    level["minProperties"] = 1
    routine = {"type": "string", "pattern": ID_PATTERN}
    exercise = {"type": "string", "pattern": ID_PATTERN}
    properties.update(
        {
            "review": {
                "description": "the date to review the plan (YYYY-MM-DD)",
                "type": "string",
                "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                "examples": ["2026-12-15"],
            },
            "days": {
                "description": DAYS_HELP,
                "type": "object",
                "properties": {
                    day: {
                        "description": f"the routine on {day}, or its routines in order",
                        "oneOf": [
                            routine,
                            {"type": "array", "items": routine, "minItems": 1},
                        ],
                    }
                    for day in WEEKDAYS
                },
                "additionalProperties": False,
                "minProperties": 1,
            },
            "rotation": {
                "description": "routines done in turn, one a session, whichever the day",
                "type": "array",
                "items": routine,
                "minItems": 1,
            },
            "levels": {
                "description": LEVELS_HELP,
                "type": "object",
                "propertyNames": exercise,
                "additionalProperties": {"type": "integer", "minimum": 1, "maximum": MAX_LEVELS},
                "examples": [{"scapular-squeeze": 2}],
            },
            "leave_out": {
                "description": LEAVE_OUT_HELP,
                "type": "object",
                "propertyNames": exercise,
                "additionalProperties": {"type": "string", "minLength": 1},
                "examples": [{"rhomboid-stretch": "its alternative needs a ball"}],
            },
            "ladders": {
                "description": _LADDERS_HELP,
                "type": "object",
                "propertyNames": exercise,
                "additionalProperties": {
                    "type": "array",
                    "items": level,
                    "minItems": 1,
                    "maxItems": MAX_LEVELS,
                },
            },
        }
    )
    return {
        "$schema": DRAFT,
        "$id": "urn:stretch-cli:plan-file",
        "title": "stretch plan file",
        "description": "A plan for `stretch`: adopt it with `stretch plan use FILE`.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "oneOf": [{"required": ["days"]}, {"required": ["rotation"]}],
    }


_HAND_MADE = ("review", "days", "rotation", "levels", "leave_out", "ladders")
