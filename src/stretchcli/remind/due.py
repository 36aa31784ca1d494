"""`stretch due`: one short line for a shell prompt or the tmux status line.

It runs on every prompt, so it is answered before typer, rich or yaml are imported (see
`stretchcli.entry`) and, most of the time, from one small file: the answer worked out last
time, kept with the sizes and times of the files it came from (config.toml and the history
database). When one of them has changed, or the working window it was worked out for has
ended, or a session is running, it is worked out again from the config and the history.
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False  # not typing's: importing typing costs this command a tenth of its time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import IO

CACHE = "due.cache"
MAGIC = "stretch-due-1"
FORMATS = ("plain", "prompt", "tmux")


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

    return report(os.environ, sys.stdout, sys.stderr, fmt, as_json, wall_seconds(os.environ)())


def report(
    environ: Mapping[str, str],
    out: IO[str],
    err: IO[str],
    fmt: str,
    as_json: bool,
    now: float,
) -> int:
    """Write the line (or the JSON object) for `now` (seconds since the epoch); the exit code."""
    config_dir, state_dir = folders(environ)
    stamps = _stamps(config_dir, state_dir)
    fields = _cached(state_dir, stamps, now)
    if fields is None:
        fields, problem = _work_out(environ, now)
        if problem:
            err.write(problem + "\n")
            return 1
        _keep(state_dir, stamps, [f"{now:.0f}", *fields])
    else:
        fields = fields[1:]
    state, next_at = _now(fields, now)
    if as_json:
        import json

        moment = None
        if next_at is not None:
            moment = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(next_at))
            moment = moment[:-2] + ":" + moment[-2:]
        minutes = None if next_at is None else max(0, -(-int(next_at - now) // 60))
        record = {"state": state, "text": text(state, next_at, now), "next": moment}
        out.write(json.dumps({**record, "minutes": minutes}) + "\n")
        return 0
    line = text(state, next_at, now)
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
    """The config and state folders, as `stretchcli.files.paths` finds them (on Linux without
    importing platformdirs, which takes longer than the rest of this command)."""
    config = environ.get("STRETCH_CONFIG_DIR", "")
    state = environ.get("STRETCH_STATE_DIR", "")
    if sys.platform == "linux" and not (config and state):
        home = os.path.expanduser("~")
        xdg_config = environ.get("XDG_CONFIG_HOME", "").strip() or os.path.join(home, ".config")
        xdg_state = environ.get("XDG_STATE_HOME", "").strip() or os.path.join(
            home, ".local", "state"
        )
        config = config or os.path.join(xdg_config, "stretch")
        state = state or os.path.join(xdg_state, "stretch")
    if not (config and state):
        from stretchcli.files.paths import config_dir, state_dir

        config = config or str(config_dir(environ))
        state = state or str(state_dir(environ))
    return config, state


def _stamps(config_dir: str, state_dir: str) -> str:
    """The size and time of each file the answer comes from, as one word."""
    parts = []
    for path in (
        os.path.join(config_dir, "config.toml"),
        os.path.join(state_dir, "history.sqlite3"),
        os.path.join(state_dir, "history.sqlite3-wal"),
    ):
        try:
            stat = os.stat(path)
            parts.append(f"{stat.st_size}.{stat.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return ",".join(parts)


def _cached(state_dir: str, stamps: str, now: float) -> list[str] | None:
    """The fields kept last time (the first is when they were worked out), if they still
    hold at `now`."""
    try:
        with open(os.path.join(state_dir, CACHE), encoding="ascii") as handle:
            words = handle.read(300).split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(words) < 4 or words[0] != MAGIC or words[1] != stamps:
        return None
    fields = words[3:]
    try:
        made = float(words[2])
        closes = float(fields[3]) if len(fields) == 4 else float("inf")
    except ValueError:
        return None
    if now < made:
        return None  # the clock was set back
    if fields == ["off"]:
        return words[2:]
    if len(fields) != 4 or fields[0] == "running":
        return None  # a run can end without a word (killed): look again
    return words[2:] if now < closes else None


def _keep(state_dir: str, stamps: str, fields: list[str]) -> None:
    """Keep the answer for next time (best effort: an unwritable folder only costs time)."""
    path = os.path.join(state_dir, CACHE)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(state_dir, exist_ok=True)
        with open(temporary, "w", encoding="ascii") as handle:
            handle.write(" ".join([MAGIC, stamps, *fields]) + "\n")
        os.replace(temporary, path)
    except OSError:
        try:  # noqa: SIM105 - contextlib is one more import on every prompt
            os.unlink(temporary)
        except OSError:
            pass


def _work_out(environ: Mapping[str, str], now: float) -> tuple[list[str], str]:
    """The answer from the config and the history: ['off'] or [state, next, opens, closes];
    or the one-line error that stopped it."""
    from stretchcli.errors import StretchError

    try:
        return _answer(environ, now), ""
    except StretchError as exc:
        return [], f"stretch: {exc.line()}"


def _answer(environ: Mapping[str, str], now: float) -> list[str]:
    from datetime import datetime

    from stretchcli.files.config import load_config
    from stretchcli.history.store import History, history_path
    from stretchcli.remind.facts import configured, due_now

    config = load_config(environ)
    if not config.remind:
        return ["off"]
    moment = datetime.fromtimestamp(now).astimezone()
    history = History(history_path(environ), warn=lambda _: None, now=lambda: moment)
    due = due_now(configured(config), history)
    opens, closes = due.window
    return [due.state, *(f"{t.timestamp():.0f}" for t in (due.next_at, opens, closes))]


def _now(fields: list[str], now: float) -> tuple[str, float | None]:
    """The state at `now` from the kept fields: due once the time has come inside the hours,
    'off-hours' before the window of the next reminder opens."""
    if fields == ["off"]:
        return "off", None
    state = fields[0]
    next_at, opens, closes = (float(f) for f in fields[1:])
    if state != "running":
        if next_at <= now and opens <= now < closes:
            state = "due"
        elif now < opens:
            state = "off-hours"
    return state, next_at
