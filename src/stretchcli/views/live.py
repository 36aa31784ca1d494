"""The live screen of a guided session: a panel redrawn by the runner's own loop.

`session_view` is a pure function of the session state and the time: easy to test at any
width.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Sequence

from rich import box
from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from stretchcli.model import Figure, Phase
from stretchcli.session.coaching import SessionInfo, lead_in
from stretchcli.session.runner import RunState
from stretchcli.text import clock, one_line, secs
from stretchcli.views import bigdigits
from stretchcli.views.figure import Drawing, draw, styled
from stretchcli.views.pose import blend, joints_of

WORDS = {
    "prepare": "GET READY",
    "hold": "HOLD",
    "relax": "RELAX",
    "rest": "REST",
    "switch": "SWITCH SIDES",
}
COLOURS = {
    "prepare": "yellow",
    "hold": "bold green",
    "relax": "cyan",
    "rest": "magenta",
    "switch": "bold yellow",
}
# The figure beside the countdown, in characters (braille: 52 x 48 dots), and the smallest
# screen it is drawn on: decided by looking at 80x24 (no room: hidden) and 100x30.
FIGURE_SIZE = (26, 12)
FIGURE_SCREEN = (96, 28)
EASE_SECONDS = 1.0  # a hold's figure moves from the start to the held position over this
KEYS_HELP = "space pause · n next · b back · +/- 5 s · q quit"
KEYS_HELP_NARROW = "space pause · n next · b back · q quit"


def _reps(phases: Sequence[Phase], step: int) -> int:
    """How many reps (per side) the step has."""
    return max((p.rep or 0 for p in phases if p.step == step), default=0)


def counters(phase: Phase, phases: Sequence[Phase]) -> str:
    """'set 1/2 · rep 4/10' for the phase's exercise (reps counted per side)."""
    sets = max((p.set for p in phases if p.step == phase.step), default=1)
    reps = _reps(phases, phase.step)
    parts = []
    if sets > 1:
        parts.append(f"set {phase.set}/{sets}")
    if phase.rep is not None and reps:
        parts.append(f"rep {phase.rep}/{reps}")
    return " · ".join(parts)


def next_text(state: RunState, info: SessionInfo) -> str:
    """What comes after the current phase, in a few words."""
    if state.index + 1 >= len(state.phases):
        return "next: the end"
    upcoming = state.phases[state.index + 1]
    word = WORDS[upcoming.kind].lower()
    text = f"next: {word} {secs(upcoming.duration)}"
    if upcoming.step != state.phase.step:
        text += f" · {info.name(upcoming)}"
    elif upcoming.kind == "relax" and upcoming.rep is not None:
        side = f" {upcoming.side}" if upcoming.side and upcoming.side != state.phase.side else ""
        text += f", then{side} rep {upcoming.rep}/{_reps(state.phases, upcoming.step)}"
    elif upcoming.kind == "hold" and upcoming.rep is not None:
        side = f" {upcoming.side}" if upcoming.side else ""
        reps = _reps(state.phases, upcoming.step)
        text = f"next: hold {secs(upcoming.duration)}{side} · rep {upcoming.rep}/{reps}"
    return text


def coming_up(state: RunState, info: SessionInfo) -> str | None:
    """During a pause between holds, what the next hold of the exercise asks."""
    phase = state.phase
    if phase.kind not in ("relax", "switch"):
        return None
    upcoming = next((p for p in state.phases[state.index + 1 :] if p.kind == "hold"), None)
    if upcoming is None or upcoming.step != phase.step:
        return None
    return "then: " + info.cue(upcoming).text


def phase_figure(state: RunState, info: SessionInfo, now: float) -> Drawing | None:
    """The position to be in now: get-ready and the pauses show the start, a hold the
    held position (moved into over its first second), relax moves back; the right side is
    the left mirrored. None for an exercise without a figure."""
    phase = state.phase
    figure = info.exercise(phase).figure
    if figure is None:
        return None
    start, end = joints_of(figure.start), joints_of(figure.end)
    into = phase.duration - state.remaining(now)
    t = round(min(1.0, max(0.0, into / EASE_SECONDS)), 1)  # a few steps, each drawn once
    if phase.kind == "hold":
        joints = blend(start, end, t)
    elif phase.kind == "relax":
        joints = blend(end, start, t)
    else:
        joints = start
    return _drawn(figure, tuple(sorted(joints.items())), phase.side == "right")


@functools.lru_cache(maxsize=64)
def _drawn(figure: Figure, joints: tuple[tuple[str, float], ...], mirror: bool) -> Drawing:
    """A figure drawn once per pose: the screen is redrawn every second, the pose seldom
    changes."""
    columns, rows = FIGURE_SIZE
    return draw(figure, dict(joints), columns, rows, mirror)


def session_view(
    state: RunState,
    info: SessionInfo,
    now: float,
    width: int,
    height: int = 0,
    figures: bool = True,
) -> RenderableType:
    """The whole live screen for a moment of the session; with `figures`, the position to be
    in is drawn beside the countdown on a screen of at least FIGURE_SCREEN."""
    phase = state.phase
    colour = COLOURS[phase.kind]
    paused = state.paused_at is not None
    word = "PAUSED" if paused else WORDS[phase.kind]
    heading = Table.grid(expand=True)
    heading.add_column(ratio=1)
    heading.add_column(justify="right")
    name = info.name(phase).upper()
    if phase.side:
        name += f" · {phase.side.upper()} SIDE"
    heading.add_row(Text(name, style="bold"), Text(counters(phase, state.phases)))

    digits = bigdigits.countdown(state.remaining(now))
    big = Text("\n".join(bigdigits.render(digits)), style=colour, no_wrap=True)
    word_text = Text(word, style="bold reverse" if paused else colour)
    if paused:
        word_text.append("\nspace to resume", style="")
    clock_row = Table.grid(padding=(0, 3))
    clock_row.add_column(no_wrap=True)
    clock_row.add_column()
    narrow = width < bigdigits.width(digits) + 24
    drawing = None
    if figures and width >= FIGURE_SCREEN[0] and height >= FIGURE_SCREEN[1]:
        drawing = phase_figure(state, info, now)
    if narrow:
        body: RenderableType = Group(Align.center(word_text), Align.center(big))
    elif drawing is not None:
        counting = Group(Text(""), big, Text(""), word_text)  # beside the taller figure
        clock_row.add_row(counting, styled(drawing, colour))
        body = Align.center(clock_row)
    else:
        clock_row.add_row(big, word_text)
        body = Align.center(clock_row)

    cue = info.cue(phase)
    lines: list[RenderableType] = [heading, Text(""), body, Text("")]
    lines += [Text(line, style="bold") for line in cue.lines]
    after = coming_up(state, info)
    if after:
        lines.append(Text(after, style="italic"))
    if cue.caution:
        lines.append(Text(f"Careful: {cue.caution}", style="yellow"))
    if state.index == 0:  # the lead-in, for the whole first get-ready
        lines.append(Text(lead_in(info.steps), style="bold yellow"))
    lines += [Text(""), Text(next_text(state, info), style="dim")]
    panel = Panel(
        Group(*lines),
        title=Text(info.title, style="bold"),
        title_align="left",
        subtitle=f"exercise {phase.step + 1}/{info.count}",
        subtitle_align="right",
        box=box.ROUNDED,
        border_style=colour.replace("bold ", ""),
        padding=(0, 1),
    )
    left = state.time_left(now)
    total = max(math.fsum(p.duration for p in state.phases), left)  # `+` can make it longer
    progress = Table.grid(expand=True, padding=(0, 1))
    progress.add_column(ratio=1)
    progress.add_column(no_wrap=True, justify="right")
    progress.add_row(
        ProgressBar(total=total, completed=total - left, width=None),
        Text(f"{clock(left)} left of {clock(total)}"),
    )
    keys = KEYS_HELP if width >= len(KEYS_HELP) else KEYS_HELP_NARROW
    return Group(panel, progress, Text(keys, style="dim"))


class LiveReporter:
    """The full-screen live display, redrawn by the runner's own loop (no refresh thread)."""

    def __init__(self, console: Console, info: SessionInfo, figures: bool = True) -> None:
        self.console = console
        self.info = info
        self.figures = figures
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
        size = self.console.size
        view = session_view(state, self.info, now, size.width, size.height, self.figures)
        self.live.update(view, refresh=True)
        left = clock(state.remaining(now))
        self.console.set_window_title(one_line(f"{left} {self.info.title}"))

    def phase_started(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def tick(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def paused(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def ended(self, state: RunState, now: float) -> None:
        pass
