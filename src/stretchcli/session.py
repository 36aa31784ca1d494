"""A guided session from start to end: plan, timeline, output mode, keys, signals, summary.

This is the I/O edge of `stretch run`; the pieces it wires together are pure or injected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stretchcli import safety
from stretchcli.catalog import Catalog
from stretchcli.cues import Cues, Speaker, speech_command
from stretchcli.env import Environment
from stretchcli.errors import UsageError
from stretchcli.model import Phase, Routine
from stretchcli.runner import Listener, Runner, RunState
from stretchcli.session_view import SessionInfo
from stretchcli.terminal import Terminated, keyboard, signals_as_exceptions
from stretchcli.timeline import Plan, RunOptions, build, plan

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
    routine: Routine, catalog: Catalog, options: RunOptions
) -> tuple[Plan, list[Phase]]:
    """The plan and timeline a run of `routine` with `options` walks."""
    session_plan = plan(routine, catalog.exercises, options)
    if not session_plan.steps:
        raise UsageError(f"nothing left to do in {routine.id}", "check --only, --skip and --avoid")
    phases = build(session_plan.steps, routine.prepare, routine.rest * options.scale)
    return session_plan, phases


def run_session(
    env: Environment,
    routine: Routine,
    catalog: Catalog,
    options: RunOptions,
    mode: Mode,
    bell: bool,
    voice: bool,
) -> Outcome:
    """Run the routine to its end, a `q`, Ctrl-C or a signal; the terminal is always restored."""
    from stretchcli.reporters import JsonReporter, LiveReporter, PlainReporter, summary_lines

    session_plan, phases = session_phases(routine, catalog, options)
    info = SessionInfo.of(routine.name, phases, catalog.exercises)
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

    console = env.console()
    reporter: Listener
    if mode == "json":
        env.stderr.write(safety.SHORT + "\n")
        reporter = JsonReporter(env.stdout)
    elif mode == "plain":
        env.stdout.write(f"{routine.name}. {safety.SHORT}\n")
        reporter = PlainReporter(env.stdout, info, cues)
    else:
        reporter = LiveReporter(console, info, cues)

    exit_code = 0
    runner: Runner | None = None

    def suspended() -> None:  # Ctrl-Z: the session waits, paused, for `fg`
        if runner is not None:
            runner.freeze()

    keys_in = keyboard(env.stdin, env.stdout, mode == "live", env.sleep, suspended)
    with signals_as_exceptions(), keys_in as keys:
        runner = Runner(phases, env, keys, reporter)
        try:
            if isinstance(reporter, LiveReporter):
                with reporter:
                    runner.run()
            else:
                runner.run()
        except KeyboardInterrupt:
            runner.stop("interrupted")
            exit_code = 130
        except Terminated as exc:
            runner.stop("interrupted")
            exit_code = exc.exit_code
        finally:
            if speaker:
                speaker.stop()
    state = runner.state
    if mode != "json":
        for line in summary_lines(state, info):
            env.stdout.write(line + "\n")
        env.stdout.flush()
    return Outcome(state, exit_code)
