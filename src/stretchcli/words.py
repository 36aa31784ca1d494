"""The words people type: for reminders a time ("50m", "1h30m"), working hours
("09:00-17:30") and days ("mon-fri"), read into values and written back; for `history` and
`report`, from when ("6w", "30d", "2026-11-02").

Pure, and below everything that reads them (the config checks them, the reminders use them);
imports only the standard library's light modules: `stretch due` runs on every prompt.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY = (10, 480)  # minutes: the timer looks every 5 minutes; more than 8 h is not a break
# Chosen: a snooze of at most half a day; a longer one is a day off, which `snooze tomorrow`
# says (and reminders stop at the working day's end anyway).
SNOOZE = (1, 720)  # minutes


class ScheduleError(ValueError):
    """A schedule word that cannot be read; the message says what is expected."""


class SinceError(ValueError):
    """A `--since` value that cannot be read; the message says what is wrong with it."""


class DateError(ValueError):
    """A typed date that is none; the message says why."""


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def parse_date(text: str) -> date:
    """A date typed as YYYY-MM-DD, the one reader of every date a person types (`--since`,
    a plan's `review:`); a DateError saying why one is none ('2026-02-29 is not a date:
    February 2026 has 28 days') or how to write it."""
    found = re.fullmatch(r"([0-9]{1,4})-([0-9]{1,2})-([0-9]{1,2})", text)
    if found is None:
        raise DateError(f"{text} is not a date like 2026-11-02 (YYYY-MM-DD)")
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        raise DateError(f"{text} is not a date: a year has 12 months")
    if not year:
        raise DateError(f"{text} is not a date: years are counted from 0001")
    if not day:
        raise DateError(f"{text} is not a date: days are counted from 1")
    days = 31 if month == 12 else (date(year, month + 1, 1) - date(year, month, 1)).days
    if day > days:
        name = MONTH_NAMES[month - 1]
        raise DateError(f"{text} is not a date: {name} {year} has {days} days")
    typed = f"{year:04d}-{month:02d}-{day:02d}"
    if text != typed:
        raise DateError(f"{text} is not written as YYYY-MM-DD: type {typed}")
    return date(year, month, day)


def parse_every(text: str) -> int:
    """Minutes between reminders from '50m', '1h', '1h30m' or '90' (minutes)."""
    return _minutes(text, EVERY, "50m or 1h30m")


def parse_pause(text: str) -> int:
    """Minutes away that count as a natural break, from '5m' or '15'."""
    return _minutes(text, (1, EVERY[1]), "5m or 15m")


def parse_snooze(text: str) -> int:
    """Minutes of a snooze, from '30m' or '2h'."""
    if text.strip().startswith("-"):
        raise ScheduleError("a length cannot be negative; expected one like 30m or 2h")
    return _minutes(text, SNOOZE, "30m or 2h")


def _minutes(text: str, bounds: tuple[int, int], example: str) -> int:
    """Minutes from '1h30m', '2h' or '90', within `bounds` (whole hours at the top); any
    number of digits read, and one beyond the bounds refused naming them."""
    # ASCII digits and spaces only: Python's \d and \s take far more than people type.
    found = re.fullmatch(r" *(?:([0-9]+) *h)? *(?:([0-9]+) *m?)? *", text.lower())
    if found is None or not (found[1] or found[2]):
        raise ScheduleError(f"expected a time like {example}")
    low, high = bounds
    hours, minutes = (_count(part or "0", high) for part in (found[1], found[2]))
    if not low <= hours * 60 + minutes <= high:
        raise ScheduleError(f"expected from {low}m to {high // 60}h")
    return hours * 60 + minutes


def _count(digits: str, high: int) -> int:
    """A number of ASCII digits, read only as far as it matters: any with more digits than
    `high` has is above it (so that a thousand digits are never turned into a number)."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= len(str(high)) else high + 1


def parse_between(text: str) -> tuple[time, time]:
    """Working hours from '09:00-17:30' (an end before the start runs past midnight)."""
    found = re.fullmatch(r" *([0-9]{1,2}):([0-9]{2}) *- *([0-9]{1,2}):([0-9]{2}) *", text)
    if found is None:
        raise ScheduleError("expected hours like 09:00-17:30")
    h1, m1, h2, m2 = (int(part) for part in found.groups())
    first, last = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
    for shown, hour, minute in ((first, h1, m1), (last, h2, m2)):
        if hour > 24 or minute > 59 or (hour == 24 and minute and shown == first):
            raise ScheduleError(
                f"{shown} is not a time of day: type hours from 00:00 to 23:59 (24:00 only as "
                "an end), like 09:00-17:30"
            )
    if h2 == 24 and m2:
        raise ScheduleError(f"{last} is past the end of a day: the latest end is 24:00")
    if h1 == 24:
        whole = h2 in (0, 24) and not m2
        raise ScheduleError(
            "24:00 is the end of a day, not a start: type "
            + ("00:00-24:00 for the whole day" if whole else f"00:00-{last} to start at midnight")
        )
    start, end = time(h1, m1), time(0, 0) if h2 == 24 else time(h2, m2)
    if start == end and h2 != 24:
        raise ScheduleError(
            f"the hours start and end at {first}: type two different times, like 09:00-17:30 "
            "(00:00-24:00 for the whole day)"
        )
    return start, end


# Working hours by weekday: (days, start, end) for each part; days None means every day
# that `remind_days` names.
Hours = tuple[tuple[frozenset[int] | None, time, time], ...]


def parse_hours(text: str) -> Hours:
    """Working hours from '09:00-17:30', or by weekday: 'mon-thu 09:00-17:30; fri
    09:00-13:00' (each part its days and hours; a day in two parts is a mistake)."""
    parts = [part.strip(" ") for part in text.split(";")]
    if len(parts) == 1 and re.fullmatch(r"[0-9: -]*", parts[0]):
        start, end = parse_between(parts[0])
        return ((None, start, end),)
    hours: list[tuple[frozenset[int] | None, time, time]] = []
    seen: set[int] = set()
    for part in parts:
        found = re.fullmatch(r"(.*?) *([0-9]{1,2}:[0-9]{2} *- *[0-9]{1,2}:[0-9]{2})", part)
        if found is None or not found[1]:
            raise ScheduleError("expected hours by day like mon-thu 09:00-17:30; fri 09:00-13:00")
        days = parse_days(found[1])
        if days & seen:
            raise ScheduleError(f"{days_text(days & seen)} given hours twice")
        seen |= days
        hours.append((days, *parse_between(found[2])))
    return tuple(hours)


def parse_times(text: str) -> tuple[time, ...]:
    """Fixed times of day from '10:30, 15:00' (in order; '' for none; none twice)."""
    times = set()
    twice: list[time] = []
    for word in (w.strip(" ") for w in text.split(",")):
        if not word:
            continue
        found = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", word)
        if found is None or int(found[1]) > 23 or int(found[2]) > 59:
            raise ScheduleError("expected times of day like 10:30, 15:00")
        moment = time(int(found[1]), int(found[2]))
        twice = twice or ([moment] if moment in times else [])
        times.add(moment)
    if twice:  # a mistake, never a wish: said (once every word is read) rather than dropped
        raise ScheduleError(f"{twice[0]:%H:%M} given twice")
    if len(times) > MAX_TIMES:
        raise ScheduleError(f"expected at most {MAX_TIMES} times a day")
    return tuple(sorted(times))


MAX_TIMES = 24  # chosen: more fixed times than hours in a day is not a schedule


def times_text(times: tuple[time, ...]) -> str:
    """'10:30, 15:00'."""
    return ", ".join(f"{t:%H:%M}" for t in times)


def working_days(hours: Hours, days: frozenset[int]) -> frozenset[int]:
    """The days that have working hours: those of `days` that the hours give times for."""
    return frozenset(d for d in days if any(part is None or d in part for part, _, _ in hours))


def in_hours(moment: time, hours: Hours, days: frozenset[int]) -> bool:
    """Whether a time of day falls in the working hours of one of the working days."""
    for day in working_days(hours, days):
        for part, start, end in hours:
            if part is not None and day not in part:
                continue
            if (start <= moment < end) if start < end else (moment >= start or moment < end):
                return True
            break  # a day's hours are those of its first part
    return False


NO_WORKING_DAY = "no working day: remind_days and the days of remind_between have none in common"


def hours_text(hours: Hours) -> str:
    """Working hours as words: '09:00-17:30', or 'mon-thu 09:00-17:30; fri 09:00-13:00'."""
    return "; ".join(
        ("" if days is None else days_text(days).replace(", ", ",") + " ")
        + f"{start:%H:%M}-{'24:00' if end == time(0) else f'{end:%H:%M}'}"
        for days, start, end in hours
    )


def parse_days(text: str) -> frozenset[int]:
    """Days from 'mon-fri', 'mon,wed,fri', 'sat-sun', 'fri-mon', 'monday' or 'every day'
    (each day by its three letters or its whole English name, and nothing else; none twice)."""
    words = text.lower().strip(" ")
    if words in ("every day", "daily", "all", "mon-sun"):
        return frozenset(range(7))
    days: set[int] = set()
    twice: set[int] = set()
    for part in words.split(","):
        first, dash, last = (word.strip(" ") for word in part.partition("-"))
        a, b = _day(first), _day(last if dash else first)
        if a is None or b is None:
            raise ScheduleError("expected days like mon-fri or mon,wed,fri")
        found = {(a + i) % 7 for i in range((b - a) % 7 + 1)}
        twice = twice or found & days
        days.update(found)
    if twice:  # `mon,mon`, `mon-fri,wed`: a mistake, said (once every word is read)
        raise ScheduleError(f"{days_text(frozenset(twice))} given twice")
    return frozenset(days)


def _day(word: str) -> int | None:
    """Monday is 0: from 'mon' or 'monday'; None for any other word."""
    for names in (DAYS, DAY_NAMES):
        if word in names:
            return names.index(word)
    return None


def days_text(days: frozenset[int]) -> str:
    """Days as words: 'mon-fri', 'every day', 'mon, wed, fri'."""
    if len(days) == 7:
        return "every day"
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{DAYS[ordered[0]]}-{DAYS[ordered[-1]]}"
    return ", ".join(DAYS[d] for d in ordered)


def every_text(minutes: int) -> str:
    """'50 min', '1 h', '1 h 30 min'."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return " ".join(parts)


# `--since`: each form and what it means, said alike by --help, TAB and the errors.
SINCE_FORMS = (
    ("6w", "this week and the five before, from a Monday"),
    ("30d", "today and the 29 days before"),
)
SINCE_DATE = "2026-11-02"  # an example of the third form
SINCE_HELP = (
    ", ".join(f"{word} ({meaning})" for word, meaning in SINCE_FORMS)
    + f", or a date like {SINCE_DATE}"
)
SINCE_HINT = f"give weeks like 6w, days like 30d, or a date like {SINCE_DATE}"
MAX_DAYS = 3660  # ten years: any longer is a typo
FIRST_DAY = date(2000, 1, 1)  # the first day a session can have (moments.EARLIEST)


LAST_REVIEW_YEAR = 2100  # a review date later than this is a typo, as one before 2000 is


def review_date(text: str) -> date:
    """A plan's review date: `parse_date`'s, in the years 2000 (FIRST_DAY, the first a
    session can have) to LAST_REVIEW_YEAR; a DateError for one outside them ('0001-01-01',
    shown as "1 Jan 1", is a slip)."""
    when = parse_date(text)
    if not FIRST_DAY.year <= when.year <= LAST_REVIEW_YEAR:
        raise DateError(
            f"{text} is outside the years a plan is reviewed in "
            f"({FIRST_DAY.year} to {LAST_REVIEW_YEAR})"
        )
    return when


def first_day() -> date:
    """The first local day a session can be on, in this process's zone (the user's): the
    day that 2000-01-01 00:00 UTC (`moments.EARLIEST`, the earliest moment an import
    takes) falls on here; 31 Dec 1999 west of Greenwich."""
    return datetime.combine(FIRST_DAY, time(), UTC).astimezone().date()


def parse_since(text: str, today: date) -> date:
    """The first day from '6w' (this week and the five before, from a Monday) or '30d' (today
    and the 29 days before), up to ten years back, or a date (YYYY-MM-DD) from the first day
    a session can be on here (`first_day`: as `history import` takes them); SinceError
    otherwise."""
    word = text.strip().lower()
    found = re.fullmatch(r"([0-9]+) *([wd])", word)
    if found:
        digits = found[1].lstrip("0")
        # Any count longer than this is out of range; int() is kept off huge digit strings.
        count = int(digits[:8] or "0") if len(digits) <= 8 else MAX_DAYS + 1
        days = count * 7 if found[2] == "w" else count
        if not 1 <= days <= MAX_DAYS:
            raise SinceError(f"'{text}' is not from 1d to {MAX_DAYS // 7}w")
        if found[2] == "w":
            return today - timedelta(days=today.weekday(), weeks=count - 1)
        return today - timedelta(days=count - 1)
    if not re.fullmatch(r"[0-9]+-[0-9]+-[0-9]+", word):
        raise SinceError(f"cannot read '{text}'")
    try:
        start = parse_date(word)
    except DateError as exc:
        raise SinceError(str(exc)) from None
    if start > today:
        raise SinceError(f"{word} is after today")
    first = first_day()
    if start < first:
        raise SinceError(
            f"{word} is before {first.isoformat()}: no session can be that old (the earliest "
            f"is {FIRST_DAY.isoformat()} 00:00 UTC)"
        )
    return start
