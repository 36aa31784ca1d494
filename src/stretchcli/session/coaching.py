"""What a coach says and shows at each phase of a session, and when: the coaching script.
Pure functions.

The first get-ready says the safety line, the routine's cautions, what `--avoid` changed and
what to have at hand. Each get-ready says how to get there (up from the floor, to a wall),
waits while you do, names the first side and says every caution of the exercise not yet
heard this session, then talks you into position line by line: the last line puts you into
it, and the hold starts a moment later. A hold starts with the action and the count; a long
one is coached through: a paced breath, how long is left, and a 3, 2, 1 (or "and ease off")
that ends on the bell. Relax, switch and rest say how to let go and
what comes next. Every line is timed at the speech rate, so it is said on time and ends
before the next phase. Every channel (live screen, plain lines, JSON, voice) reads the same
`Cue`, so they cannot disagree.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from stretchcli import safety
from stretchcli.model import Exercise, Phase, Side
from stretchcli.plan.equipment import in_place
from stretchcli.plan.fitting import own_pressed
from stretchcli.session import moves
from stretchcli.session.counts import count_before, count_room, counted_alike
from stretchcli.session.holds import (
    EASE_OFF_NOW,
    Coaching,
    Cue,
    eased,
    ended_with_count,
    hold,
)
from stretchcli.session.pacing import GAP, Group, Layout, Said
from stretchcli.session.wording import (
    Intro,
    action,
    finish,
    first_caution,
    heard_key,
    heard_keys,
    intro_lines,
    join_words,
    release,
    rest_say,
    sentence,
    setup_lines,
    spoken,
    switch_say,
    unheard,
)
from stretchcli.text import display_name

SETUP_PAUSE = 2.0  # chosen: after each setup line, time to do what it said
SETTLE_SECONDS = 2.0  # chosen: after the last of the setup, time to settle before the hold
SWITCH_SECONDS = 3.0  # chosen: after hearing how to change sides, time to do it
TAKE_YOUR_TIME = "Take your time."
MOVE_FILLERS = (TAKE_YOUR_TIME, "There is no hurry.")
REST_FILLERS = ("Let your shoulders drop and breathe easily.", "Keep breathing easily.")


def switch_seconds(exercise: Exercise, prepare: float, side: Side, coaching: Coaching) -> float:
    """How long a change of sides lasts: `prepare`, or (in full) long enough to hear what
    changes and to do it (whole seconds)."""
    if coaching.coach == "brief":
        return prepare
    said = coaching.seconds(switch_say(exercise, side))
    return max(prepare, float(math.ceil(said + SWITCH_SECONDS)))


def shortest_rest(previous: Exercise, following: Exercise, coaching: Coaching) -> float:
    """The shortest rest between two exercises when the get-ready takes the rest of it: long
    enough to hear the release and what comes next, and a breath (whole seconds); with
    room for "Ease off." first, when the last hold ended with a 3, 2, 1."""
    said = join_words(EASE_OFF_NOW, rest_say(previous, following))
    return float(math.ceil(coaching.seconds(said) + GAP))


# --- The get-ready -------------------------------------------------------------------------


SHOWN_HOLD = 20.0  # chosen: holds this long show one of the exercise's other cautions

# Chosen: the longest from the end of the line that puts you into position (the last of the
# setup) to the start of the hold: the settling time after it, and up to a second more as
# the get-ready is rounded up to whole seconds. Every caution is said before that line.
INTO_POSITION_SECONDS = SETTLE_SECONDS + 1.0


@dataclass(frozen=True)
class GetReady:
    """A get-ready: how long it lasts, what it says when, the move it asks for, and the
    sentences of cautions heard by its end (`wording.heard_key`)."""

    seconds: float
    spoken: tuple[Said, ...]
    move: moves.Move | None
    heard: frozenset[str] = frozenset()


def getready(
    exercise: Exercise,
    *,
    before: Exercise | None,
    needed_before: Sequence[str],
    intro: Intro | None,
    first_side: Side | None,
    released: bool,
    prepare: float,
    coaching: Coaching,
    heard: frozenset[str] = frozenset(),
    first_hold: float | None = None,
    started: frozenset[str] = frozenset(),
) -> GetReady:
    """The get-ready of `exercise`, coming from `before` (None: the first); `intro` for the
    first one; `released`: whether a rest before it has said how to let go of the last hold;
    `heard`: the caution sentences said earlier in the session (not said again);
    `first_hold`: how long its first hold lasts (a hold too short to say the action in has
    it said here, last: its reps then say only the count); `started`: the caution sentences
    the session's start said (its first caution heard only there is said again here).

    In full: [the release] [the intro, and a pause to put things within reach] the name and
    the move, a pause to make it, the first side and every caution, each setup line and a
    pause to do it; the last puts you into position, and the hold starts a moment later.
    Brief: the name, in the routine's `prepare`; the first says the safety line before it,
    and lasts as long as the two take if that is longer.
    """
    move = moves.move(before, exercise, needed_before, intro.on_bed if intro else False)
    said: list[Said] = []
    at = 0.0

    def say(text: str, then: float = 0.0) -> None:
        nonlocal at
        at = float(math.ceil(at - 1e-9)) if said else 0.0  # later lines on whole seconds
        said.append(Said(at, text))
        at += coaching.seconds(text) + GAP + then

    if coaching.coach == "brief":  # the routine's own get-ready: what fits of the name
        name = sentence(exercise.name)
        # With blood thinners, an exercise not built in says to press nothing, in brief too:
        # stretch cannot check it, and a person leaning on the wall may not see the screen.
        pressed = exercise.cautions[:1] == (own_pressed(exercise.name),)  # (verify 28, M4)
        if intro is not None or pressed:  # every run says it aloud (and a gap after it)
            if intro is not None:
                say(safety.SHORT)
            elif before is not None and not released:
                say(sentence(finish(before)))
            say(name)
            if pressed:
                say(exercise.cautions[0])
            return GetReady(lasting(prepare, at), tuple(said), move, heard)
        layout = Layout(prepare, coaching.rate)
        if before is not None and not released:
            layout.start([join_words(finish(before), exercise.name), name])
        else:
            layout.start([name])
        return GetReady(prepare, layout.lines(), move, heard)
    if before is not None and not released:
        say(sentence(finish(before)))
    if intro is not None:
        lines = intro_lines(intro)
        for text in lines:
            say(text)
        heard = heard | {key for text in lines for key in heard_keys(text)}
        if any(not in_place(item, mat=False) for item in intro.needs):
            say("Put them within reach now.", moves.FETCH_SECONDS)
    side = f"{first_side.capitalize()} side first" if first_side else ""
    own = cautions_of(exercise)
    pressed = own[:1] == [sentence(spoken(own_pressed(exercise.name)))]  # each (attack 23, H1)
    first = own[0] if pressed else unheard(own[0], heard) if own else ""
    others = [c for c in (unheard(c, heard) for c in own[1:]) if c]
    keys = heard_keys(own[0]) if own else set()
    if intro is None and own and first != own[0] and keys & heard <= started:
        # Who must not do it (the first caution) is said again at the exercise, before
        # anything is picked up or moved, where it can be acted on: heard only at the start,
        # it was minutes from the ball. Heard at another exercise, it is not said again.
        say(join_words(exercise.name, f"Careful: {own[0]}"))
        if move is not None and move.say:
            say(move.say, move.seconds)
        cautions = others
    else:
        say(join_words(exercise.name, move.say if move else ""), move.seconds if move else 0.0)
        cautions = [first, *others] if first else others
    if cautions:
        cautions[0] = f"Careful: {cautions[0]}"
    heard = heard | {key for c in own for key in heard_keys(c)}
    doing = action(exercise, first_side)
    too_short = first_hold is not None and coaching.seconds(doing) > first_hold
    if cautions:
        say(join_words(side, cautions[0]))
        for caution in cautions[1:]:
            say(caution)
    elif side:
        say(sentence(side))
    # A caution the setup says ("Put a cushion under your knees") is said once a session:
    # the setup lines heard count as heard.
    warned = {heard_key(c) for c in exercise.cautions}
    setup = [sentence(line) for line in setup_lines(exercise)]
    setup = [line for line in setup if heard_key(line) not in warned & heard]
    heard = heard | {heard_key(line) for line in setup}
    setup += [on_each_count(doing)] if too_short else []
    for i, line in enumerate(setup, 1):
        say(line, SETTLE_SECONDS if i == len(setup) else SETUP_PAUSE)
    seconds = lasting(prepare, at - GAP)  # the settling time is the silence after the last line
    layout = Layout(seconds, coaching.rate, said)
    layout.fill(itertools.cycle(Group.one(text) for text in MOVE_FILLERS))
    return GetReady(seconds, layout.lines(), move, heard)


def lasting(prepare: float, said: float) -> float:
    """How long a get-ready lasts: `prepare`, or until what it says (`said` seconds) ends,
    if that is later, in whole seconds."""
    return max(float(math.ceil(prepare - 1e-9)), float(math.ceil(said - 1e-9)))


def on_each_count(doing: str) -> str:
    """The action of a hold too short to say it in, said before the reps."""
    return sentence(f"On each count, {doing[:1].lower()}{doing[1:]}")


def said_at_start(intro: Intro) -> frozenset[str]:
    """The caution sentences the session's start says (its intro), as heard keys."""
    return frozenset(key for text in intro_lines(intro) for key in heard_keys(text))


def cautions_of(exercise: Exercise) -> list[str]:
    """The cautions said while getting ready, most important first: not one the setup says
    anyway ("Put a cushion under your knees")."""
    setup = {sentence(line) for line in setup_lines(exercise)}
    return [sentence(spoken(c)) for c in exercise.cautions if sentence(c) not in setup]


# --- The script ------------------------------------------------------------------------------


def script(
    phases: Sequence[Phase],
    steps: Sequence[Exercise],
    coaching: Coaching | None = None,
    intro: Intro | None = None,
    prepare: float = 5.0,
) -> list[Cue]:
    """The cue of every phase of a session, in timeline order (`prepare`: the routine's)."""
    coaching = coaching or Coaching()
    intro = intro or Intro()
    reps_of: dict[int, int] = {}
    sets_of: dict[int, int] = {}
    for phase in phases:
        reps_of[phase.step] = max(reps_of.get(phase.step, 0), phase.rep or 0)
        sets_of[phase.step] = max(sets_of.get(phase.step, 0), phase.set)
    needed: list[str] = []
    heard: frozenset[str] = frozenset()  # caution sentences said so far
    started = said_at_start(intro)
    # All of an exercise's cautions are said while getting ready; the screen shows the first
    # then, and the others one by one in its long holds (all at once if it has none).
    long: dict[int, list[Phase]] = {}
    for phase in phases:
        if phase.kind == "hold" and phase.duration >= SHOWN_HOLD:
            long.setdefault(phase.step, []).append(phase)
    # Each hold's cue, made once: a hold too short to say even its count has it said at the
    # end of the phase before it (the seated row's 1 s pull at a slow voice).
    held = {
        p.index: hold(p, phases, steps[p.step], reps_of, (), coaching)
        for p in phases
        if p.kind == "hold"
    }
    held = counted_alike(phases, held, reps_of)
    cues: list[Cue] = []
    for i, phase in enumerate(phases):
        exercise = steps[phase.step]
        before = phases[i - 1] if i else None
        after = _next_hold(phases, i)
        counted = bool(cues) and ended_with_count(cues[-1])
        following = phases[i + 1] if i + 1 < len(phases) else None
        silent = None  # the hold next, where it has no room for its own count
        if following is not None and following.index in held:
            silent = None if held[following.index].spoken else following
        if phase.kind == "prepare":
            first_side = after.side if after is not None and after.step == phase.step else None
            ready = getready(
                exercise,
                before=steps[phase.step - 1] if phase.step else None,
                needed_before=needed,
                intro=intro if i == 0 else None,
                first_side=first_side,
                released=before is None
                or (
                    before.kind == "rest"
                    and before.duration >= shortest_rest(steps[phase.step - 1], exercise, coaching)
                ),
                prepare=prepare,
                coaching=coaching,
                heard=heard,
                first_hold=after.duration if after and after.step == phase.step else None,
                started=started,
            )
            # Said already this session (by the routine, at its start): not shown twice.
            before_this = heard | (said_at_start(intro) if i == 0 and intro else frozenset())
            heard = ready.heard
            needed += [item for item in exercise.equipment if item not in needed]
            lines = setup_lines(exercise)
            if ready.move is not None and ready.move.say:
                lines = (ready.move.say, *lines)
            if first_side:
                lines = (*lines, f"{first_side.capitalize()} side first.")
            spoken = tuple(s for s in ready.spoken if s.at < phase.duration)
            shown = [first_caution(exercise)]
            if coaching.coach == "full" and phase.step not in long:
                shown += [c for c in cautions_of(exercise)[1:] if heard_key(c) not in before_this]
            cues.append(Cue(lines, spoken, " ".join(shown)))
        elif phase.kind == "hold":
            cue = held[phase.index]
            mine = long.get(phase.step, [])
            if coaching.coach == "full" and phase in mine:
                others = cautions_of(exercise)[1:][mine.index(phase) :: len(mine)]
                cue = replace(cue, caution=" ".join(others) or None)
            cues.append(cue)
        elif phase.kind == "relax":
            letting_go = release(exercise)
            layout = Layout(phase.duration, coaching.rate)
            if silent is not None:  # the next rep's count first, ending on its bell
                count_before(layout, silent)
            layout.start([*eased(sentence(letting_go), counted), "Relax."])
            layout.fill(itertools.repeat(Group.one("Breathe easily.")))
            cues.append(Cue((letting_go,), layout.lines()))
        elif phase.kind == "switch":
            side: Side = phase.side or "right"
            said = switch_say(exercise, side)
            layout = Layout(phase.duration, coaching.rate)
            layout.start([*eased(said, counted), f"Now the {side} side."])
            layout.fill(itertools.repeat(Group.one(TAKE_YOUR_TIME)))
            cues.append(Cue((said,), layout.lines()))
        else:
            room = 1.0 if silent is None else count_room(silent, coaching)
            cues.append(_rest(phase, before, after, steps, sets_of, coaching, counted, room))
        if silent is not None and phase.kind != "relax":  # a get-ready, rest or switch
            layout = Layout(phase.duration, coaching.rate, list(cues[-1].spoken))
            if count_before(layout, silent):
                cues[-1] = replace(cues[-1], spoken=layout.lines())
    return cues


def _next_hold(phases: Sequence[Phase], i: int) -> Phase | None:
    return next((p for p in phases[i:] if p.kind == "hold"), None)


def _rest(
    phase: Phase,
    before: Phase | None,
    after: Phase | None,
    steps: Sequence[Exercise],
    sets_of: dict[int, int],
    coaching: Coaching,
    counted: bool = False,
    room: float = 1.0,
) -> Cue:
    """A rest: before the next exercise (its get-ready follows), or between sets of one;
    `counted`: after a 3, 2, 1 (it starts with "Ease off."); `room`: seconds its "get
    ready" line leaves before the next set (the first count goes there, where the hold has
    no room for it)."""
    previous = steps[before.step] if before is not None else steps[phase.step]
    held = before is not None and before.kind == "hold"
    layout = Layout(phase.duration, coaching.rate)
    if after is not None and (after.step != phase.step or phase.set == 1):
        following = steps[after.step]
        said = join_words(finish(previous) if held else "", f"Next: {following.name}")
        layout.start([*eased(said, counted), sentence(f"Next: {following.name}")])
    elif after is not None:
        following = steps[after.step]
        letting_go = release(previous) if held else ""
        said = join_words(letting_go, f"Rest. Set {after.set} of {sets_of[after.step]} next")
        layout.start([*eased(said, counted), "Rest."])
        setup = setup_lines(following)[0] if setup_lines(following) else ""
        ready = f"Get ready for set {after.set}"
        doing = action(following, after.side)
        # A hold too short to say the action in: the action again, as the set starts.
        again = on_each_count(doing) if coaching.seconds(doing) > after.duration else ""
        wordings = [join_words(ready, setup, again)] if again else []
        wordings += [join_words(ready, setup), sentence(f"Set {after.set} next")]
        for wording in wordings:
            if layout.ending(wording, room):
                break
    else:
        said = join_words(finish(previous) if held else "", "Rest")
        layout.start([*eased(said, counted), "Rest."])
    layout.fill(itertools.cycle(Group.one(text) for text in REST_FILLERS))
    return Cue((said,), layout.lines())


@dataclass(frozen=True)
class SessionInfo:
    """What the view needs besides the state: the title, the exercise of each step, the
    script and the intro."""

    title: str
    steps: Sequence[Exercise]  # as done in this session: variants applied
    script: Sequence[Cue]  # the cue of each phase, by phase index
    intro: Intro = field(default_factory=Intro)
    eased: Sequence[str] = ()  # by step: what is said when it is ended because it hurts

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
