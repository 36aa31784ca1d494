"""A hold as a coach talks you through it, and the cue every phase is made of (pure).

A hold starts with the action and the count; a long one is coached through: a paced breath
and how long is left first, then the exercise's cautions where they fit, and a 3, 2, 1 a
number a second with "Ease off." on the bell. Every line is timed at the speech rate.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from stretchcli.model import RATE, Coach, Exercise, Phase
from stretchcli.session.pacing import Group, Layout, Said
from stretchcli.session.speech import speech_seconds
from stretchcli.session.wording import (
    action,
    breathe,
    count_words,
    join_words,
    number_said,
    sentence,
)

LONG_HOLD = 15.0  # holds this long are coached through; shorter ones are busy enough
# NHS "Breathing exercises for stress": breathe in gently, counting steadily from one to
# five, then out. The out-breath line starts this long after "Breathe in" starts.
BREATH_IN_SECONDS = 4.0
SETTLING_IN = 0.5  # chosen: after the action, a moment to move into the hold before more words

BREATHE_IN = "Breathe in slowly."
EASE_OFF = "And ease off."
# The 3, 2, 1: a number a second, "1," a second before the bell and "Ease off." on it (the
# next phase's first words). A voice too slow to say a number within a second (espeak-ng
# below about 120 words a minute) says it as one line ending on the bell instead.
COUNT = Group(((0.0, "3,"), (1.0, "2,"), (2.0, "1,")), apart=0.0)
EASE_OFF_NOW = "Ease off."
COUNTDOWN = "3, 2, 1, and ease off."
KEEP_BREATHING = "Keep breathing slowly."
SHORT_OUT = "Breathe out."  # when a slow voice leaves no room for the exercise's own


@dataclass(frozen=True)
class Cue:
    """What one phase shows and says. `lines` is shown (the first line most prominently);
    `spoken` is said, each line at its time; `caution` is shown apart, in the caution colour."""

    lines: tuple[str, ...]
    spoken: tuple[Said, ...] = ()
    caution: str | None = None

    @property
    def text(self) -> str:
        """The cue as one line of text (plain output, JSON)."""
        return " ".join(self.lines)

    @property
    def say(self) -> str:
        """What is said as the phase starts ('' for nothing)."""
        return self.spoken[0].text if self.spoken and self.spoken[0].at == 0 else ""


@dataclass(frozen=True)
class Coaching:
    """How a session is coached: in full or briefly, with a 3-2-1 at the end of long holds
    or not, and the speech rate (words a minute) that every line is timed at."""

    coach: Coach = "full"
    countdown: bool = True
    rate: float = RATE

    def seconds(self, text: str) -> float:
        """How long `text` takes to say at this rate."""
        return speech_seconds(text, self.rate)


def counts_down(duration: float, coaching: Coaching) -> bool:
    """Whether a hold of `duration` ends with a 3, 2, 1 a number a second, so that the next
    phase starts with "Ease off." on the bell."""
    return (
        duration >= LONG_HOLD
        and coaching.countdown
        and all(coaching.seconds(text) <= 1.0 for _, text in COUNT.lines)
    )


def ended_with_count(cue: Cue) -> bool:
    """Whether a hold's cue ends with the 3, 2, 1 a number a second."""
    return bool(cue.spoken) and cue.spoken[-1].text == COUNT.lines[-1][1]


def eased(text: str, after_count: bool) -> list[str]:
    """The wordings of a phase's first line: with "Ease off." first after a 3, 2, 1 (the
    longer first, for the layout to take the first that fits)."""
    return [join_words(EASE_OFF_NOW, text), text] if after_count and text else [text]


def hold(
    phase: Phase,
    phases: Sequence[Phase],
    exercise: Exercise,
    reps_of: dict[int, int],
    cautions: Sequence[str],
    coaching: Coaching,
) -> Cue:
    """A hold: the action and count; if long, a paced breath, how long is left, its
    `cautions` (its share of the exercise's) and the 3-2-1 ending on the bell. A hold too
    short for the count in words (the seated row's 1 s pull) says its number alone."""
    doing = action(exercise, phase.side)
    rep, reps = phase.rep or 1, reps_of[phase.step]
    count = count_words(rep, reps)
    layout = Layout(phase.duration, coaching.rate)
    first_of_side = not any(
        p.kind == "hold" and p.step == phase.step and p.side == phase.side and p.set == phase.set
        for p in phases[: phase.index]
    )
    # Shorter wordings when the hold is too short for the whole line at this rate: the count
    # alone (a side's name alone would be heard as the limb to move: "Left." while the right
    # arm sweeps open).
    shorter = [sentence(count), sentence(number_said(rep))] if count else []
    if coaching.coach == "brief":
        wordings = [sentence(doing), *shorter]
    else:
        wordings = [join_words(doing, count), sentence(doing) if first_of_side else "", *shorter]
    started = layout.start(wordings)
    long = phase.duration >= LONG_HOLD
    if long and (coaching.countdown or coaching.coach == "full"):
        end_of_hold(layout, coaching)
    if not long or coaching.coach == "brief":
        return Cue((doing,), layout.lines())
    said = coach_through(layout, exercise, started or "", cautions, coaching)
    layout.fill(_hold_fillers(exercise))
    return Cue((doing,), layout.lines(), " ".join(said) or None)


def end_of_hold(layout: Layout, coaching: Coaching) -> None:
    """The 3, 2, 1 a number a second up to the bell (or as one line ending on it), or, with
    the countdown off, "And ease off." ending on it."""
    if not coaching.countdown:
        layout.ending(EASE_OFF)
    elif not (counts_down(layout.duration, coaching) and layout.place(layout.duration - 3, COUNT)):
        layout.ending(COUNTDOWN)


def coach_through(
    layout: Layout, exercise: Exercise, started: str, cautions: Sequence[str], coaching: Coaching
) -> list[str]:
    """Coach a long hold after its first line `started`: a paced breath and how long is left
    come first (every long hold has them); `cautions` are said where they fit with them,
    after the first line, in the order of the hold. Returns the cautions said."""
    after = coaching.seconds(started) + SETTLING_IN if started else 0.0
    out = sentence(breathe(exercise))
    paced = Group(((0.0, BREATHE_IN), (BREATH_IN_SECONDS, out)))
    reminders = [Group.one(f"Remember: {c}") for c in cautions]
    # The best order first: the cautions, then a paced breath, then the time left. When that
    # does not all fit, the breath and the time left come before the cautions; a slow voice
    # in a short hold says the time left after the out-breath, in the same line, or only
    # the out-breath, or a short one and the time left.
    tried: list[tuple[Layout, list[Group]]] = []
    orders = ("cautions", "breath", "joined", "out", "out joined", "short joined")
    for order in orders:
        trial = Layout(layout.duration, layout.rate, list(layout.said))
        said = [g for g in reminders if trial.earliest(g, after)] if order == "cautions" else []
        if order.endswith("joined"):
            said_out = SHORT_OUT if order == "short joined" else out
            breathed = timed = _breath_with_time_left(trial, after, said_out, order == "joined")
        else:
            breath = Group.one(out) if order == "out" else paced
            breathed = trial.earliest(breath, after) or trial.earliest(Group.one(out), after)
            timed = _time_left(trial)
        if order != "cautions":
            said = [g for g in reminders if trial.earliest(g, after)]
        tried.append((trial, said))
        if breathed and timed:
            break
    else:
        del tried[2:]  # none has both: the breath first, then what fits
    trial, said = tried[-1]
    layout.said[:] = trial.said
    return [c for c, g in zip(cautions, reminders, strict=True) if g in said]


def _breath_with_time_left(layout: Layout, after: float, out: str, paced: bool) -> bool:
    """A breath (`paced`: in, then out) whose out-breath line ends with how long is left
    then ("Halfway" near the middle of a hold under 20 s), as early as it fits after
    `after`. Whether it was said."""
    offset = BREATH_IN_SECONDS if paced else 0.0
    for at in layout.grid(after):
        left = math.floor(layout.duration - at - offset - layout.seconds(out))
        if left < 3:
            return False
        middle = abs(at + offset - layout.duration / 2) <= 1.5
        told = "Halfway" if layout.duration < 20 and middle else f"{left} more seconds"
        joined = join_words(out, told)
        lines = ((0.0, BREATHE_IN), (offset, joined)) if paced else ((0.0, joined),)
        if layout.place(at, Group(lines)):
            return True
    return False


def _time_left(layout: Layout) -> bool:
    """'Halfway.' in a hold under 20 s (near its middle); 'N more seconds.' in a longer one,
    about ten seconds from the end (wherever it fits from 8 to 12), or wherever it fits
    from the middle to 5 s from the end. Whether it was said."""
    duration = layout.duration
    if duration < 20:
        half = duration - math.ceil(duration / 2)
        if any(layout.at(at, "Halfway.") for at in (half, half - 1, half + 1, half + 2)):
            return True
        nearest = (10, 9, 11, 8, 12, 7, 6, 5)
    else:
        nearest = (10, 9, 11, 8, 12, *range(13, math.floor(duration / 2) + 1), 7, 6, 5)
    return any(layout.at(duration - left, f"{left} more seconds.") for left in nearest)


def _hold_fillers(exercise: Exercise) -> Iterator[Group]:
    paced = Group(((0.0, BREATHE_IN), (BREATH_IN_SECONDS, sentence(breathe(exercise)))))
    return itertools.cycle([Group.one(KEEP_BREATHING), paced])
