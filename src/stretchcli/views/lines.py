"""A session as lines of text: one plain line per phase (for pipes, logs and screen readers),
or one JSON object per phase (for programs), and the summary at the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from stretchcli.model import Phase
from stretchcli.session.coaching import SessionInfo
from stretchcli.session.recorder import BEGUN
from stretchcli.session.runner import RunState, results
from stretchcli.session.wording import WHEN_TO_STOP, ordinal
from stretchcli.text import clock, display_name, json_text, one_line, wrapped
from stretchcli.views.phases import WORDS, counters


def summary_lines(
    state: RunState, info: SessionInfo, this_week: int | None = None, kept: bool = True
) -> list[str]:
    """The end of a session in a few lines: status, time, exercises done and skipped, and
    which session of the week it was (`this_week`: the ones before it, when known);
    `kept`: whether the history holds it."""
    done = results(state)
    names_by_step = [display_name(e.name, e.variant) for e in info.steps]
    verb = {"completed": "Finished", "stopped": "Stopped", "interrupted": "Interrupted"}
    elapsed = clock(state.elapsed(state.ended))
    lines = [f"{verb[state.status or 'stopped']} {info.title} in {elapsed}."]
    labels = {"partial": "partly done", "hurt": "ended because it hurt"}
    for status in ("done", "partial", "hurt", "skipped", "not reached"):
        names = [names_by_step[i] for i, r in enumerate(done) if r.status == status]
        if names:
            label = labels.get(status, status)
            lines.append(f"{label}: {', '.join(names)}")
    # (verify 27, NEW-8: no word of it; verify 28, M1: said of one held a few seconds, kept)
    if not kept and not any(r.status in BEGUN for r in done):
        lines.append("Nothing was held, so this session is not recorded.")
    if any(r.status == "hurt" for r in done):  # the live screen's calm line is gone by now
        lines.append(WHEN_TO_STOP)  # (review 19, F5)
    counted = state.status == "completed" or any(r.status == "done" for r in done)
    if this_week is not None and counted:
        lines.append(f"Your {ordinal(this_week + 1)} session this week.")
    return lines


def write_summary(
    out: IO[str],
    width: int,
    state: RunState,
    info: SessionInfo,
    this_week: int | None = None,
    kept: bool = True,
) -> bool:
    """Write the summary (wrapped at words to `width`, 0 for none); False if nobody is left to
    read it (the terminal closed, the pipe gone)."""
    try:
        for line in map(one_line, summary_lines(state, info, this_week, kept)):
            out.write("".join(part + "\n" for part in wrapped([line], width)))
        out.flush()
    except OSError:
        return False
    return True


def plain_line(phase: Phase, phases: Sequence[Phase], info: SessionInfo, at: float) -> str:
    """One readable line for a phase starting `at` seconds into the session (as it runs:
    after a skip, a hurt exercise or a longer hold, not the plan's time), with its cue, so
    that the whole routine can be done from plain output alone, and in words a screen reader
    reads well (no symbols):
    ' 0:24  hold 30 seconds        Rhomboid stretch, rep 1 of 3: Reach forward.'
    A get-ready line also says in words the position its picture shows."""
    cue = info.cue(phase)
    what = f"{WORDS[phase.kind].lower()} {seconds_said(phase.duration)}"
    start = f"{clock(at):>5}  {what:<22}"
    if phase.kind == "rest":  # its cue says what comes next
        return f"{start} {cue.text}"
    detail = info.name(phase)
    if phase.side:
        detail += f", {phase.side} side"
    count = counters(phase, phases, words=True)
    if phase.kind == "hold" and count:
        detail += f", {count}"
    text = cue.text + (f" Careful: {cue.caution}" if cue.caution else "")
    figure = info.exercise(phase).figure
    if phase.kind == "prepare" and figure is not None:  # the picture, for who cannot see it
        text += f" The position held: {figure.description}."
    return f"{start} {detail}: {text}"


def seconds_said(seconds: float) -> str:
    """'30 seconds', '1 second', '2.5 seconds'."""
    return f"{seconds:g} second{'' if seconds == 1 else 's'}"


KEYS_SAID = (
    "Keys: space pauses and resumes, n goes to the next phase, b goes back, plus and minus "
    "make the hold 5 seconds longer or shorter, h ends an exercise that hurts, q stops."
)


class PlainReporter:
    """One line per phase, for logs, pipes and screen readers, after a `header` (written as
    the session starts, so that a failing output ends a session that is already recorded)."""

    def __init__(self, out: IO[str], info: SessionInfo, header: Sequence[str] = ()) -> None:
        self.out = out
        self.info = info
        self.header = list(header)

    def _line(self, text: str) -> None:
        self.out.write(one_line(text) + "\n")
        self.out.flush()

    def phase_started(self, state: RunState, now: float) -> None:
        for line in self.header:
            self._line(line)
        self.header = []
        self._line(plain_line(state.phase, state.phases, self.info, state.elapsed(now)))

    def tick(self, state: RunState, now: float) -> None:
        pass

    def paused(self, state: RunState, now: float) -> None:
        self._line("paused (space to resume)" if state.paused_at is not None else "resumed")

    def hurt(self, state: RunState, now: float) -> None:
        if state.eased is not None:
            self._line(self.info.eased[state.eased[1]])

    def ended(self, state: RunState, now: float) -> None:
        pass


class JsonReporter:
    """One JSON object per phase, written and flushed as it starts, then an end line."""

    def __init__(self, out: IO[str], info: SessionInfo) -> None:
        self.out = out
        self.info = info

    def _write(self, record: dict[str, object]) -> None:
        self.out.write(json_text(record, indent=None, ascii_only=True) + "\n")
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
                "spoken": [{"at": said.at, "text": said.text} for said in cue.spoken],
                "caution": cue.caution,
                "pose": _pose(phase, self.info),
            }
        )

    def tick(self, state: RunState, now: float) -> None:
        pass

    def paused(self, state: RunState, now: float) -> None:
        pass

    def hurt(self, state: RunState, now: float) -> None:
        if state.eased is None:
            return
        step = state.eased[1]
        self._write(
            {
                "event": "hurt",
                "exercise": self.info.steps[step].id,
                "step": step,
                "index": state.index,  # the phase it was pressed in
                "elapsed": round(state.elapsed(now), 3),
                "said": self.info.eased[step],
            }
        )

    def ended(self, state: RunState, now: float) -> None:
        elapsed = round(state.elapsed(now), 3)
        self._write({"event": "end", "status": state.status, "elapsed": elapsed})


def _pose(phase: Phase, info: SessionInfo) -> str | None:
    """Which of the exercise's figures the phase shows: "end" in a hold, else "start"."""
    if info.exercise(phase).figure is None:
        return None
    return "end" if phase.kind == "hold" else "start"
