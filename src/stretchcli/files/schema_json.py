"""JSON Schema (draft 2020-12) for routine and exercise files, made from the same field
tables the validator uses (schema.py), so the two cannot disagree.

What a schema cannot see is left to `stretch validate`: duplicate keys, anchors and tags, and
numbers that YAML 1.1 and YAML 1.2 read differently (012, 0x10, 1_0, 1:30), since an editor
hands the schema the number, not how it was written.
"""

from __future__ import annotations

from stretchcli.files import schema
from stretchcli.files.paths import builtin_dir
from stretchcli.files.schema import Field, Kind
from stretchcli.model import ID_PATTERN, ID_RE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = {"type": "string", "pattern": ID_PATTERN}
# Unicode category Cc and the invisible characters, as the validator refuses them.
_CONTROL = r"\u0000-\u001F\u007F-\u009F" + "".join(
    rf"\u{ord(low):04X}-\u{ord(high):04X}" for low, high in schema.INVISIBLE_RANGES
)


def text_pattern(longest: int = 0) -> str:
    """Text as the validator takes it: blanks at either end are stripped; what is left is not
    empty, has no control characters and, with `longest`, at most that many characters."""
    edge, inner = rf"[^\s{_CONTROL}]", rf"[^{_CONTROL}]"
    repeat = f"{{0,{longest - 2}}}" if longest else "*"
    return rf"^\s*{edge}(?:{inner}{repeat}{edge})?\s*$"


def builtin_exercise_ids() -> list[str]:
    """The ids of the built-in exercises, offered by editors as completions."""
    files = (builtin_dir() / "exercises").glob("*.yaml")
    return sorted(p.stem for p in files if ID_RE.fullmatch(p.stem))


def _exercise_id() -> dict[str, object]:
    return {
        "anyOf": [
            {"title": "a built-in exercise", "enum": builtin_exercise_ids()},
            {"title": "an exercise of your own (its file name without .yaml)", **_ID},
        ]
    }


def _scalar(kind: Kind, field: Field) -> dict[str, object]:
    if kind == "text":
        return {"type": "string", "minLength": 1, "pattern": text_pattern(field.longest)}
    if kind == "id":
        return _exercise_id()
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
        result = {"type": "array", "minItems": 1, "items": {"oneOf": _step_kinds()}}
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
    help = field.help + (f" (at most {field.longest} characters)" if field.longest else "")
    described: dict[str, object] = {"description": help, **result}
    if field.default is not None:
        described["default"] = field.default
    if field.examples:
        described["examples"] = list(field.examples)
    return described


def _step_kinds() -> list[dict[str, object]]:
    return [
        {
            "title": "exercise id",
            "description": "an exercise, done as its file says",
            **_exercise_id(),
        },
        {
            "title": "exercise with options",
            "description": "an exercise with a variant, or a dose of its own in this routine",
            **_object(schema.STEP_FIELDS),
        },
    ]


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
        "$id": f"urn:stretch-cli:{what}-file",
        "title": f"stretch {what} file",
        "description": f"A {what} for `stretch`; check it with `stretch validate FILE`.",
        "examples": [{f.name: f.examples[0] for f in fields if f.required}],
        **_object(fields),
    }
