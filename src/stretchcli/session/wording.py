"""The words a coach says, made from an exercise's file and the session's facts: how to get
into position, the action of a hold (naming the side), the release, the breath, the count,
what to have at hand, what `--avoid` changed, the routine's cautions, the end. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass

from stretchcli import safety
from stretchcli.model import Exercise, Side
from stretchcli.session import moves
from stretchcli.text import display_name

DEFAULT_RELEASE = "Ease off and breathe."
DEFAULT_BREATHE = "Breathe out slowly and let your body soften."


@dataclass(frozen=True)
class Intro:
    """What the first get-ready says before the first exercise: the routine's cautions,
    what `--avoid` changed (as said), what to have at hand; and whether the work lying down
    is done on a bed rather than the floor."""

    cautions: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    on_bed: bool = False
    heard: bool = False  # the cautions were said in full lately: say the first, point at the rest


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
    """What to do as a hold ends."""
    return exercise.cues.relax or DEFAULT_RELEASE


def finish(exercise: Exercise) -> str:
    """What to do after the exercise's last hold ("put the ball down"), else its release."""
    return exercise.cues.finish or release(exercise)


def breathe(exercise: Exercise) -> str:
    """The out-breath line of a long hold."""
    return exercise.cues.breathe or DEFAULT_BREATHE


def first_caution(exercise: Exercise) -> str:
    """The caution that matters most: the file lists it first."""
    return exercise.cautions[0]


def sentence(text: str) -> str:
    """`text` ending with a full stop (or its own ! or ?)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_LEAD = re.compile(r"^(before you start|careful|remember):\s*", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each ending with its full stop."""
    return [sentence(part) for part in _SENTENCE_END.split(text.strip()) if part]


def heard_key(text: str) -> str:
    """A sentence as it is heard: without its lead-in ("Careful: "), the asides that name
    options (`spoken`), case or full stop."""
    return " ".join(_LEAD.sub("", spoken(text).strip()).lower().rstrip(".!?").split())


def heard_keys(text: str) -> set[str]:
    """The keys (`heard_key`) of every sentence of `text`."""
    return {heard_key(part) for part in sentences(text)}


def unheard(text: str, heard: Set[str]) -> str:
    """`text` without the sentences already heard ('' when all were)."""
    return " ".join(part for part in sentences(text) if heard_key(part) not in heard)


# An aside for the screen that names a command-line option: "(--skip childs-pose)".
_OPTION_ASIDE = re.compile(r"\s*\([^()]*(?:--|`)[^()]*\)")


def spoken(text: str) -> str:
    """`text` as it is said: without the asides that name command-line options, nor
    backticks (the screen keeps them; a listener cannot type what is read out)."""
    return _OPTION_ASIDE.sub("", text).replace("`", "")


def join_words(*parts: str) -> str:
    return " ".join(sentence(p) for p in parts if p)


def equipment(exercises: Sequence[Exercise]) -> list[str]:
    """What exercises need, in order of first use, each once."""
    return list(dict.fromkeys(item for e in exercises for item in e.equipment))


def lead_in(needs: Sequence[str]) -> str:
    """Shown (and said) before the first exercise: the safety line, what to have at hand."""
    return join_words(safety.SHORT, f"You will need: {moves.listing(needs)}" if needs else "")


NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)


def number_said(number: int) -> str:
    """A number as a word where it is one ('ten': shorter to say than '10' is to read out,
    for the count of a 1 s hold), else its digits."""
    return NUMBER_WORDS[number].capitalize() if 0 <= number < len(NUMBER_WORDS) else str(number)


def count_words(rep: int, reps: int) -> str:
    """The spoken count of a rep: '3 of 10', 'Last one' (nothing for a single rep)."""
    if reps <= 1:
        return ""
    return "Last one" if rep == reps else f"{rep} of {reps}"


def switch_say(exercise: Exercise, side: Side) -> str:
    """What is said when changing sides."""
    return join_words(exercise.cues.switch or "Change sides", f"Now the {side} side")


def rest_say(previous: Exercise, following: Exercise) -> str:
    """What is said in the rest between two exercises: how to let go of the last hold
    ("Roll up slowly, head last."), then what comes next."""
    return join_words(finish(previous), f"Next: {following.name}")


OTHER_CAUTIONS = "This routine's other cautions are on the screen, as you heard them this week."


def intro_lines(intro: Intro) -> list[str]:
    """The first get-ready's opening: the safety line, the routine's cautions, what
    `--avoid` changed, what to have at hand."""
    lines = [safety.SHORT]
    said = intro.cautions[:1] if intro.heard else intro.cautions
    for i, caution in enumerate(said):
        lines.append(sentence(spoken(f"Before you start: {caution}" if i == 0 else caution)))
    if len(said) < len(intro.cautions):
        lines.append(OTHER_CAUTIONS)
    lines += [sentence(spoken(change)) for change in intro.changes]
    if intro.needs:
        lines.append(sentence(f"You will need: {moves.listing(intro.needs)}"))
    return lines


def changes_said(
    swaps: Sequence[tuple[Exercise, Sequence[str], Exercise | None]],
) -> tuple[str, ...]:
    """What `--avoid` changed, as it is said: (exercise, movements avoided, done instead)."""
    lines = []
    for exercise, avoided, instead in swaps:
        what = moves.listing([MOVEMENT_WORDS.get(m, m) for m in avoided])
        if instead is not None:
            lines.append(f"You avoid {what}: {instead.name} instead of {exercise.name}")
        else:
            lines.append(f"You avoid {what}: {exercise.name} is left out")
    return tuple(lines)


def hurt_said(
    exercise: Exercise, instead: Exercise | None, planned: bool, easiest: bool = False
) -> str:
    """What is said when an exercise is ended because it hurts (`h`): ease out calmly, it is
    noted (and, on a plan, made gentler next time, or said next time where it is at its
    `easiest` already), its alternative where it has one, and when to stop (the safety
    line's signs, at `stretch safety`'s level)."""
    noted = "It is noted in your history."
    if planned:
        noted = f"It is noted, and {_next_time(easiest)}."
    name = display_name(exercise.name, exercise.variant)
    said = f"{name} ends here. Ease out of the position slowly, and breathe. {noted}"
    if instead is not None and exercise.movements:
        avoided = moves.listing([MOVEMENT_WORDS.get(m, m) for m in exercise.movements])
        movements = ",".join(exercise.movements)
        said += f" To do {instead.name} in its place, avoid {avoided} next time"
        said += f" (--avoid {movements})."
    return f"{said} {WHEN_TO_STOP}"


# The safety line's signs (safety.SHORT), said to someone who is hurting, and where to read
# when to get help (`stretch safety`, at each sign's urgency).
WHEN_TO_STOP = (
    f"If the pain is sharp, or you feel numbness or tingling, stop for today. {safety.MORE}"
)


def hurt_noted(name: str, planned: bool, easiest: bool = False) -> str:
    """What is said when an exercise is named after the session as the one that hurt."""
    next_time = _next_time(easiest)
    gentler = f" {next_time[:1].upper()}{next_time[1:]}." if planned else ""
    return f"Noted: {name} hurt.{gentler} {WHEN_TO_STOP}"


def _next_time(easiest: bool) -> str:
    """What a plan does next time about an exercise that hurt."""
    if easiest:
        return "it is at its easiest already: your next session will start with a word on it"
    return "your plan will make it gentler next time"


MOVEMENT_WORDS = {
    "rotation": "twisting",
    "side-bend": "bending sideways",
    "flexion": "bending forward",
    "extension": "bending backward",
}


def minutes_said(seconds: float) -> str:
    """'under a minute', '1 minute', '15 minutes'."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


ORDINAL_ENDINGS = {1: "st", 2: "nd", 3: "rd"}


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ORDINAL_ENDINGS.get(number % 10, 'th')}"


def end_say(
    last: Exercise | None,
    completed: bool,
    exercises: tuple[int, int],
    seconds: float,
    this_week: int | None,
    on_bed: bool = False,
) -> str:
    """What is said as a session ends: how to let go of the last hold and get up, then a
    short summary: '5 exercises, 15 minutes; your 3rd session this week.' `exercises` is
    (done, in the session); `this_week` counts this session too (None: not known)."""
    done, total = exercises
    what = f"{done} exercise{'s' if done != 1 else ''}" if done == total else f"{done} of {total}"
    if done != total:
        what += " exercises"
    summary = f"{what}, {minutes_said(seconds)}"
    if this_week:
        summary += f"; your {ordinal(this_week)} session this week"
    if not completed:
        return join_words("Stopped", summary)
    letting_go = finish(last) if last is not None else ""
    getting_up = moves.get_up(last, on_bed) if last is not None else ""
    return join_words(
        letting_go, getting_up, "That is the end of the session", summary, "Well done"
    )
