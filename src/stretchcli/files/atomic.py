"""Writing a file so that readers see the old text or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from stretchcli.errors import StretchError


def write_text(path: Path, text: str, make_folder: bool = True) -> None:
    """Write `text` to a temporary file beside `path`, then move it into place.

    The temporary name carries the process id, so two processes never share one. Any
    failure is a StretchError naming the file; the temporary file is not left behind.
    `make_folder=False` is for a path the user typed (`-o`): a folder that does not exist
    is more likely a typo than a wish.
    """
    if not make_folder and not path.parent.is_dir():
        raise StretchError(
            f"cannot write {path}: there is no folder {path.parent}", "create it, or give another"
        )
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise StretchError(f"cannot write {path}: {exc.strerror}") from None
