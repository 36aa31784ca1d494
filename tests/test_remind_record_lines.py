"""The record of what `remind on` installed (remind-installed.json in the state folder) never
decides alone what is removed: it may be stale or foreign (a state folder restored from a
backup, or copied from another machine). Only a crontab line of the form `remind on` writes
(its `remind check` command and its mark) is ever taken out; a listed line of the person's own
stays byte for byte and is named in one line. Files likewise: only ones with stretch's name,
in a folder of the kind stretch writes them to, with the text stretch writes."""

from __future__ import annotations

import json
import plistlib
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stretchcli.remind import crontab as table_of
from stretchcli.remind import texts
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import USER_LINES, Crontab

ON = ("remind", "on", "--scheduler", "cron")
STRETCH = "/usr/local/bin/stretch"


@pytest.fixture
def crontab(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    return Crontab(fakes, tmp_path)


def list_in_record(isolated: Path, lines: Sequence[str], files: Sequence[str] = ()) -> None:
    """Add `lines` (and `files`) to what the record says the last install wrote."""
    path = isolated / "state" / texts.MANIFEST
    data = json.loads(path.read_text())
    data["installed"][-1]["lines"] += list(lines)
    data["installed"][-1]["files"] += list(files)
    path.write_text(json.dumps(data))


def test_off_leaves_the_users_lines_the_record_lists(
    stretch: Stretch, crontab: Crontab, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    crontab.table.write_bytes(b"0 * * * * echo keep\n# my comment\n")
    assert stretch(*ON).code == 0
    list_in_record(isolated, ["0 * * * * echo keep", "# my comment"])
    code, out, err = stretch("remind", "off")
    assert (code, err) == (0, "")
    left = "(listed in stretch's record of what it installed, but not a line stretch writes)"
    assert out.splitlines() == [
        "Reminders: off",
        "Removed: the crontab line",
        f"Left alone: crontab line 1 {left}",
        f"Left alone: crontab line 2 {left}",
    ]
    assert crontab.table.read_bytes() == b"0 * * * * echo keep\n# my comment\n"
    assert not (isolated / "state" / texts.MANIFEST).exists()  # nothing of ours is left
    assert (
        stretch("remind", "off").out
        == "Reminders: off\nRemoved: nothing (no check was installed)\n"
    )


def test_on_again_leaves_the_users_lines_the_record_lists(
    stretch: Stretch, crontab: Crontab, isolated: Path
) -> None:
    crontab.table.write_bytes(b"0 * * * * echo keep\n")
    assert stretch(*ON).code == 0
    list_in_record(isolated, ["0 * * * * echo keep"])
    assert stretch(*ON, "--every", "45m").code == 0
    kept = crontab.table.read_bytes().splitlines()
    assert kept[0] == b"0 * * * * echo keep" and len(kept) == 2
    assert kept[1].endswith(b" remind check # stretch-remind")


# Lines that look like stretch's but are not of its form: each misses or changes one part.
LOOKALIKES = [
    f"*/5 * * * * {STRETCH} remind check",
    f"*/5 * * * * {STRETCH} remind check # stretch-remind  ",
    f"*/5 * * * * {STRETCH} remind check # stretch-remind # mine",
    f"*/5 * * * * nice {STRETCH} remind check # stretch-remind",
    f"*/5 * * * * {STRETCH} remind check --quiet # stretch-remind",
    f"*/5 * * * * {STRETCH} remind status # stretch-remind",
    f"*/5 * * * * {STRETCH}; rm -rf ~; {STRETCH} remind check # stretch-remind",
    f"*/5 * * * * test -e {STRETCH} && exit 0; {STRETCH} remind check # stretch-remind",
    f"*/5 * * * * HOME=/x {STRETCH} remind check # stretch-remind",
    "*/5 * * * * /usr/bin/python3 -m other remind check # stretch-remind",
    f"*/5 * * * * '{STRETCH} remind check # stretch-remind",
    f"# */5 * * * * {STRETCH} remind check # stretch-remind",
    "# stretch-remind",
    "MAILTO=stretch",
    "0 9 * * * echo stretch your back",
    "",
    " ",
]


@pytest.mark.parametrize("line", LOOKALIKES)
def test_a_line_that_only_looks_like_ours_is_not_of_our_form(line: str) -> None:
    assert not table_of.stretch_form(line.encode())


@settings(max_examples=60, deadline=None)
@given(
    folders=st.dictionaries(
        st.sampled_from(texts.PASSED_ON),
        st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1).map(
            lambda s: "/" + s
        ),
    ),
    module=st.booleans(),
)
def test_every_line_remind_on_writes_is_of_our_form(folders: dict[str, str], module: bool) -> None:
    """The rule's other side: whatever folders are passed on, `off` knows stretch's line."""
    folders = {k: v for k, v in folders.items() if k != "STRETCH_PATH" or ":" not in v}
    command = ["/usr/bin/python3", "-m", "stretchcli"] if module else [STRETCH]
    line = texts.cron_line([*command, "remind", "check"], {"HOME": "/h", **folders})
    assert table_of.stretch_form(line.encode())


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.one_of(
            USER_LINES.map(lambda found: found[0] if found else b""),
            st.sampled_from([line.encode() for line in LOOKALIKES]),
        ),
        max_size=8,
    ),
    listed=st.sets(st.integers(0, 7)),
)
def test_the_users_crontab_stays_whatever_the_record_lists(
    stretch: Stretch, crontab: Crontab, isolated: Path, lines: list[bytes], listed: set[int]
) -> None:
    """Any table of the person's own (random bytes, comments, blank lines, lines with
    "stretch" in them that are not stretch's) comes back byte for byte through `on`, `on`
    again and `off`, whatever lines of it the record lists."""
    assume(not any(table_of.stretch_form(line) for line in lines))
    (isolated / "state" / texts.MANIFEST).unlink(missing_ok=True)
    (isolated / "config" / "config.toml").unlink(missing_ok=True)
    table = b"".join(line + b"\n" for line in lines)
    crontab.table.write_bytes(table)
    named = [lines[i].decode() for i in sorted(listed) if i < len(lines) and _utf8(lines[i])]
    assert stretch(*ON).code == 0
    list_in_record(isolated, named)
    assert stretch(*ON).code == 0
    assert crontab.table.read_bytes().startswith(table)
    list_in_record(isolated, named)
    assert stretch("remind", "off").code == 0
    assert crontab.table.read_bytes() == table


def _utf8(line: bytes) -> bool:
    try:
        line.decode()
    except UnicodeDecodeError:
        return False
    return True


def test_a_unit_with_our_text_outside_a_unit_folder_is_left_alone(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file with stretch's name and header, but not in a `systemd/user` folder (a copy kept
    by the person), or a plist with our label outside `Library/LaunchAgents`, is not ours."""
    monkeypatch.setenv("COLUMNS", "1000")
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    unit = tmp_path / "home" / ".config" / "systemd" / "user" / texts.TIMER
    copy = tmp_path / "home" / "backup" / texts.TIMER
    copy.parent.mkdir()
    copy.write_text(unit.read_text())
    plist = tmp_path / "home" / "backup" / texts.PLIST
    plist.write_bytes(plistlib.dumps({"Label": texts.LABEL}))
    list_in_record(isolated, [], [str(copy), str(plist)])
    code, out, _ = stretch("remind", "off")
    assert code == 0
    assert f"Left alone: {copy} (stretch did not write it)" in out.splitlines()
    assert f"Left alone: {plist} (stretch did not write it)" in out.splitlines()
    assert not unit.exists() and copy.exists() and plist.exists()


def test_a_folder_the_record_says_on_made_for_a_file_not_at_our_place_stays(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, tmp_path: Path
) -> None:
    """A record that lists an empty folder of the person's as made by `on`, with a file of
    stretch's name below it but not in a folder of stretch's kind: the folder stays."""
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    mine = tmp_path / "home" / "projects" / "empty"
    mine.mkdir(parents=True)
    path = isolated / "state" / texts.MANIFEST
    data = json.loads(path.read_text())
    data["installed"][-1]["files"].append(str(mine / "stretch-remind.timer"))
    data["installed"][-1]["made_folders"] = [str(mine)]
    path.write_text(json.dumps(data))
    assert stretch("remind", "off").code == 0
    assert mine.is_dir()
