"""The safety wording every session and every `show` carries, and the red flags with their
urgency, each at the level the NHS back pain page or NICE CKS gives it and cited to them."""

from __future__ import annotations

from dataclasses import dataclass

SHORT = "Not medical advice. Stop if you feel sharp pain, numbness or tingling."
MORE = "When to get help: run stretch safety."  # said and read aloud: no symbols

GENERAL = (
    "This is general education, not medical advice or a diagnosis.",
    "Stretch to a mild pull only, never into pain.",
    "Stop if you feel sharp pain, numbness or tingling, or if an exercise brings on pain or "
    "makes symptoms spread or get worse.",
    "Move smoothly without bouncing, and keep breathing.",
    "Start with fewer reps and build up; a little soreness afterwards is normal.",
    "With osteoporosis, a recent fracture or recent spinal surgery, ask a clinician first: "
    "avoid deep forward bends and twisting to the limit.",
    "No ball pressure on the spine, on bruises or injuries, or if you bleed or bruise easily "
    "(blood thinners, a clotting disorder).",
)

# The primary pages. The nhs.uk and NICE CKS pages could not be read directly; their wording
# was read in copies that quote them: the NHS page in redflagsymptoms.co.uk/back-pain,
# bridgwaterbayhealth.nhs.uk/back-pain and sheffieldachespains (an NHS service), the CKS red
# flags in the Gloucestershire NHS pathways (g-care.glos.nhs.uk/pathway/71/resource/3), which
# each sign cited to CKS cites beside it: the words were read there.
NHS = "https://www.nhs.uk/conditions/back-pain/"
CKS = "https://cks.nice.org.uk/topics/back-pain-low-without-radiculopathy/"
CKS_COPY = "https://g-care.glos.nhs.uk/pathway/71/resource/3"
NHS_MSK = "https://www.chcpmsk.org.uk/body-parts/back"  # an NHS MSK service's list (arms)
HSE = "https://www2.hse.ie/conditions/aortic-dissection/symptoms-of-aortic-dissection/"
# The neck: NICE CKS's red flags for neck pain (read in a copy that quotes them, GP online's
# "CKS: clinical solutions, non-specific neck pain"); an NHS MSK service's neck page (Sheffield
# Aches and Pains: call 999 or go to A&E for these); the nhs.uk meningitis page (read in a
# copy that quotes it, the University of Cambridge's health page). The nhs.uk neck pain page
# itself could not be read.
CKS_NECK = "https://cks.nice.org.uk/topics/neck-pain-non-specific/"
NHS_MSK_NECK = "https://sheffieldachesandpains.com/conditions/neck-pain"
NHS_MENINGITIS = "https://www.nhs.uk/conditions/meningitis/"


@dataclass(frozen=True)
class Urgency:
    """How soon to get help, and how."""

    name: str
    action: str


@dataclass(frozen=True)
class Sign:
    """A red flag in our words, and the pages that put it at its level of urgency."""

    text: str
    sources: tuple[str, ...]
    neck: bool = False  # a sign of neck pain: asked first when the neck is where it hurts


EMERGENCY = Urgency("Emergency", "call your emergency number now (999, 911, 112)")
URGENT = Urgency(
    "Urgent",
    "get seen today: ask for an urgent appointment with your doctor, or call a health "
    "advice line (NHS 111 in England)",
)
SOON = Urgency("See a clinician", "book an appointment with a doctor or physiotherapist")

# The NHS back pain page asks for an urgent GP appointment or NHS 111 when "the pain is
# coming from the top of your back (between your shoulders)". That is where the knots this
# tool is for sit, so `stretch start` asks it on its own (`plan/screening.py`): pain there
# that a clinician has checked, and that has not changed since, is what the plan is for; pain
# there that nobody has checked gets this urgency, and the plan waits for the check.
SHOULDER_BLADES = Sign(
    "Pain at the top of your back, between the shoulder blades, that has not been checked by "
    "a clinician, or that has changed since it was.",
    (NHS,),
)

RED_FLAGS: tuple[tuple[Urgency, tuple[Sign, ...]], ...] = (
    (
        EMERGENCY,
        (
            Sign(
                "Chest pain together with back pain, above all with breathlessness, sweating, "
                "or pain spreading to the arm, neck or jaw.",
                (NHS,),
            ),
            Sign(
                "Sudden, severe pain in the chest or upper back that feels like tearing or "
                "ripping.",
                (HSE,),
            ),
            Sign(
                "Numbness or tingling around the genitals or buttocks, pain, weakness or loss "
                "of feeling in both legs, or new problems controlling your bladder or bowels, "
                "or with sex.",
                (NHS, CKS, CKS_COPY),
            ),
            Sign(
                "Back pain that started after a serious accident, such as a car accident or a "
                "fall from a height.",
                (NHS,),
            ),
            Sign(
                "Neck pain with a high temperature and a stiff neck, above all with a headache, "
                "being sick, a dislike of bright lights or a rash that does not fade under a "
                "glass.",
                (NHS_MENINGITIS,),
                neck=True,
            ),
            Sign(
                "Neck pain that started after an injury, such as a car accident, a fall or a "
                "blow to the head.",
                (CKS_NECK, NHS),
                neck=True,
            ),
            Sign(
                "New numbness or lasting pins and needles in your face, an arm or a hand; new "
                "weakness or clumsiness in both arms or your legs; or new trouble walking, "
                "keeping your balance or sitting upright.",
                (NHS_MSK_NECK, CKS_NECK),
                neck=True,
            ),
            Sign(
                "An electric-shock feeling that runs from your neck down your spine or into "
                "your arms or legs.",
                (NHS_MSK_NECK, CKS_NECK),
                neck=True,
            ),
            Sign(
                "Neck pain with double vision, fainting, dizziness that does not go away, or "
                "trouble speaking or swallowing.",
                (NHS_MSK_NECK,),
                neck=True,
            ),
        ),
    ),
    (
        URGENT,
        (
            SHOULDER_BLADES,
            Sign("Back pain that is worse when you cough, sneeze or poo.", (NHS,)),
            Sign(
                "Sudden weakness in your arms, or severe pain down an arm with tingling or "
                "numbness.",
                (NHS_MSK,),
            ),
            Sign("Back pain with a high temperature, chills or shivering.", (NHS, CKS, CKS_COPY)),
            Sign(
                "Back pain if you inject drugs, have recently had a bacterial infection, or "
                "have a weakened immune system.",
                (CKS, CKS_COPY),
            ),
            Sign("Back pain with weight loss you cannot explain.", (NHS, CKS, CKS_COPY)),
            Sign("Back pain if you have had cancer.", (CKS, CKS_COPY)),
            Sign("Pain in several places in your body at once.", (CKS, CKS_COPY)),
            Sign(
                "Pain that is much worse at night, or does not ease when you rest.",
                (NHS, CKS, CKS_COPY),
            ),
            Sign(
                "Severe pain in the middle of your spine that eases when you lie down.",
                (CKS, CKS_COPY),
            ),
            Sign(
                "Back pain after a small fall or knock if you have osteoporosis or have taken "
                "steroid tablets for a long time.",
                (CKS, CKS_COPY),
            ),
            Sign("New back pain after the age of 50.", (CKS, CKS_COPY)),
            Sign(
                "A lump or swelling on your back, or a change in its shape.", (NHS, CKS, CKS_COPY)
            ),
            Sign(
                "Neck pain with a fever, feeling unwell, or weight loss you cannot explain.",
                (CKS_NECK,),
                neck=True,
            ),
            Sign(
                "Neck pain if you have had cancer, inflammatory arthritis or TB, have a "
                "weakened immune system, or inject drugs.",
                (CKS_NECK,),
                neck=True,
            ),
            Sign("Neck pain that never lets up or wakes you at night.", (CKS_NECK,), neck=True),
            Sign("New neck pain before the age of 20 or after 55.", (CKS_NECK,), neck=True),
        ),
    ),
    (
        SOON,
        (
            Sign(
                "Pain that has not started to ease after a few weeks, that is getting worse, "
                "or that stops you doing everyday things.",
                (NHS,),
            ),
        ),
    ),
)

SOURCES = (NHS, CKS, CKS_COPY, NHS_MSK, HSE, CKS_NECK, NHS_MSK_NECK, NHS_MENINGITIS)


def asked(neck: bool) -> tuple[tuple[Urgency, tuple[Sign, ...]], ...]:
    """The red flags `stretch start` asks about, by urgency: for neck pain its own signs
    first, then the others; else without the neck's own. Pain between the shoulder blades
    is asked on its own (`SHOULDER_BLADES`)."""
    return tuple(
        (
            urgency,
            tuple(
                s
                for s in (
                    tuple(s for s in signs if s.neck) + tuple(s for s in signs if not s.neck)
                    if neck
                    else tuple(s for s in signs if not s.neck)
                )
                if s is not SHOULDER_BLADES
            ),
        )
        for urgency, signs in RED_FLAGS
    )
