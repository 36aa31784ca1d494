"""The scheduled check sees the folders of the person who turned reminders on, however they
named them: STRETCH_* overrides or the XDG variables that platformdirs reads."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.files import paths
from stretchcli.remind import texts
from tests.conftest import Stretch
from tests.system_fakes import FakeCommands
from tests.test_remind_safety import Crontab

FOLDERS = (
    "STRETCH_CONFIG_DIR",
    "STRETCH_STATE_DIR",
    "STRETCH_CACHE_DIR",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
)
HOME = "/home/person"


def folders(environ: dict[str, str]) -> tuple[Path, Path, Path]:
    return paths.config_dir(environ), paths.state_dir(environ), paths.cache_dir(environ)


def cron_environment(line: str) -> dict[str, str]:
    """What the check's command sees: cron's HOME, and the assignments before `stretch`."""
    command = line.split("exit 0; ", 1)[1]
    seen = {"HOME": HOME}
    for word in shlex.split(command):
        if "=" not in word:
            break
        name, value = word.split("=", 1)
        seen[name] = value
    return seen


@given(
    st.dictionaries(
        st.sampled_from(FOLDERS),
        st.from_regex(r"/[a-z]{1,8}(/[a-z ]{1,8}){0,2}", fullmatch=True),
    )
)
def test_the_crontab_line_gives_the_check_the_same_folders(chosen: dict[str, str]) -> None:
    environ = {"HOME": HOME, **chosen}
    with pytest.MonkeyPatch.context() as patch:
        # xdg_dir reads the process's own variables, as platformdirs does
        for name in FOLDERS:
            patch.delenv(name, raising=False)
        patch.setenv("HOME", HOME)
        for name, value in chosen.items():
            patch.setenv(name, value)
        wanted = folders(environ)
        line = texts.cron_line(["/usr/bin/stretch", "remind", "check"], environ)
        seen = cron_environment(line)
        for name in FOLDERS:
            patch.delenv(name, raising=False)
        for name, value in seen.items():
            patch.setenv(name, value)
        assert folders(seen) == wanted


def test_reminders_turned_on_with_xdg_folders_are_checked_in_them(
    stretch: Stretch, fakes: FakeCommands, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    crontab = Crontab(fakes, tmp_path)
    for name in ("STRETCH_CONFIG_DIR", "STRETCH_STATE_DIR", "STRETCH_CACHE_DIR"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    code, _, err = stretch("remind", "on", "--scheduler", "cron")
    assert (code, err) == (0, "")
    line = crontab.table.read_text()
    assert f"XDG_CONFIG_HOME={shlex.quote(str(tmp_path / 'xdg config'))} " in line
    assert f"XDG_STATE_HOME={tmp_path / 'xdg-state'} " in line
    assert f"XDG_CACHE_HOME={tmp_path / 'xdg-cache'} " in line
