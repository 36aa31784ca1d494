"""The weekly goal as it was seen, day by day (`weekly-goals.json` in the state folder), so
that a week is judged against the goal it began with and a goal changed later does not judge
again the weeks lived before it. A line is added whenever a command sees a goal other than
the last one kept: when `plan use` or `config weekly_goal` changes it (seen just before and
just after), or, for a file edited by hand, at the next command that shows the weeks."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from stretchcli.errors import StretchError
from stretchcli.files import guarded
from stretchcli.files.atomic import write_text
from stretchcli.files.paths import state_dir
from stretchcli.words import FIRST_DAY, LAST_REVIEW_YEAR

FILENAME = "weekly-goals.json"
FORMAT = "stretch-weekly-goals"
MAX_BYTES = 1024 * 1024  # far more than a lifetime of changes
KEPT = 1000  # chosen: the latest changes kept (a change is a line; they are rare)
GOALS = range(1, 101)  # sessions a week a goal can be (the config's own bounds are within)


class DayRange(NamedTuple):
    """The days from `start` to `stop`, both included."""

    start: date
    stop: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.stop


# The days a goal is kept for: from the first a session can have to the last year a plan is
# reviewed in (later is a slip of a clock, as it is of a date typed).
DAYS = DayRange(FIRST_DAY, date(LAST_REVIEW_YEAR, 12, 31))


class Seen(NamedTuple):
    """The goal in force on `day` (the plan's, where a plan sets it, else the settings'),
    the settings' goal, and whether a plan was in use."""

    day: date
    goal: int
    settings: int
    plan: bool

    def same(self, other: Seen) -> bool:
        """Whether the goals are the same, whatever the day."""
        return self[1:] == other[1:]


def log_path(environ: Mapping[str, str]) -> Path:
    """Where the goals seen are kept."""
    return state_dir(environ) / FILENAME


def read(path: Path) -> list[Seen]:
    """The goals seen, oldest first ([] before the first); a StretchError naming the file
    and what is wrong when it cannot be read."""
    try:
        text = guarded.read_text(path, MAX_BYTES)
    except (guarded.NotReadable, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise _unreadable(path, why) from None
    except OSError:  # no file yet, or a state folder out of reach (the history says so)
        return []
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f'not a file of {FORMAT} (its "format")')
        return [_entry(item) for item in data["seen"]]
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise _unreadable(path, str(exc)) from None


def _entry(item: object) -> Seen:
    if not isinstance(item, dict) or set(item) != {"day", "goal", "settings", "plan"}:
        raise ValueError("an entry is not {day, goal, settings, plan}")
    day, goal, settings, plan = item["day"], item["goal"], item["settings"], item["plan"]
    if not isinstance(day, str) or len(day) != 10 or date.fromisoformat(day) not in DAYS:
        raise ValueError(f"not a day from {DAYS.start} to {DAYS.stop} (YYYY-MM-DD): {day!r}")
    for value in (goal, settings):
        if type(value) is not int or value not in GOALS:
            raise ValueError(f"not a goal of 1 to {GOALS[-1]} sessions a week: {value!r}")
    if type(plan) is not bool:
        raise ValueError(f"plan: not true or false: {plan!r}")
    return Seen(date.fromisoformat(day), goal, settings, plan)


def lived(seen: Sequence[Seen], today: date) -> list[Seen]:
    """The goals seen that are in force by `today`, in the order seen, each dated no earlier
    than the one before it. A day after today was seen by a clock that ran ahead: not a
    goal yet (nor the one a change today is compared with). A day before one seen earlier
    was seen by a clock that ran behind: the change is as of that earlier day, never moved
    back over weeks already lived under another goal."""
    found: list[Seen] = []
    for entry in seen:
        if entry.day <= today:
            day = max(entry.day, found[-1].day) if found else entry.day
            found.append(entry._replace(day=day))
    return found


def _unreadable(path: Path, why: str) -> StretchError:
    return StretchError(
        f"{path} cannot be read: {why}",
        "weeks are judged against the goal now; delete the file to keep the goals afresh",
    )


def seen(
    environ: Mapping[str, str],
    now: Seen,
    warn: Callable[[str], None] | None = None,
    changed: bool = False,
) -> list[Seen]:
    """The goals seen, with `now` added when it differs from the last one in force on its
    day (`lived`), and the file written. A file that cannot be read
    is said to `warn` (None: not said) and left as it was; one that cannot be written is not
    kept (a state folder out of reach or read-only: the history says so where it matters),
    but for a goal just `changed` (by the config, a plan): then it is said to `warn`, as
    the weeks from now until it is kept are judged against the goal before."""
    path = log_path(environ)
    try:
        found = read(path)
    except StretchError as exc:
        if warn is not None:
            warn(exc.line())
        return []
    so_far = lived(found, now.day)
    if (so_far and so_far[-1].same(now)) or now.day not in DAYS:
        return found
    kept = [*found, now][-KEPT:]
    text = json.dumps(
        {
            "format": FORMAT,
            "seen": [
                {"day": s.day.isoformat(), "goal": s.goal, "settings": s.settings, "plan": s.plan}
                for s in kept
            ],
        },
        indent=1,
    )
    try:
        write_text(path, text + "\n")
    except StretchError as exc:
        if changed and warn is not None:
            warn(
                f"the new weekly goal is not kept with the weeks ({exc.message}): it counts "
                "from the day the state folder can be written again"
            )
    return kept
