"""What `remind on` may leave behind, and `remind off` takes away or says: the folders `on`
made for its unit or agent (removed once empty, never one that was there before), and a file
with the name of stretch's check, at its place, that stretch did not write."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from stretchcli.remind.installs import Installed, SchedulerName
from stretchcli.remind.texts import (
    LABEL,
    PLIST,
    SERVICE,
    TIMER,
    home_folder,
    launchd_path,
    systemd_dir,
)


def uid() -> int:
    """This user's id (0 where the system has none)."""
    return os.getuid() if hasattr(os, "getuid") else 0


def missing(path: Path, environ: Mapping[str, str]) -> list[Path]:
    """The folders of `path` that are not there (writing it makes them), deepest first; never
    the home folder or one above it."""
    home = Path(home_folder(environ))
    found = []
    folder = path.parent
    while not os.path.lexists(folder) and folder not in (folder.parent, home):
        found.append(folder)
        folder = folder.parent
    return found


def _holds(folder: Path, files: Sequence[Path]) -> bool:
    """Whether `folder` is one of the files' folders, or above one, where the file is at a
    place of stretch's (its name, in a `systemd/user` or `Library/LaunchAgents` folder)."""
    return any(
        (folder == f.parent or folder in f.parent.parents) and _at_our_place(f) for f in files
    )


def _at_our_place(path: Path) -> bool:
    """Whether a file has the name of stretch's unit or agent, in a folder of its kind."""
    places = {
        TIMER: ("systemd", "user"),
        SERVICE: ("systemd", "user"),
        PLIST: ("Library", "LaunchAgents"),
    }
    return places.get(path.name) == path.parent.parts[-2:]


def made_before(
    made: Sequence[Path], files: Sequence[Path], older: Sequence[Path]
) -> tuple[Path, ...]:
    """The folders `made` for `files`, with those an older install `older` made for them (a
    second `remind on` finds them there, and must still take them away at `off`)."""
    return tuple(dict.fromkeys((*made, *(f for f in older if _holds(f, files)))))


def remove_folders(made: Sequence[Path], files: Sequence[Path]) -> list[str]:
    """Remove the folders `made` for `files`, deepest first, each once it is empty (one
    holding anything, or not a folder, stays; one no file is in is never touched); what was
    removed, in words."""
    removed = []
    for folder in sorted(made, key=lambda f: len(f.parts), reverse=True):
        if not _holds(folder, files):
            continue  # a record that names another folder: not ours to touch
        try:
            os.rmdir(folder)
        except OSError:
            continue  # not empty, not there, or not a folder: left as it is
        removed.append(f"{folder} (made by `stretch remind on`, now empty)")
    return removed


def files_left(
    installed: Installed,
    environ: Mapping[str, str],
    ours: Callable[[Path, SchedulerName], str | None],
    links: bool = True,
) -> list[str]:
    """A line for each file of `installed` at the place of stretch's unit or agent, with its
    name, that stretch did not write (`ours` gives None: edited past knowing, or another's):
    the scheduler may still run it. `links=False`: not those that are links (said apart)."""
    scheduler = installed.scheduler
    if scheduler == "systemd":
        places = [systemd_dir(environ) / name for name in (TIMER, SERVICE)]
        how = f"`systemctl --user disable --now {TIMER}`"
    elif scheduler == "launchd":
        places = [launchd_path(environ)]
        how = f"`launchctl bootout gui/{uid()}/{LABEL}`"
    else:
        return []
    return [
        f"{path} {_kind(path)}, and was not removed; if it is not yours: {how}, then delete it"
        for path in installed.files
        if path in places
        and os.path.lexists(path)
        and ours(path, scheduler) is None
        and (links or not path.is_symlink())
    ]


def _kind(path: Path) -> str:
    """What the file at the check's place is, in words (attack 19, H14: a link to the very
    text stretch wrote was said not to have it)."""
    if path.is_symlink():
        return "is a link with the name of stretch's check"
    return "has the name of stretch's check but not the text stretch wrote"
