"""The one line a newcomer's first `stretch run` says about `stretch start`: only with no
plan and no history, at a terminal, and only once (a mark in the state folder says it was said);
and, at every run, that a plan `stretch start` made waits for a clinician's check."""

from __future__ import annotations

import os

from stretchcli.env import Environment
from stretchcli.errors import StretchError
from stretchcli.files import atomic, guarded
from stretchcli.files.paths import config_dir, state_dir
from stretchcli.files.planfile import AFTER_CHECK, plan_path
from stretchcli.files.yamldoc import MAX_BYTES

HINT = "new here? `stretch start` asks a few questions and makes a plan for you"
MARK = "start-hint-said"


def may_hint(env: Environment) -> bool:
    """Whether the hint may be said (then the history is asked whether there is a session
    yet): at a terminal, with no plan (nor one waiting: start was run) and the hint not
    said before."""
    if not (env.stdin_isatty and env.stdout_isatty):
        return False
    mark = state_dir(env.environ) / MARK
    waiting = config_dir(env.environ) / AFTER_CHECK  # start was run (review 19, F16)
    return not any(map(os.path.lexists, (mark, plan_path(env.environ), waiting)))


def hint_once(env: Environment, newcomer: bool) -> None:
    """Say once that `stretch start` exists, to someone at a terminal with no plan and no
    history (`newcomer`, read before the run); never in the way of the run (any failure here
    is silent). Scripts and pipes do not hear it, and it is not marked as said for them."""
    if not (newcomer and may_hint(env)):
        return
    try:
        atomic.write_text(state_dir(env.environ) / MARK, "said\n", state=True)
    except (StretchError, OSError):
        return  # the run matters, not the hint
    env.note(HINT)


def waiting_path(env: Environment) -> str | None:
    """The plan that waits for a clinician's check (`stretch start` wrote it beside the
    current plan), as `waiting_said` names it; None where there is none, it is the plan in
    use already, or it cannot be read (a fifo there is never waited on: attack 16, H9)."""
    waiting = config_dir(env.environ) / AFTER_CHECK
    try:
        text = guarded.read_bytes(waiting, MAX_BYTES)
    except OSError:
        return None
    try:
        adopted = guarded.read_bytes(plan_path(env.environ), MAX_BYTES) == text
    except OSError:
        adopted = False
    return None if adopted else str(waiting)


def waiting_said(env: Environment) -> None:
    """Say that a plan waits for a clinician's check of the pain between the shoulder blades
    and how to adopt it; nothing once it is the current plan, or where it cannot be read."""
    waiting = waiting_path(env)
    if waiting is not None:
        env.note(
            "a plan waits for a clinician to check the pain between your shoulder blades; once "
            f"it is checked, adopt it with `stretch plan use {waiting}`"
        )
