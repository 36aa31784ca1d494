"""What a routine needs of the answers, and how a session of it is done within them: each
exercise as a level of its ladder has it done, what it needs (floor, chair, bed, ball, wall,
mat, band), what the answers rule out, and the levels kept where a ladder climbs past them.
Pure: no I/O."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from stretchcli.model import (
    Exercise,
    Movement,
    Routine,
    apply_variant,
)
from stretchcli.plan.answers import Answers
from stretchcli.plan.equipment import KNOWN_WORDS, ball_named, things, unknown_word
from stretchcli.plan.model import Ladder, Plan
from stretchcli.text import one_line

# Positions done upright, off the floor: everything else is on the floor (or on a bed).
UPRIGHT = ("sitting", "standing")
# An exercise done with a band has its variant without one under this name (band-row).
NO_BAND = "no-band"
NEED_WORDS = {
    "floor": "the floor",
    "chair": "a chair",
    "bed": "a bed",
    "ball": "a ball",
    "wall": "a wall",
    "mat": "a mat",
    "band": "a band",
}
# Not a thing to have but a way of doing: lying on a ball (its floor level), ruled out with
# osteoporosis (below).
LYING_ON_BALL = "lying-on-ball"


def needs(exercise: Exercise, on_bed: bool) -> frozenset[str]:
    """What an exercise (as done, its variant laid over it) needs of the answers: floor,
    chair, bed, ball, wall, mat, band."""
    # As they read, not as they are typed: "BALL" in fullwidth letters is a ball.
    named = things(exercise.equipment)
    found = set(named - {"mat"})
    if exercise.figure is not None and "ball" in exercise.figure.props:  # drawn with one
        found.add("ball")
    if on_bed:
        found.add("bed")
    elif exercise.position not in UPRIGHT:
        found.add("floor")
        if "mat" in named:
            found.add("mat")
    return frozenset(found)


def ruled_out(answers: Answers, wanted: frozenset[str]) -> tuple[str, ...]:
    """Which needs the answers rule out (the ball also by blood thinners; lying on the ball,
    LYING_ON_BALL, by osteoporosis)."""
    have = {
        "floor": answers.floor,
        "chair": answers.chair,
        "bed": answers.bed,
        "ball": answers.ball and "blood-thinners" not in answers.precautions,
        "wall": answers.wall,
        "mat": answers.mat,
        "band": answers.band,
    }
    out = {need for need in wanted if not have[need]}
    if "floor" in out:  # a mat only matters on the floor: without it, the floor is why
        out.discard("mat")
    # Chosen: the ball is ruled out with severe osteoporosis (the exercise's caution), and
    # start does not ask how severe; lying on it puts the body's weight through the ribs, so
    # with any osteoporosis the ball stays at the wall, where the pressure is the person's.
    if "osteoporosis" in answers.precautions and {"ball", "floor"} <= wanted:
        out.add(LYING_ON_BALL)
    return tuple(sorted(out))


# Why lying on the ball is left out with osteoporosis, after "lies on the ball, ".
BALL_AT_WALL = (
    "which presses harder than the wall: with osteoporosis the ball stays at the wall "
    "(chosen: the ball is ruled out with severe osteoporosis, and stretch does not ask how "
    "severe)"
)


def needs_words(needs_: tuple[str, ...]) -> str:
    """Needs in words: 'the floor and a mat'."""
    return " and ".join(NEED_WORDS[n] for n in needs_)


PRESSED = "presses a ball into the back, which blood thinners rule out"


def blood_thinners(plan: Plan) -> bool:
    """Whether `plan` leaves out what presses a ball into the back (blood thinners: the
    screening's answers are not kept in the plan, its reasons are)."""
    return any(PRESSED in why for why in plan.leave_out.values())


def every_ball_left_out(plan: Plan, exercises: Mapping[str, Exercise]) -> Plan:
    """`plan` leaving out every exercise that presses a ball, where it leaves one out for
    blood thinners: one added since it was made (your own, or a folder of them on
    STRETCH_PATH) is ruled out as well (attack 19, H6: it pressed the ball, until `start`
    was run again)."""
    if not blood_thinners(plan):
        return plan
    more = {}
    for ident, exercise in exercises.items():
        if ident in plan.leave_out:
            continue
        lines = [_balled(way) for way in ways(exercise)]  # the exercise's own way first
        balled = [line for line in lines if line is not None]
        if balled:
            why = PRESSED if lines[0] is not None else PRESSED_VARIANT
            more[ident] = _pressed_why(why, balled[0])
            continue
        # Attack 21, B1: a ball in another language ("pelota"), or a thing that presses
        # as one does (a foam roller), reads as nothing stretch knows: it is left out too.
        unknown = [
            (i, w) for way in ways(exercise) for i in way.equipment if (w := unknown_word(i))
        ]
        if unknown:
            more[ident] = unknown_why(*unknown[0])
    return replace(plan, leave_out={**plan.leave_out, **more}) if more else plan


def _pressed_why(why: str, line: str) -> str:
    """Why an exercise is left out that `line` of its own words says uses a ball (verify 27,
    NEW-4: the person could not tell what to change)."""
    if not line:  # its equipment or figure: it presses one
        return why
    return f"{why}: it says '{one_line(line)}'; if it presses nothing, reword that"


def _balled(exercise: Exercise) -> str | None:
    """Where an exercise, as done, uses a ball (None: nowhere): '' for its equipment or
    figure, else the first of its own words that names one (attack 22, C2: no equipment
    listed, and "put a tennis ball behind your back"; verify 26, N1: its cues and
    cautions)."""
    cues = exercise.cues
    said = (cues.hold, cues.relax, cues.left, cues.right, cues.switch, cues.breathe, cues.finish)
    if "ball" in needs(exercise, False):  # its equipment or figure: it presses one
        return ""
    words = (
        exercise.name,
        exercise.summary,
        exercise.position,  # (shown by `stretch show`: attack 23, M2)
        *exercise.targets,
        *exercise.instructions,
        *exercise.setup,
        *exercise.cautions,
        *(line for line in said if line),
    )
    return ball_named(words) or None


def refused_routine(plan: Plan, routine: Routine, doing: Collection[str]) -> str:
    """Why a routine of one's own is not run at all with `plan` ('' when it is): with blood
    thinners, its own words name a ball or a thing stretch cannot tell from one, in its
    equipment, its cautions, or the cautions it gives the steps `doing` (verify 26, N2:
    "You will need: tennis ball" and "Press the ball gently" were said, its exercises
    pressing nothing). The built-in ones are checked: their ball is in the steps left out."""
    why = routine_ball(plan, routine, doing)
    # Verify 27, NEW-3 and NEW-8: the word, where it is, and what to do, in one line.
    return (
        f"{why}; with blood thinners, a routine of your own that names one is not run: "
        "reword that, or run one of your plan's routines, which `stretch plan` lists"
        if why
        else ""
    )


def routine_ball(plan: Plan, routine: Routine, doing: Collection[str]) -> str:
    """Where a routine of one's own names a ball, or a thing stretch cannot tell from one,
    in words ('' where it does not, or `plan` is not for blood thinners)."""
    if routine.origin.source == "built-in" or not blood_thinners(plan):
        return ""
    stepped = {caution for _, caution in routine.step_cautions}
    cautions = [c for c in routine.cautions if c not in stepped]
    cautions += [caution for name, caution in routine.step_cautions if name in doing]
    items = routine.equipment or ()
    # Its name and summary (verify 28, M3), unless a step of it that presses a ball is left
    # out: they may speak of that one ("Knots: ball on the knots", then the chin tuck).
    balled = any(  # (itself, not a variant of it: attack 23, M3)
        plan.leave_out.get(step.exercise, "").startswith(PRESSED) for step in routine.steps
    )
    if not balled and (line := ball_named((routine.name, routine.summary))):
        return f"its name or summary names a ball ('{one_line(line)}')"
    if line := ball_named(tuple(cautions)):
        return f"its cautions name a ball ('{one_line(line)}')"
    if line := ball_named(items):
        return f"its equipment names a ball ('{one_line(line)}')"
    if unknown := [(i, w) for i in items if (w := unknown_word(i))]:
        item, word = unknown[0]
        return (
            f"its equipment, '{one_line(item)}', names '{one_line(word)}', which stretch "
            "cannot tell from a ball"
        )
    return ""


# Why each step of a routine refused whole is not done (`refused_routine` says why).
ROUTINE_PRESSED = "the routine names a ball, which blood thinners rule out"


# Said at the get-ready of every exercise not built in, with blood thinners: words can always
# name a ball in a way stretch does not read (verify 26, N3: "pelota", "мяч", a roller).
# First among its cautions, so that brief coaching shows it too, and with the exercise's
# name, so that it is said at each such exercise, not only the first (verify 27, NEW-1, 2).
def own_pressed(name: str) -> str:
    """The line an exercise not built in says with blood thinners."""
    return (
        f"With blood thinners, press nothing into your back in {name}: no ball, roller or "
        "other object. stretch checks only its built-in exercises."
    )


def own_cautioned(plan: Plan, exercises: Mapping[str, Exercise]) -> dict[str, Exercise]:
    """`exercises` with `own_pressed` said first among the cautions of each that is not built
    in (in its variants too), where `plan` leaves out what presses a ball (blood thinners)."""
    if not blood_thinners(plan):
        return dict(exercises)
    return {
        name: e if e.origin.source == "built-in" else _first_caution(e, own_pressed(e.name))
        for name, e in exercises.items()
    }


def _first_caution(exercise: Exercise, caution: str) -> Exercise:
    """The exercise with `caution` said first among its cautions, in every variant too (a
    variant with cautions of its own replaces the exercise's)."""
    variants = {
        name: change
        if change.cautions is None
        else replace(change, cautions=(caution, *change.cautions))
        for name, change in exercise.variants.items()
    }
    return replace(exercise, cautions=(caution, *exercise.cautions), variants=variants)


def unknown_why(item: str, word: str) -> str:
    """Why an exercise whose equipment `item` has `word`, one stretch does not know, is left
    out with blood thinners."""
    return (
        f"its equipment, '{one_line(item)}', names '{one_line(word)}', which stretch cannot "
        f"tell from a ball pressed into the back, and blood thinners rule that out; if it "
        f"presses nothing, name it as stretch knows it ({KNOWN_WORDS})"
    )


# Why an exercise is left out whose own way uses no ball but a variant of it does (attack
# 20, A2: the routine's `variant:` or `--variant` pressed the ball).
PRESSED_VARIANT = "a variant of it presses a ball into the back, which blood thinners rule out"


def ways(exercise: Exercise) -> list[Exercise]:
    """The exercise as it is, and as each of its variants does it."""
    return [exercise, *(apply_variant(exercise, name) for name in exercise.variants)]


def why_out(answers: Answers, out: tuple[str, ...]) -> str:
    """Why an exercise is left out: what it needs that is not there; a ball with blood
    thinners is said as pressing it being ruled out by them (start does not ask about a
    ball then)."""
    pressed = "ball" in out and "blood-thinners" in answers.precautions
    lacking = tuple(n for n in out if not (pressed and n == "ball") and n != LYING_ON_BALL)
    said = [f"needs {needs_words(lacking)}"] if lacking else []
    if pressed:
        said.append(PRESSED)
    if LYING_ON_BALL in out:
        said.append(f"lies on the ball, {BALL_AT_WALL}")
    return " and ".join(said)


@dataclass(frozen=True)
class Session:
    """A session of a routine within the answers: its exercises (after `--avoid`'s swaps),
    those done without their band (`unbanded`), and why the answers rule the routine out
    ("" if they do not)."""

    exercises: tuple[Exercise, ...] = ()
    unbanded: tuple[str, ...] = ()
    why_not: str = ""
    left_out: tuple[tuple[str, str], ...] = ()  # (exercise, why): the plan's `leave_out`


def session_of(
    routine: Routine,
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    answers: Answers,
    avoid: tuple[Movement, ...],
) -> Session:
    """The exercises a session of the routine does at level 1 with `avoid` (swapped for
    their alternatives, or left out, as `stretch run --avoid` does); one that needs a band
    the person has not is done as its no-band variant where it has one; one with an
    avoided movement whose alternative the answers rule out is left out (`left_out`, for
    the plan's `leave_out`) when the routine keeps other exercises."""
    on_bed = "bed" in (routine.equipment or ())
    ids = {step.exercise for step in routine.steps}
    done: list[Exercise] = []
    unbanded: list[str] = []
    left_out: list[tuple[str, str]] = []
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
            out = ruled_out(answers, needs(at_level(other, ladders, 1), on_bed))
            if out:
                why = f"its alternative, {other.name}, {why_out(answers, out)}"
                left_out.append((exercise.id, f"{moves} is avoided, and {why}"))
                continue
            instead = f", in place of {exercise.name} ({moves}),"
            exercise = other
        first = at_level(exercise, ladders, 1)
        out = ruled_out(answers, needs(first, on_bed))
        base = exercises[exercise.id]
        if out == ("band",) and NO_BAND in base.variants:
            exercise, first = apply_variant(base, NO_BAND), apply_variant(base, NO_BAND)
            unbanded.append(exercise.id)
            out = ruled_out(answers, needs(first, on_bed))
        if out:
            return Session(why_not=f"{exercise.name}{instead} {why_out(answers, out)}")
        done.append(exercise)
    if not done:
        return Session(why_not="nothing left once " + ", ".join(avoid) + " is avoided")
    return Session(tuple(done), tuple(unbanded), left_out=tuple(left_out))


def at_level(exercise: Exercise, ladders: Mapping[str, Ladder], level: int) -> Exercise:
    """The exercise as a level of its built-in ladder has it done."""
    ladder = ladders.get(exercise.id)
    if ladder is None:
        return exercise
    rung = ladder.at(level)
    return rung.exercise(exercise) if rung.variant else exercise


def own_ladders(
    session: Session,
    ladders: Mapping[str, Ladder],
    answers: Answers,
    on_bed: bool,
    writer: str,
) -> dict[str, tuple[Ladder, tuple[str, ...]]]:
    """The plan's own ladders, with what the answers rule out: an exercise done without its
    band climbs its ladder as its no-band variant; one whose ladder climbs to a level the
    answers rule out (ball pressure on the floor, the squeeze with a band) keeps the levels
    below it."""
    found: dict[str, tuple[Ladder, tuple[str, ...]]] = {}
    for exercise in session.exercises:
        ladder = ladders.get(exercise.id)
        if ladder is None:
            continue
        if exercise.id in session.unbanded:
            # The count and sets of each level, with the no-band variant's own hold (as the
            # exercise file says of its ladder done without a band).
            levels = tuple(
                replace(level, variant=NO_BAND, dose=replace(level.dose, hold=None))
                for level in ladder.levels
            )
            found[exercise.id] = (Ladder(levels, by=writer), ("band",))
            continue
        for number in range(1, ladder.top + 1):
            out = ruled_out(answers, needs(at_level(exercise, ladders, number), on_bed))
            if out:
                kept = Ladder(ladder.levels[: number - 1], by=writer)
                found[exercise.id] = (kept, out)
                break
    return found


def ruled_out_stand_ins(
    answers: Answers,
    routines: Mapping[str, Routine],
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    named: Sequence[str],
) -> dict[str, str]:
    """The alternatives of the plan's exercises that the answers rule out (the ball without
    one, or with blood thinners; the floor), each with why: the plan leaves them out, so no
    path that picks a stand-in (an avoided movement, `--only`, a second red in a week, the
    `h` key) brings one in. `named`: the plan's routines."""
    found: dict[str, str] = {}
    for name in named:
        on_bed = "bed" in (routines[name].equipment or ())
        for step in routines[name].steps:
            other = exercises.get(exercises[step.exercise].alternative or "")
            if other is None:
                continue
            out = ruled_out(answers, needs(at_level(other, ladders, 1), on_bed))
            if out:
                found.setdefault(other.id, why_out(answers, out))
    return found


def ruled_out_for_health(
    answers: Answers, exercises: Mapping[str, Exercise], ladders: Mapping[str, Ladder]
) -> dict[str, str]:
    """Every exercise the answers rule out for the body's sake, not for a lack of things
    (the ball with blood thinners; lying on it with osteoporosis), each with why: the plan
    leaves them out whatever its routines, so a routine named outside it never does them
    (review 21, F5: a lower-back plan with blood thinners let the ball be pressed)."""
    everything = replace(
        answers, floor=True, chair=True, bed=True, ball=True, wall=True, mat=True, band=True
    )
    found: dict[str, str] = {}
    for exercise in exercises.values():
        out = ruled_out(everything, needs(at_level(exercise, ladders, 1), False))
        if out:
            found[exercise.id] = why_out(everything, out)
    return found
