"""What `stretch plan` says, as one view model made from the plan and its progress, rendered
as JSON or as plain lines (so that the two cannot disagree). No rich, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from stretchcli.history.levels import LevelChange
from stretchcli.history.plan_follow import Followed
from stretchcli.model import Exercise
from stretchcli.plan.engine import Standing, done_on
from stretchcli.plan.model import WEEKDAYS, Ladder, Level, Plan, Threshold
from stretchcli.plan.review import review_due
from stretchcli.plan.rules import RULE_KEYS
from stretchcli.plan.words import day_said, goal_text, level_text
from stretchcli.text import Align, full_date, plural, wrapped
from stretchcli.views.table import table

SHOWN_CHANGES = 10  # chosen: the latest weeks' changes; --json has them all


@dataclass(frozen=True)
class ExerciseRow:
    """An exercise of the plan: where it stands on its ladder, and why."""

    exercise: Exercise
    standing: Standing
    ladder: Ladder

    @property
    def level(self) -> Level:
        """Its level now."""
        return self.ladder.at(self.standing.level)

    def dose(self, exercises: Mapping[str, Exercise]) -> str:
        """What is done now, in a few words."""
        standing = self.standing
        if standing.instead is not None:
            instead = exercises.get(standing.instead)
            return f"{instead.name if instead else standing.instead} instead"
        if standing.left_out:
            return "left out"
        return level_text(self.level, self.exercise)

    def json(self) -> dict[str, object]:
        """The exercise's entry in `plan --json`."""
        standing, level = self.standing, self.level
        dose = level.exercise(self.exercise).dose
        return {
            "exercise": self.exercise.id,
            "name": self.exercise.name,
            "level": standing.level,
            "top": standing.top,
            "hold": dose.hold,
            "reps": dose.reps,
            "sets": dose.sets,
            "variant": level.variant,
            "ladder_by": self.ladder.by or None,
            "source": level.source or None,
            "level_why": level.why or None,
            "reason": standing.reason,
            "green_sessions": standing.greens,
            "instead": standing.instead,
            "left_out": standing.left_out,
        }


@dataclass(frozen=True)
class PlanPage:
    """`stretch plan`."""

    plan: Plan
    path: Path
    today: date
    routine_today: str | None
    weekly_goal: int
    followed: Followed
    rows: tuple[ExerciseRow, ...]
    exercises: Mapping[str, Exercise]

    @property
    def routines_today(self) -> tuple[str, ...]:
        """Today's routines, in the plan's order: its weekday's (none on a rest day), or the
        one next in turn."""
        schedule = self.plan.schedule
        if schedule.rotation:
            return (self.routine_today,) if self.routine_today else ()
        return schedule.by_day().get(WEEKDAYS[self.today.weekday()], ())

    def next_said(self) -> tuple[str, ...]:
        """What the next session starts with, as `stretch run` says it: nothing of what it
        leaves out as done earlier today (review 18, F10)."""
        routine = self.routine_today
        return self.followed.said_next(routine, self.followed.done_earlier(routine, self.today))

    @property
    def review_due(self) -> bool:
        """Whether the plan's review date has come."""
        return review_due(self.plan, self.today)

    def json(self) -> dict[str, object]:
        """The `plan --json` object."""
        plan = self.plan
        schedule = plan.schedule
        return {
            "path": str(self.path),
            "written_by": plan.written_by or None,
            "review": plan.review.isoformat() if plan.review else None,
            "review_due": self.review_due,
            "days": (
                {
                    day: routines[0] if len(routines) == 1 else list(routines)
                    for day, routines in schedule.by_day().items()
                }
                if schedule.days
                else None
            ),
            "rotation": list(schedule.rotation) if schedule.rotation else None,
            "today": {
                "date": self.today.isoformat(),
                "routine": self.routine_today,
                "routines": list(self.routines_today),
            },
            "weekly_goal": self.weekly_goal,
            "avoid": list(plan.avoid),
            "leave_out": dict(plan.leave_out),
            "since": self.followed.since.isoformat(),
            "sessions": len(self.followed.sessions),
            "exercises": [row.json() for row in self.rows],
            "next_session": list(self.next_said()),
            "rules": {
                key.name: {
                    **_threshold(getattr(plan.rules, key.name)),
                    "meaning": plan.rules.meaning(key.name),
                }
                for key in RULE_KEYS
            },
            "changes": [change.record() for change in self.followed.changes],
            "notes": list(plan.notes),
            "sources": list(plan.sources),
        }

    def lines(self, width: int = 0) -> list[str]:
        """The plan as plain lines: who wrote it, its routines, each exercise's level and why,
        what the next session starts with, the rules with their sources (each on a line of
        its own), the notes; wrapped at words to `width` (0: not), the table's rows kept
        whole and an address never broken."""
        plan = self.plan
        head = [f"Plan: {self.path}"]
        by = [f"written by {plan.written_by}"] if plan.written_by else []
        if plan.review is not None:
            due = " (due: time to look at the plan again)" if self.review_due else ""
            by.append(f"review on {full_date(plan.review)}{due}")
        if by:
            head.append(" · ".join(by)[:1].upper() + " · ".join(by)[1:])
        head.append("Routines: " + _schedule(plan))
        weekday = WEEKDAYS[self.today.weekday()]
        todays = self.routines_today
        done = done_on(self.followed.sessions, self.today)
        said = day_said(todays, done, self.routine_today) if todays else "a rest day"
        head.append(f"Today ({weekday}): {said}")
        goal = f"Weekly goal: {goal_text(self.weekly_goal, len(plan.schedule.by_day()))}"
        if plan.avoid:
            goal += " · avoid: " + ", ".join(plan.avoid)
        head.append(goal)
        # As the weekly goal counts them: no answer about a week, none that finished nothing
        # (verify 25, V3: every stored row was counted).
        counted = sum(1 for s in self.followed.sessions if s.counts)
        count = plural(counted, "session")
        head.append(f"Since {full_date(self.followed.since.date())}: {count}")
        cells = [
            [
                row.exercise.name,
                # Swapped or left out, it has no level in the plan now (its dose says why).
                "-"
                if row.standing.left_out or row.standing.instead is not None
                else f"{row.standing.level}/{row.standing.top}",
                row.dose(self.exercises),
            ]
            for row in self.rows
        ]
        align: tuple[Align, ...] = ("left", "right", "left")
        head_, rule, *rows = table(["exercise", "level", "dose"], cells, align, 2, 0)
        lines = [head[0], *wrapped(head[1:], width), "", head_, rule]  # the path kept whole
        for line, row in zip(rows, self.rows, strict=True):
            lines += [line, *wrapped([f"  {row.standing.reason}"], width)]
        lines += wrapped(self._after_table(), width)
        return lines

    def _after_table(self) -> list[str]:
        plan = self.plan
        lines: list[str] = []
        moved = [c for c in self.followed.changes if c.change != "start"]
        if moved:
            lines += ["", "Changes since the plan began:"]
            if len(moved) > SHOWN_CHANGES:
                earlier = len(moved) - SHOWN_CHANGES
                lines.append(f"  ({plural(earlier, 'earlier change')}: stretch plan --json)")
            lines += [f"  {change_line(c, self.exercises)}" for c in moved[-SHOWN_CHANGES:]]
        said = self.next_said()
        if said:
            lines += ["", "The next session starts with:", *(f"  {line}" for line in said)]
        lines += ["", "Rules:"]
        for key in RULE_KEYS:
            threshold: Threshold = getattr(plan.rules, key.name)
            meaning = plan.rules.meaning(key.name)
            lines.append(f"  {key.name} {threshold.value} ({meaning}): {threshold.why}")
            lines += [f"      {source}" for source in threshold.sources]
        if plan.notes:
            lines += ["", "Notes:", *(f"  - {note}" for note in plan.notes)]
        if plan.sources:
            lines += ["", "The plan's sources:", *(f"  {source}" for source in plan.sources)]
        return lines


def _schedule(plan: Plan) -> str:
    schedule = plan.schedule
    if schedule.rotation:
        return "in turn: " + ", ".join(schedule.rotation)
    return " · ".join(
        f"{day} {' + '.join(routines)}" for day, routines in schedule.by_day().items()
    )


def _threshold(threshold: Threshold) -> dict[str, object]:
    return {
        "value": threshold.value,
        "sources": list(threshold.sources),
        "why": threshold.why,
        "chosen": threshold.chosen,
    }


def plan_page(
    plan: Plan,
    path: Path,
    followed: Followed,
    ladders: Mapping[str, Ladder],
    exercises: Mapping[str, Exercise],
    today: date,
    routines_done: int,
    weekly_goal: int,
) -> PlanPage:
    """The page of a plan and its progress on `today`, `routines_done` sessions of it so far."""
    rows = tuple(
        ExerciseRow(exercises[name], standing, plan.ladder(name, ladders))
        for name, standing in followed.progress.standings.items()
        if name in exercises
    )
    return PlanPage(
        plan,
        path,
        today,
        plan.schedule.routine_on(today, routines_done, done_on(followed.sessions, today)),
        plan.goal(weekly_goal),
        followed,
        rows,
        exercises,
    )


def change_line(change: LevelChange, exercises: Mapping[str, Exercise]) -> str:
    """A stored change in one line: '6 Nov 2026 Rhomboid stretch 1 -> 2: up: ...'."""
    exercise = exercises.get(change.exercise)
    name = exercise.name if exercise else change.exercise
    if change.before is not None and change.change != "alternative":
        name += f" {change.before} -> {change.level}"
    return f"{full_date(change.at.date())} {name}: {change.reason}"
