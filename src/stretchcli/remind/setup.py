"""Turning reminders on and off, putting the next one off, and how they stand: what
`stretch remind` and its `on`, `off`, `snooze` and `skip` do."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from stretchcli.errors import StretchError
from stretchcli.files.config import Config
from stretchcli.files.config_edit import Edit, edit, locked
from stretchcli.files.paths import routine_folders, state_dir
from stretchcli.files.scan import find_file
from stretchcli.history.store import History
from stretchcli.remind import presence_log, schedulers, texts
from stretchcli.remind.check_zone import check_zone
from stretchcli.remind.facts import GAP, configured, due_now, gather
from stretchcli.remind.presence import as_checked, latest, returned
from stretchcli.remind.same_zone import moved_to
from stretchcli.remind.schedule import later, real, snoozed_until
from stretchcli.remind.schedulers import Installed, Removal, SchedulerName
from stretchcli.remind.status import Breaks, Status
from stretchcli.remind.system import stretch_command, which

INSTALL_CRON = (
    "install cron (Debian and Ubuntu: `apt install cron`; Fedora: `dnf install cronie`), "
    "then run `stretch remind on --scheduler cron`"
)


class NoScheduler(StretchError):
    """No user scheduler to install the check in; `crontab_line` is the line to add by hand
    (None: there is no `crontab` either, and nothing to add it with)."""

    def __init__(self, line: str | None) -> None:
        if line is None:
            super().__init__(
                "no scheduler to run the checks was found here (no systemd user instance, "
                "and no `crontab` command)",
                INSTALL_CRON,
            )
        else:
            super().__init__(
                "no user scheduler is running here (no systemd user instance)",
                "add the line above with `crontab -e`, or use `stretch remind on --scheduler cron`",
            )
        self.crontab_line = line


@dataclass(frozen=True)
class TurnedOn:
    """What `remind on` did, in one result that is said as text or JSON: what it installed and
    where, how the scheduler says it is, the config keys it wrote, how reminders now stand
    (the next one), and what of an older install it could not remove."""

    installed: Installed
    scheduler_state: str
    written: Mapping[str, object]
    status: Status
    not_removed: list[str]

    def lines(self) -> list[str]:
        """What `remind on` says."""
        return self.status.lines() + [
            f"Not removed (the older check; `remind off` tries again): {why}"
            for why in self.not_removed
        ]

    def record(self) -> dict[str, object]:
        """`remind on --json`: the status as `remind --json` gives it, and what was done."""
        written = {k: list(v) if isinstance(v, tuple) else v for k, v in self.written.items()}
        return {**self.status.record(), "written": written, "not_removed": self.not_removed}


def turn_on(
    environ: Mapping[str, str],
    config: Config,
    changes: Mapping[str, str],
    scheduler: SchedulerName | None,
    history: Callable[[], History],
) -> TurnedOn:
    """Install the check (replacing any older one) and write `changes` (settings already
    checked) and `remind = true` into the config; what was done, with how reminders now stand
    (an older install of another scheduler that could not be removed stays in the record,
    for `off`).

    Everything is checked before anything is written; what is about to be installed is
    recorded before it is; a failure takes back what was done and leaves an older install
    working, and the config as it was."""
    folders, folder = routine_folders(environ), state_dir(environ)
    find_file(folders, _routine(config, changes), "routine")
    # What is to be done, decided before anything is written: the scheduler's files (and
    # the older ones they replace), the installs it replaces, the config's new text.
    name = scheduler or schedulers.detect(environ)
    command = stretch_command()
    cron = which("crontab", environ) is not None
    if name is None:  # the crontab line is offered only where there is a crontab to take it
        raise NoScheduler(texts.cron_line([*command, "remind", "check"], environ) if cron else None)
    new, given = schedulers.planned(name, command, environ)
    if name == "cron" and not cron:  # after the values: a folder's problem is said first
        raise StretchError(
            "there is no `crontab` command here (cron is not installed)", INSTALL_CRON
        )
    # Under the config's lock from the reading of the record to its last writing: a `remind
    # on` or `off` at the same time waits, and then acts on the record this one left.
    with locked(environ):
        older = schedulers.load(folder)
        new = schedulers.noted(new, older, environ)  # a crontab that fails to be read stops it
        new = schedulers.carried(new, older)
        settings = edit(environ, {**changes, "remind": "true"}, named=False)  # found above
        _install(environ, new, given, older, settings)
        return _replaced(environ, new, older, settings, history)


def _install(
    environ: Mapping[str, str],
    new: Installed,
    given: Mapping[Path, str],
    older: list[Installed],
    settings: Edit,
) -> None:
    """Record `new`, write the config and install it; on failure, all taken back."""
    folder = state_dir(environ)
    backups = schedulers.kept(new, given, environ)  # a file not ours (or another profile's)
    # Then done, in this order: the record, the config, the scheduler, the older ones.
    schedulers.save([*older, new], folder)  # `off` can take it away, whatever happens
    try:
        settings.write()
        try:
            schedulers.install(new, given, backups, older, environ)
        except BaseException:
            settings.undo()
            raise
    except BaseException:
        schedulers.save(older, folder)
        raise


def _replaced(
    environ: Mapping[str, str],
    new: Installed,
    older: list[Installed],
    settings: Edit,
    history: Callable[[], History],
) -> TurnedOn:
    """Take away the `older` installs `new` replaces; what was done, and what was not."""
    folder = state_dir(environ)
    left, failed = [], []
    for old in older:
        if old.scheduler != new.scheduler:
            gone = schedulers.remove(old, environ)
        else:  # replaced in place; files of its own elsewhere (another XDG_CONFIG_HOME) go
            rest = tuple(f for f in old.files if f not in new.files)
            gone = schedulers.remove(Installed(old.scheduler, rest, old.command), environ, False)
        if gone.failed:
            left.append(old)
        failed += gone.failed
    state = schedulers.state(new, environ)
    schedulers.save([*left, new], folder)
    now = _status(settings.config(), history(), new, state)
    return TurnedOn(new, state, settings.values, now, failed)


def _routine(config: Config, changes: Mapping[str, str]) -> str:
    """The routine reminders are to suggest, as the config will have it."""
    return changes.get("remind_routine", config.remind_routine)


@dataclass(frozen=True)
class TurnedOff:
    """What `remind off` did, in one result said as text or JSON: what it removed, what it
    left alone, what it could not remove."""

    removals: list[Removal]

    def failed(self) -> bool:
        """Whether something could not be removed (`off` then fails: NotAllRemoved)."""
        return any(removal.failed for removal in self.removals)

    def lines(self) -> list[str]:
        """What `remind off` says: what it removed, what it left alone, what it could not
        remove; a StretchError follows when something could not be."""
        lines = ["Reminders: off"]
        if not self.removals:
            lines.append("Removed: nothing (no check was installed)")
        for removal in self.removals:
            lines += [f"Removed: {what}" for what in removal.removed]
            lines += [f"Left alone: {path} ({left_alone_why(path)})" for path in removal.left_alone]
            lines += [f"Left alone: {why}" for why in removal.not_ours]
            lines += [f"Not removed: {why}" for why in removal.failed]
            lines += [f"Still there: {why}" for why in removal.still]
        return lines

    def record(self) -> dict[str, object]:
        """`remind off --json`."""
        return {
            "on": False,
            "removed": [what for r in self.removals for what in r.removed],
            "left_alone": [
                *(str(path) for r in self.removals for path in r.left_alone),
                *(why for r in self.removals for why in r.not_ours),
            ],
            "not_removed": [why for r in self.removals for why in r.failed],
            "still_there": [why for r in self.removals for why in r.still],
        }


def left_alone_why(path: Path) -> str:
    """Why `remind off` left a file at its check's place: a link is never followed, whoever
    made it (attack 19, H14: one was said not to be stretch's, though its text was)."""
    if path.is_symlink():
        return (
            f"a link to {os.readlink(path)}: stretch removes only the files it wrote, never a "
            "link or where it leads; delete it yourself if you no longer want it"
        )
    return "stretch did not write it"


def turn_off(environ: Mapping[str, str]) -> TurnedOff:
    """Remove what `turn_on` installed and write `remind = false`; what was removed, and what
    could not be (kept in the record, so that `off` can try again)."""
    folder = state_dir(environ)
    with locked(environ):  # as `turn_on`: the record read and written by one at a time
        older = schedulers.load(folder)
        done = [(old, schedulers.remove(old, environ)) for old in older]
        # One that could not be removed, or left a check that looks like ours, is kept:
        # `off` tries again, and `stretch remind` says it is there.
        kept = [old for old, removal in done if removal.failed or removal.still]
        schedulers.save(kept, folder)
        edit(environ, {"remind": "false"}).write()
    return TurnedOff([removal for _, removal in done])


class NotAllRemoved(StretchError):
    """`remind off` could not remove all that `remind on` installed."""

    def __init__(self) -> None:
        super().__init__(
            "some of what `stretch remind on` installed is still there (see above); while "
            "reminders are off it stays quiet",
            "fix what is said, then run `stretch remind off` again",
        )


def reminding(config: Config) -> Config:
    """The config, when reminders are on; else an error saying how to turn them on."""
    if not config.remind:
        raise StretchError("reminders are off", "turn them on with `stretch remind on`")
    return config


@dataclass(frozen=True)
class PutOff:
    """A snooze or a skip, in words: what was done, and when the next reminder now comes."""

    done: str
    next: str


def snooze(
    config: Config, history: History, minutes: int | None, environ: Mapping[str, str]
) -> PutOff:
    """Put the next reminder off for `minutes` (None: until the next working day's hours, as
    the check counts them); never nearer than a snooze already longer, and saying so when
    the working hours put it off further still."""
    routine = reminding(config).remind_routine
    schedule = configured(config)
    now = history.now()
    with check_zone(_their_zone(_installed(history), history, environ)):  # the check's hours
        until = schedule.next_day(now) if minutes is None else later(now, minutes)
        held = gather(history, schedule).snoozed_until  # the snooze in force, if any
        inside = real(schedule.first_open(until)[0]) == real(until)  # as `decide` reads it
    until = until.astimezone()  # said and kept in this command's zone
    if held is not None and real(held) >= real(until):
        done = f"Already {snoozed_until(held, now)}, longer than that: nothing changed."
        return PutOff(done, _next(config, history, environ))
    history.add_reminder(routine, "snoozed", "command", until)
    # Said only of a snooze that ends outside them: a reminder later than the snooze's end
    # may just be the interval's.
    outside = "" if inside else ", outside your working hours"
    said = snoozed_until(until, now)
    done = f"{said[:1].upper()}{said[1:]}{outside}."
    return PutOff(done, _next(config, history, environ))


def skip(config: Config, history: History, environ: Mapping[str, str]) -> PutOff:
    """Skip the next reminder: the one after comes a full interval from now."""
    history.add_reminder(reminding(config).remind_routine, "skipped", "command")
    return PutOff("Skipped.", _next(config, history, environ))


def _next(config: Config, history: History, environ: Mapping[str, str]) -> str:
    """When the next reminder comes, as `stretch remind` says it (no scheduler to ask)."""
    return _as_the_check(config, history, environ, _installed(history), "").next_words()


def _installed(history: History) -> Installed | None:
    """What `remind on` installed last, if anything."""
    installs = schedulers.load(history.path.parent)
    return installs[-1] if installs else None


def _their_zone(
    installed: Installed | None, history: History, environ: Mapping[str, str]
) -> str | None:
    """The zone the `installed` check runs in, when it is another than this command's (a
    move, not another spelling of it); None: this command's."""
    theirs = installed.zone if installed else None
    return moved_to(theirs, environ.get("TZ", ""), history.now().timestamp())


def status(config: Config, history: History, environ: Mapping[str, str]) -> Status:
    """How reminders stand now: the schedule, the next one, what is installed, the last one."""
    installs = schedulers.load(history.path.parent)
    installed = installs[-1] if installs else None
    state = schedulers.state(installed, environ) if installed else ""
    found = _as_the_check(config, history, environ, installed, state)
    return replace(found, still=tuple(schedulers.still_in_place(installs, environ)))


def _as_the_check(
    config: Config,
    history: History,
    environ: Mapping[str, str],
    installed: Installed | None,
    state: str,
) -> Status:
    """How reminders stand as the `installed` check will see them: worked out in its zone
    when it runs in another than this command's (a move, not another spelling of it)."""
    theirs = _their_zone(installed, history, environ)
    with check_zone(theirs):
        found = _status(config, history, installed, state)
    return replace(found, zone_now=environ.get("TZ", ""), moved=theirs is not None)


def _status(config: Config, history: History, installed: Installed | None, state: str) -> Status:
    """How reminders stand with `config`, what is installed and how its scheduler says it is."""
    schedule = configured(config)
    due = due_now(schedule, history, asked=True) if config.remind else None
    reminders = history.reminders(until=history.now())
    last = reminders[-1] if reminders else None
    seen = presence_log.read(history.path.parent)
    checked = as_checked(seen, history.now())  # as `due` has it: you are at the screen
    breaks = Breaks(
        schedule.pause,
        latest(seen, history.now(), GAP),
        returned(checked, timedelta(minutes=schedule.pause), GAP, history.now()),
    )
    shown = gather(history, schedule).shown_today if config.remind else 0
    return Status(
        config.remind, schedule, due, history.now(), installed, state, last, breaks, shown
    )
