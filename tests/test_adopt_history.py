"""A plan is adopted only where its start can be recorded as it is adopted, and shown only
where the history can be read (attack 15, H5, H7, H7b). `plan use` and `start` alike adopt
nothing (exit 1, the plan files as they were) while the history is busy, from a newer
stretch, or cannot be reached; `stretch plan` then says so in the one line `stretch history`
says, never a plan begun today with no sessions. A history not made yet (a new person) is
none of these: the plan is adopted and starts then."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path

import pytest

from stretchcli.history import connection
from stretchcli.history.store import History
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_busy import busy, db_path, locked
from tests.test_history_unreachable import SHAPES

START: tuple[str, ...] = ("start", "--where", "u", "--no-red-flags", "--shoulder-blades", "no")
START += ("--no-precautions", "--yes")
PLAN = "days: {mon: desk-break, wed: desk-break, fri: desk-break}\n"


@pytest.fixture(autouse=True)
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)


def made(isolated: Path) -> None:
    """The history exists (empty)."""
    with History(db_path(isolated), print, lambda: NOW) as history, history.writing():
        pass


def newer(isolated: Path) -> None:
    """The history was last written by a newer stretch."""
    with sqlite3.connect(db_path(isolated)) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()


def files(folder: Path) -> dict[str, bytes]:
    """Every file in `folder`, by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_start_while_the_history_is_busy_adopts_nothing(stretch: Stretch, isolated: Path) -> None:
    made(isolated)
    with locked(db_path(isolated)):
        code, out, err = stretch(*START)
    assert (code, out, err) == (1, "", f"stretch: {busy(db_path(isolated))}\n")
    assert not (isolated / "config" / "plan.yaml").exists()


def test_start_when_free_again_starts_the_plan_as_it_is_adopted(
    stretch: Stretch, isolated: Path
) -> None:
    made(isolated)
    later = NOW + timedelta(days=2)
    with locked(db_path(isolated)):
        assert stretch(*START).code == 1
    assert stretch(*START, wall=NOW).code == 0
    since = json.loads(stretch("plan", "--json", wall=later).out)["since"]
    assert since.startswith(NOW.date().isoformat())  # as adopted, not by the next command


def test_plan_of_a_history_from_a_newer_stretch_says_so_in_one_line(
    stretch: Stretch, isolated: Path
) -> None:
    assert stretch(*START, wall=NOW - timedelta(days=2)).code == 0
    newer(isolated)
    said = stretch("history").err
    assert said.startswith("stretch: the history database is from a newer stretch (schema 99")
    assert stretch("plan") == (1, "", said)
    before = files(isolated / "config")
    assert stretch(*START) == (1, "", said)
    assert files(isolated / "config") == before


@pytest.mark.parametrize("shape", SHAPES)
def test_plan_of_a_history_that_cannot_be_reached_says_so_in_one_line(
    stretch: Stretch,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shape: str,
) -> None:
    assert stretch(*START, wall=NOW - timedelta(days=2)).code == 0
    state, _ = SHAPES[shape](tmp_path)
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    said = stretch("history").err
    assert said.startswith("stretch: cannot reach the history database ")
    assert stretch("plan") == (1, "", said)
    before = files(isolated / "config")
    assert stretch(*START) == (1, "", said)
    assert files(isolated / "config") == before


Unreadable = Callable[[Path, pytest.MonkeyPatch], AbstractContextManager[None]]


def _busy(isolated: Path, _: pytest.MonkeyPatch) -> AbstractContextManager[None]:
    made(isolated)
    return locked(db_path(isolated))


def _newer(isolated: Path, _: pytest.MonkeyPatch) -> AbstractContextManager[None]:
    made(isolated)
    newer(isolated)
    return nullcontext()


def _unreached(shape: str) -> Unreadable:
    @contextmanager
    def state(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        where, _ = SHAPES[shape](isolated.parent)
        monkeypatch.setenv("STRETCH_STATE_DIR", str(where))
        yield

    return state


# Each history a plan's start cannot be recorded in, as the block that holds it so.
UNREADABLE: dict[str, Unreadable] = {
    "busy": _busy,
    "newer": _newer,
    **{f"not reached: {shape}": _unreached(shape) for shape in SHAPES},
}
ADOPTERS = {"start": START, "plan use": ("plan", "use", "{plan}")}


@pytest.mark.parametrize("before", ["no plan", "a plan"])
@pytest.mark.parametrize("adopter", ADOPTERS)
@pytest.mark.parametrize("history", UNREADABLE)
def test_no_way_of_adopting_a_plan_adopts_one_where_its_start_cannot_be_recorded(
    stretch: Stretch,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    before: str,
    adopter: str,
    history: str,
) -> None:
    plan = tmp_path / "physio-plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    if before == "a plan":
        assert stretch(*START, wall=NOW - timedelta(days=2)).code == 0
    kept = files(isolated / "config")
    args = [arg.format(plan=plan) for arg in ADOPTERS[adopter]]
    with UNREADABLE[history](isolated, monkeypatch):
        read = stretch("history")  # a busy history is still read: only writers wait
        said = read.err or f"stretch: {busy(db_path(isolated))}\n"
        assert said.startswith("stretch: ") and said.count("\n") == 1
        assert stretch(*args) == (1, "", said)
        if before == "a plan":  # shown where `history` reads it, never as begun today
            for page in (stretch("plan"), stretch("plan", "--json")):
                if read.code:
                    assert page == (1, "", said)
                else:
                    begun = ("Since 2 Nov 2026", '"since": "2026-11-02')
                    assert (page.code, page.err) == (0, "")
                    assert any(words in page.out for words in begun)
    assert files(isolated / "config") == kept


@pytest.mark.parametrize("adopter", ADOPTERS)
def test_a_history_not_made_yet_is_made_and_the_plan_starts_as_it_is_adopted(
    stretch: Stretch, isolated: Path, tmp_path: Path, adopter: str
) -> None:
    plan = tmp_path / "physio-plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    args = [arg.format(plan=plan) for arg in ADOPTERS[adopter]]
    assert stretch(*args, wall=NOW).code == 0
    assert db_path(isolated).exists()
    page = stretch("plan", "--json", wall=NOW + timedelta(days=3))
    assert page.code == 0
    assert json.loads(page.out)["since"].startswith(NOW.date().isoformat())


@pytest.mark.parametrize("history", ["newer", *(f"not reached: {s}" for s in SHAPES)])
def test_a_run_of_a_routine_the_plan_does_not_hold_goes_ahead_unrecorded(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch, history: str
) -> None:
    """As the README says of a history that cannot be read: a run goes ahead, unrecorded,
    with a warning (today's session of a plan, whose levels come from the history, is said
    in one line instead, as `stretch plan` is)."""
    assert stretch(*START, wall=NOW - timedelta(days=2)).code == 0
    with UNREADABLE[history](isolated, monkeypatch):
        said = stretch("history").err.removeprefix("stretch: ")
        code, out, err = stretch("run", "desk-break", "--json")
        assert code == 0 and '"event": "end"' in out
        assert f"stretch: warning: this session will not be recorded: {said}" in err
        assert stretch("run", "--json")[:2] == (1, "")
