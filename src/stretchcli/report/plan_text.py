"""The plan's part of the report in words and tables, shared by Markdown and HTML (and its
record, for JSON): what the plan is, sentences a physiotherapist reads in seconds, the weeks
planned against done, each exercise's level over time and every change with its reason, the
sessions whose pain reached the ceiling."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from stretchcli.history.levels import LevelChange, alike, why
from stretchcli.plan.review import review_due
from stretchcli.report.formats import Table, when
from stretchcli.report.model import Names
from stretchcli.report.plan import Climb, PlanPart, PlanWeek
from stretchcli.text import dated, full_date, pain_text, plural

LIGHTS = ("green", "amber", "red")
SKIPPED = "skipped the question"


MANY_SWAPS = "swaps for an alternative"


def plan_line(part: PlanPart, names: Names) -> str:
    """'Desk upper back on Mon, Wed and Fri; goal 3 sessions a week; pain ceiling 6/10 (red
    at 6/10 or more); written by A. Physio; begun on 2 Nov 2026; review on 14 Dec 2026' (or
    that there is no plan now)."""
    plan = part.plan
    if plan is None:
        return "No plan now: the level changes and answers below are from an earlier plan."
    schedule = plan.schedule
    if schedule.rotation:
        routines = "in turn: " + ", ".join(map(names.routine, schedule.rotation))
    else:
        by_routine: dict[str, dict[str, int]] = {}
        for day, routine in schedule.days:
            days = by_routine.setdefault(routine, {})
            days[day.capitalize()] = days.get(day.capitalize(), 0) + 1
        routines = "; ".join(
            f"{names.routine(r)} on {_and([_times(day, n) for day, n in d.items()])}"
            for r, d in by_routine.items()
        )
    parts = [
        routines,
        f"goal {plural(part.goal, 'session')} a week",
        f"pain ceiling {plan.rules.ceiling.value}/10 ({plan.rules.meaning('ceiling')})",
    ]
    if plan.written_by:
        parts.append(f"written by {plan.written_by}")
    # When it began, and from when this report counts it (the period's first day, the week
    # of the first session, can be later than the plan's start).
    begun = part.begun or part.since
    counted = f", counted here from {dated(part.since, part.year)}" if part.since != begun else ""
    parts.append(f"begun on {full_date(begun)}{counted}")
    if plan.review is not None:
        due = part.today is not None and review_due(plan, part.today)
        passed = ", which has come: time to look at the plan again" if due else ""
        parts.append(f"review on {full_date(plan.review)}{passed}")
    return "; ".join(parts) + "."


_WEEK = timedelta(days=7)


def _times(day: str, times: int) -> str:
    """'Mon', or 'Mon (twice)' for a day that lists the routine twice (review 24, F10)."""
    return day if times == 1 else f"{day} ({'twice' if times == 2 else f'{times} times'})"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plan_sentences(part: PlanPart, names: Names) -> list[str]:
    """The plan's summary: planned against done, the level changes, the ceiling, the answers."""
    said = []
    if part.plan is not None:
        planned = sum(w.planned for w in part.weeks)
        done = sum(w.done for w in part.weeks)
        partial = sum(w.partial for w in part.weeks)
        ended = [w for w in part.weeks if part.today is None or w.monday + _WEEK <= part.today]
        short = sum(1 for w in ended if w.counted < part.goal)  # as the weekly goal counts
        weeks = f", short in {plural(short, 'week')}" if short else ""
        some = f" ({partial} partial)" if partial else ""
        if planned:
            said.append(f"Plan: {done} of {plural(planned, 'planned session')} done{some}{weeks}.")
        else:  # a plan adopted on a rest day, today
            said.append(f"Plan: no session planned yet; {plural(done, 'session')} done{some}.")
    changes = [c for c in part.changes]
    if changes:
        said.append(f"Levels: {levels_said(changes, names)}.")
    else:
        said.append("Levels: no change in this period.")
    if part.ceiling is not None:
        if part.flags:
            times = "once" if len(part.flags) == 1 else f"{len(part.flags)} times"
            said.append(
                f"Pain after a session reached the plan's ceiling of {part.ceiling}/10 "
                f"{times}: see below."
            )
        else:
            said.append(
                f"Pain after a session stayed under the plan's ceiling of {part.ceiling}/10."
            )
    if part.answers:
        said.append(
            "What got in the way of short weeks: "
            + "; ".join(
                f"{_answer(a.barrier)} (week of {dated(a.week, part.year)})" for a in part.answers
            )
            + "."
        )
    return said


def levels_said(changes: Sequence[LevelChange], names: Names) -> str:
    """The period's changes counted by kind, a swap and an exercise left out apart, each of
    those two named: '3 step ups, 1 step down, 1 swap for an alternative (Rhomboid stretch
    for Ball pressure), 2 left out (Chin tuck, Seated row)'."""
    swaps = [c for c in changes if c.change == "alternative" and c.alternative is not None]
    left = [c for c in changes if c.change == "alternative" and c.alternative is None]
    parts = [
        plural(n, words)
        for n, words in (
            (sum(c.change == "up" for c in changes), "step up"),
            (sum(c.change == "down" for c in changes), "step down"),
        )
        if n
    ]
    if swaps:
        named = ", ".join(
            f"{names.exercise(c.exercise)} for {names.exercise(c.alternative or '')}" for c in swaps
        )
        parts.append(f"{plural(len(swaps), 'swap for an alternative', MANY_SWAPS)} ({named})")
    if left:
        named = ", ".join(names.exercise(c.exercise) for c in left)
        parts.append(f"{len(left)} left out with nothing in its place ({named})")
    return ", ".join(parts)


def _answer(barrier: str | None) -> str:
    return SKIPPED if barrier is None else barrier


def planned_table(part: PlanPart) -> Table:
    """Week by week since the plan began: planned, done (a routine once a day; those where
    no run did all of it, partial), the traffic light of each one's pain after, and what got
    in the way."""
    return Table(
        ("week of", "planned", "done", "green", "amber (held)", "red", "got in the way"),
        "-nncccl",
        tuple(_week_row(w, part.year) for w in part.weeks),
    )


def _week_row(week: PlanWeek, year: int | None) -> tuple[str, ...]:
    answer = week.answer
    said = "-" if answer is None else _answer(answer.barrier)
    return (
        dated(week.monday, year),
        str(week.planned),
        f"{week.done} ({week.partial} partial)" if week.partial else str(week.done),
        *(str(n) for n in week.light),
        said,
    )


def climb_table(part: PlanPart, names: Names) -> Table:
    """Each exercise's level over the period: at its start, each change, now, and its dose
    now."""
    return Table(
        ("exercise", "level at the start", "changes", "level now", "dose now"),
        "-n-nl",
        tuple(
            (
                names.exercise(c.exercise),
                str(c.first),
                " → ".join([str(c.first), *(_step(x, part.year, names) for x in c.changes)])
                if c.changes
                else "-",
                _now(c, names),
                part.doses.get(c.exercise, "-"),
            )
            for c in part.climbs
        ),
    )


def _now(climb: Climb, names: Names) -> str:
    """The level now, or that the exercise was swapped or left out."""
    replaced = climb.replaced
    if replaced is None:
        return str(climb.now)
    if replaced.alternative:
        return f"swapped for {names.exercise(replaced.alternative)}"
    return "left out"


def _step(change: LevelChange, year: int | None, names: Names) -> str:
    """A change in the Levels table: its level, or the alternative by its name (attack 18,
    H14: by its id), with its day."""
    on = dated(change.at.date(), year)
    if change.change == "alternative":
        instead = names.exercise(change.alternative) if change.alternative else "left out"
        return f"{instead} ({on})"
    return f"{change.level} ({on})"


def change_table(part: PlanPart, names: Names) -> Table:
    """Every change of the period with its reason, oldest first; the exercises that changed
    alike after one session share a row."""
    rows = tuple(
        (
            when(c.at.isoformat(timespec="seconds"), part.year),
            ", ".join(map(names.exercise, exercises)),
            level_shown(c),
            why(c),
        )
        for c, exercises in alike(part.changes)
    )
    return Table(("after the session of", "exercises", "level", "why"), "--n-", rows)


def level_shown(change: LevelChange) -> str:
    """'1 → 2', '3' (a start), '-' (an alternative: no level of its own)."""
    if change.change == "alternative":
        return "-"
    if change.before is None:
        return str(change.level)
    return f"{change.before} → {change.level}"


def flag_table(part: PlanPart, names: Names) -> Table:
    """The sessions whose pain after reached the ceiling."""
    return Table(
        ("when", "routine", "pain"),
        "--l",
        tuple(
            (
                when(f.started_at, part.year),
                names.routine(f.routine),
                pain_text(f.pain_before, f.pain_after),
            )
            for f in part.flags
        ),
    )


# What the counts of "Planned and done" mean, said under it (review 24, F5: a red week with
# pain after under the ceiling, and "partial", were left to guess).
PLANNED_NOTE = (
    "Done: sessions of the plan's routines, counted as the weekly goal counts them; partial: "
    "those that did not do all of the routine's steps (--only, --skip, or ended early). "
    "Green, amber and red rate every session of the plan's routines, done or not, by the "
    "plan's pain rule for the pain after it; a session where an exercise hurt is red whatever "
    "its pain after, so red can be more than done."
)


def plan_tables(part: PlanPart, names: Names) -> list[tuple[str, str, Table, str]]:
    """The plan's tables as (id, heading, table, a note said under it, or ''), in the
    report's order; the ceiling's only where a session reached it."""
    tables = []
    if part.plan is not None:
        tables.append(("planned", "Planned and done", planned_table(part), PLANNED_NOTE))
    tables.append(("levels", "Levels", climb_table(part, names), ""))
    if part.changes:
        tables.append(("changes", "Level changes and why", change_table(part, names), ""))
    if part.flags:
        ceiling = f"Pain at or over the ceiling ({part.ceiling}/10)"
        tables.append(("ceiling", ceiling, flag_table(part, names), ""))
    return tables


def plan_record(part: PlanPart, names: Mapping[str, str]) -> dict[str, object]:
    """The plan's part as JSON-ready data (the report's `plan`)."""
    plan = part.plan
    return {
        "written_by": (plan.written_by or None) if plan else None,
        "review": plan.review.isoformat() if plan and plan.review else None,
        "review_due": bool(plan and part.today and review_due(plan, part.today)),
        "begun": (part.begun or part.since).isoformat(),
        "routines": list(plan.schedule.routines()) if plan else [],
        "weekly_goal": part.goal,
        "ceiling": part.ceiling,
        "since": part.since.isoformat(),
        "weeks": [
            {
                "week_of": w.monday.isoformat(),
                "planned": w.planned,
                "done": w.done,
                "partial": w.partial,
                **dict(zip(LIGHTS, w.light, strict=True)),
                "got_in_the_way": None if w.answer is None else w.answer.barrier,
                "asked": w.answer is not None,
            }
            for w in part.weeks
        ],
        "levels": [
            {
                "exercise": c.exercise,
                "name": names.get(c.exercise),
                "first": c.first,
                "now": None if c.replaced else c.now,
                "left_out": bool(c.replaced and not c.replaced.alternative),
                "swapped_for": c.replaced.alternative if c.replaced else None,
                "dose_now": part.doses.get(c.exercise),
                "changes": [{**x.record(), "why": why(x)} for x in c.changes],
            }
            for c in part.climbs
        ],
        "answers": [a.exported() for a in part.answers],
        "over_ceiling": [
            {
                "started_at": f.started_at,
                "routine": f.routine,
                "pain_before": f.pain_before,
                "pain_after": f.pain_after,
            }
            for f in part.flags
        ],
    }
