"""`stretch history sync` lists each refused line once (not also as a warning), and only lines
that are there now: a file cut shorter, or gone, takes its refusals with it (issue 23)."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.sync_files import file_name
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import Machines, header, record

BAD = '{"uid": 5}\n'
WHY = "uid: expected a session id: 32 lowercase hexadecimal digits, got 5"


@pytest.fixture
def sync(tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch) -> Machines:
    return Machines(tmp_path / "machines", stretch, monkeypatch)


def listed(out: str) -> list[str]:
    """The refused lines `history sync` lists."""
    _, heading, rest = out.partition(" not merged):\n")
    return [line.strip() for line in rest.splitlines()] if heading else []


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    bad=st.lists(st.booleans(), min_size=1, max_size=8).filter(any),
    kept=st.integers(0, 8),
)
def test_each_refusal_is_listed_once_and_only_while_its_line_is_there(
    tmp_path: Path, stretch: Stretch, monkeypatch: pytest.MonkeyPatch, bad: list[bool],
    kept: int,
) -> None:  # fmt: skip
    machines = Machines(Path(tempfile.mkdtemp(dir=tmp_path)), stretch, monkeypatch)
    other = machines.folder / file_name("far-0123abcd")
    lines = [
        BAD if wrong else record(f"{n + 1:032x}", NOW - timedelta(minutes=n + 1))
        for n, wrong in enumerate(bad)
    ]
    other.write_text(header() + "".join(lines))
    first = machines.run("b", "history", "sync", wall=NOW)
    assert first.err == ""  # listed below, not also warned
    wanted = [f"{other.name}:{n + 2}: {WHY}" for n, wrong in enumerate(bad) if wrong]
    assert listed(first.out) == wanted
    assert listed(machines.run("b", "history", "sync", wall=NOW).out) == wanted

    kept = min(kept, len(lines))
    other.write_text(header() + "".join(lines[:kept]))  # cut shorter
    after = machines.run("b", "history", "sync", wall=NOW)
    assert after.err == ""
    assert listed(after.out) == [w for w in wanted if int(w.split(":")[1]) <= kept + 1]
    assert machines.run("b", "history", wall=NOW).err == ""  # said already

    other.unlink()
    assert "refused" not in machines.run("b", "history", "sync", wall=NOW).out


def test_a_refusal_is_warned_once_by_another_command_and_then_listed(sync: Machines) -> None:
    other = sync.folder / file_name("far-0123abcd")
    other.write_text(header() + BAD)
    warned = sync.run("b", "history", wall=NOW)
    assert warned.err == f"stretch: warning: sync: {other}:2: {WHY}; not merged\n"
    shown = sync.run("b", "history", "sync", wall=NOW)
    assert (shown.err, listed(shown.out)) == ("", [f"{other.name}:2: {WHY}"])
