"""When the last full week of a plan fell short of its weekly goal, the next session asks once
what got in the way, records the answer in the history and answers it."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.env import Environment
from stretchcli.errors import HistoryError
from stretchcli.history.barriers import BARRIERS, Answer, last_full_week
from stretchcli.history.levels import LevelChange
from stretchcli.history.past import LastWeek
from stretchcli.session.shortfall import ANSWERS, KEYS, NO_SESSION_PAIN, answered, ask
from tests.conftest import Stretch
from tests.fakes import TypedAtTerminal

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=ZONE)
NEXT = MONDAY + timedelta(days=7)
PLAN = """\
written_by: A. Physio, physiotherapist
days: {mon: desk-upper-back, wed: desk-upper-back, fri: desk-upper-back}
levels: {scapular-squeeze: 2}
weekly_goal: 3
"""
HEAD = "Last week you did 1 session of the 3 in your plan.\n"
QUESTION = (
    "What got in the way? t no time, p pain, f forgot, n not helping, o other (its letter; "
    "Enter to skip): "
)


@pytest.fixture(autouse=True)
def _one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The question on one line: its wrapping is tested on its own."""
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.mark.parametrize("columns", [40, 80, 100, 101, 102])
def test_the_question_is_wrapped_at_words_with_its_colon(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """Review 23, F9: at 100 columns the question's ": " fell alone onto the next line."""
    week_with_one_session(stretch, tmp_path)
    monkeypatch.setenv("COLUMNS", str(columns))
    err = stretch("run", "--json", "--no-pain", typed="\n", wall=NEXT).err
    asked = err[err.index("What got in the way?") :]
    asked = asked[: asked.index("skip): ") + len("skip): ")]
    lines = asked.split("\n")
    assert all(len(line.rstrip()) <= columns for line in lines), lines
    assert " ".join(lines).split() == QUESTION.split()
    assert lines[-1].endswith("skip): ")  # the colon with its word, the answer after it


def week_with_one_session(stretch: Stretch, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    assert stretch("run", "--json", "--no-pain", wall=MONDAY).code == 0


def answers(home: Path) -> list[tuple[str, str | None, int, int]]:
    with closing(sqlite3.connect(home / "state" / "history.sqlite3")) as db:
        return list(db.execute("SELECT week, answer, sessions, goal FROM barriers ORDER BY id"))


@pytest.mark.parametrize("letter", list("tpfno"))
def test_each_answer_is_recorded_and_answered(
    stretch: Stretch, tmp_path: Path, isolated: Path, letter: str
) -> None:
    week_with_one_session(stretch, tmp_path)
    result = stretch("run", "--json", "--no-pain", typed=f"{letter}\n", wall=NEXT)
    barrier = BARRIERS["tpfno".index(letter)]
    assert result.err.startswith(f"{HEAD}{QUESTION}{ANSWERS[barrier]}\n")
    assert answers(isolated) == [("2026-11-02", barrier, 1, 3)]
    # Never twice for the same week: the next session asks nothing.
    later = stretch("run", "--json", "--no-pain", typed="t\n", wall=NEXT + timedelta(days=2))
    assert "What got in the way" not in later.err
    assert len(answers(isolated)) == 1


@pytest.mark.parametrize("columns", [40, 80, 100])
@pytest.mark.parametrize("key", ["t", "p", "f", "n", "o"])
def test_the_answer_is_wrapped_at_words_as_the_question_is(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int, key: str
) -> None:
    """Review 24, F6: the question wrapped at 40 columns, its answer ran on for 150."""
    week_with_one_session(stretch, tmp_path)
    monkeypatch.setenv("COLUMNS", str(columns))
    err = stretch("run", "--json", "--no-pain", typed=f"{key}\n", wall=NEXT).err
    after = err[err.index("skip): ") + len("skip): ") :].split("\n")
    said = " ".join(ANSWERS[KEYS[key]].split())
    lines: list[str] = []
    while " ".join(lines) != said:  # the answer's lines, and no more
        assert said.startswith(" ".join([*lines, after[len(lines)]])), (lines, said)
        lines.append(after[len(lines)])
    assert all(len(line) <= columns for line in lines), lines


def test_the_exact_answers() -> None:
    assert ANSWERS == {
        "no time": (
            "A shorter session still counts toward your week: `stretch run --minutes N` fits "
            "today's routine into the N minutes you have (it says what it shortens, or that N "
            "is too few)."
        ),
        "pain": (
            "Your plan steps each exercise you did that week down a level from today, where it "
            "can. If the pain "
            "is sharp, or you feel numbness or tingling, stop for today. When to get help: run "
            "stretch safety. If the pain does not ease after a few weeks, or gets worse, book an "
            "appointment with a doctor or physiotherapist."
        ),
        "forgot": (
            "A reminder at a time that suits your day can help: `stretch remind on --between "
            "12:00-13:00` (or `stretch config remind_between`) moves them; `stretch remind` "
            "shows when they come."
        ),
        "not helping": (
            "Worth a review: `stretch report -o report.html` makes a page of your weeks, pain "
            "and levels to go through with a clinician; book an appointment with a doctor or "
            "physiotherapist."
        ),
        "other": "Thank you: it is noted in your history.",
    }


def test_pain_in_a_week_without_a_session_changes_no_level(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    """A rating speaks only for what it rated: pain that kept a person from every session of
    a week steps nothing down, and says so."""
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert stretch("plan", "use", str(path), wall=MONDAY - timedelta(hours=1)).code == 0
    result = stretch("run", "--json", "--no-pain", typed="p\n", wall=NEXT)
    lines = result.err.splitlines()
    assert lines[:2] == [
        "Last week you did no sessions of the 3 in your plan.",
        f"{QUESTION}{NO_SESSION_PAIN}",
    ]
    assert lines[2] == "stretch: today's plan: desk-upper-back"
    assert not [line for line in lines if "This week" in line]
    assert NO_SESSION_PAIN.startswith(
        "No exercise was done that week, so your plan keeps its levels: start gently today, "
        "well short of pain."
    )
    assert answers(isolated) == [("2026-11-02", "pain", 0, 3)]


def test_pain_steps_the_plan_down_today(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # the answer and `stretch plan`'s reasons on one line
    week_with_one_session(stretch, tmp_path)
    result = stretch("run", "--json", "--no-pain", typed="p\n", wall=NEXT)
    lines = result.err.splitlines()
    assert lines[:2] == [HEAD.strip(), f"{QUESTION}{ANSWERS['pain']}"]
    assert lines[2] == "stretch: today's plan: desk-upper-back"
    assert lines[3] == (
        "stretch: This week: Scapular squeeze, 5 reps, down from 8. Pain got in the way in the "
        "week of 2 Nov: easier until it settles."
    )
    shown = stretch("plan", wall=NEXT).out
    assert "down: you said pain got in the way in the week of 2 Nov 2026" in shown


def test_skipped_is_recorded_and_not_asked_again(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    week_with_one_session(stretch, tmp_path)
    result = stretch(
        "run", "--json", "--no-pain", typed="2\n\n", wall=NEXT
    )  # a pain rating typed too soon
    assert result.err.startswith(
        f"{HEAD}{QUESTION}Please type a letter (t, p, f, n, o), or press Enter.\n{QUESTION}"
        "stretch: today's plan"
    )
    assert answers(isolated) == [("2026-11-02", None, 1, 3)]
    again = stretch("run", "--json", "--no-pain", typed="t\n", wall=NEXT + timedelta(days=2))
    assert "What got in the way" not in again.err


def test_not_asked_without_a_terminal_a_met_goal_or_a_week_the_plan_did_not_have(
    stretch: Stretch, tmp_path: Path, isolated: Path
) -> None:
    week_with_one_session(stretch, tmp_path)
    piped = stretch("run", "--json", "--no-pain", wall=NEXT)
    assert "What got in the way" not in piped.err
    # A new plan (another starting level) adopted on Wednesday: the week it began is not a
    # full week of it.
    path = tmp_path / "late.yaml"
    late = PLAN.replace("weekly_goal: 3", "weekly_goal: 2").replace("squeeze: 2", "squeeze: 1")
    path.write_text(late, encoding="utf-8")
    wednesday = NEXT + timedelta(days=2)
    assert stretch("plan", "use", str(path), wall=wednesday).code == 0
    later = stretch("run", "--json", "--no-pain", typed="t\n", wall=wednesday + timedelta(days=5))
    assert "What got in the way" not in later.err
    # Its first full week met its goal of 2 (Monday, Wednesday): nothing is asked.
    week = wednesday + timedelta(days=5)
    for day in (0, 2):
        assert stretch("run", "--json", "--no-pain", wall=week + timedelta(days=day)).code == 0
    met = stretch("run", "--json", "--no-pain", typed="t\n", wall=week + timedelta(days=7))
    assert "What got in the way" not in met.err
    assert answers(isolated) == []


DAYS = st.dates(date(2000, 1, 1), date(2100, 12, 31))


@given(DAYS, DAYS)
def test_the_week_asked_about_is_the_last_whole_week_of_the_plan(today: date, since: date) -> None:
    week = last_full_week(today, since)
    previous = [today - timedelta(days=n) for n in range(7, 14)]
    last_monday = next(day for day in previous if day.weekday() == 0)
    if since <= last_monday:
        assert week == last_monday  # Monday to Sunday, all of it before this week
    else:
        assert week is None


class _Store:
    """A history that keeps the answers it is given, or cannot be written (`fails`)."""

    def __init__(self, fails: bool = False) -> None:
        self.fails = fails
        self.answers: list[Answer] = []

    def add_level_changes(self, changes: Sequence[LevelChange]) -> None:
        raise AssertionError("the question writes no level change")

    def add_answer(self, answer: Answer) -> None:
        if self.fails:
            raise HistoryError("the history is busy")
        self.answers.append(answer)


def _env(typed: str, tty: bool = True) -> Environment:
    stdin = TypedAtTerminal(typed) if tty else io.StringIO(typed)
    return Environment(
        stdin, io.StringIO(), io.StringIO(), {"COLUMNS": "1000"}, wall_clock=lambda: NEXT
    )


@given(
    st.integers(0, 6),
    st.integers(0, 6),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, "the history is damaged"]),
    st.booleans(),
)
def test_the_question_follows_its_rules_over_what_was_read(
    done: int, goal: int, asked: bool, tty: bool, unread: str | None, fails: bool
) -> None:
    """Asked only at a terminal, about a week not asked about and short of a goal of at least
    one; a week the history could not read is one warning; an answer that cannot be stored is
    a warning, and is still answered."""
    week = LastWeek(MONDAY.date(), asked=asked, done=done, unread=unread)
    env, store = _env("p\n", tty), _Store(fails)
    barrier, stored = ask(env, week, goal, store)
    err = env.stderr.getvalue()  # type: ignore[attr-defined]
    if not tty or goal < 1 or asked:
        assert (barrier, stored, store.answers, err) == (None, None, [], "")
    elif unread is not None:
        assert (barrier, stored, store.answers) == (None, None, [])
        assert err == f"stretch: warning: cannot tell how last week went: {unread}\n"
    elif done >= goal:
        assert (barrier, stored, store.answers, err) == (None, None, [], "")
    else:
        assert barrier == BARRIERS[1]
        assert err.endswith(answered(BARRIERS[1], done) + "\n")
        assert answered(BARRIERS[1], done) == (ANSWERS["pain"] if done else NO_SESSION_PAIN)
        answer = Answer(NEXT, MONDAY.date(), BARRIERS[1], done, goal)
        if fails:
            assert (stored, store.answers) == (None, [])
            assert (
                "stretch: warning: the history is busy, so your answer is not recorded: this "
                "question comes again at your next session\n"
            ) in err
        else:
            assert (stored, store.answers) == (answer, [answer])


def test_the_answer_waits_for_a_busy_history_no_longer_than_a_run_starts(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written as the run starts, the answer waits for a busy history as briefly as the run's
    start does (it froze the screen the history's whole busy timeout, 10 s, after a key)."""
    from stretchcli.history import store as store_module
    from stretchcli.history.plan_follow import PlanRecorder
    from stretchcli.history.starting import PROBE_PATIENCE
    from stretchcli.history.store import History, history_path

    waits: list[float] = []

    def busy(db: sqlite3.Connection, wait: float) -> None:
        waits.append(wait)
        raise sqlite3.OperationalError("database is locked")

    history = History(
        history_path({"STRETCH_STATE_DIR": str(isolated / "state")}), print, lambda: NEXT
    )
    history.close()
    monkeypatch.setattr(store_module, "begin_immediate", busy)
    with pytest.raises(HistoryError) as raised:
        PlanRecorder(history).add_answer(Answer(NEXT, MONDAY.date(), "no time", 1, 3))
    assert raised.value.message.startswith("the history is busy")
    assert waits == [PROBE_PATIENCE]


def test_an_answer_a_busy_history_cannot_take_is_said_to_come_again() -> None:
    """Said once, with no "try again" naming nothing to run: the question comes back."""
    week = LastWeek(MONDAY.date(), asked=False, done=1, unread=None)
    env = _env("t\n")

    class Busy(_Store):
        def add_answer(self, answer: Answer) -> None:
            raise HistoryError("the history is busy; try again", "another process is writing to h")

    assert ask(env, week, 3, Busy()) == ("no time", None)
    err = env.stderr.getvalue()  # type: ignore[attr-defined]
    assert err == (
        f"{HEAD}{QUESTION}stretch: warning: the history is busy (another process is writing "
        "to h), so your answer is not recorded: this question comes again at your next "
        f"session\n{ANSWERS['no time']}\n"
    )


def test_no_time_names_no_number_of_minutes_a_routine_may_already_be_under() -> None:
    """Review 21, F7: `--minutes 10` was offered whatever the routine's length, also for
    routines of six minutes. The advice names the option, with the minutes the person has."""
    assert not any(character.isdigit() for character in ANSWERS["no time"])
    assert "--minutes N" in ANSWERS["no time"]
