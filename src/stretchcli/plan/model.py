"""The plan as frozen data: which routine on which day, each exercise's ladder of doses and
where it starts on it, and the rules (each number with where it comes from). No I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, NamedTuple

from stretchcli.model import DoseChange, Movement
from stretchcli.model import Ladder as Ladder
from stretchcli.model import Level as Level

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Band = Literal["green", "amber", "red"]  # the traffic light of pain
MAX_LEVELS = 20  # chosen: a ladder longer than this is a typo, not a plan


WRITER = "stretch start, from your answers"  # the `written_by` of a plan `start` made


@dataclass(frozen=True)
class Threshold:
    """One number of the rules: its value, the pages it comes from, and how (`chosen`: the
    value is ours, and `why` says why; else `why` says what the source gives)."""

    value: int
    sources: tuple[str, ...]
    why: str
    chosen: bool = False


@dataclass(frozen=True)
class Rules:
    """How pain and difficulty move an exercise on its ladder."""

    sessions: Threshold  # green sessions in a row (one a day) at a level before a step up
    difficulty: Threshold  # the most difficulty (0-10) of a session that counts toward it
    green: Threshold  # pain after a session at or below this: green
    ceiling: Threshold  # pain after a session at or above this: red
    rise: Threshold  # pain up by this much or more from before the session: red
    reds: Threshold  # red sessions of an exercise in one week before its alternative

    def meaning(self, name: str) -> str:
        """What a rule's number does, in a few words ('red at 6/10 or more'): a ceiling is
        already red, which a clinician used to models that accept it may not expect."""
        value = getattr(self, name).value
        return {
            "sessions": f"up after {value} green sessions in a row, one a day",
            "difficulty": f"up only after a session rated {value}/10 hard or less",
            "green": f"green at 0-{value}/10",
            "ceiling": f"red at {value}/10 or more",
            "rise": f"red when pain rises by {value} or more, past green",
            "reds": f"{value} red days in a week bring the alternative",
        }[name]

    def too_much(self, before: int | None, after: int | None) -> Literal["ceiling", "rise"] | None:
        """Why a session's pain after it is red: at or over the ceiling, or up by the rise
        from before to above the green band; None when it is not (or not rated). Chosen: a
        rise that ends in the green band (0 to 2, then 2) is not too much, as the plan's own
        green band calls that pain fine and no pain rule counts it."""
        if after is None:
            return None
        if after >= self.ceiling.value:
            return "ceiling"
        risen = before is not None and after - before >= self.rise.value
        return "rise" if risen and after > self.green.value else None

    def band(self, pain: int) -> Band:
        """The traffic light of a pain rating (0-10)."""
        if pain >= self.ceiling.value:
            return "red"
        if pain <= self.green.value:
            return "green"
        return "amber"


# An exercise without a ladder stays at its file's dose: one level, nothing to climb.
NO_LADDER = Ladder(
    (Level(DoseChange(), why="the exercise file's own dose: it has no ladder yet"),), by=""
)


@dataclass(frozen=True)
class Schedule:
    """Which routines a day brings: for each weekday one or more, in order (a weekday listed
    twice has two; days without one are rest days), or a rotation (the next in turn,
    whichever the day)."""

    days: tuple[tuple[Weekday, str], ...] = ()
    rotation: tuple[str, ...] = ()

    def routines(self) -> tuple[str, ...]:
        """Every routine the plan uses, each once, in the plan's order."""
        return tuple(dict.fromkeys([*(r for _, r in self.days), *self.rotation]))

    def by_day(self) -> dict[Weekday, tuple[str, ...]]:
        """Each weekday with a routine and its routines, in order."""
        found: dict[Weekday, tuple[str, ...]] = {}
        for day, routine in self.days:
            found[day] = (*found.get(day, ()), routine)
        return found

    def routine_on(self, day: date, done: int, done_today: Collection[str] = ()) -> str | None:
        """The routine of `day` (None: a rest day), `done` sessions of the plan so far: on a
        day of two routines, the first not in `done_today` (the routines done that day), and
        the last again once all are done (chosen): `stretch start` puts strengthening first,
        and a second strengthening session in a day is more than the plan sets, while
        stretching may be daily."""
        if self.rotation:
            return self.rotation[done % len(self.rotation)]
        todays = self.by_day().get(WEEKDAYS[day.weekday()], ())
        left = [
            r for r, done in zip(todays, done_flags(todays, done_today), strict=True) if not done
        ]
        return left[0] if left else todays[-1] if todays else None


def done_flags(routines: Sequence[str], done: Collection[str]) -> list[bool]:
    """Whether each of a day's routines, in order, is done, with `done` the routine of each
    session done that day: a routine listed twice is done twice over only after two of its
    sessions (attack 16, H4: one session marked both done)."""
    left = Counter(done)
    flags = []
    for routine in routines:
        flags.append(left[routine] > 0)
        left[routine] -= 1
    return flags


@dataclass(frozen=True)
class Plan:
    """A plan, whether `stretch start` wrote it or a physiotherapist did: the same data."""

    schedule: Schedule
    rules: Rules
    levels: Mapping[str, int] = field(default_factory=dict)  # where an exercise starts
    ladders: Mapping[str, Ladder] = field(default_factory=dict)  # the plan's own ladders
    avoid: tuple[Movement, ...] = ()
    leave_out: Mapping[str, str] = field(default_factory=dict)  # exercise: why it is left out
    weekly_goal: int | None = None  # None: its days' sessions (`goal`)
    review: date | None = None
    written_by: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    origin: Path | None = None
    fingerprint: str = ""  # of what decides its levels (files/planfile.py): a change starts again

    def over_ceiling(self, routine: str, pain_after: int | None) -> bool:
        """Whether a session of `routine` is flagged for its pain: one of the plan's routines,
        its pain after at or over the ceiling (as `history` and the report flag it)."""
        return (
            pain_after is not None
            and pain_after >= self.rules.ceiling.value
            and routine in self.schedule.routines()
        )

    def goal(self, default: int) -> int:
        """Sessions a week to aim for: the plan's own goal; else the sessions its days bring
        (a day of two routines counts 2); else, for a rotation, `default` (the config's)."""
        if self.weekly_goal:
            return self.weekly_goal
        return len(self.schedule.days) or default

    def ladder(self, exercise: str, files: Mapping[str, Ladder]) -> Ladder:
        """The exercise's ladder: the plan's own, else its exercise file's (`files`, as
        `plan.levels.file_ladders` gathers them), else one level."""
        return self.ladders.get(exercise) or files.get(exercise) or NO_LADDER

    def start(self, exercise: str, ladder: Ladder) -> int:
        """The level the exercise starts at: the plan's, else the lowest (kept on the ladder)."""
        return min(max(self.levels.get(exercise, 1), 1), ladder.top)


class LastPain(NamedTuple):
    """A recent session's pain before and after it, and when it began (local)."""

    before: int | None
    after: int
    at: datetime
