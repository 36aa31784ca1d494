"""Which files are stretch's own: what `-o` never writes over, whatever it is asked."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from stretchcli.files.config_edit import lock_path
from stretchcli.files.output import OwnFolder
from stretchcli.files.paths import cache_dir, config_dir, config_path, routine_folders, state_dir
from stretchcli.files.planfile import AFTER_CHECK, PREVIOUS
from stretchcli.files.planfile import FILENAME as PLAN
from stretchcli.files.scan import SUFFIXES
from stretchcli.files.startplan import DRAFT
from stretchcli.history.store import FILENAME as DATABASE
from stretchcli.history.sync_files import owner


def own_folders(environ: Mapping[str, str], sync_folder: str | None) -> list[OwnFolder]:
    """The folders holding stretch's own files, and which files of each are its own:
    everything in the state and cache folders (the history database and its -wal, -shm and
    -journal files, the sync state, the reminders' files, the caches), the config, its lock,
    the plan files, the routine and exercise files (.yaml, .yml) of every folder on the
    routine path, and the machines' files in the sync folder (when there is one)."""
    database = {DATABASE + end for end in ("", "-wal", "-shm", "-journal")}
    config = {config_path(environ).name: "config", PLAN: "plan", PREVIOUS: "plan"}
    config[DRAFT] = config[AFTER_CHECK] = "plan"
    config[lock_path(environ).name] = "config lock"  # held by each config writer
    folders = [
        OwnFolder(
            state_dir(environ),
            lambda name: "history database" if name in database else "state file",
        ),
        OwnFolder(cache_dir(environ), lambda name: "cache"),
        OwnFolder(config_dir(environ), config.get),
    ]
    for folder in routine_folders(environ):  # a name ending so would be read as one
        folders.append(OwnFolder(folder.path, lambda name: _named(name, "routine file")))
        folders.append(
            OwnFolder(folder.path / "exercises", lambda name: _named(name, "exercise file"))
        )
    if sync_folder:
        folders.append(
            OwnFolder(
                Path(sync_folder), lambda name: "sync file" if owner(name) is not None else None
            )
        )
    return folders


def _named(name: str, what: str) -> str | None:
    """`what` for the name of a routine or exercise file (.yaml, .yml), else None."""
    return what if name.endswith(SUFFIXES) else None
