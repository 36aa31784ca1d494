"""A plan's level changes in the history: the start stored when a plan is first followed,
every decision since stored once with its reason and date, read back as stored."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.errors import HistoryError
from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.history import plan_follow
from stretchcli.history.barriers import Answer, add_answer, answers
from stretchcli.history.levels import CHANGES, LevelChange, add_level_changes, level_changes
from stretchcli.history.plan_follow import Followed, follow
from stretchcli.history.store import History
from stretchcli.plan.levels import file_ladders
from stretchcli.plan.model import Plan, Schedule
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.records import ExerciseResult
from tests.conftest import BUILTIN

# The ladders of the built-in exercise files, as a plan climbs them.
LADDERS = file_ladders(load_catalog([Folder(BUILTIN, "built-in")]).exercises)

ZONE = ZoneInfo("Europe/Berlin")
ADOPTED = datetime(2026, 11, 2, 7, 0, tzinfo=ZONE)  # a Monday
DESK = ("chest-stretch", "rhomboid-stretch", "scapular-squeeze")
PLAN = Plan(
    schedule=Schedule(days=(("mon", "desk-upper-back"), ("thu", "desk-upper-back"))),
    rules=DEFAULT_RULES,
    fingerprint="a" * 16,
)


@functools.cache
def catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


class Clock:
    """The history's clock, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def store(tmp_path: Path, clock: Clock) -> tuple[History, list[str]]:
    warnings: list[str] = []
    return History(tmp_path / "history.sqlite3", warnings.append, clock), warnings


def done(history: History, clock: Clock, when: datetime, before: int, after: int) -> None:
    """A session of the desk routine at `when`, every exercise done, rated."""
    results = [ExerciseResult(name, "done", 3, 3) for name in DESK]
    clock.now = when
    ident = history.start("desk-upper-back", {}, results, before)
    clock.now = when + timedelta(minutes=5)
    history.finish(ident, "completed", 300, results, None)
    history.set_pain_after(ident, after)
    history.set_difficulty(ident, 2)


def followed(history: History, plan: Plan = PLAN) -> Followed:
    c = catalog()
    return follow(history, plan, LADDERS, c.routines, c.exercises, history.warn)


def test_a_plan_followed_the_first_time_starts_now_with_each_exercise_where_it_starts(
    tmp_path: Path,
) -> None:
    clock = Clock(ADOPTED)
    history, warnings = store(tmp_path, clock)
    found = followed(history, replace(PLAN, levels={"scapular-squeeze": 3}))
    assert found.since == ADOPTED
    assert [(c.exercise, c.change, c.before, c.level, c.reason) for c in found.changes] == [
        ("chest-stretch", "start", None, 1, "starts at the lowest level of 5"),
        ("rhomboid-stretch", "start", None, 1, "starts at the lowest level of 6"),
        ("scapular-squeeze", "start", None, 3, "starts at level 3 of 7, as the plan says"),
    ]
    assert level_changes(history) == [replace(c, id=n) for n, c in enumerate(found.changes, 1)]
    assert warnings == []


def test_decisions_are_stored_once_with_their_reason_and_date(tmp_path: Path) -> None:
    clock = Clock(ADOPTED)
    history, _ = store(tmp_path, clock)
    followed(history)
    week = [ADOPTED + timedelta(days=d, hours=2) for d in (0, 3, 7)]  # Mon, Thu, Mon
    for when in week:
        done(history, clock, when, 2, 1)
    clock.now = week[-1] + timedelta(hours=1)
    first = followed(history)
    again = followed(history)
    stored = level_changes(history)
    ups = [(c.exercise, c.change, c.before, c.level, c.at, c.reason) for c in stored[3:]]
    assert ups == [
        (name, "up", 1, 2, week[2], "up: 3 green sessions in a row, the last 9 Nov 2026")
        for name in DESK
    ]
    assert len(stored) == 6  # following again stores nothing more
    assert first.progress == again.progress
    assert [s.level for s in again.progress.standings.values()] == [2, 2, 2]


def test_sessions_before_the_plan_began_do_not_count(tmp_path: Path) -> None:
    clock = Clock(ADOPTED)
    history, _ = store(tmp_path, clock)
    for day in (0, 1, 2):  # three green sessions, before the plan
        done(history, clock, ADOPTED - timedelta(days=7 - day), 2, 1)
    clock.now = ADOPTED
    found = followed(history)
    assert found.sessions == ()
    assert [s.level for s in found.progress.standings.values()] == [1, 1, 1]


def test_a_plan_changed_by_hand_starts_again(tmp_path: Path) -> None:
    clock = Clock(ADOPTED)
    history, _ = store(tmp_path, clock)
    followed(history)
    for day in (0, 3, 7):
        done(history, clock, ADOPTED + timedelta(days=day, hours=1), 2, 1)
    clock.now = ADOPTED + timedelta(days=8)
    changed = replace(PLAN, fingerprint="b" * 16, levels={"chest-stretch": 2})
    found = followed(history, changed)
    assert found.since == clock.now
    assert [(c.exercise, c.change, c.level) for c in found.changes] == [
        ("chest-stretch", "start", 2),
        ("rhomboid-stretch", "start", 1),
        ("scapular-squeeze", "start", 1),
    ]
    assert len(level_changes(history)) == 3 + 3


def test_a_history_that_cannot_be_reached_is_said_never_a_plan_begun_now(
    tmp_path: Path,
) -> None:
    """(Attack 15, H7b: a plan worked out from no sessions showed one begun today.)"""
    (tmp_path / "state").write_text("a file where the folder should be")
    warnings: list[str] = []
    history = History(tmp_path / "state" / "history.sqlite3", warnings.append, lambda: ADOPTED)
    with pytest.raises(HistoryError) as raised:
        followed(history)
    assert raised.value.message.startswith("cannot reach the history database ")
    assert warnings == []


def test_a_history_that_cannot_be_written_is_a_warning_and_the_levels_are_still_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_: History, changes: list[LevelChange]) -> None:
        if changes:  # (nothing to store is no write)
            raise HistoryError("the disk is full")

    monkeypatch.setattr(plan_follow, "add_level_changes", full)
    history, warnings = store(tmp_path, Clock(ADOPTED))
    found = followed(history)
    assert [s.level for s in found.progress.standings.values()] == [1, 1, 1]
    assert warnings == ["the plan's level changes could not be recorded: the disk is full"]


@given(
    st.lists(
        st.builds(
            LevelChange,
            at=st.datetimes(
                min_value=datetime(2000, 1, 1),
                max_value=datetime(2100, 1, 1),
                timezones=st.just(ZONE),
            ),
            exercise=st.sampled_from(sorted(LADDERS)),
            change=st.sampled_from(CHANGES),
            before=st.one_of(st.none(), st.integers(1, 20)),
            level=st.integers(1, 20),
            reason=st.text(max_size=80),
            session=st.one_of(st.none(), st.text("0123456789abcdef", min_size=32, max_size=32)),
            plan=st.text("0123456789abcdef", min_size=16, max_size=16),
            alternative=st.one_of(st.none(), st.sampled_from(sorted(LADDERS))),
        ),
        max_size=5,
    )
)
def test_a_change_reads_back_as_it_was_stored(changes: list[LevelChange]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "history.sqlite3", print, lambda: ADOPTED)
        add_level_changes(history, changes)
        back = level_changes(history)
        history.close()
    # A decision (plan, session, exercise, change) is stored once: the first of the same.
    kept, seen = [], set()
    for change in changes:
        key = (change.plan, change.session, change.exercise, change.change)
        if change.session is None or key not in seen:
            kept.append(change)
            seen.add(key)
    expected = sorted((replace(c, id=n) for n, c in enumerate(kept, 1)), key=lambda c: (c.at, c.id))
    # The same moments (a time in a gap of the clocks reads back as the moment it is).
    assert [replace(c, at=c.at.astimezone(UTC)) for c in back] == [
        replace(c, at=c.at.astimezone(UTC)) for c in expected
    ]


@settings(max_examples=30, deadline=None)
@given(
    moment=st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC)),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]),
)
def test_a_change_and_an_answer_read_back_with_the_offset_they_had(
    moment: datetime, zone: str
) -> None:
    """Each moment of the plan's records is shown with the offset it had in the user's
    zone, never today's (a summer change read in winter said 07:00 for 08:00)."""
    import os
    import tempfile
    import time

    os.environ["TZ"] = zone  # conftest's `fixed_time` puts the test's zone back
    time.tzset()
    winter = datetime(2026, 12, 1, 9, 0, tzinfo=UTC).astimezone()  # as `now` is: a fixed offset
    change = LevelChange(moment, "rhomboid-stretch", "up", 1, 2, "r", "a" * 32, "b" * 16)
    answer = Answer(moment, date(2026, 11, 23), "no time", 1, 3)
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "history.sqlite3", print, lambda: winter)
        add_level_changes(history, [change])
        add_answer(history, answer)
        (changed,), (answered,) = level_changes(history), answers(history)
        history.close()
    had = moment.astimezone(ZoneInfo(zone))
    assert changed.at == answered.at == moment
    assert changed.at.utcoffset() == answered.at.utcoffset() == had.utcoffset()
    assert changed.at.isoformat() == had.isoformat()
