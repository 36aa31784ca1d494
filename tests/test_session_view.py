"""The live screen, drawn at fixed widths without colour: what a user sees mid-session."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from stretchcli.files.catalog import load_catalog
from stretchcli.files.paths import Folder
from stretchcli.model import Phase
from stretchcli.session.coaching import SessionInfo, script
from stretchcli.session.options import RunOptions
from stretchcli.session.planning import plan
from stretchcli.session.runner import RunState
from stretchcli.session.timeline import build
from stretchcli.views.live import session_view
from tests.conftest import BUILTIN


def screen(width: int, seconds_in: float = 1.6, paused: bool = False) -> list[str]:
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    phases = build(routine_plan, coach="full")
    hold = [p for p in phases if p.exercise == "scapular-squeeze" and p.kind == "hold"][3]
    now = hold.offset + seconds_in
    state = RunState(phases, index=hold.index, phase_started=hold.offset)
    state.deadline = hold.offset + hold.duration
    state.paused_at = now if paused else None
    console = Console(file=io.StringIO(), width=width, no_color=True, color_system=None)
    steps = [step.exercise for step in routine_plan.steps]
    cues = script(phases, steps, intro=routine_plan.intro)
    info = SessionInfo(routine.name, steps, cues, routine_plan.intro)
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
        "│ Draw your shoulder blades back and down.                       │",
        "│                                                                │",
        "│ next: relax 5 s, then rep 5/10                                 │",
        "╰───────────────────────────────────────────────── exercise 2/5 ─╯",
        "━━━━━━━━━━━━                                   13:37 left of 18:40",
        "space pause · n next · b back · +/- 5 s · h it hurts · q quit",
    ]


def test_paused_says_so_and_freezes_the_countdown() -> None:
    lines = screen(66, seconds_in=1.6, paused=True)
    assert lines[3] == "│                    ██  ██   PAUSED                             │"
    assert lines[4] == "│                    ██  ██   space to resume                    │"


def test_narrow_terminals_fit_and_keep_the_keys_line_whole() -> None:
    lines = screen(40)
    assert all(len(line) <= 40 for line in lines)
    assert lines[-1] == "space pause · n next · h hurts · q quit"
    assert screen(60)[-1] == "space pause · n next · b back · h it hurts · q quit"
    lines = screen(30)
    assert all(len(line) <= 30 for line in lines)
    assert any("HOLD" in line for line in lines)


def _upper_back() -> tuple[list[Phase], SessionInfo]:
    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    phases = build(routine_plan, coach="full")
    steps = [step.exercise for step in routine_plan.steps]
    cues = script(phases, steps, intro=routine_plan.intro)
    return phases, SessionInfo(routine.name, steps, cues, routine_plan.intro)


def _draw(phases: list[Phase], info: SessionInfo, index: int, width: int) -> str:
    phase = phases[index]
    state = RunState(phases, index=index, phase_started=phase.offset)
    state.deadline = phase.offset + phase.duration
    console = Console(file=io.StringIO(), width=width, no_color=True, color_system=None)
    console.print(session_view(state, info, phase.offset + 0.5, width))
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    # The words of the panel, whatever the wrapping: borders and line breaks dropped.
    return " ".join(output.replace("│", " ").split())


@pytest.mark.parametrize("width", [100, 60])
def test_every_hold_of_upper_back_shows_its_action(width: int) -> None:
    phases, info = _upper_back()
    holds = [p for p in phases if p.kind == "hold"]
    assert len(holds) == 45
    for hold in holds:
        words = _draw(phases, info, hold.index, width)
        assert info.cue(hold).text in words, (width, hold)


def test_a_relax_shows_what_the_next_hold_asks() -> None:
    phases, info = _upper_back()
    relax = next(p for p in phases if p.kind == "relax" and p.exercise == "thoracic-side-bend")
    words = _draw(phases, info, relax.index, 80)
    assert "Come up and lower your arm. then: Right arm up, lean to the left." in words


def test_the_first_get_ready_shows_setup_caution_lead_in_and_routine_cautions_throughout() -> None:
    phases, info = _upper_back()
    words = _draw(phases, info, 0, 80)
    cautions = " ".join(f"Careful: {c}" for c in info.intro.cautions)
    assert words.split("██ ")[-1].startswith(
        "Sit tall near the front of the chair with your feet flat. Lace your fingers and lift "
        "your arms straight out at shoulder height. Careful: With osteoporosis, skip this "
        "rounding stretch (--avoid flexion) unless a clinician says yes. Not medical advice. "
        "Stop if you feel "
        "sharp pain, numbness or tingling. You will need: chair, tennis ball and wall. " + cautions
    )
    assert len(info.intro.cautions) == 7
    late = phases[0].duration - 1
    state = RunState(phases, index=0, phase_started=0.0)
    state.deadline = phases[0].duration
    console = Console(file=io.StringIO(), width=80, no_color=True, color_system=None)
    console.print(session_view(state, info, late, 80))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Not medical advice." in shown and "tearing pain" in shown


@pytest.mark.parametrize(("width", "height"), [(80, 24), (100, 30), (96, 28)])
def test_on_a_short_screen_the_first_get_ready_shows_each_caution_as_it_is_said(
    width: int, height: int
) -> None:
    """Also where the figure would be drawn (96x28 and up): it gives way while they are said."""
    from stretchcli.session.wording import spoken as heard

    phases, info = _upper_back()
    getready = phases[0]
    spoken = info.cue(getready).spoken
    for caution in info.intro.cautions:  # said without an option's aside, which is shown
        said = next(s for s in spoken if heard(caution) in s.text)
        state = RunState(phases, index=0, phase_started=0.0)
        state.deadline = getready.duration
        console = Console(file=io.StringIO(), width=width, height=height, no_color=True)
        console.print(session_view(state, info, said.at + 0.5, width, height))
        shown = console.file.getvalue()  # type: ignore[attr-defined]
        assert len(shown.splitlines()) <= height  # the keys line is not pushed off the screen
        words = " ".join(shown.replace("│", " ").split())
        assert f"Careful: {caution}" in words, caution


def test_what_comes_next_names_a_side_as_a_side() -> None:
    """'next: hold 5 s left' would read as five seconds left: the side is said as a side."""
    from stretchcli.views.live import next_text

    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    phases = build(routine_plan, coach="full")
    steps = [step.exercise for step in routine_plan.steps]
    info = SessionInfo(routine.name, steps, script(phases, steps, intro=routine_plan.intro))
    texts = []
    for phase in phases[:-1]:
        upcoming = phases[phase.index + 1]
        if upcoming.kind == "hold" and upcoming.side:
            text = next_text(RunState(phases, index=phase.index), info)
            texts.append(text.replace("\u00a0", " "))
    assert texts and all(" side · rep " in t or " side, rep " in t for t in texts), texts
    assert not [t for t in texts if t.split(" · ")[0].endswith(("left", "right"))]
    rotation = [t for t in texts if t.startswith("next: hold 5 s · ")]
    assert rotation[0] == "next: hold 5 s · left side · rep 1/5"


@pytest.mark.parametrize("height", [9, 12, 15, 18, 24, 30])
@pytest.mark.parametrize("width", [40, 60, 100])
def test_a_short_screen_keeps_the_countdown_the_time_left_and_the_keys(
    height: int, width: int
) -> None:
    from stretchcli.views.live import session_view

    catalog = load_catalog([Folder(BUILTIN, "built-in")])
    routine = catalog.routine("upper-back")
    routine_plan = plan(routine, catalog.exercises, RunOptions())
    phases = build(routine_plan, coach="full")
    steps = [step.exercise for step in routine_plan.steps]
    info = SessionInfo(routine.name, steps, script(phases, steps, intro=routine_plan.intro))
    for phase in phases[:3]:  # the first get-ready (its cautions too), a hold, a relax
        state = RunState(phases, index=phase.index, phase_started=phase.offset)
        state.deadline = phase.offset + phase.duration
        console = Console(file=io.StringIO(), width=width, height=height, color_system=None)
        console.print(session_view(state, info, phase.offset + 1, width, height))
        shown = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
        assert len(shown) <= max(height, 11)  # 11: borders, name, the digits, time, keys
        assert " left of " in shown[-2] and shown[-1].rstrip().endswith("q quit")
        assert sum("██" in line for line in shown) >= 5  # the countdown's digits


def test_the_first_get_ready_draws_the_figure_once_the_cautions_are_said() -> None:
    """The figure is left out only while the routine's cautions are said, not for the setup."""
    phases, info = _upper_back()
    getready = phases[0]
    spoken = info.cue(getready).spoken
    setup = next(s for s in spoken if s.text.startswith("Sit tall near the front"))
    state = RunState(phases, index=0, phase_started=0.0)
    state.deadline = getready.duration
    for at, drawn in ((spoken[1].at + 0.5, False), (setup.at + 0.5, True)):
        console = Console(file=io.StringIO(), width=100, height=30, no_color=True)
        console.print(session_view(state, info, at, 100, 30))
        shown = console.file.getvalue()  # type: ignore[attr-defined]
        assert ("▀" in shown or "▄" in shown) is drawn, at
