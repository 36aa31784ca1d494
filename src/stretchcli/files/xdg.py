"""The XDG folder rule for stretch's own folders, as strings (no pathlib: `stretch due` runs
on every shell prompt and reads it before anything else is imported)."""

from __future__ import annotations

import os
import sys

APP = "stretch"


def xdg_folder(variable: str, default: str) -> str | None:
    """On Linux, the folder platformdirs gives stretch (`$VARIABLE/stretch`, else
    `~/DEFAULT/stretch`) found without importing it, in the cases where every platformdirs 4
    finds the same: $VARIABLE an absolute path, or empty or unset with an absolute HOME.
    None in any other case (platformdirs decides). Read from the process's variables, as
    platformdirs reads them."""
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ:
        return None
    given = os.environ.get(variable, "")
    if given:
        fine = os.path.isabs(given) and given == given.strip()
        return os.path.join(given, APP) if fine else None
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        return None
    return os.path.join(os.path.expanduser(f"~/{default}"), APP)
