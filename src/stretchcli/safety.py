"""The safety wording every session and every `show` carries, and the red flags with their
urgency (rewritten from the NHS back pain pages and NICE CKS red flags; see README)."""

from __future__ import annotations

from dataclasses import dataclass

SHORT = "Not medical advice. Stop if you feel sharp pain, numbness or tingling."
MORE = "When to get help: `stretch safety`."

GENERAL = (
    "This is general education, not medical advice or a diagnosis.",
    "Stretch to a mild pull only: sharp or stabbing pain means ease off.",
    "Stop if anything causes pain, tingling or numbness, or makes symptoms spread.",
    "Move smoothly without bouncing, and keep breathing.",
    "Start with fewer reps and build up; a little soreness afterwards is normal.",
    "With osteoporosis, a recent fracture or recent spinal surgery, ask a clinician first: "
    "avoid deep forward bends and twisting to the limit.",
    "No ball pressure on the spine, on bruises or injuries, or if you bleed or bruise easily "
    "(blood thinners, a clotting disorder).",
)


@dataclass(frozen=True)
class Urgency:
    """How soon to get help, and how."""

    name: str
    action: str


RED_FLAGS: tuple[tuple[Urgency, tuple[str, ...]], ...] = (
    (
        Urgency("Emergency", "call your emergency number now (999, 911, 112)"),
        (
            "Chest pain together with back pain, above all with breathlessness, sweating, "
            "or pain spreading to the arm, neck or jaw.",
            "Sudden, severe pain in the chest or upper back that feels like tearing or ripping.",
            "Numbness or tingling around the genitals or buttocks, weakness or loss of feeling "
            "in both legs, or new problems controlling your bladder or bowels, or with sex.",
        ),
    ),
    (
        Urgency("Urgent", "get seen today: urgent care, or your doctor's same-day line"),
        (
            "Back pain after a fall or an accident, above all with osteoporosis or after "
            "taking steroid tablets for a long time.",
            "Back pain with a fever, or with weight loss you cannot explain.",
            "Back pain if you have had cancer.",
            "Pain that is worse at night and not eased by rest or lying down.",
            "New back pain after the age of 50, or with a weakened immune system.",
            "A lump, or a change in the shape of your back.",
        ),
    ),
    (
        Urgency("See a clinician", "book an appointment with a doctor or physiotherapist"),
        (
            "Pain between the shoulder blades that is new and does not ease.",
            "Pain that has not started to ease after a few weeks, or that stops you doing "
            "everyday things.",
        ),
    ),
)

SOURCES = (
    "https://www.nhs.uk/conditions/back-pain/",
    "https://g-care.glos.nhs.uk/pathway/73/resource/3",  # NICE CKS low back pain red flags
    "https://norfolkandwaveneycommunityhealth.nhs.uk/msk/refer-yourself/systmconnect/got-back-pain/",
    "https://www2.hse.ie/conditions/aortic-dissection/symptoms-of-aortic-dissection/",
)
