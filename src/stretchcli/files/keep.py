"""Keeping the file that is about to be replaced, beside it (plan.previous.yaml)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files.atomic import kind, leads_to, through_links


def kept_before(target: Path, copy: Path, what: str) -> Path | None:
    """Copy the file at `target` to `copy` before it is replaced (None: there is none). A
    `target` that is a symlink (a dotfiles folder) stays one: its file is copied, and is then
    written through. Anything but a file there, or at `copy`, is refused before either
    changes: a folder or a fifo is never kept as "the one before", nor a copy made at the
    end of a link to nothing."""
    real = through_links(target)
    if not os.path.lexists(real):
        return None  # none yet (or a link to where one will be written)
    for path in (real, through_links(copy)):
        if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
            raise StretchError(
                f"{path}: it is {kind(os.lstat(path).st_mode)}, not a {what}",
                "move it aside, then try again; nothing was changed",
            )
    kept = through_links(copy)
    if kept != copy and not os.path.lexists(kept):  # never made outside its folder
        raise StretchError(
            f"cannot keep the current {what} as {copy}: it {leads_to(copy)}",
            "point the link at a file, or remove it; nothing was changed",
        )
    try:
        shutil.copy2(real, copy)
    except OSError as exc:
        raise StretchError(
            f"cannot keep the current {what} as {copy}: {exc.strerror or exc}"
        ) from None
    return copy
