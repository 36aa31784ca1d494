"""`history import` and the files it is given (attack 6, F12 and F16): a sync file is refused
in one line that points to `stretch history sync`; the message about a first line names what
`history export` writes; the header's version is a JSON integer, never a boolean or a float."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.history.export_file import FORMAT, SESSIONS_ONLY, not_the_header
from tests.conftest import Stretch
from tests.fakes import NOW
from tests.test_sync import record


def other_history(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRETCH_STATE_DIR", str(isolated / "other-state"))
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(isolated / "other-config"))


def test_a_sync_file_gives_its_sessions_and_leaves_its_notes_to_the_sync(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack 17, H1: `history sync` says to bring in a file named otherwise (a sync tool's
    copy) with `history import`, which refused any sync file with a note in it, pointing
    back to sync: neither took its sessions. The import takes them, and says that the
    notes and reminders are left to a sync."""
    folder = tmp_path / "sync"
    folder.mkdir()
    assert stretch("config", "sync_folder", str(folder)).code == 0
    assert stretch("run", "upper-back", "--json", "--only", "thoracic-rotation").code == 0
    assert stretch("history", "note", "1", "tight").code == 0
    assert stretch("history", "sync").code == 0
    (synced,) = folder.glob("stretch-history-*.jsonl")
    copy = folder / "stretch-history-laptop.sync-conflict-20261104-103000.jsonl"
    copy.write_bytes(synced.read_bytes())
    lines = synced.read_text().splitlines()
    assert json.loads(lines[0]) == FORMAT
    assert any(line.startswith('{"note"') for line in lines)
    other_history(isolated, monkeypatch)
    code, out, err = stretch("history", "import", str(copy))
    assert (code, out) == (0, "imported 1 session; 0 already there\n")
    assert err == (
        f"stretch: warning: {copy}: 1 note or reminder of a sync file left out: `stretch "
        "history sync` merges them, by the times it keeps\n"
    )
    (session,) = json.loads(stretch("history", "--json").out)
    assert session["routine"] == "upper-back"


@pytest.mark.parametrize("kind", ["note", "reminder"])
def test_any_line_only_a_sync_file_holds_is_left_to_a_sync(
    stretch: Stretch, tmp_path: Path, kind: str
) -> None:
    uid = uuid.uuid4().hex
    at = NOW.isoformat()
    extra = {
        "note": {"session": uid, "text": "tight", "at": at},
        "reminder": {
            "at": at,
            "routine": "desk-break",
            "outcome": "shown",
            "until": None,
            "via": "notification",
        },
    }[kind]
    path = tmp_path / "sync.jsonl"
    path.write_text(json.dumps(FORMAT) + "\n" + record(uid, NOW) + json.dumps({kind: extra}) + "\n")
    code, out, err = stretch("history", "import", str(path))
    assert (code, out) == (0, "imported 1 session; 0 already there\n")
    assert "1 note or reminder of a sync file left out" in err
    assert [s["uid"] for s in json.loads(stretch("history", "--json").out)] == [uid]


def test_the_message_about_the_first_line_names_what_export_writes(
    stretch: Stretch, tmp_path: Path
) -> None:
    assert stretch("run", "upper-back", "--json", "--only", "thoracic-rotation").code == 0
    out = tmp_path / "out.jsonl"
    assert stretch("history", "export", "-o", str(out)).code == 0
    written = out.read_text().splitlines()[0]
    why = not_the_header(None)
    assert why is not None
    assert written == json.dumps(SESSIONS_ONLY)
    assert written in why and "`stretch history export`" in why
    headless = tmp_path / "headless.jsonl"
    headless.write_text("{}\n")
    assert stretch("history", "import", str(headless))[2].splitlines()[0] == (
        f"stretch: {headless}:1: {why}"
    )


VERSIONS = st.one_of(
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-5, 5),
    st.text(max_size=3),
    st.none(),
    st.lists(st.integers(0, 2), max_size=2),
)


@given(VERSIONS)
def test_the_header_version_is_a_json_integer(version: object) -> None:
    header = {"format": "stretch-history", "version": version}
    accepted = type(version) is int and version in (1, 2)
    assert (not_the_header(json.loads(json.dumps(header))) is None) == accepted


@pytest.mark.parametrize("version", ["true", "1.0", "2.0", "false", '"1"'])
def test_an_import_whose_version_is_no_integer_is_refused(
    stretch: Stretch, tmp_path: Path, version: str
) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(
        f'{{"format": "stretch-history", "version": {version}}}\n' + record(uuid.uuid4().hex, NOW)
    )
    code, _, err = stretch("history", "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == f"stretch: {path}:1: {not_the_header(None)}"
    assert json.loads(stretch("history", "--json").out) == []


def test_both_versions_export_writes_are_imported(stretch: Stretch, tmp_path: Path) -> None:
    for n, header in enumerate((SESSIONS_ONLY, FORMAT)):
        path = tmp_path / f"{n}.jsonl"
        path.write_text(json.dumps(header) + "\n" + record(uuid.uuid4().hex, NOW))
        assert stretch("history", "import", str(path)).code == 0
    assert len(json.loads(stretch("history", "--json").out)) == 2
