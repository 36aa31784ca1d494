"""What `stretch start` says instead of a plan, or before one: the advice at the urgency
of a warning sign, after recent surgery, for pain between the shoulder blades that no
clinician has checked (the plan then waits for the check), and for pain that has lasted weeks
that no clinician has seen (the plan is made meanwhile). Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stretchcli.plan.answers import FLAGS, Flag
from stretchcli.plan.reasons import Reason
from stretchcli.safety import CKS, CKS_NECK, NHS, SOON, URGENT


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


# Pain that has not started to ease after a few weeks, is getting worse, or stops everyday
# things: the NHS back pain page's non-urgent level ("see a GP if ..."), kept as it is. The
# same page's self-care, at that level too, is to stay as active as possible and to try
# exercises and stretches for back pain (stopping, and seeing a GP, if they make the pain
# worse); NICE CKS encourages people with non-specific back pain, and neck pain, to continue
# their normal activities. So the plan does not wait, as it does for the urgent check of the
# shoulder blades: it is made and started, the appointment said first (chosen, from those
# pages; read in copies that quote them, as `safety.py` says).
SEE_FIRST = (
    f"{SOON.name}: {SOON.action}.",
    "The NHS asks for this when pain has not started to ease after a few weeks, is getting "
    "worse, or stops you doing everyday things. Meanwhile it advises staying active, with "
    "exercises and stretches: the plan below is for that, and starts at its gentlest. If it "
    "makes the pain worse, stop and see a GP. Show the plan at your appointment (stretch "
    "report), and follow what the clinician says first.",
)
LASTING_NOTE = (
    "Made before a clinician saw the pain that has lasted: book that appointment, and follow "
    "what they say first."
)
LASTING_CHECKED = Reason(
    "pain that has lasted weeks, seen by a clinician",
    "the long-standing pain this plan is for; follow what they said first, and if the pain "
    "gets worse, changes, or comes with any of the warning signs of stretch safety, see them "
    "again (NHS)",
    (NHS,),
)
LASTING_UNCHECKED = Reason(
    "pain that has lasted weeks, not yet seen by a clinician: the plan is made meanwhile",
    "book an appointment with a doctor or physiotherapist (NHS: see a GP when pain has not "
    "started to improve within a few weeks); until then the NHS advises staying active, with "
    "exercises and stretches, stopping if they make it worse, and NICE CKS advises "
    "continuing normal activities",
    (NHS, CKS, CKS_NECK),
)
