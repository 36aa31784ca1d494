"""The JSON Schema (draft 2020-12) of routine and exercise files, for editors, made from the
field table (`fields.py`). What a schema cannot see (how a number was written, duplicate keys)
is left to `stretch validate` (`checker.py`).
"""

from __future__ import annotations

import functools

from stretchcli.files.field import Field, Kind
from stretchcli.files.fields import (
    EXERCISE_FIELDS,
    LADDER_KEYS,
    ROUTINE_FIELDS,
    STEP_FIELDS,
    VARIANT_FIELDS,
)
from stretchcli.files.paths import builtin_dir
from stretchcli.model import ID_PATTERN, ID_RE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = {"type": "string", "pattern": ID_PATTERN}


def _class_part(code: int) -> str:
    """A code point in a character class: escaped within 16 bits (the same in Python's `re`
    and ECMAScript), as itself beyond (a pattern is read with the u flag, as ajv and
    VS Code's JSON service do, and JSON writes it as a surrogate pair)."""
    return f"\\u{code:04X}" if code <= 0xFFFF else chr(code)


@functools.cache
def _hidden_class() -> str:
    """The characters the validator refuses in text (`text.hidden`: controls, format
    characters, separators, default-ignorables), as the inside of a character class."""
    from stretchcli.text import hidden_ranges

    return "".join(
        _class_part(low) if low == high else f"{_class_part(low)}-{_class_part(high)}"
        for low, high in hidden_ranges()
    )


def text_pattern(longest: int = 0) -> str:
    """Text as the validator takes it: blanks at either end are stripped; what is left is not
    empty, has no character `text.hidden` finds and, with `longest`, at most that many."""
    hidden = _hidden_class()
    edge, inner = rf"[^\s{hidden}]", rf"[^{hidden}]"
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


def _json_scalar(kind: Kind, spec: Field) -> dict[str, object]:
    if kind == "text":
        return {"type": "string", "minLength": 1, "pattern": text_pattern(spec.longest)}
    if kind == "check":
        from stretchcli.body.declarations import PATTERN

        return {"type": "string", "pattern": PATTERN}
    if kind == "id":
        return _exercise_id()
    if kind == "choice":
        return {"enum": list(spec.choices)}
    number = "integer" if kind == "whole" else "number"
    return {"type": number, "minimum": spec.low, "maximum": spec.high}


def _json_field(spec: Field) -> dict[str, object]:
    if spec.kind == "list":
        result: dict[str, object] = {"type": "array", "items": _json_scalar(spec.item, spec)}
        if spec.non_empty:
            result["minItems"] = 1
    elif spec.kind == "steps":
        result = {"type": "array", "minItems": 1, "items": {"oneOf": _step_kinds()}}
    elif spec.kind == "variants":
        result = {
            "type": "object",
            "propertyNames": dict(_ID),
            "additionalProperties": json_object(VARIANT_FIELDS),
        }
    elif spec.kind == "fields":
        result = json_object(spec.fields)
    elif spec.kind == "ladder":
        level = json_object(spec.fields)
        level["anyOf"] = [{"required": [key]} for key in LADDER_KEYS]
        result = {"type": "array", "minItems": 1, "maxItems": int(spec.high), "items": level}
    else:
        result = _json_scalar(spec.kind, spec)
    help = spec.help + (f" (at most {spec.longest} characters)" if spec.longest else "")
    described: dict[str, object] = {"description": help, **result}
    if spec.default is not None:
        described["default"] = spec.default
    if spec.examples:
        described["examples"] = list(spec.examples)
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
            **json_object(STEP_FIELDS),
        },
    ]


def json_object(fields: tuple[Field, ...]) -> dict[str, object]:
    result: dict[str, object] = {
        "type": "object",
        "properties": {f.name: _json_field(f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        result["required"] = required
    return result


def json_schema(exercise: bool = False) -> dict[str, object]:
    """The schema of a routine file, or of an exercise file."""
    fields = EXERCISE_FIELDS if exercise else ROUTINE_FIELDS
    what = "exercise" if exercise else "routine"
    return {
        "$schema": DRAFT,
        "$id": f"urn:stretch-cli:{what}-file",
        "title": f"stretch {what} file",
        "description": f"A {what} for `stretch`; check it with `stretch validate FILE`.",
        "examples": [{f.name: f.examples[0] for f in fields if f.required}],
        **json_object(fields),
    }
