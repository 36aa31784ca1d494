"""The two edges of a run that a signal can reach outside its phases: taking the keyboard
(and giving it back), and the wind-up after the last phase (the record, the last words).
A signal at either ends the run with 128+N, never a traceback, and the run is recorded."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager

from stretchcli.env import Environment
from stretchcli.errors import ExitCode
from stretchcli.session.cues import Speaker
from stretchcli.session.devices import KeyboardFactory
from stretchcli.session.runner import Runner, RunState
from stretchcli.session.terminal import Terminated

Walk = Callable[[Runner, AbstractContextManager[object]], int]


def keyed_walk(
    env: Environment,
    keyboard: KeyboardFactory,
    full_screen: bool,
    runner: Runner,
    screen: AbstractContextManager[object],
    walk: Walk,
    speaker: Speaker | None = None,
) -> int:
    """`walk` the run with the terminal's keys (Ctrl-Z pauses it and stops the `speaker`);
    the exit code. Ctrl-C or a signal before the first phase, or while the terminal is
    given back, ends the run too: it is stopped (and so recorded) as interrupted, if it had
    not ended."""
    began = False
    try:
        # Typed or pasted before the run reads its keys (after the pain answer, a second
        # line pasted into the shell): text, never the person's h or n.
        env.drop_typed_ahead()

        def suspended() -> None:  # Ctrl-Z: the session waits, paused and silent, for `fg`
            runner.freeze()
            if speaker is not None:  # in a group of its own: Ctrl-Z does not stop it
                speaker.stop()

        with keyboard(env.stdin, env.stdout, full_screen, env.sleep, suspended) as keys:
            runner.keys = keys
            began = True
            return walk(runner, screen)
    except (KeyboardInterrupt, Terminated) as exc:
        if not began:  # a run of no time (however long it was stopped, in the background)
            runner.state.started = env.now()
        with contextlib.suppress(OSError):
            runner.stop("interrupted")
        return exc.exit_code if isinstance(exc, Terminated) else ExitCode.INTERRUPTED


def wind_up(
    settle: Callable[[bool], bool],
    close: Callable[[], None],
    speaker: Speaker | None,
    state: RunState,
    exit_code: int,
) -> tuple[bool, int]:
    """After the run: its record written first (`settle`: a signal while "Done. Well
    done." is said must not lose it), the history's writer closed, then the last words
    heard out after a finished run only (`q` stops the voice at once), and the voice always
    stopped. Whether the run is recorded, and the exit code: 128+N if a signal came now,
    Ctrl-C as any other. A signal, now or one that ended the run (`exit_code`), cuts the
    wait for a busy history short: `settle` is hurried (it waits a moment, no more: the
    process is asked to end, and only the first signal interrupts, so no second one could),
    and a session the history cannot take is still kept aside after it."""
    signalled = by_signal(exit_code)
    try:  # the voice is stopped whatever comes (a Ctrl-C too: it is not in our group)
        try:
            recorded = settle(signalled)
        except (Terminated, KeyboardInterrupt) as exc:
            exit_code = exc.exit_code if isinstance(exc, Terminated) else ExitCode.INTERRUPTED
            recorded = settle(True)
        try:
            close()
            if speaker and exit_code == ExitCode.OK and state.status == "completed":
                speaker.finish()
        except Terminated as exc:
            exit_code = exc.exit_code
    finally:
        if speaker:
            speaker.stop()
    return recorded, exit_code


def by_signal(exit_code: int) -> bool:
    """Whether a run that ends with `exit_code` was ended by a signal or Ctrl-C (not `q`,
    its end, or a reader gone): then nothing after it waits (the process is asked to end)."""
    return exit_code not in (ExitCode.OK, ExitCode.BROKEN_PIPE)
