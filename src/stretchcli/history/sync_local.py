"""This machine's side of the sync, in its state folder: its id (made once), the lock that
lets one sync run at a time, the record of how far each file was merged (`sync.json`) and
the pointer that tells `stretch due` which folder to look at."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files import guarded, lock
from stretchcli.files.lock import held
from stretchcli.history.connection import BusyError
from stretchcli.history.sync_files import POINTER, SyncState, is_machine_id, loads, machine_id

STATE = "sync.json"  # in the state folder: how far each file was merged
STATE_LIMIT = 64 * 1024 * 1024  # far more than any sync.json; a larger one is damaged
MACHINE = "machine-id"  # in the state folder: this machine's id, made once
LOCK = "sync.lock"


def this_machine(state_dir: Path, warn: Callable[[str], None] | None = None) -> str:
    """This machine's id, kept in the state folder (made the first time: the host's name and
    8 random hex digits, as two machines can have one host name). One that is damaged is
    made again, said through `warn`: the sync folder's file of the old id is then another
    machine's to this one."""
    path = state_dir / MACHINE
    found = kept_id(path)
    if found is not None:
        return found
    if warn is not None and os.path.lexists(path):
        made = _made(state_dir, path)
        warn(
            f"this machine's id in {path} could not be read, so it was made again: {made} "
            "(a file of its old id in the sync folder now reads as another machine's)"
        )
        return made
    return _made(state_dir, path)


def _made(state_dir: Path, path: Path) -> str:
    """A new id for this machine, kept at `path` (or the one another process made first)."""
    made = machine_id(socket.gethostname(), secrets.token_hex(4))
    state_dir.mkdir(parents=True, exist_ok=True)
    temporary = state_dir / f"{MACHINE}.{os.getpid()}.tmp"
    temporary.write_text(made + "\n", "ascii")
    try:
        os.link(temporary, path)  # fails if another process made one first: that one holds
    except FileExistsError:
        found = kept_id(path)
        if found is not None:
            return found
        try:
            os.replace(temporary, path)  # a damaged one: replaced
        except OSError as exc:  # a folder in its place
            raise StretchError(
                f"cannot keep this machine's id in {path}: {exc.strerror}",
                "remove what is there; stretch makes the file again",
            ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return made


def kept_id(path: Path) -> str | None:
    """The id kept in `path`, or None when there is none or it is damaged (anything but a
    small file holding an id: never waited on, as a fifo would be)."""
    try:
        found = guarded.read_text(path, 256).strip()
    except (OSError, UnicodeDecodeError):
        return None
    return found if is_machine_id(found) else None


@contextmanager
def locked(state_dir: Path, wait: bool) -> Iterator[bool]:
    """One sync at a time on this machine (whether this one may go on). Every append to this
    machine's file is made inside it: two processes here never write it at once. Other
    machines need no lock, as each writes only its own file. `wait`: as long as for a busy
    history, then a BusyError (a sync stopped with Ctrl-Z held every command for ever)."""
    path = state_dir / LOCK
    with held(path, wait, within=lock.BUSY_WAIT if wait else None) as got:
        if wait and not got:
            raise BusyError(
                "the history is busy; try again", f"another process is syncing it: it holds {path}"
            )
        yield got


def load(state_dir: Path) -> SyncState:
    """What was merged so far, as kept in the state folder (nothing, if it cannot be read)."""
    try:
        return loads(guarded.read_text(state_dir / STATE, STATE_LIMIT))
    except (OSError, UnicodeDecodeError):  # a fifo, a device, damaged: merged afresh
        return SyncState()


def save(state_dir: Path, state: SyncState) -> None:
    """Keep what was merged so far, written whole or not at all."""
    from stretchcli.files.atomic import write_text

    write_text(state_dir / STATE, state.dumps() + "\n", state=True)


def point(state_dir: Path, folder: str) -> None:
    """Tell `stretch due` which folder to look at (it reads no config while nothing changed)."""
    path = state_dir / POINTER
    text = folder + "\n"
    try:
        if guarded.read_text(path, len(text.encode()) + 1) == text:
            return
    except (OSError, UnicodeDecodeError):  # a fifo, a device, damaged: written afresh
        pass
    from stretchcli.files.atomic import write_text

    write_text(path, text, state=True)
