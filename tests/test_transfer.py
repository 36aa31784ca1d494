"""Notes on sessions, and the history moved between machines: export, import, merge."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_history import NOON, db_path, seed, store


def sessions(stretch: Stretch) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(stretch("history", "--json", wall=NOON).out)
    return data


def test_a_note_given_at_the_start_and_one_added_later(stretch: Stretch) -> None:
    code, _, _ = stretch(
        "run", "upper-back", "--json", "--only", "thoracic-rotation", "--note", "tight on the left"
    )
    assert code == 0
    assert [s["note"] for s in sessions(stretch)] == ["tight on the left"]
    assert stretch("history", "note", "better", "after", "lunch") == (
        0,
        "Noted on session 1: better after lunch\n",
        "",
    )
    assert stretch("history", "note", "1", "first one") == (
        0,
        "Noted on session 1: first one\n",
        "",
    )
    assert [s["note"] for s in sessions(stretch)] == ["first one"]
    assert stretch("history", "note", "7", "x") == (
        1,
        "",
        "stretch: no session 7 (see the ids with `stretch history --json`)\n",
    )
    assert stretch("history", "note", "  ")[0] == 2


@pytest.mark.parametrize("number", ["9223372036854775808", "1" + "0" * 40, "00000000000000001"])
def test_a_note_for_a_number_too_large_for_any_session_is_one_line(
    stretch: Stretch, number: str
) -> None:
    stretch("run", "upper-back", "--json", "--only", "thoracic-rotation")
    code, out, err = stretch("history", "note", number, "x")
    if number.lstrip("0") == "1":
        assert (code, out) == (0, "Noted on session 1: x\n")
        return
    assert (code, out) == (1, "")
    assert err == f"stretch: no session {int(number)} (see the ids with `stretch history --json`)\n"


def test_a_note_with_no_session_yet(stretch: Stretch) -> None:
    assert stretch("history", "note", "hello") == (
        1,
        "",
        "stretch: no session yet to add a note to (run one first)\n",
    )


def machine(isolated: Path, name: str, days: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the state folder at machine `name` and give it sessions `days` ago."""
    state = isolated / name
    monkeypatch.setenv("STRETCH_STATE_DIR", str(state))
    history, _ = store(state / "history.sqlite3")
    for back in days:
        seed(history, NOW - timedelta(days=back), 5, pain=(4, 2))  # days the clock has seen


def test_export_then_import_elsewhere_round_trips_and_twice_adds_nothing(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [3, 2, 1], monkeypatch)
    stretch("history", "note", "1", "tight on the left")
    exported = tmp_path / "history.jsonl"
    assert stretch("history", "export", "-o", str(exported)) == (
        0,
        "",
        f"stretch: history written to {exported}\n",
    )
    lines = exported.read_text().splitlines()
    assert json.loads(lines[0]) == {"format": "stretch-history", "version": 1}
    assert len(lines) == 4
    before = sessions(stretch)
    machine(isolated, "desktop", [], monkeypatch)
    assert stretch("history", "import", str(exported)) == (
        0,
        "imported 3 sessions; 0 already there\n",
        "",
    )
    after = sessions(stretch)
    assert [{**s, "id": 0} for s in after] == [{**s, "id": 0} for s in before]
    assert (
        stretch("history", "import", str(exported)).out == "imported 0 sessions; 3 already there\n"
    )
    assert len(sessions(stretch)) == 3


def test_two_machines_merge_into_one_history(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {}
    for name, days in (("laptop", [5, 3]), ("desktop", [4, 1])):
        machine(isolated, name, days, monkeypatch)
        files[name] = tmp_path / f"{name}.jsonl"
        stretch("history", "export", "-o", str(files[name]))
    stretch("history", "import", str(files["laptop"]))  # on the desktop
    machine(isolated, "laptop", [], monkeypatch)
    stretch("history", "import", str(files["desktop"]))
    laptop = [s["uid"] for s in sessions(stretch)]
    machine(isolated, "desktop", [], monkeypatch)
    desktop = [s["uid"] for s in sessions(stretch)]
    assert len(laptop) == 4 and laptop == desktop  # the same four, oldest first, on both


def test_a_bad_file_imports_nothing_and_names_every_bad_line(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [2, 1], monkeypatch)
    good = tmp_path / "good.jsonl"
    stretch("history", "export", "-o", str(good))
    header, first, second = good.read_text().splitlines()
    broken = json.loads(second)
    broken["pain_after"] = 11
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([header, first, "{not json", json.dumps(broken), first]) + "\n")
    machine(isolated, "desktop", [3], monkeypatch)
    code, out, err = stretch("history", "import", str(bad))
    assert (code, out) == (1, "")
    uid = json.loads(first)["uid"]
    assert err.splitlines() == [
        f"stretch: {bad}:3: not JSON (Expecting property name enclosed in double quotes)",
        f"stretch: {bad}:4: pain_after: not a value a session can have (11)",
        f"stretch: {bad}:5: session {uid} is also on line 2",
        f"stretch: {bad}: nothing was imported (3 bad lines) (the history is as it was)",
    ]
    assert len(sessions(stretch)) == 1
    other = tmp_path / "other.txt"
    other.write_text("hello\n")
    assert stretch("history", "import", str(other))[2] == (
        f"stretch: {other}:1: not JSON (Expecting value)\n"
        f"stretch: {other}: nothing was imported (1 bad line) (the history is as it was)\n"
    )


def test_a_conflict_keeps_the_stored_session_and_says_so(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [1], monkeypatch)
    exported = tmp_path / "history.jsonl"
    stretch("history", "export", "-o", str(exported))
    header, line = exported.read_text().splitlines()
    changed = {**json.loads(line), "note": "edited elsewhere"}
    exported.write_text(f"{header}\n{json.dumps(changed)}\n")
    code, out, err = stretch("history", "import", str(exported))
    assert (code, out) == (0, "imported 0 sessions; 0 already there; 1 conflict\n")
    assert err == (
        f"stretch: warning: {exported}:2: session {changed['uid']} differs from the stored one "
        "(note); the stored one was kept\n"
    )
    assert [s["note"] for s in sessions(stretch)] == [None]


def test_a_database_from_before_stable_ids_gets_them(isolated: Path) -> None:
    import sqlite3
    from contextlib import closing

    from stretchcli.history.schema import migrate

    path = db_path(isolated)
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as db, db:
        migrate(db, 5)
        db.execute(
            "INSERT INTO sessions (routine, started_at, status) VALUES "
            "('a', '2026-11-01T10:00:00+00:00', 'completed'), "
            "('b', '2026-11-02T10:00:00+00:00', 'completed')"
        )
    db.close()
    history, _ = store(path)
    uids = [s.uid for s in history.sessions()]
    assert len(set(uids)) == 2 and all(len(u) == 32 for u in uids)


def test_swaps_travel_and_a_file_from_before_them_still_imports(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(isolated, "laptop", [1], monkeypatch)
    stretch("run", "back-pain-relief", "--json", "--avoid", "extension")
    exported = tmp_path / "history.jsonl"
    stretch("history", "export", "-o", str(exported))
    header, older, swapped = exported.read_text().splitlines()
    without = json.loads(older)
    del without["swaps"]  # as written before swaps were kept
    bad = {**json.loads(swapped), "uid": "f" * 32, "swaps": [{"exercise": "x"}]}
    exported.write_text("\n".join([header, json.dumps(without), swapped, json.dumps(bad)]) + "\n")
    machine(isolated, "desktop", [], monkeypatch)
    code, _, err = stretch("history", "import", str(exported))
    assert code == 1
    assert err.splitlines()[0] == (
        f'stretch: {exported}:4: swaps: not a value a session can have ([{{"exercise": "x"}}])'
    )
    exported.write_text("\n".join([header, json.dumps(without), swapped]) + "\n")
    assert stretch("history", "import", str(exported)).out == (
        "imported 2 sessions; 0 already there\n"
    )
    assert [s["swaps"] for s in sessions(stretch)] == [
        [],
        [{"exercise": "back-extension", "instead": "pelvic-tilt", "avoided": ["extension"]}],
    ]
    # Imported again: the same two, though the first line has no swaps.
    assert stretch("history", "import", str(exported)).out == (
        "imported 0 sessions; 2 already there\n"
    )
