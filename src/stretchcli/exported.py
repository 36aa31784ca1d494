"""Reading the exported form of the history (`history export`, `history import`) strictly:
it takes only what a run can write, every value in its range and every key known.

Each reader takes any JSON value and returns it typed, or raises a `Refused` saying what it
must look like; `field` adds the key it was under, `items` the index, so that a refusal names
its whole path (`exercises[2].holds`). The records (`records.py`) read themselves with these.
No I/O; the standard library only (the model is imported only when an id, a movement or a
scale is read: `history` starts faster without).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from stretchcli.sequences import joins
from stretchcli.text import character, hidden

# The most a run can write (the exported form is read within these; tests tie each to the
# rule it comes from): a routine lasts at most 4 hours (the catalog's cap) and a run may
# stretch it 4 times (model.SCALES); its steps are at least a 1-second hold each; a step
# holds at most 100 reps on 2 sides in 20 sets (the file schema's ranges); a note is one
# line of at most 500 characters (`--note`); an id is a file name's stem; `--minutes` is 1
# to 120.
MAX_SESSION_SECONDS = 4 * 3600 * 4
MAX_STEPS = 4 * 3600
MAX_HOLDS = 100 * 2 * 20
NOTE_CHARACTERS = 500
ID_CHARACTERS = 250
RUN_MINUTES = (1.0, 120.0)
UID = re.compile(r"[0-9a-f]{32}")  # a session's id across machines

# The keys a run writes, in the order they are checked.
SESSION_KEYS = (
    "uid",
    "routine",
    "started_at",
    "ended_at",
    "status",
    "seconds",
    "pain_before",
    "pain_after",
    "difficulty",
    "note",
    "exercises",
    "swaps",
    "options",
    "last_step",
)
RESULT_KEYS = ("exercise", "status", "holds", "done")
SWAP_KEYS = ("exercise", "instead", "avoided")
OPTION_KEYS = ("avoid", "only", "skip", "scale", "variants", "minutes")
EXAMPLE_TIME = "2026-11-24T08:30:00+01:00"
MISSING = object()  # a key that is not there
_SHOWN = 60  # characters of a refused value that a message shows
T = TypeVar("T", bound=str)
V = TypeVar("V")


class Refused(ValueError):
    """A value that a run could not have written: where it is (a key such as
    `exercises[2].holds`; empty until `under` is told), what it must look like, and what
    it was."""

    def __init__(self, problem: str, key: str = "", expected: str | None = None) -> None:
        super().__init__(f"{key}: {problem}" if key else problem)
        self.problem = problem
        self.key = key
        self.expected = expected  # what the value must be, where the problem says so

    def under(self, outer: str) -> Refused:
        """The same refusal, seen from one level out (`outer`: a key, or `[index]`)."""
        inner = self.key
        if not inner:
            key = outer
        elif inner.startswith("["):
            key = outer + inner
        else:
            key = f"{outer}.{inner}"
        return Refused(self.problem, key, self.expected)


def expected(what: str, value: object) -> Refused:
    """A refusal of `value`, which must be `what`."""
    if value is MISSING:
        return Refused(f"missing (expected {what})", expected=what)
    return Refused(f"expected {what}, got {shown(value)}", expected=what)


def shown(value: object) -> str:
    """A JSON value as a message shows it: short, any lone surrogate escaped."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:  # an integer too long to write out
        text = "a number too long to show"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def field(
    data: dict[str, object], key: str, read: Callable[[object], V], default: object = MISSING
) -> V:
    """The value of `key` (or `default` when it is missing; without one it must be there),
    read by `read`."""
    try:
        return read(data.get(key, default))
    except Refused as refused:
        raise refused.under(key) from None


def json_object(value: object, keys: tuple[str, ...], what: str) -> dict[str, object]:
    """A JSON object whose keys are all among `keys`."""
    if not isinstance(value, dict):
        raise expected(what, value)
    if not value.keys() <= set(keys):
        key = next(key for key in value if key not in keys)
        raise Refused(f"not a key a run writes here (the keys: {', '.join(keys)})", key)
    return value


def optional(read: Callable[[object], V]) -> Callable[[object], V | None]:
    """A reader of null, or of what `read` reads."""

    def optional(value: object) -> V | None:
        if value is None:
            return None
        try:
            return read(value)
        except Refused as refused:
            if refused.expected is None or refused.key:
                raise
            raise expected(f"null or {refused.expected}", value) from None

    return optional


def items(read: Callable[[object], V], most: int = MAX_STEPS) -> Callable[[object], tuple[V, ...]]:
    """A reader of a list of at most `most` items, each read by `read`."""

    def items(value: object) -> tuple[V, ...]:
        if not isinstance(value, list) or len(value) > most:
            raise expected(f"a list of at most {most} items", value)
        found = []
        for index, item in enumerate(value):
            try:
                found.append(read(item))
            except Refused as refused:
                raise refused.under(f"[{index}]") from None
        return tuple(found)

    return items


@functools.cache
def _id_pattern() -> re.Pattern[str]:
    from stretchcli.model import ID_RE

    return ID_RE


def identifier(example: str) -> Callable[[object], str]:
    """A reader of an id (a routine's or an exercise's: a file name's stem)."""

    def ident(value: object) -> str:
        fine = _id_pattern().fullmatch
        if isinstance(value, str) and len(value) <= ID_CHARACTERS and fine(value):
            return value
        raise expected(
            f"an id such as {example} (lowercase letters and digits, joined by single hyphens)",
            value,
        )

    return ident


def uid(value: object) -> str:
    """A session's id across machines."""
    if isinstance(value, str) and UID.fullmatch(value):
        return value
    raise expected("a session id: 32 lowercase hexadecimal digits", value)


# The offsets a run writes (its zone's at that moment): whole minutes from -12:00 to +14:00,
# which holds for every zone of zoneinfo at every moment since 2000.
OFFSETS = (timedelta(hours=-12), timedelta(hours=14))


def zone_offset(moment: datetime) -> bool:
    """Whether `moment` has an offset some zone has: whole minutes from -12:00 to +14:00."""
    offset = moment.utcoffset()
    if offset is None or offset % timedelta(minutes=1):
        return False
    return OFFSETS[0] <= offset <= OFFSETS[1]


# The one form of a time a run writes (`datetime.isoformat`): the other forms ISO 8601 and
# Python read (basic `20261102T083000+0100`, week dates, a space or `t`, hours alone, a
# comma, 7 digits of a second, `+01`, `-00:00`) come from no run, and are refused.
EXPORTED_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?"
    r"(?!-00:00)[+-][0-9]{2}:[0-9]{2}"
)
EXPORTED_FORM = f"YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM, as an export writes it: {EXAMPLE_TIME}"


def moment(value: object) -> datetime:
    """A time in an export: ISO 8601 with its offset, in the one form a run writes
    (EXPORTED_TIME; the reading stays as written), an offset a zone has."""
    what = f"a date and time with its offset, such as {EXAMPLE_TIME}"
    if not isinstance(value, str) or len(value) > len(EXAMPLE_TIME) * 2:
        raise expected(what, value)
    if not (value.isascii() and value.isprintable()):  # fromisoformat passes a trailing NUL
        raise expected(what, value)
    try:
        read = datetime.fromisoformat(value)
    except ValueError:
        raise expected(what, value) from None
    if read.tzinfo is None:
        raise expected(what, value)
    if not zone_offset(read):
        raise expected(f"{what}, its offset whole minutes from -12:00 to +14:00", value)
    if not EXPORTED_TIME.fullmatch(value):
        raise expected(f"a date and time written {EXPORTED_FORM}", value)
    return read


def one_of(allowed: tuple[T, ...]) -> Callable[[object], T]:
    """A reader of one of `allowed`."""

    def chosen(value: object) -> T:
        for one in allowed:
            if one == value:
                return one
        raise expected(f"one of {', '.join(allowed)}", value)

    return chosen


def whole(low: int, high: int, why: str = "") -> Callable[[object], int]:
    """A reader of a whole number from `low` to `high` (`why`: where `high` comes from)."""

    def whole(value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        raise expected(f"a whole number from {low} to {high}{' ' + why if why else ''}", value)

    return whole


def number(low: float, high: float, what: str) -> Callable[[object], float]:
    """A reader of a number (whole or not) from `low` to `high`, kept as written."""

    def number(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):  # (a union: slower)
            raise expected(f"{what} from {low:g} to {high:g}", value)
        if not low <= value <= high:  # never NaN or infinite
            raise expected(f"{what} from {low:g} to {high:g}", value)
        return value

    return number


_SECONDS_WHAT = f"a number of seconds ({MAX_SESSION_SECONDS // 3600} hours at most)"
_SECONDS = number(0, MAX_SESSION_SECONDS, _SECONDS_WHAT)


def seconds(value: object) -> float:
    """How long a session ran, in seconds (never -0.0: no clock counts that)."""
    found = float(_SECONDS(value))
    if found == 0 and math.copysign(1.0, found) < 0:
        raise expected(f"{_SECONDS_WHAT} from 0 to {MAX_SESSION_SECONDS:g}", value)
    return found


def note_problem(text: str) -> str:
    """What keeps `text` from being a note, said after 'the note' ('' when nothing does):
    the one check of every note, typed (`history note`, `--note`), imported or synced."""
    if not text:
        return "is empty"
    if len(text) > NOTE_CHARACTERS:
        return f"is longer than {NOTE_CHARACTERS} characters ({len(text)})"
    bad = hidden(text) or next((c for c in text if not (c.isprintable() or joins(c))), None)
    if bad is not None:
        return (
            f"has {character(bad)} (character {text.index(bad) + 1}), which is not shown as it is"
        )
    if text != text.strip():
        return "has a space at either end"
    return ""


def note(value: object) -> str | None:
    """A note as `--note` and `history note` store it (`note_problem`)."""
    if value is None:
        return None
    why = note_problem(value) if isinstance(value, str) else ""
    if isinstance(value, str) and not why:
        return value
    refused = expected(
        f"null or one line of 1 to {NOTE_CHARACTERS} printable characters, without spaces "
        "at either end or invisible characters",
        value,
    )
    if why:  # which character, or what else
        raise Refused(f"{refused.problem} (the note {why})", expected=refused.expected)
    raise refused


def movements(fewest: int) -> Callable[[object], tuple[str, ...]]:
    """A reader of a list of different movement names (at least `fewest`)."""

    def movements(value: object) -> tuple[str, ...]:
        from stretchcli.model import MOVEMENTS

        names = value if isinstance(value, list) else None
        if (
            names is not None
            and fewest <= len(names) <= len(MOVEMENTS)
            and all(name in MOVEMENTS for name in names)
            and len(set(names)) == len(names)
        ):
            return tuple(names)
        some = f"{fewest} to {len(MOVEMENTS)}"
        raise expected(f"a list of {some} different movements of {', '.join(MOVEMENTS)}", value)

    return movements


# The ids and ratings a session holds, each reader made once.
ROUTINE = identifier("upper-back")
EXERCISE = identifier("thoracic-rotation")
SWAPPED = identifier("back-extension")
INSTEAD = optional(identifier("pelvic-tilt"))
AVOIDED = movements(1)
ENDED = optional(moment)
rating = optional(whole(0, 10))
LAST_STEP = optional(whole(0, MAX_STEPS - 1))
HOLDS = whole(0, MAX_HOLDS)
_VARIANT_OF = identifier("rhomboid-stretch")
_VARIANT = identifier("long-sitting")


def _variants(value: object) -> dict[str, object]:
    """`--variant`'s choices: an exercise id to the name of one of its variants."""
    if not isinstance(value, dict) or len(value) > MAX_STEPS:
        raise expected(f"an object of at most {MAX_STEPS} exercise ids, each to a variant", value)
    for exercise in value:
        _VARIANT_OF(exercise)
        field(value, exercise, _VARIANT)
    return value


@functools.cache
def _scales() -> Callable[[object], float]:
    from stretchcli.model import SCALES

    return number(*SCALES, "a time scale")


def _scale(value: object) -> float:
    return _scales()(value)


_OPTIONS: dict[str, Callable[[object], object]] = {
    "avoid": movements(0),
    "only": items(EXERCISE),
    "skip": items(EXERCISE),
    "scale": _scale,
    "variants": _variants,
    "minutes": optional(number(*RUN_MINUTES, "a number of minutes")),
}


def options(value: object) -> dict[str, object]:
    """The options of a run, as it writes them (older runs wrote fewer)."""
    chosen = json_object(value, OPTION_KEYS, "the options of a run: an object")
    for key in chosen:
        field(chosen, key, _OPTIONS[key])
    for key in ("only", "skip"):  # `run` takes each step once, and one of the two
        steps = chosen.get(key) or []
        if isinstance(steps, list) and len(set(steps)) != len(steps):
            raise expected("a list of different exercise ids", steps).under(key)
    if chosen.get("only") and chosen.get("skip"):
        raise expected("[] with only: --only and --skip do not fit together", chosen["skip"]).under(
            "skip"
        )
    return chosen
