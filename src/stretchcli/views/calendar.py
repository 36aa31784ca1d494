"""The history's calendar: a column per week, a row per weekday, each day's minutes drawn
as a cell that tells its level without colour; a pure function of the days and today."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from stretchcli.text import MONTHS

# minutes stretched on a day -> (cell, style); the cell alone tells the level without colour
LEVELS = ((0, "·", "dim"), (1, "░", "green"), (5, "▒", "green"), (10, "▓", "bold green"),
          (20, "█", "bold green"))  # fmt: skip
WEEKS = 12


def _level(minutes: float) -> tuple[str, str]:
    if minutes <= 0:
        return LEVELS[0][1], LEVELS[0][2]
    chosen = LEVELS[1]
    for level in LEVELS[1:]:
        if minutes >= level[0]:
            chosen = level
    return chosen[1], chosen[2]


def calendar(days: dict[date, float], today: date, weeks: int = WEEKS) -> Text:
    """A contribution-style grid: a column per week (oldest left), a row per weekday (its
    legend is `LEGEND`)."""
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    text = Text()
    months = [" "] * (weeks * 2 + 2)
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        start = week * 2
        if (week == 0 or monday.day <= 7) and months[max(0, start - 1)] == " ":
            months[start : start + 3] = MONTHS[monday.month - 1]
    text.append("     " + "".join(months).rstrip(), style="dim")
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        row = Text(f"{name:<4}", style="dim")
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            cell, style = _level(days.get(day, 0.0)) if day <= today else (" ", "")
            row.append(" ")
            row.append(cell, style=style)
        row.rstrip()  # no spaces at the ends of lines
        text.append("\n")
        text.append_text(row)
    return text


LEGEND = ("· none", "░ under 5 min", "▒ 5-9", "▓ 10-19", "█ 20 or more")
