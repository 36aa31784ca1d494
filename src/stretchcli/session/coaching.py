"""What a coach says and shows at each phase of a session: the coaching script. Pure functions.

An exercise's `setup` is said while getting ready, its action as each hold starts (naming the
side and the limb where the side matters), the count ("3 of 10", "last one"), its release at
each relax, and its most important caution before it starts. Every channel (live screen, plain
lines, JSON, voice) reads the same `Cue`, so they cannot disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from stretchcli import safety
from stretchcli.model import Coach, Exercise, Phase, Side
from stretchcli.text import display_name

# Speech length estimates, fitted to espeak-ng's default voice (175 words a minute) over the
# 163 different lines the four built-in routines say: about 0.22 s a word plus 0.6 s for each
# pause at a full stop, comma, colon or semicolon. Rounded up (0.24 s, 0.62 s, 0.3 s to start)
# so that the estimate is never short of any measured line (the closest is 0.13 s over).
SECONDS_PER_WORD = 0.24
SECONDS_PER_PAUSE = 0.62
SPEECH_START = 0.3
_PAUSES = re.compile(r"[.,;:!?]")
# After the setup has been heard, time to actually get into position before the first hold.
SETTLE_SECONDS = 2.0
COUNTDOWN_FROM = 3  # the spoken count at the end of a long hold: "3", "2", "1"
COUNTDOWN_MIN_HOLD = 15.0  # holds at least this long get it (when it is on); shorter ones are busy
# A physiotherapist reminds during a long hold: holds this long say the exercise's other
# cautions, one per hold in turn, once a third of the hold has gone (after the action cue,
# and finished well before a 3-2-1 at its end).
REMINDER_MIN_HOLD = 20.0
REMINDER_AFTER = 1 / 3

DEFAULT_RELEASE = "Ease off and breathe."


@dataclass(frozen=True)
class Cue:
    """What one phase shows and says. `lines` is shown (the first line most prominently);
    `say` is spoken as the phase starts; `caution` is shown apart, in the caution colour."""

    lines: tuple[str, ...]
    say: str
    caution: str | None = None
    countdown: bool = False  # say 3-2-1 at the end of this phase (a long hold, when asked)
    remind_at: float | None = None  # say the caution when this many seconds are left

    @property
    def text(self) -> str:
        """The cue as one line of text (plain output, JSON)."""
        return " ".join(self.lines)


def speech_seconds(text: str) -> float:
    """About how long `text` takes to say (an estimate on the slow side; 0 for no text)."""
    words = len(text.split())
    if not words:
        return 0.0
    pauses = len(_PAUSES.findall(text))
    return SPEECH_START + words * SECONDS_PER_WORD + pauses * SECONDS_PER_PAUSE


def setup_lines(exercise: Exercise) -> tuple[str, ...]:
    """How to get into position: the file's `setup`, else its first instruction."""
    return exercise.setup or exercise.instructions[:1]


def action(exercise: Exercise, side: Side | None) -> str:
    """The action of a hold; on a side, the side's own wording (naming side and limb)."""
    sided = {"left": exercise.cues.left, "right": exercise.cues.right}.get(side or "")
    if sided:
        return sided
    hold = exercise.cues.hold or _fallback_hold(exercise)
    return f"{side.capitalize()} side: {hold}" if side else hold


def _fallback_hold(exercise: Exercise) -> str:
    """A file without cues: the first instruction after its setup is usually the movement."""
    lines = exercise.instructions
    setup = len(exercise.setup) if exercise.setup else 1
    return lines[min(setup, len(lines) - 1)]


def release(exercise: Exercise) -> str:
    """What to do in the pause between two holds."""
    return exercise.cues.relax or DEFAULT_RELEASE


def first_caution(exercise: Exercise) -> str:
    """The caution that matters most: the file lists it first."""
    return exercise.cautions[0]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _join(*parts: str) -> str:
    return " ".join(_sentence(p) for p in parts if p)


def equipment(exercises: Sequence[Exercise]) -> list[str]:
    """What a session needs, in order of first use, each once."""
    return list(dict.fromkeys(item for e in exercises for item in e.equipment))


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def lead_in(exercises: Sequence[Exercise]) -> str:
    """Said and shown before the first exercise: the safety line, and what to have at hand."""
    needs = equipment(exercises)
    return _join(safety.SHORT, f"You will need: {_listing(needs)}" if needs else "")


def getready_say(exercise: Exercise, coach: Coach, intro: str, first_side: Side | None) -> str:
    """What is said while getting ready for an exercise (`intro` first: the lead-in)."""
    if coach == "brief":  # the lead-in and the caution are shown, not said
        return _sentence(exercise.name)
    caution = f"Careful: {first_caution(exercise)}"
    side = f"{first_side.capitalize()} side first" if first_side else ""
    return _join(intro, exercise.name, *setup_lines(exercise), side, caution)


def getready_seconds(
    exercise: Exercise, prepare: float, coach: Coach, intro: str, first_side: Side | None
) -> float:
    """How long the get-ready lasts: coached in full, long enough to hear the lead-in, the
    setup and the caution and then settle into position (whole seconds, at least `prepare`);
    brief, the routine's `prepare`."""
    if coach == "brief":
        return prepare
    said = speech_seconds(getready_say(exercise, coach, intro, first_side))
    return max(prepare, float(math.ceil(said + SETTLE_SECONDS)))


def switch_say(exercise: Exercise, side: Side) -> str:
    """What is said when changing sides."""
    return _join(exercise.cues.switch or "Change sides", f"Now the {side} side")


def switch_seconds(exercise: Exercise, prepare: float, side: Side, coach: Coach) -> float:
    """How long a change of sides lasts: `prepare`, or (in full) long enough to hear what
    changes and a second to do it."""
    if coach == "brief":
        return prepare
    return max(prepare, float(math.ceil(speech_seconds(switch_say(exercise, side)) + 1)))


def rest_say(previous: Exercise, following: Exercise) -> str:
    """What is said in the rest between two exercises: how to let go of the last hold
    ("Roll up slowly, head last."), then what comes next."""
    return _join(release(previous), f"Next: {following.name}")


def shortest_rest(previous: Exercise, following: Exercise) -> float:
    """The shortest rest between two exercises when the get-ready takes the rest of it: long
    enough to hear the release and what comes next, and a breath (whole seconds)."""
    return float(math.ceil(speech_seconds(rest_say(previous, following)) + 0.5))


def count_words(rep: int, reps: int) -> str:
    """The spoken count of a rep: '3 of 10', 'Last one' (nothing for a single rep)."""
    if reps <= 1:
        return ""
    return "Last one" if rep == reps else f"{rep} of {reps}"


def script(
    phases: Sequence[Phase],
    steps: Sequence[Exercise],
    coach: Coach = "full",
    countdown: bool = False,
) -> list[Cue]:
    """The cue of every phase of a session, in timeline order."""
    reps_of: dict[int, int] = {}
    sets_of: dict[int, int] = {}
    for phase in phases:
        reps_of[phase.step] = max(reps_of.get(phase.step, 0), phase.rep or 0)
        sets_of[phase.step] = max(sets_of.get(phase.step, 0), phase.set)
    reminders = _reminders(phases, steps, coach)
    cues: list[Cue] = []
    upcoming: Phase | None = None
    intro = lead_in(steps)
    for i in range(len(phases) - 1, -1, -1):  # backwards: the next hold is known at each phase
        phase = phases[i]
        cue = _cue(
            phase, steps, upcoming, reps_of, sets_of, coach, countdown, intro if i == 0 else ""
        )
        if i in reminders:
            left = phase.duration * (1 - REMINDER_AFTER)
            cue = replace(cue, caution=reminders[i], remind_at=left)
        cues.append(cue)
        if phase.kind == "hold":
            upcoming = phase
    return cues[::-1]


def _reminders(phases: Sequence[Phase], steps: Sequence[Exercise], coach: Coach) -> dict[int, str]:
    """Which long holds remind of which caution: each exercise's cautions after the first
    (said while getting ready), in order, one per long hold, each once."""
    if coach == "brief":
        return {}
    left: dict[int, list[str]] = {}
    reminders: dict[int, str] = {}
    for phase in phases:
        if phase.kind != "hold" or phase.duration < REMINDER_MIN_HOLD:
            continue
        queue = left.setdefault(phase.step, list(steps[phase.step].cautions[1:]))
        if queue:
            reminders[phase.index] = queue.pop(0)
    return reminders


def _cue(
    phase: Phase,
    steps: Sequence[Exercise],
    upcoming: Phase | None,
    reps_of: dict[int, int],
    sets_of: dict[int, int],
    coach: Coach,
    countdown: bool,
    intro: str,
) -> Cue:
    exercise = steps[phase.step]
    if phase.kind == "prepare":
        first_side = upcoming.side if upcoming is not None and upcoming.step == phase.step else None
        caution = first_caution(exercise)
        said = getready_say(exercise, coach, intro, first_side)
        lines = setup_lines(exercise)  # shown in both modes; brief only says the name
        if first_side:
            lines = (*lines, f"{first_side.capitalize()} side first.")
        return Cue(lines, said, caution)
    if phase.kind == "hold":
        doing = action(exercise, phase.side)
        count = count_words(phase.rep or 1, reps_of[phase.step])
        said = doing if coach == "brief" else _join(doing, count)
        long_hold = countdown and phase.duration >= COUNTDOWN_MIN_HOLD
        return Cue((doing,), said, countdown=long_hold)
    if phase.kind == "relax":
        letting_go = release(exercise)
        return Cue((letting_go,), letting_go)
    if phase.kind == "switch":
        side: Side = phase.side or "right"
        said = switch_say(exercise, side)
        return Cue((said,), said)
    # A rest: before the next exercise (its get-ready follows), or between sets of one.
    if upcoming is not None and (upcoming.step != phase.step or phase.set == 1):
        said = rest_say(steps[max(0, phase.step - 1)], steps[upcoming.step])
    elif upcoming is not None:
        said = _join(
            release(exercise), f"Rest. Set {upcoming.set} of {sets_of[upcoming.step]} next"
        )
    else:
        said = "Rest."
    return Cue((said,), said)


def end_say(completed: bool) -> str:
    """What is said at the end of a session."""
    return "Done. Well done." if completed else "Stopped."


@dataclass(frozen=True)
class SessionInfo:
    """What the view needs besides the state: the title and the exercise of each step."""

    title: str
    steps: Sequence[Exercise]  # as done in this session: variants applied
    script: Sequence[Cue]  # the cue of each phase, by phase index

    @property
    def count(self) -> int:
        """How many exercises the session has."""
        return len(self.steps)

    def exercise(self, phase: Phase) -> Exercise:
        """The exercise a phase belongs to."""
        return self.steps[phase.step]

    def cue(self, phase: Phase) -> Cue:
        """What the phase shows and says."""
        return self.script[phase.index]

    def name(self, phase: Phase) -> str:
        """The display name of the exercise a phase belongs to (with the variant done)."""
        exercise = self.exercise(phase)
        return display_name(exercise.name, exercise.variant)
