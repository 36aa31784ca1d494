"""JSON Schema (draft 2020-12) for routine and exercise files, made from the same field
tables the validator uses (schema.py), so the two cannot disagree."""

from __future__ import annotations

from stretchcli import schema
from stretchcli.model import ID_PATTERN
from stretchcli.schema import Field, Kind

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = {"type": "string", "pattern": ID_PATTERN}


def _scalar(kind: Kind, field: Field) -> dict[str, object]:
    if kind == "text":
        text: dict[str, object] = {"type": "string", "minLength": 1, "pattern": r"\S"}
        if field.longest:
            text["maxLength"] = field.longest
        return text
    if kind == "id":
        return dict(_ID)
    if kind == "choice":
        return {"enum": list(field.choices)}
    number = "integer" if kind == "whole" else "number"
    return {"type": number, "minimum": field.low, "maximum": field.high}


def _field(field: Field) -> dict[str, object]:
    if field.kind == "list":
        result: dict[str, object] = {"type": "array", "items": _scalar(field.item, field)}
        if field.non_empty:
            result["minItems"] = 1
    elif field.kind == "steps":
        result = {
            "type": "array",
            "minItems": 1,
            "items": {"oneOf": [dict(_ID), _object(schema.STEP_FIELDS)]},
        }
    elif field.kind == "variants":
        result = {
            "type": "object",
            "propertyNames": dict(_ID),
            "additionalProperties": _object(schema.VARIANT_FIELDS),
        }
    elif field.kind == "fields":
        result = _object(field.fields)
    else:
        result = _scalar(field.kind, field)
    return {"description": field.help, **result}


def _object(fields: tuple[Field, ...]) -> dict[str, object]:
    result: dict[str, object] = {
        "type": "object",
        "properties": {f.name: _field(f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        result["required"] = required
    return result


def json_schema(exercise: bool = False) -> dict[str, object]:
    """The schema of a routine file, or of an exercise file."""
    fields = schema.EXERCISE_FIELDS if exercise else schema.ROUTINE_FIELDS
    what = "exercise" if exercise else "routine"
    return {
        "$schema": DRAFT,
        "title": f"stretch {what} file",
        "description": f"A {what} for `stretch`; check it with `stretch validate FILE`.",
        **_object(fields),
    }
