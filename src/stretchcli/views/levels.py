"""The plan's records in `stretch history`: each level change (the exercises that changed
alike after one session on one line) and each answer about a week that fell short, oldest
first, the latest few; `history --json` has them all. Pure, readable without colour."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from datetime import datetime

from rich.console import Group, RenderableType
from rich.text import Text

from stretchcli.history.barriers import Answer
from stretchcli.history.levels import LevelChange, alike, why
from stretchcli.text import day_month, moment, one_line, plural
from stretchcli.views.history import GAP, Fitted

SHOWN = 10  # chosen: as many as the recent sessions
MIN_WRAP = 20  # columns: narrower than this, a line wraps past the edge instead
HEADING = "Levels and answers"


def plan_lines(
    changes: Sequence[LevelChange], answers: Sequence[Answer], name: Callable[[str], str]
) -> list[tuple[datetime, str]]:
    """Each change (alike ones as one) and answer as (when, line), oldest first; `name`
    names an exercise."""
    found = [
        (change.at, f"{', '.join(map(name, names))}{_levels(change)}: {why(change)}")
        for change, names in alike(changes)
    ]
    found += [(answer.at, answer_line(answer)) for answer in answers]
    return sorted(found, key=lambda pair: pair[0])


def _levels(change: LevelChange) -> str:
    """' 1 → 2', ' at level 1' (a start); none for a swap or an exercise left out, whose
    reason says so (it has no level of its own then)."""
    if change.change == "alternative":
        return ""
    if change.before is None:
        return f" at level {change.level}"
    return f" {change.before} → {change.level}"


def answer_line(answer: Answer) -> str:
    """'The week of 16 Nov fell short (2 of 3 sessions); what got in the way: no time'."""
    said = answer.barrier or "not answered"
    short = f"{answer.sessions} of {plural(answer.goal, 'session')}"
    return f"The week of {day_month(answer.week)} fell short ({short}); what got in the way: {said}"


def plan_block(lines: Sequence[tuple[datetime, str]], shown: int = SHOWN) -> RenderableType:
    """The section of `history`: its heading, then the latest `shown` lines, each with when."""
    earlier = len(lines) - shown
    parts: list[RenderableType] = [Text(HEADING, style="bold underline")]
    if earlier > 0:
        more = plural(earlier, "earlier one")
        parts.append(Text(f"({more}: stretch history --json)", style="dim"))
    latest = [(moment(at), one_line(line)) for at, line in lines[-shown:]]
    size = max(len(when) for when, _ in latest) if latest else 0

    def draw(width: int) -> RenderableType:
        drawn = Text()
        for n, (when, line) in enumerate(latest):
            room = max(width - size - len(GAP), MIN_WRAP)  # a long line wraps under itself
            wrapped = textwrap.wrap(line, room) or [""]
            drawn.append("\n" if n else "")
            drawn.append(when.ljust(size), style="dim")
            drawn.append(GAP + wrapped[0])
            for more in wrapped[1:]:
                drawn.append("\n" + " " * (size + len(GAP)) + more)
        return drawn

    return Group(*parts, Fitted(draw))
