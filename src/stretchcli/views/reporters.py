"""Listeners that turn a running session into output: live screen, plain lines or JSON lines."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.live import Live

from stretchcli.history.store import ExerciseRecord, History, Writer
from stretchcli.session import runner as runner_module
from stretchcli.session.cues import Cues
from stretchcli.session.runner import Listener, RunState
from stretchcli.text import clock
from stretchcli.views.live import SessionInfo, display_name, plain_line, session_view


def summary_lines(state: RunState, info: SessionInfo) -> list[str]:
    """The end of a session in a few lines: status, time, exercises done and skipped."""
    results = runner_module.results(state)
    names_by_step = [display_name(e) for e in info.steps]
    verb = {"completed": "Finished", "stopped": "Stopped", "interrupted": "Interrupted"}
    elapsed = clock(state.elapsed(state.ended))
    lines = [f"{verb[state.status or 'stopped']} {info.title} in {elapsed}."]
    for status in ("done", "partial", "skipped", "not reached"):
        names = [names_by_step[i] for i, r in enumerate(results) if r.status == status]
        if names:
            label = "partly done" if status == "partial" else status
            lines.append(f"{label}: {', '.join(names)}")
    return lines


class LiveReporter:
    """The full-screen live display, redrawn by the runner's own loop (no refresh thread)."""

    def __init__(self, console: Console, info: SessionInfo) -> None:
        self.console = console
        self.info = info
        self.live = Live(
            console=console,
            screen=True,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
            transient=True,
        )

    def __enter__(self) -> LiveReporter:
        self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):  # the terminal is gone: nothing left to restore
            self.live.stop()

    def _draw(self, state: RunState, now: float) -> None:
        view = session_view(state, self.info, now, self.console.size.width)
        self.live.update(view, refresh=True)
        left = clock(state.remaining(now))
        self.console.set_window_title(f"{left} {self.info.title}")

    def phase_started(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def tick(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def paused(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def ended(self, state: RunState, now: float) -> None:
        pass


class PlainReporter:
    """One line per phase, for logs, pipes and screen readers, after a `header` (written as
    the session starts, so that a failing output ends a session that is already recorded)."""

    def __init__(self, out: IO[str], info: SessionInfo, header: Sequence[str] = ()) -> None:
        self.out = out
        self.info = info
        self.header = list(header)

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def phase_started(self, state: RunState, now: float) -> None:
        for line in self.header:
            self._line(line)
        self.header = []
        self._line(plain_line(state.phase, state.phases, self.info))

    def tick(self, state: RunState, now: float) -> None:
        pass

    def paused(self, state: RunState, now: float) -> None:
        self._line("paused (space to resume)" if state.paused_at is not None else "resumed")

    def ended(self, state: RunState, now: float) -> None:
        pass


class JsonReporter:
    """One JSON object per phase, written and flushed as it starts, then an end line."""

    def __init__(self, out: IO[str], info: SessionInfo) -> None:
        self.out = out
        self.info = info

    def _write(self, record: dict[str, object]) -> None:
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()

    def phase_started(self, state: RunState, now: float) -> None:
        phase = state.phase
        cue = self.info.cue(phase)
        self._write(
            {
                "event": "phase",
                "index": phase.index,
                "kind": phase.kind,
                "exercise": phase.exercise,
                "side": phase.side,
                "set": phase.set,
                "rep": phase.rep,
                "duration": phase.duration,
                "offset": phase.offset,
                "cue": cue.text,
                "say": cue.say,
                "caution": cue.caution,
            }
        )

    def tick(self, state: RunState, now: float) -> None:
        pass

    def paused(self, state: RunState, now: float) -> None:
        pass

    def ended(self, state: RunState, now: float) -> None:
        elapsed = round(state.elapsed(now), 3)
        self._write({"event": "end", "status": state.status, "elapsed": elapsed})


class Voice:
    """The bell and the spoken cues of the script, the same whatever the output mode (the
    JSON is for a program, the words for the person): it listens beside the output."""

    def __init__(self, cues: Cues, info: SessionInfo) -> None:
        self.cues = cues
        self.info = info

    def phase_started(self, state: RunState, now: float) -> None:
        self.cues.phase(state.phase, self.info.cue(state.phase), state.jumped)

    def tick(self, state: RunState, now: float) -> None:
        paused = state.paused_at is not None
        self.cues.tick(self.info.cue(state.phase), state.remaining(now), paused)

    def paused(self, state: RunState, now: float) -> None:
        self.cues.paused(state.paused_at is not None)

    def ended(self, state: RunState, now: float) -> None:
        self.cues.end(state.status == "completed")


class Fanout:
    """Passes every event to several listeners, in order."""

    def __init__(self, *listeners: Listener) -> None:
        self.listeners = listeners

    def phase_started(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.phase_started(state, now)

    def tick(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.tick(state, now)

    def paused(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.paused(state, now)

    def ended(self, state: RunState, now: float) -> None:
        for listener in self.listeners:
            listener.ended(state, now)


def exercise_records(state: RunState) -> list[ExerciseRecord]:
    """The per-exercise progress of a session, as the history stores it."""
    return [
        ExerciseRecord(r.exercise, r.status, r.holds, r.done) for r in runner_module.results(state)
    ]


PROGRESS_EVERY = 5.0  # seconds: a killed run loses at most this much of its record


class HistoryRecorder:
    """Keeps the session's history row up to date, on the history's own writer thread: at
    every phase start and every few seconds between, and at the end. `first_step` is the
    routine step the session began at (a resumed run), so steps are stored as the routine's."""

    def __init__(
        self, history: History, session_id: int, writer: Writer, first_step: int = 0
    ) -> None:
        self.history = history
        self.session_id = session_id
        self.writer = writer
        self.first_step = first_step
        self.saved_at: float | None = None

    def _progress(self, state: RunState, now: float) -> None:
        seconds = state.elapsed(now)
        records = exercise_records(state)
        step = self.first_step + state.phase.step
        self.saved_at = now
        self.writer.submit(
            "progress",
            lambda: self.history.progress(self.session_id, seconds, records, step),
        )

    def phase_started(self, state: RunState, now: float) -> None:
        self._progress(state, now)

    def tick(self, state: RunState, now: float) -> None:
        if self.saved_at is None or now - self.saved_at >= PROGRESS_EVERY:
            self._progress(state, now)

    def paused(self, state: RunState, now: float) -> None:
        self._progress(state, now)

    def ended(self, state: RunState, now: float) -> None:
        status = state.status or "interrupted"
        seconds = state.elapsed(now)
        records = exercise_records(state)
        last = self.first_step + state.phase.step
        self.writer.submit(
            "finish",
            lambda: self.history.finish(self.session_id, status, seconds, records, last),
        )
