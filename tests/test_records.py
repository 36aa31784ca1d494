"""The records' one way to and from each form: any session survives an export and an import,
and a trip through the store; a bad exported value is named by its key."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.store import History
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
from tests.test_history import NOON

ROUNDS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

zones = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-12 * 60, 14 * 60)
)
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)),
    zones,
)
names = st.text(min_size=1, max_size=20)
ratings = st.none() | st.integers(0, 10)
json_values = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=10)
results = st.builds(
    ExerciseResult,
    names,
    st.sampled_from(EXERCISE_STATUSES),
    st.integers(0, 50),
    st.integers(0, 50),
)
swaps = st.builds(Swap, names, st.lists(names, max_size=3).map(tuple), st.none() | names)
sessions = st.builds(
    Session,
    id=st.just(0),
    routine=names,
    started_at=moments,
    ended_at=st.none() | moments,
    status=st.sampled_from(SESSION_STATUSES),
    seconds=st.floats(0, 10**6, allow_nan=False).map(lambda s: round(s, 1)),
    pain_before=ratings,
    pain_after=ratings,
    options=st.dictionaries(st.text(max_size=10), json_values, max_size=4),
    last_step=st.none() | st.integers(0, 40),
    exercises=st.lists(results, max_size=6).map(tuple),
    uid=st.binary(min_size=16, max_size=16).map(bytes.hex),
    note=st.none() | st.text(max_size=40),
    difficulty=ratings,
    swaps=st.lists(swaps, max_size=3).map(tuple),
)


@ROUNDS
@given(sessions)
def test_any_session_survives_an_export_and_an_import(session: Session) -> None:
    line = json.dumps(session.exported())
    assert Session.from_record(json.loads(line)) == session


@ROUNDS
@given(sessions, zones)
def test_any_session_survives_its_stored_row_in_any_time_zone(
    session: Session, local: timezone
) -> None:
    row = {**session.columns(), "id": 7}
    parts = [e.record() for e in session.exercises]
    back = Session.from_columns(row, parts, local)
    assert back == replace(session, id=7)
    assert back.started_at.utcoffset() == local.utcoffset(None)


@ROUNDS
@given(st.lists(sessions, max_size=4, unique_by=lambda s: s.uid))
def test_sessions_stored_and_read_back_are_the_same(found: list[Session]) -> None:
    ended = [s for s in found if s.status != "running"]  # no process: a running one reads
    with tempfile.TemporaryDirectory() as folder:  # as interrupted (test_history)
        history = History(Path(folder) / "h.sqlite3", print, lambda: NOON)
        history.add_sessions(ended)
        stored = history.sessions()
    oldest_first = sorted(ended, key=lambda s: s.started_at)  # stable: ties as stored
    assert [replace(s, id=0) for s in stored] == oldest_first


@given(moments, names, st.sampled_from(OUTCOMES), st.none() | moments, st.sampled_from(VIAS))
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


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("uid", "A" * 32),
        ("routine", ""),
        ("started_at", "2026-11-24T12:00:00"),  # no offset: a time of no place
        ("ended_at", "later"),
        ("status", "paused"),
        ("seconds", True),
        ("pain_before", 11),
        ("pain_after", -1),
        ("difficulty", 2.5),
        ("note", 3),
        ("options", []),
        ("exercises", [{"exercise": "x", "status": "done", "holds": 1}]),
        ("exercises", None),
        ("swaps", [{"exercise": "x", "avoided": "extension"}]),
    ],
)
def test_an_exported_value_a_session_cannot_have_is_named_by_its_key(
    key: str, value: object
) -> None:
    data = {**GOOD.exported(), key: value}
    with pytest.raises(ValueError) as caught:
        Session.from_record(data)
    assert str(caught.value) == f"{key}: not a value a session can have ({json.dumps(value)})"


def test_options_and_swaps_may_be_missing_from_an_older_file() -> None:
    data = GOOD.exported()
    del data["options"], data["swaps"]
    assert Session.from_record(data) == replace(GOOD, swaps=())
