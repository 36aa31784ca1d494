"""The application context (hatch's `Application`): what a command works with, made once for
the command and each part only when first asked for: the Environment, the config, the
routines folders, the parse cache, the catalog and the history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from stretchcli.env import Environment
from stretchcli.errors import InvalidFileError, StretchError, problem_lines

if TYPE_CHECKING:
    from stretchcli.exported import Refused
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.catalog import Catalog
    from stretchcli.files.config import Config
    from stretchcli.files.goal_log import Seen
    from stretchcli.files.output import OwnFolder
    from stretchcli.files.paths import Folder
    from stretchcli.goals import WeeklyGoal
    from stretchcli.history.level_rule import Judge
    from stretchcli.history.levels import LevelChange
    from stretchcli.history.store import History
    from stretchcli.plan.model import Plan
    from stretchcli.records import Session
    from stretchcli.session.devices import Devices


@dataclass
class Application:
    """One command's world. The config is read, the catalog loaded and the history opened at
    most once, whichever commands and helpers ask."""

    env: Environment
    given_devices: Devices | None = None  # a test's fakes; None: the machine's own
    _config: Config | InvalidFileError | None = field(default=None, init=False)
    _cache: ParseCache | None = field(default=None, init=False)
    _catalog: Catalog | None = field(default=None, init=False)
    _history: History | None = field(default=None, init=False)
    _judge: Judge | None = field(default=None, init=False)
    _warned: bool = field(default=False, init=False)  # that the config file is broken
    _said: set[str] = field(default_factory=set, init=False)  # warnings said once
    # The plan as last read, under its file's identity: read again only once the file changed
    _plan_kept: tuple[list[int], Plan | InvalidFileError | None] | None = field(
        default=None, init=False
    )
    _sync_said: set[str] = field(default_factory=set, init=False)  # each sync warning once
    # `history sync` lists every refused line itself: a sync then says none as a warning
    lists_refusals: bool = field(default=False, init=False)
    # `history sync` is asked to sync: a busy history stops it, as it stops every writer
    sync_asked: bool = field(default=False, init=False)
    # `history import FILE`: a kept-aside FILE is left to that import, not added before it
    importing: str | None = field(default=None, init=False)

    def config(self, strict: bool = False) -> Config:
        """The config file's settings. A broken file is an error where the settings matter
        (strict: `run`, `remind`), else a warning and the defaults."""
        from stretchcli.files.config import Config

        found = self._loaded_config()
        if isinstance(found, InvalidFileError):
            if strict:
                raise found
            if not self._warned:
                self._warned = True
                for problem in found.problems:
                    self.env.warn(f"{problem}; using the default settings")
            return Config()
        return found

    def _loaded_config(self) -> Config | InvalidFileError:
        """The config file read (once), or what is wrong with it, not yet said."""
        from stretchcli.files.config_file import load_config

        if self._config is None:
            try:
                self._config = load_config(self.env.environ)
            except InvalidFileError as exc:
                self._config = exc
        return self._config

    def folders(self) -> list[Folder]:
        """The routines folders, highest precedence first."""
        from stretchcli.files.paths import routine_folders

        return routine_folders(self.env.environ)

    def cache(self) -> ParseCache:
        """The parse cache (read on first use): checked files, routines' lengths. Whoever
        adds to it saves it."""
        if self._cache is None:
            from stretchcli.files.cache import ParseCache

            self._cache = ParseCache.for_user(self.env.environ)
        return self._cache

    def catalog(self) -> Catalog:
        """Every routines folder loaded; broken files are reported on stderr and left out."""
        if self._catalog is None:
            from stretchcli.files.catalog import load_catalog

            config = self.config()
            cache = self.cache()
            folders = self.folders()
            self._warn_about(folders)
            catalog = load_catalog(folders, prepare=config.prepare, rest=config.rest, cache=cache)
            cache.save()
            for line in problem_lines(catalog.problems):
                self.env.warn(f"{line}; file skipped")
            self._catalog = catalog
        return self._catalog

    def _warn_about(self, folders: list[Folder]) -> None:
        """Say which STRETCH_PATH folders give nothing, and why."""
        from stretchcli.files.paths import folder_state

        for folder in folders:
            why = folder_state(folder.path)
            if folder.source == "path" and why not in (None, "not there yet"):
                self.env.warn(f"STRETCH_PATH: {folder.path}: {why}; ignored")

    def routines_listed(self) -> list[dict[str, object]]:
        """The routines as `list` gives them (its JSON entries): as the last `list` kept them
        while nothing they are made of has changed (with its warnings, said again), else
        from the catalog, and kept (`files/listing.py`)."""
        from stretchcli.files import listing
        from stretchcli.files.paths import config_path

        kept = listing.kept_path(self.env.environ)
        folders = self.folders()
        key = listing.made_from(folders, config_path(self.env.environ)) if kept else None
        found = listing.read(kept, key) if kept is not None and key is not None else None
        if found is not None:
            entries, warnings = found
            self._warn_about(folders)
            for line in warnings:
                self.env.warn(line)
            return entries
        from stretchcli.views.catalog import routine_list

        catalog = self.catalog()
        entries = routine_list(catalog, self.cache()).json()
        self.cache().save()  # the lengths worked out afresh
        if kept is not None and key is not None and not isinstance(self._config, InvalidFileError):
            warnings = [f"{line}; file skipped" for line in problem_lines(catalog.problems)]
            listing.keep(kept, key, entries, warnings)
        return entries

    def plan(self, strict: bool = False) -> Plan | None:
        """The person's plan, or None without one. A broken plan file is the error where the
        plan rules what runs (strict: every run, which keeps its safety limits), else a
        warning (it stops no history or report; `stretch plan` says what is wrong)."""
        found = self._read_plan()
        if not isinstance(found, InvalidFileError):
            return found
        if strict:
            raise found
        for line in problem_lines(found.problems):
            if line not in self._said:  # once, however often the plan is read
                self._said.add(line)
                self.env.warn(f"{line}; the plan was left out")
        return None

    def _read_plan(self) -> Plan | InvalidFileError | None:
        """The plan file read, or what is wrong with it: read again only once it changed (a
        run asks for the plan several times)."""
        import os

        from stretchcli.files.planfile import load_plan, plan_path
        from stretchcli.files.stamps import stamp

        path = plan_path(self.env.environ)
        if not os.path.lexists(path):
            return None  # no catalog loaded for nothing
        now = stamp(path)
        if now is not None and self._plan_kept is not None and self._plan_kept[0] == now:
            return self._plan_kept[1]
        try:
            found: Plan | InvalidFileError | None = load_plan(self.env.environ, self.catalog())
        except InvalidFileError as exc:
            found = exc
        self._plan_kept = None if now is None else (now, found)
        return found

    def weekly_goals(self) -> WeeklyGoal:
        """The weekly goal week by week, each week against the goal it began with: the goals
        seen (`goals_seen`), and before the first, the plan's from the first week it had
        whole, the settings' before it."""
        from stretchcli.files.goal_log import lived
        from stretchcli.goals import WeeklyGoal, counts_from, stepped
        from stretchcli.history.ceiling import plan_began

        log = lived(self.goals_seen(), self.env.wall().date())
        first = log[0] if log else self._goal_now()
        plan = self.plan()
        earliest = WeeklyGoal(first.goal)
        if plan is not None and first.plan and first.goal != first.settings:
            began = plan_began(self.history(), plan)
            if began is not None:
                # A plan made on a Sunday does not judge the five days before it.
                day = counts_from(began.astimezone().date())
                earliest = WeeklyGoal.planned(first.goal, first.settings, day)
        if not log:
            return earliest
        start = counts_from(log[0].day)
        return stepped(
            earliest.first,
            [
                *(step for step in earliest.steps if step[0] < start),
                *((counts_from(s.day), s.goal) for s in log),
            ],
        )

    def goals_seen(self, changed: bool = False, by_hand: bool = True) -> list[Seen]:
        """The weekly goals seen (`files.goal_log`), with the one in force now added when it
        changed (`by_hand`: a change found is one made in a file, said here); nothing is
        added while the config or the plan file cannot be read."""
        from stretchcli.files.goal_log import lived, log_path, read, seen

        if not self._goal_files_read():
            try:  # a goal seen while a file is broken is no change of it
                return read(log_path(self.env.environ))
            except StretchError as exc:
                self.warn_once(exc.line())
                return []
        now = self._goal_now()
        log = seen(self.env.environ, now, self.warn_once, changed)
        # Said against the goal in force before it (one seen on a later day, by a clock
        # that ran ahead, is not yet).
        before = lived(log[:-1], now.day)
        if by_hand and not changed and before and log[-1] is now:
            self._goal_counts_from(now, before[-1].goal)
        return log

    def _goal_counts_from(self, now: Seen, before: int) -> None:
        """Say from which week a goal changed mid-week counts (a week keeps the goal it
        began with: else the change looks ignored until Monday)."""
        if now.goal == before or not now.day.weekday():
            return
        from stretchcli.goals import counts_from
        from stretchcli.text import full_date

        self.env.note(
            f"the weekly goal of {now.goal} counts from the week of "
            f"{full_date(counts_from(now.day))}; this week keeps {before}, the goal it began "
            "with"
        )

    def _goal_files_read(self) -> bool:
        """Whether the config and the plan file (the goal's) can be read, without a word."""
        found = (self._loaded_config(), self._read_plan())
        return not any(isinstance(one, InvalidFileError) for one in found)

    def _goal_now(self) -> Seen:
        from stretchcli.files.goal_log import Seen

        plan, settings = self.plan(), self.config().weekly_goal
        goal = plan.goal(settings) if plan is not None else settings
        return Seen(self.env.wall().date(), goal, settings, plan is not None)

    def warn_once(self, line: str) -> None:
        """A warning said once in a command, however often its cause is met."""
        if line not in self._said:
            self._said.add(line)
            self.env.warn(line)

    @contextmanager
    def changing_goal(self) -> Iterator[None]:
        """Around what may change the weekly goal (the config, the plan): the goal seen
        before and after it, so that the weeks lived under the one before keep it."""
        # Seen before only where the plan and the config can be read: what is wrong with
        # either is for the command itself to say (it may be what it mends).
        before = self._goal_now().goal if self._goal_files_read() else None
        if before is not None:
            self.goals_seen(by_hand=False)
        yield
        self._config = None  # read again: it may have changed
        after = self._goal_now()
        self.goals_seen(changed=True)
        if before is not None and after.goal != before and after.day.weekday():
            from datetime import timedelta

            keeps = self.weekly_goals().of(after.day - timedelta(days=after.day.weekday()))
            self._goal_counts_from(after, keeps)  # (the same where they cannot be read)

    def history(self) -> History:
        """The history of sessions and reminders (opened on first use)."""
        if self._history is None:
            from stretchcli.history.store import History, history_path

            self._history = History(history_path(self.env.environ), self.env.warn, self.env.wall)
            self.sync(self._history)
            from stretchcli.session.kept_aside import adopt

            folder = self._history.path.parent
            now, note, warn = self.env.wall(), self.env.note, self.env.warn
            adopt(self._history, folder, now, note, warn, self.importing)
        return self._history

    def judge(self, change: LevelChange | Session) -> Refused | None:
        """Why no plan makes a level change an import or a sync brings (or no run its
        session's swaps), as this machine knows them (`level_rule.Judge`, read once)."""
        if self._judge is None:
            from stretchcli.history.level_rule import Judge
            from stretchcli.plan.levels import file_ladders

            exercises = self.catalog().exercises
            self._judge = Judge(exercises, file_ladders(exercises), self.plan())
        return self._judge.refused(change)

    def own_folders(self) -> list[OwnFolder]:
        """The folders of stretch's own files, which `-o` never writes over."""
        from stretchcli.cli.own_files import own_folders

        loaded = self._loaded_config()
        folder = None if isinstance(loaded, InvalidFileError) else loaded.sync_folder
        return own_folders(self.env.environ, folder)

    def close(self) -> None:
        """Let go of the history's connection and its files, if it was opened (as the
        command ends: not when Python's collector comes round)."""
        if self._history is not None:
            self._history.close()

    def sync(self, history: History, only_own: bool = False, noted: int | None = None) -> None:
        """With a sync folder: this machine's new sessions written to its file there, and
        (unless `only_own`) the other machines' merged into `history`; `noted`: a session
        given a note here, whose note goes too. Never stops a command: what went wrong, and
        each line refused, is a warning (said once)."""
        import contextlib
        import os
        import sqlite3

        from stretchcli.errors import HistoryError, StretchError, said
        from stretchcli.files.paths import state_dir
        from stretchcli.history.sync_files import POINTER, unusable

        config = self._loaded_config()
        if isinstance(config, InvalidFileError):
            return  # said where the settings are read
        folder = config.sync_folder
        state = state_dir(self.env.environ)
        if not folder:
            if os.path.lexists(state / POINTER):  # sync was turned off
                with contextlib.suppress(OSError):
                    os.unlink(state / POINTER)
            return
        from stretchcli.history import sync
        from stretchcli.history.reachable import there
        from stretchcli.history.store import FILENAME

        try:
            there(state / FILENAME)  # a state folder out of reach: said once, as the history's
        except HistoryError:  # (attack 18, H15: the sync's lock said "File exists" first)
            if self.sync_asked:
                raise
            return
        try:
            if noted is not None:
                sync.noted(history, folder, state, noted)
                return
            # Another process syncing here is not waited for on the way (it merges the same
            # files; a sync stopped with Ctrl-Z held every command 10 s, and cron's check
            # every 5 minutes): only when asked.
            if only_own:
                sync.write_own(history, folder, state, wait=self.sync_asked)
                return
            done = sync.sync(history, folder, state, wait=self.sync_asked, judge=self.judge)
        except OSError as exc:
            self._sync_warn(unusable(folder, exc))
            return
        except (StretchError, sqlite3.Error) as exc:
            if self.sync_asked and isinstance(exc, HistoryError):
                raise  # asked for: a sync that did not happen is the command's error, not a
                # warning under a status as if it had (attack 18, H10: exit 0)
            self._sync_warn(f"sync: {said(exc)}")
            return
        except Exception as exc:  # a sync never stops a command, nor a run's end
            self._sync_warn(f"sync: stopped by {type(exc).__name__}: {said(exc)}; not synced")
            return
        for refusal in () if self.lists_refusals else done.refused:
            merged = "" if refusal.why == sync.SHARED else "; not merged"
            self._sync_warn(f"sync: {os.path.join(folder, refusal.text())}{merged}")
        if done.refused:
            sync.told(state)

    def _sync_warn(self, line: str) -> None:
        """A sync warning, said once however often this command syncs (`remind check` reads
        the history, then writes the reminder to the sync folder)."""
        if line not in self._sync_said:
            self._sync_said.add(line)
            self.env.warn(line)

    def devices(self) -> Devices:
        """The keys, voice and screens of a run: the terminal's, the system's speech command
        and the views' screens (this is where the session is handed them)."""
        if self.given_devices is not None:
            return self.given_devices
        from stretchcli.session.devices import Devices, system_speaker
        from stretchcli.session.terminal import keyboard
        from stretchcli.views.screens import TerminalScreens

        return Devices(keyboard, system_speaker, TerminalScreens())


def application(ctx: typer.Context) -> Application:
    """The Application of the command being run."""
    found = ctx.find_object(Application)
    return found if found is not None else Application(Environment.from_os())
