"""The keys of an exercise's figure (`figure:`): its view, props, description, declared
checks, focus, and the start and held poses as joint angles over a base."""

from __future__ import annotations

from stretchcli.files.field import Field
from stretchcli.model import BASES, FOCUS, JOINTS, PROPS, VIEWS

DESCRIPTION_LONGEST = 120  # one line of a terminal, and a short picture text

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
        "focus",
        "list",
        "the parts of the body the live screen frames, so that a small movement fills it, "
        "e.g. [head, shoulders] (none: the whole body)",
        item="choice",
        choices=FOCUS,
        examples=(["head", "shoulders"],),
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
