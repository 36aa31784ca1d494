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


def test_a_sync_file_is_refused_in_one_line_pointing_to_sync(
    stretch: Stretch, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    assert stretch("config", "sync_folder", str(folder)).code == 0
    assert stretch("run", "upper-back", "--json", "--only", "thoracic-rotation").code == 0
    assert stretch("history", "note", "1", "tight").code == 0
    assert stretch("history", "sync").code == 0
    (synced,) = folder.glob("stretch-history-*.jsonl")
    lines = synced.read_text().splitlines()
    assert json.loads(lines[0]) == FORMAT
    noted = next(n for n, line in enumerate(lines, 1) if line.startswith('{"note"'))
    other_history(isolated, monkeypatch)
    assert stretch("history", "import", str(synced)) == (
        1,
        "",
        f"stretch: {synced} is a sync file (line {noted} holds a note), not an export; nothing "
        "was imported (a sync folder is merged with `stretch history sync`; "
        "`stretch history export -o FILE` writes a file to import)\n",
    )
    assert json.loads(stretch("history", "--json").out) == []


@pytest.mark.parametrize("kind", ["note", "reminder"])
def test_any_line_only_a_sync_file_holds_refuses_the_file(
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
    assert (code, out) == (1, "")
    assert err.startswith(f"stretch: {path} is a sync file (line 3 holds a {kind})")
    assert err.count("\n") == 1
    assert json.loads(stretch("history", "--json").out) == []


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
