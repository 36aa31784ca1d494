"""A command reads the plan's file once however often it asks for the plan (a run asks up to
five times: the --only check, today's routine, the avoided movements, the pain rule, the
catalog's shape), and again as soon as the file has changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchcli.cli.context import Application
from stretchcli.env import Environment
from stretchcli.files import planfile
from stretchcli.files.catalog import Catalog
from stretchcli.plan.model import Plan
from tests.conftest import Stretch
from tests.test_plan_run import MONDAY, PLAN, adopt, holds


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The plan files read, one entry a read."""
    found: list[Path] = []
    read = planfile.read_plan

    def counted(path: Path, catalog: Catalog) -> Plan:
        found.append(path)
        return read(path, catalog)

    monkeypatch.setattr(planfile, "read_plan", counted)
    return found


def test_a_run_of_the_plan_reads_its_file_once(
    stretch: Stretch, tmp_path: Path, reads: list[Path]
) -> None:
    adopt(stretch, tmp_path)
    reads.clear()
    result = stretch("run", "--json", "--no-pain", wall=MONDAY)
    assert result.code == 0, result.err
    assert holds(result.out)["scapular-squeeze"] == [5.0] * 8  # at the plan's level 2
    assert len(reads) == 1


def test_a_changed_plan_is_read_again(stretch: Stretch, tmp_path: Path, reads: list[Path]) -> None:
    adopt(stretch, tmp_path)
    reads.clear()
    app = Application(Environment.from_os())
    first = app.plan()
    assert first is not None and app.plan() is first
    assert len(reads) == 1
    path = planfile.plan_path(app.env.environ)
    path.write_text(PLAN.replace("scapular-squeeze: 2", "scapular-squeeze: 3"), encoding="utf-8")
    again = app.plan()
    assert again is not None and again is not first
    assert len(reads) == 2
    assert app.plan() is again
    path.write_text("days: [", encoding="utf-8")  # broken: left out, with a warning, once
    assert app.plan() is None and app.plan() is None
    assert len(reads) == 3
    path.unlink()
    assert app.plan() is None
    assert len(reads) == 3
