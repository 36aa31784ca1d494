"""The decisions of a plan, from the history of ratings: for each exercise, step up, hold,
step down, or (at a second red in a week) its alternative and when to see a clinician.

A pure fold over the sessions since the plan began, oldest first: the same plan and the same
sessions always give the same levels, reasons and words. Each session's verdict for an
exercise it did:

- red: the person said the exercise hurt; or pain after the session at or over the ceiling;
  or pain up from before the session by the rise or more. One level down (never below the
  first). At the week's `reds`-th red (Monday to Sunday), the alternative takes its place, or
  it is left out when it has none, with when to see a clinician: left out only where the
  person said it hurt (named, or `h`) in as many reds that week (chosen: a rating of the whole
  session steps every exercise down, but takes none away).
  Pain over the ceiling or up by the rise is red for every exercise the session did, whether
  or not it names one that hurt (chosen: the pain cannot be put down to one exercise for
  sure; when in doubt, ease off). An exercise named as hurt is red whatever the ratings.
- amber: pain after between green and the ceiling. The level holds, and the count of green
  sessions starts again (chosen: a step up needs green sessions in a row).
- green: pain after at or below green. Counted toward a step up if the exercise was done in
  full and the session's difficulty, where rated, was at most the plan's; a session rated
  harder holds the level and starts the count again. One green session a day counts (chosen:
  as reds, by day). At `sessions` in a row: one level up (never past the top).
- no pain rating after the session: nothing is known; nothing changes (chosen: a level is
  never raised on a session whose pain nobody rated).

A week's answer "pain got in the way" is red for the exercises that week's sessions held,
and for no other: a rating speaks only for what it rated. The plan's own decisions never
leave a routine with nothing to do: the exercise whose leaving out would empty one of the
plan's routines stays in instead (stepped down as any red, never below its first level),
and that is said (with when to get help). A change is said at the first session after it
that holds the exercise (`Progress.pending`), never at one that does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from stretchcli.model import Exercise, Routine
from stretchcli.plan import words
from stretchcli.plan.model import Ladder, Plan
from stretchcli.plan.standing import Change as Change
from stretchcli.plan.standing import Decision as Decision
from stretchcli.plan.standing import Note as Note
from stretchcli.plan.standing import Progress as Progress
from stretchcli.plan.standing import Rated as Rated
from stretchcli.plan.standing import Standing as Standing
from stretchcli.plan.standing import alive as alive
from stretchcli.plan.standing import done_on as done_on
from stretchcli.text import day_month, full_date


def stand_in(exercise: Exercise, plan: Plan, exercises: Mapping[str, Exercise]) -> Exercise | None:
    """The exercise that may be done in place of `exercise` (for an avoided movement, a
    second red in a week, or the `h` key): its alternative, unless the plan leaves out
    either of them (what it leaves out is never done, not even in another's place, and the
    alternative of one it leaves out is the reason why: a ball it has not got) or the
    alternative has an avoided movement too."""
    other = exercises.get(exercise.alternative or "")
    if other is None or exercise.id in plan.leave_out or other.id in plan.leave_out:
        return None
    return None if set(other.movements) & set(plan.avoid) else other


def routine_done(
    plan: Plan, routine: Routine, exercises: Mapping[str, Exercise]
) -> tuple[str, ...]:
    """What a session of `routine` does under the plan, as `stretch run` does it: each step
    but those the plan leaves out, one with an avoided movement as its stand-in (and not at
    all without one, or where the stand-in is in the session already)."""
    steps = [step.exercise for step in routine.steps if step.exercise in exercises]
    done: list[str] = []
    for name in steps:
        exercise = exercises[name]
        if name in plan.leave_out:
            continue
        if set(exercise.movements) & set(plan.avoid):
            other = stand_in(exercise, plan, exercises)
            if other is None or other.id in steps or other.id in done:
                continue
            exercise = other
        done.append(exercise.id)
    return tuple(done)


def plan_exercises(
    plan: Plan, routines: Mapping[str, Routine], exercises: Mapping[str, Exercise]
) -> tuple[str, ...]:
    """The exercises a plan does, each once, in order: its routines' steps (one the plan
    leaves out as itself, shown as left out; one with an avoided movement as its stand-in,
    or not at all), then any other it gives a level."""
    found: list[str] = []
    for name in plan.schedule.routines():
        routine = routines.get(name)
        for step in routine.steps if routine else ():
            exercise = exercises.get(step.exercise)
            if exercise is None:
                continue
            if exercise.id in plan.leave_out:
                pass  # left out as it is: not swapped for its alternative
            elif set(exercise.movements) & set(plan.avoid):
                other = stand_in(exercise, plan, exercises)
                if other is None:
                    continue
                exercise = other
            found.append(exercise.id)
    found += [name for name in plan.levels if name in exercises]
    return tuple(dict.fromkeys(found))


def start(
    plan: Plan,
    ladders: Mapping[str, Ladder],
    exercises: Mapping[str, Exercise],
    names: Sequence[str],
) -> dict[str, Standing]:
    """Where each exercise starts: the plan's level, else the lowest."""
    standings = {}
    for name in names:
        ladder = plan.ladder(name, ladders)
        level = plan.start(name, ladder)
        if name in plan.leave_out:
            reason = f"left out, as the plan says: {plan.leave_out[name]}"
            standings[name] = Standing(name, level, ladder.top, reason, left_out=True)
            continue
        if name in plan.levels:
            reason = f"starts at level {level} of {ladder.top}, as the plan says"
        elif ladder.top == 1:  # whose one level (attack 20, A3: the plan's was "its file's")
            reason = (
                "has one level, the plan's own dose"
                if name in plan.ladders
                else "its file's ladder has one level"
                if name in ladders
                else "has no ladder yet: its file's dose"
            )
        else:
            reason = f"starts at the lowest level of {ladder.top}"
        standings[name] = Standing(name, level, ladder.top, reason)
    return standings


def progress(
    plan: Plan,
    ladders: Mapping[str, Ladder],
    exercises: Mapping[str, Exercise],
    names: Sequence[str],
    sessions: Sequence[Rated],
    routines: Mapping[str, Sequence[str]] | None = None,
) -> Progress:
    """The standing of each exercise in `names` after `sessions` (those since the plan
    began), and the changes on the way. `routines`: what a session of each of the plan's
    routines does (`routine_done`), by id: none of them is ever left with nothing."""
    standings = start(plan, ladders, exercises, names)
    decisions: list[Decision] = []
    notes: list[Note] = []
    for session in sorted(sessions, key=lambda s: (s.at, s.uid)):
        for name in list(standings):
            if name not in session.tried and name not in session.hurt:
                continue
            if not standings[name].active:
                continue  # its alternative is done instead, or it is left out, until a new plan
            found = _verdict(plan, standings[name], session, exercises, ladders, standings)
            if found.standing.left_out and not standings[name].left_out:
                found = _kept(found, standings, routines or {}, session, exercises, plan)
            standings[name] = found.standing
            decisions += found.decisions
            notes += [Note(name, line, session.at, session.uid) for line in found.notes]
            if found.alternative is not None and found.alternative not in standings:
                standings.update(start(plan, ladders, exercises, [found.alternative]))
    return Progress(standings, tuple(decisions), tuple(notes))


def _emptied(
    name: str, standings: Mapping[str, Standing], routines: Mapping[str, Sequence[str]]
) -> str | None:
    """The first of `routines` that leaving `name` out would leave with nothing to do."""
    gone = {**standings, name: replace(standings[name], left_out=True, instead=None)}
    for routine, steps in routines.items():
        if any(alive(step, standings) for step in steps) and not any(
            alive(step, gone) for step in steps
        ):
            return routine
    return None


def _kept(
    found: _Found,
    standings: Mapping[str, Standing],
    routines: Mapping[str, Sequence[str]],
    session: Rated,
    exercises: Mapping[str, Exercise],
    plan: Plan,
) -> _Found:
    """`found` (an exercise the plan would leave out), unless that leaves one of the plan's
    routines with nothing: then the exercise stays, at its lowest level, and that is said
    instead of its leaving out."""
    standing = found.standing
    routine = _emptied(standing.exercise, standings, routines)
    if routine is None:
        return found
    exercise = exercises[standing.exercise]
    day = session.at.date()
    week = day.isocalendar()[:2]
    this_week = len({d for d in standing.reds if d.isocalendar()[:2] == week})
    monday = day - timedelta(days=day.weekday())
    reason = (
        f"kept in: {this_week} red sessions in the week of {full_date(monday)}, but it is "
        f"the last exercise of {routine} the plan has left"
    )
    worst = _worst(standing, week, plan)
    said = words.last_kept_said(
        exercise, routine, this_week, _week_of(day), worst, _all_named(standing, week)
    )
    kept = replace(standing, left_out=False, reason=reason)
    decisions = tuple(d for d in found.decisions if d.change != "alternative")
    return _Found(kept, decisions, notes=(*found.notes, said))


def _week_of(day: date) -> str:
    """'week of 30 Nov 2026': the week of `day`, by its Monday, as `stretch plan` says it."""
    return f"week of {full_date(day - timedelta(days=day.weekday()))}"


def _all_named(standing: Standing, week: tuple[int, int]) -> bool:
    """Whether every red day of `week` named the exercise as hurting."""
    reds = {d for d in standing.reds if d.isocalendar()[:2] == week}
    named = {d for d in standing.named if d.isocalendar()[:2] == week}
    return len(named) >= len(reds)


def _worst(standing: Standing, week: tuple[int, int], plan: Plan) -> int | None:
    """The highest pain after a red session of `week`, where it reached the ceiling."""
    pains = [p for d, p in standing.peaks if d.isocalendar()[:2] == week]
    worst = max(pains, default=None)
    return worst if worst is not None and worst >= plan.rules.ceiling.value else None


@dataclass(frozen=True)
class _Found:
    standing: Standing
    decisions: tuple[Decision, ...] = ()
    alternative: str | None = None
    notes: tuple[str, ...] = ()  # said at the next session, without a change of level


def _verdict(
    plan: Plan,
    standing: Standing,
    session: Rated,
    exercises: Mapping[str, Exercise],
    ladders: Mapping[str, Ladder],
    standings: Mapping[str, Standing],
) -> _Found:
    rules = plan.rules
    exercise = exercises[standing.exercise]
    ladder = plan.ladder(standing.exercise, ladders)
    band, why = session.light(plan.rules, standing.exercise, exercise.name)
    day = session.at.date()
    when = f"({full_date(day)})"
    if band is None:
        return _Found(replace(standing, reason=f"holds: {why} {when}"))
    if band == "amber":
        return _Found(replace(standing, greens=0, green_on=None, reason=f"holds: {why} {when}"))
    if band == "red":
        return _red(plan, standing, session, exercise, ladder, exercises, why, standings)
    difficulty = session.difficulty
    if difficulty is not None and difficulty > rules.difficulty.value:
        reason = (
            f"holds: difficulty {difficulty}/10 is over {rules.difficulty.value}, though {why} "
            f"{when}"
        )
        return _Found(replace(standing, greens=0, green_on=None, reason=reason))
    if standing.exercise not in session.done:
        return _Found(replace(standing, reason=f"holds: not done in full {when}"))
    held = session.held_at(standing.exercise, ladder.at(standing.level), exercise)
    if held:  # green at another dose than the level's says nothing of the level's own
        return _Found(replace(standing, reason=f"holds: {held} {when}"))
    # Green days, not sessions: three short runs in one afternoon are one day's load
    # (review 22, F8), as two reds on one day are one bad day.
    again = standing.green_on == day
    greens = standing.greens + (not again)
    standing = replace(standing, green_on=day)
    if standing.level >= ladder.top:  # no step to promise (attack 18, H2)
        reason = f"at the top of its ladder; {why} {when}"
        return _Found(replace(standing, greens=greens, reason=reason))
    if greens < rules.sessions.value:
        left = rules.sessions.value - greens
        more = f"{left} more green session{'s' if left > 1 else ''}"
        reason = (
            f"{why} {when}, a second that day: one a day counts; {more}, on other days, to step up"
            if again
            else f"{why} {when}: {more} to step up"
        )
        return _Found(replace(standing, greens=greens, reason=reason))
    level = standing.level + 1
    reason = f"up: {rules.sessions.value} green sessions in a row, the last {full_date(day)}"
    said = words.step_said(exercise, ladder.at(standing.level), ladder.at(level), "up")
    decision = Decision(
        standing.exercise, "up", standing.level, level, reason, said, session.at, session.uid
    )
    return _Found(replace(standing, level=level, greens=0, reason=reason), (decision,))


def _red(
    plan: Plan,
    standing: Standing,
    session: Rated,
    exercise: Exercise,
    ladder: Ladder,
    exercises: Mapping[str, Exercise],
    why: str,
    standings: Mapping[str, Standing],
) -> _Found:
    day = session.at.date()
    week = day.isocalendar()[:2]
    reds = (*standing.reds, day)
    after = session.pain_after
    peaks = standing.peaks if after is None else (*standing.peaks, (day, after))
    # Red days, not sessions: two on one day are one bad day (attack 18, H7).
    this_week = len({d for d in reds if d.isocalendar()[:2] == week})
    decisions: list[Decision] = []
    level = max(standing.level - 1, 1)
    named = standing.exercise in session.hurt and session.week is None
    if level < standing.level:
        reason = f"down: {why} ({full_date(day)})"
        said = words.step_said(
            exercise,
            ladder.at(standing.level),
            ladder.at(level),
            "down",
            _cause(plan, session, named),
        )
        decisions.append(
            Decision(
                standing.exercise,
                "down",
                standing.level,
                level,
                reason,
                said,
                session.at,
                session.uid,
            )
        )
    else:
        reason = f"at the lowest level: {why} ({full_date(day)})"
    named_on = (*standing.named, day) if named else standing.named
    standing = replace(
        standing,
        level=level,
        greens=0,
        green_on=None,
        reds=reds,
        peaks=peaks,
        named=named_on,
        reason=reason,
    )
    instead = stand_in(exercise, plan, exercises)
    other = standings.get(instead.id) if instead is not None else None
    if other is not None and not other.active:
        instead = None  # its alternative is left out (or swapped) itself: none is left
    # Left out with no alternative only for what the person said hurt (named, or the `h`
    # key) in as many of the week's reds: a rating of the whole session steps it down, but
    # does not take away an exercise that did not hurt (the squeeze went for good after two
    # sessions rated red for their pain, and never hurt).
    named_reds = len({d for d in named_on if d.isocalendar()[:2] == week})
    blamed = instead is not None or named_reds >= plan.rules.reds.value
    if this_week < plan.rules.reds.value or not standing.active or not blamed:
        # At the lowest level there is no step down to say: that it hurt is said instead
        # (only where the person said so: a rating of the whole session is not about it).
        hurt = not decisions and named and standing.active
        notes: tuple[str, ...] = (words.still_hurt_said(exercise, instead),) if hurt else ()
        if not blamed and this_week >= plan.rules.reds.value and standing.active:
            worst = _worst(standing, week, plan)
            notes += (
                words.rated_red_said(exercise, this_week, _week_of(day), worst, bool(decisions)),
            )
        return _Found(standing, tuple(decisions), notes=notes)
    none = _none_said(exercise, plan, exercises, standings)
    said = words.alternative_said(
        exercise,
        instead,
        this_week,
        _week_of(day),
        _worst(standing, week, plan),
        _all_named(standing, week),
        none,
    )
    monday = day - timedelta(days=day.weekday())
    count = f"{this_week} red sessions in the week of {full_date(monday)}"
    if instead is None:
        reason = f"left out: {count}, and {none}"
        standing = replace(standing, left_out=True, reason=reason)
    else:
        reason = f"{instead.name} in its place: {count}"
        standing = replace(standing, instead=instead.id, reason=reason)
    decisions.append(
        Decision(
            standing.exercise,
            "alternative",
            standing.level,
            standing.level,
            reason,
            said,
            session.at,
            session.uid,
            alternative=None if instead is None else instead.id,
        )
    )
    alternative = None if instead is None or instead.id in standings else instead.id
    return _Found(standing, tuple(decisions), alternative)


def _none_said(
    exercise: Exercise,
    plan: Plan,
    exercises: Mapping[str, Exercise],
    standings: Mapping[str, Standing],
) -> str:
    """Why no exercise takes the place of `exercise` (`stand_in` found none): 'it has no
    alternative' only where its file gives none; else what keeps the one it gives out."""
    other = exercises.get(exercise.alternative or "")
    if other is None:
        return "it has no alternative"
    if other.id in plan.leave_out:
        return f"your plan leaves out its alternative, {other.name}"
    avoided = [m for m in other.movements if m in plan.avoid]
    if avoided:
        return f"its alternative, {other.name}, has a movement your plan avoids ({avoided[0]})"
    return f"its alternative, {other.name}, is not done now either"


def _cause(plan: Plan, session: Rated, named: bool) -> str:
    """Why an exercise steps down, as said at the next session that holds it."""
    if session.week is not None:
        return f"Pain got in the way in the week of {day_month(session.week)}"
    if named:
        return "It hurt last time"
    before, after = session.pain_before, session.pain_after
    if after is not None and after >= plan.rules.ceiling.value:
        rating = f"pain {after}/10 after it"
    else:
        rating = f"pain from {before} to {after}/10"
    return f"The last session with it was rated red ({rating})"
