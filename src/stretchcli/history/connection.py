"""Opening the history's SQLite file: WAL mode, a busy timeout, the schema migrated forward;
and keeping it open, one connection per process.

A file that SQLite says is not a database (or is damaged) is moved aside, never deleted, and
a new one started, so the history can never stop a session from running; any other failure
(a full disk, no permission, a busy lock) is one line (a HistoryError) and the file stays.
"""

from __future__ import annotations

import inspect
import os
import sqlite3
import stat
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, closing, contextmanager
from datetime import datetime
from pathlib import Path

from stretchcli.ending import raise_if_ended
from stretchcli.errors import HistoryError
from stretchcli.files import atomic
from stretchcli.files.lock import held
from stretchcli.history import local
from stretchcli.history.reachable import there
from stretchcli.history.schema import LEFT_AS_IT_IS, VERSION, damage, migrate, newer

BUSY_TIMEOUT = 10.0  # seconds to wait for another process's write lock
WAIT_SLICE = 0.1  # ...asked of SQLite a slice at a time (chosen: a signal is taken between)
Opener = Callable[[], sqlite3.Connection]
_INHERITED: list[sqlite3.Connection] = []  # a parent's connections, never used or closed


class Kept:
    """One connection to the database, kept for the whole process and shared by its threads
    (the writer thread saves a run's progress while the main thread may read): opened and
    migrated on first use, then used by one thread at a time, under a lock.

    It is opened again, as a new process would open it, when the file at the path is no
    longer the one it has open (moved aside, replaced or deleted by someone else), after
    an SQLite error, and in a forked child (which never touches its parent's connection).
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.connection: sqlite3.Connection | None = None
        self.pid = 0
        self.seen: tuple[int, ...] | None = None  # the file as it was after the last use
        self.busy_timeout = 0.0

    @contextmanager
    def use(self, path: Path, busy_timeout: float, opener: Opener) -> Iterator[sqlite3.Connection]:
        """The connection to `path` (opened with `opener` if need be), this thread's alone
        while the block runs."""
        with self.lock:
            if self.connection is not None and (
                self.pid != os.getpid() or _identity(path) != self.seen
            ):
                self._drop()
            if self.connection is None:
                self.connection = opener()
                self.pid = os.getpid()
                self.busy_timeout = busy_timeout
            elif busy_timeout != self.busy_timeout:
                self.connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
                self.busy_timeout = busy_timeout
            try:
                yield self.connection
            except sqlite3.Error:
                self._drop()  # start again from a new connection, whatever the error left
                raise
            finally:
                self.seen = _identity(path)

    def close(self, wait: bool = True) -> None:
        """Close the connection (the next use opens a new one). Without `wait`, one in use
        by another thread is left open (at exit: the process is ending anyway)."""
        if not self.lock.acquire(blocking=wait):
            return
        try:
            self._drop()
        finally:
            self.lock.release()

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None and self.pid != os.getpid():
            _INHERITED.append(connection)
        elif connection is not None:
            connection.close()


def _identity(path: Path) -> tuple[int, ...] | None:
    """What tells one file at `path` from another, or from itself changed since: its device
    and inode, size and time of change; None when there is no file. (A write by another
    process changes it too: the connection is then opened again, which costs no more.)"""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def open_database(
    path: Path, busy_timeout: float, warn: Callable[[str], None], now: Callable[[], datetime]
) -> sqlite3.Connection:
    """An open, migrated connection to the database at `path` (its folder made if need be);
    an unreadable file is moved aside (said through `warn`, named by `now`) and replaced;
    a history that cannot be reached (a link to a disk not mounted) is said so."""
    there(path)  # what is in the way, in words (mkdir would say "File exists")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(
            f"cannot create the history folder {path.parent}: {exc.strerror}",
            "check its permissions, or set STRETCH_STATE_DIR to a folder you can write",
        ) from None
    _refuse_other_kinds(path)
    try:
        try:
            return _open(path, busy_timeout, warn)
        except sqlite3.DatabaseError as exc:
            if not _unreadable(exc):
                raise
            _recover(path, busy_timeout, exc, warn, now)
            return _open(path, busy_timeout, warn)
    except sqlite3.Error as exc:
        raise cannot_use(path, exc) from None


def _refuse_other_kinds(path: Path) -> None:
    """A HistoryError when something other than a file is where the database goes (a fifo,
    a device such as /dev/zero, a folder, a socket; through a symlink too): SQLite would
    call it a disk I/O error, or could wait on a fifo."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return  # none yet (made), or SQLite says what is wrong
    if stat.S_ISREG(mode):
        return
    kind = atomic.kind(mode)
    raise HistoryError(
        f"cannot use the history database {path}: it is {kind}, not a file",
        "move it away, and a new history is started; or set STRETCH_STATE_DIR",
    )


class LenientText:
    """How a connection reads a TEXT value: as UTF-8; one that is not (a hand edit, another
    program's bytes) has U+FFFD in place of each byte that cannot be read, said once, rather
    than make every read of the history fail. (A Python call per value: about 0.1 µs.)"""

    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        self.path = path
        # Weakly, where `warn` is an object's method: the connection would keep that
        # object, and what it holds (the History, this connection), alive in a cycle.
        self._warn: Callable[[], Callable[[str], None] | None] = (
            weakref.WeakMethod(warn) if inspect.ismethod(warn) else lambda: warn
        )
        self.said = False

    def __call__(self, raw: bytes) -> str:
        try:
            return raw.decode()
        except UnicodeDecodeError:
            warn = self._warn()
            if not self.said and warn is not None:
                self.said = True
                warn(
                    f"the history database {self.path} holds text that is not UTF-8 (written "
                    "by another program?): it is read with \ufffd in place of each byte that "
                    "cannot be; the file is left as it is"
                )
            return raw.decode(errors="replace")


def read_only(path: Path, warn: Callable[[str], None]) -> sqlite3.Connection:
    """A read-only view of the database, for where the file or its folder cannot be written
    (a read-only disk, a file made by root under sudo); it must be up to date."""
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    connection.text_factory = LenientText(path, warn)
    local.register(connection)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except BaseException:
        connection.close()
        raise
    if version > VERSION:
        connection.close()
        raise newer(version)
    if version != VERSION:
        connection.close()
        raise HistoryError(
            f"cannot read the history database {path}: it needs upgrading "
            f"(schema {version}) and cannot be written",
            "check the permissions of the file and its folder",
        )
    try:
        _check(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection


@contextmanager
def reading(
    path: Path,
    connect: Callable[[], AbstractContextManager[sqlite3.Connection]],
    warn: Callable[[str], None],
) -> Iterator[sqlite3.Connection]:
    """A connection to read `path` with: the usual one (`connect`), or, where the file or its
    folder cannot be written (a read-only disk, a file made by root under sudo, a full disk:
    when a backup is most needed), a read-only view."""
    failed: HistoryError
    with ExitStack() as stack:
        try:
            db = stack.enter_context(connect())
        except NoRoomError as exc:
            failed = exc
        except HistoryError as exc:
            if os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
                raise
            failed = exc
        else:
            yield db
            return
    try:
        view = read_only(path, warn)
    except sqlite3.Error:
        raise failed from None  # what stopped the usual connection says more
    with closing(view):
        yield view


def cannot_read(path: Path, error: sqlite3.Error) -> HistoryError:
    """One line for a database that could be opened but not read (it is left as it is); or,
    when a signal ended the command during the query, that signal's interrupt (see
    `ending`): our SQL functions fail only so."""
    raise_if_ended()
    return HistoryError(
        f"cannot read the history database {path}: {error}", "the file was left as it is"
    )


def _open(path: Path, busy_timeout: float, warn: Callable[[str], None]) -> sqlite3.Connection:
    # Switching to WAL and migrating need locks that SQLite's busy handler does not always
    # wait for (a new file being set up by another process): retry those for a while.
    # Each wait is a slice (`begin_immediate` says why), the whole as long as a writer's.
    deadline = time.monotonic() + busy_timeout
    slice_ = min(busy_timeout, WAIT_SLICE)
    while True:
        connection = sqlite3.connect(
            path, timeout=slice_, isolation_level=None, check_same_thread=False
        )
        connection.text_factory = LenientText(path, warn)
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            # Every commit is copied into the database file at once, as closing each
            # connection did: the file alone is the whole history between writes, and a
            # connection kept open has nothing left to write into it when it closes.
            connection.execute("PRAGMA wal_autocheckpoint = 1")
            migrate(connection)
            _check(connection, path)
            local.register(connection)
            connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            return connection
        except sqlite3.OperationalError as exc:
            connection.close()
            if not _busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
        except BaseException:
            connection.close()
            raise


def _check(connection: sqlite3.Connection, path: Path) -> None:
    """A HistoryError if the tables lack what this version has (nothing is changed)."""
    problem = damage(connection)
    if problem is not None:
        raise HistoryError(f"the history database {path} is damaged: {problem}", LEFT_AS_IT_IS)


def _recover(
    path: Path,
    busy_timeout: float,
    error: sqlite3.DatabaseError,
    warn: Callable[[str], None],
    now: Callable[[], datetime],
) -> None:
    """Move an unreadable database aside, once, whatever other processes do at the same
    time: under a lock, after looking again, to a name that nothing else has."""
    lock = path.with_name(path.name + ".lock")
    with held(lock, within=busy_timeout, mode=0o600) as got:  # the history's: private
        if not got:
            raise HistoryError(
                "the history is busy; try again", f"another process is recovering {path}"
            )
        try:  # another process may have recovered it while this one waited for the lock
            _open(path, busy_timeout, warn).close()
            return
        except sqlite3.DatabaseError as again:
            if not _unreadable(again):
                raise
        aside = _reserve_aside_name(path, now())
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{aside}{suffix}"))
    warn(
        f"the history database could not be read ({error}); it was moved to {aside} "
        "and a new one started"
    )


def _reserve_aside_name(path: Path, now: datetime) -> Path:
    """A new name beside the database, created empty so that no one else takes it."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for number in range(1, 10_000):
        tail = "" if number == 1 else f"-{number}"
        aside = path.with_name(f"{path.name}.unreadable-{stamp}{tail}")
        try:
            os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        return aside
    raise HistoryError(f"cannot find a free name to keep {path} aside")


def begin_immediate(connection: sqlite3.Connection, wait: float) -> None:
    """Begin a write transaction, waiting up to `wait` seconds for another process's write
    lock. SQLite is asked to wait a slice at a time: a signal (Ctrl-C, SIGTERM) is only taken
    between calls into SQLite, so one long wait would hold it back until the lock came free
    or the wait ran out. The connection's own busy timeout is left at the slice."""
    deadline = time.monotonic() + wait
    connection.execute(f"PRAGMA busy_timeout = {int(min(wait, WAIT_SLICE) * 1000)}")
    while True:
        try:
            connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _unreadable(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file is not a database or is damaged (the only cases in which
    it is moved aside): never for a full disk, an I/O error, a lock or a permission."""
    name = getattr(error, "sqlite_errorname", "")
    if name:
        return name in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
    text = str(error)
    return "not a database" in text or "malformed" in text


class BusyError(HistoryError):
    """Another process holds the history's write lock longer than the busy timeout."""


class NoRoomError(HistoryError):
    """The history cannot be written where it is (a full disk, an I/O error): it may still be
    read."""


def cannot_use(path: Path, error: sqlite3.Error) -> HistoryError:
    """One line for a database that cannot be used (or written) as it is: another process
    holding its write lock longer than the busy timeout, a full disk, no permission (it is
    left where it is), or another SQLite failure; or the interrupt of a signal that ended the
    command meanwhile (see `cannot_read`)."""
    raise_if_ended()
    text = str(error)
    message = f"cannot use the history database {path}: {text}"
    if isinstance(error, sqlite3.OperationalError) and _busy(error):
        return BusyError("the history is busy; try again", f"another process is writing to {path}")
    if "full" in text:
        return NoRoomError(message, "free some disk space; the history was kept as it is")
    if "I/O" in text:
        return NoRoomError(
            message, "the disk may be full or failing; the history was kept as it is"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        hint = "check the permissions of the file and its folder, or set STRETCH_STATE_DIR"
    else:
        hint = "the file was left as it is"
    return HistoryError(message, hint)
