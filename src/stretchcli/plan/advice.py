"""What `stretch start` says instead of a plan, or before one: the advice at the urgency
of a warning sign, after recent surgery, and for pain between the shoulder blades that no
clinician has checked (the plan then waits for the check). Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stretchcli.plan.answers import FLAGS, Flag
from stretchcli.plan.reasons import Reason
from stretchcli.safety import NHS, URGENT


@dataclass(frozen=True)
class Advice:
    """No plan: what to do instead, in a few lines."""

    kind: Literal["red-flag", "surgery", "nothing-fits"]
    lines: tuple[str, ...]


def advice_for(flags: tuple[Flag, ...]) -> Advice:
    """The advice at the most urgent level among the red flags answered yes."""
    order = list(FLAGS)
    urgency = FLAGS[min(flags, key=order.index)]
    return Advice(
        "red-flag",
        (
            f"{urgency.name}: {urgency.action}.",
            "No plan was made: these signs need a clinician before any stretching plan. "
            "See stretch safety for all of them.",
        ),
    )


# Pain between the shoulder blades not yet checked: the NHS back pain page's urgency for pain
# "coming from the top of your back (between your shoulders)", kept as it is; the plan is made
# for after the check (the pain this tool is for is there too: a clinician tells them apart).
CHECK_FIRST = (
    f"{URGENT.name}: {URGENT.action}.",
    "The NHS asks for this when back pain comes from the top of your back, between the "
    "shoulder blades, and no clinician has checked it: a doctor or physiotherapist can tell "
    "whether it is the muscle pain (knots) this plan is for.",
)
CHECK_FIRST_NOTE = (
    "Made before a clinician checked the pain between your shoulder blades: start it once one "
    "has, and follow what they say first."
)

CHECKED = Reason(
    "pain between your shoulder blades, checked by a clinician",
    "the muscle pain this plan is for; if it changes, or comes with any of the warning signs "
    "of stretch safety, have it checked again (NHS)",
    (NHS,),
)

SURGERY_ADVICE = Advice(
    "surgery",
    (
        "No plan yet: after recent surgery, ask the clinician who looks after you when you "
        "may start stretching, and what to avoid.",
        "When they say you can, run stretch start again and answer yes to cleared.",
    ),
)
