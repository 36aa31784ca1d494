"""`stretch list` kept from its last run: never stale, whatever changed in the routines folders
or the config, with the same warnings; and a kept list loads no catalog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from stretchcli.files.listing import FILENAME, made_from
from stretchcli.files.paths import config_path, routine_folders
from stretchcli.files.stamps import checksum
from tests.conftest import BUILTIN, Result, Stretch

OLD = time.time() - 3600  # older than the "too recent to be sure of its stamp" window
ROUTINE = "name: {name}\nsummary: s\nsteps: [thoracic-rotation, {second}]\n"
EXERCISE = (BUILTIN / "exercises" / "thoracic-rotation.yaml").read_text()


class Folders:
    """A STRETCH_PATH folder and a config folder that the steps change, each file written
    with an old modification time (as a file edited a while ago), so that lists are kept."""

    def __init__(self, root: Path) -> None:
        self.path = root / "path"
        self.config = root / "config"
        (self.path / "exercises").mkdir(parents=True)
        self.config.mkdir()
        self.written = 0

    def write(self, path: Path, text: str) -> None:
        path.write_text(text)
        self.written += 1
        os.utime(path, (OLD + self.written, OLD + self.written))

    def folder(self, path: Path) -> None:
        path.mkdir(exist_ok=True)
        os.utime(path, (OLD, OLD))

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)


def routine(name: str, second: str) -> Callable[[Folders], None]:
    return lambda f: f.write(f.path / "mine.yaml", ROUTINE.format(name=name, second=second))


def reps(count: int) -> Callable[[Folders], None]:
    text = EXERCISE.replace("reps: 5 ", f"reps: {count} ", 1)
    return lambda f: f.write(f.path / "exercises" / "thoracic-rotation.yaml", text)


def config(text: str) -> Callable[[Folders], None]:
    return lambda f: f.write(f.config / "config.toml", text)


CHANGES: dict[str, Callable[[Folders], None]] = {
    "a routine": routine("Mine", "cat-cow"),
    "the same size, other words": routine("Mind", "cat-cow"),
    "a step that is no exercise": routine("Mine", "nope"),
    "a routine gone": lambda f: f.remove(f.path / "mine.yaml"),
    "an exercise with more reps": reps(9),
    "an exercise with fewer reps": reps(2),
    "an exercise that is broken": lambda f: f.write(
        f.path / "exercises" / "thoracic-rotation.yaml", "name: [\n"
    ),
    "an exercise gone": lambda f: f.remove(f.path / "exercises" / "thoracic-rotation.yaml"),
    "a longer get-ready": config("prepare = 60\nrest = 20\n"),
    "a config with a problem": config('prepare = "soon"\n'),
    "no config": lambda f: f.remove(f.config / "config.toml"),
    "a routine file that is a folder": lambda f: f.folder(f.path / "dir.yaml"),
}


def run(stretch: Stretch, *args: str, kept: bool) -> Result:
    """`stretch ARGS`, with the list kept between runs, or made afresh."""
    with pytest.MonkeyPatch.context() as patch:
        if not kept:
            patch.setenv("STRETCH_NO_CACHE", "1")
        return stretch(*args)


# No shrinking: each step runs `stretch list` three times, and a failing case names its steps.
@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(sorted(CHANGES)), min_size=1, max_size=5))
def test_a_kept_list_is_the_list_made_afresh_whatever_changed(
    stretch: Stretch, changes: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as root, pytest.MonkeyPatch.context() as patch:
        folders = Folders(Path(root))
        patch.setenv("STRETCH_PATH", str(folders.path))
        patch.setenv("STRETCH_CONFIG_DIR", str(folders.config))
        patch.setenv("STRETCH_CACHE_DIR", str(Path(root) / "cache"))
        broken = False  # the config has a problem: said on every run, so nothing is kept
        for change in ["a routine", *changes]:
            CHANGES[change](folders)
            if change in ("a config with a problem", "a longer get-ready", "no config"):
                broken = change == "a config with a problem"
            fresh = run(stretch, "list", "--json", kept=False)
            assert run(stretch, "list", "--json", kept=True) == fresh  # made, and kept
            assert run(stretch, "list", "--json", kept=True) == fresh  # the kept one
            now = made_from(routine_folders(os.environ), config_path(os.environ))
            kept = json.loads((Path(root) / "cache" / FILENAME).read_text().partition("\n")[2])
            assert (kept["key"] == now) != broken
        assert run(stretch, "list", kept=True) == run(stretch, "list", kept=False)  # the table


def test_a_kept_list_loads_neither_the_model_nor_the_config(tmp_path: Path) -> None:
    env = {**os.environ, "STRETCH_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys, runpy\n"
        "sys.argv = ['stretch', 'list']\n"
        "try:\n    runpy.run_module('stretchcli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('stretchcli.model', 'stretchcli.files.config',\n"
        "    'stretchcli.files.catalog', 'stretchcli.session.planning') if m in sys.modules),\n"
        "    file=sys.stderr)\n"
    )
    found = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        for _ in range(2)  # the built-in files are old enough to be kept on the first run
    ]
    assert "stretchcli.model" in found[0].stderr
    assert found[1].stderr.strip() == "[]"
    assert found[1].stdout == found[0].stdout and "upper-back" in found[1].stdout


def test_a_kept_list_that_is_damaged_is_made_again(stretch: Stretch, isolated: Path) -> None:
    fresh = run(stretch, "list", "--json", kept=False)
    assert run(stretch, "list", "--json", kept=True) == fresh
    kept = isolated / "cache" / FILENAME
    data = json.loads(kept.read_text().partition("\n")[2])
    wrong: list[object] = [None, 1, {}, [1]]  # each of another type than the key's
    for key in ("id", "total_seconds", "exercises", "source"):
        for value in wrong:
            changed = {**data, "entries": [{**data["entries"][0], key: value}]}
            text = json.dumps(changed)
            kept.write_text(f"{checksum(text)}\n{text}")  # even under a good checksum
            assert run(stretch, "list", "--json", kept=True) == fresh
    for damage in ("", "{", "0\n[]", f"{checksum('[]')}\n[]"):
        kept.write_text(damage)
        assert run(stretch, "list", "--json", kept=True) == fresh


def test_a_config_that_cannot_be_reached_is_said_on_every_run(
    stretch: Stretch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config folder that is a file: the config cannot be read (not: there is none), so
    each `list` says so, as one made afresh does."""
    folder = tmp_path / "not-a-folder"
    monkeypatch.setenv("STRETCH_CONFIG_DIR", str(folder))
    assert run(stretch, "list", kept=True) == run(stretch, "list", kept=True)  # none: kept
    folder.write_text("")
    os.utime(folder, (OLD, OLD))
    fresh = run(stretch, "list", kept=False)
    assert "cannot read the config file" in fresh.err
    for _ in range(2):
        assert run(stretch, "list", kept=True) == fresh
