"""The records' one way to and from each form: any session a run can write survives an export
and an import, and a trip through the store; a value a run could not have written is refused,
named by its key, with what it must look like."""

from __future__ import annotations

import json
import math
import re
import tempfile
import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli import session_shape
from stretchcli.exported import (
    ID_CHARACTERS,
    MAX_HOLDS,
    MAX_SESSION_SECONDS,
    MAX_STEPS,
    NOTE_CHARACTERS,
    RUN_MINUTES,
    SESSION_KEYS,
    Refused,
)
from stretchcli.history.store import History
from stretchcli.model import ID_RE, MOVEMENTS, SCALES
from stretchcli.records import (
    EXERCISE_STATUSES,
    OUTCOMES,
    SESSION_STATUSES,
    VIAS,
    ExerciseResult,
    Outcome,
    Reminder,
    Session,
    Swap,
    Via,
)
from stretchcli.session_shape import FASTEST_HOLD, SPAN_SLACK
from stretchcli.text import hidden
from tests.test_history import NOON

ROUNDS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

zones = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-12 * 60, 14 * 60)
)
# Times someone can have lived by the tests' clocks (an import refuses the others).
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(datetime(2000, 1, 2), datetime(2026, 11, 2)),
    zones,
)
# What a run writes: ids are file stems, a note is one printable line without invisible
# characters, counts in range.
ids = st.from_regex(ID_RE, fullmatch=True).filter(lambda i: len(i) <= ID_CHARACTERS)
notes = (
    st.text(
        st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")).filter(
            lambda c: hidden(c) is None
        )
        | st.just(" "),
        min_size=1,
        max_size=NOTE_CHARACTERS,
    )
    .map(str.strip)
    .filter(bool)
)
ratings = st.none() | st.integers(0, 10)
movements = st.lists(st.sampled_from(MOVEMENTS), unique=True)


@st.composite
def results(draw: st.DrawFn, completed: bool = False, reached: bool = True) -> ExerciseResult:
    """How far an exercise got: done when every hold ran its time; every step entered in a
    completed session; none of a step not reached, nor of any step after it (`reached`:
    no step before it is unreached)."""
    holds = draw(st.integers(0, MAX_HOLDS))
    if not reached:
        return ExerciseResult(draw(ids), "not reached", holds, 0)
    status = draw(
        st.sampled_from([s for s in EXERCISE_STATUSES if not completed or s != "not reached"])
    )
    done = (
        holds if status == "done" else 0 if status == "not reached" else draw(st.integers(0, holds))
    )
    return ExerciseResult(draw(ids), status, holds, done)


@st.composite
def steps(draw: st.DrawFn, completed: bool, least: int) -> tuple[ExerciseResult, ...]:
    """A session's results in order, as a run reaches its steps: one by one."""
    found: list[ExerciseResult] = []
    for _ in range(draw(st.integers(least, 6))):
        reached = not found or found[-1].status != "not reached"
        found.append(draw(results(completed, reached)))
    return tuple(found)


swaps = st.builds(Swap, ids, movements.filter(bool).map(tuple), st.none() | ids)
options = st.fixed_dictionaries(
    {},
    optional={
        "avoid": movements,
        "only": st.lists(ids, max_size=3, unique=True),
        "skip": st.lists(ids, max_size=3, unique=True),
        "scale": st.floats(*SCALES),
        "variants": st.dictionaries(ids, ids, max_size=2),
        "minutes": st.none() | st.floats(*RUN_MINUTES),
    },
).filter(lambda chosen: not (chosen.get("only") and chosen.get("skip")))


def _swappable(made: list[Swap]) -> bool:
    """Whether a run can make these swaps (`session_shape.swaps_problem`)."""
    return session_shape.swaps_problem([(w.exercise, w.instead) for w in made]) is None


@st.composite
def sessions(draw: st.DrawFn, least: int = 0) -> Session:
    """A session as a run writes it (`least`: exercises and swaps it has at least)."""
    status = draw(st.sampled_from(SESSION_STATUSES))
    started_at = draw(moments)
    # A completed session has an exercise: a run stores nothing before its first begins.
    exercises = draw(steps(status == "completed", max(least, status == "completed")))
    # The holds done took their time, at least the shortest hold's each.
    least_seconds = max(0, sum(e.done for e in exercises) * FASTEST_HOLD - SPAN_SLACK)
    # A run ends after it starts (in any zone: the machine's may have changed meanwhile).
    ends = st.builds(
        lambda seconds, zone: (started_at + timedelta(seconds=seconds)).astimezone(zone),
        st.integers(math.ceil(least_seconds), MAX_SESSION_SECONDS),
        zones,
    )
    ended = draw({"running": st.none(), "interrupted": st.none() | ends}.get(status, ends))
    # Pauses are left out of the seconds: at most the span from start to end.
    most = MAX_SESSION_SECONDS if ended is None else (ended - started_at).total_seconds()
    return Session(
        id=0,
        routine=draw(ids),
        started_at=started_at,
        ended_at=ended,
        status=status,
        seconds=max(
            round(draw(st.floats(least_seconds, most)), 1), math.ceil(least_seconds * 10) / 10
        ),
        pain_before=draw(ratings),
        pain_after=draw(ratings),
        options=draw(options),
        last_step=draw(st.none() | st.integers(0, MAX_STEPS - 1)),
        exercises=exercises,
        uid=draw(st.binary(min_size=16, max_size=16).map(bytes.hex)),
        note=draw(st.none() | notes),
        difficulty=draw(ratings),
        swaps=tuple(draw(st.lists(swaps, min_size=least, max_size=3).filter(_swappable))),
    )


@ROUNDS
@given(sessions())
def test_any_session_survives_an_export_and_an_import(session: Session) -> None:
    line = json.dumps(session.exported())
    assert Session.from_record(json.loads(line)) == session


@ROUNDS
@given(sessions(), zones)
def test_any_session_survives_its_stored_row_in_any_time_zone(
    session: Session, local: timezone
) -> None:
    row = {**session.columns(), "id": 7}
    parts = [e.record() for e in session.exercises]
    back = Session.from_columns(row, parts, local)
    assert back == replace(session, id=7)
    assert back.started_at.utcoffset() == local.utcoffset(None)


@ROUNDS
@given(st.lists(sessions(), max_size=4, unique_by=lambda s: s.uid))
def test_sessions_stored_and_read_back_are_the_same(found: list[Session]) -> None:
    ended = [s for s in found if s.status != "running"]  # no process: a running one reads
    with tempfile.TemporaryDirectory() as folder:  # as interrupted (test_history)
        history = History(Path(folder) / "h.sqlite3", print, lambda: NOON)
        history.add_sessions(ended)
        stored = history.sessions()
    oldest_first = sorted(ended, key=lambda s: s.started_at)  # stable: ties as stored
    assert [replace(s, id=0) for s in stored] == oldest_first


@given(moments, ids, st.sampled_from(OUTCOMES), st.none() | moments, st.sampled_from(VIAS))
def test_any_reminder_survives_its_stored_row(
    at: datetime, routine: str, outcome: Outcome, until: datetime | None, via: Via
) -> None:
    reminder = Reminder(3, at, routine, outcome, until, via)
    assert Reminder.from_columns({**reminder.columns(), "id": 3}, NOON.tzinfo) == reminder


GOOD = Session(
    id=0,
    routine="upper-back",
    started_at=NOON,
    ended_at=NOON + timedelta(minutes=15),
    status="completed",
    seconds=899.0,
    pain_before=5,
    pain_after=3,
    options={},
    last_step=4,
    exercises=(ExerciseResult("thoracic-rotation", "done", 10, 10),),
    uid="a" * 32,
    swaps=(Swap("back-extension", ("extension",), "pelvic-tilt"),),
)


ID = "(lowercase letters and digits, joined by single hyphens)"
TIME = "a date and time with its offset, such as 2026-11-24T08:30:00+01:00"
RATING = "null or a whole number from 0 to 10"
MOVES = "different movements of rotation, side-bend, flexion, extension"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("uid", "A" * 32, 'expected a session id: 32 lowercase hexadecimal digits, got "AAAA'),
        ("routine", "", f'expected an id such as upper-back {ID}, got ""'),
        ("routine", "Upper Back", f'expected an id such as upper-back {ID}, got "Upper Back"'),
        ("started_at", "2026-11-24T12:00:00", f'expected {TIME}, got "2026-11-24T12:00:00"'),
        ("ended_at", "later", f'expected null or {TIME}, got "later"'),
        ("status", "paused", 'expected one of running, completed, stopped, interrupted, got "pa'),
        ("seconds", True, "expected a number of seconds (16 hours at most) from 0 to 57600, g"),
        ("seconds", -1, "expected a number of seconds (16 hours at most) from 0 to 57600, g"),
        ("seconds", 57600.1, "expected a number of seconds (16 hours at most) from 0 to 57600"),
        ("pain_before", 11, f"expected {RATING}, got 11"),
        ("pain_after", -1, f"expected {RATING}, got -1"),
        ("difficulty", 2.5, f"expected {RATING}, got 2.5"),
        ("difficulty", True, f"expected {RATING}, got true"),
        ("note", 3, "expected null or one line of 1 to 500 printable characters, without sp"),
        ("note", "", "expected null or one line of 1 to 500 printable characters, without sp"),
        ("options", [], "expected the options of a run: an object, got []"),
        ("last_step", "x", 'expected null or a whole number from 0 to 14399, got "x"'),
        ("last_step", 2**63, "expected null or a whole number from 0 to 14399, got 92233720368"),
        ("exercises", None, "expected a list of at most 14400 items, got null"),
        ("swaps", {}, "expected a list of at most 14400 items, got {}"),
    ],
)
def test_an_exported_value_a_run_could_not_write_is_named_by_its_key_with_what_it_must_be(
    key: str, value: object, message: str
) -> None:
    data = {**GOOD.exported(), key: value}
    with pytest.raises(Refused) as caught:
        Session.from_record(data)
    assert (caught.value.key, str(caught.value)[: len(key) + 2 + len(message)]) == (
        key,
        f"{key}: {message}",
    )


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            {"exercises": [{"exercise": "x", "status": "done", "holds": 1}]},
            "exercises[0].done",
            "missing (expected a whole number from 0 to 1 (its holds))",
        ),
        (
            {"exercises": [{"exercise": "x", "status": "done", "holds": 2**63, "done": 0}]},
            "exercises[0].holds",
            "expected a whole number from 0 to 4000, got 9223372036854775808",
        ),
        (
            {"exercises": [{"exercise": "x", "status": "done", "holds": 3, "done": 4}]},
            "exercises[0].done",
            "expected a whole number from 0 to 3 (its holds), got 4",
        ),
        (
            {"exercises": [{"exercise": "x", "status": "finished", "holds": 3, "done": 3}]},
            "exercises[0].status",
            'expected one of done, partial, skipped, not reached, hurt, got "finished"',
        ),
        (
            {"swaps": [{"exercise": "x", "avoided": "extension"}]},
            "swaps[0].avoided",
            f'expected a list of 1 to 4 {MOVES}, got "extension"',
        ),
        (
            {"swaps": [{"exercise": "x", "avoided": ["twist"]}]},
            "swaps[0].avoided",
            f'expected a list of 1 to 4 {MOVES}, got ["twist"]',
        ),
        (
            {"note": "\ud800"},  # a lone surrogate: SQLite cannot store it
            "note",
            "expected null or one line of 1 to 500 printable characters, without spaces at "
            'either end or invisible characters, got "\\ud800"',
        ),
        ({"id": 3}, "id", "not a key a run writes here (the keys: uid, routine, started_at, "),
        (
            {"options": {"scale": 1e999}},
            "options.scale",
            "expected a time scale from 0.25 to 4, got Infinity",
        ),
        (
            {"options": {"avoid": ["flexion", "flexion"]}},
            "options.avoid",
            f'expected a list of 0 to 4 {MOVES}, got ["flexion", "flexion"]',
        ),
        (
            {"options": {"variants": {"rhomboid-stretch": "Chair"}}},
            "options.variants.rhomboid-stretch",
            f'expected an id such as long-sitting {ID}, got "Chair"',
        ),
        (
            {"options": {"minutes": 0}},
            "options.minutes",
            "expected null or a number of minutes from 1 to 120, got 0",
        ),
        (
            {"options": {"coach": "full"}},
            "options.coach",
            "not a key a run writes here (the keys: avoid, only, skip, scale, variants, minutes)",
        ),
        (
            {"status": "running"},  # a run still going has not ended
            "ended_at",
            'expected null for a running session, got "2026-11-24T12:15:00+01:00"',
        ),
        (
            {"ended_at": None},  # a completed run says when it ended
            "ended_at",
            "expected the date and time a completed session ended, such as 2026-11-24T08:30:00",
        ),
    ],
)
def test_a_value_within_a_session_a_run_could_not_write_is_named_by_its_path(
    change: dict[str, object], key: str, message: str
) -> None:
    data = {**GOOD.exported(), **change}
    with pytest.raises(Refused) as caught:
        Session.from_record(data)
    assert caught.value.key == key
    assert str(caught.value).startswith(f"{key}: {message}")


def test_a_missing_key_is_refused_unless_older_files_lack_it() -> None:
    data = GOOD.exported()
    del data["options"], data["swaps"]
    assert Session.from_record(data) == replace(GOOD, swaps=())
    for key in ("uid", "routine", "started_at", "status", "seconds", "exercises"):
        data = GOOD.exported()
        del data[key]
        with pytest.raises(Refused, match=rf"^{key}: missing \(expected "):
            Session.from_record(data)
    for key in ("pain_before", "pain_after", "difficulty", "note", "last_step"):
        data = GOOD.exported()
        del data[key]
        assert Session.from_record(data).exported() == {**GOOD.exported(), key: None}


def test_the_bounds_are_the_rules_they_come_from() -> None:
    from stretchcli.files.cross_checks import MAX_ROUTINE_SECONDS
    from stretchcli.files.fields import HOLD, REPS, SETS
    from stretchcli.session.options import MINUTES

    assert MAX_ROUTINE_SECONDS * SCALES[1] == MAX_SESSION_SECONDS  # the longest, slowest run
    assert HOLD.low == REPS.low == 1 and MAX_STEPS == MAX_ROUTINE_SECONDS  # 1-s steps
    assert REPS.high * 2 * SETS.high == MAX_HOLDS  # both sides
    assert RUN_MINUTES == MINUTES
    assert ID_CHARACTERS + len(".yaml") <= 255  # a file name's length


# Any JSON value, where the interesting ones (bounds, types that JSON blurs) come often.
EDGES: list[object] = [
    None, True, False, 0, 1, -1, 10, 11, 2**63 - 1, 2**63, -(2**63) - 1, 2**64,
    0.5, 1e999, -1e999, float("nan"), MAX_SESSION_SECONDS, MAX_SESSION_SECONDS + 0.1,
    MAX_HOLDS, MAX_HOLDS + 1, MAX_STEPS, "", " ", "upper-back", "a" * 32, "A" * 32,
    "2026-11-24T08:30:00+01:00", "2026-11-24T08:30:00", "running", "done", "\ud800",
    "\x1b[2J", [], {}, ["flexion"], ["rotation", "rotation"], [{}],
]  # fmt: skip
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(exclude_categories=())),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
any_values = st.sampled_from(EDGES) | json_values
PATHS = [
    *SESSION_KEYS,
    "exercises.0.exercise",
    "exercises.0.status",
    "exercises.0.holds",
    "exercises.0.done",
    "swaps.0.exercise",
    "swaps.0.instead",
    "swaps.0.avoided",
    "options.avoid",
    "options.only",
    "options.skip",
    "options.scale",
    "options.variants",
    "options.minutes",
    "extra",
    "options.extra",
    "exercises.0.extra",
]
# Rules that tie two values: a refusal may name the other one.
# A value changed at one key may be refused at another that no longer fits with it: a
# start after the end, seconds longer than start to end, a step not reached in a completed
# session, a step done without all its holds.
PARTNERS = {
    "status": ("ended_at", "exercises[0].status", "seconds"),
    "started_at": ("ended_at", "seconds"),
    "ended_at": ("seconds",),
    "exercises.0.holds": ("exercises[0].done",),
    "exercises.0.status": ("exercises[0].done",),
}


def put(data: dict[str, object], path: str, value: object) -> None:
    """Set the value at a dotted path (numbers index lists)."""
    *outer, last = path.split(".")
    here: object = data
    for step in outer:
        here = here[int(step)] if isinstance(here, list) else here[step]  # type: ignore[index]
    if isinstance(here, list):
        here[int(last)] = value
    else:
        assert isinstance(here, dict)
        here[last] = value


def key_of(path: str) -> str:
    """A dotted path as a refusal names it: `exercises.0.done` is `exercises[0].done`."""
    return re.sub(r"\.(\d+)", r"[\1]", path)


def a_run_could_write(session: Session) -> bool:
    """The rules of what a run writes, said again from the other side (not by the reader)."""
    texts_fine = all(
        ID_RE.fullmatch(text) is not None and len(text) <= ID_CHARACTERS
        for text in [
            session.routine,
            *(e.exercise for e in session.exercises),
            *(s.exercise for s in session.swaps),
            *(s.instead for s in session.swaps if s.instead is not None),
        ]
    )
    note = session.note
    return (
        texts_fine
        and len(session.uid) == 32
        and session.started_at.tzinfo is not None
        and 0 <= session.seconds <= MAX_SESSION_SECONDS
        and all(r is None or 0 <= r <= 10 for r in (session.pain_before, session.pain_after))
        and (session.difficulty is None or 0 <= session.difficulty <= 10)
        and (note is None or (note.isprintable() and note == note.strip() and len(note) > 0))
        and all(0 <= e.done <= e.holds <= MAX_HOLDS for e in session.exercises)
        and all(set(s.avoided) <= set(MOVEMENTS) for s in session.swaps)
        and (session.last_step is None or 0 <= session.last_step < MAX_STEPS)
        and (session.status != "running" or session.ended_at is None)
        and (session.ended_at is None or session.ended_at >= session.started_at)
    )


@settings(max_examples=400, deadline=None)
@given(sessions(least=1), st.sampled_from(PATHS), any_values)
def test_any_json_value_in_any_field_is_read_as_a_run_writes_it_or_refused_by_its_key(
    session: Session, path: str, value: object
) -> None:
    data = json.loads(json.dumps(session.exported()))
    put(data, path, value)
    try:
        read = Session.from_record(data)
    except Refused as refused:
        key = key_of(path)
        assert refused.key.startswith(key) or refused.key in PARTNERS.get(path, ()), refused
        assert str(refused).startswith(f"{refused.key}: ")
        assert "\n" not in str(refused)
        return
    assert a_run_could_write(read)
    got = json.loads(json.dumps(read.exported()))  # as the next export writes it
    for step in path.split("."):
        got = got[int(step)] if isinstance(got, list) else got[step]
    if path == "seconds":  # a number, written to the tenth
        assert isinstance(value, int | float) and got == round(value, 1)
        return
    assert got == value  # nothing changed on the way
    assert type(got) is type(value)  # true is not 1


CONTROLS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]
NOT_PRINTABLE = [*CONTROLS, "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff", "\ud800"]
TEXTS = {
    "uid": "a" * 32,
    "routine": "upper-back",
    "started_at": "2026-11-24T08:30:00+01:00",
    "status": "completed",
    "note": "tight on the left",
    "exercises.0.exercise": "thoracic-rotation",
    "exercises.0.status": "done",
    "swaps.0.exercise": "back-extension",
    "swaps.0.instead": "pelvic-tilt",
    "options.only.0": "thoracic-rotation",
}


@pytest.mark.parametrize("path", TEXTS)
def test_every_control_character_anywhere_in_any_text_is_refused_by_its_key(path: str) -> None:
    assert len(CONTROLS) == 65
    text = TEXTS[path]
    for character in NOT_PRINTABLE:
        for placed in (character + text, text[:3] + character + text[3:], text + character):
            data = json.loads(json.dumps({**GOOD.exported(), "options": {"only": ["x"]}}))
            put(data, path, placed)
            with pytest.raises(Refused) as caught:
                Session.from_record(data)
            assert caught.value.key == key_of(path), (path, character)


# A step begun: no hold done, so that any number of them fits into any seconds.
PARTIAL = ExerciseResult("thoracic-rotation", "partial", 10, 0).record()


@pytest.mark.parametrize(
    ("path", "fits", "too_much"),
    [
        ("note", "n" * NOTE_CHARACTERS, "n" * (NOTE_CHARACTERS + 1)),
        ("routine", "r" * ID_CHARACTERS, "r" * (ID_CHARACTERS + 1)),
        ("seconds", MAX_SESSION_SECONDS, MAX_SESSION_SECONDS + 0.01),
        ("last_step", MAX_STEPS - 1, MAX_STEPS),
        ("exercises.0.holds", MAX_HOLDS, MAX_HOLDS + 1),
        ("exercises", [PARTIAL] * MAX_STEPS, [{}] * (MAX_STEPS + 1)),
        ("options.only", [f"x{i}" for i in range(MAX_STEPS)], ["x"] * (MAX_STEPS + 1)),
    ],
)
def test_sizes_up_to_what_a_run_writes_are_read_and_one_more_is_refused(
    path: str, fits: object, too_much: object
) -> None:
    data = json.loads(json.dumps(GOOD.exported()))
    data["exercises"][0].update(status="partial", done=0)
    data.update(status="interrupted", ended_at=None)  # no span to bound its seconds
    put(data, path, fits)
    Session.from_record(data)
    put(data, path, too_much)
    with pytest.raises(Refused) as caught:
        Session.from_record(data)
    assert caught.value.key == key_of(path)


INTEGERS = {
    "pain_before": (0, 10),
    "pain_after": (0, 10),
    "difficulty": (0, 10),
    "last_step": (0, MAX_STEPS - 1),
    "exercises.0.holds": (10, MAX_HOLDS),  # at least its 10 done
    "exercises.0.done": (0, 10),  # at most its 10 holds
}


@ROUNDS
@given(st.sampled_from(sorted(INTEGERS)), st.integers() | st.sampled_from([2**63, -(2**63)]))
def test_any_integer_in_an_integer_field_is_read_within_its_range_or_refused(
    path: str, number: int
) -> None:
    data = json.loads(json.dumps(GOOD.exported()))
    data["exercises"][0]["status"] = "partial"  # (a done one has done == holds)
    put(data, path, number)
    low, high = INTEGERS[path]
    if low <= number <= high:
        assert Session.from_record(data).exported() == data
    else:
        with pytest.raises(Refused) as caught:
            Session.from_record(data)
        assert caught.value.key in (key_of(path), *PARTNERS.get(path, ()))
