"""Import takes only sessions a run writes as a whole (attack 9): seconds within the span
from start to end (pauses are left out), a done exercise with every hold done, no step
left unreached in a completed session, `--only` or `--skip` (not both) naming each step
once, never -0.0 seconds. Each is refused by its line and key, by the fast path and the
strict reader alike, and `history export` leaves such stored rows out."""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli import session_shape
from stretchcli.exported import MAX_SESSION_SECONDS
from stretchcli.history import fast_lines
from stretchcli.history.export_file import FORMAT
from stretchcli.history.store import History
from stretchcli.history.transfer import export_lines
from stretchcli.moments import AHEAD, EARLIEST
from stretchcli.records import EXERCISE_STATUSES
from stretchcli.session_shape import SPAN_SLACK
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_export_takes_back import by_hand, three_sessions
from tests.test_fast_lines import strict

STARTED = NOW - timedelta(days=3)


def line(**changes: object) -> dict[str, object]:
    """A session as a run writes it: 5 minutes, one exercise done, with `changes`."""
    found: dict[str, object] = {
        "uid": uuid.uuid4().hex,
        "routine": "desk-break",
        "started_at": STARTED.isoformat(),
        "ended_at": (STARTED + timedelta(minutes=5)).isoformat(),
        "status": "completed",
        "seconds": 300.0,
        "pain_before": 5,
        "pain_after": 3,
        "difficulty": 4,
        "note": None,
        "exercises": [{"exercise": "rhomboid-stretch", "status": "done", "holds": 2, "done": 2}],
        "swaps": [],
        "options": {"avoid": [], "only": [], "skip": [], "scale": 1.0, "variants": {}},
        "last_step": 0,
    }
    return {**found, **changes}


def exercise(status: str, done: int) -> list[dict[str, object]]:
    return [{"exercise": "rhomboid-stretch", "status": status, "holds": 2, "done": done}]


def options(only: list[str], skip: list[str]) -> dict[str, object]:
    return {"avoid": [], "only": only, "skip": skip, "scale": 1.0, "variants": {}}


UNWRITTEN: dict[str, tuple[dict[str, object], str]] = {
    "seconds": (
        {"seconds": 57600},
        "57600 is more than the 300 s from started_at to ended_at, and seconds may be at most "
        "60 s over that (a clock set back during the run; pauses are not counted); give "
        "seconds 360 or less, or a later ended_at",
    ),
    "seconds ": (
        {"seconds": -0.0},
        "expected a number of seconds (16 hours at most) from 0 to 57600, got -0.0",
    ),
    "exercises[0].done": (
        {"exercises": exercise("done", 0)},
        "expected 2 (its holds): an exercise is done when every hold ran its time, got 0",
    ),
    "exercises[0].status": (
        {"exercises": exercise("not reached", 0)},
        "expected not 'not reached' in a completed session, which entered every step, "
        'got "not reached"',
    ),
    "exercises[0].done ": (
        {"status": "stopped", "exercises": exercise("not reached", 2)},
        "expected 0 in a step not reached (none of its holds began), got 2",
    ),
    "exercises[1].status ": (
        {"status": "stopped", "exercises": exercise("not reached", 0) + exercise("done", 2)},
        "expected 'not reached' after a step not reached (a run goes through its steps in "
        'order), got "done"',
    ),
    "seconds  ": (
        {
            "exercises": [
                {"exercise": "rhomboid-stretch", "status": "done", "holds": 4000, "done": 4000}
            ]
        },
        "300 is too few for the 4000 holds done: each takes at least 0.25 s (a 1 s hold at "
        "--scale 0.25), 1000 s in all, and seconds may be at most 60 s short of that; give "
        "seconds 940 or more, or fewer holds done (the exercises' done)",
    ),
    "options.skip": (
        {"options": options(["rhomboid-stretch"], ["rhomboid-stretch"])},
        'expected [] with only: --only and --skip do not fit together, got ["rhomboid-stretch"]',
    ),
    "options.only": (
        {"options": options(["rhomboid-stretch"] * 2, [])},
        'expected a list of different exercise ids, got ["rhomboid-stretch", "rhomboid-stretch"]',
    ),
}


@pytest.mark.parametrize("key", UNWRITTEN)
def test_a_session_no_run_writes_is_refused_by_its_line_and_key(
    stretch: Stretch, tmp_path: Path, key: str
) -> None:
    changes, said = UNWRITTEN[key]
    path = tmp_path / "one.jsonl"
    good, bad = json.dumps(line()), json.dumps(line(**changes))
    path.write_text(f"{json.dumps(FORMAT)}\n{good}\n{bad}\n")
    assert stretch("history", "import", str(path)) == (
        1,
        "",
        f"stretch: {path}:3: {key.strip()}: {said}\n"
        f"stretch: {path}: nothing was imported (1 bad line) (the history is as it was)\n",
    )
    # The fast path leaves it to the strict reader, which refuses it; the good one both take.
    assert fast_lines.session(bad, EARLIEST, NOW + AHEAD) is None
    assert strict(3, bad, NOW) is None
    assert fast_lines.session(good, EARLIEST, NOW + AHEAD) == strict(2, good, NOW)


@given(
    st.integers(0, 4 * 3600),
    st.floats(0, 16 * 3600, allow_nan=False).map(lambda s: round(s, 1)),
    st.integers(-12 * 60, 14 * 60),
)
def test_seconds_are_taken_up_to_the_span_and_a_minute_by_both_readers(
    span: int, seconds: float, offset: int
) -> None:
    ended = (STARTED + timedelta(seconds=span)).astimezone(timezone(timedelta(minutes=offset)))
    text = json.dumps(line(ended_at=ended.isoformat(), seconds=seconds, status="stopped"))
    fast, slow = fast_lines.session(text, EARLIEST, NOW + AHEAD), strict(2, text, NOW)
    assert fast == slow
    assert (slow is not None) == (seconds <= span + SPAN_SLACK)


@given(
    st.sampled_from(["done", "partial", "skipped", "not reached", "hurt"]),
    st.sampled_from(["completed", "stopped", "interrupted"]),
    st.integers(0, 2),
)
def test_a_result_is_taken_as_a_run_counts_it_by_both_readers(
    result: str, status: str, done: int
) -> None:
    text = json.dumps(line(status=status, exercises=exercise(result, done)))
    fast, slow = fast_lines.session(text, EARLIEST, NOW + AHEAD), strict(2, text, NOW)
    assert fast == slow
    unwritten = (result == "done" and done != 2) or (
        result == "not reached" and (status == "completed" or done > 0)
    )
    assert (slow is None) == unwritten


def test_an_export_leaves_out_stored_sessions_no_run_writes(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    path = isolated / "state" / "history.sqlite3"
    uids = three_sessions(path)  # 5 minutes each, one exercise done
    by_hand(
        path,
        "UPDATE sessions SET seconds = 361 WHERE id = 1",
        "UPDATE session_exercises SET done = 9 WHERE session_id = 2",
        'UPDATE sessions SET options = \'{"only": ["a"], "skip": ["b"]}\' WHERE id = 3',
    )
    exported = tmp_path / "history.jsonl"
    code, out, err = stretch("history", "export", "-o", str(exported))
    assert (code, out, exported.read_text().count("\n")) == (1, "", 1)
    assert err.splitlines()[:3] == [
        f"stretch: warning: left out session 1 ({uids[0]}): seconds: 361 is more than the "
        "300 s from started_at to ended_at, and seconds may be at most 60 s over that (a clock "
        "set back during the run; pauses are not counted); give seconds 360 or less, or a "
        "later ended_at",
        f"stretch: warning: left out session 2 ({uids[1]}): exercises[0].done: expected 10 "
        "(its holds): an exercise is done when every hold ran its time, got 9",
        f"stretch: warning: left out session 3 ({uids[2]}): options.skip: expected [] with "
        'only: --only and --skip do not fit together, got ["b"]',
    ]


def test_a_stored_minus_zero_is_exported_as_zero(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    path = isolated / "state" / "history.sqlite3"
    three_sessions(path)
    by_hand(path, "UPDATE sessions SET seconds = -0.0")
    exported = tmp_path / "history.jsonl"
    assert stretch("history", "export", "-o", str(exported))[0] == 0
    lines = exported.read_text().splitlines()[1:]
    assert [json.loads(text)["seconds"] for text in lines] == [0.0] * 3
    assert all('"seconds":0.0' in text for text in lines)


@pytest.mark.parametrize("flag", ["--only", "--skip"])
def test_a_run_takes_each_step_once(stretch: Stretch, flag: str) -> None:
    assert stretch("run", "desk-break", flag, "rhomboid-stretch, rhomboid-stretch") == (
        2,
        "",
        f"stretch: {flag}: 'rhomboid-stretch' given twice (give each exercise once)\n",
    )


def test_an_export_leaves_out_stored_steps_no_run_writes(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    path = isolated / "state" / "history.sqlite3"
    uids = three_sessions(path)  # 5 minutes each, one exercise done (10 holds)
    by_hand(
        path,
        "UPDATE sessions SET status = 'stopped'",
        "UPDATE session_exercises SET status = 'not reached' WHERE session_id = 1",
        "INSERT INTO session_exercises SELECT session_id, 1, exercise, 'not reached', 10, 0 "
        "FROM session_exercises WHERE session_id = 2",
        "UPDATE session_exercises SET position = 2 WHERE session_id = 2 AND position = 0",
        "UPDATE session_exercises SET holds = 4000, done = 4000 WHERE session_id = 3",
    )
    exported = tmp_path / "history.jsonl"
    code, out, err = stretch("history", "export", "-o", str(exported))
    assert (code, out, exported.read_text().count("\n")) == (1, "", 1)
    assert err.splitlines()[:3] == [
        f"stretch: warning: left out session 1 ({uids[0]}): exercises[0].done: expected 0 in "
        "a step not reached (none of its holds began), got 10",
        f"stretch: warning: left out session 2 ({uids[1]}): exercises[1].status: expected "
        "'not reached' after a step not reached (a run goes through its steps in order), "
        'got "done"',
        f"stretch: warning: left out session 3 ({uids[2]}): seconds: 300 is too few for the "
        "4000 holds done: each takes at least 0.25 s (a 1 s hold at --scale 0.25), 1000 s in "
        "all, and seconds may be at most 60 s short of that; give seconds 940 or more, or "
        "fewer holds done (the exercises' done)",
    ]


step_rows = st.lists(
    st.tuples(st.sampled_from(EXERCISE_STATUSES), st.integers(0, 400), st.integers(0, 400)).map(
        lambda row: (row[0], max(row[1:]), row[2] if row[0] != "done" else max(row[1:]))
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(step_rows, st.sampled_from(["stopped", "interrupted"]), st.integers(0, 300))
def test_an_export_keeps_a_stored_session_exactly_when_its_steps_are_a_runs(
    found: list[tuple[str, int, int]], status: str, seconds: int
) -> None:
    # Steps in any order of statuses, holds done and seconds: the export's quick check in
    # SQL and the import's own agree (a session kept is one the import takes).
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        three_sessions(path)
        by_hand(
            path,
            "DELETE FROM session_exercises WHERE session_id = 1",
            f"UPDATE sessions SET status = '{status}', seconds = {seconds} WHERE id = 1",
            *(
                f"INSERT INTO session_exercises VALUES (1, {n}, 'chin-tuck', '{s}', {h}, {d})"
                for n, (s, h, d) in enumerate(found)
            ),
        )
        history = History(path, lambda _: None, lambda: NOW)
        lines = "".join(export_lines(history)).splitlines()[1:]
        history.close()
    kept = len(lines) == 3
    ended = STARTED + timedelta(minutes=5)  # (three_sessions' first: 5 minutes, 3 days ago)
    why = session_shape.problem(
        status,
        ended - timedelta(minutes=5),
        ended,
        seconds,
        [("chin-tuck", s, h, d) for s, h, d in found],
    )
    assert kept == (why is None), why


def test_two_steps_that_hurt_are_taken_as_a_run_writes_them(
    stretch: Stretch, tmp_path: Path
) -> None:
    # `h` ends one exercise and the run goes on: another can hurt too (and one named after
    # the run marks each step of it that was begun).
    other = {"exercise": "chin-tuck", "status": "hurt", "holds": 5, "done": 0}
    hurt = [*exercise("hurt", 1), other]
    path = tmp_path / "two.jsonl"
    path.write_text(f"{json.dumps(FORMAT)}\n{json.dumps(line(status='stopped', exercises=hurt))}\n")
    assert stretch("history", "import", str(path)) == (
        0,
        "imported 1 session; 0 already there\n",
        "",
    )


# --- The seconds a refusal asks for are taken, said as a person writes them -------------------

WHOLE_OR_DECIMAL = re.compile(r"\d+(\.\d*[1-9])?")  # 940, 190.25: never 940.0 nor 1.4e+07


@given(st.integers(241, 14_400 * 4000), st.floats(0, 1).map(lambda f: round(f, 2)))
def test_a_refusal_for_too_many_holds_asks_for_the_least_seconds_taken(
    held: int, short: float
) -> None:
    done = [("chin-tuck", "done", held, held)]
    least = held * session_shape.FASTEST_HOLD - SPAN_SLACK
    seconds = max(least - short - 0.01, 0.0)
    why = session_shape.problem("completed", STARTED, None, seconds, done)
    assert why is not None and why.key == "seconds"
    if least > MAX_SESSION_SECONDS:  # no seconds an import takes would do (attack 19, H16)
        assert "give seconds" not in why.problem
        assert why.problem.startswith(f"{held} holds done is more than any run can do: ")
        return
    asked = re.search(r"give seconds (\S+) or more", why.problem)
    assert asked is not None and WHOLE_OR_DECIMAL.fullmatch(asked[1]), why.problem
    assert float(asked[1]) == least
    assert "e+" not in why.problem and not re.search(r"\d\.0\b", why.problem)
    assert session_shape.problem("completed", STARTED, None, least, done) is None


@given(st.integers(0, 20 * 365 * 86400), st.integers(1, 10**9))
def test_a_refusal_for_more_seconds_than_the_span_asks_for_the_most_taken(
    span: int, over: int
) -> None:
    ended = STARTED + timedelta(seconds=span)
    most = span + SPAN_SLACK
    why = session_shape.problem("stopped", STARTED, ended, most + over, [])
    assert why is not None and why.key == "seconds"
    asked = re.search(r"give seconds (\S+) or less", why.problem)
    assert asked is not None and WHOLE_OR_DECIMAL.fullmatch(asked[1]), why.problem
    assert float(asked[1]) == most
    assert "e+" not in why.problem and not re.search(r"\d\.0\b", why.problem)
    assert session_shape.problem("stopped", STARTED, ended, most, []) is None
