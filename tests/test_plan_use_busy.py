"""`plan use` while another process holds the history's write lock: refused in one line,
nothing adopted, so the plan never starts later than it was adopted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stretchcli.history import connection
from stretchcli.history.store import History
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_busy import busy, db_path, locked

PLAN = "days:\n" + "".join(
    f"  {day}: [strength-upper-back, desk-break]\n"
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "physio-plan.yaml"
    path.write_text(PLAN)
    return path


def test_plan_use_while_the_history_is_busy_adopts_nothing(
    stretch: Stretch, isolated: Path, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)
    with History(db_path(isolated), print, lambda: NOW) as made, made.writing():
        pass  # the history exists
    with locked(db_path(isolated)):
        code, out, err = stretch("plan", "use", str(plan_file))
    assert (code, out, err) == (1, "", f"stretch: {busy(db_path(isolated))}\n")
    assert not (isolated / "config" / "plan.yaml").exists()
    code, _, err = stretch("plan")
    assert (code, err.startswith("stretch: you have no plan yet")) == (1, True)


def test_plan_use_when_free_starts_the_plan_as_it_is_adopted(
    stretch: Stretch, isolated: Path, plan_file: Path
) -> None:
    code, out, _ = stretch("plan", "use", str(plan_file))
    assert code == 0 and out.startswith("plan adopted: ")
    since = json.loads(stretch("plan", "--json").out)["since"]
    again = json.loads(stretch("plan", "--json").out)["since"]
    assert since == again  # recorded at adoption, not by whichever command came next


def test_plan_use_dash_says_it_reads_no_standard_input(stretch: Stretch, isolated: Path) -> None:
    code, out, err = stretch("plan", "use", "-")
    assert (code, out) == (2, "")
    assert err.startswith("stretch: FILE: - (standard input) is not read by `plan use`")
    assert not (isolated / "config" / "plan.yaml").exists()
