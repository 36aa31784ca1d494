"""The rules a plan gets where its file gives none: each number with the primary page it
comes from, and marked where the value is ours. A plan file's `rules:` replace them one by one.

The ceiling follows the pain-monitoring model of Silbernagel et al. 2007, a randomised trial
(pain up to 5 of 10 during and after exercise is acceptable: 6 is over it). Green at 3 or
less is chosen: the model does not split the acceptable range, and 3 is where the traffic
light of physiotherapy handouts ends green (clinic pages, not a primary source: they are
not cited). "Worse by 2 or more" and the counts are chosen too, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchcli.plan.model import Rules, Threshold

# Silbernagel KG et al., Am J Sports Med 2007;35:897-906: the pain-monitoring model, pain
# during and after activity allowed up to 5 of 10 (and settled by the next morning).
PAIN_MONITORING = "https://pubmed.ncbi.nlm.nih.gov/17307888/"
# Farrar JT et al., Pain 2001;94:149-158: on the 0-10 scale, about two points (or 30%) is
# the change that people rate as much better.
FARRAR = "https://pubmed.ncbi.nlm.nih.gov/11690728/"
# Borg GA, Med Sci Sports Exerc 1982;14:377-381: the CR10 scale, 3 "moderate", 5 "strong".
BORG = "https://pubmed.ncbi.nlm.nih.gov/7154893/"
# Garber CE et al. (ACSM position stand), Med Sci Sports Exerc 2011;43:1334-1359:
# flexibility exercise at least two to three days a week.
GARBER = "https://pubmed.ncbi.nlm.nih.gov/21694556/"


@dataclass(frozen=True)
class RuleKey:
    """One key of a plan file's `rules:`: what it means and the values it may take."""

    name: str
    help: str
    low: int
    high: int
    over: str = ""  # why no higher value is taken, and what to do


RULE_KEYS: tuple[RuleKey, ...] = (
    RuleKey(
        "sessions",
        "sessions in a row with pain in the green (and difficulty at most `difficulty`) "
        "before an exercise steps up a level",
        1,
        50,
    ),
    RuleKey(
        "difficulty",
        "the most difficulty (0-10, as rated after a session) that still counts toward a step up",
        0,
        10,
    ),
    RuleKey("green", "pain (0-10) after a session at or below this is green", 0, 9),
    # At most the default: pain of 6 or more is over what the pain-monitoring model accepts,
    # and the run's pain advice follows the ceiling (attack 19, H19: `ceiling: 10` left 9/10
    # before a run without a word).
    RuleKey(
        "ceiling",
        "pain (0-10) after a session at or above this is red: a step down, and the run's "
        "advice to rest (at most 6: the pain-monitoring model accepts pain up to 5)",
        1,
        6,
        "pain of 6 or more is over what the pain-monitoring model accepts, and the run's "
        "advice to rest follows the ceiling: ask whoever wrote the plan to set 6 or less",
    ),
    RuleKey(
        "rise",
        "pain up by this much or more from before the session, to above green, is red: a step down",
        1,
        10,
    ),
    RuleKey(
        "reds",
        "days of one week (Monday to Sunday) with a red session of an exercise before its "
        "alternative is offered and a clinician advised (two sessions on one day are one)",
        1,
        7,
    ),
)

DEFAULT_RULES = Rules(
    sessions=Threshold(
        3,
        (GARBER,),
        "chosen: about a week at the two to three days a week of flexibility work that ACSM "
        "recommends at the least, so that a level is never raised on one good day",
        chosen=True,
    ),
    difficulty=Threshold(
        3,
        (BORG,),
        "chosen: 3 is 'moderate' on Borg's CR10 scale, which the difficulty question follows",
        chosen=True,
    ),
    green=Threshold(
        3,
        (PAIN_MONITORING,),
        "chosen: the pain-monitoring model accepts pain up to 5 and does not split it; green "
        "is kept to 0-3, where physiotherapy handouts' traffic light ends green, so that only "
        "low pain counts toward a step up",
        chosen=True,
    ),
    ceiling=Threshold(
        6,
        (PAIN_MONITORING,),
        "the pain-monitoring model (Silbernagel 2007) accepts pain up to 5 of 10: 6 or more "
        "is over it",
    ),
    rise=Threshold(
        2,
        (FARRAR,),
        "chosen: about 2 points on the 0-10 scale is a change people notice as much better; "
        "a rise as large is taken as much worse, where it ends above the green band (a rise "
        "within it, 0 to 2, is pain the plan calls fine)",
        chosen=True,
    ),
    reds=Threshold(
        2,
        (),
        "chosen: a second red day in a week is a pattern, not one bad day",
        chosen=True,
    ),
)
