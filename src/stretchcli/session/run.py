"""A guided session from start to end: plan, timeline, output mode, keys, signals, summary.

This is the I/O edge of `stretch run`; the pieces it wires together are pure or injected.
"""

from __future__ import annotations

import contextlib
import sqlite3
import textwrap
from dataclasses import dataclass
from typing import Literal

from stretchcli import safety
from stretchcli.env import Environment
from stretchcli.errors import StretchError, UsageError
from stretchcli.files.catalog import Catalog
from stretchcli.history.store import History, Writer
from stretchcli.model import Phase, Routine
from stretchcli.session.coaching import Coach, lead_in, script
from stretchcli.session.cues import Cues, Speaker, speech_command
from stretchcli.session.runner import Listener, Runner, RunState
from stretchcli.session.terminal import Terminated, keyboard, signals_as_exceptions
from stretchcli.session.timeline import Plan, RunOptions, build, plan
from stretchcli.views.live import SessionInfo

Mode = Literal["live", "plain", "json"]


@dataclass(frozen=True)
class Outcome:
    """How a session ended, for the exit code and the history."""

    state: RunState
    exit_code: int


def choose_mode(env: Environment, plain: bool, as_json: bool) -> Mode:
    """JSON if asked; plain if asked, piped or on a dumb terminal; else the live screen."""
    if as_json:
        return "json"
    if plain or not env.stdout_isatty or env.dumb:
        return "plain"
    return "live"


def session_phases(
    routine: Routine, catalog: Catalog, options: RunOptions, coach: Coach = "full"
) -> tuple[Plan, list[Phase]]:
    """The plan and timeline a run of `routine` with `options` walks."""
    session_plan = plan(routine, catalog.exercises, options)
    if not session_plan.steps:
        why = "; ".join(session_plan.notes) or "check --only, --skip and --avoid"
        raise UsageError(f"nothing left to do in {routine.id}", why)
    phases = build(session_plan.steps, routine.prepare, routine.rest * options.scale, coach)
    return session_plan, phases


PAIN_TRIES = 3


def ask_pain(env: Environment, question: str) -> int | None:
    """A 0-10 pain rating typed at the terminal; Enter (or no terminal) skips it."""
    if not env.stdin_isatty:
        return None
    for _ in range(PAIN_TRIES):
        env.stderr.write(f"{question} 0-10 (0 none, 10 worst; Enter to skip): ")
        env.stderr.flush()
        answer = env.stdin.readline().strip()
        if not answer:
            return None
        if answer.isascii() and answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        env.stderr.write("Please type a whole number from 0 to 10.\n")
    return None


@dataclass(frozen=True)
class Recording:
    """What to remember of a session: the history, and whether to ask about pain."""

    history: History | None
    ask_pain: bool = False
    pain_before: int | None = None


def _start_history(
    env: Environment,
    recording: Recording,
    routine: Routine,
    options: RunOptions,
    phases: list[Phase],
) -> tuple[History, int] | None:
    history = recording.history
    if history is None:
        return None
    pain = recording.pain_before
    if pain is None and recording.ask_pain:
        pain = ask_pain(env, "Before you start: how much pain do you have now,")
    first = RunState(phases)
    from stretchcli.views.reporters import exercise_records

    try:
        return history, history.start(routine.id, options.record(), exercise_records(first), pain)
    except (StretchError, sqlite3.Error) as exc:
        env.stderr.write(f"stretch: warning: this session will not be recorded: {exc}\n")
        return None


FLUSH_SECONDS = 15.0  # at the end, how long to wait for a locked history to take the last write


def _walk(runner: Runner, reporter: Listener) -> int:
    """Run to the end, a `q`, Ctrl-C or a signal; the exit code. The run is always ended
    (and so recorded) whatever stops it."""
    from stretchcli.views.reporters import LiveReporter

    try:
        if isinstance(reporter, LiveReporter):
            with reporter:
                runner.run()
        else:
            runner.run()
    except KeyboardInterrupt:
        runner.stop("interrupted")
        return 130
    except Terminated as exc:
        runner.stop("interrupted")
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (`| head`): end quietly, as SIGPIPE would
        with contextlib.suppress(OSError):  # the history listener runs first, then output
            runner.stop("interrupted")
        return 128 + 13
    except OSError as exc:  # the terminal failed under us: still end and record the run
        with contextlib.suppress(OSError):
            runner.stop("interrupted")
        raise StretchError(f"cannot write the session's output: {exc.strerror}") from None
    return 0


def run_session(
    env: Environment,
    routine: Routine,
    catalog: Catalog,
    options: RunOptions,
    mode: Mode,
    bell: bool,
    voice: bool,
    recording: Recording = Recording(None),
    coach: Coach = "full",
    countdown: bool = False,
) -> Outcome:
    """Run the routine to its end, a `q`, Ctrl-C or a signal; the terminal is always restored.

    The session is recorded from its start, so even an interrupted run is in the history.
    """
    from stretchcli.views.reporters import (
        Fanout,
        HistoryRecorder,
        JsonReporter,
        LiveReporter,
        PlainReporter,
        Voice,
        summary_lines,
    )

    session_plan, phases = session_phases(routine, catalog, options, coach)
    # The exercises as this session does them: variants applied (their own how-to lines).
    steps = [step.exercise for step in session_plan.steps]
    info = SessionInfo(routine.name, steps, script(phases, steps, coach, countdown))
    for note in session_plan.notes:
        env.stderr.write(f"stretch: {note}\n")
    speaker = None
    if voice:
        command = speech_command()
        if command is None:
            env.stderr.write(
                "stretch: warning: no speech command found (say, spd-say, espeak-ng, espeak); "
                "using the bell only\n"
            )
        else:
            speaker = Speaker(command)
    cues = Cues(env.stdout, bell and env.stdout_isatty and mode != "json", speaker)

    reporter: Listener
    if mode == "json":
        env.stderr.write(f"{safety.SHORT} {safety.MORE}\n")
        reporter = JsonReporter(env.stdout, info)
    elif mode == "plain":
        header = [f"{routine.name}. {lead_in(steps)} {safety.MORE}"]
        header += [f"Careful: {caution}" for caution in routine.cautions]
        reporter = PlainReporter(env.stdout, info, header)
    else:
        reporter = LiveReporter(env.console(), info)
    started = _start_history(env, recording, routine, options, phases)

    def warn(message: str) -> None:
        env.stderr.write(f"stretch: warning: {message}\n")

    writer = Writer(warn)
    sound = Voice(cues, info)
    listener: Listener = Fanout(reporter, sound)
    if started is not None:
        # History first: it must be written even if the terminal has gone away.
        recorder = HistoryRecorder(started[0], started[1], writer, session_plan.first_step)
        listener = Fanout(recorder, reporter, sound)

    exit_code = 0
    runner: Runner | None = None

    def suspended() -> None:  # Ctrl-Z: the session waits, paused, for `fg`
        if runner is not None:
            runner.freeze()

    keys_in = keyboard(env.stdin, env.stdout, mode == "live", env.sleep, suspended)
    with signals_as_exceptions():
        try:
            with keys_in as keys:
                runner = Runner(phases, env, keys, listener)
                exit_code = _walk(runner, reporter)
        finally:
            # The record first: a Ctrl-C while "Done. Well done." is said must not lose it.
            if started is not None and not writer.flush(FLUSH_SECONDS):
                warn("the history is busy: the end of this session may not be recorded")
            if speaker and exit_code == 0:
                try:
                    speaker.finish()  # "Done. Well done." is heard out
                finally:
                    speaker.stop()
            elif speaker:
                speaker.stop()
    assert runner is not None
    state = runner.state
    if mode != "json":
        try:
            width = env.width if env.stdout_isatty else 0
            for line in summary_lines(state, info):  # wrapped at words on a terminal
                env.stdout.write((textwrap.fill(line, width) if width else line) + "\n")
            env.stdout.flush()
        except OSError:  # nobody is left to read it (terminal closed, pipe gone)
            return Outcome(state, exit_code)
    if started is not None and recording.ask_pain and exit_code == 0:
        pain_after = ask_pain(env, "And now: how much pain do you have,")
        if pain_after is not None:
            try:
                started[0].set_pain_after(started[1], pain_after)
            except (StretchError, sqlite3.Error) as exc:
                env.stderr.write(f"stretch: warning: could not record the pain rating: {exc}\n")
    return Outcome(state, exit_code)
