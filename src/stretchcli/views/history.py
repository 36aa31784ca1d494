"""`stretch history` drawn with rich: sessions, streaks, a calendar and the pain trend; pure
functions of the days summed up, the latest sessions and today's date, readable without colour."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from datetime import date, timedelta

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from stretchcli.files.config import WEEKLY_GOAL
from stretchcli.goals import WeeklyGoal, weekly_goal
from stretchcli.history.weeks import Week, by_week
from stretchcli.moments import day_before, next_day
from stretchcli.records import Day, Outcome, Session, Via, changes_said
from stretchcli.text import Align, clock, dated, moment_dated, one_line, pain_text, plural
from stretchcli.views.calendar import LEGEND, calendar
from stretchcli.views.history_empty import nothing_yet

RECENT = 10  # sessions in the table at the top
TREND_WEEKS = 8
MAX_DOTS = 10  # a weekly goal drawn as dots up to this; larger goals as numbers


def minutes_by_day(days: Sequence[Day]) -> dict[date, float]:
    """Minutes stretched per local day, over the sessions that count."""
    return {d.day: d.counted_seconds / 60 for d in days if d.counted}


def streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive active days, by the local calendar (where the
    zone skipped a day, the days either side of it follow each other). The current streak is
    still alive when today has no session yet but the day before had."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and next_day(previous) == day else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else day_before(today)
    while day in days:
        current += 1
        day = day_before(day)
    return current, longest


def goal_streaks(days: Sequence[Day], today: date, goal: int | WeeklyGoal) -> tuple[int, int]:
    """(current, longest) runs of calendar weeks with at least their `goal` of sessions that
    count. This week, not over yet, keeps the current run alive until it is met."""
    if not days:
        return 0, 0
    goals = weekly_goal(goal)
    met = [w.sessions >= goals.of(w.monday) for w in by_week(days, days[0].day, today)]
    longest = run = 0
    for done in met:
        run = run + 1 if done else 0
        longest = max(longest, run)
    current = 0
    for done in reversed(met if met[-1] else met[:-1]):
        if not done:
            break
        current += 1
    return current, longest


GAP = "  "  # between the columns of the tables
NO_RATINGS = "No pain rated in these weeks: run with --pain to track it."
BARS = (10, 5, 0)  # the pain bars' lengths, the longest that fits the width


def _bar(value: float, length: int = BARS[0]) -> str:
    """'██████····': `value` (0-10) as a bar of `length` cells."""
    filled = round(value * length / 10)
    return "█" * filled + "·" * (length - filled)


def _goal_dots(sessions: int, goal: int) -> Text:
    """'●●●○○  3': a dot per session up to the goal, a ring for each one short (goals over
    ten: '12 of 20'); green when the goal is met."""
    style = "green" if sessions >= goal else ""
    if goal > MAX_DOTS:
        return Text(f"{sessions} of {goal}", style=style)
    dots = "●" * min(sessions, goal) + "○" * max(goal - sessions, 0)
    return Text(f"{dots} {sessions:>2}", style=style)


@dataclass(frozen=True)
class Fitted:
    """A renderable laid out for the width it is drawn in (`draw(width)`): a table that
    leaves out what matters least rather than cut a number."""

    draw: Callable[[int], RenderableType]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.draw(options.max_width)


def weekly(
    days: Sequence[Day], today: date, goal: int | WeeklyGoal, weeks: int = TREND_WEEKS
) -> RenderableType:
    """Week by week, from the first week with a session (at most `weeks` back): sessions
    against the weekly goal, and the average pain before and after as numbers and bars
    (shorter bars where the width is short, and then none: the numbers are never cut).
    Drawn with rich's text rather than a plotting library: a table of bars reads in any
    terminal, without colour, and costs no import (plotext alone takes about 120 ms)."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    if days:
        start = days[0].day
        first = max(first, start - timedelta(days=start.weekday()))
    shown = by_week(days, first, today)
    rated = any(w.pain_before is not None or w.pain_after is not None for w in shown)

    def draw(width: int) -> RenderableType:
        for bar in BARS:
            table = _weekly_table(shown, this_monday, weekly_goal(goal), bar, today.year)
            if max(line.cell_len for line in table) <= width:
                break
        text = Text("\n").join(table)
        return text if rated else Group(text, Text(NO_RATINGS, style="dim"))

    return Fitted(draw)


def _weekly_table(
    weeks: Sequence[Week], monday: date, goal: WeeklyGoal, bar: int, year: int
) -> list[Text]:
    """The weeks' lines (of `year`, or with theirs), with pain bars of `bar` cells; with
    none, pain as '4.5 → 3.0'."""
    headers = ["week of", "sessions", "pain before", "pain after"] if bar else [
        "week of", "sessions", "pain"]  # fmt: skip
    rows: list[list[Text]] = []
    for week in weeks:
        cells = [
            Text("this week" if week.monday == monday else dated(week.monday, year)),
            _goal_dots(week.sessions, goal.of(week.monday)),
        ]
        means = (week.pain_before, week.pain_after)
        if bar:
            cells += [Text("-" if m is None else f"{_bar(m, bar)} {m:4.1f}") for m in means]
        else:
            cells.append(Text(_means_text(*means)))
        rows.append(cells)
    return _columns(headers, rows, ["left"] * len(headers))


def _means_text(before: float | None, after: float | None) -> str:
    """Average pain before and after: '4.5 → 3.0', '4.5 → ?', or '-' without ratings."""
    if before is None and after is None:
        return "-"
    shown = ("?" if mean is None else f"{mean:.1f}" for mean in (before, after))
    return " → ".join(shown)


def _columns(
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    align: Sequence[Align],
    widths: Sequence[int] | None = None,
) -> list[Text]:
    """A table's lines: the head in bold, then the rows; each column as wide as its widest
    cell, or as `widths` says (a longer cell cut short with '…'), measured in terminal cells
    (a wide character takes two); no spaces at the ends of lines."""
    sizes = widths or _widths(headers, rows)

    def line(cells: Sequence[Text]) -> Text:
        parts = []
        for cell, size, side in zip(cells, sizes, align, strict=True):
            cell = cell.copy()
            cell.truncate(size, overflow="ellipsis")
            pad = " " * (size - cell.cell_len)
            parts.append(Text(pad) + cell if side == "right" else cell + pad)
        joined = Text(GAP).join(parts)
        joined.rstrip()
        return joined

    return [line([Text(h, style="bold") for h in headers]), *(line(row) for row in rows)]


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Text]]) -> list[int]:
    """Each column's width: its widest cell's, head included."""
    return [max([len(h), *(row[i].cell_len for row in rows)]) for i, h in enumerate(headers)]


ROUTINE_LEAST = 10  # columns: a routine's name cut shorter than this reads as nothing


@dataclass(frozen=True)
class Over:
    """The recent sessions whose pain after reached the plan's ceiling (ids), and it."""

    ids: Set[int]
    ceiling: int
    flag: str = " !"  # after the pain of such a session


def sessions_table(recent: Sequence[Session], year: int, over: Over | None = None) -> Fitted:
    """The most recent sessions, newest first: id (as `history note ID` takes it), when (with
    its year outside `year`), routine, time, status and pain, a line each; where the width is
    too short for the routine and status beside the numbers, they go under each session's
    when (the status on a line of its own where the two do not fit on one), and where even
    the numbers do not fit on one line, the time and pain go there too. A number and a
    status are never cut: a routine's name is, where it must be."""
    headers = ("id", "when", "routine", "time", "status", "pain")
    align: tuple[Align, ...] = ("right", "left", "left", "right", "left", "left")
    rows = [
        [
            Text(str(session.id)),
            Text(moment_dated(session.started_at, year)),
            Text(one_line(session.routine)),  # an import's text: never markup or escape codes
            Text(clock(session.seconds)),
            Text(_status(session)),
            _pain(session, over),
        ]
        for session in recent
    ]

    def draw(width: int) -> RenderableType:
        widths = _widths(headers, rows)
        room = width - sum(widths) - len(GAP) * (len(widths) - 1) + widths[2]
        if room >= min(widths[2], ROUTINE_LEAST):  # the routine, beside the rest
            widths[2] = min(widths[2], room)
            lines = _columns(headers, rows, align, widths)
            return Text("\n").join([lines[0], _rule(lines), *lines[1:]])
        indent = " " * (widths[0] + len(GAP))  # under the when
        lines = _columns(("id", "when", "time", "pain"), [[r[0], r[1], r[3], r[5]] for r in rows],
                         ("right", "left", "right", "left"))  # fmt: skip
        leads = [Text(indent) for _ in rows]
        if max(line.cell_len for line in lines) > width:  # time and pain go under the when too
            lines = _columns(("id", "when"), [r[:2] for r in rows], ("right", "left"))
            numbers = _columns(("time", "pain"), [[r[3], r[5]] for r in rows], ("right", "left"))
            lines[0] += Text("\n" + indent) + numbers[0]
            size = max(n.cell_len for n in numbers)
            leads = [Text(indent) + n + " " * (size - n.cell_len) + GAP for n in numbers[1:]]
        below = [
            _beneath(lead, r[2], r[4].plain, indent, width)
            for lead, r in zip(leads, rows, strict=True)
        ]
        drawn = [line for first, under in zip(lines[1:], below, strict=True)
                 for line in (first, *under)]  # fmt: skip
        return Text("\n").join([lines[0], _rule([*lines, *drawn]), *drawn])

    return Fitted(draw)


def _beneath(lead: Text, routine: Text, status: str, indent: str, width: int) -> list[Text]:
    """A session's routine and status under its when, after `lead` (the indent, or it and
    the numbers): on one line where they fit; else the routine there (on a line of its own
    where too little room is left), cut short where it must be, and the status on lines of
    its own, wrapped at its words: never cut."""
    whole = lead + routine + f", {status}"
    if whole.cell_len <= width:
        return [whole]
    room = width - lead.cell_len
    if lead.plain.strip() and room < min(routine.cell_len, ROUTINE_LEAST):
        numbers = lead.copy()
        numbers.rstrip()
        found = [numbers, Text(indent) + routine]
    else:
        found = [lead + routine]
    found[-1].truncate(width, overflow="ellipsis")
    parts = textwrap.wrap(status, max(width - len(indent), 1), break_long_words=False)
    return [*found, *(Text(indent + part) for part in parts)]


def _status(session: Session) -> str:
    """A session's status, with how the run changed its routine's steps or dose, as the
    report says it ('completed (doses ×0.5, chosen steps only)'): 'completed' alone would
    read as the whole routine at its full dose."""
    changes = changes_said(session.options)
    return f"{session.status} ({changes})" if changes else session.status


def _pain(session: Session, over: Over | None) -> Text:
    """A session's pain, flagged where it reached the plan's ceiling."""
    text = Text(pain_text(session.pain_before, session.pain_after))
    if over is not None and session.id in over.ids:
        text.append(over.flag, style="bold red")
    return text


def over_line(over: Over) -> Text:
    """What the flag means, under the table."""
    return Text(
        f"{over.flag.strip()} pain after the session at or over your plan's ceiling "
        f"({over.ceiling}/10): more than these exercises should leave; see stretch safety",
        style="dim",
    )


def _rule(lines: Sequence[Text]) -> Text:
    """The line under a table's head, as wide as the table."""
    return Text("─" * max(cell_len(part) for line in lines for part in line.plain.split("\n")))


def reminders_line(counts: Counter[tuple[Via, Outcome]]) -> RenderableType:
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
    words = [Text.assemble(("Reminders: ", "bold"), plural(shown, "notification"))]
    words += _listed(parts, "(", ")")
    if typed:
        words[-1].append(";")
        words += [Text("at the terminal:"), *_listed(typed, "", "")]
    return flowed(words, " ")


def _listed(items: Sequence[str], opening: str, closing: str) -> list[Text]:
    """Items as parts of a line ('(4 started,', '2 snoozed)'), each kept whole."""
    if not items:
        return []
    last = len(items) - 1
    return [
        Text(("" if n else opening) + item + ("," if n < last else closing))
        for n, item in enumerate(items)
    ]


def flowed(parts: Sequence[Text], sep: str, indent: str = "", style: str = "") -> Fitted:
    """Parts on one line with `sep` between them; where the width is too short, on as many
    lines (after `indent`) as they need, a part never broken: '3 skipped' stays whole."""

    def draw(width: int) -> RenderableType:
        lines: list[Text] = []
        for part in parts:
            if lines and lines[-1].cell_len + len(sep) + part.cell_len <= width:
                lines[-1].append(sep, style=style)
                lines[-1].append_text(part)
            else:
                lines.append(Text(indent) + part)
        return Text("\n").join(lines)

    return Fitted(draw)


def ahead_block(ahead: Sequence[Session], year: int) -> list[RenderableType]:
    """Sessions that start after now, oldest first, under a heading that says so (none: no
    block): counted once the clock reaches them, never hidden."""
    if not ahead:
        return []
    return [
        Text("Ahead of this machine's clock", style="bold underline"),
        sessions_table(ahead, year),
        Text("Counted once the clock reaches them.", style="dim"),
    ]


def history_view(
    days: Sequence[Day],
    recent: Sequence[Session],
    today: date,
    reminders: Counter[tuple[Via, Outcome]] | None = None,
    goal: int | WeeklyGoal = WEEKLY_GOAL,
    routine: str | None = None,
    since: date | None = None,
    plan: RenderableType | None = None,
    ahead: Sequence[Session] = (),
    review: str | None = None,
    over: Over | None = None,
    first: str = "",
) -> RenderableType:
    """The whole `stretch history` page: from each day's sessions summed up, the latest few
    sessions (newest first) and the reminders counted by how they went (of `routine`, from
    the day `since`, when given), and `plan`, the plan's level changes and answers, under
    the recent sessions; `ahead`, sessions that start after now, in a list of their own;
    `review`, the line that says the plan's review date has come, at the head; `over`, the
    recent sessions whose pain reached the plan's ceiling, flagged; `first`: `nothing_yet`."""
    reminders = reminders or Counter()
    later = ahead_block(ahead, today.year)
    head = [Text(review), Text("")] if review else []
    if not days:
        none = later or [nothing_yet(routine, since, not reminders, today.year, first)]
        return Group(*head, *none, *([reminders_line(reminders)] if reminders else []))
    minutes = minutes_by_day(days)
    if plan is None:
        current, longest = streaks(set(minutes), today)
        streak = Text.assemble(
            ("Streak: ", "bold"), f"{plural(current, 'day')} (longest {longest})"
        )
    else:  # a plan rests on some days by design: its streak is of weeks at the goal
        current, longest = goal_streaks(days, today, goal)
        streak = Text.assemble(
            ("Weekly goal met: ", "bold"),
            f"{plural(current, 'week')} in a row (longest {longest})",
        )
    summary = flowed(
        [
            streak,
            Text(
                f"{plural(sum(d.sessions for d in days), 'session')}, "
                f"{clock(sum(d.seconds for d in days))} in all"
            ),
        ],
        "  ·  ",
        style="dim",
    )
    return Group(
        *head,
        Text("Recent sessions", style="bold underline"),
        sessions_table(recent, today.year, over),
        *([over_line(over)] if over is not None and over.ids else []),
        Text(""),
        *([*later, Text("")] if later else []),
        summary,
        *([reminders_line(reminders)] if reminders else []),
        *([Text(""), plan] if plan is not None else []),
        Text(""),
        Text("Last 12 weeks", style="bold underline"),
        calendar(minutes, today),
        flowed([Text(item, style="dim") for item in LEGEND], "  ", "     "),
        Text(""),
        Text(
            f"Week by week (goal: {weekly_goal(goal).words(days[0].day, today)})",
            style="bold underline",
        ),
        weekly(days, today, goal),
    )
