"""What a scheduler is given to run the reminder check: the person's zone (TZ), so that the
check keeps their working hours (in Kolkata on a machine in UTC, it reminded after work), and
never a name it cannot write: a folder named in bytes that are not UTF-8 is one line naming
the variable (it was a traceback)."""

from __future__ import annotations

import os
import plistlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import StretchError
from stretchcli.remind import texts
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands

CHECK = ["/opt/stretch/bin/stretch", "remind", "check"]


def environ(**extra: str) -> dict[str, str]:
    return {"HOME": "/home/jo", "STRETCH_STATE_DIR": "/home/jo/state", **extra}


def test_every_unix_scheduler_runs_the_check_in_the_persons_zone() -> None:
    given_ = environ(TZ="Asia/Kolkata")
    line = texts.cron_line(CHECK, given_)
    assert " TZ=Asia/Kolkata /opt/stretch/bin/stretch remind check " in line
    units = texts.systemd_units(CHECK, given_)
    assert 'Environment="TZ=Asia/Kolkata"' in units[texts.SERVICE]
    agent = plistlib.loads(texts.launchd_plist(CHECK, given_))
    assert agent["EnvironmentVariables"]["TZ"] == "Asia/Kolkata"
    # Windows reads TZ in a form of its own: its task runs in the person's zone already.
    assert "TZ=" not in texts.task_xml(CHECK, given_)


def test_without_tz_the_system_zone_is_left_to_the_check() -> None:
    line = texts.cron_line(CHECK, environ())
    assert "TZ=" not in line
    assert "TZ=" not in texts.systemd_units(CHECK, environ())[texts.SERVICE]


WRITERS = {
    "crontab line": texts.cron_line,
    "systemd unit": texts.systemd_units,
    "launchd agent": texts.launchd_plist,
    "Task Scheduler task": texts.task_xml,
}


@pytest.mark.parametrize("what", list(WRITERS))
@given(byte=st.integers(0x80, 0xFF))
def test_a_folder_named_in_bytes_not_utf8_is_one_line_naming_it(what: str, byte: int) -> None:
    folder = os.fsdecode(b"/home/jo/st" + bytes([byte]))
    with pytest.raises(StretchError) as found:
        WRITERS[what](CHECK, environ(STRETCH_STATE_DIR=folder))
    assert found.value.message == (
        f"STRETCH_STATE_DIR holds a name that is not UTF-8 text, which cannot go into the {what}"
    )


def test_remind_on_with_such_a_folder_says_so_and_changes_nothing(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch, fakes: FakeCommands
) -> None:
    fakes.add("systemctl", out="offline\n", code=1)
    fakes.add("crontab", out="", code=0)
    folder = os.fsencode(isolated) + b"/st\xe9"
    os.makedirs(folder)
    monkeypatch.setenv("STRETCH_STATE_DIR", os.fsdecode(folder))
    code, out, err = stretch("remind", "on", "--scheduler", "cron")
    assert (code, out) == (1, "")
    assert err.startswith(
        "stretch: STRETCH_STATE_DIR holds a name that is not UTF-8 text, which cannot go into "
        "the crontab line ("
    )
    assert err.count("\n") == 1 and "Traceback" not in err
    assert [c for c in fakes.calls("crontab") if "-l" not in c] == []  # nothing installed
    assert not (isolated / "config" / "config.toml").exists()
