"""What `stretch start` chooses at other answers than those given, so that every figure
its reasons advise gives, typed in, what they say it gives: the routine chosen at other
minutes, and the fewest minutes a day that give strengthening its 2 days. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Protocol

from stretchcli.model import Movement, Routine
from stretchcli.plan.answers import MINUTES, Answers
from stretchcli.plan.fitting import Session, own_ladders
from stretchcli.plan.model import WRITER, Ladder, Plan, Schedule
from stretchcli.plan.rules import DEFAULT_RULES


class Timing(Protocol):
    """How long the first session of a routine of a plan takes, as `stretch run` runs it
    (the plan, the routine, the exercises done earlier that day, which it leaves out): the
    run's own timeline, given by the caller (`session/plan_length.py`), never a second
    estimate; and the fewest minutes `stretch run --minutes` fits it into (`least`)."""

    def __call__(self, plan: Plan, routine: str, earlier: frozenset[str]) -> float: ...

    def least(self, plan: Plan, routine: str) -> int | None:
        """The fewest minutes `stretch run --minutes` takes for the routine's first session
        alone (None: none it takes)."""
        ...


# A routine that every answer allows, what a session of it does, and how long it takes.
Fit = tuple[str, Session, float]


def chosen(fits: list[Fit], answers: Answers) -> Fit:
    """The routine chosen: the first of `fits` (best first) that fits the minutes, else the
    shortest. `fits` are those timed at the answers' minutes: at more minutes the first that
    fits is one of them (timing stops at the first that fits)."""
    within = [fit for fit in fits if answers.fits(fit[2])]
    return within[0] if within else min(fits, key=lambda fit: fit[2])


def trial(
    name: str,
    routine: Routine,
    session: Session,
    ladders: Mapping[str, Ladder],
    answers: Answers,
    avoid: tuple[Movement, ...],
) -> Plan:
    """A plan of the routine alone as the answers have it done (its own ladders, what it
    leaves out), to time its first session."""
    on_bed = "bed" in (routine.equipment or ())
    own = own_ladders(session, ladders, answers, on_bed, WRITER)
    return Plan(
        schedule=Schedule(days=(("mon", name),)),
        rules=DEFAULT_RULES,
        ladders={exercise: ladder for exercise, (ladder, _) in own.items()},
        avoid=avoid,
        leave_out=dict(session.left_out),
    )


def fewest_for_both(
    answers: Answers, stretching_at: Callable[[Answers], Plan], together: Callable[[Plan], float]
) -> int | None:
    """The fewest minutes a day, more than the answers', at which strengthening and the
    routine chosen at those minutes (`stretching_at`) fit on one day (`together`), so that
    stretch start gives strengthening 2 of 2 or 3 days; None: no minutes it asks about."""
    times: dict[str, float] = {}
    for minutes in range(answers.minutes + 1, MINUTES[1] + 1):
        more = replace(answers, minutes=minutes)
        stretching = stretching_at(more)
        (_, name), *_ = stretching.schedule.days
        if name not in times:
            times[name] = together(stretching)
        if more.fits(times[name]):
            return minutes
    return None


def day_of(strength: Plan, stretching: Plan) -> tuple[Plan, str]:
    """A plan of a day of both: strengthening, then the stretching routine (its name)."""
    (_, name), *_ = stretching.schedule.days
    (_, strong), *_ = strength.schedule.days
    day = Plan(
        schedule=Schedule(days=(("mon", strong), ("mon", name))),
        rules=DEFAULT_RULES,
        ladders={**stretching.ladders, **strength.ladders},
        avoid=stretching.avoid,
        leave_out={**stretching.leave_out, **strength.leave_out},
    )
    return day, name
