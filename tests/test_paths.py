"""The user's folders on Linux found without platformdirs are the folders platformdirs gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchcli.files.paths import config_dir, state_dir, xdg_dir
from stretchcli.remind.due import folders

UNSET = "(unset)"
FOLDERS = [
    ("XDG_CONFIG_HOME", ".config", platformdirs.user_config_dir),
    ("XDG_CACHE_HOME", ".cache", platformdirs.user_cache_dir),
    ("XDG_STATE_HOME", ".local/state", platformdirs.user_state_dir),
]
values = st.sampled_from(
    [UNSET, "", "/x", "/x/", "//x", "/x y", " /x", "/x ", "x", "~/x", "/", "/x/../y"]
)


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is for Linux")
@settings(max_examples=200)
@given(st.sampled_from(FOLDERS), values, values)
def test_a_folder_found_without_platformdirs_is_the_one_it_gives(
    folder: tuple[str, str, object], given_dir: str, home: str
) -> None:
    variable, default, platform_dir = folder
    assert callable(platform_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ANDROID_DATA", raising=False)
        for name, value in ((variable, given_dir), ("HOME", home)):
            if value == UNSET:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        found = xdg_dir(variable, default)
        if found is not None:
            assert found == Path(platform_dir("stretch", appauthor=False))
        assert (found is not None) == (
            (given_dir.startswith("/") and given_dir == given_dir.strip())
            or (given_dir in ("", UNSET) and home.startswith("/"))
        )


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is for Linux")
@settings(max_examples=200)
@given(values, values, values)
def test_stretch_due_reads_the_folders_every_other_command_reads(
    config_home: str, state_home: str, home: str
) -> None:
    """`stretch due` finds its folders without pathlib; a relative or padded XDG variable
    once sent it to another folder than the rest of stretch."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ANDROID_DATA", raising=False)
        patch.delenv("STRETCH_CONFIG_DIR", raising=False)
        patch.delenv("STRETCH_STATE_DIR", raising=False)
        for name, value in (
            ("XDG_CONFIG_HOME", config_home),
            ("XDG_STATE_HOME", state_home),
            ("HOME", home),
        ):
            if value == UNSET:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        environ = dict(os.environ)
        assert folders(environ) == (str(config_dir(environ)), str(state_dir(environ)))
