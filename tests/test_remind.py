"""Reminders: the due rule, the schedulers (fake systemctl, launchctl, schtasks, crontab on
PATH), the check with its notification, `remind` status, snooze and skip, and `due`."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from stretchcli.history.store import History
from stretchcli.remind import texts
from stretchcli.remind.schedule import Facts, decide, schedule_from
from stretchcli.remind.system import stretch_command
from stretchcli.words import ScheduleError, parse_between, parse_days, parse_every
from tests.conftest import Stretch
from tests.fakes import NOW, eventually
from tests.system_fakes import LOGINCTL, FakeCommands
from tests.test_remind_safety import Crontab

STRETCH = stretch_command()[0]
SCHEDULE = schedule_from("50m", "09:00-17:30", "mon-fri", "desk-break")
TUESDAY = datetime(2026, 11, 24)  # 2026-11-24 is a Tuesday


def at(hour: int, minute: int = 0, day: datetime = TUESDAY) -> datetime:
    """That time of that day on the local clock (the test's zone), as an aware moment."""
    return day.replace(hour=hour, minute=minute).astimezone()


def local(moment: datetime) -> datetime:
    """A naive local time as the wall clock gives it."""
    return moment.astimezone()


# --- the rule -------------------------------------------------------------------------------


def test_due_once_the_interval_has_passed_since_the_last_session() -> None:
    facts = Facts(last_session=at(9, 30))
    assert decide(SCHEDULE, facts, at(10, 19)).state == "later"
    assert decide(SCHEDULE, facts, at(10, 19)).next_at == at(10, 20)
    assert decide(SCHEDULE, facts, at(10, 20)).state == "due"


def test_the_last_reminder_counts_like_a_session() -> None:
    facts = Facts(last_session=at(8, 0), last_reminder=at(10, 0))
    assert decide(SCHEDULE, facts, at(10, 30)).state == "later"
    assert decide(SCHEDULE, facts, at(10, 50)).state == "due"


def test_with_no_history_it_is_due_at_once_inside_the_hours() -> None:
    assert decide(SCHEDULE, Facts(), at(9, 0)).state == "due"


def test_never_outside_the_working_hours() -> None:
    facts = Facts(last_session=at(16, 50))
    due = decide(SCHEDULE, facts, at(17, 45))
    assert (due.state, due.next_at) == ("later", at(9, 0, TUESDAY + timedelta(days=1)))
    early = decide(SCHEDULE, Facts(), at(8, 59))
    assert (early.state, early.next_at) == ("later", at(9, 0))


def test_never_on_a_day_off() -> None:
    saturday = TUESDAY + timedelta(days=4)
    due = decide(SCHEDULE, Facts(last_session=at(9, 0, saturday)), at(11, 0, saturday))
    assert (due.state, due.next_at) == ("later", at(9, 0, saturday + timedelta(days=2)))


def test_a_snooze_holds_the_reminder_back_but_never_brings_it_forward() -> None:
    shown = Facts(last_session=at(9, 0), snoozed_until=at(10, 0))
    assert decide(SCHEDULE, shown, at(9, 55)).state == "snoozed"
    assert decide(SCHEDULE, shown, at(10, 0)).state == "due"
    early = Facts(last_session=at(9, 30), snoozed_until=at(9, 45))
    assert decide(SCHEDULE, early, at(9, 50)).next_at == at(10, 20)


def test_a_skip_starts_a_new_interval() -> None:
    skipped = Facts(last_session=at(8, 0), last_reminder=at(11, 0))
    assert decide(SCHEDULE, skipped, at(11, 49)).state == "later"


def test_never_while_a_session_runs() -> None:
    assert decide(SCHEDULE, Facts(running=True), at(11, 0)).state == "running"


def test_hours_past_midnight() -> None:
    night = schedule_from("1h", "22:00-02:00", "every day", "desk-break")
    assert decide(night, Facts(last_session=at(22, 0)), at(23, 30)).state == "due"
    assert decide(
        night, Facts(last_session=at(23, 0)), at(1, 30, TUESDAY + timedelta(1))
    ).state == ("due")
    assert decide(night, Facts(), at(3, 0)).next_at == at(22, 0)


def test_schedule_words() -> None:
    assert [parse_every(t) for t in ("50m", "1h", "1h30m", "90", " 2h ")] == [50, 60, 90, 90, 120]
    assert parse_between("09:00-17:30") == (time(9), time(17, 30))
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("fri-mon") == frozenset({4, 5, 6, 0})
    assert parse_days("mon,wed,fri") == frozenset({0, 2, 4})
    assert parse_days("every day") == frozenset(range(7))
    for reader, text, message in (
        (parse_every, "5m", "expected from 10m to 8h"),
        (parse_every, "soon", "expected a time like 50m or 1h30m"),
        (parse_between, "9-5", "expected hours like 09:00-17:30"),
        (
            parse_between,
            "25:00-26:00",
            r"25:00 is not a time of day: type hours from 00:00 to 23:59 \(24:00 only as an "
            r"end\), like 09:00-17:30",
        ),
        (
            parse_between,
            "09:00-09:00",
            r"the hours start and end at 09:00: type two different times, like 09:00-17:30 "
            r"\(00:00-24:00 for the whole day\)",
        ),
        (parse_days, "weekdays", "expected days like mon-fri or mon,wed,fri"),
    ):
        with pytest.raises(ScheduleError, match=f"^{message}$"):
            reader(text)


# --- installing the check ---------------------------------------------------------------------


def units_folder(home: Path) -> Path:
    return home / ".config" / "systemd" / "user"


def test_on_with_systemd_writes_the_units_and_enables_the_timer(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, isolated: Path
) -> None:
    fakes.add("systemctl", out="running\n")
    code, out, err = stretch("remind", "on", "--every", "45m", wall=local(at(10)))
    assert (code, err) == (0, "")
    folder = units_folder(tmp_path / "home")
    assert sorted(p.name for p in folder.iterdir()) == [
        "stretch-remind.service",
        "stretch-remind.timer",
    ]
    service = (folder / "stretch-remind.service").read_text()
    assert f'ExecStart="{STRETCH}" "remind" "check"' in service
    assert f'Environment="STRETCH_STATE_DIR={isolated / "state"}"' in service
    assert "OnCalendar=*:0/5" in (folder / "stretch-remind.timer").read_text()
    assert fakes.calls("systemctl") == [
        ["systemctl", "--user", "is-system-running"],
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "stretch-remind.timer"],
        ["systemctl", "--user", "is-active", "stretch-remind.timer"],
    ]
    assert out.splitlines() == [
        "Reminders: on, every 45 min, 09:00-17:30, mon-fri: desk-break",
        "Next: due now",
        "Breaks: 5 min away (idle, locked, asleep) starts a new interval",
        "Installed: systemd (running), looking every 5 minutes whether one is due",
        f"  {folder / 'stretch-remind.service'}",
        f"  {folder / 'stretch-remind.timer'}",
    ]
    config = (isolated / "config" / "config.toml").read_text()
    assert config == 'remind_every = "45m"\nremind = true\n'


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(stretch: Stretch, fakes: FakeCommands, tmp_path: Path) -> None:
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    folder = units_folder(tmp_path / "home")
    runtime = tmp_path / "run"  # the user manager it simulates wants a runtime folder
    runtime.mkdir(mode=0o700)
    done = subprocess.run(
        ["systemd-analyze", "--user", "verify", *sorted(str(p) for p in folder.iterdir())],
        capture_output=True,
        text=True,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "notice", "XDG_RUNTIME_DIR": str(runtime)},
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_off_removes_everything_on_wrote(
    stretch: Stretch,
    fakes: FakeCommands,
    tmp_path: Path,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    fakes.add("systemctl", out="running\n")
    before = {p for p in tmp_path.rglob("*")}
    assert stretch("remind", "on").code == 0
    code, out, _ = stretch("remind", "off")
    assert code == 0
    folder = units_folder(tmp_path / "home")
    assert out.splitlines() == [
        "Reminders: off",
        "Removed: the systemd timer stretch-remind.timer (stopped and disabled)",
        f"Removed: {folder / 'stretch-remind.service'}",
        f"Removed: {folder / 'stretch-remind.timer'}",
        # The folders `on` made, and nothing else holds: none was there before.
        f"Removed: {folder} (made by `stretch remind on`, now empty)",
        f"Removed: {folder.parent} (made by `stretch remind on`, now empty)",
        f"Removed: {folder.parent.parent} (made by `stretch remind on`, now empty)",
    ]
    assert not folder.parent.parent.exists()
    assert fakes.calls("systemctl")[-2:] == [
        ["systemctl", "--user", "disable", "--now", "stretch-remind.timer"],
        ["systemctl", "--user", "daemon-reload"],
    ]
    left = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    # What stays: the config (now `remind = false`), the history and the fakes' log.
    assert {p.name for p in left} <= {
        "config.toml",
        "config.toml.lock",  # the writers' lock, beside it
        "calls.jsonl",
        "history.sqlite3",
        "checked-files.json",  # the parse cache
    }
    assert "remind = false" in (isolated / "config" / "config.toml").read_text()


def test_on_and_off_as_json_say_what_they_did_and_the_status(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, isolated: Path
) -> None:
    """`remind on --json` is the status `remind --json` gives after it, with the settings it
    wrote; its text is the status's text (one result, said two ways); `off --json` names
    what it removed, as its text does."""
    fakes.add("systemctl", out="running\n")
    wall = local(at(10))
    code, out, err = stretch(
        "remind", "on", "--every", "45m", "--days", "mon-fri", "--json", wall=wall
    )
    assert (code, err) == (0, "")
    done = json.loads(out)
    assert done.pop("written") == {"remind_every": "45m", "remind_days": "mon-fri", "remind": True}
    assert done.pop("not_removed") == []
    assert done == json.loads(stretch("remind", "--json", wall=wall).out)
    text = stretch("remind", "on", "--every", "45m", wall=wall).out
    assert text == stretch("remind", wall=wall).out
    code, out, _ = stretch("remind", "off", "--json")
    folder = units_folder(tmp_path / "home")
    assert (code, json.loads(out)) == (
        0,
        {
            "on": False,
            "removed": [
                "the systemd timer stretch-remind.timer (stopped and disabled)",
                str(folder / "stretch-remind.service"),
                str(folder / "stretch-remind.timer"),
                f"{folder} (made by `stretch remind on`, now empty)",
                f"{folder.parent} (made by `stretch remind on`, now empty)",
                f"{folder.parent.parent} (made by `stretch remind on`, now empty)",
            ],
            "left_alone": [],
            "not_removed": [],
            "still_there": [],
        },
    )


def test_a_failing_systemctl_leaves_nothing_behind(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, isolated: Path
) -> None:
    fakes.add(
        "systemctl",
        body="print('running') if 'is-system-running' in sys.argv else None\n"
        "sys.exit(1 if 'enable' in sys.argv else 0)",
    )
    code, _, err = stretch("remind", "on")
    assert code == 1
    assert err.startswith("stretch: `systemctl --user enable --now stretch-remind.timer` failed")
    assert not (tmp_path / "home" / ".config").exists()  # not there before: made, then taken away
    assert not (isolated / "config" / "config.toml").exists()


def test_without_a_user_scheduler_on_prints_the_crontab_line(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("systemctl", out="offline\n", code=1)
    fakes.add("crontab", out="", code=0)  # there is a crontab to add the line to
    code, out, err = stretch("remind", "on")
    assert code == 1
    state = isolated / "state"
    assert out == (
        f"*/5 * * * * test -e {STRETCH} || exit 0; STRETCH_CONFIG_DIR={isolated / 'config'} "
        f"STRETCH_STATE_DIR={state} STRETCH_CACHE_DIR={isolated / 'cache'} "
        f"XDG_CONFIG_HOME={os.environ['XDG_CONFIG_HOME']} TZ={os.environ['TZ']} {STRETCH} "
        "remind check # stretch-remind\n"
    )  # the person's zone too: their working hours, not the system's
    assert err == (
        "stretch: no user scheduler is running here (no systemd user instance) (add the line "
        "above with `crontab -e`, or use `stretch remind on --scheduler cron`)\n"
    )
    assert not (isolated / "config" / "config.toml").exists()


@pytest.mark.parametrize("systemctl", [True, False])
def test_without_any_scheduler_on_says_what_to_install(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    systemctl: bool,
) -> None:
    """Neither a systemd user instance nor `crontab`: no line to add with a command that is
    not there, no `--scheduler cron` that would fail; what to install, in one line."""
    monkeypatch.setenv("PATH", str(fakes.folder))  # nothing of this machine's
    if systemctl:
        fakes.add("systemctl", out="offline\n", code=1)
    install = (
        "install cron (Debian and Ubuntu: `apt install cron`; Fedora: `dnf install cronie`), "
        "then run `stretch remind on --scheduler cron`"
    )
    assert stretch("remind", "on") == (
        1,
        "",
        "stretch: no scheduler to run the checks was found here (no systemd user instance, and "
        f"no `crontab` command) ({install})\n",
    )
    assert stretch("remind", "on", "--scheduler", "cron") == (
        1,
        "",
        f"stretch: there is no `crontab` command here (cron is not installed) ({install})\n",
    )
    assert not (isolated / "config" / "config.toml").exists()
    assert not (isolated / "state").exists()


def test_the_command_on_suggests_works(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, tmp_path: Path
) -> None:
    fakes.add("systemctl", out="offline\n", code=1)
    Crontab(fakes, tmp_path)
    _, _, err = stretch("remind", "on")
    suggested = err.split("use `", 1)[1].split("`", 1)[0].split()
    assert suggested == ["stretch", "remind", "on", "--scheduler", "cron"]
    assert stretch(*suggested[1:]).code == 0
    assert b"remind check # stretch-remind" in (tmp_path / "crontab").read_bytes()


# A fake launchctl that knows whether the agent is loaded (a file stands for it).
LAUNCHCTL = """
import pathlib
loaded = pathlib.Path({loaded!r})
if sys.argv[1] == "bootstrap":
    loaded.touch()
elif sys.argv[1] == "bootout":
    sys.exit(0 if loaded.exists() and not loaded.unlink() else 3)
elif sys.argv[1] == "print":
    sys.exit(0 if loaded.exists() else 113)
"""


def test_launchd_agent(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    fakes.add("launchctl", body=LAUNCHCTL.format(loaded=str(tmp_path / "loaded")))
    assert stretch("remind", "on", "--scheduler", "launchd").code == 0
    path = tmp_path / "home" / "Library" / "LaunchAgents" / "dev.stretch.remind.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["ProgramArguments"] == [
        "/bin/sh", "-c", 'test -e "$0" || exit 0; exec "$@"', STRETCH, STRETCH, "remind", "check"
    ]  # fmt: skip
    assert agent["StartInterval"] == 300
    uid = os.getuid()
    assert fakes.calls("launchctl")[:2] == [
        ["launchctl", "bootout", f"gui/{uid}/dev.stretch.remind"],
        ["launchctl", "bootstrap", f"gui/{uid}", str(path)],
    ]
    assert stretch("remind", "off") == (
        0,
        "Reminders: off\nRemoved: the launchd agent dev.stretch.remind (unloaded)\n"
        f"Removed: {path}\n"
        f"Removed: {path.parent} (made by `stretch remind on`, now empty)\n"
        f"Removed: {path.parent.parent} (made by `stretch remind on`, now empty)\n",
        "",
    )
    assert fakes.calls("launchctl")[-2:] == [
        ["launchctl", "bootout", f"gui/{uid}/dev.stretch.remind"],
        ["launchctl", "print", f"gui/{uid}/dev.stretch.remind"],
    ]
    assert not path.exists()


def test_task_scheduler(stretch: Stretch, fakes: FakeCommands, tmp_path: Path) -> None:
    fakes.add("schtasks", body=SCHTASKS.format(copy=str(tmp_path / "task.xml")))
    assert stretch("remind", "on", "--scheduler", "schtasks").code == 0
    [create] = fakes.calls("schtasks")[:1]
    assert create[:5] + create[6:] == ["schtasks", "/Create", "/TN", "stretch-remind", "/XML", "/F"]
    assert not Path(create[5]).exists()  # given to schtasks, then deleted
    text = (tmp_path / "task.xml").read_bytes()
    assert text.startswith(b"\xff\xfe") and text.decode("utf-16").startswith(
        '<?xml version="1.0" encoding="UTF-16"?>'
    )
    task = task_of(tmp_path / "task.xml")
    assert task["Interval"] == "PT5M" and task["Command"] == "cmd.exe"
    assert (
        task["Arguments"]
        == f'/d /s /c "{folders_set()} & if exist "{STRETCH}" "{STRETCH}" "remind" "check""'
    )
    assert stretch("remind", "off").code == 0
    assert fakes.calls("schtasks")[-1] == ["schtasks", "/Delete", "/TN", "stretch-remind", "/F"]


# The fake schtasks keeps a copy of the task's XML (it is deleted once the task is made).
SCHTASKS = """
if sys.argv[1] == "/Create":
    import shutil
    shutil.copy(sys.argv[sys.argv.index("/XML") + 1], {copy!r})
"""


def task_of(path: Path) -> dict[str, str]:
    """The text of each element of a Task Scheduler task's XML, by its name."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(path.read_text(encoding="utf-16"))
    return {e.tag.rpartition("}")[2]: (e.text or "") for e in root.iter()}


def folders_set() -> str:
    """cmd's `set` of the test's STRETCH_* folders, as the task gives them."""
    # (not TZ: Windows reads it in a form of its own)
    names = [name for name in texts.PASSED_ON if os.environ.get(name) and name != "TZ"]
    return " & ".join(f'set "{name}={os.environ[name]}"' for name in names)


def test_cron_keeps_the_other_lines(stretch: Stretch, fakes: FakeCommands, tmp_path: Path) -> None:
    table = tmp_path / "crontab"
    table.write_text("0 3 * * * backup\n")
    fakes.add(
        "crontab",
        body=f"import pathlib\np = pathlib.Path({str(table)!r})\n"
        "print(p.read_text(), end='') if sys.argv[1] == '-l' else p.write_text(sys.stdin.read())",
    )
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    lines = table.read_text().splitlines()
    assert lines[0] == "0 3 * * * backup"
    assert lines[1].startswith("*/5 * * * * ") and lines[1].endswith(
        f"{STRETCH} remind check # stretch-remind"
    )
    assert stretch("remind", "on", "--scheduler", "cron").code == 0  # again: still one line
    assert len(table.read_text().splitlines()) == 2
    assert stretch("remind", "off").code == 0
    assert table.read_text() == "0 3 * * * backup\n"


def test_on_checks_its_words_and_the_routine(stretch: Stretch, fakes: FakeCommands) -> None:
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on", "--every", "5m") == (
        2,
        "",
        "stretch: invalid value for '--every': expected from 10m to 8h, not '5m' "
        "(see `stretch remind on --help`)\n",
    )
    code, _, err = stretch("remind", "on", "--routine", "dsk-break")
    assert code == 1 and "no routine named 'dsk-break' (did you mean 'desk-break'?)" in err
    assert fakes.calls("systemctl") == []


# --- the check ------------------------------------------------------------------------------


def remind_on(isolated: Path, extra: str = "") -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("remind = true\n" + extra)


def history(isolated: Path, now: datetime) -> History:
    return History(isolated / "state" / "history.sqlite3", print, lambda: now)


def test_check_shows_the_notification_and_records_it(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("notify-send")
    remind_on(isolated)
    code, out, err = stretch("remind", "check", wall=local(at(10)))
    assert (code, err) == (0, "")
    assert out == "reminded to do desk-break: shown\n"
    [call] = fakes.calls("notify-send")
    assert call[1:3] == ["--app-name=stretch", "--expire-time=300000"]
    assert call[3].startswith("Time to stretch: desk-break, ")
    assert call[4] == (
        "Type stretch run desk-break in a terminal. "
        "Stop if you feel sharp pain, numbness or tingling."
    )
    [reminder] = history(isolated, local(at(10))).reminders()
    assert (reminder.outcome, reminder.via, reminder.routine) == (
        "shown",
        "notification",
        "desk-break",
    )
    # Five minutes later, the timer looks again: not due, nothing shown.
    assert stretch("remind", "check", wall=local(at(10, 5))).out == (
        "not due: at 10:50 (in 45 min)\n"
    )
    assert len(fakes.calls("notify-send")) == 1


@pytest.mark.parametrize(
    ("locked", "idle", "said"),
    [("yes", "no", "the screen is locked"), ("no", "yes", "idle")],
)
def test_no_reminder_while_away(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, locked: str, idle: str, said: str
) -> None:
    fakes.add("loginctl", body=LOGINCTL.format(locked=locked, idle=idle, since=""))
    fakes.add("notify-send")
    remind_on(isolated)
    assert (
        stretch("remind", "check", wall=local(at(10))).out == f"due, but {said}: no reminder now\n"
    )
    assert fakes.calls("notify-send") == []
    uid = str(os.getuid())
    assert fakes.calls("loginctl") == [
        ["loginctl", "show-user", uid, "--property=Display", "--value"],
        [
            "loginctl",
            "show-session",
            "c2",
            "--property=LockedHint",
            "--property=IdleHint",
            "--property=IdleSinceHint",
        ],
    ]


def test_no_reminder_while_a_session_runs_or_when_off(
    stretch: Stretch, fakes: FakeCommands, isolated: Path
) -> None:
    fakes.add("notify-send")
    assert stretch("remind", "check", wall=local(at(10))).out == "reminders are off\n"
    remind_on(isolated)
    history(isolated, local(at(9, 55))).start("desk-break", {}, [], None)  # this process: alive
    assert stretch("remind", "check", wall=local(at(10))).out == "not due: a session is running\n"
    assert fakes.calls("notify-send") == []


def test_a_check_with_no_way_to_notify_says_so_and_records_it(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(fakes.folder))  # only the fakes: no notify-send at all
    remind_on(isolated)
    code, _, err = stretch("remind", "check", wall=local(at(10)))
    assert code == 1
    assert err.startswith("stretch: could not show the reminder: D-Bus: ")
    assert err.endswith("; notify-send not found; trying again at 10:15\n")  # once, 15 min on
    [reminder] = history(isolated, local(at(10))).reminders()
    assert reminder.outcome == "failed"


# --- snooze, skip, status -------------------------------------------------------------------


def test_snooze_and_skip_move_the_next_reminder(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated)
    assert stretch("remind", "snooze", wall=local(at(10))).out == (
        "Snoozed until 10:30.\nNext: snoozed: at 10:30 (in 30 min)\n"
    )
    assert stretch("remind", "skip", wall=local(at(10, 10))).out == (
        "Skipped.\nNext: at 11:00 (in 50 min)\n"
    )
    outcomes = [r.outcome for r in history(isolated, local(at(11))).reminders()]
    assert outcomes == ["snoozed", "skipped"]
    assert stretch("remind", "snooze", "soon") == (
        2,
        "",
        "stretch: snooze: expected a time like 30m or 2h, or tomorrow, not 'soon'\n",
    )


def test_a_second_snooze_never_shortens_a_longer_one_silently(
    stretch: Stretch, isolated: Path
) -> None:
    remind_on(isolated)
    assert stretch("remind", "snooze", "2h", wall=local(at(10))).out.startswith(
        "Snoozed until 12:00.\n"
    )
    for shorter in ("30m", "1h45m"):  # not later than what is there: nothing changes
        assert stretch("remind", "snooze", shorter, wall=local(at(10, 15))).out == (
            "Already snoozed until 12:00, longer than that: nothing changed.\n"
            "Next: snoozed: at 12:00 (in 105 min)\n"
        )
    assert stretch("remind", "snooze", "3h", wall=local(at(10, 15))).out == (
        "Snoozed until 13:15.\nNext: snoozed: at 13:15 (in 180 min)\n"
    )


def test_a_snooze_past_the_working_hours_says_when_the_next_one_really_is(
    stretch: Stretch, isolated: Path
) -> None:
    remind_on(isolated)
    assert stretch("remind", "snooze", "1h", wall=local(at(17))).out == (
        "Snoozed until 18:00, outside your working hours.\nNext: snoozed: tomorrow at 09:00\n"
    )


@pytest.mark.parametrize("minutes", [1, 10, 29, 45, 600])
def test_a_snooze_inside_the_working_hours_never_says_outside(
    stretch: Stretch, isolated: Path, minutes: int
) -> None:
    """A reminder later than the snooze's end may be the interval's, not the hours'."""
    remind_on(isolated, 'remind_between = "00:00-24:00"\nremind_days = "every day"\n')
    session = history(isolated, local(at(10)))
    session.finish(session.start("desk-break", {}, [], None), "completed", 60, [], None)
    done = stretch("remind", "snooze", f"{minutes}m", wall=local(at(10, 5))).out
    assert done.startswith("Snoozed until ") and "outside" not in done


def test_snooze_when_reminders_are_off(stretch: Stretch) -> None:
    assert stretch("remind", "snooze") == (
        1,
        "",
        "stretch: reminders are off (turn them on with `stretch remind on`)\n",
    )


def test_status_as_json(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated, 'remind_between = "08:00-16:00"\n')
    stretch("remind", "snooze", "1h", wall=local(at(10)))
    code, out, _ = stretch("remind", "--json", wall=local(at(10, 5)))
    data = json.loads(out)
    assert code == 0
    assert {k: data[k] for k in ("on", "every_minutes", "between", "days", "state")} == {
        "on": True,
        "every_minutes": 50,
        "between": "08:00-16:00",
        "days": "mon-fri",
        "state": "snoozed",
    }
    assert data["snoozed_until"] == local(at(11)).isoformat(timespec="seconds")
    assert data["installed"] is None
    assert data["last_reminder"]["outcome"] == "snoozed"


# --- due ------------------------------------------------------------------------------------


def test_due_says_nothing_when_reminders_are_off(stretch: Stretch) -> None:
    assert stretch("due") == (0, "", "")
    assert json.loads(stretch("due", "--json").out) == {
        "state": "off",
        "text": "",
        "next": None,
        "minutes": None,
    }


def test_due_in_every_format(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated)
    history(isolated, local(at(9, 50))).add_reminder("desk-break", "skipped", "command")
    assert stretch("due", wall=local(at(10, 28))).out == "stretch in 12m\n"
    assert stretch("due", "--format", "prompt", wall=local(at(10, 28))).out == "[stretch in 12m] \n"
    assert stretch("due", "--format", "tmux", wall=local(at(10, 28))).out == (
        "#[fg=colour244] stretch in 12m #[default]\n"
    )
    assert stretch("due", wall=local(at(10, 40))).out == "stretch due\n"
    assert stretch("due", "--format", "tmux", wall=local(at(10, 40))).out == (
        "#[fg=colour0,bg=colour214,bold] stretch due #[default]\n"
    )
    assert stretch("due", wall=local(at(18, 0))).out == ""  # after hours: nothing
    data = json.loads(stretch("due", "--json", wall=local(at(10, 28))).out)
    assert data == {
        "state": "later",
        "text": "stretch in 12m",
        "next": local(at(10, 40)).isoformat(),
        "minutes": 12,
    }


def test_due_sees_a_new_session_at_once(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated)
    assert stretch("due", wall=local(at(10))).out == "stretch due\n"
    assert (isolated / "state" / "due.cache").exists()
    store = history(isolated, local(at(10, 1)))
    session = store.start("desk-break", {}, [], None)
    store.finish(session, "completed", 120, [], None)
    assert stretch("due", wall=local(at(10, 5))).out == "stretch in 46m\n"


def test_due_with_a_broken_config_says_why_in_one_line(stretch: Stretch, isolated: Path) -> None:
    remind_on(isolated, "remind_every = 5\n")
    code, out, err = stretch("due")
    assert (code, out) == (1, "")
    path = isolated / "config" / "config.toml"
    assert err == f"stretch: {path}:2:1: remind_every: expected a quoted text\n"


def test_due_imports_none_of_typer_rich_or_yaml(isolated: Path) -> None:
    remind_on(isolated)
    code = (
        "import sys\n"
        "sys.argv = ['stretch', 'due']\n"
        "from stretchcli.entry import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('typer', 'rich', 'yaml', 'click') if m in sys.modules))\n"
    )
    for _ in range(2):  # the first works the answer out; the second reads it back
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    assert done.stdout.splitlines()[-1] == "[]"


def test_due_finds_the_same_folders_as_everything_else(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from stretchcli.files.paths import config_dir, state_dir
    from stretchcli.remind.due import folders

    monkeypatch.setenv("HOME", str(tmp_path))
    for given in (
        {},
        {"XDG_CONFIG_HOME": "/x/c", "XDG_STATE_HOME": "/x/s"},
        {"STRETCH_STATE_DIR": "/s"},
    ):
        for name in (
            "STRETCH_CONFIG_DIR",
            "STRETCH_STATE_DIR",
            "XDG_CONFIG_HOME",
            "XDG_STATE_HOME",
        ):
            monkeypatch.delenv(name, raising=False)
        for name, value in given.items():
            monkeypatch.setenv(name, value)
        expected = (str(config_dir(os.environ)), str(state_dir(os.environ)))
        assert folders(os.environ) == expected


SERVER = Path(__file__).with_name("notification_server.py")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="D-Bus is not installed")
@pytest.mark.parametrize(
    ("label", "outcome"),
    [("Snooze 10 min", "snoozed"), ("Skip", "skipped"), ("Start", "started"), ("CLICK", "started")],
)
def test_the_notification_goes_over_a_real_session_bus(
    tmp_path: Path, isolated: Path, fakes: FakeCommands, label: str, outcome: str
) -> None:
    """`remind check` inside its own D-Bus session, with a notification server of the test's
    own that presses a button: the answer is recorded and acted on."""
    fakes.add("fake-terminal")  # the `terminal` setting: Start opens the routine in it
    remind_on(isolated, 'terminal = "fake-terminal --title stretch"\n')
    log = tmp_path / "notifications.jsonl"
    check = [*stretch_command(), "remind", "check"]
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(SERVER), str(log), label, *check],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [shown] = [json.loads(line) for line in log.read_text().splitlines()]
    assert shown["app"] == "stretch"
    assert shown["summary"].startswith("Time to stretch: desk-break, ")
    assert shown["body"] == (
        "Start opens it in a terminal. Stop if you feel sharp pain, numbness or tingling."
    )
    assert shown["buttons"] == ["", "Start", "Snooze 10 min", "Skip"]  # "": a click on it
    assert done.stdout.startswith(f"reminded to do desk-break: {outcome}")
    [reminder] = History(isolated / "state" / "history.sqlite3", print, lambda: NOW).reminders()
    assert (reminder.outcome, reminder.via) == (outcome, "notification")
    started = fakes.calls("fake-terminal")
    if outcome == "started":
        assert eventually(lambda: bool(fakes.calls("fake-terminal")))  # started on its own
        started = fakes.calls("fake-terminal")
        assert started == [["fake-terminal", "--title", "stretch", STRETCH, "run", "desk-break"]]
    else:
        assert started == []
        if outcome == "snoozed":
            assert reminder.until is not None
            assert timedelta(minutes=10) <= reminder.until - reminder.at < timedelta(minutes=11)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="D-Bus is not installed")
@pytest.mark.parametrize("label", ["EXPIRE", "nothing pressed"])
def test_a_notification_dropped_or_unanswered_is_no_answer_and_shown_once(
    tmp_path: Path, label: str
) -> None:
    """A server that drops the notification (it expired), or nobody answering it, is no
    answer: not an error, and the reminder is never shown again through notify-send."""
    log = tmp_path / "notifications.jsonl"
    code = (
        "from stretchcli.remind.notify import Notice, notify\n"
        "import os\n"
        "notice = Notice('Time to stretch', 'b', (('skip', 'Skip'),), 1.0, 'start')\n"
        "print(repr(notify(notice, os.environ, 'linux')))\n"
    )
    python = [sys.executable, "-c", code]
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(SERVER), str(log), label, *python],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "''\n"), done.stderr
    assert len(log.read_text().splitlines()) == 1  # shown once, by D-Bus only


def test_remind_off_says_to_run_it_before_uninstalling(stretch: Stretch) -> None:
    """Uninstalling stretch leaves the scheduler's check behind: `off` is what removes it."""
    code, out, _ = stretch("remind", "off", "--help")
    assert code == 0
    assert "(do this before uninstalling stretch)" in " ".join(out.split())
