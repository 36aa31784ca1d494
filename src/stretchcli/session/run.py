"""A guided session from start to end: plan, timeline, output, keys, signals, history, summary.

This is the I/O edge of `stretch run`; the pieces it wires together are pure or injected
(the clock, the keyboard and the voice come from the Environment).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from stretchcli.env import Environment
from stretchcli.errors import ExitCode, StretchError, UsageError, said
from stretchcli.files.catalog import Catalog
from stretchcli.history.writer import Writer
from stretchcli.model import RATE, Coach, Exercise, Phase
from stretchcli.plan.model import Rules
from stretchcli.plan.rules import DEFAULT_RULES
from stretchcli.plan.words import pain_before_said, pain_earlier_said, who_gentler
from stretchcli.records import Swap
from stretchcli.session import kept_aside, unrecorded
from stretchcli.session.coaching import SessionInfo, script
from stretchcli.session.cues import Cues, Voice
from stretchcli.session.devices import Devices, Mode, single_keys
from stretchcli.session.holds import Coaching
from stretchcli.session.planned import Plan, Withheld
from stretchcli.session.planning import plan
from stretchcli.session.questions import (
    NO_ANSWER,
    ask_go_on,
    ask_pain,
    begun,
    hurt_after,
    rated_after,
)
from stretchcli.session.recorder import (
    BEGUN,
    HistoryRecorder,
    SessionStore,
    is_busy,
    kept_warning,
)
from stretchcli.session.runner import Fanout, Listener, Runner, RunState, results
from stretchcli.session.settings import RunSettings
from stretchcli.session.terminal import NoKeys, Terminated, signals_as_exceptions
from stretchcli.session.timeline import build
from stretchcli.session.unrecorded import Begun
from stretchcli.session.unwind import keyed_walk, wind_up
from stretchcli.session.wording import hurt_said

FLUSH_SECONDS = 15.0  # at the end, how long to wait for a locked history to take the last write
RETRY_PAUSE = 0.5  # seconds between two tries at the end (chosen)
NOTICE_SECONDS = 1.0  # a write at the end longer than this is said as a wait (chosen)
HURRY_SECONDS = 1.0  # after a signal, what a write under way is given (chosen: ends in ~1 s)


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
    plan_: Plan, routine_id: str, coach: Coach = "full", rate: float = RATE
) -> list[Phase]:
    """The timeline a run of the plan walks (a UsageError if the options left nothing)."""
    if not plan_.steps:
        why = "; ".join(plan_.notes) or "check --only, --skip and --avoid"
        raise UsageError(f"nothing left to do in {routine_id}", why)
    return build(plan_, coach, rate)


@dataclass(frozen=True)
class Started:
    """The session's history row as the run starts: what writes it once an exercise is
    begun (None when the history cannot be written at all), the pain rated before it, when
    it started, and whether a busy history was said already."""

    begin: Callable[[], int] | None
    pain: int | None
    at: datetime | None = None
    warned: bool = False
    begun: Begun | None = None  # the row to begin with, for a file if the history is busy
    failure: StretchError | sqlite3.Error | None = None  # the start's look: busy


class NotStarted(Exception):
    """The person chose not to start, their pain before it at or over the ceiling."""

    def __init__(self, pain: int) -> None:
        super().__init__(pain)
        self.pain = pain


def _start_history(
    env: Environment,
    store: SessionStore,
    settings: RunSettings,
    phases: list[Phase],
    swaps: Sequence[Swap],
    rules: Rules,
) -> Started:
    """What writes the session's history row, with this start time, once an exercise is
    begun (see HistoryRecorder); the history is tried now. Another process holding the
    history's write lock only puts it off; any other failure (a damaged history, a full
    disk) leaves the run unrecorded."""
    store.starting()  # from the question before it on, reminders wait
    earlier = pain_earlier_said(settings.rated_lately, rules, env.wall().date())
    if earlier is not None:  # a session today hurt too much (review 19, F17)
        env.note(earlier)
        if env.stdin_isatty and not ask_go_on(env):
            store.not_starting()
            raise NotStarted(settings.rated_lately.after if settings.rated_lately else 0)
    pain = settings.pain_before
    if pain is None and settings.ask_pain:
        pain = ask_pain(env, "Before you start: how much pain do you have now,")
        pain = None if pain == NO_ANSWER else pain
    if pain is not None and pain >= rules.ceiling.value:  # (review 19, F10: 10/10 unsaid)
        env.note(pain_before_said(pain))
        if env.stdin_isatty and not ask_go_on(env):
            store.not_starting()
            raise NotStarted(pain)
    first = results(RunState(phases))
    started = env.wall()
    options = settings.options.record()

    row = (settings.routine, options, first, pain, settings.note, swaps, started)

    begun = Begun(settings.routine, options, pain, settings.note, swaps, started)

    def begin() -> int:
        return store.start(*row, uid=begun.uid)

    try:
        store.probe(*row)
        return Started(begin, pain, started, begun=begun)
    except (StretchError, sqlite3.Error) as exc:
        if is_busy(exc):
            env.warn(kept_warning(exc, begun=False))
            return Started(begin, pain, started, warned=True, begun=begun, failure=exc)
        env.warn(f"this session will not be recorded: {said(exc)}")
        return Started(None, pain)


def _settle(
    env: Environment,
    writer: Writer,
    recorder: HistoryRecorder,
    told: list[bool] | None = None,
    hurried: bool = False,
) -> bool:
    """Wait a bounded time (FLUSH_SECONDS, and the write under way) for the session's last
    state to be written, trying again while the history is busy; whether it is. The wait is
    said once (`told`: said by an earlier wait, one a signal cut short). `hurried` (a signal
    came): the writes under way are given a moment (HURRY_SECONDS; none once the history
    was found busy or the wait said), not tried again nor waited for (nor the history's own
    wait for its lock): what they have not written by then is kept aside, and the process
    ends."""
    told = [] if told is None else told
    if hurried:
        if not told and not is_busy(recorder.failure):
            writer.flush(HURRY_SECONDS)
        return recorder.recorded
    deadline = env.now() + FLUSH_SECONDS
    # Every try from now on waits no longer than what is left (one under way when the wait
    # began waits at most the history's own wait, which is shorter than the whole).
    recorder.patience = lambda: deadline - env.now()
    # Said as the wait begins (else silence, as if it hung): at once when the history was
    # busy at the last try, else once a free history would have taken the write.
    said = not recorder.recorded and is_busy(recorder.failure)
    if not said:
        done = writer.flush(NOTICE_SECONDS)
        said = not recorder.recorded and (not done or is_busy(recorder.failure))
    if said and not told:
        told.append(True)
        wait = f"the history is busy: waiting up to {FLUSH_SECONDS:g} s to record this session"
        recorder.say_instead(lambda: env.note(wait))
    writer.flush(FLUSH_SECONDS)
    while not recorder.recorded and is_busy(recorder.failure) and env.now() < deadline:
        env.sleep(RETRY_PAUSE)
        recorder.retry()
        writer.flush(FLUSH_SECONDS)
    # A write still under way once the wait is over (the run was stopped with Ctrl-Z
    # meanwhile, and `fg` comes after the deadline) is let finish: the history may be free.
    writer.flush(FLUSH_SECONDS)
    return recorder.recorded


def not_recorded(recorder: HistoryRecorder, kept_in: Path | None = None) -> str:
    """The line that says a session could not be written by its end, and why; and, kept
    in a file (`unrecorded.keep`), how to add it."""
    why = _why(recorder)
    if kept_in is not None:
        where = unrecorded.shell_word(kept_in)  # pasted into a shell, for any bytes
        return (
            f"this session is not recorded yet: {why}; it is kept in {where}: "
            f"`stretch history import {where}` adds it once the history is free"
        )
    return f"this session is not recorded: {why}"


def _why(recorder: HistoryRecorder) -> str:
    """Why a session could not be written by its end."""
    failure = recorder.failure
    if failure is None:  # its last write still waits for the lock
        return "the history is still busy"
    if isinstance(failure, StretchError) and is_busy(failure):
        return f"the history is still busy ({failure.hint})" if failure.hint else "busy"
    return said(failure) if isinstance(failure, Exception) else str(failure)


def _walk(runner: Runner, screen: AbstractContextManager[object]) -> int:
    """Run to the end, a `q`, Ctrl-C or a signal, on the `screen` (the live one is left
    first); the exit code. The run is always ended (and so recorded) whatever stops it."""
    try:
        with screen:
            runner.run()
    except KeyboardInterrupt:
        runner.stop("interrupted")
        return ExitCode.INTERRUPTED
    except Terminated as exc:
        runner.stop("interrupted")
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (`| head`): end quietly, as SIGPIPE would
        with contextlib.suppress(OSError):  # the history listener runs first, then output
            runner.stop("interrupted")
        return ExitCode.BROKEN_PIPE
    except OSError as exc:  # the terminal failed under us: still end and record the run
        with contextlib.suppress(OSError):
            runner.stop("interrupted")
        raise StretchError(f"cannot write the session's output: {exc.strerror}") from None
    return ExitCode.OK


def _alternative(exercise: Exercise, catalog: Catalog, avoid: frozenset[str]) -> Exercise | None:
    """The exercise's alternative (the one `--avoid` swaps in), if the catalog has it and it
    has no avoided movement (as `--avoid` would not swap it in either)."""
    if exercise.alternative is None:
        return None
    other = catalog.exercises.get(exercise.alternative)
    return None if other is None or avoid.intersection(other.movements) else other


def run_session(
    env: Environment,
    settings: RunSettings,
    catalog: Catalog,
    store: SessionStore | None,
    devices: Devices,
    planned: bool = False,
    easiest: frozenset[str] = frozenset(),
    rules: Rules = DEFAULT_RULES,
    withheld: Withheld | None = None,
) -> Outcome:
    """Run the routine to its end, a `q`, Ctrl-C or a signal; the terminal is always restored.
    `planned`: the routine is today's of a plan (an exercise that hurts is made gentler,
    unless it is among `easiest`, at its lowest level already); `rules`: the pain rule
    that a rating after the session is answered by at once (the plan's, where there is one);
    `withheld`: what the person's plan takes away from the routine (said as the plan's).

    The session is recorded in `store` from its start (unless it is None), so even an
    interrupted run is in the history; nothing here reads the history (what the run needs
    from it is in `settings`, read before).
    """
    routine = catalog.routine(settings.routine)
    options = settings.options.steps_of([step.exercise for step in routine.steps])
    settings = replace(settings, options=options)
    rate = settings.voice_rate
    session_plan = plan(
        routine,
        catalog.exercises,
        settings.options,
        settings.coach,
        rate,
        settings.cautions_heard,
        withheld,
    )
    phases = session_phases(session_plan, routine.id, settings.coach, rate)
    # The exercises as this session does them: variants applied (their own how-to lines).
    steps = [step.exercise for step in session_plan.steps]
    coaching = Coaching(settings.coach, settings.countdown, rate)
    cues_ = script(phases, steps, coaching, session_plan.intro, session_plan.prepare)
    eased = [
        hurt_said(
            step, _alternative(step, catalog, settings.options.avoid), planned, step.id in easiest
        )
        for step in steps
    ]
    info = SessionInfo(routine.name, steps, cues_, session_plan.intro, eased)
    for note in session_plan.notes:
        env.note(note)
    speaker = None
    if settings.voice:
        speaker = devices.speaker(rate)
        if speaker is None:
            env.warn(
                "no speech command found (say, spd-say, espeak-ng, espeak); using the bell only"
            )
        else:
            speaker.failed = lambda problem: env.warn(f"{problem}; using the bell only")
    mode = choose_mode(env, settings.plain, settings.as_json)
    cues = Cues(env.stdout, settings.bell and env.stdout_isatty and mode != "json", speaker)
    reporter, screen = devices.screens.open(env, mode, info, settings.figures)
    started = (
        Started(None, None)
        if store is None
        else _start_history(env, store, settings, phases, session_plan.swaps, rules)
    )
    pain_before = started.pain

    writer = Writer(env.warn)
    listener: Listener = Fanout(reporter, Voice(cues, info, settings.this_week))
    recorder: HistoryRecorder | None = None
    if store is not None and started.begin is not None:
        # History first: it must be written even if the terminal has gone away.
        recorder = HistoryRecorder(
            store,
            None,
            writer,
            session_plan.first_step,
            started.begin,
            env.warn,
            warned=started.warned,
            wall=env.wall,
            started_at=started.at,
            failure=started.failure,
        )
        listener = Fanout(recorder, listener)

    exit_code: int = ExitCode.OK
    # Its keys come with the keyboard; a signal before that ends a run of no time.
    runner = Runner(phases, env, NoKeys(env.sleep), listener, speaker.waits if speaker else None)
    with signals_as_exceptions():
        try:
            exit_code = keyed_walk(
                env, devices.keyboard, mode == "live", runner, screen, _walk, speaker
            )
        finally:
            told: list[bool] = []

            def settle(hurried: bool) -> bool:
                return recorder is not None and _settle(env, writer, recorder, told, hurried)

            recorded, exit_code = wind_up(settle, writer.close, speaker, runner.state, exit_code)
            if store is not None:
                store.not_starting()
    state = runner.state
    lost = recorder is not None and not recorded
    aside = None  # kept before anything is written: output that fails must not lose it
    ended_as = recorder.ended_as if recorder is not None and recorder.begun else None
    if lost and started.begun is not None and ended_as is not None:
        aside = unrecorded.keep(env, started.begun, ended_as)
    if started.warned and recorder is not None and not recorder.begun:
        env.note("no exercise of this session was begun: nothing of it is kept")
    # Which session of the week it was: said only of one the history holds.
    kept = recorder is not None and recorder.begun and not lost
    week = settings.this_week if kept else None
    if mode != "json" and not devices.screens.summary(env, state, info, week, bool(kept)):
        if recorder is not None and lost:  # its file is still named, on stderr
            env.error(StretchError(not_recorded(recorder, aside.path if aside else None)))
            return Outcome(state, exit_code or ExitCode.FAILURE)
        return Outcome(state, exit_code)  # nobody is left to ask
    session_id = recorder.session_id if recorder is not None and recorded else None
    # Nothing begun (every exercise skipped): no rating is asked of a session not done; one
    # that hurt is asked how much it hurts now (review 19, F5: `h` at once asked nothing).
    done_any = any(result.status in BEGUN for result in results(state))
    if recorder is not None and lost:
        if aside is not None and settings.ask_pain and not exit_code and done_any:
            # Asked as of a recorded session (pain of 8/10 is answered at once), kept with it.
            env.drop_typed_ahead()
            by = (aside.set_pain_after, aside.set_difficulty)
            if rated_after(
                env, by, None, pain_before, rules, who_gentler(planned, settings.options.scale)
            ):
                key = single_keys(env, devices.keyboard)
                choices = begun(state, info)
                hurt_after(env, aside.set_hurt, choices, planned, key, easiest, bool(state.hurt))
            # Time went by at the questions: the history may be free (a row another command
            # added from the file meanwhile gets the answers given since).
            failure = kept_aside.record(store, aside, env.wall)
            if failure is None:
                env.note("the history is free again: this session is recorded, with your answers")
                return Outcome(state, exit_code)
            recorder.failure = failure  # the end says what this newest try met
        if mode == "json":  # said on the output too: a program reading it can tell
            unrecorded.write_event(env.stdout, _why(recorder), aside.path if aside else None)
        env.error(StretchError(not_recorded(recorder, aside.path if aside else None)))
        return Outcome(state, exit_code or ExitCode.FAILURE)  # not recorded: an error
    asked = store is not None and session_id is not None and settings.ask_pain and not exit_code
    if asked:
        env.drop_typed_ahead()
    if asked and done_any and store is not None and session_id is not None:
        kept_by = (store.set_pain_after, store.set_difficulty)
        if rated_after(
            env,
            kept_by,
            session_id,
            pain_before,
            rules,
            who_gentler(planned, settings.options.scale),
        ):
            key = single_keys(env, devices.keyboard)
            choices = begun(state, info)
            mark = partial(store.set_hurt, session_id)
            hurt_after(env, mark, choices, planned, key, easiest, bool(state.hurt))
    return Outcome(state, exit_code)
