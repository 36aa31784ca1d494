"""What `stretch remind` says: the schedule, the next reminder, the snooze, how the check is
installed, and the last reminder; as lines or as JSON."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchcli.moments import local_wall
from stretchcli.records import Reminder
from stretchcli.remind.presence import QUIET, Seen
from stretchcli.remind.schedule import Due, Schedule, at_words, when
from stretchcli.remind.schedulers import Installed
from stretchcli.remind.texts import CHECK_MINUTES
from stretchcli.text import moment_dated, one_line, plural
from stretchcli.words import days_text, every_text, hours_text, times_text


@dataclass(frozen=True)
class Breaks:
    """Natural breaks: the minutes away that count as one, what the latest check saw (None:
    no recent check), and the last return from a break (None: none seen)."""

    pause: int
    seen: Seen | None = None
    back: datetime | None = None

    def record(self) -> dict[str, object]:
        """The `remind --json` object's `breaks`."""
        seen = self.seen
        return {
            "pause_minutes": self.pause,
            "back_at": _iso(self.back) if self.back else None,
            "last_check": None
            if seen is None
            else {
                "at": _iso(seen.at),
                "idle_seconds": None if seen.idle is None else int(seen.idle),
                "locked": seen.locked,
                "quiet": seen.quiet,
            },
        }

    def lines(self, now: datetime) -> list[str]:
        """What `stretch remind` says of them at `now` (a moment's day said when not today)."""
        said = f"Breaks: {self.pause} min away (idle, locked, asleep) starts a new interval"
        if self.back:
            said += f"; back at {at_words(self.back, now)}"
        lines = [said]
        seen = self.seen
        if seen is not None:
            if seen.locked:
                state = "the screen locked"
            elif seen.idle is None:
                state = "nothing tells whether you are at the screen"
            elif seen.idle >= 60:
                state = f"no input for {int(seen.idle // 60)} min"
            else:
                state = "at the screen"
            lines.append(f"Last check: {at_words(seen.at, now)}, {state}")
            if seen.quiet:
                lines.append(
                    f"Held: {QUIET[seen.quiet]}; the reminder waits until that is over "
                    "(a break you take meanwhile counts instead)"
                )
        return lines


@dataclass(frozen=True)
class Status:
    """Reminders as they stand at `now`."""

    on: bool
    schedule: Schedule
    due: Due | None  # None when off
    now: datetime
    installed: Installed | None
    scheduler_state: str
    last: Reminder | None
    breaks: Breaks
    shown_today: int = 0
    still: tuple[str, ...] = ()  # checks that look like stretch's, not removed
    zone_now: str | None = None  # the TZ this command runs in ('' for none)
    moved: bool = False  # the installed check's zone is another than zone_now (same_zone)

    def record(self) -> dict[str, object]:
        """The `remind --json` object."""
        s, due = self.schedule, self.due
        return {
            "on": self.on,
            "every_minutes": s.every,
            "between": hours_text(s.hours),
            "limit": s.limit,
            "shown_today": self.shown_today,
            "at": times_text(s.at),
            "days": days_text(s.days),
            "routine": s.routine,
            "state": due.state if due else "off",
            "next": _iso(due.next_at) if due else None,
            "snoozed_until": _iso(due.next_at) if due and due.state == "snoozed" else None,
            "retry_at": _iso(retry) if due and (retry := due.retry_at()) else None,
            "installed": self.installed.record() if self.installed else None,
            "scheduler_state": self.scheduler_state if self.installed else None,
            "last_reminder": self.last.record() if self.last else None,
            "breaks": self.breaks.record(),
            "still_there": list(self.still),
            # installed files that are links to no file: the check cannot run (attack 22, C4)
            "broken_links": [
                str(f) for f in (self.installed.files if self.installed else ()) if _not_working(f)
            ],
            "zone_moved": self.zone_moved(),
        }

    def zone_moved(self) -> bool:
        """Whether the installed check runs in another zone than this command (TZ changed
        since `remind on`: travel, or TZ set later): it keeps the zone it was given. Another
        spelling of the same zone (`Japan`, `Asia/Tokyo`) is no move."""
        return self.moved and self.installed is not None and self.zone_now is not None

    def zone_lines(self) -> list[str]:
        """What is said of a check that runs in another zone."""
        if not self.zone_moved() or self.installed is None:
            return []
        then = _zone_name(self.installed.zone or "")
        now = _zone_name(self.zone_now or "")
        return [
            f"  The check runs in {then}, not in {now} as this command does: it reminds "
            "in the working hours there; run `stretch remind on` again to move it"
        ]

    def _as_the_check(self) -> str:
        """Said after "Next" when the check runs in another zone (it was worked out as that
        check will: its day, its working hours): the offset of the time shown, and why."""
        due = self.due
        if due is None or not self.zone_moved() or due.state not in ("later", "snoozed"):
            return ""
        offset = due.next_at.astimezone().strftime("%z")
        then = _zone_name((self.installed.zone if self.installed else None) or "")
        return f" here (UTC{offset[:3]}:{offset[3:]}), as the check that runs in {then} sees it"

    def next_words(self) -> str:
        """When the next reminder comes, as said after "Next: " (by `remind`, `snooze`,
        `skip`): in this command's zone, and how the check in another zone sees it."""
        if self.due is None:
            return "none (reminders are off)"
        s, done = self.schedule, ""
        if s.limit and self.shown_today >= s.limit:
            done = f" (today's {plural(s.limit, 'reminder')} shown: the limit)"
        return f"{when(self.due, self.now)}{self._as_the_check()}{done}"

    def lines(self) -> list[str]:
        """The status as a few lines of text."""
        s = self.schedule
        plan = (
            f"every {every_text(s.every)}, {hours_text(s.hours)}, {days_text(s.days)}"
            + (f", and at {times_text(s.at)}" if s.at else "")
            + (f", at most {s.limit} a day" if s.limit else "")
            + f": {s.routine}"
        )
        if not self.on or self.due is None:
            lines = [f"Reminders: off ({plan} when on; `stretch remind on` turns them on)"]
        else:
            lines = [f"Reminders: on, {plan}", f"Next: {self.next_words()}"]
            lines += self.breaks.lines(self.now)
        if self.installed:
            broken = any(map(_not_working, self.installed.files))  # (verify 27, NEW-8)
            lines.append(
                f"Installed: {self.installed.scheduler} ({self.scheduler_state}), "
                + (
                    "but the check cannot run: a file it needs is a broken link"
                    if broken
                    else f"looking every {CHECK_MINUTES} minutes whether one is due"
                )
            )
            lines += [f"  {path}{_link(path)}" for path in self.installed.files]
            lines += self.zone_lines()
        elif self.on:
            lines.append("Installed: nothing runs the check (`stretch remind on` installs it)")
        lines += [f"Still there: {why}" for why in self.still]
        if self.last:
            until = f" until {at_words(self.last.until, self.now)}" if self.last.until else ""
            at = moment_dated(self.last.at, local_wall(self.now).year)
            lines.append(f"Last reminder: {at}, {self.last.outcome}{until}")
        return lines


def _zone_name(tz: str) -> str:
    """A TZ value as said: its name (control characters shown), or the system's zone."""
    return f"TZ={one_line(tz)}" if tz else "the system's zone (TZ not set)"


def _iso(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def _link(path: Path) -> str:
    """Where an installed file that is a link leads, in words ('' for a file)."""
    try:
        target = os.readlink(path)
    except OSError:  # not a link (or not there)
        return ""
    why = _not_working(path)
    if why:  # (attack 22, C4; verify 26, N5, N6: said as installed, and no reminder came)
        return (
            f" (a link to {one_line(target)}: {why}, so the check cannot run; put the file "
            "back, or run `stretch remind off`, then `stretch remind on`)"
        )
    return f" (a link to {one_line(target)}, kept as it is)"


def _not_working(path: Path) -> str:
    """Why an installed file that is a link does not lead to a file the scheduler can read,
    in words ('' when it does, or is no link)."""
    if not path.is_symlink():
        return ""
    try:
        found = path.resolve(strict=True)
    except RuntimeError:  # a loop, up to Python 3.12
        return "its links go round in a loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "its links go round in a loop"
        return "it leads to nothing"
    if not found.is_file():
        if os.path.normpath(path.parent / os.readlink(path)) == str(found):
            return "that is not a file"  # (verify 27, NEW-8: the path said twice)
        return f"it leads to {one_line(str(found))}, which is not a file"
    return ""
