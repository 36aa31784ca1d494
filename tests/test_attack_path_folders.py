"""A relative folder in STRETCH_PATH never reaches a scheduler (the rule of attack 4, D3,
for STRETCH_*_DIR, extended): the check starts in another folder, where it would name
another folder; it is refused in one line naming STRETCH_PATH and the folder. And the
systemd folder ignores a relative XDG_CONFIG_HOME, as every other XDG folder does."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import StretchError
from stretchcli.remind import texts

MAKERS: dict[str, Callable[[Sequence[str], Mapping[str, str]], object]] = {
    "crontab line": texts.cron_line,
    "systemd unit": texts.systemd_units,
    "launchd agent": texts.launchd_plist,
    "Task Scheduler task": texts.task_xml,
}
CHECK = ["/usr/bin/stretch", "remind", "check"]
NAMES = st.text("abc-_.~", min_size=1, max_size=6)
ENTRIES = st.one_of(
    NAMES.map(lambda name: f"/abs/{name}"),  # a full path
    NAMES,  # relative
    NAMES.map(lambda name: f"./{name}"),
    NAMES.map(lambda name: f"~/{name}"),  # a ~ the shell did not expand
    st.just(""),  # an empty entry: no folder
)


@pytest.mark.parametrize("what", sorted(MAKERS))
@given(st.lists(ENTRIES, min_size=1, max_size=4))
def test_a_relative_folder_in_stretch_path_never_reaches_a_scheduler(
    what: str, entries: list[str]
) -> None:
    value = os.pathsep.join(entries)
    relative = [e for e in entries if e.strip() and not os.path.isabs(e)]
    if not value:
        return  # not set: nothing passed on
    if not relative:
        assert value in str(MAKERS[what](CHECK, {"STRETCH_PATH": value}))
        return
    with pytest.raises(StretchError) as caught:
        MAKERS[what](CHECK, {"STRETCH_PATH": value})
    said = f"STRETCH_PATH={value} is" if len(entries) == 1 else f"STRETCH_PATH holds {relative[0]},"
    assert caught.value.message == f"{said} a relative path, which cannot go into the {what}"
    assert caught.value.hint == (
        "give a full path in STRETCH_PATH, then run `stretch remind on` again"
    )


@pytest.mark.parametrize("xdg", ["relative", "./rel", "~/rel", ""])
def test_the_systemd_folder_ignores_a_relative_xdg_config_home(xdg: str, tmp_path: Path) -> None:
    folder = texts.systemd_dir({"XDG_CONFIG_HOME": xdg, "HOME": str(tmp_path)})
    assert folder == tmp_path / ".config" / "systemd" / "user"
    given = texts.systemd_dir({"XDG_CONFIG_HOME": "/abs/config", "HOME": str(tmp_path)})
    assert given == Path("/abs/config/systemd/user")
