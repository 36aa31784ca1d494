"""The live screen sends only what changed: exact writes for a change, a terminal emulator
showing every frame as rendered whatever changed, and a second of the live countdown
costing a few hundred bytes."""

from __future__ import annotations

import io

import pyte
from hypothesis import given
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style
from rich.text import Text

from stretchcli.files.catalog import Catalog, load_catalog
from stretchcli.files.paths import Folder
from stretchcli.session.coaching import SessionInfo, script
from stretchcli.session.options import RunOptions
from stretchcli.session.planning import plan
from stretchcli.session.runner import RunState
from stretchcli.session.timeline import build
from stretchcli.views.live import LiveReporter
from stretchcli.views.screen import Cell, Frame, changes
from tests.conftest import BUILTIN

BOLD = Style(bold=True)


def frame(*rows: str, style: Style | None = None) -> Frame:
    return [[(char, style) for char in row] for row in rows]


def test_the_first_frame_clears_and_writes_every_row_that_is_not_blank() -> None:
    assert changes(None, frame("ab  ", "    ", " c  "), None) == (
        "\x1b[H\x1b[2J\x1b[1;1Hab\x1b[3;1H c"
    )


def test_a_change_writes_only_its_cells_after_a_cursor_move() -> None:
    before = frame("HOLD  10", "next: relax")
    after = frame("HOLD   9", "next: relax")
    assert changes(before, after, None) == "\x1b[1;7H 9"
    assert changes(after, after, None) == ""


def test_close_changes_are_one_write_and_far_ones_two() -> None:
    before = frame("a" * 40)
    near = frame("b" + "a" * 5 + "b" + "a" * 33)
    assert changes(before, near, None) == "\x1b[1;1Hbaaaaab"
    far = frame("b" + "a" * 30 + "b" + "a" * 8)
    assert changes(before, far, None) == "\x1b[1;1Hb\x1b[1;32Hb"


def test_styles_are_written_with_their_codes_but_blank_spaces_plainly() -> None:
    before = frame("  x", style=BOLD)
    after = frame("y  ", style=BOLD)
    assert changes(before, after, ColorSystem.TRUECOLOR) == "\x1b[1;1H\x1b[1my  \x1b[0m"
    cleared: Frame = [[("x", BOLD), (" ", BOLD), ("y", None)]]
    spaced: Frame = [[(" ", BOLD), (" ", BOLD), ("z", None)]]
    assert changes(cleared, spaced, ColorSystem.TRUECOLOR) == "\x1b[1;1H  z"
    shaded: Frame = [[(" ", Style(bgcolor="red"))]]
    assert changes([[(" ", None)]], shaded, ColorSystem.STANDARD) == "\x1b[1;1H\x1b[41m \x1b[0m"


def test_a_new_size_clears_and_redraws() -> None:
    assert changes(frame("ab"), frame("ab", "cd"), None).startswith("\x1b[H\x1b[2J")
    assert changes(frame("ab"), frame("abc"), None).startswith("\x1b[H\x1b[2J")


CHARS = st.sampled_from([*" ab█▀▄⣿━", "日"])


@st.composite
def frames(draw: st.DrawFn) -> tuple[Frame, Frame]:
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(2, 12))

    def one() -> Frame:
        result: Frame = []
        for _ in range(rows):
            row: list[Cell] = []
            while len(row) < columns:
                char = draw(CHARS)
                if char == "日":  # a wide character takes two cells
                    if len(row) + 2 > columns:
                        continue
                    row += [(char, None), ("", None)]
                else:
                    row.append((char, None))
            result.append(row)
        return result

    return one(), one()


@given(frames())
def test_a_terminal_shows_each_frame_whatever_changed(pair: tuple[Frame, Frame]) -> None:
    """Drawn on a terminal emulator, the first frame and then only the changes leave the
    screen showing exactly the second frame."""
    before, after = pair
    screen = pyte.Screen(len(before[0]), len(before))
    stream = pyte.Stream(screen)
    stream.feed(changes(None, before, None))
    stream.feed(changes(before, after, None))
    assert screen.display == ["".join(char for char, _ in row) for row in after]


def _catalog() -> Catalog:
    return load_catalog([Folder(BUILTIN, "built-in")])


def test_a_second_of_the_live_countdown_writes_a_few_hundred_bytes() -> None:
    """After the first frame, a tick of the countdown sends its digits, the progress bar's
    tip, the time left and the window title: not the screen."""
    info, state, start = _hold()
    out = io.StringIO()
    console = Console(file=out, width=100, height=30, force_terminal=True)
    live = LiveReporter(console, info)
    with live:
        live.phase_started(state, start + 1)
        first = len(out.getvalue())
        live.tick(state, start + 2)
        tick = out.getvalue()[first:]
        live.tick(state, start + 2)  # the same moment again: nothing to send
        again = out.getvalue()[first + len(tick) :]
    assert first > 2000  # the whole screen once
    assert 50 < len(tick.encode()) < 400
    assert "HOLD" not in tick and "RHOMBOID" not in tick
    assert again == ""
    assert "\x1b]0;0:28 Upper back trigger point relief\x07" in tick


def _hold(only: str = "rhomboid-stretch") -> tuple[SessionInfo, RunState, float]:
    catalog = _catalog()
    routine = catalog.routine("upper-back")
    planned = plan(routine, catalog.exercises, RunOptions(only=(only,)))
    phases = build(planned, "full")
    steps = [s.exercise for s in planned.steps]
    info = SessionInfo(routine.name, steps, script(phases, steps))
    state = RunState(phases)
    hold = next(p for p in phases if p.kind == "hold")
    state.index, state.phase_started = hold.index, hold.offset
    state.deadline = hold.offset + hold.duration
    return info, state, hold.offset


def _shown(written: str) -> list[str]:
    screen = pyte.Screen(100, 30)
    pyte.Stream(screen).feed(written)
    return list(screen.display)


@given(st.sampled_from(["rhomboid-stretch", "thoracic-rotation", "ball-pressure"]))
def test_after_ctrl_z_and_fg_the_paused_screen_is_drawn_whole(only: str) -> None:
    """Back from Ctrl-Z the terminal shows anything (here: nothing); the paused frame is
    drawn whole, as a fresh screen would show it, cautions and keys included, with the
    window title."""
    info, state, start = _hold(only)
    out = io.StringIO()
    live = LiveReporter(Console(file=out, width=100, height=30, force_terminal=True), info)
    with live:
        live.phase_started(state, start + 1)
        live.tick(state, start + 2)
        before = len(out.getvalue())
        state.paused_at = start + 2  # Ctrl-Z freezes the run; `fg` finds a blank screen
        live.paused(state, start + 9)
        after = out.getvalue()[before:]
    fresh = io.StringIO()
    again = LiveReporter(Console(file=fresh, width=100, height=30, force_terminal=True), info)
    with again:
        again.paused(state, start + 9)
    assert _shown(after) == _shown(fresh.getvalue())
    assert any("Careful" in row or "space" in row for row in _shown(after))
    assert "\x1b]0;" in after  # the title, which `fg` may have lost, is set again


def test_text_styles_survive_the_cell_diff() -> None:
    out = io.StringIO()
    console = Console(
        file=out, width=20, height=3, force_terminal=True, color_system="standard", no_color=False
    )
    from stretchcli.views.screen import Screen

    screen = Screen(console)
    screen.show(Text("HOLD", style="bold green"))
    assert "\x1b[1;32mHOLD\x1b[0m" in out.getvalue()
