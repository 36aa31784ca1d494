"""What is said about a plan's decisions: a dose in words, the change from one level to
another ("35 s holds, up from 30"), and when to see a clinician. Pure text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Literal

from stretchcli.model import SCALES, Dose, Exercise, Pace, with_caution
from stretchcli.plan.model import LastPain, Level, Plan, Rules, done_flags
from stretchcli.safety import SOON, URGENT
from stretchcli.text import listing, plural, secs, time_of_day

SIDE_WORDS = {
    "none": "",
    "both": "per side, one side then the other",
    "alternate": "per side, alternating left and right",
}


# Chosen: a hold of 1 s or less is the moment's squeeze at the end of a rep (NIA's seated
# row: "hold 1 s"): such a dose is said in reps ('10 reps'; '10 × 1 s' reads as a typo).
REPS_ONLY = 1.0
DoseForm = Literal["full", "brief", "short"]


def dose_text(dose: Dose, form: DoseForm = "short", pace: Pace = "held") -> str:
    """A dose in words, the one place that says one: 'full' ('hold 20 s × 3 per side, one side
    then the other · relax 5 s'), 'brief' ('hold 20 s × 3 per side, 2 sets'), 'short' ('3 ×
    20 s a side, 2 sets'); a dose of reps alone, '10 reps' in each. An exercise paced as a
    movement (`pace: moved`) says its hold and relax as the movement's ('10 reps, each 4 s to
    move and hold, 3 s to return'): its hold is no stretch held."""
    if pace == "moved":
        return _paced(dose, form)
    alone, sets = dose.hold <= REPS_ONLY, f", {dose.sets} sets" if dose.sets > 1 else ""
    if form == "short":
        side = " a side" if dose.sides != "none" else ""
        return (
            (plural(dose.reps, "rep") if alone else f"{dose.reps} × {dose.hold:g} s") + side + sets
        )
    reps = plural(dose.reps, "rep") if alone else f"hold {secs(dose.hold)} × {dose.reps}"
    if form == "brief":
        return reps + (" per side" if dose.sides != "none" else "") + sets
    parts = [f"{reps} {SIDE_WORDS[dose.sides]}".strip()]
    if (dose.relax and dose.reps > 1) or (dose.relax and dose.sides == "alternate"):
        parts.append(f"relax {secs(dose.relax)}")
    if dose.sets > 1:
        parts.append(f"{dose.sets} sets, rest {secs(dose.rest)}")
    return " · ".join(parts)


def _paced(dose: Dose, form: DoseForm) -> str:
    """A movement's dose: '10 reps, each 4 s to move and hold, 3 s to return · 2 sets, rest
    30 s' ('full'), '10 reps (4 s move and hold, 3 s return), 2 sets' (the others). Not 'in'
    and 'out': next to the breathing cues they read as breaths."""
    back = (
        f", {secs(dose.relax)} {'to return' if form == 'full' else 'return'}" if dose.relax else ""
    )
    if form != "full":
        side = " per side" if dose.sides != "none" else ""
        sets = f", {dose.sets} sets" if dose.sets > 1 else ""
        return f"{plural(dose.reps, 'rep')} ({secs(dose.hold)} move and hold{back}){side}{sets}"
    parts = [f"{plural(dose.reps, 'rep')} {SIDE_WORDS[dose.sides]}".strip()]
    parts[0] += f", each {secs(dose.hold)} to move and hold{back}"
    if dose.sets > 1:
        parts.append(f"{dose.sets} sets, rest {secs(dose.rest)}")
    return " · ".join(parts)


def level_text(level: Level, exercise: Exercise) -> str:
    """A level as done: its dose, and its variant where it has one."""
    done = level.exercise(exercise)
    variant = f" ({level.variant})" if level.variant else ""
    return dose_text(done.dose, pace=exercise.pace) + variant


def change_text(exercise: Exercise, before: Level, after: Level, direction: str) -> str:
    """What changes from one level to the next: the one number that changes ('35 s holds, up
    from 30', '12 reps, down from 15', '2 sets, up from 1'), else the whole dose ('3 × 20 s a
    side, up from 2 × 15 s a side'), and the variant where it changes. `direction` is 'up'
    or 'down'."""
    old, new = before.exercise(exercise).dose, after.exercise(exercise).dose
    if before.variant != after.variant:
        return (
            f"the {after.variant or 'usual'} version at {dose_text(new, pace=exercise.pace)}, "
            f"{direction} from the {before.variant or 'usual'} version at "
            f"{dose_text(old, pace=exercise.pace)}"
        )
    changed = [
        (f"{new.hold:g} s holds", f"{old.hold:g}") if new.hold != old.hold else None,
        (plural(new.reps, "rep"), f"{old.reps}") if new.reps != old.reps else None,
        (plural(new.sets, "set"), f"{old.sets}") if new.sets != old.sets else None,
    ]
    parts = [part for part in changed if part is not None]
    if len(parts) == 1:
        return f"{parts[0][0]}, {direction} from {parts[0][1]}"
    if exercise.pace == "moved" and (new.hold, new.relax) == (old.hold, old.relax):
        return f"{_count(new)}, {direction} from {_count(old)}"  # its pace is the same
    paced = exercise.pace
    return f"{dose_text(new, pace=paced)}, {direction} from {dose_text(old, pace=paced)}"


def _count(dose: Dose) -> str:
    """'15 reps, 2 sets', '10 reps, 1 set'."""
    return f"{plural(dose.reps, 'rep')}, {plural(dose.sets, 'set')}"


def step_said(
    exercise: Exercise, before: Level, after: Level, direction: str, cause: str = ""
) -> str:
    """The line said at the start of the next session that holds the exercise about a level
    that changed; a step down with its `cause` ('It hurt last time', 'The last session with
    it was rated red (pain 7/10 after it)', 'Pain got in the way in the week of 2 Nov')."""
    said = f"This week: {exercise.name}, {change_text(exercise, before, after, direction)}."
    if direction == "down":
        said += f" {cause or 'It hurt last time'}: easier until it settles."
    return said


# When to see a clinician: the level `stretch safety` gives pain that does not ease (the NHS
# back pain page, safety.NHS), and its action.
CLINICIAN = (
    "If the pain has not started to ease after a few weeks, gets worse, or stops you doing "
    f"everyday things, {SOON.action}. For the urgent signs, see stretch safety."
)


def severe_said(pain: int) -> str:
    """When to get help after pain at or over the ceiling: pain that does not ease when you
    rest is a sign `stretch safety` puts at 'Urgent' (the NHS back pain page and NICE CKS),
    so the action is today's, not in a few weeks."""
    return (
        f"Pain of {pain}/10 is more than these exercises should cause: if it has not settled "
        f"by tomorrow, or does not ease when you rest, {URGENT.action}. For the other "
        "warning signs, see stretch safety."
    )


def pain_before_said(pain: int) -> str:
    """What is said where the pain before a session is at or over the ceiling (review 19,
    F10: a run at 10/10 started without a word): not a day to stretch through it, and when
    to get help, as `stretch safety` has it (review 20, F9: not as if exercise caused it)."""
    return (
        f"Pain of {pain}/10 before you start is more than these exercises are for: today, rest "
        f"rather than stretch through it. If it does not ease when you rest, {URGENT.action}. "
        "For the other warning signs, see stretch safety."
    )


def pain_earlier_said(rated: LastPain | None, rules: Rules, today: date) -> str | None:
    """What a run says first where the latest session rated lately (`past.EARLIER_PAIN`)
    left pain that is red (at or over the ceiling, or up by the rise): `pain_after_said`
    told to do no more today (review 19, F17: the next routine started without a word); None
    otherwise. One of before `today` is said with its time (attack 19, H8)."""
    why = None if rated is None else rules.too_much(rated.before, rated.after)
    if rated is None or why is None:
        return None
    rise = f" (up from {rated.before} before it)" if why == "rise" else ""  # (review 20, F4)
    same_day = rated.at.date() == today
    when = "earlier today" if same_day else f"yesterday at {time_of_day(rated.at)}"
    by = "tomorrow" if same_day else None  # (a day later, "tomorrow" is not: review 24, F10)
    return (
        f"Your session {when} left pain of {rated.after}/10{rise}, more than these "
        f"exercises should: doing no more of them today lets it settle. {_when_red(why, by)}"
    )


def _help(worst: int | None) -> str:
    """When to get help, at the urgency of the worst pain reported (None: under the
    ceiling)."""
    return CLINICIAN if worst is None else severe_said(worst)


def _red_times(exercise: Exercise, reds: int, named: bool, week: str) -> str:
    """'Chin tuck hurt twice in the week of 30 Nov 2026' where the person said so each time,
    else 'Chin tuck was in 2 sessions rated red in the week of ...' (a rating of the whole
    session is not about it). The week by its Monday: it is said at the next session, often
    in the week after (attack 16, H10: "this week" said last week's)."""
    if named:
        return f"{exercise.name} hurt {'twice' if reds == 2 else f'{reds} times'} in the {week}"
    return f"{exercise.name} was in {reds} sessions rated red in the {week}"


def alternative_said(
    exercise: Exercise,
    instead: Exercise | None,
    reds: int,
    week: str,
    worst: int | None = None,
    named: bool = True,
    none: str = "it has no alternative",
) -> str:
    """The line said when an exercise was red `reds` times in a week (`named`: each time
    said to hurt): its alternative takes its place, or it is left out (`none`: why no other
    takes its place); then when to get help (`worst`: the highest pain after those sessions,
    where it reached the ceiling)."""
    head = _red_times(exercise, reds, named, week)
    if instead is None:
        why = none.removeprefix("it ")  # 'hurt twice in the week of ... and has no alternative'
        head += f" and {why}: it is left out until a clinician has looked at it."
    else:
        head += f": {instead.name} takes its place."
    return f"{head} {_help(worst)}"


def rated_red_said(
    exercise: Exercise, reds: int, week: str, worst: int | None = None, easier: bool = True
) -> str:
    """The line said when an exercise with no alternative was in `reds` sessions rated red
    in a week, but never said to hurt: it stays in, easier (`easier`: a step down was made;
    else it is at its easiest already), and when to get help."""
    how = (
        "at an easier level"
        if easier
        else "at its easiest level already: keep it small, well short of pain, and stop it "
        "if it hurts"
    )
    return (
        f"{_red_times(exercise, reds, False, week)}, though you did not name it as hurting: it "
        f"stays in, {how}. {_help(worst)}"
    )


def last_kept_said(
    exercise: Exercise,
    routine: str,
    reds: int,
    week: str,
    worst: int | None = None,
    named: bool = True,
) -> str:
    """The line said when an exercise with no alternative was red `reds` times in a week but
    is the last one its routine has left: it stays, and when to get help."""
    return (
        f"{_red_times(exercise, reds, named, week)}, and it is the last exercise of "
        f"{routine} your plan has left: it stays in. Keep it small, well short of pain, and "
        f"stop it if it hurts; show `stretch plan` to a clinician before you do more. "
        f"{_help(worst)}"
    )


# Said at the get-ready of an exercise whose last session was too much for it (a step down,
# a red session at its lowest level), as well as before the run starts (review 21, F8: said
# once, minutes before the exercise, and never aloud).
EASED_CAUTION = (
    "It was too much last time: keep it well short of pain today, and stop it if it hurts."
)


def eased(exercises: Mapping[str, Exercise], names: Collection[str]) -> dict[str, Exercise]:
    """`exercises` with EASED_CAUTION said last among the cautions of each of `names` (in
    its variants too), plan or no plan."""
    return {
        name: with_caution(exercise, EASED_CAUTION) if name in names else exercise
        for name, exercise in exercises.items()
    }


def still_hurt_said(exercise: Exercise, instead: Exercise | None) -> str:
    """The line said at the start of the next session about an exercise that hurt at its
    lowest level (there is no easier level to step down to): keep it small, stop if it hurts
    again, and its alternative where it has one."""
    said = (
        f"{exercise.name} hurt last time, and it is at its easiest already: keep it small, "
        f"well short of pain, and stop it if it hurts again."
    )
    if instead is not None and exercise.movements:
        movements = ",".join(exercise.movements)
        said += f" To do {instead.name} in its place, run with --avoid {movements}."
    return said


_NEXT_TIME = {
    True: "your plan starts gentler next time.",
    # without a plan the routine's doses stay as they are: the person makes it gentler
    False: "next time, go gentler: fewer of them, or shorter holds (--scale).",
    # ...and with its holds as short as --scale makes them already (review 21, F11)
    None: "next time, go gentler: fewer of them (--skip ID).",
}


def who_gentler(planned: bool, scale: float) -> bool | None:
    """Who makes the next session gentler after a red one, for `pain_after_said`: the plan
    (True), the person (False), or the person with no shorter holds left to take (None: a
    run at the least --scale; review 21, F11)."""
    return planned or (None if scale <= SCALES[0] else False)


def pain_after_said(
    before: int | None, after: int | None, rules: Rules, planned: bool | None = True
) -> str | None:
    """What is said at once when the pain after a session is red (at or over the ceiling, or
    up by the rise from before); None otherwise. A plan (`planned`) steps down next time as
    well; without one (False; None: its holds were the shortest already), nothing changes
    by itself, and the person is told what to do."""
    why_red = rules.too_much(before, after)
    if why_red == "ceiling":
        why = f"Pain {after}/10 after the session is at or over {rules.ceiling.value}"
    elif why_red == "rise":
        why = f"Pain went up from {before} to {after}/10 during the session"
    else:
        return None
    return (
        f"{why}: more than these exercises should leave. Do no more of them today and let it "
        f"settle; {_NEXT_TIME[planned]} {_when_red(why_red)}"
    )


def _when_red(why: str, by: str | None = "tomorrow") -> str:
    """When to get help after a red session: pain at or over the ceiling that lasts is a sign
    `stretch safety` puts at 'Urgent', as `severe_said` says it (review 21, F10: 'get
    advice' named nobody); a rise under it, advice. `by`: the day it should have settled by
    (None: within a day of the session, for one of yesterday; review 24, F10)."""
    settled = f"by {by}" if by else "within a day of that session"
    better = by or "within a day of that session"
    if why == "ceiling":
        return (
            f"If it has not settled {settled}, or does not ease when you rest, "
            f"{URGENT.action}. For numbness, tingling or weakness, and the other warning "
            "signs, see stretch safety."
        )
    return (
        f"If it is no better {better}, or you feel numbness, tingling or weakness, get "
        "advice: run stretch safety."
    )


def goal_text(goal: int, days: int) -> str:
    """A weekly goal as the person set it, in days: '3 sessions', or '5 sessions on 3
    days' where a day brings two routines (`stretch start` asked for days a week)."""
    sessions = "1 session" if goal == 1 else f"{goal} sessions"
    if days and days != goal:
        return f"{sessions} on {days} day{'s' if days != 1 else ''}"
    return sessions


def day_said(routines: Sequence[str], done: Collection[str], next_: str | None) -> str:
    """A day's routines in the plan's order, for its page: a day of one as its name; of more,
    each with whether it is done today (`done`: the routine of each session done today), or
    next ('strength-upper-back (done), then desk-upper-back (next)')."""
    if len(routines) == 1:
        return routines[0]
    flags = done_flags(routines, done)
    first = next((i for i, done_ in enumerate(flags) if not done_), None)
    marked = [
        f"{name} (done)" if done_ else f"{name} (next)" if i == first and name == next_ else name
        for i, (name, done_) in enumerate(zip(routines, flags, strict=True))
    ]
    return ", then ".join(marked)


def run_said(routine: str, routines: Sequence[str], done: Collection[str]) -> str:
    """Which of a day's routines `stretch run` does now, and what comes after it or was done
    before it: 'strength-upper-back, then desk-upper-back (each a session of its own ...)'."""
    if len(routines) <= 1:
        return routine
    flags = done_flags(routines, done)
    left = [i for i, done_ in enumerate(flags) if not done_]
    this = next((i for i in left if routines[i] == routine), None)
    before = [name for name in done if name in routines]  # each session (review 18, F8)
    if this is None:  # each is done: one again (`Schedule.routine_on`: the last)
        return f"{routine} again ({_done_today(before)})"
    after = [routines[i] for i in left if i != this]
    if after:
        return (
            f"{routine}, then {', then '.join(after)} (each a session of its own: "
            "`stretch run` again for the next)"
        )
    return f"{routine} ({_done_today(before)})"


def _done_today(names: Sequence[str]) -> str:
    """'desk-break is done today', 'desk-break is done twice today', 'strength-upper-back and
    desk-upper-back are done today': each routine once, with how often where more."""
    counts = Counter(names)
    often = {1: "", 2: " twice"}
    if len(counts) == 1:
        name, n = next(iter(counts.items()))
        return f"{name} is done{often.get(n, f' {n} times')} today"
    each = [f"{name}{often.get(n, f' {n} times')}" for name, n in counts.items()]
    return f"{listing(each)} are done today"


def goal_used_said(plan: Plan) -> str | None:
    """What is said where the config's weekly goal is set or shown under a plan that has a
    goal of its own (its `weekly_goal`, else its days'): that the plan's is used, and how to
    change it; None where the plan takes the config's (a rotation without one)."""
    if plan.weekly_goal:
        where = "its weekly_goal"
    elif plan.schedule.days:
        where = "a session for each routine on its days"
    else:
        return None
    goal = goal_text(plan.goal(0), len(plan.schedule.by_day()))
    return (
        f"your plan's weekly goal is the one used: {goal} ({where}); the config's weekly_goal "
        "applies again without a plan. To change the plan's, adopt a copy of it with "
        "`weekly_goal: N` (stretch plan use FILE)"
    )
