"""Why `stretch start` chose what it chose: each choice in words, with the pages it follows
(marked where the mapping is ours). Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from stretchcli.model import Routine
from stretchcli.plan.answers import AREA_WORDS, Answers
from stretchcli.plan.fitting import needs_words
from stretchcli.plan.rules import GARBER
from stretchcli.safety import NHS
from stretchcli.text import clock, full_date, plural

# Start easy, build up. NIA's Go4Life pages (this and the seated row's) may have been
# retired into nia.nih.gov's exercise pages; the research notes name no nia.nih.gov page
# that replaces them, so the Go4Life addresses, as read, are kept.
NIA_UPPER_BACK = "https://go4life.nia.nih.gov/exercise/upper-back/"

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
# Strengthening for office workers' neck and upper-back pain: Chen X et al., Phys Ther 2018
# (larger effects than other exercise); the NHS physical activity guidelines for adults:
# strengthening activities that work the major muscles on at least 2 days a week.
CHEN_2018 = "https://academic.oup.com/ptj/article/98/1/40/4562646"
NHS_ACTIVITY = (
    "https://www.nhs.uk/live-well/exercise/exercise-guidelines/"
    "physical-activity-guidelines-for-adults-aged-19-to-64/"
)
# Strengthening with osteoporosis: the Royal Osteoporosis Society's consensus "Strong, steady
# and straight" (Brooke-Wavell K et al., Br J Sports Med 2022;56:837-846) recommends muscle
# strengthening on 2 to 3 days a week and exercise for the back muscles to improve posture;
# the NHS page on preventing osteoporosis says resistance exercise matters for bone, and to
# talk to a GP before starting a new exercise programme once osteoporosis is diagnosed (read
# in a copy of the page).
STRONG_STEADY_STRAIGHT = "https://bjsm.bmj.com/content/56/15/837"
NHS_OSTEOPOROSIS = "https://www.nhs.uk/conditions/osteoporosis/prevention/"


@dataclass(frozen=True)
class Reason:
    """One choice and why, in words, with the pages it follows (`chosen`: the mapping is
    ours, and `why` says on what it rests)."""

    choice: str
    why: str
    sources: tuple[str, ...] = ()
    chosen: bool = False


def routine_reason(
    routine: Routine, answers: Answers, seconds: float, passed: list[str], least: int | None
) -> Reason:
    """Why this routine; `least`: the fewest minutes `stretch run --minutes` takes for it."""
    time = f"about {clock(seconds)} at the start levels"
    fit = (
        _within(answers, seconds)
        if answers.fits(seconds)
        else f"longer than {_yours(answers)}: {_run_fits(answers, least, seconds)}"
    )
    why = f"the first routine for {AREA_WORDS[answers.where]} that fits all your answers, {fit}"
    if passed:
        why += "; passed over: " + "; ".join(passed)
    return Reason(f"{routine.id} ({routine.name}), {time}", why, chosen=True)


def _within(answers: Answers, seconds: float) -> str:
    """That a time fits the minutes: a few seconds over is said as fitting to the minute."""
    if seconds <= answers.minutes * 60:
        return f"within {_yours(answers)}"
    return f"{_yours(answers)} to the nearest minute"


def _yours(answers: Answers) -> str:
    """'your 1 minute', 'your 10 minutes'."""
    return f"your {plural(answers.minutes, 'minute')}"


def _run_fits(answers: Answers, least: int | None, seconds: float) -> str:
    """The `stretch run --minutes` that fits a session longer than the minutes: theirs where
    the run takes it, else the fewest it takes (`least`, None: none); and that an exercise it
    shortens holds its level (`plan/standing.py`), so to run it whole (`seconds`) when there
    is time (review 19, F13: one who always ran it so never stepped up, unsaid)."""
    if least is None:
        return "no stretch run --minutes fits it"
    return (
        f"stretch run --minutes {max(answers.minutes, least)} fits it, with fewer sets or "
        "reps (a session that shortens an exercise does not count toward its step up: run "
        f"it whole, about {clock(seconds)}, when you can)"
    )


def strength_reason(
    routine: Routine,
    days: tuple[str, ...],
    answers: Answers,
    times: tuple[float, float, bool],
    more: int | None,
    least: int | None,
) -> Reason:
    """Why strengthening, and on which of the plan's days: days of its own (`both` false,
    with 4 days or more; one of 3 where both do not fit the minutes), or first on two of the
    stretching days (`both`). `times`: a session of it, a day of both, and `both`; `more`:
    the fewest minutes that give it 2 days; `least`: the fewest `stretch run --minutes`
    takes for it."""
    seconds, together, both = times
    total = answers.days
    together_ = clock(together)
    if both:
        split = (
            f"on those days it comes first and the stretches after it, about {together_} in "
            f"all, {_within(answers, together)}, so that stretching keeps all "
            f"{total} days (ACSM: at least two to three days a week); stretches after "
            "strengthening, as ACSM finds stretching works best with the muscles warm "
            "(the order is chosen)"
        )
    elif len(days) > 1:
        split = f"two of your {total} days are for it, the others for stretching (chosen)"
    else:
        split = (
            f"one of your {total} days is for it, so that stretching keeps two (ACSM: at "
            f"least two to three days a week); both on one day would take about {together_}, "
            f"more than {_yours(answers)}: with {_a_day(more)}4 days a week, strengthening "
            "gets the NHS's 2 days (chosen)"
        )
    if not answers.fits(seconds):  # its days have it alone: still longer
        split += f"; it takes longer than {_yours(answers)}: {_run_fits(answers, least, seconds)}"
    return Reason(
        f"{routine.id} ({routine.name}) on {', '.join(days)}, about {clock(seconds)} a session",
        "strengthening reduced neck pain in office workers more than other "
        f"exercise (Chen 2018), and the NHS advises strengthening on at least 2 days a week; "
        f"{split}",
        (CHEN_2018, NHS_ACTIVITY, *((GARBER,) if "ACSM" in split else ())),
    )


def too_long(
    answers: Answers,
    together: float,
    routine: str,
    meanwhile: tuple[str, ...],
    more: int | None,
) -> Reason:
    """Why a plan of 2 days has no strengthening: both routines on a day take longer than
    the minutes, and stretching keeps both days (4 days a week give it days of its own,
    whatever the minutes); `meanwhile` the exercises of the stretching `routine` that
    strengthen (the scapular squeeze); `more`: the fewest minutes a day that put it in."""
    # 4 days a week give strengthening days of its own whatever the minutes (a session longer
    # than them is fitted with `stretch run --minutes`): no minutes are said for them (attack
    # 16, H6 and review 18, F7: "4 days a week of 7 minutes", where 1 would do).
    four = "4 days a week"
    why = (
        f"with {answers.days} days a week both are kept for stretching (ACSM: at least two to "
        f"three days a week), and strengthening with the stretches on one day would take about "
        f"{clock(together)}, more than {_yours(answers)}: with {_a_day(more)}{four}, stretch "
        "start puts it in"
    )
    if meanwhile:
        why += (
            f"; meanwhile {', '.join(meanwhile)}, in {routine}, strengthens the muscles between "
            "the shoulder blades every session (strengthening helped neck pain in office "
            "workers most, Chen 2018)"
        )
    sources = (GARBER, NHS_ACTIVITY, *((CHEN_2018,) if meanwhile else ()))
    return Reason("no strengthening yet", why, sources)


def _a_day(minutes: int | None) -> str:
    """'10 minutes a day, or ' where those minutes, typed in, give strengthening its 2 days
    (None: none does, and only the days are said)."""
    return "" if minutes is None else f"{minutes} minutes a day, or "


def strength_left_out(answers: Answers) -> Reason | None:
    """Why the plan has no strengthening whatever the days and minutes (None: it has, or
    it is not for this pain, or the days decide: `one_day`)."""
    given = answers.precautions
    if "recent-surgery" in given:
        return Reason(
            "no strengthening yet",
            "after recent surgery, the strengthening routine's cautions say to ask a clinician "
            "before you start: when they say you can, run stretch start again",
            chosen=True,
        )
    if not answers.chair:
        return Reason(
            "no strengthening",
            "its exercises are done on a chair, and you said you have none to hand",
            chosen=True,
        )
    return None


def one_day(two: bool, more: int | None) -> Reason:
    """Why a plan of 1 day a week has no strengthening, and the days that put it in: 2 where
    both routines fit the minutes on one day (`two`), else 3, or 2 of `more` minutes."""
    days = (
        "2 days or more"
        if two
        else "3 days or more" + ("" if more is None else f", or 2 days of {more} minutes a day")
    )
    return Reason(
        "no strengthening yet",
        "with 1 day a week it is kept for stretching; the NHS advises strengthening on at "
        f"least 2 days a week: with {days}, stretch start puts it in",
        (NHS_ACTIVITY,),
    )


OSTEOPOROSIS_STRENGTH = Reason(
    "strengthening kept with osteoporosis, sitting tall, nothing bending forward",
    "for osteoporosis, strengthening on 2 to 3 days a week and exercise for the back "
    "muscles that hold you upright are recommended (Royal Osteoporosis Society consensus, "
    "2022); its exercises are done sitting tall",
    (STRONG_STEADY_STRAIGHT,),
)
# Said with osteoporosis whatever the plan holds (attack 20, A4: only a plan with
# strengthening said it).
OSTEOPOROSIS_GP = "If you have not yet, check with your GP that a new exercise programme suits you"


def precaution_reasons(answers: Answers) -> tuple[Reason, ...]:
    """What each precaution and each missing place or thing rules out, and why."""
    found: list[Reason] = []
    given = answers.precautions
    if "osteoporosis" in given:
        found.append(
            Reason(
                "avoid flexion: nothing that rounds or bends the spine forward",
                "with osteoporosis, bending the spine forward loads the front of the "
                f"vertebrae; twists stay gentle, never to the limit. {OSTEOPOROSIS_GP} (NHS)",
                (BHOF_SPINE, OSTEOPOROSIS_TABLE, NHS_OSTEOPOROSIS),
            )
        )
    if "stenosis" in given and answers.where == "lower-back":
        found.append(
            Reason(
                "avoid extension: nothing that bends the back backward",
                "with lumbar spinal stenosis, symptoms usually ease bending forward and can "
                "get worse bending back",
                (NHS_STENOSIS, DOCTOR_JO_STENOSIS),
            )
        )
    elif "stenosis" in given:  # the neck or the upper back: not the lumbar pattern
        found.append(
            Reason(
                "avoid extension: nothing that bends the back or neck backward",
                "bending backward narrows the spinal canal, which stenosis has narrowed "
                "already; stenosis in the neck needs its own advice: ask the clinician who "
                "diagnosed it which movements to avoid before you start",
                (NHS_STENOSIS,),
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
                "nothing that needs " + ", ".join(needs_words((m,)) for m in missing),
                "you said you have none to hand",
                chosen=True,
            )
        )
    return tuple(found)


def note(reason: Reason) -> str:
    """A reason as a line of the plan file's notes."""
    return f"{reason.choice}: {reason.why}."


REVIEW_DAYS = (
    28  # chosen: "a few weeks", after which the NHS says to see a GP about pain not easing
)


def review_reason(today: date, answers: Answers) -> Reason:
    """When the plan is to be looked at again, and why then."""
    review = today + timedelta(days=REVIEW_DAYS)
    return Reason(
        f"a review on {full_date(review)}, in {REVIEW_DAYS // 7} weeks",
        (  # weeks have passed already: not a wait for more (review 19, F14)
            "show this plan at your appointment, which comes first; see them again if the "
            "pain gets worse or changes (NHS); 4 weeks is chosen"
            if answers.lasting == "unchecked"
            else "if the pain has not started to ease after a few weeks, see a clinician "
            "(NHS); 4 weeks is chosen"
        ),
        (NHS,),
        chosen=True,
    )
