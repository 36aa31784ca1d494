"""The fast way through an import's session lines: a line as `history export` writes it (no
escape in it, every key once, every value one a run writes) becomes its stored row and its
exercises' rows in one pass over its JSON, without a Python object per value checked.

It decides nothing on its own: a line it does not take at once (None) goes to the strict
reader (`export_file.parse`, `Session.from_record`), which either takes it or says what is
wrong with it, and a line it takes is one the strict reader takes, with the same rows
(tests/test_fast_lines.py holds it to both). Each check below is the strict reader's, in
the order that costs least; where they could differ (a key twice, NaN, deep nesting, a
very long line) it leaves the line to the strict reader.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from stretchcli import exported, session_shape
from stretchcli.columns import stored_time
from stretchcli.exported import (
    ID_CHARACTERS,
    MAX_HOLDS,
    MAX_SESSION_SECONDS,
    MAX_STEPS,
    NOTE_CHARACTERS,
    OPTION_KEYS,
    RESULT_KEYS,
    RUN_MINUTES,
    SESSION_KEYS,
    SWAP_KEYS,
    UID,
)
from stretchcli.history.export_file import MAX_LINE
from stretchcli.history.rows import Exercise
from stretchcli.model import ID_RE, MOVEMENTS, SCALES
from stretchcli.records import EXERCISE_STATUSES, SESSION_STATUSES
from stretchcli.session_shape import SwapShape
from stretchcli.text import hidden

# A line taken: its uid, its row's columns (SESSION_COLUMNS), its exercises' rows (exercise, status,
# holds, done) in order, and its JSON (to read as a Session where it must be compared).
Line = tuple[str, tuple[object, ...], list[Exercise], dict[str, object]]

_SESSION_KEYS = frozenset(SESSION_KEYS)
_RESULT_KEYS = frozenset(RESULT_KEYS)
_SWAP_KEYS = frozenset(SWAP_KEYS)
_OPTION_KEYS = frozenset(OPTION_KEYS)
_SESSION_STATUSES = frozenset(SESSION_STATUSES)
_EXERCISE_STATUSES = frozenset(EXERCISE_STATUSES)
_ENDED = frozenset(("completed", "stopped"))  # have an ended_at
_MOMENT_CHARACTERS = len(exported.EXAMPLE_TIME) * 2
# A time as `stored_time` writes it: stored as it is (working it out again takes longer).
_STORED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00")
_EXPORTED = exported.EXPORTED_TIME.fullmatch  # the one form of a time a run writes
_decode = json.JSONDecoder().decode  # json.loads's own, without its keyword checks
_uid = UID.fullmatch
_ids: set[str] = set()  # ids already seen to be ids (a few dozen in a history)
_MANY_IDS = 4096  # ids kept at most: a file of a million different ids stays small


def _id(value: object) -> bool:
    """Whether `value` is an id (`exported.identifier` would take it)."""
    if type(value) is not str:
        return False
    if value in _ids:
        return True
    if len(value) <= ID_CHARACTERS and ID_RE.fullmatch(value):
        if len(_ids) < _MANY_IDS:
            _ids.add(value)
        return True
    return False


def _moment(value: object, earliest: datetime, latest: datetime) -> tuple[str, datetime] | None:
    """The stored form of a time that `exported.moment` reads and someone can have lived
    (from `earliest` to `latest`), and the time; or None."""
    if type(value) is not str or len(value) > _MOMENT_CHARACTERS:
        return None
    if not (value.isascii() and value.isprintable()) or not _EXPORTED(value):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if not exported.zone_offset(moment) or not earliest <= moment <= latest:
        return None
    return (value if _STORED.fullmatch(value) else stored_time(moment)), moment


def _number(value: object, low: float, high: float) -> bool:
    """Whether `value` is a number (whole or not, never NaN) from `low` to `high`."""
    return (type(value) is float or type(value) is int) and low <= value <= high


def _rating(value: object) -> bool:
    return value is None or (type(value) is int and 0 <= value <= 10)


def _movements(value: object, fewest: int) -> int:
    """How many movements `value` names, if it is a list of `fewest` to all different
    movements (`exported.movements`); -1 if not."""
    if type(value) is not list or not fewest <= len(value) <= len(MOVEMENTS):
        return -1
    if not all(name in MOVEMENTS for name in value) or len(set(value)) != len(value):
        return -1
    return len(value)


def _options(options: dict[str, object]) -> int:
    """How many texts (keys and values) the options of a run hold, if `exported.options`
    takes them; -1 if not."""
    if not options.keys() <= _OPTION_KEYS:
        return -1
    texts = len(options)
    for key, value in options.items():
        if key == "avoid":
            found = _movements(value, 0)
            if found < 0:
                return -1
            texts += found
        elif key in ("only", "skip"):
            if type(value) is not list or len(value) > MAX_STEPS or not all(map(_id, value)):
                return -1
            if len(set(value)) != len(value):  # each step once
                return -1
            texts += len(value)
        elif key == "variants":
            if type(value) is not dict or len(value) > MAX_STEPS:
                return -1
            if not all(_id(name) and _id(chosen) for name, chosen in value.items()):
                return -1
            texts += 2 * len(value)
        elif key == "scale":
            if not _number(value, *SCALES):
                return -1
        elif value is not None and not _number(value, *RUN_MINUTES):  # minutes
            return -1
    if options.get("only") and options.get("skip"):  # they do not fit together
        return -1
    return texts


def session(raw: str | bytes, earliest: datetime, latest: datetime) -> Line | None:
    """A session's line (not the first) as its rows, if the strict reader would take it and
    its times are from `earliest` to `latest`; None for any other line."""
    if len(raw) > MAX_LINE:
        return None
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if "\\" in line:  # an escape: a key could be spelt two ways, a surrogate be alone
            return None
        data = _decode(line)
    except (ValueError, RecursionError):  # not UTF-8, not JSON (or NaN, a huge number...)
        return None
    if type(data) is not dict or not data.keys() <= _SESSION_KEYS:
        return None
    get = data.get
    uid = get("uid")
    routine = get("routine")
    status = get("status")
    seconds = get("seconds")
    note = get("note")
    last_step = get("last_step")
    texts = len(data) + 4  # every key, and uid, routine, started_at and status
    if type(uid) is not str or not _uid(uid) or not _id(routine):
        return None
    if type(status) is not str or status not in _SESSION_STATUSES:
        return None
    if not _number(seconds, 0, MAX_SESSION_SECONDS) or (seconds == 0 and str(seconds)[0] == "-"):
        return None
    if not (_rating(get("pain_before")) and _rating(get("pain_after"))):
        return None
    if not _rating(get("difficulty")):
        return None
    if last_step is not None and (type(last_step) is not int or not 0 <= last_step < MAX_STEPS):
        return None
    if note is not None:
        if type(note) is not str or not 0 < len(note) <= NOTE_CHARACTERS:
            return None
        if not note.isprintable() or note != note.strip() or hidden(note) is not None:
            return None
        texts += 1
    started = _moment(get("started_at"), earliest, latest)
    ended = get("ended_at")
    finished = None if ended is None else _moment(ended, earliest, latest)
    if started is None or (ended is not None and finished is None):
        return None
    started_at, ended_at = started[0], None if finished is None else finished[0]
    if ended is None and status in _ENDED:
        return None
    if ended is not None:
        if status == "running":
            return None
        if ended_at is not None and ended_at < started_at:  # stored: text order is time order
            return None
        texts += 1
    exercises = _exercises(get("exercises"))
    swaps = get("swaps", [])
    options = get("options", {})
    if exercises is None or type(swaps) is not list or type(options) is not dict:
        return None
    stored_swaps = _swaps(swaps)
    found = _options(options)
    if stored_swaps is None or found < 0:
        return None
    end = None if finished is None else finished[1]
    shape = stored_swaps[2]
    if session_shape.problem(status, started[1], end, seconds, exercises, shape) is not None:  # type: ignore[arg-type]
        return None
    texts += found + 6 * len(exercises) + stored_swaps[1]  # an exercise: 4 keys, 2 texts
    # No escape: each '"' opens or closes a text, and a key given twice (kept once by
    # json) would leave more of them than the texts read.
    if line.count('"') != 2 * texts:
        return None
    columns = (
        routine,
        started_at,
        ended_at,
        status,
        float(seconds),  # type: ignore[arg-type]
        get("pain_before"),
        get("pain_after"),
        _options_text(options),
        last_step,
        uid,
        note,
        get("difficulty"),
        stored_swaps[0],
    )
    return uid, columns, exercises, data


# Options as stored, by their keys, values and the values' types (1 and 1.0 are written
# apart); only options of plain values, which are all that most runs have.
_written: dict[tuple[object, ...], str] = {}
_PLAIN = (int, float, type(None))


def _options_text(options: dict[str, object]) -> str:
    """The options as stored (`json.dumps`), worked out once for each of a few plain ones
    (a history's runs have a few options, a million times over)."""
    if not options:
        return "{}"
    values = tuple(options.values())
    types = tuple(map(type, values))
    if not all(kind in _PLAIN for kind in types):
        return json.dumps(options)
    key = (tuple(options), values, types)
    text = _written.get(key)
    if text is None:
        text = json.dumps(options)
        if len(_written) < _MANY_IDS:
            _written[key] = text
    return text


def _exercises(value: object) -> list[Exercise] | None:
    """The rows of a session's exercises (`ExerciseResult.from_record` of each), or None."""
    if type(value) is not list or len(value) > MAX_STEPS:
        return None
    found: list[Exercise] = []
    for item in value:
        if type(item) is not dict or len(item) != len(RESULT_KEYS):
            return None  # (a missing key is refused; an unknown one is caught by the keys)
        if not item.keys() <= _RESULT_KEYS:
            return None
        exercise, status, holds, done = (
            item["exercise"],
            item["status"],
            item["holds"],
            item["done"],
        )
        if type(holds) is not int or type(done) is not int or not 0 <= done <= holds <= MAX_HOLDS:
            return None
        if type(status) is not str or status not in _EXERCISE_STATUSES or not _id(exercise):
            return None
        found.append((exercise, status, holds, done))
    return found


def _swaps(value: list[object]) -> tuple[str, int, list[SwapShape]] | None:
    """The stored swaps (`Swap.from_record` of each, as `Session.columns` writes them), how
    many texts they hold, and each one's exercise and what it was done as; or None."""
    if not value:
        return "[]", 0, []
    if len(value) > MAX_STEPS:
        return None
    records = []
    shape: list[SwapShape] = []
    texts = 0
    for item in value:
        if type(item) is not dict or not item.keys() <= _SWAP_KEYS:
            return None
        exercise, instead, avoided = item.get("exercise"), item.get("instead"), item.get("avoided")
        movements = _movements(avoided, 1)
        if movements < 0 or not _id(exercise) or not (instead is None or _id(instead)):
            return None
        texts += len(item) + 1 + movements + (instead is not None)
        records.append({"exercise": exercise, "instead": instead, "avoided": avoided})
        shape.append((exercise, instead))  # type: ignore[arg-type]
    return json.dumps(records), texts, shape
