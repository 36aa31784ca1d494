"""The first conversation's answers become a plan, or advice and no plan. Pure: no I/O.

What a physiotherapist asks first, in order: the red flags of `stretch safety` (any yes: the
advice at its urgency and no plan), precautions (each mapped to what it rules out: movements,
the ball, the floor), where it hurts, where and with what the person can stretch, and how long
and how often. The routine is the first for where it hurts that every answer allows and that
fits the minutes at the start levels; each choice comes with its reason and sources, and is
marked where the mapping is ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from stretchcli.model import (
    DoseChange,
    Exercise,
    Movement,
    Routine,
    apply_variant,
    rough_seconds,
)
from stretchcli.plan.model import WEEKDAYS, Ladder, Plan, Schedule, Weekday
from stretchcli.plan.rules import DEFAULT_RULES, GARBER
from stretchcli.safety import EMERGENCY, NHS, SOON, URGENT, Urgency
from stretchcli.text import clock

NIA_UPPER_BACK = "https://go4life.nia.nih.gov/exercise/upper-back/"  # start easy, build up

Area = Literal["upper-back", "neck-shoulders", "lower-back"]
AREAS: tuple[Area, ...] = ("upper-back", "neck-shoulders", "lower-back")
AREA_WORDS: dict[Area, str] = {
    "upper-back": "the upper back",
    "neck-shoulders": "the neck and shoulders",
    "lower-back": "the lower back",
}
Precaution = Literal["osteoporosis", "blood-thinners", "recent-surgery", "stenosis"]
PRECAUTIONS: tuple[Precaution, ...] = (
    "osteoporosis",
    "blood-thinners",
    "recent-surgery",
    "stenosis",
)
Flag = Literal["emergency", "urgent", "see-clinician"]
FLAGS: dict[Flag, Urgency] = {"emergency": EMERGENCY, "urgent": URGENT, "see-clinician": SOON}

# The pages behind each mapping. The bone-health pages are in the research notes' sources
# (NIH SeniorHealth, cited here before, was retired in 2017: the two below say the same). The
# nhs.uk anticoagulant page was read in the NHS website's own syndication copy
# (developer.api.nhs.uk); "Stenosis" is an NHS MSK service's self-help page (AHP Suffolk).
BHOF_SPINE = (
    "https://www.bonehealthandosteoporosis.org/patients/treatment/exercisesafe-movement/"
    "protecting-your-spine/"
)
OSTEOPOROSIS_TABLE = "https://pmc.ncbi.nlm.nih.gov/articles/PMC5101068/table/T5"
NHS_ANTICOAGULANTS = "https://www.nhs.uk/conditions/anticoagulants/side-effects/"
MASSAGE_RISKS = "https://spencermassage.com/risks-of-massage"
NHS_STENOSIS = "https://ahpsuffolk.co.uk/Home/SelfHelp/BackPain/Stenosis.aspx"
DOCTOR_JO_STENOSIS = "https://www.askdoctorjo.com/spinal-stenosis-stretches/"

# The routines for each place it hurts, best first (chosen: from what each routine is for, as
# the README's table of built-in routines says). The stenosis routine is for diagnosed lumbar
# stenosis only, so it comes first there and nowhere else.
CANDIDATES: dict[Area, tuple[str, ...]] = {
    "upper-back": (
        "upper-back",
        "desk-upper-back",
        "desk-break",
        "trigger-point-release",
        "mid-back",
    ),
    "neck-shoulders": (
        "desk-upper-back",
        "desk-break",
        "upper-back",
        "trigger-point-release",
        "mid-back",
    ),
    "lower-back": ("low-back-seated", "back-pain-relief", "morning-in-bed", "gentle-yoga"),
}
STENOSIS_ROUTINE = "spinal-stenosis"
# Positions done upright, off the floor: everything else is on the floor (or on a bed).
UPRIGHT = ("sitting", "standing")
# Chosen: the days of the week, spread out so that rest days fall between sessions where the
# number allows.
SPREAD: dict[int, tuple[Weekday, ...]] = {
    1: ("wed",),
    2: ("mon", "thu"),
    3: ("mon", "wed", "fri"),
    4: ("mon", "tue", "thu", "fri"),
    5: ("mon", "tue", "wed", "thu", "fri"),
    6: ("mon", "tue", "wed", "thu", "fri", "sat"),
    7: WEEKDAYS,
}
REVIEW_DAYS = 28  # chosen: "a few weeks", after which the NHS says pain that is not easing
MINUTES = (1, 60)
WRITER = "stretch start, from your answers"


@dataclass(frozen=True)
class Answers:
    """What the person said (each answer's default is what Enter takes)."""

    where: Area = "upper-back"
    flags: tuple[Flag, ...] = ()  # the red-flag groups answered yes
    precautions: frozenset[Precaution] = frozenset()
    cleared: bool = False  # after recent surgery, a clinician has said exercise is fine
    floor: bool = True  # can get down to the floor and up, with room to lie down
    chair: bool = True  # a steady chair (a desk chair)
    bed: bool = False
    ball: bool = False  # a tennis ball
    wall: bool = True  # a clear stretch of wall
    mat: bool = True  # a mat, or a thick blanket, for the floor
    minutes: int = 10
    days: int = 3


@dataclass(frozen=True)
class Reason:
    """One choice and why, in words, with the pages it follows (`chosen`: the mapping is
    ours, and `why` says on what it rests)."""

    choice: str
    why: str
    sources: tuple[str, ...] = ()
    chosen: bool = False


@dataclass(frozen=True)
class Advice:
    """No plan: what to do instead, in a few lines."""

    kind: Literal["red-flag", "surgery", "nothing-fits"]
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Proposal:
    """The plan the answers make, what it does, and the reason for each choice."""

    routine: str
    days: tuple[Weekday, ...]
    avoid: tuple[Movement, ...]
    weekly_goal: int
    ladders: Mapping[str, Ladder]  # exercises whose top levels the answers rule out
    exercises: tuple[str, ...]  # what a session does, after --avoid's swaps
    seconds: float  # about how long a session takes at the start levels
    review: date
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())

    def plan(self) -> Plan:
        """The proposal as a Plan (every exercise at level 1, the default rules)."""
        return Plan(
            schedule=Schedule(days=tuple((day, self.routine) for day in self.days)),
            rules=DEFAULT_RULES,
            ladders=self.ladders,
            avoid=self.avoid,
            weekly_goal=self.weekly_goal,
            review=self.review,
            written_by=WRITER,
            notes=self.notes,
            sources=self.sources,
        )


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


SURGERY_ADVICE = Advice(
    "surgery",
    (
        "No plan yet: after recent surgery, ask the clinician who looks after you when you "
        "may start stretching, and what to avoid.",
        "When they say you can, run stretch start again and answer yes to cleared.",
    ),
)


def screen(
    answers: Answers,
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    today: date,
) -> Advice | Proposal:
    """The plan the answers make, or the advice instead of one: any red flag gives only the
    advice at its urgency; recent surgery not yet cleared gives no plan; no routine that
    every answer allows gives no plan and says why."""
    if answers.flags:
        return advice_for(answers.flags)
    if "recent-surgery" in answers.precautions and not answers.cleared:
        return SURGERY_ADVICE
    avoid = avoided(answers)
    reasons = list(_precaution_reasons(answers))
    passed: list[str] = []
    fits: list[tuple[str, tuple[Exercise, ...], float]] = []
    for name in candidates(answers):
        routine = routines.get(name)
        if routine is None:
            continue
        done, why_not = _done(routine, exercises, ladders, answers, avoid)
        if why_not:
            passed.append(f"{name} ({why_not})")
            continue
        seconds = _seconds(routine, done, ladders)
        fits.append((name, done, seconds))
        if seconds <= answers.minutes * 60:
            break
    if not fits:
        return Advice(
            "nothing-fits",
            (
                f"No plan was made: none of the routines for {AREA_WORDS[answers.where]} fits "
                f"everything you said: {'; '.join(passed)}.",
                "A physiotherapist can write a plan that does: adopt it with "
                "stretch plan use FILE.",
            ),
        )
    within = [fit for fit in fits if fit[2] <= answers.minutes * 60]
    name, done, seconds = within[0] if within else min(fits, key=lambda fit: fit[2])
    routine = routines[name]
    reasons.insert(0, _routine_reason(routine, answers, seconds, passed, bool(within)))
    capped = _capped_ladders(done, ladders, answers, "bed" in (routine.equipment or ()))
    for exercise_id, (ladder, out) in capped.items():
        reasons.append(
            Reason(
                f"{exercises[exercise_id].name}: levels 1 to {ladder.top} of "
                f"{ladders[exercise_id].top}",
                f"its higher levels need {_needs_words(out)}",
                chosen=True,
            )
        )
    days = SPREAD[answers.days]
    reasons.append(
        Reason(
            f"{answers.days} day{'s' if answers.days != 1 else ''} a week "
            f"({', '.join(days)}), and a weekly goal of {answers.days}",
            "your answer; ACSM advises stretching on at least two to three days a week, "
            "daily being the most effective. The days are spread out (chosen)",
            (GARBER,),
        )
    )
    reasons.append(
        Reason(
            "every exercise starts at level 1, the low end of its ladder",
            "start with fewer reps and build up (stretch safety); after 3 green sessions "
            "in a row an exercise steps up (stretch plan shows the rules)",
            (NIA_UPPER_BACK, GARBER),
        )
    )
    review = today + timedelta(days=REVIEW_DAYS)
    reasons.append(
        Reason(
            f"a review on {review.isoformat()}, in {REVIEW_DAYS // 7} weeks",
            "if the pain has not started to ease after a few weeks, see a clinician (NHS); "
            "4 weeks is chosen",
            (NHS,),
            chosen=True,
        )
    )
    sources = tuple(dict.fromkeys(s for r in reasons for s in r.sources))
    return Proposal(
        routine=name,
        days=days,
        avoid=avoid,
        weekly_goal=answers.days,
        ladders={name: ladder for name, (ladder, _) in capped.items()},
        exercises=tuple(e.id for e in done),
        seconds=seconds,
        review=review,
        reasons=tuple(reasons),
        notes=tuple(_note(r) for r in reasons),
        sources=sources,
    )


def avoided(answers: Answers) -> tuple[Movement, ...]:
    """The movements the precautions rule out."""
    found: list[Movement] = []
    if "osteoporosis" in answers.precautions:
        found.append("flexion")
    if "stenosis" in answers.precautions:
        found.append("extension")
    return tuple(found)


def candidates(answers: Answers) -> tuple[str, ...]:
    """The routines for where it hurts, best first."""
    listed = CANDIDATES[answers.where]
    if answers.where == "lower-back" and "stenosis" in answers.precautions:
        return (STENOSIS_ROUTINE, *listed)
    return listed


def needs(exercise: Exercise, on_bed: bool) -> frozenset[str]:
    """What an exercise (as done, its variant laid over it) needs of the answers: floor,
    chair, bed, ball, wall, mat."""
    equipment = {item.lower() for item in exercise.equipment}
    found = {
        prop
        for prop, words in (
            ("chair", ("chair",)),
            ("ball", ("tennis ball", "ball")),
            ("wall", ("wall",)),
        )
        if equipment.intersection(words)
    }
    if on_bed:
        found.add("bed")
    elif exercise.position not in UPRIGHT:
        found.add("floor")
        if "mat" in equipment:
            found.add("mat")
    return frozenset(found)


def ruled_out(answers: Answers, wanted: frozenset[str]) -> tuple[str, ...]:
    """Which needs the answers rule out (the ball also by blood thinners)."""
    have = {
        "floor": answers.floor,
        "chair": answers.chair,
        "bed": answers.bed,
        "ball": answers.ball and "blood-thinners" not in answers.precautions,
        "wall": answers.wall,
        "mat": answers.mat,
    }
    return tuple(sorted(need for need in wanted if not have[need]))


def _done(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    answers: Answers,
    avoid: tuple[Movement, ...],
) -> tuple[tuple[Exercise, ...], str]:
    """The exercises a session of the routine does at level 1 with `avoid` (swapped for
    their alternatives, or left out, as `stretch run --avoid` does), and why the answers rule
    the routine out ("" if they do not)."""
    on_bed = "bed" in (routine.equipment or ())
    ids = {step.exercise for step in routine.steps}
    done: list[Exercise] = []
    for step in routine.steps:
        exercise = apply_variant(exercises[step.exercise], step.variant)
        instead = ""
        if set(avoid).intersection(exercise.movements):
            other = exercises.get(exercise.alternative or "")
            if other is None or set(avoid).intersection(other.movements):
                continue  # left out: no alternative, or one with an avoided movement too
            if other.id in ids or any(e.id == other.id for e in done):
                continue  # its alternative is in the session already
            moves = ", ".join(sorted(set(avoid).intersection(exercise.movements)))
            instead = f", in place of {exercise.name} ({moves}),"
            exercise = other
        first = _at_level(exercise, ladders, 1)
        out = ruled_out(answers, needs(first, on_bed))
        if out:
            return (), f"{exercise.name}{instead} needs {_needs_words(out)}"
        done.append(exercise)
    if not done:
        return (), "nothing left once " + ", ".join(avoid) + " is avoided"
    return tuple(done), ""


def _at_level(exercise: Exercise, ladders: Mapping[str, Ladder], level: int) -> Exercise:
    """The exercise as a level of its built-in ladder has it done."""
    ladder = ladders.get(exercise.id)
    if ladder is None:
        return exercise
    rung = ladder.at(level)
    return rung.exercise(exercise) if rung.variant else exercise


def _capped_ladders(
    done: tuple[Exercise, ...], ladders: Mapping[str, Ladder], answers: Answers, on_bed: bool
) -> dict[str, tuple[Ladder, tuple[str, ...]]]:
    """The plan's own ladders: for each exercise whose built-in ladder climbs to a level
    the answers rule out (ball pressure on the floor), the levels below it, and what the
    answers rule out."""
    capped: dict[str, tuple[Ladder, tuple[str, ...]]] = {}
    for exercise in done:
        ladder = ladders.get(exercise.id)
        if ladder is None:
            continue
        for number in range(1, ladder.top + 1):
            out = ruled_out(answers, needs(_at_level(exercise, ladders, number), on_bed))
            if out:
                kept = Ladder(ladder.levels[: number - 1], by=WRITER)
                capped[exercise.id] = (kept, out)
                break
    return capped


def _seconds(routine: Routine, done: tuple[Exercise, ...], ladders: Mapping[str, Ladder]) -> float:
    """About how long a session takes with every exercise at level 1."""
    own = {step.exercise: step.overrides for step in routine.steps}
    doses = []
    for exercise in done:
        step = own.get(exercise.id, DoseChange())
        kept = DoseChange(relax=step.relax, rest=step.rest, sides=step.sides)
        level = ladders.get(exercise.id)
        dose = level.at(1).exercise(exercise).dose if level else exercise.dose
        doses.append(kept.over(dose))
    return rough_seconds(doses, routine.prepare, routine.rest)


def _needs_words(needs_: tuple[str, ...]) -> str:
    words = {
        "floor": "the floor",
        "chair": "a chair",
        "bed": "a bed",
        "ball": "a ball",
        "wall": "a wall",
        "mat": "a mat",
    }
    return " and ".join(words[n] for n in needs_)


def _routine_reason(
    routine: Routine, answers: Answers, seconds: float, passed: list[str], within: bool
) -> Reason:
    """Why this routine."""
    time = f"about {clock(seconds)} at the start levels"
    fit = (
        f"within your {answers.minutes} minutes"
        if within
        else f"longer than your {answers.minutes} minutes: stretch run --minutes "
        f"{answers.minutes} fits it"
    )
    why = f"the first routine for {AREA_WORDS[answers.where]} that fits all your answers, {fit}"
    if passed:
        why += "; passed over: " + "; ".join(passed)
    return Reason(f"{routine.id} ({routine.name}), {time}", why, chosen=True)


def _precaution_reasons(answers: Answers) -> tuple[Reason, ...]:
    """What each precaution and each missing place or thing rules out, and why."""
    found: list[Reason] = []
    given = answers.precautions
    if "osteoporosis" in given:
        found.append(
            Reason(
                "avoid flexion: nothing that rounds or bends the spine forward",
                "with osteoporosis, bending the spine forward loads the front of the "
                "vertebrae; twists stay gentle, never to the limit",
                (BHOF_SPINE, OSTEOPOROSIS_TABLE),
            )
        )
    if "stenosis" in given:
        found.append(
            Reason(
                "avoid extension: nothing that bends the back backward",
                "with lumbar spinal stenosis, symptoms usually ease bending forward and can "
                "get worse bending back",
                (NHS_STENOSIS, DOCTOR_JO_STENOSIS),
            )
        )
    if "blood-thinners" in given:
        found.append(
            Reason(
                "no ball pressure",
                "blood thinners (anticoagulant medicines) make the blood take longer to clot, "
                "so you bruise and bleed more easily; pressing a ball into the soft tissue of "
                "the back can bruise, so it is left out, as massage cautions advise",
                (NHS_ANTICOAGULANTS, MASSAGE_RISKS),
            )
        )
    if "recent-surgery" in given:
        found.append(
            Reason(
                "after recent surgery, cleared by your clinician",
                "keep to what they told you; stop anything that pulls on the scar or hurts",
                chosen=True,
            )
        )
    if not answers.floor:
        found.append(
            Reason(
                "no floor exercises: only those in a chair, standing or at a wall",
                "you cannot get down to the floor (or have no room there)",
                chosen=True,
            )
        )
    missing = [
        word
        for have, word in (
            (answers.chair, "chair"),
            (answers.ball or "blood-thinners" in given, "ball"),
            (answers.wall, "wall"),
            (answers.mat or not answers.floor, "mat"),
        )
        if not have
    ]
    if missing:
        found.append(
            Reason(
                "nothing that needs " + ", ".join(_needs_words((m,)) for m in missing),
                "you said you have none to hand",
                chosen=True,
            )
        )
    return tuple(found)


def _note(reason: Reason) -> str:
    """A reason as a line of the plan file's notes."""
    return f"{reason.choice}: {reason.why}."
