"""The cache of checked files: used only while a file is unchanged, never stale or broken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import stretchcli
from stretchcli.files.cache import FILENAME, ParseCache
from stretchcli.files.catalog import load_catalog
from stretchcli.files.listing import FILENAME as LISTING
from stretchcli.files.paths import Folder
from stretchcli.files.values import Values
from tests.conftest import BUILTIN

ROUTINE = "name: Mine\nsummary: s\nsteps: [thoracic-rotation]\n"
OLD = time.time() - 3600  # files older than the cache's "too recent to trust" window


def folder_with(tmp_path: Path, text: str, mtime: float = OLD) -> tuple[list[Folder], Path]:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(text)
    os.utime(path, (mtime, mtime))
    return [Folder(folder, "path"), Folder(BUILTIN, "built-in")], path


def load(folders: list[Folder], cache_file: Path) -> tuple[dict[str, str], list[str]]:
    cache = ParseCache(cache_file)
    catalog = load_catalog(folders, cache=cache)
    cache.save()
    return {k: r.name for k, r in catalog.routines.items()}, [str(p) for p in catalog.problems]


def test_a_second_load_comes_from_the_cache_and_matches(tmp_path: Path) -> None:
    folders, _ = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / "cache" / FILENAME
    first = load(folders, cache_file)
    assert cache_file.exists()
    cached = json.loads(cache_file.read_text().partition("\n")[2])["files"]
    assert len(cached) == len(list(BUILTIN.rglob("*.yaml"))) + 1
    assert load(folders, cache_file) == first


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    folders, path = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME
    load(folders, cache_file)
    path.write_text(ROUTINE.replace("Mine", "Changed"))  # same size, new mtime
    os.utime(path, (OLD + 10, OLD + 10))
    assert load(folders, cache_file)[0]["mine"] == "Changed"


def test_a_file_changed_within_the_same_timestamp_tick_is_not_served_stale(
    tmp_path: Path,
) -> None:
    now = time.time()
    folders, path = folder_with(tmp_path, ROUTINE, mtime=now)
    cache_file = tmp_path / FILENAME
    load(folders, cache_file)  # too recent to cache
    path.write_text(ROUTINE.replace("Mine", "Mind"))  # same size...
    os.utime(path, (now, now))  # ...and the very same mtime
    assert load(folders, cache_file)[0]["mine"] == "Mind"


def test_broken_files_are_still_reported_from_the_cache(tmp_path: Path) -> None:
    folders, path = folder_with(tmp_path, "name: Mine\nsummary: s\nsteps: [nope]\n")
    cache_file = tmp_path / FILENAME
    first = load(folders, cache_file)
    second = load(folders, cache_file)
    assert first == second
    assert second[1] == [
        f"{path}:3:9: step 1: no exercise named 'nope' (see `stretch list --exercises`)"
    ]


def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    folders, _ = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME
    expected = load(folders, cache_file)
    for damage in ("{not json", '{"format": 1, "version": "0.0.0", "files": {}}', "[]"):
        cache_file.write_text(damage)
        assert load(folders, cache_file) == expected
    digest, _, text = cache_file.read_text().partition("\n")
    data = json.loads(text)
    for entry in data["files"].values():
        entry["values"] = "garbage"
        entry["marks"] = {"name": "x"}
    cache_file.write_text(f"{digest}\n{json.dumps(data)}")  # edited: the checksum is stale
    assert load(folders, cache_file) == expected


def test_a_cached_value_of_the_wrong_type_is_checked_afresh(tmp_path: Path) -> None:
    """Even under a good checksum (a hand edit, an old bug), a wrong type never reaches the
    model: the file is checked again, and its entry mended."""
    folders, _ = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME
    expected = load(folders, cache_file)
    data = json.loads(cache_file.read_text().partition("\n")[2])
    for entry in data["files"].values():
        values = entry["values"]
        values.update({"name": 5} if "steps" in values else {"hold": "5", "sides": "all"})
    text = json.dumps(data)
    cache_file.write_text(f"{zlib.crc32(text.encode()):08x}\n{text}")
    assert load(folders, cache_file) == expected
    mended = json.loads(cache_file.read_text().partition("\n")[2])["files"]
    assert all(entry["values"].get("name") != 5 for entry in mended.values())


def test_values_are_read_with_their_types_checked() -> None:
    values = Values({"hold": 5, "whole": True, "sides": "both", "texts": ["a", 1]})
    assert values.number("hold") == 5
    assert values.number("rest", None) is None
    assert values.choice("sides", ("none", "both")) == "both"
    for wrong in (
        lambda: values.whole("whole"),
        lambda: values.number("whole"),
        lambda: values.texts("texts"),
        lambda: values.choice("sides", ("none",)),
        lambda: values.text("missing"),
        lambda: values.mapping("hold"),
    ):
        with pytest.raises(TypeError):
            wrong()


def test_list_with_a_warm_cache_imports_neither_yaml_nor_planning(
    tmp_path: Path, runner: CliRunner
) -> None:
    env = {**os.environ, "STRETCH_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys, runpy\n"
        "sys.argv = ['stretch', 'list']\n"
        "try:\n    runpy.run_module('stretchcli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('yaml' in sys.modules, 'stretchcli.session.planning' in sys.modules,"
        " file=sys.stderr)\n"
    )
    for _ in range(2):  # the built-in files are old enough to be cached on the first run
        (tmp_path / "cache" / LISTING).unlink(missing_ok=True)  # the catalog is loaded
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
    assert result.stderr.strip() == "False False"  # nor the session's planning: lengths cached
    assert "upper-back" in result.stdout


def test_a_file_rewritten_with_its_old_mtime_kept_is_read_again(tmp_path: Path) -> None:
    folders, path = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME
    load(folders, cache_file)
    path.write_text(ROUTINE.replace("Mine", "Ours"))  # same size, same inode
    os.utime(path, (OLD, OLD))  # like `cp -p`: the old mtime is put back, the ctime is not
    assert load(folders, cache_file)[0]["mine"] == "Ours"


def listed(
    folders: list[Folder], cache_file: Path, prepare: float = 5.0
) -> list[dict[str, object]]:
    """`list --json` from a catalog loaded through the cache, the lengths through it too."""
    from stretchcli.views.catalog import routine_list

    cache = ParseCache(cache_file)
    catalog = load_catalog(folders, prepare=prepare, cache=cache)
    rows = routine_list(catalog, cache).json()
    cache.save()
    return rows


def fresh(folders: list[Folder], prepare: float = 5.0) -> list[dict[str, object]]:
    """The same, worked out without a cache."""
    from stretchcli.views.catalog import routine_list

    return routine_list(load_catalog(folders, prepare=prepare)).json()


def test_routine_lengths_come_from_the_cache_and_match_those_worked_out(tmp_path: Path) -> None:
    folders, _ = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME
    expected = fresh(folders)
    assert listed(folders, cache_file) == expected
    lengths = json.loads(cache_file.read_text().partition("\n")[2])["lengths"]
    assert len(lengths) == len(list(BUILTIN.glob("*.yaml"))) + 1
    assert listed(folders, cache_file) == expected


def test_a_routine_length_follows_its_exercises_files_and_the_config(tmp_path: Path) -> None:
    """A length is never stale: a changed exercise file (of any step), or another get-ready
    time from the config (longer than the words said while getting ready), gives the length
    worked out afresh."""
    folders, _ = folder_with(tmp_path, ROUTINE)
    exercise = tmp_path / "mine" / "exercises" / "thoracic-rotation.yaml"
    exercise.parent.mkdir()
    text = (BUILTIN / "exercises" / "thoracic-rotation.yaml").read_text()
    exercise.write_text(text)
    os.utime(exercise, (OLD, OLD))
    cache_file = tmp_path / FILENAME
    before = listed(folders, cache_file)
    assert before == fresh(folders)
    exercise.write_text(text.replace("reps: 5 ", "reps: 9 ", 1))
    os.utime(exercise, (OLD, OLD))
    after = listed(folders, cache_file)
    assert after == fresh(folders) != before
    assert listed(folders, cache_file, prepare=120.0) == fresh(folders, prepare=120.0) != after


def test_a_damaged_length_is_worked_out_afresh(tmp_path: Path) -> None:
    folders, _ = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME
    expected = listed(folders, cache_file)
    data = json.loads(cache_file.read_text().partition("\n")[2])
    damage: list[object] = ["1", None, {}, 5, [1], [None]]  # each wrong for both
    for i, entry in enumerate(data["lengths"].values()):
        entry["seconds" if i % 2 else "steps"] = damage[i % len(damage)]
    assert len(data["lengths"]) > len(damage)
    text = json.dumps(data)
    cache_file.write_text(f"{zlib.crc32(text.encode()):08x}\n{text}")
    assert listed(folders, cache_file) == expected


def test_a_cache_kept_by_other_code_of_the_same_version_is_not_used(tmp_path: Path) -> None:
    """An editable install changes its code without changing its version: a routine checked
    by the old code must be checked again by the new one."""
    folders, _ = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME
    load(folders, cache_file)
    text = cache_file.read_text().partition("\n")[2]
    data = json.loads(text)
    version, _, code = data["version"].partition("+")
    assert version == stretchcli.__version__ and code  # the version and a stamp of the code
    key = next(k for k in data["files"] if k.endswith("mine.yaml"))
    data["files"][key]["values"]["name"] = "Kept by other code"
    forged = json.dumps(data)
    cache_file.write_text(f"{zlib.crc32(forged.encode()):08x}\n{forged}")
    assert load(folders, cache_file)[0]["mine"] == "Kept by other code"  # same build: used
    data["version"] = f"{version}+00000000"
    forged = json.dumps(data)
    cache_file.write_text(f"{zlib.crc32(forged.encode()):08x}\n{forged}")
    assert load(folders, cache_file)[0]["mine"] == "Mine"  # another build: read afresh


def test_entries_of_files_that_are_gone_are_dropped_when_the_cache_is_written(
    tmp_path: Path,
) -> None:
    """Checkouts, renamed and deleted folders: the cache keeps only files that exist."""
    folders, path = folder_with(tmp_path, ROUTINE)
    cache_file = tmp_path / FILENAME

    def kept() -> set[str]:
        data = json.loads(cache_file.read_text().partition("\n")[2])
        return {k for part in ("files", "lengths") for k in data[part] if "mine" in k}

    load(folders, cache_file)
    assert kept() == {f"routine:{path}"}
    other = path.with_name("other.yaml")
    path.rename(other)
    os.utime(other, (OLD, OLD))
    load(folders, cache_file)
    assert kept() == {f"routine:{other}"}
