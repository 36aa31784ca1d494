"""`remind on` reads back what it installed: a scheduler that says it took our check but does
not have it leaves the user's setup as it was, byte for byte, and `remind on` fails in one
line instead of saying "Installed: cron (missing)"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.remind import texts
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import USER_LINES, record, units

# A crontab whose first `crontab -` exits 0 and leaves the table empty (it "installs nothing");
# later calls keep what they are given, as a crontab does.
FORGETFUL = """
import pathlib
table, used = pathlib.Path({table!r}), pathlib.Path({used!r})
if sys.argv[1] == "-l":
    if not table.exists():
        sys.stderr.write(NO_CRONTAB)
        sys.exit(1)
    sys.stdout.buffer.write(table.read_bytes())
elif sys.argv[1] == "-r":
    table.unlink(missing_ok=True)
elif not used.exists():
    sys.stdin.buffer.read()
    used.touch()
    table.write_bytes(b"")
else:
    table.write_bytes(sys.stdin.buffer.read())
"""

FAILED = (
    "stretch: `crontab -` said it installed the table, but `crontab -l` does not show "
    "stretch's line (the crontab was put back as it was; see that crontab keeps what it is "
    "given)\n"
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=USER_LINES, newline=st.booleans(), none=st.booleans())
def test_a_crontab_that_installs_nothing_is_rolled_back_and_on_fails(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    tmp_path: Path,
    lines: list[bytes],
    newline: bool,
    none: bool,
) -> None:
    table_file, used = tmp_path / "crontab", tmp_path / "crontab-used"
    used.unlink(missing_ok=True)
    fakes.add("crontab", body=FORGETFUL.format(table=str(table_file), used=str(used)))
    table = b"\n".join(lines) + (b"\n" if newline and lines else b"")
    if none:
        table_file.unlink(missing_ok=True)
    else:
        table_file.write_bytes(table)
    assert stretch("remind", "on", "--scheduler", "cron") == (1, "", FAILED)
    if none:
        assert not table_file.exists()
    else:
        assert table_file.read_bytes() == table
    assert record(isolated) == []
    assert not (isolated / "config" / "config.toml").exists()


def test_systemd_units_gone_after_installing_fail_on_and_keep_the_setup(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, tmp_path: Path
) -> None:
    folder = units(tmp_path)
    fakes.add(
        "systemctl",
        body="import pathlib, shutil\n"
        "print('running') if 'is-system-running' in sys.argv else None\n"
        f"shutil.rmtree({str(folder)!r}) if 'enable' in sys.argv else None",
    )
    code, out, err = stretch("remind", "on")
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: {folder / texts.SERVICE} is not there after installing it (the older setup "
        "was put back; see that the folder keeps what is written to it)\n"
    )
    assert record(isolated) == []
    assert not (isolated / "config" / "config.toml").exists()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    length=st.builds(
        lambda n, unit: f"-{n}{unit}", st.integers(0, 999), st.sampled_from(["", "m", "h", " m"])
    )
)
def test_a_negative_snooze_is_refused_as_a_length(stretch: Stretch, length: str) -> None:
    assert stretch("remind", "snooze", length) == (
        2,
        "",
        "stretch: snooze: a length cannot be negative; expected one like 30m or 2h, or "
        f"tomorrow, not '{length}'\n",
    )


# A crontab that takes any table after the first and keeps the old one (exit 0 all the same).
STUBBORN = """
import pathlib
table, used = pathlib.Path({table!r}), pathlib.Path({used!r})
if sys.argv[1] == "-l":
    sys.stdout.buffer.write(table.read_bytes())
elif not used.exists():
    used.touch()
    table.write_bytes(sys.stdin.buffer.read())
else:
    sys.stdin.buffer.read()
"""


def test_a_crontab_that_keeps_our_line_after_off_is_not_removed(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    table_file, used = tmp_path / "crontab", tmp_path / "crontab-used"
    table_file.write_bytes(b"0 3 * * * backup\n")
    fakes.add("crontab", body=STUBBORN.format(table=str(table_file), used=str(used)))
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    code, out, err = stretch("remind", "off")
    assert code == 1
    assert out == (
        "Reminders: off\nNot removed: the crontab line: `crontab -` said it took the table, "
        "but the line is there\n"
    )
    assert err.startswith("stretch: some of what `stretch remind on` installed is still there")
    assert [r["scheduler"] for r in record(isolated)] == ["cron"]  # kept, to try again


def test_a_task_scheduler_that_keeps_no_task_fails_on(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("schtasks", body="sys.exit(1 if sys.argv[1] == '/Query' else 0)")
    assert stretch("remind", "on", "--scheduler", "schtasks") == (
        1,
        "",
        "stretch: `schtasks /Create` said it made the task stretch-remind, but `schtasks "
        "/Query` does not find it (see that Task Scheduler keeps the tasks it is given)\n",
    )
    assert record(isolated) == []
    assert not (isolated / "config" / "config.toml").exists()
