"""The answers after a run kept aside (the history busy at its end) reach the history: the
run tries it again after its questions, and a row another command added from the kept file
meanwhile (the reminder check, a `history` in another terminal) gets them; a kept file that
only adds answers to the stored session fills them in, never a warning for ever."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from stretchcli.history.store import History
from stretchcli.session import kept_aside
from stretchcli.session import run as run_module
from tests.conftest import Stretch
from tests.fakes import NOW, TypedAtTerminal
from tests.test_busy import RUN, history, run_here
from tests.test_busy_end import BusyFrom

__all__ = ["history"]  # the fixture, shared


def settled(file: Path) -> None:
    """The kept file made two minutes old: past SETTLED, as an adopting command sees it."""
    old = (NOW - timedelta(minutes=2)).timestamp()
    os.utime(file, (old, old))


class Meanwhile(TypedAtTerminal):
    """Answers typed at the questions after the run; before the first is read, the history
    is freed and another command adds the kept file (`adopted`: what it said)."""

    def __init__(self, typed: str, terminal: BusyFrom, path: Path) -> None:
        super().__init__(typed)
        self.terminal, self.path = terminal, path
        self.adopted: list[str] = []

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
        if not self.adopted:
            self.terminal.free()
            for file in self.path.parent.glob("unrecorded-*.jsonl"):
                settled(file)
            with History(self.path, print, lambda: NOW) as other:
                said = self.adopted.append
                kept_aside.adopt(other, self.path.parent, NOW, said, said)
        return super().readline(size)


def run_with_answers(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, typed: str
) -> tuple[int, str, list[str]]:
    """A run kept aside whose kept file another command adds while its questions wait: its
    exit code, what it said, and what the other command said."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    terminal = BusyFrom(history.path, 0.0)
    terminal.hold()
    stdin = Meanwhile(typed, terminal, history.path)
    try:
        code, err = run_here(terminal, stdin, [*RUN, "--pain-before", "3", "--pain"])
    finally:
        terminal.free()
    return code, err, stdin.adopted


def sessions(stretch: Stretch) -> list[dict[str, Any]]:
    result = stretch("history", "export")
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()[1:]]


def test_answers_given_after_another_command_added_the_kept_file_reach_the_history(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history freed and the file added by another command while the run asks its
    questions: the answers reach the stored row (they were written into a new copy of the
    file, said "still busy", and every later command warned for ever)."""
    code, err, adopted = run_with_answers(stretch, history, monkeypatch, "2\n4\n1\n")
    assert len(adopted) == 1 and adopted[0].startswith("added the session of ")
    assert code == 0, err
    assert "still busy" not in err
    assert err.endswith(
        "stretch: the history is free again: this session is recorded, with your answers\n"
    )
    assert not list(history.path.parent.glob("unrecorded-*.jsonl"))
    (stored,) = [s for s in sessions(stretch) if s["pain_before"] == 3]
    assert (stored["pain_after"], stored["difficulty"]) == (2, 4)
    assert [e["status"] for e in stored["exercises"]] == ["hurt"]
    assert stretch("history").err == ""


def test_a_kept_file_that_only_adds_answers_fills_them_in_without_a_warning(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state an earlier version left: the row added without answers, the file back with
    them. The next command fills them in and deletes the file (it warned for ever, and
    offered only to delete the answers)."""
    from tests.test_busy_end import kept_aside as kept_aside_run

    file = kept_aside_run(stretch, history, monkeypatch)
    header, line = file.read_text().splitlines()
    assert stretch("history").code == 0  # added without answers, and deleted
    answered = json.loads(line)
    answered.update(pain_after=2, difficulty=4, note="late")
    file.write_text(f"{header}\n{json.dumps(answered)}\n")
    settled(file)
    result = stretch("history", "--json")
    when = result.err.removeprefix("stretch: added the session of ").split(" kept")[0]
    assert (
        result.err
        == f"stretch: added the session of {when} kept aside while the history was busy\n"
    )
    assert not file.exists()
    (stored,) = [s for s in sessions(stretch) if s["uid"] == answered["uid"]]
    assert (stored["pain_after"], stored["difficulty"], stored["note"]) == (2, 4, "late")
    assert stretch("history").err == ""


def test_a_run_kept_aside_asks_which_exercise_hurt_and_keeps_the_answer(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Busy to the end: "Did it hurt?" is asked as for a recorded session (it was skipped
    without a word, so the plan could not step that exercise down), its answer kept in the
    file, and so in the history once the file is added; "still busy" comes after the run
    met the history busy again, after its questions."""
    from tests.test_busy import locked

    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    with locked(history.path):
        result = stretch(*RUN, "--pain-before", "3", "--pain", typed="2\n4\n1\n")
    assert result.code == 1
    assert "Did it hurt? 1 Scapular squeeze (its number; Enter for none): " in result.err
    assert "Noted: Scapular squeeze hurt." in result.err
    assert "the history is still busy" in result.err.splitlines()[-1]
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    kept = json.loads(file.read_text(encoding="ascii").splitlines()[1])
    assert [e["status"] for e in kept["exercises"]] == ["hurt"]
    settled(file)
    assert stretch("history").code == 0
    (stored,) = [s for s in sessions(stretch) if s["uid"] == kept["uid"]]
    assert [e["status"] for e in stored["exercises"]] == ["hurt"]


def test_a_run_kept_aside_records_itself_once_the_history_is_free_after_its_questions(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Freed while the questions wait and nobody added the file: the run adds it itself,
    answers and all, and deletes it; not an error."""

    class Freeing(TypedAtTerminal):
        def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
            terminal.free()
            return super().readline(size)

    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    terminal = BusyFrom(history.path, 0.0)
    terminal.hold()
    code, err = run_here(terminal, Freeing("2\n4\n\n"), [*RUN, "--pain-before", "3", "--pain"])
    terminal.free()
    assert code == 0, err
    assert err.endswith(
        "Noted: it did not hurt.\n"
        "stretch: the history is free again: this session is recorded, with your answers\n"
    )
    assert not list(history.path.parent.glob("unrecorded-*.jsonl"))
    (stored,) = [s for s in sessions(stretch) if s["pain_before"] == 3]
    assert (stored["pain_after"], stored["difficulty"], stored["status"]) == (2, 4, "completed")


@pytest.mark.parametrize("years_back", [0, 1, 3])
def test_the_line_that_adds_a_kept_session_gives_its_year_where_it_is_not_this_one(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, years_back: int
) -> None:
    """As `history` gives a session's date: 'Wed 31 Dec 2025 23:50' in another year."""
    from tests.test_busy_end import kept_aside as kept_aside_run

    file = kept_aside_run(stretch, history, monkeypatch)
    header, line = file.read_text().splitlines()
    record = json.loads(line)
    started = datetime.fromisoformat(record["started_at"]).astimezone()
    moved = started.replace(year=started.year - years_back)
    record["started_at"] = moved.isoformat()
    record["ended_at"] = (moved + timedelta(seconds=record["seconds"])).isoformat()
    file.write_text(f"{header}\n{json.dumps(record)}\n")
    file = file.rename(file.with_name(f"unrecorded-{moved:%Y%m%d-%H%M%S}-{file.name[-14:]}"))
    settled(file)
    result = stretch("history", wall=NOW)
    year = f" {moved.year}" if years_back else ""
    when = f"{moved:%a} {moved.day} {moved:%b}{year} {moved:%H:%M}"
    assert (
        result.err
        == f"stretch: added the session of {when} kept aside while the history was busy\n"
    )
    assert f"{moved:%a} {moved.day} {moved:%b}{year} {moved:%H:%M}" in result.out


@pytest.mark.parametrize("ahead", [timedelta(minutes=2), timedelta(hours=1), timedelta(days=366)])
def test_a_kept_file_dated_ahead_of_the_clock_is_added_and_named(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, ahead: timedelta
) -> None:
    """Written while the clock ran ahead, or copied from a machine whose clock is: no run on
    this clock can still be writing it. It was held back without a word until the clock
    passed it; now it is added, and its file named in the one line that says so."""
    from tests.test_busy_end import kept_aside as kept_aside_run

    file = kept_aside_run(stretch, history, monkeypatch)
    later = (NOW + ahead).timestamp()
    os.utime(file, (later, later))
    result = stretch("history", wall=NOW)
    assert result.code == 0
    assert result.err.startswith("stretch: added the session of ")
    assert result.err.endswith(
        f" kept aside while the history was busy (its file, {file}, was dated ahead of the clock)\n"
    )
    assert result.err.count("\n") == 1
    assert not file.exists()
    assert stretch("history", wall=NOW).err == ""


def test_a_kept_file_less_than_a_minute_old_is_left_to_its_run(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_busy_end import kept_aside as kept_aside_run

    file = kept_aside_run(stretch, history, monkeypatch)
    for age in (timedelta(seconds=59), timedelta(0), -timedelta(seconds=59)):
        moment = (NOW - age).timestamp()
        os.utime(file, (moment, moment))
        assert stretch("history", wall=NOW).err == ""
        assert file.exists()


def test_a_run_whose_row_was_written_mid_run_ends_it_itself_once_free_after_its_questions(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its row written as it ran (still `running`, by this process) and its end kept aside:
    free after the questions, the run ends that row itself, answers and all (an import saw
    a row its own live process was writing, a conflict, and left it for a later command)."""

    class Freeing(TypedAtTerminal):
        def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
            terminal.free()
            return super().readline(size)

    terminal = BusyFrom(history.path, 66.0)
    code, err = _written_mid_run(terminal, Freeing("2\n4\n\n"), monkeypatch)
    assert code == 0, err
    assert err.endswith("this session is recorded, with your answers\n")
    assert not list(history.path.parent.glob("unrecorded-*.jsonl"))
    (stored,) = [s for s in sessions(stretch) if s["pain_before"] == 3]
    assert (stored["pain_after"], stored["difficulty"], stored["status"]) == (2, 4, "completed")
    assert len(sessions(stretch)) == 2


@pytest.mark.parametrize("deleted", [False, True])
def test_another_command_leaves_a_kept_file_whose_run_still_asks_its_questions(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch, deleted: bool
) -> None:
    """Review 15, G1: the run wrote its row as it ran, then met the history busy at its end.
    Another command, more than a minute later while the questions waited, warned that the
    kept file differs from the stored session (the row its live run still writes) and to
    delete the file. It now leaves the file to its run, which records the session with its
    answers. G1b: with the file deleted meanwhile (as that warning said), the run said "not
    recorded ... cannot read FILE" and named a file that was gone; it keeps it again."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    terminal = BusyFrom(history.path, 66.0)
    terminal.rows_wanted = True
    stdin = Meanwhile("2\n4\n\n", terminal, history.path)
    if deleted:
        readline = stdin.readline

        def deleting(size: int = -1, /) -> str:
            for file in history.path.parent.glob("unrecorded-*.jsonl"):
                file.unlink()
            return readline(size)

        monkeypatch.setattr(stdin, "readline", deleting)
    try:
        code, err = run_here(terminal, stdin, [*RUN, "--pain-before", "3", "--pain"])
    finally:
        terminal.free()
    assert stdin.adopted == []
    assert code == 0, err
    assert err.endswith(
        "stretch: the history is free again: this session is recorded, with your answers\n"
    )
    assert not list(history.path.parent.glob("unrecorded-*.jsonl"))
    (stored,) = [s for s in sessions(stretch) if s["pain_before"] == 3]
    assert (stored["pain_after"], stored["difficulty"], stored["status"]) == (2, 4, "completed")
    assert stretch("history").err == ""


def test_a_note_given_while_a_kept_run_asks_its_questions_is_kept_when_it_records(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack 17, H3: the run's row written as it ran, its end kept aside; while its questions
    waited, `history note` gave the row a note ("Noted on session 1"). Recording itself, the
    run wrote its whole session over the row, and the note was gone. A note given meanwhile
    is kept, as an import keeps the note already here."""

    class Noting(TypedAtTerminal):
        noted = False

        def readline(self, size: int = -1, /) -> str:  # type: ignore[override]
            terminal.free()
            if not self.noted:
                self.noted = True
                with History(history.path, print, lambda: NOW) as other:
                    (running,) = [s for s in other.sessions() if s.status == "running"]
                    assert other.set_note(running.id, "given while the run asked")
            return super().readline(size)

    terminal = BusyFrom(history.path, 66.0)
    code, err = _written_mid_run(terminal, Noting("2\n4\n\n"), monkeypatch)
    assert code == 0, err
    assert err.endswith("this session is recorded, with your answers\n")
    (stored,) = [s for s in sessions(stretch) if s["pain_before"] == 3]
    assert (stored["pain_after"], stored["note"]) == (2, "given while the run asked")


def _written_mid_run(
    terminal: BusyFrom, stdin: TypedAtTerminal, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """A run (pain before 3) whose row is written as it runs and whose end finds the history
    busy (`terminal` holds it), its questions answered from `stdin`: its code and stderr."""
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    terminal.rows_wanted = True
    try:
        return run_here(terminal, stdin, [*RUN, "--pain-before", "3", "--pain"])
    finally:
        terminal.free()
