"""The live screen, drawn at fixed widths without colour: what a user sees mid-session."""

from __future__ import annotations

import io

from rich.console import Console

from stretchcli.catalog import load_catalog
from stretchcli.paths import Folder
from stretchcli.runner import RunState
from stretchcli.session_view import SessionInfo, session_view
from stretchcli.timeline import RunOptions, build, plan
from tests.conftest import BUILTIN


def screen(width: int, seconds_in: float = 1.6, paused: bool = False) -> list[str]:
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    phases = build(routine_plan.steps, 5, 10)
    hold = [p for p in phases if p.exercise == "scapular-squeeze" and p.kind == "hold"][3]
    now = hold.offset + seconds_in
    state = RunState(phases, index=hold.index, phase_started=hold.offset)
    state.deadline = hold.offset + hold.duration
    state.paused_at = now if paused else None
    console = Console(file=io.StringIO(), width=width, no_color=True, color_system=None)
    info = SessionInfo(routine.name, [step.exercise for step in routine_plan.steps])
    console.print(session_view(state, info, now, width))
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip().replace("\u00a0", " ") for line in output.splitlines()]


def test_the_live_screen_at_66_columns() -> None:
    assert screen(66) == [
        "╭─ Upper back trigger point relief ──────────────────────────────╮",
        "│ SCAPULAR SQUEEZE                            set 1/2 · rep 4/10 │",
        "│                                                                │",
        "│                         ██  ██   HOLD                          │",
        "│                         ██  ██                                 │",
        "│                         ██████                                 │",
        "│                             ██                                 │",
        "│                             ██                                 │",
        "│                                                                │",
        "│ Sit tall with your hands resting on your thighs.               │",
        "│                                                                │",
        "│ next: relax 5 s, then rep 5/10                                 │",
        "╰───────────────────────────────────────────────── exercise 2/5 ─╯",
        "━━━━━━━━━                                      11:00 left of 13:42",
        "space pause · n next · b back · +/- 5 s · q quit",
    ]


def test_paused_says_so_and_freezes_the_countdown() -> None:
    lines = screen(66, seconds_in=1.6, paused=True)
    assert lines[3] == "│                    ██  ██   PAUSED                             │"
    assert lines[4] == "│                    ██  ██   space to resume                    │"


def test_narrow_terminals_fit_and_keep_the_keys_line_whole() -> None:
    lines = screen(40)
    assert all(len(line) <= 40 for line in lines)
    assert lines[-1] == "space pause · n next · b back · q quit"
    lines = screen(30)
    assert all(len(line) <= 30 for line in lines)
    assert any("HOLD" in line for line in lines)
