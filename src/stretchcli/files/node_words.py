"""A YAML node of a file said in words, as a problem names it: 'a list', "text 'x'", "'on'
(a boolean)"; and a key that is not text where an id or a weekday goes."""

from __future__ import annotations

import yaml

from stretchcli.files.field import ID_EXAMPLES, SEE_IDS, IdOf
from stretchcli.plan.model import WEEKDAYS

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))


def describe(node: yaml.Node) -> str:
    """The node in a few words, its value cut short."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping" if node.value else "an empty mapping"
    if isinstance(node, yaml.SequenceNode):  # (attack 18, H5: "a list of levels, got a list")
        return "a list" if node.value else "an empty list"
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


def not_a_key(node: yaml.Node, lead: str, keys: IdOf) -> tuple[str, str]:
    """What is wrong with a key that is not text where an id of `keys` goes ('': a
    weekday), and the hint: a boolean is said as one, and how to write it as text."""
    if keys:
        a = "an" if keys[0] in "aeiou" else "a"
        wanted = f"{a} {keys} id like '{ID_EXAMPLES[keys]}' as a key"
    else:
        wanted = f"a weekday as a key ({', '.join(WEEKDAYS)})"
    if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
        got = f"'{node.value}', which YAML reads as a boolean"
        hint = f"write it in quotes: '\"{node.value}\"'; {SEE_IDS[keys]}" if keys else ""
    else:
        got, hint = describe(node), SEE_IDS.get(keys, "")
    return f"{lead}expected {wanted}, got {got}", hint
