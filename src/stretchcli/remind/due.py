"""`stretch due`: one short line for a shell prompt or the tmux status line.

It runs on every prompt, so it is answered before typer, rich or yaml are imported (see
`stretchcli.entry`) and, most of the time, from one small file: the answer worked out last
time, kept with the sizes and times of the files it came from (config.toml, the history
database and what the reminder checks saw) and the time zone it was worked out in. When one
of them has changed, or the working window it was worked out for has ended, or a session is
running, or the file is not exactly what this module writes, it is worked out again.

`--format prompt` also marks that a prompt was drawn (the time of one small file): the
person is at the keyboard, which natural breaks count where no desktop can tell.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import time

from stretchcli.remind.rule import due_at
from stretchcli.remind.state_files import CACHE, HERE, MANIFEST, PRESENCE

TYPE_CHECKING = False  # not typing's: importing typing costs this command a tenth of its time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import timedelta
    from typing import IO

    from stretchcli.history.store import History

POINTER = "sync-folder"  # as `history.sync_files` has them (not imported: see above)
PREFIX = "stretch-history-"
SUFFIX = ".jsonl"
MAGIC = "stretch-due-4"
FORMATS = ("plain", "prompt", "tmux")
STATES = ("later", "snoozed", "due")  # kept; 'running' is looked at again every time
# bytes: a kept answer is one line: seven files' stamps, the zone's name in hex (a long TZ, a
# path to a zone file, takes a few hundred), five numbers
LONGEST = 1024
MICRO = 1_000_000  # moments are kept in whole microseconds, as `decide` sees them
REACH = 10 * 86400 * MICRO  # the next reminder is at most 8 days and a snooze ahead


def main(args: list[str]) -> int | None:
    """`stretch due ARGS` for the process, or None when the arguments are not the plain
    forms this answers (help, a mistake): the full command line handles those."""
    fmt, as_json = "plain", False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--json":
            as_json = True
        elif arg == "--format" and rest and rest[0] in FORMATS:
            fmt = rest.pop(0)
        elif arg.startswith("--format=") and arg[9:] in FORMATS:
            fmt = arg[9:]
        else:
            return None
    from stretchcli.clock import wall_seconds

    try:
        now = wall_seconds(os.environ)()
    except Exception as exc:
        from stretchcli.errors import StretchError

        if not isinstance(exc, StretchError):
            raise
        return None  # a clock it cannot read: the full command line says so in one line
    out = sys.stdout if sys.stdout is not None else _Closed()
    try:
        code = report(os.environ, out, sys.stderr, fmt, as_json, now)
        out.flush()
    except OSError as exc:
        return _output_failed(exc)
    except Exception as exc:
        from stretchcli.errors import StretchError

        if not isinstance(exc, StretchError):
            raise
        return None  # a folder it cannot use (a relative one): likewise
    return code


class _Closed(io.TextIOBase):
    """Standard output closed (`>&-`): a write fails as every other command's does; with
    nothing to write (reminders off), nothing fails."""

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")


def _output_failed(error: OSError) -> int:
    """The exit code for output that could not be written, said as every other command
    says it (standard error may be gone too)."""
    from stretchcli import unwritten

    unwritten.drop(sys.stdout)
    return unwritten.failed(error, _say)


def _say(line: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(f"stretch: {line}\n")
        sys.stderr.flush()


def report(
    environ: Mapping[str, str],
    out: IO[str] | io.TextIOBase,
    err: IO[str],
    fmt: str,
    as_json: bool,
    now: float,
) -> int:
    """Write the line (or the JSON object) for `now` (seconds since the epoch); the exit code."""
    config_dir, state_dir = folders(environ)
    if fmt == "prompt":
        _here(state_dir, now)
    stamps = f"{_stamps(config_dir, state_dir)} {zone(environ, now)}"
    # In whole microseconds, the moment `remind check` sees at the same clock: the kept
    # answer and the fresh one then decide by the same rule on the same numbers.
    micro = round(now * MICRO)
    fields = _cached(state_dir, stamps, micro)
    if fields is None:
        fields, problem = _work_out(environ, micro)
        if problem:
            err.write(problem + "\n")
            return 1
        _keep(state_dir, stamps, [str(micro), *fields])
    state, next_micro = _now(fields, micro)
    next_at = None if next_micro is None else next_micro / MICRO
    line = "" if _before_hours(fields, micro) else text(state, next_at, now)
    if as_json:
        import json

        moment = None
        if next_at is not None:
            moment = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(next_at))
            moment = moment[:-2] + ":" + moment[-2:]
        minutes = None if next_at is None else max(0, -(-int(next_at - now) // 60))
        record = {"state": state, "text": line, "next": moment}
        out.write(json.dumps({**record, "minutes": minutes}) + "\n")
        return 0
    if line:
        out.write(styled(line, state, fmt) + "\n")
    return 0


def text(state: str, next_at: float | None, now: float) -> str:
    """'stretch due', 'stretch in 12m', 'stretching', or '' (off, or outside the hours)."""
    if state == "due":
        return "stretch due"
    if state == "running":
        return "stretching"
    if state in ("later", "snoozed") and next_at is not None:
        minutes = max(1, -(-int(next_at - now) // 60))
        hours, rest = divmod(minutes, 60)
        return f"stretch in {hours}h{rest:02d}m" if hours else f"stretch in {minutes}m"
    return ""


def styled(line: str, state: str, fmt: str) -> str:
    """The line in a format: as it is, for a prompt (brackets and a space after), or with
    tmux's colour syntax (due stands out, the rest is quiet)."""
    if fmt == "prompt":
        return f"[{line}] "
    if fmt == "tmux":
        colour = "#[fg=colour0,bg=colour214,bold]" if state == "due" else "#[fg=colour244]"
        return f"{colour} {line} #[default]"
    return line


def folders(environ: Mapping[str, str]) -> tuple[str, str]:
    """The config and state folders, by the rule of `stretchcli.files.paths` (read without
    importing pathlib or platformdirs where the XDG rule decides: this runs on every prompt)."""
    from stretchcli.files.xdg import xdg_folder

    config = environ.get("STRETCH_CONFIG_DIR", "") or xdg_folder("XDG_CONFIG_HOME", ".config")
    state = environ.get("STRETCH_STATE_DIR", "") or xdg_folder("XDG_STATE_HOME", ".local/state")
    if not (config and state and os.path.isabs(config) and os.path.isabs(state)):
        from stretchcli.files.paths import config_dir, state_dir

        config = str(config_dir(environ))  # or the error that says what is wrong
        state = str(state_dir(environ))
    return config, state


def _stamps(config_dir: str, state_dir: str) -> str:
    """The size and time of each file the answer comes from, as one word."""
    parts = []
    for path in (
        os.path.join(config_dir, "config.toml"),
        os.path.join(state_dir, "history.sqlite3"),
        os.path.join(state_dir, "history.sqlite3-wal"),
        os.path.join(state_dir, PRESENCE),
        os.path.join(state_dir, MANIFEST),  # the zone the check runs in
    ):
        try:
            stat = os.stat(path)
            # The inode too: each check replaces `presence` whole, and two checks close
            # together can leave one of the same size within the file system's clock tick.
            parts.append(f"{stat.st_size}.{stat.st_mtime_ns}.{stat.st_ino}")
        except OSError:
            parts.append("-")
    parts.append(_sync_stamp(state_dir))
    return ",".join(parts)


def _sync_stamp(state_dir: str) -> str:
    """The names, sizes and times of the machines' files in the sync folder, as one short
    word ('-' without a sync folder): a session another machine wrote changes it."""
    data = _small_bytes(os.path.join(state_dir, POINTER), 4096)
    try:
        folder = "" if data is None else data.decode("utf-8").rstrip("\n")
    except UnicodeDecodeError:
        folder = ""
    if not folder:
        return "-"
    count = size = mtime = names = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(PREFIX) and entry.name.endswith(SUFFIX):
                    info = entry.stat()
                    count, names = count + 1, names + len(entry.name)
                    size, mtime = size + info.st_size, mtime + info.st_mtime_ns
    except OSError:
        return "?"  # looked at again next time: the folder may be back
    # Sums, not a hash (importing zlib takes five times as long as this look at the
    # folder): a file appended to, added, renamed or replaced changes one of them.
    return f"{count}.{names}.{size}.{mtime % 10**15}"


def zone(environ: Mapping[str, str], now: float) -> str:
    """The time zone as one word: TZ, the zone's names and its offset from UTC at `now` (a
    kept answer holds only in the zone it was worked out in)."""
    local = time.localtime(now)
    words = "\0".join([environ.get("TZ", "-"), *time.tzname, str(local.tm_gmtoff)])
    return words.encode("utf-8", "surrogateescape").hex()


def _cached(state_dir: str, stamps: str, now: int) -> list[str] | None:
    """The fields kept last time (['off'] or [state, next, opens, closes, holds]) if they
    are exactly what `_keep` writes and still hold at `now`; else None, and the answer is
    worked out afresh."""
    text = _small_file(os.path.join(state_dir, CACHE))
    head = f"{MAGIC} {stamps} "
    if text is None or not text.startswith(head) or not text.endswith("\n"):
        return None
    made, *fields = text[len(head) : -1].split(" ")
    numbers = [made, *fields[1:]]
    if not all(n.isascii() and n.isdigit() and len(n) < 20 for n in numbers):
        return None
    if not int(made) <= now < int(made) + REACH:
        return None  # the clock was set back, or a damaged word
    if fields == ["off"]:
        return fields
    if len(fields) != 5 or fields[0] not in STATES:
        return None  # and a run can end without a word (killed): look again
    next_at, opens, closes, holds = (int(n) for n in fields[1:])
    reach = int(made) - REACH <= min(next_at, opens) and max(next_at, closes) <= now + REACH
    agrees = due_at(next_at, opens, closes, int(made)) == (fields[0] == "due")
    fits = opens <= next_at < closes and int(made) < holds <= closes
    return fields if reach and agrees and fits and now < holds else None


def _small_file(path: str) -> str | None:
    """The ASCII text of a small regular file; None for anything else."""
    data = _small_bytes(path, LONGEST)
    if data is None or not data.isascii():
        return None
    return data.decode("ascii")


def _small_bytes(path: str, longest: int) -> bytes | None:
    """The bytes of a regular file of at most `longest` bytes; None for anything else. A
    FIFO or a device in its place is never opened (it could wait for ever, or be read
    without end)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        # O_NONBLOCK: were it swapped for a FIFO since, opening it must not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, longest + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if len(data) > longest else data


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _keep(state_dir: str, stamps: str, fields: list[str]) -> None:
    """Keep the answer for next time (best effort: an unwritable folder only costs time)."""
    path = os.path.join(state_dir, CACHE)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(state_dir, exist_ok=True)
        try:  # noqa: SIM105 - contextlib is one more import on every prompt
            os.unlink(temporary)  # one left by a process of the same id
        except OSError:
            pass
        # O_EXCL: a new file of our own, never a FIFO or a link put in its place.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(" ".join([MAGIC, stamps, *fields]) + "\n")
        os.replace(temporary, path)
    except OSError:
        try:  # noqa: SIM105 - contextlib is one more import on every prompt
            os.unlink(temporary)
        except OSError:
            pass


def _here(state_dir: str, now: float) -> None:
    """Mark that a prompt was drawn at `now`, for natural breaks (best effort)."""
    path = os.path.join(state_dir, HERE)
    try:
        os.utime(path, (now, now), follow_symlinks=False)
    except FileNotFoundError:
        try:
            os.makedirs(state_dir, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | _NOFOLLOW, 0o644))
            os.utime(path, (now, now), follow_symlinks=False)
        except OSError:
            pass
    except OSError:
        pass


def _work_out(environ: Mapping[str, str], now: int) -> tuple[list[str], str]:
    """The answer from the config and the history, as `remind check` would decide now seeing
    the person at the screen: ['off'] or [state, next, opens, closes, holds] (the answer
    holds until the window closes, or something the history or the checks hold ahead of the
    clock comes to count, or the time since the last check becomes a break); or the
    one-line error that stopped it."""
    from stretchcli.errors import StretchError

    try:
        return _answer(environ, now), ""
    except StretchError as exc:
        return [], f"stretch: {exc.line()}"


def _answer(environ: Mapping[str, str], now: int) -> list[str]:
    """The fields of the answer at `now`, worked out as the installed check will, in its zone."""
    from datetime import UTC, datetime, timedelta

    from stretchcli.files.config_file import load_config
    from stretchcli.history.store import History, history_path
    from stretchcli.remind.check_zone import check_zone
    from stretchcli.remind.facts import configured, due_now, first_ahead, steady
    from stretchcli.remind.installs import load
    from stretchcli.remind.same_zone import moved_to

    config = load_config(environ)
    if not config.remind:
        return ["off"]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    moment = (epoch + timedelta(microseconds=now)).astimezone()
    history = History(history_path(environ), warn=lambda _: None, now=lambda: moment)
    _synced(environ, history, config.sync_folder)
    installs = load(history.path.parent)
    theirs = installs[-1].zone if installs else None
    # As `stretch remind` and the check have it: in the zone the check runs in (a move, not
    # another spelling: `same_zone` compares the spellings first, and costs only on a move).
    with check_zone(moved_to(theirs, environ.get("TZ", ""), now / MICRO)):
        schedule = configured(config)
        due = due_now(schedule, history, asked=True)
        opens, closes = due.window
        ends = (closes, first_ahead(history), steady(history, schedule))
    holds = min(t for t in ends if t is not None)
    moments = (due.next_at, opens, closes, holds)
    return [due.state, *(str(_micro(t - epoch)) for t in moments)]


def _micro(span: timedelta) -> int:
    """A span in whole microseconds, exactly (`datetime` holds no finer)."""
    return (span.days * 86400 + span.seconds) * MICRO + span.microseconds


def _synced(environ: Mapping[str, str], history: History, folder: str) -> None:
    """The other machines' sessions merged first, quietly: a refused line or a folder that
    is not there is said by the next command that shows the history, never in a prompt."""
    from stretchcli.files.paths import state_dir

    state = state_dir(environ)
    if not folder:
        try:  # noqa: SIM105 - as above
            os.unlink(os.path.join(state, POINTER))
        except OSError:
            pass
        return
    from stretchcli.history.sync import sync

    try:  # noqa: SIM105 - as above
        sync(history, folder, state, wait=False)  # another process syncing: not waited for
    except Exception:  # nothing stops `due`, nor is said in a prompt: the next command says it
        pass


def _now(fields: list[str], now: int) -> tuple[str, int | None]:
    """The state at `now` from the kept fields: due once the time has come inside the hours,
    'off-hours' before the window of the next reminder opens (a snooze stays 'snoozed', as
    `stretch remind` says)."""
    if fields == ["off"]:
        return "off", None
    state = fields[0]
    next_at, opens, closes = (int(f) for f in fields[1:4])
    if state != "running":
        if due_at(next_at, opens, closes, now):
            state = "due"
        elif now < opens and state != "snoozed":
            state = "off-hours"
    return state, next_at


def _before_hours(fields: list[str], now: int) -> bool:
    """Whether the window of the next reminder has not opened yet (the line says nothing)."""
    return len(fields) == 5 and fields[0] != "running" and now < int(fields[2])
