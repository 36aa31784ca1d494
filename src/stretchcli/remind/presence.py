"""Natural breaks, as pure functions of what the checks saw: when the person last came back
from a pause (idle, locked, or the machine asleep) long enough to count as a break.

Each `stretch remind check` (every few minutes) writes one line of what it saw: when, how
long there had been no input, whether the screen was locked, and why reminders had to stay
quiet. A pause is a run of checks that saw the person away (locked, or idle at least the
pause length), or a gap between checks longer than the pause (the machine was asleep or
off). The person came back at the first check after it that saw them at the screen. A
return counts like a session: the next reminder is a whole interval after it, so none comes
in the first minutes after someone sits down again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Why a reminder stayed quiet: its word in the file, and what `remind` and the check say.
QUIET = {
    "do-not-disturb": "Do Not Disturb is on",
    "camera": "a camera is in use",
    "full-screen": "a window is in full screen",
}
EPOCHS = (946684800, 4102444800)  # 2000 to 2100: a line outside was never written by a check
KEEP = timedelta(days=2)  # lines older than this decide nothing (an interval is at most a day)


@dataclass(frozen=True)
class Seen:
    """What one check saw: seconds without input (None: no source could tell), whether
    the screen was locked, and why a reminder had to stay quiet (None: nothing)."""

    at: datetime
    idle: float | None = None
    locked: bool = False
    quiet: str | None = None

    def away(self, pause: timedelta) -> bool:
        """Whether the person was away at this check: locked, or idle for a whole pause."""
        return self.locked or (self.idle is not None and self.idle >= pause.total_seconds())

    def line(self) -> str:
        """The check's line in the presence file: 'EPOCH IDLE LOCKED QUIET'."""
        idle = "-" if self.idle is None else str(int(self.idle))
        return f"{int(self.at.timestamp())} {idle} {int(self.locked)} {self.quiet or '-'}"


def parse(line: str) -> Seen | None:
    """A line of the presence file, or None for anything that is not exactly one (a line
    cut short by a crash, or damaged, decides nothing)."""
    words = line.split(" ")
    if len(words) != 4 or not all(w.isascii() for w in words):
        return None
    epoch, idle, locked, quiet = words
    if not (epoch.isdigit() and len(epoch) <= 10 and EPOCHS[0] <= int(epoch) <= EPOCHS[1]):
        return None
    if locked not in ("0", "1"):
        return None
    if not (idle == "-" or (idle.isdigit() and len(idle) <= 8)):
        return None
    if quiet != "-" and quiet not in QUIET:
        return None
    return Seen(
        datetime.fromtimestamp(int(epoch), UTC),
        None if idle == "-" else float(idle),
        locked == "1",
        None if quiet == "-" else quiet,
    )


def parse_all(lines: Iterable[str]) -> list[Seen]:
    """The lines that are whole, oldest first (as the checks wrote them)."""
    found = (parse(line) for line in lines)
    return sorted((seen for seen in found if seen is not None), key=lambda s: s.at)


def returned(
    seen: Sequence[Seen], pause: timedelta, gap: timedelta, now: datetime
) -> datetime | None:
    """When the person last came back from a pause, by `now` (None: no pause seen).

    Only what the checks know counts: away from when input stopped (or from the last check
    that saw the person) to the last check that still saw them away; a screen locked for a
    moment that one check happened to see is no break. `gap` is the longest time between two
    checks of a machine that is awake (the check's interval, with some slack): a longer gap
    that is also at least the pause was a pause (asleep or off). Checks after `now` (a clock
    set back) are left out."""
    back: datetime | None = None
    away: tuple[datetime, datetime] | None = None  # from when, to the last moment known
    previous: Seen | None = None
    for check in seen:
        if check.at > now:
            break
        if previous is not None and check.at - previous.at > max(gap, pause):
            away = (away[0] if away else previous.at, check.at)  # asleep or off in between
        if check.away(pause) or check.locked:
            started = check.at - timedelta(seconds=check.idle or 0)
            away = (min(away[0], started) if away else started, check.at)
        elif away is not None:
            if away[1] - away[0] >= pause:
                back = check.at
            away = None
        previous = check
    return back


def latest(seen: Sequence[Seen], now: datetime, gap: timedelta) -> Seen | None:
    """The latest check, if it is recent at `now` (else None: nothing is known now)."""
    recent = [s for s in seen if now - gap <= s.at <= now]
    return recent[-1] if recent else None


def kept(seen: Sequence[Seen], now: datetime) -> list[Seen]:
    """The checks still worth keeping at `now`."""
    return [s for s in seen if now - KEEP <= s.at <= now + timedelta(minutes=5)]


def as_checked(seen: Sequence[Seen], now: datetime) -> list[Seen]:
    """The checks as a check at `now` that sees the person at the screen leaves them: its
    line added as it writes it (to the second), what it drops dropped. `stretch due` and
    `stretch remind` decide from these: the one asking is at the screen, and the check then
    writes its line before it decides (so a machine asleep since the last check is a break
    to all of them)."""
    line = parse(Seen(now).line())
    return sorted(kept([*seen, *([line] if line else [])], now), key=lambda s: s.at)


def steady_until(
    seen: Sequence[Seen], pause: timedelta, gap: timedelta, now: datetime
) -> datetime | None:
    """Until when what `as_checked` and `returned` give at `now` still holds, as far as the
    checks written so far go (None: as long as they stay as they are): the next minute where
    the check at `now` is a return (the next reminder counts from it), the second the time
    since the last check becomes a pause, or the moment the oldest line is dropped."""
    ends: list[datetime] = []
    line = parse(Seen(now).line())
    if line is not None and returned(as_checked(seen, now), pause, gap, now) == line.at:
        ends.append(line.at.replace(second=0) + timedelta(minutes=1))
    past = [s.at for s in seen if s.at <= now]
    if past:
        ends.append(max(past) + max(gap, pause) + timedelta(seconds=1))
        ends.append(min(past) + KEEP + timedelta(microseconds=1))
    return min((end for end in ends if end > now), default=None)
