"""What `remind on` installed, edited by the person afterwards: stretch's own crontab line
is known by its command and mark whatever its schedule became, and `remind off` removes it;
a line that only looks like stretch's is left, and both `remind off` and `stretch remind` say
in one line where it is and how to remove it. A unit or agent edited by hand is still known
by its header or label, and removed."""

from __future__ import annotations

import json
import plistlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.remind import texts
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import USER_LINES, Crontab, units


@pytest.fixture
def crontab(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    return Crontab(fakes, tmp_path)


def still(number: int) -> str:
    return (
        f"Still there: crontab line {number} looks like a scheduled check of stretch's, and "
        "was not removed (it is not the line `stretch remind on` wrote); if it is not yours, "
        "remove it with `crontab -e`"
    )


def _ours(crontab: Crontab) -> bytes:
    [line] = [
        line
        for line in crontab.table.read_bytes().splitlines()
        if line.endswith(b" remind check # stretch-remind")
    ]
    return line


def test_off_removes_our_line_after_its_schedule_was_edited(
    stretch: Stretch, crontab: Crontab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    crontab.table.write_bytes(b"0 3 * * * backup\n")
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    line = _ours(crontab)
    edited = line.replace(b"*/5 * * * * ", b"*/10 * * * * ", 1)
    crontab.table.write_bytes(b"0 3 * * * backup\n" + edited + b"\n")
    assert "(in the crontab)" in stretch("remind").out
    assert stretch("remind", "off") == (0, "Reminders: off\nRemoved: the crontab line\n", "")
    assert crontab.table.read_bytes() == b"0 3 * * * backup\n"
    assert "Still there" not in stretch("remind").out


SCHEDULES = st.one_of(
    st.sampled_from(["@hourly", "@reboot", "0 9-17 * * 1-5", "*/10  *  *  *  *", "\t*/3 * * * *"]),
    st.lists(
        st.sampled_from(["*", "*/7", "0", "15", "1-5", "mon-fri", "0,30"]), min_size=5, max_size=5
    ).map(" ".join),
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=USER_LINES, schedule=SCHEDULES, again=st.booleans())
def test_any_schedule_given_to_our_line_is_still_ours(
    stretch: Stretch,
    crontab: Crontab,
    isolated: Path,
    lines: list[bytes],
    schedule: str,
    again: bool,
) -> None:
    """Whatever the schedule fields became, `off` gives back the user's table byte for byte,
    and `on` again replaces the edited line rather than adding a second one."""
    (isolated / "state" / texts.MANIFEST).unlink(missing_ok=True)
    table = b"".join(line + b"\n" for line in lines)
    crontab.table.write_bytes(table)
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    line = _ours(crontab)
    edited = schedule.encode() + b" " + line.split(None, 5)[5]
    crontab.table.write_bytes(crontab.table.read_bytes().replace(line, edited))
    if again:
        assert stretch("remind", "on", "--scheduler", "cron").code == 0
        assert crontab.table.read_bytes() == table + line + b"\n"
    assert stretch("remind", "off").code == 0
    assert crontab.table.read_bytes() == table


def test_a_line_that_only_looks_like_ours_is_left_and_said(
    stretch: Stretch, crontab: Crontab, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    crontab.table.write_bytes(b"MAILTO=me@example.org\n")
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    line = _ours(crontab)
    command = line.split(b" * * * * ", 1)[1]
    changed = b"*/10 * * * * nice " + command  # the command changed too: not safely ours
    crontab.table.write_bytes(b"MAILTO=me@example.org\n" + changed + b"\n")
    code, out, err = stretch("remind", "off")
    assert (code, err) == (0, "")
    assert out == f"Reminders: off\n{still(2)}\n"
    assert crontab.table.read_bytes() == b"MAILTO=me@example.org\n" + changed + b"\n"
    assert still(2) in stretch("remind").out.splitlines()
    assert json.loads(stretch("remind", "--json").out)["still_there"] == [still(2)[13:]]
    crontab.table.write_bytes(b"MAILTO=me@example.org\n")  # removed with `crontab -e`
    assert "Still there" not in stretch("remind").out
    assert stretch("remind", "off").out == "Reminders: off\n"


def test_a_unit_edited_by_hand_is_still_ours_and_removed(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    timer = units(tmp_path) / texts.TIMER
    timer.write_text(timer.read_text().replace("OnCalendar", "# OnCalendar") + "\n# mine\n")
    code, out, _ = stretch("remind", "off")
    assert code == 0 and f"Removed: {timer}" in out.splitlines()
    assert not timer.exists()


def test_an_agent_edited_by_hand_is_still_ours_and_removed(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    fakes.add("launchctl", body="sys.exit(1 if sys.argv[1] == 'print' else 0)")
    assert stretch("remind", "on", "--scheduler", "launchd").code == 0
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / texts.PLIST
    data = plistlib.loads(plist.read_bytes())
    data["StartInterval"] = 600
    plist.write_bytes(plistlib.dumps(data))
    code, out, _ = stretch("remind", "off")
    assert code == 0 and f"Removed: {plist}" in out.splitlines()
    assert not plist.exists()


# --- the folders `remind on` made go with its files -----------------------------------------


@pytest.mark.parametrize("made", ["systemd/user", "user", ""])
def test_off_removes_the_unit_folders_on_made_and_only_those(
    stretch: Stretch,
    fakes: FakeCommands,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    made: str,
) -> None:
    """`made`: the folders below ~/.config that were not there before `remind on`."""
    monkeypatch.setenv("COLUMNS", "1000")
    fakes.add("systemctl", out="running\n")
    config = tmp_path / "home" / ".config"
    there = config / "systemd" / "user"
    there = Path(str(there).removesuffix(made).rstrip("/"))
    there.mkdir(parents=True, exist_ok=True)
    for _ in range(2):  # a second `on` replaces the first: what it made is still known
        assert stretch("remind", "on").code == 0
    code, out, _ = stretch("remind", "off")
    assert code == 0
    assert there.is_dir()  # never a folder that was there before
    gone = [config / "systemd" / "user", config / "systemd"][: made.count("/") + bool(made)]
    for folder in gone:
        assert not folder.exists()
        assert f"Removed: {folder} (made by `stretch remind on`, now empty)" in out.splitlines()
    assert "(made by" not in out if not made else True


def test_a_folder_on_made_that_holds_other_files_now_stays(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path
) -> None:
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    folder = units(tmp_path)
    (folder / "other.service").write_text("[Service]\n")
    assert stretch("remind", "off").code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["other.service"]


def test_off_removes_the_agents_folder_on_made(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    fakes.add("launchctl", body="sys.exit(1 if sys.argv[1] == 'print' else 0)")
    library = tmp_path / "home" / "Library"
    library.mkdir(parents=True)
    assert stretch("remind", "on", "--scheduler", "launchd").code == 0
    assert stretch("remind", "off").code == 0
    assert library.is_dir() and not (library / "LaunchAgents").exists()


def test_a_failed_install_takes_away_the_folders_it_made(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path
) -> None:
    fakes.add(
        "systemctl",
        body="print('running') if 'is-system-running' in sys.argv else None\n"
        "sys.exit(1 if 'enable' in sys.argv else 0)",
    )
    assert stretch("remind", "on").code == 1
    assert not (tmp_path / "home" / ".config" / "systemd").exists()


def test_a_unit_stripped_of_stretchs_header_is_left_and_said(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    timer = units(tmp_path) / texts.TIMER
    timer.write_text("[Timer]\nOnCalendar=*:0/10\n")  # rewritten by hand
    said = (
        f"Still there: {timer} has the name of stretch's check but not the text stretch "
        "wrote, and was not removed; if it is not yours: `systemctl --user disable --now "
        f"{texts.TIMER}`, then delete it"
    )
    code, out, _ = stretch("remind", "off")
    assert code == 0 and said in out.splitlines()
    assert timer.read_text() == "[Timer]\nOnCalendar=*:0/10\n"
    assert said in stretch("remind").out.splitlines()
    timer.unlink()
    assert "Still there" not in stretch("remind").out


def test_a_record_naming_another_empty_folder_never_removes_it(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, isolated: Path
) -> None:
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    elsewhere = tmp_path / "empty-and-mine"
    elsewhere.mkdir()
    path = isolated / "state" / texts.MANIFEST
    data = json.loads(path.read_text())
    data["installed"][0]["made_folders"].append(str(elsewhere))
    path.write_text(json.dumps(data))
    assert stretch("remind", "off").code == 0
    assert elsewhere.is_dir()
