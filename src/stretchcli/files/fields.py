"""The file format as data: which keys a routine or exercise file may hold, of what kind, in
what range, with what default and examples, and which characters its text may not hold.

One table of fields drives the checker (`checker.py`), the templates (`templates.py`) and the
JSON Schema (`json_schema.py`), so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import replace

from stretchcli.files.field import Field, Kind
from stretchcli.files.figure_fields import FIGURE
from stretchcli.model import MOVEMENTS, PACES, SIDES
from stretchcli.plan.climb import HOLD_MOST, REPS_MOST, SETS_MOST
from stretchcli.plan.model import MAX_LEVELS


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

# A level of a ladder (an exercise file's or a plan's) holds at most twice what the sources
# give (chosen: plan/climb.py); more is a typo, not a dose.
LEVEL_HOLD = replace(HOLD, high=HOLD_MOST, help=f"{HOLD.help} (at most {HOLD_MOST})")
LEVEL_REPS = replace(REPS, high=REPS_MOST, help=f"{REPS.help} (at most {REPS_MOST})")
LEVEL_SETS = replace(SETS, high=SETS_MOST, help=f"{SETS.help} (at most {SETS_MOST})")

# A level of an exercise file's ladder: what it sets, and where the numbers come from.
LADDER_KEYS = ("hold", "reps", "sets", "variant")  # a level sets at least one of these
LEVEL_FIELDS: tuple[Field, ...] = (
    LEVEL_HOLD,
    LEVEL_REPS,
    LEVEL_SETS,
    Field(
        "variant",
        "text",
        "a variant of the exercise that this level does (its `variants:`)",
        examples=("floor",),
    ),
    Field(
        "source",
        "text",
        "the page the numbers come from",
        required=True,
        examples=("https://go4life.nia.nih.gov/exercises/seated-row-resistance-band",),
    ),
    Field(
        "why",
        "text",
        "how the numbers relate to the source; start with 'chosen:' where they are yours",
        examples=("10, the low end of 10-15 times",),
    ),
)
LADDER = Field(
    "ladder",
    "ladder",
    "the doses a plan climbs, easiest first: a list of levels, each with hold, reps, sets "
    "or a variant, and the source of its numbers",
    high=MAX_LEVELS,
    fields=LEVEL_FIELDS,
    examples=(
        [
            {"reps": 5, "source": "https://...", "why": "chosen: half the page's 10"},
            {"reps": 10, "source": "https://...", "why": "the page's 10"},
        ],
    ),
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
            names="exercise",
        ),
        Field(
            "pace",
            "choice",
            "held (default): hold and relax are a position held and let go, and --scale "
            "stretches them; moved: they are the pace of a movement (3 s to pull, 1 s held, "
            "3 s back), kept under --scale, which changes the reps instead",
            choices=PACES,
            examples=("moved",),
        ),
        Field(
            "variants",
            "variants",
            "named versions: name -> the keys that differ",
            examples=({"long-sitting": {"position": "floor"}},),
        ),
        LADDER,
        _texts(
            "sources",
            "where the dose and cues come from",
            (["https://www.fitness.com/en/workouts/thoracic-spine-stretch"],),
        ),
    )
)

STEP_FIELDS: tuple[Field, ...] = (
    Field(
        "exercise",
        "id",
        "the exercise's id",
        required=True,
        examples=("scapular-squeeze",),
        names="exercise",
    ),
    Field("variant", "text", "which of the exercise's variants to do", examples=("chair",)),
    *DOSE_FIELDS,
    _texts(
        "cautions",
        "routine cautions that concern only this step: said and shown before the routine "
        "starts, after the routine's own, when the step is done (not when --only, --skip or "
        "--avoid leave it out)",
        (["If you take blood thinners, leave the ball out (--skip ball-pressure)."],),
        non_empty=True,
    ),
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
            (["Keep every stretch to a mild pull; stop on sharp pain, numbness or tingling."],),
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
