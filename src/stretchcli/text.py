"""Small text helpers with no dependencies: times, dates, counts, names, suggestions, plain
tables, and text from data made safe to show.

This module imports nothing of rich or of the rest of the package, so that any module may use
it and the commands that only print a table start fast (rich takes longer to import than
typer)."""

from __future__ import annotations

import functools
import json
import re
import sys
import textwrap
import time as system_time
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Literal

from stretchcli.sequences import joined

Align = Literal["left", "right"]
GAP = "   "  # between columns, as rich's SIMPLE_HEAD table draws them


# What acts on a terminal or hides text: control characters (and so escape codes), format
# characters (direction marks, zero-width characters, tags), line and paragraph separators,
# and halves of a surrogate pair (which no output can even encode).
_ACTING = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def shows_as_is(char: str) -> bool:
    """Whether a character may reach a terminal as it is: anything but a control or format
    character, a line or paragraph separator or half a surrogate pair (spaces of any width, a
    private-use icon or a code point newer than this Python's Unicode are shown)."""
    return unicodedata.category(char) not in _ACTING


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, 15.1): characters
# shown as nothing at all, such as the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0,
# U+17B4 and U+17B5, the grapheme joiner U+034F and the variation selectors; with the
# format characters, what makes two names or notes look the same and differ.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Not default-ignorable, yet drawn by every font as an empty cell: the braille blank, the
# usual stand-in for a Hangul filler (attack 17, H12: a note of it looked like none).
BLANK = ((0x2800, 0x2800),)
SHOWN_AS_NOTHING = DEFAULT_IGNORABLE + BLANK
_IGNORABLE = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in SHOWN_AS_NOTHING) + "]"
)


def _a_mark(char: str) -> bool:
    """A character shown as a mark of its own (not white space, not hidden)."""
    return shows_as_is(char) and not char.isspace() and _IGNORABLE.match(char) is None


def hidden(text: str) -> str | None:
    """The first character of `text` a reader cannot see as it is (one `shows_as_is` would
    not show, or a default-ignorable one, but for the joiners and selectors of an emoji
    sequence: `sequences.joined`), or None."""
    if text.isprintable() and _IGNORABLE.search(text) is None:
        return None
    kept = joined(text, _a_mark)
    return next(
        (
            c
            for i, c in enumerate(text)
            if i not in kept and (not shows_as_is(c) or _IGNORABLE.match(c) is not None)
        ),
        None,
    )


@functools.cache
def hidden_ranges() -> tuple[tuple[int, int], ...]:
    """The code points `hidden` finds, as (first, last) ranges over all of Unicode as this
    Python knows it: what the JSON Schema's text pattern refuses (0.1 s, made once)."""
    codes = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in _ACTING}
    codes.update(c for low, high in SHOWN_AS_NOTHING for c in range(low, high + 1))
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return tuple(ranges)


def character(char: str) -> str:
    """A character named for a message: 'U+202E RIGHT-TO-LEFT OVERRIDE', 'U+000A (a control
    character)'."""
    name = unicodedata.name(char, "")
    if name:
        return f"U+{ord(char):04X} {name}"
    kind = "a control character" if unicodedata.category(char) == "Cc" else "no character"
    return f"U+{ord(char):04X} ({kind})"


def one_line(text: str) -> str:
    """Text from data (a file, the history, an import, the config, the environment) as one
    line a terminal shows and never acts on: every character that could act on it or hide
    (control characters and so escape codes, line breaks, direction and zero-width marks) is
    written out escaped, as Python writes it (`\\x1b`, `\\n`, `\\u202e`); so is every
    default-ignorable character (`\\u3164`), which a terminal shows as nothing; but for the
    joiners and selectors of an emoji sequence (`sequences.joined`)."""
    if text.isprintable() and _IGNORABLE.search(text) is None:
        return text
    kept = joined(text, _a_mark)  # an emoji sequence's joiners and selectors, as they are
    return "".join(
        c if i in kept or (shows_as_is(c) and _IGNORABLE.match(c) is None) else _escaped(c)
        for i, c in enumerate(text)
    )


def _escaped(char: str) -> str:
    code = ord(char)
    if char.isprintable():  # repr() would give it as it is
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return repr(char)[1:-1]


# What json.dumps leaves as it is (it escapes C0 itself) of the characters `shows_as_is`
# refuses: DEL and C1, format characters, line and paragraph separators, surrogates; as of
# Unicode 15.1 (the tests check it against the running Python's tables). A search for these
# alone passes over letters of any script without calling back.
_JSON_ACTING = re.compile(
    "[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd"
    "\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def _json_escape(found: re.Match[str]) -> str:
    char = found.group()
    if shows_as_is(char):  # assigned after this Python's Unicode: not a format character here
        return char
    code = ord(char)
    if code > 0xFFFF:  # a surrogate pair, as JSON writes a character beyond 16 bits
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(data: object, indent: int | None = 2, ascii_only: bool = False) -> str:
    """Data as JSON, exactly (a program reading it gets the same strings back), with every
    character a terminal could act on or hide written as a `\\u` escape: json.dumps escapes
    only C0 control characters, and leaves DEL, C1 (CSI, OSC), direction marks and
    zero-width characters as they are."""
    return json_escaped(json.dumps(data, indent=indent, ensure_ascii=ascii_only))


def json_escaped(text: str, ascii_only: bool = False) -> str:
    """JSON text (json's own, or SQLite's) with every character a terminal could act on or
    hide written as a `\\u` escape, as `json_text` writes it; with `ascii_only`, every
    character beyond ASCII too."""
    # Two checks at the speed of C first: in ASCII only DEL can be left; text that is all
    # printable but its line breaks has none at all.
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    if ascii_only:
        return json_escaped(json.dumps(json.loads(text), separators=(",", ":")))
    if text.replace("\n", "").isprintable():
        return text
    return _JSON_ACTING.sub(_json_escape, text)


def whole_number(text: str, low: int, high: int) -> int | None:
    """`text` as a whole number from `low` to `high` (ASCII digits alone), else None. Its
    length is bounded before it is read: Python refuses to read an integer of more than
    4300 digits with a ValueError (attack 19, H3: a traceback for a 5000-digit session id)."""
    if text.isascii() and text.isdigit() and len(text) <= 20 and low <= int(text) <= high:
        return int(text)
    return None


def clock(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss), rounded to the second."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs_ = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs_:02d}" if hours else f"{minutes}:{secs_:02d}"


def secs(seconds: float) -> str:
    """A short duration like '30 s' or '2.5 s'."""
    return f"{seconds:g}\u00a0s"  # no-break space: a number never wraps away from its unit


# Dates for people, one style everywhere ('Mon 2 Nov 12:49'): the day before the month, so
# that no reader takes 2 Nov for 11 Feb, in English whatever the locale (as the rest of the
# text is).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def listing(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def day_month(day: date) -> str:
    """'2 Nov'."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def full_date(day: date) -> str:
    """'2 Nov 2026'."""
    return f"{day_month(day)} {day.year}"


def weekday(day: date) -> str:
    """'Mon 2 Nov'."""
    return f"{WEEKDAYS[day.weekday()]} {day_month(day)}"


def dated(day: date, year: int | None) -> str:
    """'2 Nov' for a day in `year` (the one year the reader is in, or that a report spans),
    '2 Nov 2025' for any other, and for every day where `year` is None (dates that span
    years): three Decembers must not read as one week."""
    return day_month(day) if day.year == year else full_date(day)


def weekday_dated(day: date, year: int | None) -> str:
    """'Mon 2 Nov', or 'Mon 2 Nov 2025' (as `dated`)."""
    return f"{WEEKDAYS[day.weekday()]} {dated(day, year)}"


def time_of_day(moment: datetime | time) -> str:
    """'12:49' (24-hour). A local moment (aware) in the hour the clock shows twice, the night
    it goes back, carries its offset: '01:30 -04:00', an hour later '01:30 -05:00'."""
    shown = f"{moment.hour:02d}:{moment.minute:02d}"
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        wall = moment.replace(tzinfo=None)
        if _offset_changes(wall.isoformat()[:13]) and shown_twice(wall):
            return f"{shown} {moment.isoformat()[19:].lstrip('.0123456789')}"
    return shown


def local_time_of_day(local: str) -> str:
    """The same, from a local time written as ISO 8601 with its offset (as SQLite gives a
    row: read without making a datetime, for a million rows)."""
    shown = local[11:16]
    if _offset_changes(local[:13]) and shown_twice(datetime.fromisoformat(local[:16])):
        return f"{shown} {local[19:].lstrip('.0123456789')}"
    return shown


def shown_twice(wall: datetime) -> bool:
    """Whether the local clock (the process's zone) shows the minute of `wall` (naive) twice,
    or part of it: the night the clocks go back."""
    start = wall.replace(second=0, microsecond=0)
    return any(
        shown.replace(fold=0).astimezone().utcoffset()
        != shown.replace(fold=1).astimezone().utcoffset()
        for shown in (start, start.replace(second=59, microsecond=999_999))
    )


# Local hour ('2026-11-01T01') -> whether the offset changes in it, in the zone of `_seen`
# (time.tzname: a new tuple each time the zone is set, so a test's new zone is noticed).
_hours: dict[str, bool] = {}
_seen: list[object] = [None]


def _offset_changes(hour: str) -> bool:
    """Whether the zone's offset changes within a local hour: the short way past
    `shown_twice` for every other hour (asked of every row of a report)."""
    if system_time.tzname is not _seen[0] or len(_hours) > 100_000:
        _hours.clear()
        _seen[0] = system_time.tzname
    found = _hours.get(hour)
    if found is None:
        start = datetime.fromisoformat(hour + ":00")
        walls = (start, start.replace(minute=59, second=59, microsecond=999_999))
        try:
            offsets = {w.replace(fold=f).astimezone().utcoffset() for w in walls for f in (0, 1)}
        except (ValueError, OverflowError):
            offsets = set()
        found = _hours[hour] = len(offsets) > 1
    return found


def moment(when: datetime) -> str:
    """'Mon 2 Nov 12:49'."""
    return f"{weekday(when)} {time_of_day(when)}"


def moment_dated(when: datetime, year: int | None) -> str:
    """'Mon 2 Nov 12:49', or 'Mon 2 Nov 2025 12:49' outside `year` (as `dated`)."""
    return f"{weekday_dated(when.date(), year)} {time_of_day(when)}"


def plural(count: int, word: str, many: str = "") -> str:
    """'1 file', '3 files' (`many` for a word that does not just take an s)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def pain_text(before: int | None, after: int | None) -> str:
    """Pain before and after a session: '4 → 2', '4 → ?', or '-' when neither was given."""
    if before is None and after is None:
        return "-"
    return f"{'?' if before is None else before} → {'?' if after is None else after}"


def display_name(name: str, variant: str | None) -> str:
    """A name with the variant being done: 'Rhomboid stretch (long-sitting)'."""
    return f"{name} ({variant})" if variant else name


def did_you_mean(name: str, known: Iterable[str], otherwise: str = "", cutoff: float = 0.6) -> str:
    """'did you mean 'x'?' with the closest known name, else `otherwise`. Of names as close
    as each other, the one that starts as `name` does for longer wins, then the first
    known: 'mun' is 'mon', not 'sun' (a typo rarely hits the first letter)."""
    import difflib
    import itertools

    found: list[tuple[float, int, int, str]] = []
    for index, candidate in enumerate(known):
        score = difflib.SequenceMatcher(None, name, candidate).ratio()
        if score >= cutoff:
            same = itertools.takewhile(
                lambda pair: pair[0] == pair[1], zip(name, candidate, strict=False)
            )
            prefix = sum(1 for _ in same)
            found.append((score, prefix, -index, candidate))
    return f"did you mean '{max(found)[3]}'?" if found else otherwise


def source_label(source: str) -> str:
    """Where a file comes from, in words: built-in, yours, STRETCH_PATH."""
    return {"built-in": "built-in", "user": "yours", "path": "STRETCH_PATH"}.get(source, source)


def columns(text: str) -> int:
    """How many terminal columns `text` takes: wide (East Asian) characters two, combining
    marks none. For text that `one_line` has made printable."""
    if text.isascii():
        return len(text)
    return sum(_columns(c) for c in text)


def _columns(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, size: int, side: Align = "left") -> str:
    """`text` in exactly `size` columns: cut short with '…', or padded on the other side."""
    if columns(text) > size:
        kept, used = [], 0
        for char in text:
            used += _columns(char)
            if used > size - 1:
                break
            kept.append(char)
        text = "".join(kept) + "…"
    pad = " " * max(0, size - columns(text))
    return pad + text if side == "right" else text + pad


_LABEL = re.compile(r"^[A-Z][a-z ]*: {2,}")  # "Exercises:   ...": a label, then its value


def wrapped(lines: Iterable[str], width: int, hang: int = 0) -> list[str]:
    """Lines wrapped at words to `width` (0: as they are): a list item's lines under its
    text, a label's under its value, any other line's `hang` columns in from its start. A
    word longer than the width (an address) is never broken: it goes on a line of its own,
    whole."""
    found: list[str] = []
    for line in lines:
        if width <= 0:
            found.append(line)
            continue
        item = line.lstrip(" ")
        indent = " " * (len(line) - len(item)) + ("  " if item.startswith("- ") else " " * hang)
        label = _LABEL.match(line)
        if label:
            indent = " " * label.end()
        # The indent given as the first line's own, not left in its text: else an address
        # too long for the first line went to the next at column 0, not under its text.
        found += textwrap.wrap(
            item,
            width,
            initial_indent=" " * (len(line) - len(item)),
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return found


def wrapped_prompt(text: str, width: int) -> str:
    """A question wrapped at words to `width` (0: as it is), the answer typed after its
    last line: that line keeps its trailing space."""
    if width <= 0:
        return text
    return "\n".join(wrapped([text.rstrip(" ")], width)) + " " * (len(text) - len(text.rstrip(" ")))
