"""stretch's folders are absolute (attack 4, D3): a relative STRETCH_STATE_DIR,
STRETCH_CONFIG_DIR or STRETCH_CACHE_DIR (or one starting with a `~` the shell did not
expand) would give each folder stretch is started in its own history, and a scheduled check
another one still: it is refused in one line that names the variable. A relative XDG_*
folder is ignored, as the XDG spec says, and never passed on to a scheduler."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.errors import StretchError
from stretchcli.remind import texts
from tests.conftest import Stretch

VARIABLES = ("STRETCH_STATE_DIR", "STRETCH_CONFIG_DIR", "STRETCH_CACHE_DIR")
COMMANDS = [["history"], ["paths"], ["due"], ["list"], ["remind", "on", "--scheduler", "cron"]]


def refusal(variable: str, value: str) -> str:
    tilde = ": the shell did not expand its ~" if value.startswith("~") else ""
    return (
        f"stretch: {variable}={value} is not an absolute path{tilde} (set it to a full path, "
        f"such as {variable}=$HOME/{value.lstrip('~/')})\n"
    )


@pytest.mark.parametrize("variable", VARIABLES)
@pytest.mark.parametrize("value", ["relstate", "./here", "../up", "~/x", "~"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_relative_folder_is_refused_naming_the_variable(
    stretch: Stretch,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    variable: str,
    value: str,
    command: list[str],
) -> None:
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setenv(variable, value)
    code, out, err = stretch(*command)
    assert (code, out, err) == (1, "", refusal(variable, value))
    assert list((tmp_path / "cwd").iterdir()) == []  # no folder made where it was started


RELATIVE = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\0"), min_size=1
).filter(lambda text: not os.path.isabs(text))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # nothing is kept
@given(st.sampled_from(VARIABLES), RELATIVE)
def test_any_relative_folder_is_refused(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    with monkeypatch.context() as patched:
        patched.setenv(variable, value)
        code, out, err = stretch("paths")
    assert (code, out) == (1, "")
    assert err.startswith(f"stretch: {variable}=") and err.count("\n") == 1


def test_a_relative_xdg_folder_is_ignored(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for variable in VARIABLES:
        monkeypatch.delenv(variable)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_STATE_HOME", "rel-state")
    monkeypatch.setenv("XDG_CONFIG_HOME", "rel-config")
    code, out, _ = stretch("paths")
    assert code == 0
    assert f"History:     {tmp_path}/home/.local/state/stretch/history.sqlite3" in out
    assert f"Config file: {tmp_path}/home/.config/stretch/config.toml" in out


@pytest.mark.parametrize("what", ["crontab line", "systemd unit", "launchd agent"])
@pytest.mark.parametrize("variable", VARIABLES)
def test_no_relative_folder_goes_to_a_scheduler(what: str, variable: str) -> None:
    make = {
        "crontab line": texts.cron_line,
        "systemd unit": texts.systemd_units,
        "launchd agent": texts.launchd_plist,
    }[what]
    check = ["/usr/bin/stretch", "remind", "check"]
    with pytest.raises(StretchError) as caught:
        make(check, {variable: "relstate"})
    assert caught.value.message == (
        f"{variable}=relstate is a relative path, which cannot go into the {what}"
    )
    made = make(check, {"XDG_STATE_HOME": "rel", "XDG_CONFIG_HOME": "/abs"})
    shown = str(made)
    assert "XDG_STATE_HOME" not in shown and "XDG_CONFIG_HOME" in shown
