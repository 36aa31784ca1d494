"""Where files live: the built-in routines, the user's folders, STRETCH_PATH, config and state."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from stretchcli.files.xdg import APP, xdg_folder

if TYPE_CHECKING:  # the model's dataclasses take a few ms to make: not for `--version`
    from stretchcli.model import Source


class Folder(NamedTuple):  # a NamedTuple: a dataclass costs `list` about 0.2 ms to make
    """A routines folder: routine files at its top, exercise files in its exercises/ subfolder."""

    path: Path
    source: Source  # "path" (STRETCH_PATH), "user" or "built-in"


def builtin_dir() -> Path:
    """The built-in routines: inside the package (wheel) or beside src/ (checkout, editable)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "routines"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "routines"


def xdg_dir(variable: str, default: str) -> Path | None:
    """The XDG folder (`stretchcli.files.xdg`) as a Path, or None where platformdirs decides."""
    found = xdg_folder(variable, default)
    return None if found is None else Path(found)


def _user_dir(environ: Mapping[str, str], kind: str, xdg: str, default: str) -> Path:
    """A folder of stretch's own: STRETCH_<KIND>_DIR, else the XDG one found without
    platformdirs where that is safe, else platformdirs' user_<kind>_dir."""
    override = _override(environ, f"STRETCH_{kind.upper()}_DIR")
    if override is not None:
        return override
    found = xdg_dir(xdg, default)
    if found is not None:
        return found
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP, appauthor=False))


FOLDER_VARIABLES = ("STRETCH_CONFIG_DIR", "STRETCH_STATE_DIR", "STRETCH_CACHE_DIR")


def check_folder_variables(environ: Mapping[str, str]) -> None:
    """A StretchError naming the first STRETCH_*_DIR that is set to a relative path."""
    for variable in FOLDER_VARIABLES:
        _override(environ, variable)


def _override(environ: Mapping[str, str], variable: str) -> Path | None:
    """The folder a STRETCH_*_DIR variable names (None: not set), or a StretchError when it
    is relative: each folder stretch is started in would have its own history, and a
    scheduled check (started in the home folder) another one still."""
    given = environ.get(variable)
    if not given:
        return None
    if not os.path.isabs(given):
        from stretchcli.errors import StretchError

        raise StretchError(
            f"{variable}={given} is not an absolute path"
            + (": the shell did not expand its ~" if given.startswith("~") else ""),
            f"set it to a full path, such as {variable}=$HOME/{given.lstrip('~/')}",
        )
    return Path(given)


def config_dir(environ: Mapping[str, str]) -> Path:
    """The user's config folder; STRETCH_CONFIG_DIR overrides it."""
    return _user_dir(environ, "config", "XDG_CONFIG_HOME", ".config")


def config_path(environ: Mapping[str, str]) -> Path:
    """Where config.toml lives."""
    return config_dir(environ) / "config.toml"


def cache_dir(environ: Mapping[str, str]) -> Path:
    """The cache folder; STRETCH_CACHE_DIR overrides it."""
    return _user_dir(environ, "cache", "XDG_CACHE_HOME", ".cache")


def state_dir(environ: Mapping[str, str]) -> Path:
    """The user's state folder (history); STRETCH_STATE_DIR overrides it."""
    return _user_dir(environ, "state", "XDG_STATE_HOME", ".local/state")


def routine_folders(environ: Mapping[str, str]) -> list[Folder]:
    """Every routines folder, highest precedence first: STRETCH_PATH, the user's, built-in."""
    folders = [
        Folder(Path(part), "path")
        for part in environ.get("STRETCH_PATH", "").split(os.pathsep)
        if part.strip()
    ]
    folders.append(Folder(config_dir(environ) / "routines", "user"))
    folders.append(Folder(builtin_dir(), "built-in"))
    return folders


def folder_state(path: Path) -> str | None:
    """Why a routines folder gives nothing ("not there yet", "not a folder", "cannot be
    read"), or None when it can be used."""
    if not os.path.lexists(path):
        return "not there yet"
    if not path.is_dir():
        return "not a folder"
    if not os.access(path, os.R_OK | os.X_OK):
        return "cannot be read"
    return None


_SYSTEM = {"/dev": "/dev (devices)", "/proc": "/proc (processes)", "/sys": "/sys (the kernel)"}


def system_folder(path: str) -> str:
    """The system's folder of devices, processes or the kernel that `path` is, or is in,
    in words ('' for none): never one to keep files in (attack 21: a sync folder of /dev)."""
    inside = (said for top, said in _SYSTEM.items() if path == top or path.startswith(top + "/"))
    return next(inside, "")
