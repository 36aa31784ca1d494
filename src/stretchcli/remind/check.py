"""`stretch remind check`, which the scheduler runs every few minutes: it writes down what it
sees (idle, locked, quiet), and when a reminder is due, the person is at the screen and
nothing asks for quiet, shows a notification; its answer recorded and acted on.

Checks at the same time (a timer catching up after sleep while the person types `stretch
remind check`, or two schedulers) take turns: whether a reminder is due is decided, and the
reminder recorded as waiting for its answer, under one lock in the state folder; a second
check waits for that moment and then finds the reminder recorded (not due). The notification
is shown after the lock is let go, as it waits minutes for its answer. A check that cannot
have the lock within BUSY_WAIT (another one stuck) skips, quietly: checks never pile up
behind a stuck one, and the next one, minutes later, looks again."""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from stretchcli.files.config import Config
from stretchcli.files.lock import BUSY_WAIT, held
from stretchcli.history.store import History
from stretchcli.records import ANSWER_WAIT, Outcome
from stretchcli.remind import failures, presence_log
from stretchcli.remind.facts import configured, due_now
from stretchcli.remind.notify import SHOWN, Notice, NotShown, notify
from stretchcli.remind.presence import QUIET, Seen
from stretchcli.remind.schedule import (
    NOTIFICATION_SNOOZE,
    RETRY,
    at_words,
    later,
    retrying,
    snoozed_until,
    when,
)
from stretchcli.remind.state_files import CHECK_LOCK
from stretchcli.remind.system import CommandError, start, stretch_command


def check(
    config: Config,
    history: History,
    environ: Mapping[str, str],
    length: Callable[[str], float | None],
    sense: Callable[[datetime], Seen],
    platform: str,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Remind if a reminder is due; one line saying what happened (for the scheduler's log).
    `length` gives a routine's length in seconds (None: no such routine); `sense` says what
    the person's machine shows at a moment; `monotonic` and `sleep` time the wait for the
    lock."""
    if not config.remind:
        return "reminders are off"
    schedule = configured(config)
    seen = sense(history.now())
    presence_log.record(history.path.parent, seen, history.now())
    routine = schedule.routine
    lock = history.path.parent / CHECK_LOCK
    with held(lock, within=BUSY_WAIT, now=monotonic, sleep=sleep) as got:
        if not got:
            return SKIPPED
        due = due_now(schedule, history)
        if due.state != "due":
            return f"not due: {when(due, history.now())}"
        if due.failed is not None:
            return f"due, but {retrying(due, history.now())}"
        if seen.locked:
            return "due, but the screen is locked: no reminder now"
        if seen.away(timedelta(minutes=schedule.pause)):
            return "due, but idle: no reminder now"
        if seen.quiet:
            return f"due, but {QUIET[seen.quiet]}: no reminder until that is over"
        notice = notice_for(routine, length(routine), config.terminal)
        reminder = history.add_reminder(routine, "waiting", "notification")
    try:
        key = notify(notice, environ, platform)
    except NotShown as exc:
        history.answer_reminder(reminder, "failed")
        failures.record(history.path.parent, history.now())
        again = at_words(later(history.now(), RETRY.total_seconds() / 60), history.now())
        raise CommandError(f"could not show the reminder: {exc}; trying again at {again}") from None
    outcome = _outcome(key)
    until = later(history.now(), NOTIFICATION_SNOOZE) if key == "snooze" else None
    if key == "start":
        try:
            program, *rest = shlex.split(config.terminal)  # `~/bin/kitty` as a shell reads it
            terminal = [os.path.expanduser(program), *rest]
            start([*terminal, *stretch_command(), "run", routine], environ)
        except CommandError:
            history.answer_reminder(reminder, "no answer")
            raise
    history.answer_reminder(reminder, outcome, until)
    said = f"reminded to do {routine}: "
    return said + (snoozed_until(until, history.now()) if until else outcome)


SKIPPED = "skipped: another check is still deciding (the next check looks again)"


def _outcome(key: str) -> Outcome:
    """What a notification's answer means for the history."""
    if key == "start":
        return "started"
    if key == "snooze":
        return "snoozed"
    if key == "skip":
        return "skipped"
    return "shown" if key == SHOWN else "no answer"


def notice_for(routine: str, seconds: float | None, terminal: str) -> Notice:
    """The notification of a reminder: Start only where a terminal command is set."""
    length = f", {max(1, round(seconds / 60))} min" if seconds else ""
    snooze = ("snooze", f"Snooze {NOTIFICATION_SNOOZE} min")
    buttons: tuple[tuple[str, str], ...] = (snooze, ("skip", "Skip"))
    if terminal.strip():
        body = "Start opens it in a terminal."
        buttons = (("start", "Start"), *buttons)
    else:
        body = f"Type stretch run {routine} in a terminal."  # read as is, no backticks
    body += " Stop if you feel sharp pain, numbness or tingling."
    click = "start" if terminal.strip() else None  # a click on it: as Start
    return Notice(f"Time to stretch: {routine}{length}", body, buttons, ANSWER_WAIT, click)
