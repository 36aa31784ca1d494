"""`stretch run --json` said nothing of a session the history did not take by the run's end
(kept aside in a file of the state folder): only the plain run's end named the file, on the
error stream, so a program reading the JSON lines could not tell. Now a last line says it:
`{"event": "unrecorded", "recorded": false, "kept_in": PATH, "why": ...}`."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.history.store import History
from stretchcli.session import run as run_module
from stretchcli.session.unrecorded import write_event
from tests.conftest import Stretch
from tests.test_busy import RUN, history, locked
from tests.test_kept_path import NAME_BYTES, NASTY

__all__ = ["history"]  # the fixture, shared

JSON_RUN = (*RUN[:-1], "--json")  # (RUN's last word is --plain)


def events(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_a_json_run_kept_aside_ends_with_a_line_naming_its_file(
    stretch: Stretch, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_module, "FLUSH_SECONDS", 2.0)
    with locked(history.path):
        result = stretch(*JSON_RUN)
    assert result.code == 1
    (file,) = history.path.parent.glob("unrecorded-*.jsonl")
    found = events(result.out)
    assert found[-2]["event"] == "end"
    assert found[-1] == {
        "event": "unrecorded",
        "recorded": False,
        "kept_in": str(file),
        "why": f"the history is still busy (another process is writing to {history.path})",
    }
    assert f"it is kept in {file}" in result.err  # said to a person as before


def test_a_json_run_recorded_has_no_such_line(stretch: Stretch, history: History) -> None:
    result = stretch(*JSON_RUN)
    assert result.code == 0, result.err
    assert [e["event"] for e in events(result.out)][-1] == "end"
    assert all(e["event"] != "unrecorded" for e in events(result.out))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(NAME_BYTES, NASTY), min_size=1, max_size=4).map(b"".join))
def test_the_line_gives_back_the_files_path_and_holds_no_control_character(
    name: bytes,
) -> None:
    path = Path(os.fsdecode(b"/tmp/s" + name + b"/unrecorded-20261104-103000-8f4576dd.jsonl"))
    out = io.StringIO()
    write_event(out, "busy", path)
    line = out.getvalue()
    assert line.endswith("\n") and line.count("\n") == 1
    assert re.fullmatch(r"[ -~]*\n", line), repr(line)  # ASCII: nothing acts on a terminal
    assert os.fsencode(json.loads(line)["kept_in"]) == os.fsencode(path)


def test_a_session_not_kept_is_said_with_no_file() -> None:
    out = io.StringIO()
    write_event(out, "the disk is full", None)
    assert json.loads(out.getvalue()) == {
        "event": "unrecorded",
        "recorded": False,
        "kept_in": None,
        "why": "the disk is full",
    }
