"""The checker: a file's YAML nodes against the field table (`fields.py`).

It walks YAML nodes (not constructed values) so that every problem carries the line and
column of the node it is about, and it reports all of them. It also sees what a JSON Schema
cannot: duplicate keys, merge keys, and numbers that YAML 1.1 and YAML 1.2 read differently
(012, 0x10, 1_0, 1:30), since an editor hands the schema the number, not how it was written.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from stretchcli.errors import Problem
from stretchcli.files.checked import Checked, Mark
from stretchcli.files.field import ID_EXAMPLES, SEE_IDS, Field, IdOf, Kind
from stretchcli.files.fields import LADDER_KEYS, STEP_FIELDS, VARIANT_FIELDS
from stretchcli.files.node_words import describe as _describe
from stretchcli.files.node_words import not_a_key
from stretchcli.model import ID_RE
from stretchcli.plan.model import WEEKDAYS
from stretchcli.text import did_you_mean
from stretchcli.text import hidden as hidden_char

_INT_RE = re.compile(r"^[+-]?[0-9]+$")
_FLOAT_RE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^[+-]?0[0-9_]+$")  # YAML 1.1 octal (012 is 10), or text (08)

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (
    _TAG + t for t in ("str", "int", "float", "bool", "null", "merge")
)


def check(path: Path, root: yaml.Node, fields: tuple[Field, ...], what: str) -> Checked:
    """Check a file's root node against its fields; `what` names the kind ("routine", ...)."""
    checker = _Checker(path)
    result = Checked()
    if not isinstance(root, yaml.MappingNode):
        checker.problem(
            root,
            f"a {what} file must be a mapping of keys (name: ...), not {_describe(root)}",
            "see `stretch show upper-back --json` for the keys",
        )
    else:
        result.values = checker.mapping(root, fields, "")
    result.marks = checker.marks
    result.problems = checker.problems
    return result


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.marks: dict[str, Mark] = {}

    def problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, hint))

    def mapping(
        self,
        node: yaml.MappingNode,
        fields: tuple[Field, ...],
        at: str,
        where: str = "",
        keys: IdOf | None = None,
    ) -> dict[str, object]:
        """Check a mapping; `at` prefixes messages, `where` prefixes the recorded marks;
        `keys`: its keys are ids of that kind ('': weekdays), said so of one that is not
        text."""
        by_name = {f.name: f for f in fields}
        # Values are named "cues.hold"; problems of the mapping itself "cues: unknown key".
        lead = at[:-1] + ": " if at.endswith(".") else at
        values: dict[str, object] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                message = f"{lead}merge keys (<<) are not supported"
                self.problem(key_node, message, "write the keys out in full")
                continue
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR):
                if keys is None:
                    message = f"{lead}keys must be plain words, not {_describe(key_node)}"
                    self.problem(key_node, message)
                else:
                    self.problem(key_node, *not_a_key(key_node, lead, keys))
                continue
            key = str(key_node.value)[:60]
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.problem(key_node, f"{lead}duplicate key '{key}' (first on line {first})")
                continue
            seen[key] = key_node
            spec = by_name.get(key)
            if spec is None:
                hint = did_you_mean(key, by_name, "allowed: " + ", ".join(by_name))
                self.problem(key_node, f"{lead}unknown key '{key}'", hint)
                continue
            self.marks[where + key] = _mark(value_node)
            if spec.kind == "list" and isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value, 1):
                    self.marks[f"{where}{key}[{i}]"] = _mark(item)
            value = self.value(value_node, spec, at + key)
            if value is not None:
                values[key] = value
        for spec in fields:
            if spec.required and spec.name not in seen:
                self.problem(node, f"{lead}missing required key '{spec.name}'", spec.help)
        return values

    def value(self, node: yaml.Node, spec: Field, label: str) -> object | None:
        # Tags never get this far: the reader refuses them (yamldoc.py).
        kind = spec.kind
        if kind == "list":
            return self.sequence(node, spec, label)
        if kind == "steps":
            return self.steps(node, label)
        if kind == "variants":
            return self.variants(node, label)
        if kind == "fields":
            return self.fields(node, spec, label)
        if kind == "ladder":
            return self.ladder(node, spec, label)
        return self.scalar(node, kind, spec, label)

    def scalar(self, node: yaml.Node, kind: Kind, spec: Field, label: str) -> object | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{label}: expected {_expected(kind, spec)}, got {_describe(node)}")
            return None
        if kind in ("whole", "seconds", "degrees"):
            return self.number(node, kind, spec, label)
        if node.tag == _BOOL:
            self.problem(
                node,
                f"{label}: expected {_expected(kind, spec)}, got '{node.value}', "
                "which YAML reads as a boolean",
                _not_text_hint(node, kind, spec),
            )
            return None
        if node.tag != _STR:
            self.problem(
                node,
                f"{label}: expected {_expected(kind, spec)}, got {_describe(node)}",
                _not_text_hint(node, kind, spec),
            )
            return None
        raw = str(node.value)
        text = raw.strip()  # text may be padded; ids and choices are exact
        if not text:
            self.problem(node, f"{label}: must not be empty")
            return None
        if any(unicodedata.category(c) == "Cc" for c in text):  # they would act on a terminal
            self.problem(
                node,
                f"{label}: control characters (such as line breaks or escape codes) "
                "are not allowed",
                "keep each entry to one line of plain text",
            )
            return None
        hidden = hidden_char(text)
        if hidden is not None:  # they reorder or hide text on a terminal
            self.problem(
                node,
                f"{label}: the invisible character U+{ord(hidden):04X} is not allowed "
                "(direction marks, zero-width spaces and the like change what is shown)",
                "retype the text without it",
            )
            return None
        if spec.longest and len(text) > spec.longest:
            what = "to read in one line" if spec.name == "description" else "to be heard in time"
            self.problem(
                node,
                f"{label}: too long {what} ({len(text)} characters, at most {spec.longest})",
                "say it in fewer words; the full how-to belongs in instructions",
            )
            return None
        if kind == "id" and not ID_RE.fullmatch(raw):
            self.problem(
                node,
                f"{label}: '{raw}' is not an id",
                "remove the spaces around it"
                if ID_RE.fullmatch(text)
                else "ids are lowercase words joined by hyphens, like "
                f"'{ID_EXAMPLES.get(spec.names, 'ball-pressure')}'",
            )
            return None
        if kind == "check":
            from stretchcli.body.declarations import WORDS_HINT, BadCheck, parse

            try:
                parse(raw)
            except BadCheck:
                self.problem(node, f"{label}: '{raw}' is not a declaration of a figure", WORDS_HINT)
                return None
        if kind == "choice" and raw not in spec.choices:
            self.problem(
                node,
                f"{label}: '{raw}' is not one of: " + ", ".join(spec.choices),
                did_you_mean(text, spec.choices),
            )
            return None
        return text

    def number(self, node: yaml.ScalarNode, kind: Kind, spec: Field, label: str) -> object | None:
        raw = node.value
        unit = {"seconds": " seconds", "degrees": " degrees"}.get(kind, "")
        if len(raw) > _LONGEST_NUMBER:  # no value is this long; int() would refuse it anyway
            self.problem(node, f"{label}: a number of {len(raw)} characters is too long")
            return None
        if node.tag == _INT and _INT_RE.fullmatch(raw) and not _LEADING_ZERO.fullmatch(raw):
            number: float = int(raw)
        elif (
            node.tag == _FLOAT
            and _FLOAT_RE.fullmatch(raw)
            and (kind != "whole" or float(raw).is_integer())
        ):
            # 5.0 is the whole number 5, as it is to a JSON Schema ("integer") and to editors.
            number = int(float(raw)) if kind == "whole" else float(raw)
        else:
            self.problem(
                node,
                f"{label}: expected {_expected(kind, spec)}, got {_describe(node)}",
                _number_hint(node),
            )
            return None
        if not spec.low <= number <= spec.high:
            self.problem(
                node,
                f"{label}: {raw} is out of range: must be from {spec.low:g} to {spec.high:g}{unit}",
                spec.over if number > spec.high else "",
            )
            return None
        return number

    def sequence(self, node: yaml.Node, spec: Field, label: str) -> list[object] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node,
                f"{label}: expected a list, got {_describe(node)}",
                f"write {label}: [first, second] or one '- item' per line",
            )
            return None
        if spec.non_empty and not node.value:
            self.problem(node, f"{label}: must not be an empty list")
            return None
        items = [
            self.scalar(item, spec.item, spec, f"{label} item {i}")
            for i, item in enumerate(node.value, 1)
        ]
        if any(item is None for item in items):
            return None
        return items

    def fields(self, node: yaml.Node, spec: Field, label: str) -> dict[str, object] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node,
                f"{label}: expected a mapping of keys, got {_describe(node)}",
                "allowed: " + ", ".join(f.name for f in spec.fields),
            )
            return None
        # Its good keys are kept even when another has a problem, so that what reads them
        # (a plan's routines by day, its rules) says its own problems in the same pass; a
        # file with any problem is never built.
        weekdays = bool(spec.fields) and all(f.name in WEEKDAYS for f in spec.fields)
        keys: IdOf | None = spec.names or ("" if weekdays else None)
        return self.mapping(node, spec.fields, f"{label}.", f"{label}.", keys)

    def ladder(self, node: yaml.Node, spec: Field, label: str) -> list[object] | None:
        """A list of levels, easiest first, each a mapping of `spec.fields` that sets at
        least one of hold, reps, sets or variant; marked as ladder[1], ladder[1].hold..."""
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(
                node,
                f"{label}: expected a list of levels, easiest first, got {_describe(node)}",
                "write one '- {reps: 5, source: https://...}' per line",
            )
            return None
        if len(node.value) > spec.high:
            self.problem(node, f"{label}: more than {spec.high:g} levels")
            return None
        levels: list[object] = []
        for i, item in enumerate(node.value, 1):
            where = f"{label}[{i}]"
            self.marks[where] = _mark(item)
            if not isinstance(item, yaml.MappingNode):
                self.problem(
                    item,
                    f"{where}: expected a mapping of keys, got {_describe(item)}",
                    "allowed: " + ", ".join(f.name for f in spec.fields),
                )
                levels.append(None)
                continue
            before = len(self.problems)
            level = self.mapping(item, spec.fields, f"{where}.", f"{where}.")
            if len(self.problems) == before and not level.keys() & set(LADDER_KEYS):
                self.problem(
                    item, f"{where}: a level sets at least one of hold, reps, sets, variant"
                )
            levels.append(level if len(self.problems) == before else None)
        return None if any(level is None for level in levels) else levels

    def steps(self, node: yaml.Node, label: str) -> list[object] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{label}: expected a list of steps, got {_describe(node)}")
            return None
        if not node.value:
            self.problem(
                node, f"{label}: must not be an empty list", "add at least one exercise id"
            )
            return None
        # Each step is kept (None where it is unusable) so that later checks of the good
        # steps, such as unknown exercise ids, can still be reported in the same pass.
        steps: list[object] = []
        for i, item in enumerate(node.value, 1):
            where = f"steps[{i}]."
            if isinstance(item, yaml.MappingNode):
                steps.append(self.mapping(item, STEP_FIELDS, f"step {i}: ", where))
            else:
                value = self.scalar(item, "id", STEP_FIELDS[0], f"step {i}")
                self.marks[where + "exercise"] = _mark(item)
                steps.append(None if value is None else {"exercise": value})
        return steps

    def variants(self, node: yaml.Node, label: str) -> dict[str, object] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node, f"{label}: expected a mapping of variant names, got {_describe(node)}"
            )
            return None
        variants: dict[str, object] = {}
        ok = True
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            if key_node.tag != _STR or not ID_RE.fullmatch(name):
                self.problem(key_node, f"{label}: variant names are ids like 'long-sitting'")
                ok = False
                continue
            if name in seen:
                self.problem(key_node, f"{label}: duplicate variant '{name}'")
                ok = False
                continue
            seen.add(name)
            if not isinstance(value_node, yaml.MappingNode):
                self.problem(
                    value_node,
                    f"variant '{name}': expected a mapping of the keys that differ, "
                    f"got {_describe(value_node)}",
                    "write {} for a variant that is the exercise as it is",
                )
                ok = False
                continue
            before = len(self.problems)
            at = f"variant '{name}': "
            variants[name] = self.mapping(value_node, VARIANT_FIELDS, at, f"variants.{name}.")
            ok = ok and len(self.problems) == before
        return variants if ok else None


def _number_hint(node: yaml.ScalarNode) -> str:
    """What YAML made of a number written in a way it reads differently than people mean."""
    raw, tag = node.value, node.tag
    digits = raw.replace("_", "")
    if tag == _STR and node.style in ("'", '"'):
        return "remove the quotes"
    if tag in (_INT, _FLOAT) and ":" in raw:
        return "YAML 1.1 reads 1:30 as base-60; write the total in seconds, e.g. 90"
    if _LEADING_ZERO.fullmatch(raw):
        if tag == _INT:
            return f"YAML 1.1 reads {raw} as the octal number {int(digits, 8)}; write {int(digits)}"
        return f"YAML 1.1 reads {raw}, with its leading zero, as text; write {int(digits)}"
    if tag == _INT and raw.lstrip("+-")[:2] in ("0x", "0b"):
        base, who = ("hexadecimal", "YAML") if "x" in raw else ("binary", "YAML 1.1")
        return f"{who} reads {raw} as the {base} number {int(digits, 0)}; write {int(digits, 0)}"
    if tag in (_INT, _FLOAT) and "_" in raw:
        return f"YAML 1.1 reads {raw} as {digits} and YAML 1.2 as text; write {digits}"
    return ""


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _expected(kind: Kind, spec: Field) -> str:
    if kind == "seconds":
        return "a number of seconds"
    if kind == "degrees":
        return "an angle in degrees"
    if kind == "whole":
        return "a whole number"
    if kind == "choice":
        return "one of " + ", ".join(spec.choices)
    if kind == "id" or spec.names:
        return f"{_a(spec.names)} id like '{ID_EXAMPLES.get(spec.names, 'ball-pressure')}'"
    return "text"


def _a(names: IdOf) -> str:
    return {"routine": "a routine", "exercise": "an exercise"}.get(names, "an")


# A weekday's routine given as on/off, yes/no: a rest day is a day left out.
_REST_DAY = "a day left out is a rest day; for the routines' ids, see `stretch list`"


def _not_text_hint(node: yaml.ScalarNode, kind: Kind, spec: Field) -> str:
    """What to write instead of a value YAML reads as a boolean, a number, a date or null:
    quotes around text, one of the choices, or where to see the ids (never an empty list)."""
    if kind == "id":
        if node.tag == _BOOL and spec.name in WEEKDAYS and spec.kind == "id":
            return _REST_DAY
        return SEE_IDS.get(spec.names, "")
    if kind == "choice" and node.tag == _BOOL and spec.choices:
        return "write one of: " + ", ".join(spec.choices)
    if kind == "text" or node.tag == _BOOL:
        return f"write it in quotes: '\"{node.value}\"'"
    return ""


_LONGEST_NUMBER = 40  # characters: far more than any dose, and far below int()'s limit
