"""A plan's level changes and the barrier answers go with the history: export writes them
after the sessions (version 2), import reads them as strictly as a session (the line and the
key path of what is wrong), merges them (the same record twice adds nothing, other contents
are a conflict), and an export imported and exported again is the same file, byte for byte.
A history without them still exports as version 1, and a version 1 file still imports."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.exported import Refused
from stretchcli.history import plan_lines
from stretchcli.history.barriers import BARRIERS, Answer, add_answer, answers
from stretchcli.history.export_file import FORMAT, SESSIONS_ONLY
from stretchcli.history.levels import CHANGES, LevelChange, add_level_changes, level_changes
from stretchcli.history.store import History
from stretchcli.history.transfer import ImportError_, LeftOut, export_lines, import_lines
from tests.conftest import Stretch
from tests.six_weeks import REPORTED, ZONE, six_weeks, state

MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZONE)
UID = "6f1c2a7e9b0d4c3f8a5e1d2b7c9f0a34"
CHANGE = {
    "at": "2026-11-02T08:00:00+01:00",
    "exercise": "pelvic-tilt",
    "change": "up",
    "level_before": 1,
    "level": 2,
    "reason": "up: 3 green sessions in a row, the last 2026-11-02",
    "session_uid": UID,
    "alternative": None,
    "plan": "3d9a5c0e7b1f2a64",
}
ANSWER = {
    "at": "2026-11-02T08:00:00+01:00",
    "week": "2026-10-26",
    "answer": "pain",
    "sessions": 1,
    "goal": 3,
}


def fresh(folder: Path, now: datetime = REPORTED) -> History:
    return History(folder / "history.sqlite3", print, lambda: now)


def exported(history: History) -> str:
    return "".join(export_lines(history))


def file_of(*records: object, header: object = FORMAT) -> list[str]:
    return [json.dumps(header), *(json.dumps(r) for r in records)]


def test_six_weeks_go_through_export_and_import_and_come_out_the_same(
    isolated: Path, tmp_path: Path
) -> None:
    history = six_weeks(state(isolated))
    text = exported(history)
    lines = text.splitlines()
    assert json.loads(lines[0]) == FORMAT
    assert [next(iter(json.loads(x))) for x in lines[18:]] == ["level_change"] * 19 + ["barrier"]
    elsewhere = fresh(tmp_path)
    done = import_lines(elsewhere, text.splitlines(keepends=True))
    assert (done.added, done.changes, done.answers, done.conflicts) == (17, (19, 0), (1, 0), ())
    assert exported(elsewhere) == text
    again = import_lines(elsewhere, text.splitlines(keepends=True))
    assert (again.added, again.known, again.changes, again.answers) == (0, 17, (0, 19), (0, 1))
    assert exported(elsewhere) == text


def test_a_history_without_them_exports_as_version_1_and_version_1_still_imports(
    tmp_path: Path,
) -> None:
    history = fresh(tmp_path / "a")
    (tmp_path / "a").mkdir()
    assert exported(history) == json.dumps(SESSIONS_ONLY) + "\n"
    old = file_of(header=SESSIONS_ONLY)
    assert import_lines(fresh(tmp_path / "a"), old).changes == (0, 0)
    with pytest.raises(ImportError_) as refused:
        import_lines(history, file_of({"level_change": CHANGE}, header=SESSIONS_ONLY))
    assert refused.value.problems == ["2: level_change: not in a version 1 export (sessions only)"]


# Each bad line is named with its line number and the key path of the first bad value.
BAD = [
    (
        {"level_change": {**CHANGE, "level": 0}},
        "level_change.level: expected a whole number from 1 to 20 (the longest ladder), got 0",
    ),
    (
        {"level_change": {**CHANGE, "change": "sideways"}},
        'level_change.change: expected one of start, up, down, alternative, got "sideways"',
    ),
    (
        {"level_change": {**CHANGE, "level_before": None}},
        "level_change.level_before: expected the level before the change, got null",
    ),
    (
        {"level_change": {**CHANGE, "change": "start"}},
        "level_change.level_before: expected null for a start, got 1",
    ),
    (
        {"level_change": {**CHANGE, "session_uid": "barrier-2026-11-03"}},
        "level_change.session_uid: expected null or a session id (32 lowercase "
        "hexadecimal digits), or barrier- and the Monday of a week pain got in the way "
        '(barrier-2026-11-02), got "barrier-2026-11-03"',
    ),
    (
        {"level_change": {**CHANGE, "reason": "two\nlines"}},
        "level_change.reason: expected one line of 1 to 1000 printable characters, "
        'without spaces at either end, got "two\\nlines"',
    ),
    (
        {"level_change": {**CHANGE, "plan": "XYZ"}},
        "level_change.plan: expected the plan's fingerprint: up to 64 lowercase "
        'hexadecimal digits, got "XYZ"',
    ),
    (
        {"level_change": {**CHANGE, "at": "2026-11-02T08:00:00"}},
        "level_change.at: expected a date and time with its offset, such as "
        '2026-11-24T08:30:00+01:00, got "2026-11-02T08:00:00"',
    ),
    (
        {"level_change": {**CHANGE, "mood": 1}},
        "level_change.mood: not a key a run writes here (the keys: at, exercise, change, "
        "level_before, level, reason, session_uid, alternative, plan)",
    ),
    (
        {"level_change": CHANGE, "barrier": ANSWER},
        "barrier: a line is one record: a level_change or a barrier, not both",
    ),
    (
        {"barrier": {**ANSWER, "week": "2026-10-27"}},
        "barrier.week: expected a week as the date of its Monday, such as 2026-11-02, "
        'got "2026-10-27"',
    ),
    (
        {"barrier": {**ANSWER, "answer": "rain"}},
        "barrier.answer: expected null or one of no time, pain, forgot, not helping, "
        'other, got "rain"',
    ),
    (
        {"barrier": {**ANSWER, "sessions": 3}},
        "barrier.sessions: expected fewer sessions than the goal (3), got 3",
    ),
    (
        {"barrier": {**ANSWER, "goal": 101}},
        "barrier.goal: expected a whole number from 1 to 100, got 101",
    ),
    (
        {"barrier": {**ANSWER, "at": "1999-12-31T23:00:00+00:00"}},
        "barrier.at: 1999-12-31T23:00:00+00:00 is before 2000 (2000-01-01 00:00 UTC, the "
        "earliest a session can be)",
    ),
    ({"barrier": []}, "barrier: expected a barrier answer: a JSON object, got []"),
    # The week an answer is about ended before it was given, and has a day from 2000 on.
    (
        {"barrier": {**ANSWER, "week": "9999-12-27"}},
        "barrier.week: the week of 9999-12-27 had not ended anywhere by at "
        "(2026-11-02T08:00:00+01:00)",
    ),
    (
        {"barrier": {**ANSWER, "week": "2026-11-02"}},
        "barrier.week: the week of 2026-11-02 had not ended anywhere by at "
        "(2026-11-02T08:00:00+01:00)",
    ),
    (
        {"barrier": {**ANSWER, "week": "0001-01-01"}},
        "barrier.week: the week of 0001-01-01 is before 2000",
    ),
    (
        {"level_change": {**CHANGE, "session_uid": "barrier-9999-12-27"}},
        "level_change.session_uid: the week of 9999-12-27 had not ended anywhere by at "
        "(2026-11-02T08:00:00+01:00)",
    ),
    (
        {"level_change": {**CHANGE, "session_uid": "barrier-1999-12-20"}},
        "level_change.session_uid: the week of 1999-12-20 is before 2000",
    ),
]


@pytest.mark.parametrize(("record", "problem"), BAD)
def test_a_bad_plan_line_is_named_with_its_line_and_key_path_and_nothing_is_imported(
    tmp_path: Path, record: object, problem: str
) -> None:
    history = fresh(tmp_path)
    with pytest.raises(ImportError_) as refused:
        import_lines(history, file_of({"barrier": ANSWER}, record))
    assert refused.value.problems == [f"3: {problem}"]
    assert answers(history) == []  # the good line before it was not stored either


def test_the_same_record_twice_in_a_file_is_refused_and_another_one_stored_is_a_conflict(
    tmp_path: Path,
) -> None:
    history = fresh(tmp_path)
    with pytest.raises(ImportError_) as refused:
        import_lines(history, file_of({"barrier": ANSWER}, {"barrier": {**ANSWER, "sessions": 0}}))
    assert refused.value.problems == ["3: barrier: the same record is also on line 2"]
    assert answers(history) == []
    import_lines(history, file_of({"barrier": ANSWER}, {"level_change": CHANGE}))
    other = {"barrier": {**ANSWER, "answer": "forgot"}}
    moved = {"level_change": {**CHANGE, "level_before": 2, "level": 3}}
    done = import_lines(history, file_of(other, moved))
    assert done.conflicts == (
        "2: the answer about the week of 2026-10-26 differs from the stored one (answer); "
        "the stored one was kept",
        "3: the level change of pelvic-tilt (up, 2026-11-02T08:00:00+01:00) differs from the "
        "stored one (level_before, level); the stored one was kept",
    )
    assert [a.barrier for a in answers(history)] == ["pain"]
    assert [c.level for c in level_changes(history)] == [2]


def test_the_import_says_what_it_added(stretch: Stretch, tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    # (a step up follows a start of its exercise under its plan: `level_rule.chain`)
    start = {**CHANGE, "change": "start", "level_before": None, "level": 1, "session_uid": None}
    lines = file_of({"level_change": start}, {"level_change": CHANGE}, {"barrier": ANSWER})
    path.write_text("\n".join(lines) + "\n")
    assert stretch("history", "import", str(path), wall=REPORTED) == (
        0,
        "imported 0 sessions; 0 already there; level changes: 2 added, 0 already there; "
        "answers: 1 added, 0 already there\n",
        "",
    )


MOMENTS = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2026, 12, 1), timezones=st.just(ZONE)
)
HEX = "0123456789abcdef"
TEXT = ["L", "N", "P", "S"]  # printable, no spaces: a reason has none at either end


@st.composite
def level_change(draw: st.DrawFn) -> LevelChange:
    change = draw(st.sampled_from(CHANGES))
    start = change == "start"
    before = None if start else draw(st.integers(2, 19))
    # a step is one level, an alternative keeps it (an import refuses anything else)
    step = {"up": 1, "down": -1, "alternative": 0}.get(change)
    low, high = (1, 20) if before is None or step is None else (before + step,) * 2
    return LevelChange(
        at=draw(MOMENTS),
        exercise=draw(st.sampled_from(["chest-stretch", "wall-slide", "rhomboid-stretch"])),
        change=change,
        before=before,
        level=draw(st.integers(low, high)),
        reason=draw(
            st.text(
                st.characters(codec="utf-8", categories=["L", "N", "P", "S"]),
                min_size=1,
                max_size=60,
            )
        ),
        session=None if start else draw(st.text(HEX, min_size=32, max_size=32)),
        plan=draw(st.text(HEX, min_size=16, max_size=16)),
        # only an alternative names one (an import refuses it on any other change)
        alternative=draw(st.sampled_from([None, "wall-slide"])) if step == 0 else None,
    )


@st.composite
def answer(draw: st.DrawFn) -> Answer:
    goal = draw(st.integers(1, 100))
    at = draw(MOMENTS)  # about a week that had ended: asked at the next session
    week = at.date() - timedelta(days=at.weekday(), weeks=draw(st.integers(1, 52)))
    return Answer(
        at=at,
        week=week,
        barrier=draw(st.one_of(st.none(), st.sampled_from(BARRIERS))),
        sessions=draw(st.integers(0, goal - 1)),
        goal=goal,
    )


@given(st.sampled_from(["up", "down", "alternative"]), st.integers(1, 20), st.integers(1, 20))
def test_a_step_is_one_level_and_an_alternative_keeps_its_level(
    change: str, before: int, level: int
) -> None:
    """What a plan writes: a step up or down of one level, an alternative at the level the
    exercise had; any other pair is refused naming the level it should be (a change from
    level 1 to 6 made the report's dose differ from the plan's)."""
    step = {"up": 1, "down": -1, "alternative": 0}[change]
    record = {**CHANGE, "change": change, "level_before": before, "level": level}
    if level == before + step:
        assert LevelChange.from_record(record).level == level
        return
    said = {"up": "one level up from ", "down": "one level down from "}.get(change, "as ")
    with pytest.raises(Refused) as caught:
        LevelChange.from_record(record)
    assert str(caught.value) == (
        f"level: expected {before + step}, {said}level_before ({before}), got {level}"
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(level_change(), max_size=6), st.lists(answer(), max_size=4))
def test_any_changes_and_answers_come_back_byte_for_byte(
    changes: list[LevelChange], given_answers: list[Answer]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here, there = Path(folder) / "here", Path(folder) / "there"
        here.mkdir()
        there.mkdir()
        history = fresh(here)
        add_level_changes(history, changes)
        for one in given_answers:
            add_answer(history, one)
        text = exported(history)
        elsewhere = fresh(there)
        done = import_lines(elsewhere, text.splitlines(keepends=True))
        assert exported(elsewhere) == text
        stored = level_changes(history)
        assert done.changes == (len(stored), 0)
        # What came back is what was stored: the same moments, levels and words.
        back = [replace(c, id=0, at=c.at.astimezone(UTC)) for c in level_changes(elsewhere)]
        assert back == [replace(c, id=0, at=c.at.astimezone(UTC)) for c in stored]
        assert answers(elsewhere) == answers(history)
        again = import_lines(elsewhere, text.splitlines(keepends=True))
        assert again.changes == (0, len(stored)) and again.conflicts == ()
        history.close()
        elsewhere.close()


def test_a_stored_change_that_cannot_be_read_back_is_a_conflict_and_kept(tmp_path: Path) -> None:
    history = fresh(tmp_path)
    import_lines(history, file_of({"level_change": CHANGE}))
    with closing(sqlite3.connect(tmp_path / "history.sqlite3")) as db, db:
        db.execute("UPDATE level_changes SET at = 'soon'")
    db.close()
    done = import_lines(history, file_of({"level_change": CHANGE}))
    assert done.conflicts == (
        "2: the level change of pelvic-tilt (up, 2026-11-02T08:00:00+01:00) is stored here but "
        "cannot be read back (level_changes.at of row 1 cannot be read: not a date written as "
        "YYYY-MM-DD: 'soon'); it was kept as it is",
    )


@given(
    MOMENTS,
    st.integers(-600, 600).map(lambda weeks: date(2001, 1, 1) + timedelta(weeks=weeks)),
    st.booleans(),
)
def test_a_week_is_taken_from_2000_up_to_the_last_one_ended_before_it_was_said_of(
    at: datetime, week: date, of_a_change: bool
) -> None:
    if of_a_change:
        record: LevelChange | Answer = replace(
            LevelChange.from_record(CHANGE), at=at, session=f"barrier-{week.isoformat()}"
        )
    else:
        record = replace(Answer.from_record(ANSWER), at=at, week=week)
    why = plan_lines.unlived_record(record, REPORTED)
    # Its day where days begin first: an answer early on a Monday in Berlin is Sunday in UTC.
    latest = at.astimezone(timezone(timedelta(hours=14))).date()
    taken = date(1999, 12, 27) <= week and week + timedelta(days=7) <= latest
    assert (why == "") == taken, why


def test_an_export_leaves_out_an_answer_about_a_week_not_ended(tmp_path: Path) -> None:
    history = fresh(tmp_path)
    import_lines(history, file_of({"barrier": ANSWER}))
    with closing(sqlite3.connect(history.path)) as db:
        db.execute("UPDATE barriers SET week = '9999-12-27'")
        db.commit()
    left_out = LeftOut()
    text = "".join(export_lines(history, left_out))
    assert left_out.said == [
        "left out answer about the week of 9999-12-27: barrier.week: the week of 9999-12-27 "
        "had not ended anywhere by at (2026-11-02T08:00:00+01:00)"
    ]
    assert text.count("\n") == 1


@pytest.mark.parametrize(
    ("given_in", "exported_in", "at"),
    [
        ("Europe/Berlin", "UTC", "2026-11-02T00:30:00+01:00"),
        ("Asia/Tokyo", "America/New_York", "2026-11-02T00:30:00+09:00"),
        ("Pacific/Kiritimati", "Pacific/Pago_Pago", "2026-11-02T00:00:00+14:00"),
    ],
)
def test_an_answer_given_early_on_a_monday_goes_through_an_export_made_further_west(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given_in: str, exported_in: str, at: str
) -> None:
    """The week asked about had ended where the answer was given: an export in a zone where
    it was still Sunday (a backup in UTC, after travelling) keeps the answer, and another
    machine takes it (it was left out, the export ending 1 as if changed by hand)."""
    answer = {**ANSWER, "at": at, "week": "2026-10-26"}
    monkeypatch.setenv("TZ", given_in)
    time.tzset()
    history = fresh(tmp_path)
    import_lines(history, file_of({"barrier": answer}))
    monkeypatch.setenv("TZ", exported_in)
    time.tzset()
    left_out = LeftOut()
    text = "".join(export_lines(history, left_out))
    assert left_out.said == []
    other = fresh(tmp_path / "other")
    assert import_lines(other, text.splitlines()).answers == (1, 0)
