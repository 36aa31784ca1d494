"""A file stretch writes again (config.toml by `stretch config`, a plan, the caches) keeps
its mode, its owner and its other names: before, `stretch config sound false` turned a
config.toml of mode 600 into 644 and parted a hard link to it (a dotfiles folder's copy kept
the old settings)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files.atomic import write_text
from tests.conftest import Stretch


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 0o7777).map(lambda mode: mode | 0o600), st.text(max_size=50))
def test_the_mode_is_kept(tmp_path: Path, mode: int, text: str) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "kept.toml"
    path.write_text("old\n")
    path.chmod(mode)
    write_text(path, text)
    assert path.read_bytes().decode() == text
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert [p.name for p in folder.iterdir()] == ["kept.toml"]  # no temporary left


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(2, 4), st.text(max_size=50))
def test_every_name_of_a_hard_linked_file_shows_the_new_text(
    tmp_path: Path, names: int, text: str
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    first = folder / "first"
    first.write_text("old\n")
    others = [folder / f"other-{n}" for n in range(1, names)]
    for other in others:
        os.link(first, other)
    write_text(others[-1], text)
    assert {p.read_bytes().decode() for p in [first, *others]} == {text}
    assert first.stat().st_nlink == names


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_the_owner_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "theirs.toml"
    path.write_text("old\n")
    os.chown(path, 65534, 65534)
    write_text(path, "new\n")
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)


def test_stretch_config_keeps_a_private_hard_linked_config(
    stretch: Stretch, isolated: Path, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles" / "stretch.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("sound = true\n")
    dotfiles.chmod(0o600)
    config = isolated / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    os.link(dotfiles, config)
    assert stretch("config", "sound", "false").code == 0
    assert dotfiles.read_text() == config.read_text() == "sound = false\n"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
