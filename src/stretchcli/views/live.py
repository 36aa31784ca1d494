"""The live screen of a guided session: a panel redrawn by the runner's own loop.

`session_view` is a pure function of the session state and the time: easy to test at any
width.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math

from rich import box
from rich.align import Align
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from stretchcli.body.skeleton import blend, joints_of
from stretchcli.model import Figure
from stretchcli.plan.words import REPS_ONLY
from stretchcli.session.coaching import SessionInfo
from stretchcli.session.runner import RunState
from stretchcli.session.wording import lead_in, spoken
from stretchcli.text import clock, one_line, secs
from stretchcli.views import bigdigits
from stretchcli.views.figure import Drawing, bounds, draw, styled
from stretchcli.views.phases import WORDS, counters, reps_of
from stretchcli.views.screen import Screen

COLOURS = {
    "prepare": "yellow",
    "hold": "bold green",
    "relax": "cyan",
    "rest": "magenta",
    "switch": "bold yellow",
}
# The figure beside the countdown is drawn in half blocks, solid strokes that read from a
# chair or a mat 2 m away, as tall as the screen leaves room for: at least FIGURE_ROWS[0]
# rows (more than twice the digits' 5), at most FIGURE_ROWS[1]; on a screen smaller than
# FIGURE_SCREEN it is left out and the countdown comes first. Decided by looking at 80x24,
# 100x30 and 160x48.
FIGURE_ROWS = (12, 30)
FIGURE_SCREEN = (96, 28)
AROUND_FIGURE = 14  # rows of the screen that are not the figure's: heading, cue, bars
BESIDE_FIGURE = 44  # columns that are not: the borders, the countdown and the gap
EASE_SECONDS = 1.0  # a hold's figure moves from the start to the held position over this
# The keys line, the longest that fits: `h` (it hurts) stays on the narrowest.
KEYS_HELP = "space pause · n next · b back · +/- 5 s · h it hurts · q quit"
KEYS_HELP_MEDIUM = "space pause · n next · b back · h it hurts · q quit"
KEYS_HELP_NARROW = "space pause · n next · h hurts · q quit"


def next_text(state: RunState, info: SessionInfo) -> str:
    """What comes after the current phase, in a few words."""
    if state.index + 1 >= len(state.phases):
        return "next: the end"
    upcoming = state.phases[state.index + 1]
    word = WORDS[upcoming.kind].lower()
    text = f"next: {word} {secs(upcoming.duration)}"
    if upcoming.step != state.phase.step:
        text += f" · {info.name(upcoming)}"
    elif upcoming.kind == "relax":
        hold = next((p for p in state.phases[state.index + 2 :] if p.kind == "hold"), None)
        if hold is not None and hold.step == upcoming.step and hold.rep is not None:
            side = f" {hold.side} side," if hold.side and hold.side != state.phase.side else ""
            text += f", then{side} rep {hold.rep}/{reps_of(state.phases, hold.step)}"
    elif upcoming.kind == "hold" and upcoming.rep is not None:
        # "left side": a bare "hold 20 s left" reads as twenty seconds left; a hold of a
        # moment is no hold, and the rep is what comes (plan.words.REPS_ONLY)
        parts = [] if upcoming.duration <= REPS_ONLY else [f"hold {secs(upcoming.duration)}"]
        parts += [f"{upcoming.side} side"] if upcoming.side else []
        parts.append(f"rep {upcoming.rep}/{reps_of(state.phases, upcoming.step)}")
        text = "next: " + " · ".join(parts)
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


def figure_size(figure: Figure, width: int, height: int) -> tuple[int, int]:
    """Columns and rows for the live figure on a `width` x `height` screen: as tall as the
    screen allows, as wide as its proportions ask (half blocks: a character is one pixel
    wide and two high, square on most terminals), no wider than the countdown leaves; framed
    to the parts of the body that move, for a figure that names them (its focus)."""
    left, bottom, right, top = bounds(figure, framed=True)
    aspect = (right - left) / (top - bottom) * 2  # columns per row
    rows = max(FIGURE_ROWS[0], min(FIGURE_ROWS[1], height - AROUND_FIGURE))
    columns = math.ceil(rows * aspect)
    widest = width - BESIDE_FIGURE
    if columns > widest:  # a figure lying down: as wide as there is room for, less tall
        columns = widest
        rows = max(1, math.ceil(columns / aspect))
    return columns, rows


def phase_figure(
    state: RunState, info: SessionInfo, now: float, size: tuple[int, int] = (26, 12)
) -> Drawing | None:
    """The position to be in now, `size` characters: get-ready and the pauses show the
    start, a hold the held position (moved into over its first second), relax moves back;
    the right side is the left mirrored. None for an exercise without a figure."""
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
    return live_drawing(figure, tuple(sorted(joints.items())), phase.side == "right", size)


@functools.lru_cache(maxsize=64)
def live_drawing(
    figure: Figure, joints: tuple[tuple[str, float], ...], mirror: bool, size: tuple[int, int]
) -> Drawing:
    """A figure as the live screen draws it (in half blocks, framed to its focus), once per
    pose and size: the screen is redrawn every second, the pose seldom changes."""
    columns, rows = size
    return draw(figure, dict(joints), columns, rows, mirror, blocks=True, framed=True)


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
    figure = info.exercise(phase).figure
    if (
        figures
        and figure
        and width >= FIGURE_SCREEN[0]
        and height >= FIGURE_SCREEN[1]
        and not _saying_intro(state, info, now)
    ):
        drawing = phase_figure(state, info, now, figure_size(figure, width, height))
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
    eased = _eased(state, info)
    # Each line with how much it matters: on a short screen the least are left out first,
    # so that the countdown, the time left and the keys always show.
    ranked: list[tuple[RenderableType, int]] = [(heading, 7), (Text(""), 0), (body, 9)]
    ranked.append((Text(""), 0))
    if eased:  # the phase an `h` led to: the calm line first
        ranked.append((Text(eased, style="bold yellow"), 8))
    ranked += [(Text(line, style="bold"), 6 if i == 0 else 4) for i, line in enumerate(cue.lines)]
    after = coming_up(state, info)
    if after:
        ranked.append((Text(after, style="italic"), 2))
    if cue.caution:
        ranked.append((Text(f"Careful: {cue.caution}", style="yellow"), 5))
    ending = [(Text(""), 0), (Text(next_text(state, info), style="dim"), 1)]
    if state.index == 0:  # the lead-in and the routine's cautions, all the first get-ready
        around = [line for line, _ in [*ranked, *ending]]
        ranked += [(item, 3) for item in _intro(state, info, now, width, height, around)]
    ranked += ending
    lines = _fitted(ranked, width - 4, height - 4) if height else [line for line, _ in ranked]
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
    keys = next((k for k in (KEYS_HELP, KEYS_HELP_MEDIUM) if width >= len(k)), KEYS_HELP_NARROW)
    return Group(panel, progress, Text(keys, style="dim"))


def _eased(state: RunState, info: SessionInfo) -> str:
    """In the phase that `h` led to, what is said about the exercise that hurt; else ''."""
    if state.eased is None or state.eased[0] != state.index or not info.eased:
        return ""
    return info.eased[state.eased[1]]


def _fitted(
    ranked: list[tuple[RenderableType, int]], width: int, rows: int
) -> list[RenderableType]:
    """The lines that fit in `rows` at `width`, leaving out the ones that matter least
    first (the spacing, what comes next, ...), in their order."""
    kept = list(ranked)
    while len(kept) > 1 and _rows(Group(*(line for line, _ in kept)), width) > rows:
        least = min(range(len(kept)), key=lambda i: (kept[i][1], -i))
        if kept[least][1] >= 9:  # the countdown itself always stays
            break
        del kept[least]
    return [line for line, _ in kept]


def _saying_intro(state: RunState, info: SessionInfo, now: float) -> bool:
    """Whether the first get-ready is still on the routine's cautions (until the line after
    the last of them is due): the figure gives them its room, so that the one being said is
    on the screen too."""
    cautions = info.intro.cautions
    if state.index != 0 or not cautions:
        return False
    lines = info.cue(state.phase).spoken
    heard = [spoken(c) for c in cautions]  # as said: without an option's aside
    last = max((i for i, s in enumerate(lines) if any(c in s.text for c in heard)), default=-1)
    if last < 0:
        return False
    into = state.phase.duration - state.remaining(now)
    return last + 1 >= len(lines) or into < lines[last + 1].at


def _intro(
    state: RunState,
    info: SessionInfo,
    now: float,
    width: int,
    height: int,
    around: list[RenderableType],
) -> list[Text]:
    """The lead-in and the routine's cautions and changes; on a screen too short for all of
    them, as many as fit from the one being said now."""
    intro = info.intro
    lead = Text(lead_in(intro.needs), style="bold yellow")
    items = [Text(f"Careful: {caution}", style="yellow") for caution in intro.cautions]
    items += [Text(change, style="yellow") for change in intro.changes]
    if not height:
        return [lead, *items]
    inner = width - 4  # the panel's borders and padding
    room = height - 5 - _rows(Group(*around), inner)  # borders, progress, keys, a spare
    phase = state.phase
    into = phase.duration - state.remaining(now)
    said = " ".join(s.text for s in info.cue(phase).spoken if s.at <= into)
    now_said = max(
        (i for i, c in enumerate(intro.cautions) if spoken(c) in said), default=0
    )  # the one being said, or the first
    shown = [lead]
    room -= _rows(lead, inner)
    for item in items[now_said:]:
        rows = _rows(item, inner)
        if rows > room:
            break
        shown.append(item)
        room -= rows
    return shown


def _rows(renderable: RenderableType, width: int) -> int:
    """How many lines `renderable` takes at `width` columns."""
    console = Console(width=max(1, width), file=io.StringIO(), color_system=None)
    return len(console.render_lines(renderable, console.options, pad=False))


class LiveReporter:
    """The full-screen live display, redrawn by the runner's own loop (no refresh thread),
    sending only what changed since the last frame."""

    def __init__(self, console: Console, info: SessionInfo, figures: bool = True) -> None:
        self.console = console
        self.info = info
        self.figures = figures
        self.screen = Screen(console)

    def __enter__(self) -> LiveReporter:
        self.screen.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):  # the terminal is gone: nothing left to restore
            self.screen.stop()

    def _draw(self, state: RunState, now: float) -> None:
        size = self.console.size
        view = session_view(state, self.info, now, size.width, size.height, self.figures)
        left = clock(state.remaining(now))
        self.screen.show(view, one_line(f"{left} {self.info.title}"))

    def phase_started(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def tick(self, state: RunState, now: float) -> None:
        self._draw(state, now)

    def paused(self, state: RunState, now: float) -> None:
        # Drawn whole: a pause may be Ctrl-Z, and after `fg` the terminal shows what it
        # likes (the alternate screen left and entered again, the title popped).
        self.screen.forget()
        self._draw(state, now)

    def hurt(self, state: RunState, now: float) -> None:
        pass  # the phase it leads to shows what is said

    def ended(self, state: RunState, now: float) -> None:
        pass
