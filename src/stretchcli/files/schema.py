"""The file format as data: which keys a routine or exercise file may hold, the checker, and
the JSON Schema (draft 2020-12) that editors use.

One table of fields drives validation, the templates and the JSON Schema, so they cannot
disagree. The checker walks YAML nodes (not constructed values) so that every problem carries
the line and column of the node it is about, and it reports all of them.

What a JSON Schema cannot see is left to `stretch validate`: duplicate keys, anchors and tags,
and numbers that YAML 1.1 and YAML 1.2 read differently (012, 0x10, 1_0, 1:30), since an editor
hands the schema the number, not how it was written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import yaml

from stretchcli.errors import Problem
from stretchcli.files.checked import Checked, Mark
from stretchcli.files.paths import builtin_dir
from stretchcli.model import BASES, ID_PATTERN, ID_RE, JOINTS, MOVEMENTS, PROPS, SIDES, VIEWS
from stretchcli.text import did_you_mean, shows_as_is

# Invisible formatting characters (Unicode Cf, and the line and paragraph separators) that
# turn text around or hide it on a terminal; the JSON Schema refuses the same set. Beyond 16
# bits (tags, musical and shorthand format characters) an editor's pattern cannot name them:
# the validator refuses those too, as every character `text.shows_as_is` would not show.
INVISIBLE_RANGES = (
    ("\u00ad", "\u00ad"),
    ("\u0600", "\u0605"),
    ("\u061c", "\u061c"),
    ("\u06dd", "\u06dd"),
    ("\u070f", "\u070f"),
    ("\u0890", "\u0891"),
    ("\u08e2", "\u08e2"),
    ("\u180e", "\u180e"),
    ("\u200b", "\u200f"),
    ("\u2028", "\u202e"),
    ("\u2060", "\u2064"),
    ("\u2066", "\u206f"),
    ("\ufeff", "\ufeff"),
    ("\ufff9", "\ufffb"),
)
INVISIBLE = frozenset(
    chr(code) for low, high in INVISIBLE_RANGES for code in range(ord(low), ord(high) + 1)
)

_INT_RE = re.compile(r"^[+-]?[0-9]+$")
_FLOAT_RE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^[+-]?0[0-9_]+$")  # YAML 1.1 octal (012 is 10), or text (08)

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (
    _TAG + t for t in ("str", "int", "float", "bool", "null", "merge")
)

Kind = Literal[
    "text",
    "whole",
    "seconds",
    "degrees",
    "choice",
    "id",
    "list",
    "steps",
    "variants",
    "fields",
    "check",  # text in the words a figure's declarations use (body/declarations.py)
]


@dataclass(frozen=True)
class Field:
    """One key of a file: its kind, whether it is required, its range and its meaning."""

    name: str
    kind: Kind
    help: str
    required: bool = False
    low: float = 0
    high: float = 0
    choices: tuple[str, ...] = ()
    item: Kind = "text"  # for lists: the kind of each item
    non_empty: bool = False
    fields: tuple[Field, ...] = ()  # for a nested mapping ("fields"): its keys
    longest: int = 0  # text: at most this many characters (0: no limit)
    # What a file without the key gets (None: nothing, or it depends on another file).
    default: object = field(default=None, hash=False)
    examples: tuple[object, ...] = field(default=(), hash=False)


def _seconds(name: str, low: float, high: float, help: str, examples: tuple[object, ...]) -> Field:
    return Field(name, "seconds", help, low=low, high=high, examples=examples)


HOLD = _seconds("hold", 1, 3600, "seconds each rep is held", (5, 30))
REPS = Field("reps", "whole", "reps per side", low=1, high=100, examples=(5, 10))
SETS = Field(
    "sets", "whole", "how many times the whole exercise is repeated", low=1, high=20, examples=(2,)
)
RELAX = _seconds("relax", 0, 600, "seconds between reps", (3,))
REST = _seconds("rest", 0, 600, "seconds between sets", (20,))
SIDES_FIELD = Field(
    "sides",
    "choice",
    "none; both (all reps on one side, then the other); alternate (left, right, left, ...)",
    choices=SIDES,
    examples=("alternate",),
)
DOSE_FIELDS = (HOLD, REPS, SETS, RELAX, REST, SIDES_FIELD)


def _texts(
    name: str,
    help: str,
    examples: tuple[object, ...],
    non_empty: bool = False,
    item: Kind = "text",
    longest: int = 0,
) -> Field:
    return Field(
        name, "list", help, non_empty=non_empty, item=item, longest=longest, examples=examples
    )


# A cue is said as a hold or a pause starts, often a 5 s one: it has to be short to be heard.
CUE_LONGEST = 80
SETUP_LONGEST = 120
DESCRIPTION_LONGEST = 120  # one line of a terminal, and a short picture text


def _cue(name: str, help: str, example: str) -> Field:
    return Field(name, "text", help, longest=CUE_LONGEST, examples=(example,))


CUE_FIELDS: tuple[Field, ...] = (
    _cue(
        "hold",
        "the action, said and shown as each hold starts, e.g. 'Squeeze the blades together.'",
        "Squeeze the blades together.",
    ),
    _cue(
        "relax",
        "the release, said and shown as each pause between holds starts",
        "Back to the centre.",
    ),
    _cue(
        "left",
        "the action on the left side, naming the side and limb (instead of hold)",
        "Turn your chest to the left.",
    ),
    _cue(
        "right",
        "the action on the right side, naming the side and limb (instead of hold)",
        "Turn your chest to the right.",
    ),
    _cue(
        "switch",
        "what to change when switching sides, e.g. 'Move the ball across.'",
        "Move the ball across.",
    ),
    _cue(
        "breathe",
        "the out-breath of a hold of 15 s or more, said after 'Breathe in slowly.', "
        "e.g. 'Breathe out and let your shoulder blades spread a little more.'",
        "Breathe out and let your shoulder blades spread a little more.",
    ),
    _cue(
        "finish",
        "what to do after the last hold, when it is not the relax line, e.g. 'Step away "
        "from the wall and put the ball down.'",
        "Step away from the wall and put the ball down.",
    ),
)


POSE_FIELDS: tuple[Field, ...] = (
    Field(
        "base",
        "choice",
        "the position the pose starts from",
        required=True,
        choices=BASES,
        examples=("sitting",),
    ),
    *(
        Field(name, "degrees", "a joint angle over the base pose", low=-360, high=360)
        for name in JOINTS
    ),
    Field(
        "checks",
        "list",
        "what is true in this position only, e.g. [hands under left thigh]; "
        "checked against the drawn pose",
        item="check",
        examples=(["hands under left thigh"],),
    ),
)

FIGURE_FIELDS: tuple[Field, ...] = (
    Field(
        "view",
        "choice",
        "where the figure is seen from",
        required=True,
        choices=VIEWS,
        examples=("side",),
    ),
    Field(
        "props",
        "list",
        "what is drawn around the figure",
        item="choice",
        choices=PROPS,
        examples=(["chair"],),
    ),
    Field(
        "description",
        "text",
        "the held position in one line, for whoever cannot see the picture; `show` prints it",
        required=True,
        longest=DESCRIPTION_LONGEST,
        examples=("Seated, arms straight out at shoulder height, upper back rounded, chin tucked",),
    ),
    Field(
        "checks",
        "list",
        "what is true in both positions, in the words of the instructions, e.g. "
        "[feet on floor, seat on chair, hands on thighs]; checked against the drawn poses",
        item="check",
        examples=(["feet on floor", "seat on chair"],),
    ),
    Field(
        "start",
        "fields",
        "the position at the start (get-ready, relax): a base and joint angles",
        required=True,
        fields=POSE_FIELDS,
        examples=({"base": "sitting", "shoulder": 90},),
    ),
    Field(
        "end",
        "fields",
        "the position held, on the left side for an exercise done on both",
        required=True,
        fields=POSE_FIELDS,
        examples=({"base": "sitting", "shoulder": 120, "upper_back": 35, "neck": 25},),
    ),
)
FIGURE = Field(
    "figure",
    "fields",
    "a picture of the start and end positions: view, props, start and end poses",
    fields=FIGURE_FIELDS,
    examples=(
        {
            "view": "side",
            "props": ["chair"],
            "description": "Seated, arms straight out at shoulder height, upper back rounded",
            "checks": ["feet on floor", "seat on chair", "hands at shoulder height"],
            "start": {"base": "sitting", "shoulder": 90},
            "end": {"base": "sitting", "shoulder": 120, "upper_back": 35, "neck": 25},
        },
    ),
)

VARIANT_FIELDS: tuple[Field, ...] = (
    Field(
        "summary",
        "text",
        "one sentence on what the exercise does",
        examples=("Turn the ribcage side to side to loosen the upper back.",),
    ),
    _texts("targets", "muscles or areas it works", (["thoracic spine", "obliques"],)),
    Field(
        "position", "text", "sitting, floor, lying, standing, ...", examples=("sitting", "floor")
    ),
    _texts("equipment", "what you need, e.g. [tennis ball, wall]", (["tennis ball", "wall"],)),
    Field(
        "movements",
        "list",
        "movements it involves, for --avoid",
        item="choice",
        choices=MOVEMENTS,
        examples=(["rotation"],),
    ),
    *DOSE_FIELDS,
    _texts(
        "instructions",
        "how to do it: short imperative lines",
        (["Sit tall, feet flat.", "Breathe out and turn your ribcage to one side."],),
        non_empty=True,
    ),
    _texts(
        "setup",
        "getting into position: shown and said during get-ready",
        (["Sit tall near the front of the chair, feet flat."],),
        non_empty=True,
        longest=SETUP_LONGEST,
    ),
    Field(
        "cues",
        "fields",
        "short lines said and shown during the run: hold, relax, left, right, switch, breathe, "
        "finish",
        fields=CUE_FIELDS,
        examples=({"hold": "Turn your chest, hips still.", "relax": "Back to the centre."},),
    ),
    _texts(
        "cautions",
        "when to ease off or stop; the first is shown and said before the exercise",
        (["Turn only as far as is easy; stop on tingling or numbness."],),
        non_empty=True,
    ),
    FIGURE,
)

# What an exercise file without the key gets (model.Dose and model.Exercise; tests compare).
EXERCISE_DEFAULTS: dict[str, object] = {
    "sets": 1,
    "relax": 0,
    "rest": 0,
    "targets": [],
    "equipment": [],
    "movements": [],
    "sources": [],
}

EXERCISE_FIELDS: tuple[Field, ...] = tuple(
    replace(f, default=EXERCISE_DEFAULTS.get(f.name))
    for f in (
        Field(
            "name",
            "text",
            "the exercise's display name",
            required=True,
            examples=("Seated thoracic rotation",),
        ),
        *(
            replace(f, required=True)
            if f.name in {"summary", "hold", "reps", "sides", "instructions", "cautions"}
            else f
            for f in VARIANT_FIELDS
        ),
        Field(
            "alternative",
            "id",
            "exercise done instead when one of its movements is avoided",
            examples=("ball-pressure",),
        ),
        Field(
            "variants",
            "variants",
            "named versions: name -> the keys that differ",
            examples=({"long-sitting": {"position": "floor"}},),
        ),
        _texts(
            "sources",
            "where the dose and cues come from",
            (["https://www.fitness.com/en/workouts/thoracic-spine-stretch"],),
        ),
    )
)

STEP_FIELDS: tuple[Field, ...] = (
    Field("exercise", "id", "the exercise's id", required=True, examples=("scapular-squeeze",)),
    Field("variant", "text", "which of the exercise's variants to do", examples=("chair",)),
    *DOSE_FIELDS,
)

# Routines without prepare or rest get the settings of the same names (config.py): these.
ROUTINE_DEFAULTS: dict[str, object] = {"prepare": 5, "rest": 10, "cautions": [], "sources": []}

ROUTINE_FIELDS: tuple[Field, ...] = tuple(
    replace(f, default=ROUTINE_DEFAULTS.get(f.name))
    for f in (
        Field(
            "name",
            "text",
            "the routine's display name",
            required=True,
            examples=("Upper back trigger point relief",),
        ),
        Field(
            "summary",
            "text",
            "one sentence on what the routine is for",
            required=True,
            examples=("Stretch, strengthen and release knots between the shoulder blades.",),
        ),
        _seconds("prepare", 0, 60, "get-ready seconds before each exercise", (5,)),
        _seconds("rest", 0, 600, "seconds between exercises", (10,)),
        _texts(
            "cautions",
            "safety notes for the whole routine, said and shown before it starts",
            (["Keep every stretch to a mild pull; sharp pain means ease off."],),
        ),
        _texts(
            "equipment",
            "what to have at hand before it starts (default: what its exercises use); "
            "with a bed, the work lying down is done on the bed",
            (["bed", "pillow"],),
        ),
        Field(
            "steps",
            "steps",
            "exercise ids, or mappings with a variant and dose",
            required=True,
            examples=(
                [
                    {"exercise": "rhomboid-stretch", "variant": "chair"},
                    {"exercise": "scapular-squeeze", "sets": 2},
                    "thoracic-rotation",
                ],
            ),
        ),
        _texts("sources", "where the routine comes from", ()),
    )
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
        self, node: yaml.MappingNode, fields: tuple[Field, ...], at: str, where: str = ""
    ) -> dict[str, object]:
        """Check a mapping; `at` prefixes messages, `where` prefixes the recorded marks."""
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
                self.problem(key_node, f"{lead}keys must be plain words, not {_describe(key_node)}")
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
                f"write it in quotes: '\"{node.value}\"'"
                if kind == "text"
                else "write one of: " + ", ".join(spec.choices),
            )
            return None
        if node.tag != _STR:
            hint = f"write it in quotes: '\"{node.value}\"'" if kind == "text" else ""
            self.problem(
                node, f"{label}: expected {_expected(kind, spec)}, got {_describe(node)}", hint
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
        hidden = next((c for c in text if c in INVISIBLE or not shows_as_is(c)), None)
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
                else "ids are lowercase words joined by hyphens, like 'ball-pressure'",
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
        before = len(self.problems)
        values = self.mapping(node, spec.fields, f"{label}.", f"{label}.")
        return values if len(self.problems) == before else None

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
    if kind == "id":
        return "an id like 'ball-pressure'"
    return "text"


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if tag == _STR:
        return f"text '{value}'"
    if tag == _NULL:
        return "nothing (null)"
    if tag == _BOOL:
        return f"'{value}' (a boolean)"
    if tag in (_INT, _FLOAT):
        return f"the number {value}"
    if tag.startswith(_TAG):
        return f"'{value}' (a {tag.removeprefix(_TAG)})"
    return f"a value tagged {tag}"


# --- The JSON Schema, for editors -------------------------------------------------------

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = {"type": "string", "pattern": ID_PATTERN}
# Unicode category Cc and the invisible characters, as the validator refuses them.
_CONTROL = r"\u0000-\u001F\u007F-\u009F" + "".join(
    rf"\u{ord(low):04X}-\u{ord(high):04X}" for low, high in INVISIBLE_RANGES
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
            "additionalProperties": _json_object(VARIANT_FIELDS),
        }
    elif spec.kind == "fields":
        result = _json_object(spec.fields)
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
            **_json_object(STEP_FIELDS),
        },
    ]


def _json_object(fields: tuple[Field, ...]) -> dict[str, object]:
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
        **_json_object(fields),
    }
