"""`stretch history` drawn with rich: sessions, streaks, a calendar and the pain trend.

Pure functions of the sessions summed up day by day, the latest few sessions and today's
date; readable without colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stretchcli.files.config import WEEKLY_GOAL
from stretchcli.history.weeks import by_week
from stretchcli.records import Day, Outcome, Session, Via
from stretchcli.text import clock, day_month, one_line, pain_text, plural

# minutes stretched on a day -> (cell, style); the cell alone tells the level without colour
LEVELS = ((0, "·", "dim"), (1, "░", "green"), (5, "▒", "green"), (10, "▓", "bold green"),
          (20, "█", "bold green"))  # fmt: skip
WEEKS = 12
RECENT = 10  # sessions in the table at the top
TREND_WEEKS = 8
MAX_DOTS = 10  # a weekly goal drawn as dots up to this; larger goals as numbers


def minutes_by_day(days: Sequence[Day]) -> dict[date, float]:
    """Minutes stretched per local day, over the sessions that count."""
    return {d.day: d.counted_seconds / 60 for d in days if d.counted}


def streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive active days. The current streak is still alive
    when today has no session yet but yesterday had."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else today - timedelta(days=1)
    while day in days:
        current += 1
        day -= timedelta(days=1)
    return current, longest


def _level(minutes: float) -> tuple[str, str]:
    if minutes <= 0:
        return LEVELS[0][1], LEVELS[0][2]
    chosen = LEVELS[1]
    for level in LEVELS[1:]:
        if minutes >= level[0]:
            chosen = level
    return chosen[1], chosen[2]


def calendar(days: dict[date, float], today: date, weeks: int = WEEKS) -> Text:
    """A contribution-style grid: a column per week (oldest left), a row per weekday."""
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    text = Text()
    months = [" "] * (weeks * 2 + 2)
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        start = week * 2
        if (week == 0 or monday.day <= 7) and months[max(0, start - 1)] == " ":
            months[start : start + 3] = monday.strftime("%b")
    text.append("     " + "".join(months).rstrip() + "\n", style="dim")
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        text.append(f"{name:<4} ", style="dim")
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            if day > today:
                text.append("  ")
                continue
            cell, style = _level(days.get(day, 0.0))
            text.append(cell + " ", style=style)
        text.append("\n")
    text.append("     · none  ░ under 5 min  ▒ 5-9  ▓ 10-19  █ 20 or more", style="dim")
    return text


def _bar(value: float) -> str:
    filled = round(value)
    return "█" * filled + "·" * (10 - filled)


def _goal_dots(sessions: int, goal: int) -> Text:
    """'●●●○○  3': a dot per session up to the goal, a ring for each one short (goals over
    ten: '12 of 20'); green when the goal is met."""
    style = "green" if sessions >= goal else ""
    if goal > MAX_DOTS:
        return Text(f"{sessions} of {goal}", style=style)
    dots = "●" * min(sessions, goal) + "○" * max(goal - sessions, 0)
    return Text(f"{dots} {sessions:>2}", style=style)


def weekly(days: Sequence[Day], today: date, goal: int, weeks: int = TREND_WEEKS) -> RenderableType:
    """Week by week, from the first week with a session (at most `weeks` back): sessions
    against the weekly goal, and the average pain before and after. Drawn with rich's text
    rather than a plotting library: a table of bars reads in any terminal, without colour,
    and costs no import (plotext alone takes about 120 ms)."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    if days:
        start = days[0].day
        first = max(first, start - timedelta(days=start.weekday()))
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    table.add_column("week of", no_wrap=True)
    table.add_column(f"sessions (goal {goal})", no_wrap=True)
    table.add_column("pain before", no_wrap=True)
    table.add_column("pain after", no_wrap=True)
    rated = False
    for week in by_week(days, first, today):
        cells: list[RenderableType] = [
            "this week" if week.monday == this_monday else week.monday.strftime("%d %b"),
            _goal_dots(week.sessions, goal),
        ]
        for mean in (week.pain_before, week.pain_after):
            rated = rated or mean is not None
            cells.append("-" if mean is None else f"{_bar(mean)} {mean:4.1f}")
        table.add_row(*cells)
    if rated:
        return table
    return Group(table, Text("No pain ratings yet: run with --pain to track them.", style="dim"))


def sessions_table(recent: Sequence[Session]) -> RenderableType:
    """The most recent sessions, newest first."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("when", no_wrap=True)
    table.add_column("routine")
    table.add_column("time", justify="right", no_wrap=True)
    table.add_column("status")
    table.add_column("pain", no_wrap=True)
    for session in recent:
        table.add_row(
            session.started_at.strftime("%a %d %b %H:%M"),
            Text(one_line(session.routine)),  # an import's text: never markup or escape codes
            clock(session.seconds),
            session.status,
            pain_text(session.pain_before, session.pain_after),
        )
    return table


def reminders_line(counts: Counter[tuple[Via, Outcome]]) -> Text:
    """How the reminders were answered: 'Reminders: 9 (4 started, 2 snoozed, ...)'."""
    said: dict[Outcome, str] = {
        "started": "started",
        "snoozed": "snoozed",
        "skipped": "skipped",
        "no answer": "not answered",
        "waiting": "waiting",
        "shown": "shown without buttons",
        "failed": "not shown",
    }
    shown = sum(n for (via, _), n in counts.items() if via == "notification")
    parts = [
        f"{counts['notification', key]} {words}"
        for key, words in said.items()
        if counts["notification", key]
    ]
    typed = [
        f"{counts['command', key]} {key}"
        for key in ("snoozed", "skipped")
        if counts["command", key]
    ]
    line = Text.assemble(("Reminders: ", "bold"), plural(shown, "notification"))
    if parts:
        line.append(f" ({', '.join(parts)})")
    if typed:
        line.append(f"; at the terminal: {', '.join(typed)}")
    return line


def nothing_yet(routine: str | None, since: date | None, start: bool) -> Text:
    """'No sessions yet.', of the routine and since the day asked for, and with `start` how
    to start one."""
    of = f" of {one_line(routine)}" if routine else ""
    if since is not None:
        return Text(f"No sessions{of} since {day_month(since)}.")
    hint = f" Start one with: stretch run {one_line(routine or 'upper-back')}" if start else ""
    return Text(f"No sessions{of} yet.{hint}")


def history_view(
    days: Sequence[Day],
    recent: Sequence[Session],
    today: date,
    reminders: Counter[tuple[Via, Outcome]] | None = None,
    goal: int = WEEKLY_GOAL,
    routine: str | None = None,
    since: date | None = None,
) -> RenderableType:
    """The whole `stretch history` page: from each day's sessions summed up, the latest few
    sessions (newest first) and the reminders counted by how they went (of `routine`, from
    the day `since`, when given)."""
    reminders = reminders or Counter()
    if not days:
        none = nothing_yet(routine, since, start=not reminders)
        return Group(none, reminders_line(reminders)) if reminders else none
    minutes = minutes_by_day(days)
    current, longest = streaks(set(minutes), today)
    summary = Text.assemble(
        ("Streak: ", "bold"),
        f"{plural(current, 'day')} (longest {longest})",
        ("  ·  ", "dim"),
        f"{plural(sum(d.sessions for d in days), 'session')}, "
        f"{clock(sum(d.seconds for d in days))} in all",
    )
    return Group(
        Text("Recent sessions", style="bold underline"),
        sessions_table(recent),
        Text(""),
        summary,
        *([reminders_line(reminders)] if reminders else []),
        Text(""),
        Text("Last 12 weeks", style="bold underline"),
        calendar(minutes, today),
        Text(""),
        Text("Week by week", style="bold underline"),
        weekly(days, today, goal),
    )
