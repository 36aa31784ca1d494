"""The one line a newcomer's first `stretch run` says about `stretch start`: only with no
plan and no history, at a terminal, and only once (a mark in the state folder says it was said)."""

from __future__ import annotations

import os
import sqlite3

from stretchcli.env import Environment
from stretchcli.errors import StretchError
from stretchcli.files import atomic
from stretchcli.files.paths import state_dir
from stretchcli.files.planfile import plan_path
from stretchcli.history.store import History

HINT = "new here? `stretch start` asks a few questions and makes a plan for you"
MARK = "start-hint-said"


def hint_once(env: Environment, history: History) -> None:
    """Say once that `stretch start` exists, to someone at a terminal with no plan and no
    history; never in the way of the run (any failure here is silent). Scripts and pipes do
    not hear it, and it is not marked as said for them."""
    if not (env.stdin_isatty and env.stdout_isatty):
        return
    mark = state_dir(env.environ) / MARK
    if os.path.lexists(mark) or os.path.lexists(plan_path(env.environ)):
        return
    try:
        if history.latest() is not None:
            return
        atomic.write_text(mark, "said\n")
    except (StretchError, sqlite3.Error, OSError):
        return  # the run matters, not the hint
    env.note(HINT)
