"""A note given on one machine after its history was moved arrives by a later import, as it
does by sync (attack 6, F5): import fills in a note where the session here has none, and where
both have different notes keeps the one here and says so in one line showing both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.history.export_file import SESSIONS_ONLY
from stretchcli.history.sync_records import line_note
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import record

UID = "94f3eb3328b941629ea34310013fca9a"
AT = NOW.replace(hour=8)


def export(path: Path, note: str | None) -> Path:
    line = json.loads(record(UID, AT))
    line["note"] = note
    path.write_text(json.dumps(SESSIONS_ONLY) + "\n" + json.dumps(line) + "\n")
    return path


def notes(stretch: Stretch) -> list[object]:
    return [s["note"] for s in json.loads(stretch("history", "--json").out)]


def test_a_note_given_after_the_move_arrives_by_a_later_import(
    stretch: Stretch, tmp_path: Path
) -> None:
    assert stretch("history", "import", str(export(tmp_path / "a.jsonl", None))).code == 0
    later = export(tmp_path / "b.jsonl", "tight on the left")
    assert stretch("history", "import", str(later)) == (
        0,
        "imported 0 sessions; 0 already there; 1 updated\n",
        "",
    )
    assert notes(stretch) == ["tight on the left"]
    assert stretch("history", "import", str(later)) == (  # the same file again adds nothing
        0,
        "imported 0 sessions; 1 already there\n",
        "",
    )
    assert stretch("history", "import", str(export(tmp_path / "c.jsonl", None))).out == (
        "imported 0 sessions; 1 already there\n"  # an older export takes no note away
    )
    assert notes(stretch) == ["tight on the left"]


def test_two_notes_keep_the_one_here_and_say_so_in_one_line(
    stretch: Stretch, tmp_path: Path
) -> None:
    assert stretch("history", "import", str(export(tmp_path / "a.jsonl", "here"))).code == 0
    there = export(tmp_path / "b.jsonl", "from the laptop")
    assert stretch("history", "import", str(there)) == (
        0,
        "imported 0 sessions; 1 already there; 1 conflict\n",
        f'stretch: warning: {there}:2: session 1 has another note here: "here" was kept, the '
        'file has "from the laptop" (`stretch history note 1 TEXT` sets the one you want)\n',
    )
    assert notes(stretch) == ["here"]


NOTES = st.none() | st.sampled_from(["a", "b", "tight on the left", "ça tire à gauche"])


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ours=NOTES, theirs=NOTES)
def test_an_import_merges_notes_as_a_sync_does(
    stretch: Stretch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated: Path,
    ours: str | None,
    theirs: str | None,
) -> None:
    folder = tmp_path / f"{ours}-{theirs}".replace(" ", "_")
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("STRETCH_STATE_DIR", str(folder / "state"))
    assert stretch("history", "import", str(export(folder / "a.jsonl", ours))).code == 0
    code, out, err = stretch("history", "import", str(export(folder / "b.jsonl", theirs)))
    assert code == 0
    assert notes(stretch) == [line_note(ours, theirs)]
    differ = None not in (ours, theirs) and ours != theirs
    assert (err.count("has another note here") == 1) == differ
    assert err.count("\n") == int(differ)
    assert ("1 updated" in out) == (ours is None and theirs is not None)


def test_the_note_rule_keeps_the_one_here_or_fills_it_in() -> None:
    assert line_note(None, "x") == "x"
    assert line_note("y", "x") == "y"
    assert line_note("y", None) == "y"
    assert line_note(None, None) is None
