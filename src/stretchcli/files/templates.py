"""Commented starting points for new routine and exercise files.

The comments come from the same field table the validator uses, so they say what it checks.
"""

from __future__ import annotations

from stretchcli.files.field import Field
from stretchcli.files.fields import EXERCISE_FIELDS, ROUTINE_FIELDS


def title(ident: str) -> str:
    """A display name from an id: 'my-lunch-break' -> 'My lunch break'."""
    return ident.replace("-", " ").capitalize()


def _comment(field: Field) -> str:
    text = field.help
    if field.kind in ("seconds", "whole"):
        text += f" ({field.low:g}-{field.high:g})"
    if field.kind == "list" and field.item == "choice":
        text += " (" + ", ".join(field.choices) + ")"
    return text + ("; required" if field.required else "")


def _lines(fields: tuple[Field, ...], examples: dict[str, list[str]]) -> list[str]:
    lines = []
    for field in fields:
        example = examples[field.name]
        first = f"{field.name}: {example[0]}".rstrip()
        lines.append(f"{first.ljust(33)} # {_comment(field)}")
        lines.extend(example[1:])
    return lines


def routine_template(ident: str) -> str:
    """A new routine file with every key explained."""
    examples = {
        "name": [title(ident)],
        "summary": ["What this routine is for, in one sentence."],
        "prepare": ["5"],
        "rest": ["10"],
        "cautions": [
            "",
            "  - Keep every stretch to a mild pull; stop on sharp pain, numbness or tingling.",
        ],
        "equipment": ["[mat, chair]"],
        "steps": [
            "",
            "  - exercise: rhomboid-stretch",
            "    variant: long-sitting          # one of the exercise's variants",
            "  - exercise: scapular-squeeze",
            "    sets: 2                        # hold, reps, sets, relax, rest or sides: "
            "your dose",
            "  - thoracic-rotation              # a bare exercise id is fine",
        ],
        "sources": ["[]"],
    }
    header = [
        f"# {title(ident)}: a routine for stretch.",
        "# Exercise ids: `stretch list --exercises`. Check this file: `stretch validate FILE`.",
    ]
    return "\n".join(header + _lines(ROUTINE_FIELDS, examples)) + "\n"


def exercise_template(ident: str) -> str:
    """A new exercise file with every key explained."""
    examples = {
        "name": [title(ident)],
        "summary": ["What it does, in one sentence."],
        "targets": ["[upper back]"],
        "position": ["sitting"],
        "equipment": ["[chair]"],
        "movements": ["[]"],
        "hold": ["10"],
        "reps": ["3"],
        "sets": ["1"],
        "relax": ["5"],
        "rest": ["30"],
        "sides": ["none"],
        "instructions": ["", "  - Sit tall with your feet flat.", "  - Describe the movement."],
        "setup": ["", "  - Sit tall near the front of the chair, feet flat."],
        "cues": [
            "",
            "  hold: Say the action in a few words.   # at each hold",
            "  relax: Let go slowly.                 # at each pause between holds",
            "  breathe: Breathe out and let it go a little further.   # in holds of 15 s or more",
            "  # left: / right: the action per side, naming the limb; switch: what to change;",
            "  # finish: what to do after the last hold, if not the relax line",
        ],
        "cautions": [
            "",
            "  - Go only to a mild pull; stop on sharp pain, numbness or tingling.",
        ],
        "figure": [
            "",
            "  view: side                     # side, front, back or above",
            "  props: [chair]                 # chair, floor, wall, ball, bed, pillow, mat",
            "  description: Seated, arms straight out at shoulder height, upper back rounded",
            "  checks: [feet on floor, seat on chair, hands at shoulder height]",
            "  start: {base: sitting, shoulder: 90}   # a base pose and joint angles (degrees)",
            "  end: {base: sitting, shoulder: 120, upper_back: 35, neck: 25}",
        ],
        "alternative": ["ball-pressure"],
        "pace": ["held"],
        "variants": ["{}"],
        "ladder": [
            "",
            "  - {reps: 2, source: https://..., why: 'chosen: the low end'}   # easiest first",
            "  - {reps: 3, source: https://..., why: the page's dose}",
            "  # hold, reps, sets or a variant per level; a plan climbs it session by session",
        ],
        "sources": ["[]"],
    }
    header = [
        f"# {title(ident)}: an exercise for stretch (doses from a source you trust).",
        "# Check this file: `stretch validate FILE`.",
    ]
    return "\n".join(header + _lines(EXERCISE_FIELDS, examples)) + "\n"
