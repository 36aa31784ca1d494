"""The user's crontab, kept byte for byte: read and written as the bytes `crontab` gives
and takes, stretch's line put in and taken out again so that the table comes back as it was
before `remind on` (none where there was none; a last line without its newline without it)."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from stretchcli.errors import ended_by
from stretchcli.remind.system import CommandError, run_bytes
from stretchcli.remind.texts import DESKTOP, MARK, PASSED_ON

# How the user's crontab was before stretch's line went in, for `off` to give it back: there
# was none ("none"), its last line had no newline and stretch's line needed one ("unended"),
# or neither ("ended").
Before = Literal["none", "unended", "ended"]
BEFORES: tuple[Before, ...] = ("none", "unended", "ended")


def read(environ: Mapping[str, str]) -> bytes | None:
    """The user's crontab as the bytes `crontab -l` gives (None: there is none yet). Only
    crontab's own "no crontab for USER" means none: any other failure is a CommandError."""
    done = run_bytes(["crontab", "-l"], {**environ, "LC_ALL": "C"})
    if done.code != 0:
        if none_for_me(done.err):
            return None
        words = done.err.strip().splitlines()[-1:] or [ended_by(done.code)]
        raise CommandError(
            f"`crontab -l` failed: {words[0]}",
            "the crontab was left as it is; see that crontab -l works, then try again",
        )
    return done.out


def none_for_me(err: str) -> bool:
    """Whether `crontab -l`'s complaint is only its own "no crontab for USER", USER being
    this process's user (cronie and Vixie say it so; BSD starts it with "crontab: ", some
    add the reason), or BusyBox's way of saying it: it lists the file named after the user
    in its folder, and says `crontab: can't open 'USER': No such file or directory` (words
    fixed by LC_ALL=C). Another user's name, or any other word, is a failure: taken for an
    empty table, `remind on` would write the user's lines away."""
    try:
        import pwd

        user = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # no name to match: never taken for an empty table
        return False
    said = re.compile(
        rf"(crontab: )?no crontab for {re.escape(user)}(: [^\n]*)?"
        rf"|crontab: can't open '{re.escape(user)}': No such file or directory"
    )
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    return bool(lines) and all(said.fullmatch(line) for line in lines)


def put(table: bytes, environ: Mapping[str, str]) -> None:
    """Install `table` as the user's crontab, as it is."""
    done = run_bytes(["crontab", "-"], environ, stdin=table)
    if done.code != 0:
        words = done.err.strip().splitlines()[-1:] or [ended_by(done.code)]
        raise CommandError(f"`crontab -` failed: {words[0]}")


def remove(environ: Mapping[str, str]) -> None:
    """Take the user's crontab away (`crontab -r`), and read back that it is gone."""
    done = run_bytes(["crontab", "-r"], environ)
    if read(environ) is not None:
        raise CommandError(f"`crontab -r` left the table there: {done.err.strip()}")


def before(table: bytes | None) -> Before:
    """How a table is, as `off` is to give it back."""
    if table is None:
        return "none"
    return "ended" if split(table)[1] else "unended"


def lines(table: bytes) -> list[bytes]:
    """A crontab's lines, without their newlines."""
    return split(table)[0]


def split(table: bytes) -> tuple[list[bytes], bool]:
    """A crontab's lines (without their newlines), and whether its last line ends in one
    (an empty table does)."""
    found = table.split(b"\n")
    ended = found[-1] == b""
    return (found[:-1] if ended else found), ended


def join(found: Sequence[bytes], ended: bool) -> bytes:
    """The table of lines `found`, the last one ended with a newline or not."""
    return b"\n".join(found) + (b"\n" if ended and found else b"")


def with_line(table: bytes, line: bytes, older: Callable[[bytes], bool]) -> bytes:
    """The crontab `table` with stretch's `line` in it: in place of the first line that is
    `older` (stretch's from before; the others dropped), else after the user's lines; the
    user's lines as they are, and a newline after the last line, which cron needs."""
    found, _ = split(table)
    ours = [i for i, old in enumerate(found) if old == line or older(old)]
    if not ours:
        return join([*found, line], True)
    kept = [old for i, old in enumerate(found) if i not in ours[1:]]
    kept[ours[0]] = line
    return join(kept, True)


def without_lines(table: bytes, ours: Callable[[bytes], bool], was: Before) -> bytes | None:
    """The crontab `table` without the lines that are `ours`, as it `was` before them (None:
    there was no crontab, and nothing else is in it now). The newline that `with_line` put
    after a last line that had none goes again while stretch's line is the last one."""
    found, ended = split(table)
    kept = [line for line in found if not ours(line)]
    if kept == found:
        return table
    if not kept and was == "none":
        return None
    if found and ours(found[-1]):
        ended = was != "unended"
    return join(kept, ended)


def command(line: bytes) -> bytes | None:
    """What a crontab line runs: the line after its schedule (five fields, or one `@daily`
    and the like); None for a line that is no schedule (a variable, a comment, blank)."""
    first = line.split(None, 1)[:1]
    if not first or first[0].startswith(b"#") or b"=" in first[0]:
        return None
    fields = 1 if first[0].startswith(b"@") else 5
    parts = line.split(None, fields)
    return parts[fields] if len(parts) > fields else None


def stretch_form(line: bytes) -> bool:
    """Whether a crontab line has the form of the line `remind on` writes (`cron_line`): a
    schedule, then `test -e STRETCH || exit 0;` (an older stretch wrote none), the folders
    passed on (`NAME=VALUE`), stretch's command (one path, or `PYTHON -m stretchcli`),
    `remind check` and stretch's mark. Only a line of this form is ever taken out: whatever
    a record lists, a line of the person's own stays."""
    return _passed(line) is not None


def _passed(line: bytes) -> dict[str, str] | None:
    """The variables a line of the form `remind on` writes passes on to the check; None
    for a line of another form."""
    found = command(line)
    end = f" remind check {MARK}".encode()
    if found is None or not found.endswith(end):
        return None
    try:
        text = found[: -len(MARK)].decode("utf-8", "surrogateescape").replace("\\%", "%")
        words = shlex.split(text)
    except ValueError:  # an unclosed quote: not a line stretch wrote
        return None
    if words[:2] == ["test", "-e"]:
        if len(words) < 6 or words[3:6] != ["||", "exit", "0;"]:
            return None
        words = words[6:]
    if words[-2:] != ["remind", "check"]:
        return None
    words = words[:-2]
    names = (*PASSED_ON, *DESKTOP)
    passed = {}
    while words and words[0].partition("=")[0] in names and "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        passed[name] = value
    if len(words) == 1 or (len(words) == 3 and words[1:] == ["-m", "stretchcli"]):
        return passed
    return None


def another_profile(line: bytes, environ: Mapping[str, str]) -> bool:
    """Whether a line of the form `remind on` writes checks another of the person's
    profiles: the config or state folder it passes on (STRETCH_CONFIG_DIR, STRETCH_STATE_DIR,
    or the XDG folder they are found in) is not this one's. Such a line is never taken out,
    replaced or said to be left over: `remind on` and `off` of that profile tend it."""
    passed = _passed(line)
    return passed is not None and profile(passed) != profile(environ)


def profile(variables: Mapping[str, str]) -> tuple[str, str]:
    """Which config and state folders a check with these variables uses (as words): each
    folder as itself, however it is spelled (`s/`, `./s`, a link to it), so that one profile
    is never taken for two (a second line for it, which `off` then did not remove)."""
    found = []
    for own, xdg in (
        ("STRETCH_CONFIG_DIR", "XDG_CONFIG_HOME"),
        ("STRETCH_STATE_DIR", "XDG_STATE_HOME"),
    ):
        folder = variables.get(own, "")
        base = variables.get(xdg, "")
        found.append(
            f"{own}={_itself(folder)}"
            if folder
            else f"{xdg}={_itself(base) if os.path.isabs(base) else ''}"
        )
    return found[0], found[1]


def _itself(folder: str) -> str:
    """The folder's own path: links followed, `..` and a trailing slash taken out."""
    try:
        return os.path.realpath(folder)
    except (OSError, ValueError):  # a loop of links, a NUL: compared as written
        return folder


def looks_ours(line: bytes) -> bool:
    """Whether a crontab line looks like a check of stretch's: it runs something and carries
    stretch's mark, or runs `... stretch ... remind check`."""
    found = command(line)
    if found is None:
        return False
    return MARK.encode() in found or (b"stretch" in found and b"remind check" in found)


def still_there(
    lines: Sequence[bytes], ours: Callable[[bytes], bool] = lambda line: False
) -> list[str]:
    """A line for each crontab line (of `lines`, the table as it is) that looks like a check
    of stretch's and is not `ours`: `remind off` could not tell it for the one it wrote."""
    return [
        f"crontab line {n} looks like a scheduled check of stretch's, and was not removed "
        "(it is not the line `stretch remind on` wrote); if it is not yours, remove it "
        "with `crontab -e`"
        for n, line in enumerate(lines, 1)
        if looks_ours(line) and not ours(line)
    ]
