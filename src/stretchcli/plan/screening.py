"""The first conversation's answers become a plan, or advice and no plan. Pure: no I/O.

What a physiotherapist asks first, in order: the red flags of `stretch safety` (any yes: the
advice at its urgency and no plan), pain between the shoulder blades (not checked by a
clinician: the NHS's urgency, and the plan waits for the check: `advice.py`), precautions
(each mapped to what it rules out: movements, the ball, the floor), where it hurts, where and
with what the person can stretch, and how long and how often. The routine is the first for
where it hurts that every answer allows and that fits the minutes at the start levels, as
the run's own timeline times it (`Timing`); for the upper back and the neck, strengthening comes on
two days where the answers allow it: days of its own with 4 days a week or more, else the
stretching days themselves where both fit the minutes (stretching keeps at least the two
days a week ACSM asks for). Each choice comes with its reason and sources
(`reasons`), and is marked where the mapping is ours; a figure a reason advises is worked
out with what those answers choose (`choosing`). The answers are in `answers`, what a
routine needs of them in `fitting`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from stretchcli.model import Exercise, Movement, Routine
from stretchcli.plan.advice import (
    CHECK_FIRST_NOTE,
    CHECKED,
    LASTING_CHECKED,
    LASTING_NOTE,
    LASTING_UNCHECKED,
    SURGERY_ADVICE,
    Advice,
    advice_for,
)
from stretchcli.plan.answers import AREA_WORDS, STRENGTH_AREAS, Answers, Area
from stretchcli.plan.answers import AREAS as AREAS
from stretchcli.plan.answers import MINUTES as MINUTES
from stretchcli.plan.answers import PRECAUTIONS as PRECAUTIONS
from stretchcli.plan.answers import Precaution as Precaution
from stretchcli.plan.choosing import (
    Fit,
    Timing,
    chosen,
    day_of,
    fewest_for_both,
    trial,
)
from stretchcli.plan.fitting import (
    BALL_AT_WALL,
    LYING_ON_BALL,
    needs_words,
    own_ladders,
    ruled_out_for_health,
    ruled_out_stand_ins,
    session_of,
)
from stretchcli.plan.model import WEEKDAYS, WRITER, Ladder, Plan, Schedule, Weekday
from stretchcli.plan.reasons import (
    MASSAGE_RISKS,
    NIA_UPPER_BACK,
    OSTEOPOROSIS_STRENGTH,
    REVIEW_DAYS,
    Reason,
    note,
    one_day,
    precaution_reasons,
    review_reason,
    routine_reason,
    strength_left_out,
    strength_reason,
    too_long,
)
from stretchcli.plan.rules import DEFAULT_RULES, GARBER
from stretchcli.text import clock, plural

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
# Strengthening for the upper back and the neck (Chen 2018), on two of the plan's days.
STRENGTH_ROUTINE = "strength-upper-back"
STRENGTH_FOR = STRENGTH_AREAS
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
# Chosen: which of those days are for strengthening: two (the NHS's at least 2 days a
# week) with a day or more between them. With 4 days or more they are days of their own
# (stretching keeps 2 or more); with fewer, stretching needs every day for ACSM's at least
# two, so strengthening comes first on two of them (`BOTH_DAYS`) where both fit the minutes,
# else on one day of 3 (`ONE_DAY`) and on none of 2.
STRENGTH_DAYS: dict[int, tuple[Weekday, ...]] = {
    4: ("tue", "fri"),
    5: ("tue", "thu"),
    6: ("tue", "fri"),
    7: ("tue", "fri"),
}
BOTH_DAYS: dict[int, tuple[Weekday, ...]] = {2: ("mon", "thu"), 3: ("mon", "fri")}
ONE_DAY: dict[int, tuple[Weekday, ...]] = {3: ("wed",)}


@dataclass(frozen=True)
class Strength:
    """The strengthening of a plan: its routine, on which days, what a session does, and
    whether those days have the stretching routine as well (after it)."""

    routine: str
    days: tuple[Weekday, ...]
    exercises: tuple[str, ...]
    seconds: float
    both: bool = False
    together: float = 0.0  # about how long a day of both takes (strengthening, then stretches)


@dataclass(frozen=True)
class Proposal:
    """The plan the answers make, what it does, and the reason for each choice."""

    routine: str
    days: tuple[Weekday, ...]  # every day of the plan (strength days among them)
    avoid: tuple[Movement, ...]
    weekly_goal: int
    ladders: Mapping[str, Ladder]  # exercises whose top levels the answers rule out
    exercises: tuple[str, ...]  # what a session does, after --avoid's swaps
    seconds: float  # about how long a session takes at the start levels
    review: date
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    strength: Strength | None = None
    leave_out: Mapping[str, str] = field(default_factory=dict)  # exercise: why
    # Pain between the shoulder blades that no clinician has checked: the plan waits for the
    # check (`CHECK_FIRST` says why and how soon), and is not started yet.
    check_first: bool = False
    # Pain that has lasted, not seen by a clinician: `SEE_FIRST` said, the plan started.
    see_first: bool = False

    def schedule(self) -> tuple[tuple[Weekday, str], ...]:
        """Each day of the plan and its routines: strengthening on its days, the routine on
        the others, and after strengthening too where a day has both."""
        found: list[tuple[Weekday, str]] = []
        for day in self.days:
            if self.strength and day in self.strength.days:
                found.append((day, self.strength.routine))
                if not self.strength.both:
                    continue
            found.append((day, self.routine))
        return tuple(found)

    def stretch_days(self) -> tuple[Weekday, ...]:
        """The days of the routine itself."""
        return tuple(day for day, routine in self.schedule() if routine == self.routine)

    def plan(self) -> Plan:
        """The proposal as a Plan (every exercise at level 1, the default rules)."""
        return Plan(
            schedule=Schedule(days=self.schedule()),
            rules=DEFAULT_RULES,
            ladders=self.ladders,
            avoid=self.avoid,
            leave_out=self.leave_out,
            weekly_goal=self.weekly_goal,
            review=self.review,
            written_by=WRITER,
            notes=self.notes,
            sources=self.sources,
        )


def screen(
    answers: Answers,
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    today: date,
    timing: Timing,
) -> Advice | Proposal:
    """The plan the answers make, or the advice instead of one: any red flag gives only the
    advice at its urgency; recent surgery not yet cleared gives no plan; no routine that
    every answer allows gives no plan and says why. Every time said or chosen by is
    `timing`'s."""
    if answers.flags:
        return advice_for(answers.flags)
    if "recent-surgery" in answers.precautions and not answers.cleared:
        return SURGERY_ADVICE
    avoid = avoided(answers)
    reasons = list(precaution_reasons(answers))
    if answers.shoulder_blades == "checked":
        reasons.append(CHECKED)
    if answers.lasting != "no":
        reasons.append(LASTING_CHECKED if answers.lasting == "checked" else LASTING_UNCHECKED)
    passed: list[str] = []
    fits: list[Fit] = []
    for name in candidates(answers):
        routine = routines.get(name)
        if routine is None:
            continue
        session = session_of(routine, exercises, ladders, answers, avoid)
        if session.why_not:
            passed.append(f"{name} ({session.why_not})")
            continue
        seconds = timing(trial(name, routine, session, ladders, answers, avoid), name, frozenset())
        fits.append((name, session, seconds))
        if answers.fits(seconds):
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
    name, session, seconds = chosen(fits, answers)
    routine = routines[name]
    trial_ = trial(name, routine, session, ladders, answers, avoid)
    longer = [
        f"{other} (about {clock(time)}, longer than your {plural(answers.minutes, 'minute')})"
        for other, _, time in fits
        if other != name and not answers.fits(time)
    ]
    least = None if answers.fits(seconds) else timing.least(trial_, name)
    reasons.insert(0, routine_reason(routine, answers, seconds, passed + longer, least))
    own = own_ladders(session, ladders, answers, "bed" in (routine.equipment or ()), WRITER)
    leave_out = dict(session.left_out)
    reasons += [
        Reason(f"{exercises[exercise_id].name} left out", why, chosen=True)
        for exercise_id, why in session.left_out
    ]

    def stretching_at(more: Answers) -> Plan:
        other, kept, _ = chosen(fits, more)
        return trial(other, routines[other], kept, ladders, more, avoid)

    strength = _strength(answers, routines, exercises, ladders, stretching_at, timing, reasons)
    if strength is not None:
        strong = session_of(routines[STRENGTH_ROUTINE], exercises, ladders, answers, avoid)
        own.update(own_ladders(strong, ladders, answers, False, WRITER))
        twice = [e.name for e in session.exercises if strength.both and e.id in strength.exercises]
        if twice:
            reasons.append(
                Reason(
                    f"{', '.join(twice)} once on a day of both routines",
                    "it is in both; the stretches after strengthening leave it out, and say so",
                    chosen=True,
                )
            )
    named = [name] + ([strength.routine] if strength else [])
    stand_ins = ruled_out_stand_ins(answers, routines, exercises, ladders, named)
    for exercise_id, why in stand_ins.items():
        leave_out.setdefault(exercise_id, why)
        reasons.append(
            Reason(
                f"{exercises[exercise_id].name} never in another exercise's place",
                f"it {why}",
                chosen=True,
            )
        )
    for exercise_id, why in ruled_out_for_health(answers, exercises, ladders).items():
        if exercise_id not in leave_out:  # said with the reasons of the plan's own
            leave_out[exercise_id] = why
    for exercise_id, (ladder, out) in own.items():
        exercise = exercises[exercise_id]
        if ladder.top == ladders[exercise_id].top:  # the same levels, without its band
            reasons.append(
                Reason(
                    f"{exercise.name} without a band, as its no-band version",
                    "you said you have no resistance band",
                    chosen=True,
                )
            )
            continue
        if LYING_ON_BALL in out:
            reasons.append(
                Reason(
                    f"{exercise.name}: levels 1 to {ladder.top} of {ladders[exercise_id].top}",
                    f"its higher levels lie on the ball on the floor, {BALL_AT_WALL}",
                    (MASSAGE_RISKS,),
                    chosen=True,
                )
            )
            continue
        reasons.append(
            Reason(
                f"{exercise.name}: levels 1 to {ladder.top} of {ladders[exercise_id].top}",
                f"its higher levels need {needs_words(out)}",
                chosen=True,
            )
        )
    days = SPREAD[answers.days]
    goal = answers.days + (len(strength.days) if strength and strength.both else 0)
    both = " (a day of both routines counts as 2)" if goal != answers.days else ""
    reasons.append(
        Reason(
            f"{answers.days} day{'s' if answers.days != 1 else ''} a week "
            f"({', '.join(days)}), and a weekly goal of {plural(goal, 'session')}{both}",
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
    reasons.append(review_reason(today, answers))
    review = today + timedelta(days=REVIEW_DAYS)
    sources = tuple(dict.fromkeys(s for r in reasons for s in r.sources))
    return Proposal(
        routine=name,
        days=days,
        avoid=avoid,
        weekly_goal=goal,
        ladders={name: ladder for name, (ladder, _) in own.items()},
        exercises=tuple(e.id for e in session.exercises),
        seconds=seconds,
        review=review,
        reasons=tuple(reasons),
        notes=(
            *((CHECK_FIRST_NOTE,) if answers.shoulder_blades == "unchecked" else ()),
            *((LASTING_NOTE,) if answers.lasting == "unchecked" else ()),
            *(note(r) for r in reasons),
        ),
        sources=sources,
        strength=strength,
        leave_out=leave_out,
        check_first=answers.shoulder_blades == "unchecked",
        see_first=answers.lasting == "unchecked",
    )


def _strength(
    answers: Answers,
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    stretching_at: Callable[[Answers], Plan],
    timing: Timing,
    reasons: list[Reason],
) -> Strength | None:
    """The strengthening the answers allow (None: none), its reason added to `reasons`;
    `stretching_at` is the plan of the stretching routine alone that answers choose, both
    timed by `timing`."""
    routine = routines.get(STRENGTH_ROUTINE)
    if answers.where not in STRENGTH_FOR or routine is None:
        return None
    left_out = strength_left_out(answers)
    stretching = stretching_at(answers)
    session = session_of(routine, exercises, ladders, answers, stretching.avoid)
    if left_out is None and session.why_not:
        left_out = Reason("no strengthening", session.why_not, chosen=True)
    if left_out is not None:
        reasons.append(left_out)
        return None
    own = trial(routine.id, routine, session, ladders, answers, stretching.avoid)
    exercise_ids = tuple(e.id for e in session.exercises)

    def together_of(stretching: Plan) -> float:
        """How long a day of strengthening, then the stretches, takes."""
        day, name = day_of(own, stretching)
        earlier = frozenset(exercise_ids)
        return timing(day, routine.id, frozenset()) + timing(day, name, earlier)

    day, name = day_of(own, stretching)
    seconds = timing(day, routine.id, frozenset())
    together = together_of(stretching)
    both = answers.days < min(STRENGTH_DAYS) and answers.fits(together)
    # The fewest minutes that, typed in, give it 2 days, as screen then chooses.
    more = (
        None
        if both or answers.days in STRENGTH_DAYS
        else fewest_for_both(answers, stretching_at, together_of)
    )
    if answers.days < 2:
        reasons.append(one_day(answers.fits(together), more))
        return None
    if answers.days in STRENGTH_DAYS or both:
        days = STRENGTH_DAYS.get(answers.days) or BOTH_DAYS[answers.days]
    elif answers.days in ONE_DAY:
        days = ONE_DAY[answers.days]
    else:
        done = {step.exercise for step in routines[name].steps} - set(stretching.leave_out)
        meanwhile = tuple(e.name for e in session.exercises if e.id in done)
        reasons.append(too_long(answers, together, name, meanwhile, more))
        return None
    least = None if answers.fits(seconds) else timing.least(day, routine.id)
    said = strength_reason(routine, days, answers, (seconds, together, both), more, least)
    reasons.insert(1, said)
    if "osteoporosis" in answers.precautions:
        reasons.insert(2, OSTEOPOROSIS_STRENGTH)
    return Strength(routine.id, days, exercise_ids, seconds, both, together)


def avoided(answers: Answers) -> tuple[Movement, ...]:
    """The movements the precautions rule out."""
    found: list[Movement] = []
    if "osteoporosis" in answers.precautions:
        found.append("flexion")
    if "stenosis" in answers.precautions:
        found.append("extension")
    return tuple(found)


def uses_bed(where: Area, routines: Mapping[str, Routine]) -> bool:
    """Whether a routine for where it hurts is done on a bed (else a bed is not asked)."""
    names = CANDIDATES[where] + ((STENOSIS_ROUTINE,) if where == "lower-back" else ())
    return any("bed" in (routines[n].equipment or ()) for n in names if n in routines)


def candidates(answers: Answers) -> tuple[str, ...]:
    """The routines for where it hurts, best first."""
    listed = CANDIDATES[answers.where]
    if answers.where == "lower-back" and "stenosis" in answers.precautions:
        return (STENOSIS_ROUTINE, *listed)
    return listed
