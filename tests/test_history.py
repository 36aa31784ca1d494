"""The history: sessions recorded however they end, concurrency, corruption, migration,
streaks across months, and `stretch history` drawn at a fixed width."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchcli.history.schema import MIGRATIONS, VERSION, migrate
from stretchcli.history.store import History
from stretchcli.records import Day, EndStatus, ExerciseResult, Sum
from stretchcli.views.calendar import calendar
from stretchcli.views.history import streaks, weekly
from tests.conftest import Result, Stretch
from tests.fakes import eventually

TZ = timezone(timedelta(hours=1))
NOON = datetime(2026, 11, 24, 12, 0, tzinfo=TZ)


def store(path: Path, now: datetime = NOON) -> tuple[History, list[str]]:
    warnings: list[str] = []
    return History(path, warnings.append, lambda: now), warnings


def db_path(isolated: Path) -> Path:
    return isolated / "state" / "history.sqlite3"


def seed(
    history: History,
    day: datetime,
    minutes: float,
    status: EndStatus = "completed",
    pain: tuple[int | None, int | None] = (None, None),
    routine: str = "upper-back",
) -> None:
    """A finished session on `day` (a test helper: a week of sessions in one call each)."""
    history.now = lambda: day
    done = [ExerciseResult("thoracic-rotation", "done", 10, 10)]
    session_id = history.start(routine, {}, done, pain[0])
    history.now = lambda: day + timedelta(minutes=minutes)
    history.finish(session_id, status, minutes * 60, done, 0)
    if pain[1] is not None:
        history.set_pain_after(session_id, pain[1])


Run = Callable[..., Result]


@pytest.fixture
def run(stretch: Stretch) -> Run:
    """`stretch ARGS` on a fake clock, with today fixed at NOON."""

    def invoke(
        *args: str, keys: list[tuple[float, str]] | None = None, typed: str | None = None
    ) -> Result:
        return stretch(*args, keys=keys or (), typed=typed, wall=NOON)

    return invoke


def history_json(run: Run) -> list[dict[str, object]]:
    code, out, _ = run("history", "--json")
    assert code == 0
    data: list[dict[str, object]] = json.loads(out)
    return data


def test_a_completed_run_is_recorded_with_each_exercise(run: Run) -> None:
    assert run("run", "upper-back", "--json", "--pain-before", "6")[0] == 0
    (session,) = history_json(run)
    assert session["routine"] == "upper-back"
    assert session["status"] == "completed"
    assert session["seconds"] == 1120.0
    assert session["pain_before"] == 6 and session["pain_after"] is None
    # The wall clock stood still at NOON: the end is never sooner than the time done.
    assert session["started_at"] == NOON.isoformat()
    assert session["ended_at"] == (NOON + timedelta(seconds=1120)).isoformat()
    exercises = session["exercises"]
    assert isinstance(exercises, list)
    assert [(e["exercise"], e["status"]) for e in exercises] == [
        ("rhomboid-stretch", "done"),
        ("scapular-squeeze", "done"),
        ("thoracic-rotation", "done"),
        ("thoracic-side-bend", "done"),
        ("ball-pressure", "done"),
    ]


def test_a_stopped_run_is_recorded_as_stopped(run: Run) -> None:
    # The first exercise ends at 231 s; the second's first hold starts at 269 s.
    assert run("run", "upper-back", "--json", keys=[(280.0, "q")])[0] == 0
    (session,) = history_json(run)
    assert session["status"] == "stopped"
    assert session["seconds"] == 280.0
    exercises = session["exercises"]
    assert isinstance(exercises, list)
    assert [e["status"] for e in exercises][:3] == ["done", "partial", "not reached"]


QUICK = """\
name: Quick
summary: Two one-second holds.
prepare: 0.5
steps:
  - exercise: pelvic-tilt
    hold: 1
    reps: 2
    relax: 0.5
"""


def _spawn(isolated: Path, *args: str, routine: str = "upper-back") -> subprocess.Popen[str]:
    """`stretch run ROUTINE --json --brief ARGS` in a child process (brief: no coaching to
    hear first but the safety line and the name); routine `quick` takes 10.5 s, 8 of them
    its first get-ready (the safety line's 5.2 s and a gap, on a whole second, then "Pelvic
    tilt." 1.4 s and a gap)."""
    folder = isolated / "extra"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quick.yaml").write_text(QUICK)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STRETCH_PATH": str(folder)}
    return subprocess.Popen(
        [sys.executable, "-m", "stretchcli", "run", routine, "--json", "--brief", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _until_the_first_hold(child: subprocess.Popen[str]) -> None:
    """Read the child's phases until its first hold has started (an exercise is begun)."""
    assert child.stdout is not None
    for line in child.stdout:
        if json.loads(line)["kind"] == "hold":
            return
    raise AssertionError("the run ended before its first hold")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_run_killed_by_a_signal_is_recorded_as_interrupted(
    isolated: Path, run: Run, signum: int, code: int
) -> None:
    child = _spawn(isolated, routine="quick")
    _until_the_first_hold(child)
    child.send_signal(signum)
    out, _ = child.communicate(timeout=20)
    assert child.returncode == code
    assert json.loads(out.splitlines()[-1])["status"] == "interrupted"
    (session,) = history_json(run)
    assert session["status"] == "interrupted"
    assert session["ended_at"] is not None


def test_a_run_killed_without_warning_reads_as_interrupted(isolated: Path, run: Run) -> None:
    child = _spawn(isolated, routine="quick")
    _until_the_first_hold(child)
    history, _ = store(db_path(isolated))
    assert eventually(lambda: len(history.sessions()) == 1)  # written on its own thread
    child.kill()
    child.communicate(timeout=20)
    (session,) = history_json(run)
    assert session["status"] == "interrupted"
    assert session["ended_at"] is None


def test_two_writers_at_once_both_land(isolated: Path) -> None:
    path = db_path(isolated)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            history, _ = store(path)
            for i in range(15):
                seed(history, NOON + timedelta(minutes=n * 100 + i), 1.0)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history, _ = store(path)
    assert len(history.sessions()) == 30


@pytest.mark.slow
def test_two_processes_at_once_both_land(isolated: Path, run: Run) -> None:
    children = [_spawn(isolated, routine="quick") for _ in range(2)]
    for child in children:
        child.communicate(timeout=60)
        assert child.returncode == 0
    sessions = history_json(run)
    assert [s["status"] for s in sessions] == ["completed", "completed"]


def test_an_unreadable_database_is_moved_aside_and_a_new_one_started(
    isolated: Path, run: Run
) -> None:
    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    code, _, err = run("run", "upper-back", "--json", "--only", "thoracic-rotation")
    assert code == 0
    aside = path.with_name("history.sqlite3.unreadable-20261124-120000")
    assert aside.read_bytes() == b"this is not a database" * 100
    assert f"it was moved to {aside} and a new one started" in err
    assert [s["status"] for s in history_json(run)] == ["completed"]


def test_a_database_from_an_older_version_is_migrated(isolated: Path) -> None:
    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as old, old:
        migrate(old, target=1)
        old.execute(
            "INSERT INTO sessions (routine, started_at, ended_at, status, seconds)"
            " VALUES ('upper-back', ?, ?, 'completed', 600)",
            (NOON.isoformat(), NOON.isoformat()),
        )
    old.close()
    history, _ = store(path)
    (session,) = history.sessions()
    assert (session.routine, session.status, session.seconds) == ("upper-back", "completed", 600)
    assert session.options == {}
    with closing(sqlite3.connect(path)) as db, db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == len(MIGRATIONS)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_database_from_a_newer_version_is_refused_clearly(isolated: Path, run: Run) -> None:
    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.close()
    code, _, err = run("history")
    assert code == 1
    assert err == (
        f"stretch: the history database is from a newer stretch (schema {VERSION + 1}, this "
        f"one knows {VERSION}) (upgrade stretch to read it; the file was left as it is)\n"
    )
    assert path.exists()


def test_streaks_across_a_month_boundary() -> None:
    days = {date(2026, 10, 29), date(2026, 10, 30), date(2026, 10, 31), date(2026, 11, 1),
            date(2026, 11, 2), date(2026, 11, 10), date(2026, 11, 11)}  # fmt: skip
    assert streaks(days, today=date(2026, 11, 2)) == (5, 5)
    assert streaks(days, today=date(2026, 11, 3)) == (5, 5)  # today not done yet: still alive
    assert streaks(days, today=date(2026, 11, 4)) == (0, 5)
    assert streaks(days, today=date(2026, 11, 11)) == (2, 5)
    assert streaks({date(2026, 12, 31), date(2027, 1, 1)}, today=date(2027, 1, 1)) == (2, 2)
    assert streaks(set(), today=date(2027, 1, 1)) == (0, 0)


def test_calendar_at_a_fixed_width() -> None:
    days = {date(2026, 11, 24): 12.0, date(2026, 11, 23): 3.0, date(2026, 11, 17): 25.0,
            date(2026, 9, 1): 6.0}  # fmt: skip
    text = calendar(days, today=date(2026, 11, 24), weeks=4).plain
    assert [line.rstrip() for line in text.splitlines()] == [
        "     Nov",
        "Mon  · · · ░",  # Monday 23 Nov: 3 minutes
        "     · · █ ▓",  # Tuesday 17 Nov: 25 minutes; today, 24 Nov: 12
        "Wed  · · ·",  # tomorrow and later: blank
        "     · · ·",
        "Fri  · · ·",
        "     · · ·",
        "Sun  · · ·",
    ]


def _day(day: datetime, before: int | None, after: int | None) -> Day:
    """A day of one completed 10-minute session, rated before and after (or not)."""
    return Day(
        day.date(), 1, 1, 1, 600, 600,
        pain_before=Sum(before or 0, before is not None),
        pain_after=Sum(after or 0, after is not None),
    )  # fmt: skip


def _drawn(renderable: object, width: int = 70) -> list[str]:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, no_color=True)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


def test_week_by_week_against_the_goal_at_a_fixed_width() -> None:
    sessions = [
        _day(datetime(2026, 11, 3, 8, tzinfo=TZ), 7, 5),
        _day(datetime(2026, 11, 10, 8, tzinfo=TZ), 7, 5),
        _day(datetime(2026, 11, 12, 8, tzinfo=TZ), 6, None),
        _day(datetime(2026, 11, 13, 8, tzinfo=TZ), 5, 4),
        _day(datetime(2026, 11, 24, 8, tzinfo=TZ), None, None),
    ]
    # From the first session's week; a week without sessions is shown empty.
    assert _drawn(weekly(sessions, NOON.date(), goal=2)) == [
        "week of    sessions  pain before      pain after",
        "2 Nov      ●○  1     ███████···  7.0  █████·····  5.0",
        "9 Nov      ●●  3     ██████····  6.0  ████······  4.5",
        "16 Nov     ○○  0     -                -",
        "this week  ●○  1     -                -",
    ]
    # At most eight weeks; a goal above ten as numbers; no ratings said once.
    many = [_day(datetime(2026, 11, 24, 8, tzinfo=TZ) - timedelta(weeks=w), None, None)
            for w in reversed(range(12))]  # fmt: skip
    lines = _drawn(weekly(many, NOON.date(), goal=12))
    assert lines[0].split() == ["week", "of", "sessions", "pain", "before", "pain", "after"]
    assert lines[1].startswith("5 Oct      1 of 12")
    assert len(lines) == 1 + 8 + 1
    assert lines[-1] == "No pain rated in these weeks: run with --pain to track it."


def test_history_page_for_a_week_of_sessions(isolated: Path, run: Run) -> None:
    history, _ = store(db_path(isolated))
    for back in range(7):
        day = NOON - timedelta(days=back, hours=4)
        seed(history, day, 14 - back, pain=(6 - back // 3, 4 - back // 3))
    code, out, _ = run("history")
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Recent sessions"
    assert lines[1].split() == ["id", "when", "routine", "time", "status", "pain"]
    assert lines[3].split() == ["1", "Tue", "24", "Nov", "08:00", "upper-back", "14:00",
                                "completed", "6", "→", "4"]  # fmt: skip
    assert "Streak: 7 days (longest 7)  ·  7 sessions, 1:17:00 in all" in lines
    assert "Week by week (goal: 5 a week)" in lines
    assert lines[-1].startswith("this week  ●●○○○  2")  # Monday and today; the default goal


def test_history_json_filters(isolated: Path, run: Run) -> None:
    history, _ = store(db_path(isolated))
    seed(history, NOON - timedelta(days=10), 5, routine="mid-back")
    seed(history, NOON - timedelta(days=1), 5)
    assert len(history_json(run)) == 2
    _, out, _ = run("history", "--json", "--since", "2026-11-20")
    assert [s["routine"] for s in json.loads(out)] == ["upper-back"]
    _, out, _ = run("history", "--json", "--routine", "mid-back")
    assert [s["routine"] for s in json.loads(out)] == ["mid-back"]


def test_no_history_yet(run: Run) -> None:
    code, out, _ = run("history")
    assert code == 0
    assert out == "No sessions yet. Start one with: stretch run upper-back\n"
    assert run("history", "--json")[1] == "[]\n"
    code, _, err = run("again")
    assert code == 1
    assert err == "stretch: no session yet to run again (start one with `stretch run upper-back`)\n"


def test_again_repeats_the_last_routine_with_its_options(run: Run) -> None:
    run("run", "upper-back", "--json", "--avoid", "rotation", "--scale", "0.5")
    code, out, _ = run("again", "--json")
    assert code == 0
    phases = [json.loads(line) for line in out.splitlines()][:-1]
    assert "thoracic-rotation" not in {p["exercise"] for p in phases}
    assert {
        p["duration"] for p in phases if p["kind"] == "hold" and p["exercise"] == "ball-pressure"
    } == {15.0}


def test_resume_continues_at_the_exercise_where_it_ended(isolated: Path, run: Run) -> None:
    history, _ = store(db_path(isolated))
    history.now = lambda: NOON
    records = [ExerciseResult("rhomboid-stretch", "done", 3, 3),
               ExerciseResult("scapular-squeeze", "partial", 20, 4)]  # fmt: skip
    session_id = history.start("upper-back", {"scale": 0.5}, records, None)
    history.finish(session_id, "interrupted", 100, records, 1)
    code, out, err = run("run", "upper-back", "--resume", "--json")
    assert code == 0
    phases = [json.loads(line) for line in out.splitlines()][:-1]
    assert phases[0]["exercise"] == "scapular-squeeze"
    assert phases[1]["duration"] == 2.5  # the resumed session keeps its --scale 0.5
    assert "stretch: resuming at step 2, scapular-squeeze" in err
    code, _, err = run("run", "upper-back", "--resume", "--json")  # that one completed
    assert code == 1
    assert err == (
        "stretch: no stopped or interrupted run of upper-back to resume "
        "(start one with `stretch run upper-back`)\n"
    )


def test_pain_is_asked_before_and_after_when_asked_for(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # each line on one line: wrapping is tested on its own
    code, _, err = run(
        "run", "upper-back", "--json", "--pain", "--only", "thoracic-rotation",
        keys=[(1.0, "x")], typed="eleven\n5\n3\n6\n",
    )  # fmt: skip
    assert code == 0
    assert err.count("0-10 (0 none, 10 worst; Enter to skip): ") == 3
    assert "Please type a whole number from 0 to 10." in err
    assert err.endswith(
        "How hard was the session, 0-10 (0 very easy, 10 as hard as you could; Enter to skip): "
        "Did it hurt? 1 Seated thoracic rotation (its number; Enter for none): \n"
    )  # the input ended there: no answer, so nothing is acknowledged
    (session,) = history_json(run)
    assert (session["pain_before"], session["pain_after"], session["difficulty"]) == (5, 3, 6)


def test_ctrl_c_at_the_difficulty_question_keeps_the_pain_given(run: Run) -> None:
    code, _, err = run(
        "run", "upper-back", "--json", "--pain", "--only", "thoracic-rotation",
        keys=[(1.0, "x")], typed="5\n3\n\x03\n",
    )  # fmt: skip
    assert code == 130
    assert "Traceback" not in err
    (session,) = history_json(run)
    assert (session["pain_before"], session["pain_after"], session["difficulty"]) == (5, 3, None)
    assert session["status"] == "completed"  # the session itself had ended


def test_enter_skips_the_pain_questions(run: Run) -> None:
    run("run", "upper-back", "--json", "--pain", "--only", "ball-pressure", keys=[(1, "x")],
        typed="\n\n\n")  # fmt: skip
    (session,) = history_json(run)
    assert (session["pain_before"], session["pain_after"], session["difficulty"]) == (
        None, None, None
    )  # fmt: skip


def test_pain_is_never_asked_without_a_terminal(run: Run) -> None:
    code, _, err = run("run", "upper-back", "--json", "--pain", "--only", "ball-pressure")
    assert code == 0
    assert "0-10" not in err


def test_a_reader_that_goes_away_ends_the_run_quietly_and_it_is_recorded(
    isolated: Path, run: Run
) -> None:
    child = _spawn(isolated, routine="quick")
    assert child.stdout is not None and child.stderr is not None
    child.stdout.readline()
    child.stdout.close()  # like `| head -1`
    child.wait(timeout=30)
    errors = child.stderr.read()
    child.stderr.close()
    assert child.returncode == 141
    assert errors == (
        "Not medical advice. Stop if you feel sharp pain, numbness or tingling. "
        "When to get help: run stretch safety.\n"
    )
    (session,) = history_json(run)
    assert session["status"] == "interrupted"


TWICE = """\
name: Twice
summary: The same exercise as two steps.
prepare: 1
rest: 1
steps:
  - exercise: scapular-squeeze
    reps: 2
    relax: 1
  - cat-camel
  - exercise: scapular-squeeze
    reps: 3
    sets: 2
    relax: 1
    rest: 2
"""


def test_the_same_exercise_twice_is_two_steps_everywhere(
    isolated: Path, run: Run, user_routines: Path
) -> None:
    (user_routines / "twice.yaml").write_text(TWICE)
    code, out, _ = run("run", "twice", "--plain", keys=[(140.0, "q")])
    assert code == 0
    lines = out.splitlines()
    hold = " 0:54  hold 5 seconds         Scapular squeeze, rep 1 of 2: "
    assert any(line.startswith(hold) for line in lines)
    assert lines[-5:] == [
        "Stopped Twice in 2:20.",
        "done: Scapular squeeze",
        "partly done: Cat camel",
        "not reached: Scapular squeeze",
        "Your 1st session this week.",
    ]
    (session,) = history_json(run)
    exercises = session["exercises"]
    assert isinstance(exercises, list)
    assert [(e["exercise"], e["holds"], e["status"]) for e in exercises] == [
        ("scapular-squeeze", 2, "done"),
        ("cat-camel", 5, "partial"),
        ("scapular-squeeze", 6, "not reached"),
    ]
    code, out, err = run("run", "twice", "--resume", "--json")
    assert "stretch: resuming at step 2, cat-camel" in err
    phases = [json.loads(line) for line in out.splitlines()][:-1]
    assert [p["exercise"] for p in phases][:1] == ["cat-camel"]


def test_the_history_says_how_reminders_were_answered(isolated: Path, run: Run) -> None:
    history, _ = store(db_path(isolated))
    seed(history, NOON - timedelta(days=1), 2, routine="desk-break")
    for outcome in ("started", "snoozed", "snoozed", "no answer", "failed"):
        reminder = history.add_reminder("desk-break", "waiting", "notification")
        history.answer_reminder(reminder, outcome)
    history.add_reminder("desk-break", "skipped", "command")
    words = " ".join(run("history")[1].split())  # the line wraps at 80 columns
    assert (
        "1 session, 2:00 in all Reminders: 5 notifications (1 started, 2 snoozed, 1 not "
        "answered, 1 not shown); at the terminal: 1 skipped Last 12 weeks"
    ) in words
    # A reminder still waiting long after its notification gave up was never answered.
    later, _ = store(db_path(isolated), NOON + timedelta(minutes=30))
    history.add_reminder("desk-break", "waiting", "notification")
    assert [r.outcome for r in later.reminders()][-1] == "no answer"
    assert [r.outcome for r in history.reminders()][-1] == "waiting"


RED_AFTER = (  # without a plan, nothing is made gentler by itself: the person is told how
    ": more than these exercises should leave. Do no more of them today and let it settle; next "
    "time, go gentler: fewer of them, or shorter holds (--scale). "
)
WHEN = {  # at or over the ceiling, lasting pain is urgent (review 21, F10); a rise, advice
    "ceiling": "If it has not settled by tomorrow, or does not ease when you rest, get seen "
    "today: ask for an urgent appointment with your doctor, or call a health advice line (NHS "
    "111 in England). For numbness, tingling or weakness, and the other warning signs, see "
    "stretch safety.\n",
    "rise": "If it is no better tomorrow, or you feel numbness, tingling or weakness, get "
    "advice: run stretch safety.\n",
}


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        ("2", "9", "Pain 9/10 after the session is at or over 6"),
        ("", "6", "Pain 6/10 after the session is at or over 6"),
        ("2", "4", "Pain went up from 2 to 4/10 during the session"),
        ("2", "3", None),
        ("0", "3", None),  # up by 3, but to pain the plan calls green
        ("5", "5", None),
        ("", "5", None),
        ("4", "", None),
    ],
)
def test_too_much_pain_after_a_session_is_answered_at_once(
    run: Run, before: str, after: str, said: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pain at or over the ceiling after a session, or up by the rise, gets its advice at
    once (before the next question), not only a gentler start next time."""
    monkeypatch.setenv("COLUMNS", "1000")  # each line on one line: wrapping is tested on its own
    code, _, err = run(
        "run", "upper-back", "--json", "--pain", "--only", "thoracic-rotation",
        keys=[(1.0, "x")], typed=f"{before}\n{after}\n\n\n",
    )  # fmt: skip
    assert code == 0
    asked_hard = "How hard was the session, 0-10"
    if said is None:
        assert "more than these exercises should leave" not in err
    else:
        when = WHEN["rise" if "went up" in said else "ceiling"]
        assert f"{said}{RED_AFTER}{when}{asked_hard}" in err.replace("Enter to skip): ", "")


def test_a_session_with_every_exercise_skipped_asks_no_rating_after(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing was done: pain and effort after it would rate a session that did not happen
    (and feed the plan's rules), so only the question before it is asked."""
    monkeypatch.setenv("COLUMNS", "1000")
    code, _, err = run(
        "run", "upper-back", "--json", "--pain", "--only", "thoracic-rotation",
        keys=[(1.0, "n")] * 40, typed="4\n5\n6\n",
    )  # fmt: skip
    assert code == 0
    assert err.count("0-10 (") == 1
    assert "And now" not in err and "How hard" not in err and "Did one of them" not in err
    assert history_json(run) == []  # no exercise was begun: nothing is stored (README)


def test_the_end_of_the_input_ends_the_questions_after_a_session(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-D at 'And now' ends the questions: none is asked on the same line after it."""
    monkeypatch.setenv("COLUMNS", "1000")
    code, _, err = run(
        "run", "upper-back", "--json", "--pain", "--only", "thoracic-rotation",
        keys=[(1.0, "x")], typed="5\n",
    )  # fmt: skip
    assert code == 0
    assert err.endswith(
        "And now: how much pain do you have, 0-10 (0 none, 10 worst; Enter to skip): \n"
    )
    assert "How hard" not in err and "Did it hurt" not in err
    (session,) = history_json(run)
    assert (session["pain_before"], session["pain_after"], session["difficulty"]) == (5, None, None)


def test_only_a_plan_promises_a_gentler_start() -> None:
    """A plan steps down after a red session; a routine on its own keeps its doses, so the
    person is told to go gentler themselves, never that it will happen."""
    from stretchcli.plan.rules import DEFAULT_RULES
    from stretchcli.plan.words import pain_after_said

    planned = pain_after_said(2, 8, DEFAULT_RULES, planned=True)
    alone = pain_after_said(2, 8, DEFAULT_RULES, planned=False)
    assert planned is not None and "your plan starts gentler next time." in planned
    assert alone is not None and "next time, go gentler: fewer of them, or shorter holds" in alone
    assert "starts gentler" not in alone


@pytest.mark.parametrize(
    ("flags", "shown"),
    [
        (("--only", "scapular-squeeze"), "completed (chosen steps only)"),
        (("--skip", "scapular-squeeze"), "completed (steps left out)"),
        ((), "completed"),
        # Verify 25, V6: an --only naming every step leaves nothing out, in any order.
        (("--only", "thoracic-rotation,rhomboid-stretch,scapular-squeeze"), "completed"),
    ],
)
def test_a_run_that_left_steps_out_on_purpose_says_so_in_history(
    run: Run, flags: tuple[str, ...], shown: str
) -> None:
    """`completed` alone would read as the whole routine (the report says the same)."""
    assert run("run", "desk-break", *flags, "--json", "--no-pain")[0] == 0
    code, out, _ = run("history")
    assert code == 0
    row = out.splitlines()[3].split("desk-break", 1)[1]
    assert row.split(maxsplit=1)[1].rstrip() == f"{shown}  -"  # after the time, before pain
    partial = "left some of the routine's steps out" in run("report", "--format", "md")[1]
    assert partial == (shown != "completed")


def test_red_pain_after_a_run_at_the_shortest_holds_is_not_told_to_shorten_them(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 21, F11: at --scale 0.25, the least there is, "go gentler: ... shorter holds
    (--scale)" named a step that cannot be taken."""
    monkeypatch.setenv("COLUMNS", "1000")
    code, _, err = run(
        "run", "upper-back", "--json", "--pain", "--only", "thoracic-rotation", "--scale",
        "0.25", keys=[(1.0, "x")], typed="5\n8\n\n\n",
    )  # fmt: skip
    assert code == 0
    assert (
        "Pain 8/10 after the session is at or over 6: more than these exercises should leave. "
        "Do no more of them today and let it settle; next time, go gentler: fewer of them "
        f"(--skip ID). {WHEN['ceiling']}"
    ) in err.replace("Enter to skip): ", "")
