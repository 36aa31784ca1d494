"""What a run reads from the history before it starts (`history/past.py`): the session to run
again, the run to resume, whether the routine's cautions were heard in the last week, and
this week's sessions, whether this is a first run, each by its rule over any history."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.past import CAUTIONS_HEARD, read_past
from stretchcli.history.store import History
from stretchcli.records import ExerciseResult, Session
from tests.fakes import NOW

MONDAY = NOW.replace(hour=0, minute=0) - timedelta(days=NOW.weekday())
BASE = Session(
    id=0,
    routine="desk-break",
    started_at=NOW,
    ended_at=None,
    status="completed",
    seconds=180.0,
    pain_before=None,
    pain_after=None,
    options={},
    last_step=0,
    exercises=(),
    uid="",
)

# A session: minutes before now (negative: after it, a wrong clock), its routine, how it
# ended and whether it finished an exercise. Never on a boundary of the rules.
one = st.tuples(
    st.integers(-600, 60 * 24 * 9).filter(
        lambda m: (
            m not in (0, CAUTIONS_HEARD // timedelta(minutes=1))
            and NOW - timedelta(minutes=m) != MONDAY
        )
    ),
    st.sampled_from(["desk-break", "upper-back"]),
    st.sampled_from(["completed", "stopped", "interrupted"]),
    st.booleans(),
)
histories = st.lists(one, max_size=8, unique_by=lambda s: s[0])


def _sessions(drawn: list[tuple[int, str, str, bool]]) -> list[Session]:
    return [
        replace(
            BASE,
            routine=routine,
            started_at=NOW - timedelta(minutes=minutes),
            status=status,  # type: ignore[arg-type]
            exercises=(ExerciseResult("e", "done" if done else "skipped", 1, 1),),
            uid=f"{n:032x}",
        )
        for n, (minutes, routine, status, done) in enumerate(drawn)
    ]


@settings(max_examples=40, deadline=None)
@given(histories, st.sampled_from(["desk-break", "upper-back"]))
def test_the_past_of_a_run_follows_its_rules(
    drawn: list[tuple[int, str, str, bool]], routine: str
) -> None:
    sessions = _sessions(drawn)
    lived = sorted((s for s in sessions if s.started_at <= NOW), key=lambda s: s.started_at)
    with tempfile.TemporaryDirectory() as folder:
        history = History(Path(folder) / "history.sqlite3", print, lambda: NOW)
        if sessions:
            history.add_sessions(sessions)
        again = read_past(history, None)
        run = read_past(history, routine)
        first = read_past(history, routine, newcomer=True)
        resumed = read_past(history, routine, resume=True)
        history.close()
    # again: the newest session started by now (one after now has not happened yet)
    assert (again.last.uid if again.last else None) == (lived[-1].uid if lived else None)
    mine = [s for s in lived if s.routine == routine]
    # resume: the routine's newest run, if it did not complete
    stopped = mine[-1] if mine and mine[-1].status != "completed" else None
    found = resumed.unfinished
    assert (found.uid if found else None) == (stopped.uid if stopped else None)
    assert run.last is None and run.unfinished is None
    # the routine's cautions were heard if a run of it completed in the last week
    heard = any(s.status == "completed" and s.started_at > NOW - CAUTIONS_HEARD for s in mine)
    assert run.heard is heard and resumed.heard is heard
    # this week: the sessions that count, from Monday
    week = sum(s.counts() for s in lived if s.started_at >= MONDAY)
    assert run.this_week == again.this_week == week
    # a first run: no session started by now (only when asked: the hint may be said)
    assert first.newcomer is (not lived) and run.newcomer is False
    newest = lived[-1].routine if lived else None
    assert again.heard is (
        newest is not None
        and any(
            s.status == "completed" and s.routine == newest and s.started_at > NOW - CAUTIONS_HEARD
            for s in lived
        )
    )
