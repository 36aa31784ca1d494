"""The system's own schedulers, which run `stretch remind check` every few minutes: a systemd
user timer (Linux), a launchd agent (macOS), a Task Scheduler task (Windows), or a crontab
line.

What each is given is made by a pure function (`systemd_units`, `launchd_plist`, `task_xml`,
`cron_line`) that refuses any value with a line break or another control character, so that
nothing from the environment can add a line or a directive of its own; and each first looks
whether `stretch` is still installed, so that the checks stop quietly once it is not.

`install` writes and enables what the scheduler needs, and on failure takes it back, leaving
an older install working; `remove` takes away only what `install` wrote (files of ours, in the
folders of ours; our crontab lines, byte for byte) and says what it could not.
"""

from __future__ import annotations

import os
import plistlib
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files import guarded
from stretchcli.files.atomic import write_text
from stretchcli.files.paths import state_dir
from stretchcli.remind import crontab, profiles
from stretchcli.remind.installs import SCHEDULERS as SCHEDULERS
from stretchcli.remind.installs import Installed as Installed
from stretchcli.remind.installs import Removal as Removal
from stretchcli.remind.installs import SchedulerName as SchedulerName
from stretchcli.remind.installs import forget as forget
from stretchcli.remind.installs import load as load
from stretchcli.remind.installs import save as save
from stretchcli.remind.leftovers import files_left, made_before, missing, remove_folders, uid
from stretchcli.remind.system import CommandError, must, run, run_bytes, which
from stretchcli.remind.texts import (
    CHECK_MINUTES,
    HEADER,
    LABEL,
    MARK,
    NAME,
    PLIST,
    SERVICE,
    TASK_XML,
    TIMER,
    cron_line,
    launchd_path,
    launchd_plist,
    systemd_dir,
    systemd_units,
    task_xml,
)


def detect(environ: Mapping[str, str]) -> SchedulerName | None:
    """The scheduler of this system, if one is running for the user."""
    if sys.platform == "darwin":
        return "launchd"
    if sys.platform == "win32":
        return "schtasks"
    if which("systemctl", environ) is None:
        return None
    try:
        done = run(["systemctl", "--user", "is-system-running"], environ)
    except CommandError:
        return None
    states = ("running", "degraded", "starting", "initializing", "maintenance")
    return "systemd" if done.out.strip() in states else None


# --- Installing and removing -----------------------------------------------------------------


def planned(
    scheduler: SchedulerName, command: Sequence[str], environ: Mapping[str, str]
) -> tuple[Installed, dict[Path, str]]:
    """What `install` will set up, and the files it will write with their text (for
    schtasks, the task's XML, given to it and taken away); nothing is written yet (a value
    that cannot go into the scheduler's text stops it here)."""
    check = (*command, "remind", "check")
    texts: dict[Path, str] = {}
    lines: tuple[str, ...] = ()
    if scheduler == "systemd":
        folder = systemd_dir(environ)
        texts = {folder / name: text for name, text in systemd_units(check, environ).items()}
    elif scheduler == "launchd":
        texts = {launchd_path(environ): launchd_plist(check, environ).decode()}
    elif scheduler == "schtasks":  # written only while the task is made, then taken away
        return Installed(scheduler, (), check), {
            state_dir(environ) / TASK_XML: task_xml(check, environ)
        }
    else:
        lines = (cron_line(check, environ),)
    made = tuple(dict.fromkeys(f for path in texts for f in missing(path, environ)))
    zone = environ.get("TZ", "")  # as `texts._given` passes it on: only when set
    return Installed(scheduler, tuple(texts), check, lines, made=made, zone=zone), texts


def carried(new: Installed, older: Sequence[Installed]) -> Installed:
    """`new`, knowing the folders an older install of the same scheduler made (a second
    `remind on` finds them there, and must still take them away at `off`)."""
    kept = [f for o in older if o.scheduler == new.scheduler for f in o.made]
    return replace(new, made=made_before(new.made, new.files, kept))


def noted(new: Installed, older: Sequence[Installed], environ: Mapping[str, str]) -> Installed:
    """`new`, with how the crontab was before stretch's line went in (for `off` to give it
    back): as an older install of ours noted it while its line is still there, else as the
    crontab is now. Other schedulers: `new` as it is."""
    if new.scheduler != "cron":
        return new
    table = crontab.read(environ)
    there = [
        o for o in older if any(_wrote(o, line, environ) for line in crontab.lines(table or b""))
    ]
    return replace(new, before=there[-1].before if there else crontab.before(table))


def kept(
    new: Installed, texts: Mapping[Path, str], environ: Mapping[str, str]
) -> dict[Path, str | None]:
    """The text of each older file of ours that `install` will replace (None: none there),
    to put back on failure; a StretchError if a file there is not ours, or checks another
    of the person's profiles."""
    if new.scheduler in ("cron", "schtasks"):
        return {}
    found = {path: _backup(path, new.scheduler) for path in texts}
    for path, text in found.items():
        if text is not None:
            profiles.refuse_another(path, text, new.scheduler, environ)
    return found


def install(
    new: Installed,
    texts: Mapping[Path, str],
    backups: Mapping[Path, str | None],
    older: Sequence[Installed],
    environ: Mapping[str, str],
) -> None:
    """Set up `new` (from `planned`, its older files `kept`), replacing what `older` installs
    of the same scheduler wrote. On failure, what it wrote is taken back (`backups`) and the
    older install works as before."""
    if new.scheduler == "cron":
        _install_cron(new, older, environ)
        return
    if new.scheduler == "schtasks":
        path, xml = next(iter(texts.items()))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(xml, encoding="utf-16")
            must(["schtasks", "/Create", "/TN", NAME, "/XML", str(path), "/F"], environ)
            if run(["schtasks", "/Query", "/TN", NAME], environ).code != 0:  # read back
                raise CommandError(
                    f"`schtasks /Create` said it made the task {NAME}, but `schtasks /Query` "
                    "does not find it",
                    "see that Task Scheduler keeps the tasks it is given",
                )
        except OSError as exc:
            raise StretchError(f"cannot write {path}: {exc.strerror}") from None
        finally:
            path.unlink(missing_ok=True)
        return
    try:
        for path, text in texts.items():
            write_text(path, text)
        if new.scheduler == "systemd":
            must(["systemctl", "--user", "daemon-reload"], environ)
            must(["systemctl", "--user", "enable", "--now", TIMER], environ)
        else:
            path = next(iter(texts))
            run(["launchctl", "bootout", f"gui/{uid()}/{LABEL}"], environ)  # an older one
            must(["launchctl", "bootstrap", f"gui/{uid()}", str(path)], environ)
        missing = [path for path in texts if _ours(path, new.scheduler) is None]
        if missing:
            raise StretchError(
                f"{missing[0]} is not there after installing it",
                "the older setup was put back; see that the folder keeps what is written to it",
            )
    except (StretchError, OSError):
        _restore(backups, new.scheduler, environ)
        remove_folders(new.made, new.files)
        raise


def _install_cron(new: Installed, older: Sequence[Installed], environ: Mapping[str, str]) -> None:
    """Add `new`'s line to the crontab in place of older ones of ours, and read the table back:
    a crontab that says it took the table but shows it without the line is put back as it was,
    byte for byte, and that is an error."""
    before = crontab.read(environ)
    ours = [o for o in older if o.scheduler == "cron"]
    line = new.lines[0].encode()
    table = crontab.with_line(before or b"", line, lambda old: _wrote_any(ours, old, environ))
    crontab.put(table, environ)
    try:
        after = _crontab(environ)
    except CommandError:
        after = []
    if all(line.encode() in after for line in new.lines):
        return
    if before is None:
        run_bytes(["crontab", "-r"], environ)
    else:
        run_bytes(["crontab", "-"], environ, stdin=before)
    raise CommandError(
        "`crontab -` said it installed the table, but `crontab -l` does not show stretch's line",
        "the crontab was put back as it was; see that crontab keeps what it is given",
    )


def _backup(path: Path, scheduler: SchedulerName) -> str | None:
    """The text of an older file of ours at `path` (None: there is none); a StretchError if
    a file there is not ours, which `install` must not overwrite."""
    if not os.path.lexists(path):
        return None
    text = _ours(path, scheduler)
    if text is None:
        what = "a link" if path.is_symlink() else "a file that stretch did not write"
        raise StretchError(
            f"{path} is there already, and is {what}",
            "move it away, then run `stretch remind on` again",
        )
    return text


def _restore(
    backups: Mapping[Path, str | None], scheduler: SchedulerName, environ: Mapping[str, str]
) -> None:
    """Put the older files back (or take ours away) and let the scheduler load them again."""
    for path, text in backups.items():
        try:
            if text is None:
                path.unlink(missing_ok=True)
            else:
                write_text(path, text)
        except (StretchError, OSError):
            pass  # the error that brought us here is the one to tell
    try:
        if scheduler == "systemd":
            run(["systemctl", "--user", "daemon-reload"], environ)
        else:
            for path, text in backups.items():
                if text is not None:
                    run(["launchctl", "bootstrap", f"gui/{uid()}", str(path)], environ)
    except CommandError:
        pass


def remove(installed: Installed, environ: Mapping[str, str], stop: bool = True) -> Removal:
    """Stop the scheduler running the check and take away what `install` wrote: files only
    where they are ours, crontab lines only where they are exactly ours. `stop=False` takes
    away the files only (the same scheduler runs a newer install under the same name)."""
    done = Removal()
    present = [p for p in installed.files if os.path.lexists(p)]
    files = [p for p in present if _ours(p, installed.scheduler) is not None]
    done.left_alone.extend(p for p in present if p not in files)
    # A link left alone is said once, there (review 24, F8: and again as "still there").
    done.still.extend(files_left(installed, environ, _ours, links=False))
    try:
        if stop:
            _stop(installed, bool(files), environ, done)
    except CommandError as exc:
        done.failed.append(f"the {_what(installed.scheduler)}: {exc.line()}")
        return done
    for path in files:
        try:
            path.unlink()
            done.removed.append(str(path))
        except OSError as exc:
            done.failed.append(f"{path}: {exc.strerror}")
    if installed.scheduler == "systemd" and files:
        try:
            must(["systemctl", "--user", "daemon-reload"], environ)
        except CommandError as exc:
            done.failed.append(f"systemd's reload after removing the units: {exc.line()}")
    if stop:
        done.removed.extend(remove_folders(installed.made, installed.files))
    return done


def _stop(installed: Installed, files: bool, environ: Mapping[str, str], done: Removal) -> None:
    """Have the scheduler stop running the check (a CommandError when it cannot be)."""
    what = _what(installed.scheduler)
    if installed.scheduler == "systemd":
        if files:  # with the units gone already, systemd has nothing to disable
            must(["systemctl", "--user", "disable", "--now", TIMER], environ)
            done.removed.append(f"the {what} (stopped and disabled)")
    elif installed.scheduler == "launchd":
        run(["launchctl", "bootout", f"gui/{uid()}/{LABEL}"], environ)  # fails: not loaded
        if run(["launchctl", "print", f"gui/{uid()}/{LABEL}"], environ).code == 0:
            raise CommandError(f"`launchctl bootout gui/{uid()}/{LABEL}` left it loaded")
        done.removed.append(f"the {what} (unloaded)")
    elif installed.scheduler == "schtasks":
        deleted = run(["schtasks", "/Delete", "/TN", NAME, "/F"], environ)
        if deleted.code != 0 and run(["schtasks", "/Query", "/TN", NAME], environ).code == 0:
            raise CommandError(f"`schtasks /Delete /TN {NAME} /F` failed: {deleted.last_words()}")
        done.removed.append(f"the {what}")
    else:
        table = crontab.read(environ) or b""

        def wrote(line: bytes) -> bool:
            return _wrote(installed, line, environ)

        kept = crontab.without_lines(table, wrote, installed.before)
        if kept != table:
            if kept is None:  # there was no crontab before ours: none again
                crontab.remove(environ)
            else:
                crontab.put(kept, environ)
                if any(wrote(line) for line in _crontab(environ)):  # read back
                    raise CommandError("`crontab -` said it took the table, but the line is there")
            done.removed.append(f"the {what}")
        left = crontab.lines(kept or b"")
        done.still.extend(crontab.still_there(left, lambda n: crontab.another_profile(n, environ)))
        listed = {line.encode() for line in installed.lines}
        done.not_ours.extend(
            f"crontab line {n} (listed in stretch's record of what it installed, but not "
            "a line stretch writes)"
            for n, line in enumerate(crontab.lines(kept or b""), 1)
            if line in listed and not crontab.stretch_form(line)
        )


def _what(scheduler: SchedulerName) -> str:
    """What runs the check, in words."""
    return {
        "systemd": f"systemd timer {TIMER}",
        "launchd": f"launchd agent {LABEL}",
        "schtasks": f"scheduled task {NAME}",
        "cron": "crontab line",
    }[scheduler]


def _ours(path: Path, scheduler: SchedulerName) -> str | None:
    """The text of the file at `path` if it is one `install` writes: its name and folder are
    ours, it is a regular file, and it says it was written by `stretch remind on`."""
    places = {
        "systemd": ((SERVICE, TIMER), ("systemd", "user")),
        "launchd": ((PLIST,), ("Library", "LaunchAgents")),
    }
    names, folder = places.get(scheduler, ((), ()))
    if path.name not in names or path.parent.parts[-2:] != folder or path.is_symlink():
        return None
    try:
        text = guarded.read_text(path, 64 * 1024)
    except (OSError, UnicodeDecodeError):
        return None
    if scheduler == "systemd":
        return text if text.startswith(HEADER + "\n") else None
    try:
        label = plistlib.loads(text.encode()).get("Label")
    except (plistlib.InvalidFileException, ValueError, AttributeError):
        return None
    return text if label == LABEL else None


def state(installed: Installed, environ: Mapping[str, str]) -> str:
    """How the scheduler says it is: 'active', 'inactive', 'loaded', 'missing', ..."""
    try:
        if installed.scheduler == "systemd":
            done = run(["systemctl", "--user", "is-active", TIMER], environ)
            return done.out.strip() or "unknown"
        if installed.scheduler == "launchd":
            done = run(["launchctl", "print", f"gui/{uid()}/{LABEL}"], environ)
            return "loaded" if done.code == 0 else "not loaded"
        if installed.scheduler == "schtasks":
            done = run(["schtasks", "/Query", "/TN", NAME], environ)
            return "ready" if done.code == 0 else "missing"
        found = any(_wrote(installed, line, environ) for line in _crontab(environ))
        return "in the crontab" if found else "missing"
    except CommandError as exc:
        return f"unknown ({exc.message})"


# --- The crontab -----------------------------------------------------------------------------


def _crontab(environ: Mapping[str, str]) -> list[bytes]:
    """The user's crontab, line by line, as the bytes they are (without their newlines).
    Only crontab's own "no crontab for USER" means an empty one: any other failure is a
    CommandError, and nothing is written."""
    return crontab.lines(crontab.read(environ) or b"")


def _wrote(installed: Installed, line: bytes, environ: Mapping[str, str]) -> bool:
    """Whether a crontab line is one that `installed` added: one of its lines, its schedule
    fields changed or not (the person may edit them; the command and the mark after them are
    the ones stretch wrote, byte for byte). A record from before the lines were kept: a line
    in the one form stretch wrote then. Never a line of another of the person's profiles."""
    if installed.scheduler != "cron" or not crontab.stretch_form(line):
        return False  # whatever the record lists, a line of the person's own stays
    if crontab.another_profile(line, environ):
        return False  # an older record's form is every profile's: theirs is not ours
    if installed.lines:
        command = crontab.command(line)
        return any(
            line == ours.encode()
            or (command is not None and command == crontab.command(ours.encode()))
            for ours in installed.lines
        )
    old = f" remind check {MARK}".encode()
    return line.startswith(f"*/{CHECK_MINUTES} * * * * ".encode()) and line.endswith(old)


def still_in_place(installs: Sequence[Installed], environ: Mapping[str, str]) -> list[str]:
    """What `crontab.still_there` says of the crontab as it is now, when an install of ours used it
    (else the crontab is not looked at; nothing when it cannot be read), and of a unit or
    agent file at stretch's own place that stretch did not write."""
    # (a link the person made of a file is installed, kept as it is: never "not removed",
    # when nothing was removed (attack 21, B2); `stretch remind` says where it leads)
    found = [why for i in installs for why in files_left(i, environ, _ours, links=False)]
    if not any(i.scheduler == "cron" for i in installs):
        return found
    try:
        table = _crontab(environ)
    except CommandError:
        return found
    return found + crontab.still_there(
        table,
        lambda line: _wrote_any(installs, line, environ) or crontab.another_profile(line, environ),
    )


def _wrote_any(installs: Sequence[Installed], line: bytes, environ: Mapping[str, str]) -> bool:
    return any(_wrote(installed, line, environ) for installed in installs)
