"""The fast way through an import's lines decides nothing on its own: a line it takes is one
the strict reader takes, with the same rows, and any other line (a key twice, NaN, an escape,
any value a run could not write, a time no one has lived) is left to the strict reader, which
names the problem. Lines as `history export` writes them take the fast way."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.exported import Refused
from stretchcli.history import fast_lines, rows
from stretchcli.history.export_file import NotASession, parse
from stretchcli.moments import AHEAD, EARLIEST, unlived
from stretchcli.records import SESSION_COLUMNS, Session
from tests.test_history import NOON
from tests.test_records import GOOD, PATHS, any_values, put, sessions

LATEST = NOON + AHEAD
MANY = settings(max_examples=300, deadline=None)


def strict(number: int, line: str, now: datetime = NOON) -> fast_lines.Line | None:
    """A session's line read the slow way (as an import does): its rows, or None."""
    try:
        data = parse(number, line)
        session = Session.from_record(data)
    except (NotASession, Refused):
        return None
    for moment in (session.started_at, session.ended_at):
        if moment is not None and unlived(moment, now):
            return None
    assert isinstance(data, dict)
    return session.uid, tuple(session.columns().values()), rows.exercise_rows(session), data


def spellings(session: Session, seed: int) -> list[str]:
    """The same record as JSON in different spellings: as export writes it, as json.dumps
    does, with the keys in another order, with spaces around every colon."""
    record = session.exported()
    shuffled = list(record.items())
    random.Random(seed).shuffle(shuffled)
    return [
        json.dumps(record, separators=(",", ":")),
        json.dumps(record),
        json.dumps(dict(shuffled), ensure_ascii=False),
        json.dumps(record, separators=(" , ", " : "), ensure_ascii=False),
    ]


def test_the_columns_are_the_records_own() -> None:
    assert tuple(GOOD.columns()) == SESSION_COLUMNS


@MANY
@given(sessions(), st.integers())
def test_a_line_taken_the_fast_way_has_the_rows_the_strict_reader_gives(
    session: Session, seed: int
) -> None:
    for line in spellings(session, seed):
        fast = fast_lines.session(line, EARLIEST, LATEST)
        if fast is not None:
            assert fast[:3] == strict(2, line)[:3]  # type: ignore[index]
            assert fast[3] == json.loads(line)


@settings(max_examples=600, deadline=None)
@given(sessions(least=1), st.sampled_from(PATHS), any_values, st.booleans())
def test_a_line_the_strict_reader_refuses_never_takes_the_fast_way(
    session: Session, path: str, value: object, compact: bool
) -> None:
    data = json.loads(json.dumps(session.exported()))
    put(data, path, value)
    try:
        line = json.dumps(data, separators=(",", ":") if compact else None)
    except ValueError:  # a value json cannot write
        return
    fast = fast_lines.session(line, EARLIEST, LATEST)
    if fast is not None:
        assert fast[:3] == strict(2, line)[:3]  # type: ignore[index]


@MANY
@given(sessions(least=1), st.data())
def test_a_key_given_twice_anywhere_is_left_to_the_strict_reader(
    session: Session, data: st.DataObject
) -> None:
    line = json.dumps(session.exported(), separators=(",", ":"))
    # Each '"key":' of the line, any of them written again before itself with a value.
    keys = [i for i in range(len(line)) if line.startswith('":', i)]
    end = data.draw(st.sampled_from(keys))
    start = line.rindex('"', 0, end)
    key = line[start : end + 2]
    value = data.draw(st.sampled_from(['"x"', "1", "null", "[]", "{}", '"upper-back"']))
    twice = line[:start] + key + value + "," + line[start:]
    assert fast_lines.session(twice, EARLIEST, LATEST) is None
    assert strict(2, twice) is None


def test_what_json_reads_but_a_run_never_writes_is_left_to_the_strict_reader() -> None:
    line = json.dumps(GOOD.exported(), separators=(",", ":"))
    seconds = '"seconds":' + json.dumps(GOOD.seconds)
    assert seconds in line
    for odd in (
        line.replace(seconds, '"seconds":NaN'),
        line.replace(seconds, '"seconds":Infinity'),
        line.replace(seconds, '"seconds":' + "9" * 5000),
        "[" * 100_000 + "]" * 100_000,
        line + line,
        "",
        "\n",
    ):
        assert fast_lines.session(odd, EARLIEST, LATEST) is None
        assert strict(2, odd) is None
    # An escape: the strict reader reads it (here, the same key spelt another way).
    escaped = line.replace('"status":"', '"st\\u0061tus":"')
    assert fast_lines.session(escaped, EARLIEST, LATEST) is None
    assert strict(2, escaped) == strict(2, line)


def test_a_time_no_one_has_lived_is_left_to_the_strict_reader() -> None:
    for shift in (NOON - EARLIEST + timedelta(days=1), -AHEAD - timedelta(seconds=1)):
        moved = Session.from_record(json.loads(json.dumps(GOOD.exported())))
        moved = Session(
            **{**moved.__dict__, "started_at": GOOD.started_at - shift, "ended_at": None}
        )
        line = json.dumps(moved.exported())
        assert fast_lines.session(line, EARLIEST, LATEST) is None
        assert strict(2, line) is None


@MANY
@given(sessions())
def test_a_line_as_export_writes_it_takes_the_fast_way(session: Session) -> None:
    line = json.dumps(session.exported(), separators=(",", ":"), ensure_ascii=True)
    if "\\" in line:  # an escaped character (in a note): the strict reader reads it
        return
    assert fast_lines.session(line, EARLIEST, LATEST) is not None
    assert fast_lines.session(line.encode(), EARLIEST, LATEST) is not None


plain_options = st.fixed_dictionaries(
    {},
    optional={
        "scale": st.sampled_from([0.25, 0.5, 1, 1.0, 2, 2.0, 4, 4.0]),
        "minutes": st.none() | st.sampled_from([1, 1.0, 30, 30.0, 120]),
    },
)


@MANY
@given(st.lists(plain_options, min_size=1, max_size=6))
def test_options_are_stored_as_the_strict_reader_stores_them_line_after_line(
    options: list[dict[str, object]],
) -> None:
    # The same options with 1 and 1.0, in any order, one line after another: each is
    # stored as its own line says (the options each line had are not carried over).
    for number, found in enumerate(options, 2):
        line = json.dumps({**GOOD.exported(), "options": found})
        fast = fast_lines.session(line, EARLIEST, LATEST)
        assert fast is not None
        assert fast[1] == strict(number, line)[1]  # type: ignore[index]
        assert fast[1][SESSION_COLUMNS.index("options")] == json.dumps(found)
