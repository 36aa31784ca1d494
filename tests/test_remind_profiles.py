"""Two profiles of one person (each its own STRETCH_CONFIG_DIR and STRETCH_STATE_DIR) share
one crontab: `remind on` in one never removes or replaces the other's line, and `remind off`
in one removes only its own, and does not take the other's line for a leftover of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.remind import texts
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab

ON = ("remind", "on", "--scheduler", "cron")
OFF = ("remind", "off")


@pytest.fixture
def crontab(fakes: FakeCommands, tmp_path: Path) -> Crontab:
    return Crontab(fakes, tmp_path)


def ours(crontab: Crontab) -> list[str]:
    """Stretch's lines in the fake crontab, in order."""
    text = crontab.table.read_text() if crontab.table.exists() else ""
    return [line for line in text.splitlines() if line.endswith("# stretch-remind")]


def profile(monkeypatch: pytest.MonkeyPatch, home: Path, name: str) -> Path:
    """Work in profile `name` from now on: its own config and state folders."""
    folder = home / name
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(folder / "config"))
    monkeypatch.setenv("STRETCH_STATE_DIR", str(folder / "state"))
    return folder


def of(line: str, folder: Path) -> bool:
    return f"STRETCH_STATE_DIR={folder / 'state'} " in line


def recorded(folder: Path) -> list[str]:
    path = folder / "state" / texts.MANIFEST
    if not path.exists():
        return []
    return [line for i in json.loads(path.read_text())["installed"] for line in i["lines"]]


def test_on_in_a_second_profile_keeps_the_first_ones_line_and_off_takes_only_its_own(
    stretch: Stretch,
    crontab: Crontab,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    crontab.table.write_text("0 3 * * * backup\n")
    work = profile(monkeypatch, isolated, "work")
    assert stretch(*ON).code == 0
    home = profile(monkeypatch, isolated, "home")
    assert stretch(*ON).code == 0
    lines = ours(crontab)
    assert len(lines) == 2 and of(lines[0], work) and of(lines[1], home)
    assert stretch(*ON).code == 0  # again: its own line replaced in place
    assert ours(crontab) == lines
    status = stretch("remind")
    assert "Still there" not in status.out
    off = stretch(*OFF)
    assert off.code == 0
    assert "Still there" not in off.out and "Left alone" not in off.out
    assert ours(crontab) == lines[:1]
    assert recorded(home) == []
    assert crontab.table.read_text().startswith("0 3 * * * backup\n")
    profile(monkeypatch, isolated, "work")
    assert recorded(work) == lines[:1]
    assert stretch(*OFF).code == 0
    assert ours(crontab) == []
    assert crontab.table.read_text() == "0 3 * * * backup\n"


def test_a_record_from_an_older_stretch_never_takes_another_profiles_line(
    stretch: Stretch, crontab: Crontab, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older stretch's record lists no lines (any line of its one form was its own): in
    a second profile, that form is the first profile's line too, which stays."""
    work = profile(monkeypatch, isolated, "work")
    assert stretch(*ON).code == 0
    [line] = ours(crontab)
    home = profile(monkeypatch, isolated, "home")
    (home / "state").mkdir(parents=True)
    older = {"scheduler": "cron", "files": [], "command": ["stretch", "remind", "check"]}
    (home / "state" / texts.MANIFEST).write_text(json.dumps(older))
    assert stretch(*ON).code == 0
    assert ours(crontab)[0] == line and len(ours(crontab)) == 2
    (home / "state" / texts.MANIFEST).write_text(json.dumps(older))
    assert stretch(*OFF).code == 0
    assert ours(crontab)[0] == line and of(line, work)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.sampled_from("abc"), st.booleans()), min_size=1, max_size=5))
def test_each_profile_tends_only_its_own_line(
    stretch: Stretch,
    crontab: Crontab,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    steps: list[tuple[str, bool]],
) -> None:
    """Whatever the order of `on` and `off` in three profiles: the crontab holds one line
    for each profile whose last word was `on`, in the order they were first turned on, and
    the person's own line as it was."""
    crontab.table.write_text("0 3 * * * backup\n")
    for name in "abc":
        for path in (isolated / name / "state").glob("*"):
            path.unlink()
    on: list[str] = []
    for name, turn_on in steps:
        folder = profile(monkeypatch, isolated, name)
        assert stretch(*(ON if turn_on else OFF)).code == 0
        if turn_on and name not in on:
            on.append(name)
        elif not turn_on and name in on:
            on.remove(name)
        lines = ours(crontab)
        assert [next(p for p in "abc" if of(line, isolated / p)) for line in lines] == on
        assert recorded(folder) == [line for line in lines if of(line, folder)]
    assert crontab.table.read_text().startswith("0 3 * * * backup\n")


@pytest.mark.parametrize("scheduler", ["systemd", "launchd"])
def test_a_unit_of_one_name_is_never_taken_from_another_profile(
    stretch: Stretch,
    fakes: FakeCommands,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scheduler: str,
) -> None:
    """systemd's units and launchd's agent have one name for every profile: `remind on` in a
    second profile says whose they are and changes nothing, where replacing them would have
    turned the first profile's reminders off unsaid; the same profile's `on` replaces its own."""
    from tests.test_remind import LAUNCHCTL, units_folder

    monkeypatch.setenv("COLUMNS", "1000")
    fakes.add("systemctl", out="running\n")
    fakes.add("launchctl", body=LAUNCHCTL.format(loaded=str(tmp_path / "loaded")))
    home = tmp_path / "profiles"
    on = ("remind", "on", "--scheduler", scheduler)
    first = profile(monkeypatch, home, "work")
    assert stretch(*on).code == 0
    if scheduler == "systemd":
        unit = units_folder(tmp_path / "home") / "stretch-remind.service"
    else:
        unit = tmp_path / "home" / "Library" / "LaunchAgents" / "dev.stretch.remind.plist"
    before = unit.read_bytes()
    assert stretch(*on).code == 0  # the same profile again: its own, replaced
    profile(monkeypatch, home, "home")
    refused = stretch(*on)
    assert (refused.code, refused.out) == (1, "")
    folders = f"STRETCH_CONFIG_DIR={first / 'config'}, STRETCH_STATE_DIR={first / 'state'}"
    assert refused.err == (
        f"stretch: {unit} checks the reminders of another of your profiles ({folders}): "
        "turning them on here would turn those off (turn them off there first (stretch remind "
        "off, with that profile's folders set), or use crontab, which keeps a line for each "
        "profile)\n"
    )
    assert unit.read_bytes() == before
    assert not (home / "home" / "config" / "config.toml").exists()  # nothing was changed
    profile(monkeypatch, home, "work")
    assert stretch("remind", "off").code == 0
    profile(monkeypatch, home, "home")
    assert stretch(*on).code == 0  # the first profile's are gone: these are this one's now


@pytest.mark.parametrize("spelled", ["{}/", "{}/.", "{}/../state", "link"])
def test_a_profile_is_its_folders_however_they_are_spelled(
    stretch: Stretch,
    crontab: Crontab,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    spelled: str,
) -> None:
    """The same state folder typed another way (a trailing slash, a link to it) is the same
    profile: `remind on` replaces its line rather than adding a second check, and `off`
    removes it (two lines were left, and `off` called stretch's own first line not its)."""
    monkeypatch.setenv("COLUMNS", "1000")
    folder = profile(monkeypatch, isolated, "work")
    state = folder / "state"
    assert stretch(*ON).code == 0
    if spelled == "link":
        (isolated / "link").symlink_to(state)
        other = str(isolated / "link")
    else:
        other = spelled.format(state)
    monkeypatch.setenv("STRETCH_STATE_DIR", other)
    assert stretch(*ON).code == 0
    assert len(ours(crontab)) == 1
    off = stretch(*OFF)
    assert off.code == 0 and "Still there" not in off.out
    assert ours(crontab) == []
