"""The runner on a fake clock: deadlines without drift, and every key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.model import Dose, Exercise
from stretchcli.session.planned import Plan, PlannedStep
from stretchcli.session.runner import Runner, RunState, results
from stretchcli.session.timeline import build
from tests.by_hand import ORIGIN
from tests.fakes import START, SUSPEND, FakeTerminal, Recorder


def exercise(ident: str, **dose: float) -> Exercise:
    values: dict[str, float] = {"hold": 10, "reps": 2, "relax": 5}
    values.update(dose)
    return Exercise(
        id=ident,
        name=ident,
        summary="s",
        dose=Dose(hold=values["hold"], reps=int(values["reps"]), relax=values["relax"]),
        instructions=("Do it.",),
        cautions=("Gently.",),
        origin=ORIGIN,
    )


# prepare 5 | hold 10 | relax 5 | hold 10 | rest 10 | prepare 5 | hold 10 | relax 5 | hold 10
PHASES = build(
    Plan(
        (
            PlannedStep(exercise("a"), exercise("a").dose),
            PlannedStep(exercise("b"), exercise("b").dose),
        ),
        prepare=5,
        rest=10,
    ),
    None,
)
TOTAL = 70.0


def run(
    keys: list[tuple[float, str]] | None = None, cost: float = 0.0
) -> tuple[RunState, Recorder]:
    terminal = FakeTerminal(keys or [])
    recorder = Recorder(terminal, cost)
    state = Runner(PHASES, terminal, terminal, recorder).run()
    return state, recorder


def test_phases_start_exactly_on_schedule_even_when_drawing_is_slow() -> None:
    state, recorder = run(cost=0.013)
    assert [at for _, _, at in recorder.starts()] == [p.offset for p in PHASES]
    assert recorder.events[-1] == ("end", 8, "hold", TOTAL)
    assert state.status == "completed"
    assert state.elapsed(state.ended) == TOTAL


def test_the_display_is_redrawn_about_once_a_second() -> None:
    _, recorder = run()
    ticks = [e for e in recorder.events if e[0] == "tick"]
    # one tick per whole second of the countdown, minus the second each phase starts on
    assert len(ticks) == int(TOTAL) - len(PHASES)
    assert all(at == int(at) for *_, at in ticks)


def test_pause_freezes_the_countdown_and_resume_shifts_the_schedule() -> None:
    state, recorder = run([(2.0, " "), (12.0, " ")])
    assert ("pause", 0, "prepare", 2.0) in recorder.events
    assert ("resume", 0, "prepare", 12.0) in recorder.events
    assert [at for _, _, at in recorder.starts()] == [0.0] + [p.offset + 10 for p in PHASES[1:]]
    assert state.paused_total == 10
    assert state.elapsed(state.ended) == TOTAL


def test_paused_state_shows_the_remaining_time_frozen() -> None:
    state = RunState(PHASES, deadline=START + 5, paused_at=START + 2)
    assert state.remaining(START + 29) == 3.0
    assert state.time_left(START + 29) == TOTAL - 2


def test_n_skips_to_the_next_phase_now() -> None:
    state, recorder = run([(6.0, "n")])  # one second into the first hold
    starts = recorder.starts()
    assert starts[1] == (1, "hold", 5.0)
    assert starts[2] == (2, "relax", 6.0)
    assert 1 in state.skipped_holds and 1 not in state.done_holds
    assert [r.status for r in results(state)] == ["partial", "done"]


def test_b_restarts_the_phase_or_goes_back_one_within_two_seconds() -> None:
    _, recorder = run([(8.0, "b")])  # three seconds into hold 1: restart it
    assert recorder.starts()[2] == (1, "hold", 8.0)
    assert recorder.starts()[3] == (2, "relax", 18.0)
    _, recorder = run([(16.0, "b")])  # one second into relax: back to hold 1
    assert recorder.starts()[3] == (1, "hold", 16.0)


def test_plus_and_minus_change_the_current_hold() -> None:
    _, recorder = run([(6.0, "+")])
    assert recorder.starts()[2] == (2, "relax", 20.0)
    _, recorder = run([(6.0, "-")])
    assert recorder.starts()[2] == (2, "relax", 10.0)
    _, recorder = run([(13.0, "-")])  # 2 s left: never below 1 s
    assert recorder.starts()[2] == (2, "relax", 14.0)
    _, recorder = run([(1.0, "+")])  # not a hold: nothing changes
    assert recorder.starts()[1] == (1, "hold", 5.0)


@pytest.mark.parametrize(
    ("keys", "status"),
    [
        ([(6.0, "-")], "partial"),  # the hold of 10 s cut to 5: not held at its dose
        ([(6.0, "-"), (7.0, "+")], "done"),  # made up: its whole time
        ([(6.0, "+"), (7.0, "-")], "done"),
        ([(6.0, " "), (9.0, " "), (10.0, "-"), (10.5, "+")], "done"),  # with a pause
        ([(6.0, "+")], "done"),
        ([(13.0, "-")], "partial"),  # 2 s left cut to 1
    ],
)
def test_a_hold_cut_short_with_minus_is_not_done(
    keys: list[tuple[float, str]], status: str
) -> None:
    """Attack 17, H9: holds cut short with `-` were recorded as done, so a session of them
    read as the whole dose and stepped a plan up; such a hold is not done, and its exercise
    is partial (`+` making the time up again counts)."""
    state, _ = run(keys)
    assert results(state)[0].status == status
    assert state.status == "completed"


@given(st.lists(st.tuples(st.floats(5.0, 15.0), st.sampled_from("+-")), max_size=6))
def test_a_hold_is_done_exactly_when_it_ran_its_whole_time(
    keys: list[tuple[float, str]],
) -> None:
    """The rule beyond the examples: the first hold (10 s from 5 s on) is done exactly when
    the `+` and `-` pressed leave it its whole 10 s, however they come."""
    state, recorder = run(sorted(keys))
    relax = next(at for index, _, at in recorder.starts() if index == 2)
    assert (1 in state.done_holds) == (relax - 5.0 >= 10.0 - 1e-6)
    assert 1 not in state.skipped_holds  # lived, cut short or not: never "skipped"


def test_every_hold_cut_short_is_partial_not_skipped() -> None:
    """Review 20, F11: with every hold of an exercise cut short with `-`, it was "skipped",
    and no pain after was asked of a session whose every rep was done."""
    state, _ = run([(6.0, "-"), (21.0, "-")])  # both holds of the first exercise
    assert [r.status for r in results(state)] == ["partial", "done"]


def test_q_stops_and_reports_what_was_done() -> None:
    state, recorder = run([(47.0, "q")])
    assert state.status == "stopped"
    assert recorder.events[-1] == ("end", 6, "hold", 47.0)
    assert state.elapsed(state.ended) == 47.0
    assert [(r.exercise, r.status) for r in results(state)] == [("a", "done"), ("b", "partial")]
    state, _ = run([(6.0, "n"), (6.5, "n"), (7.0, "n"), (7.5, "q")])  # skip a's holds, quit
    assert [(r.exercise, r.status) for r in results(state)] == [
        ("a", "skipped"),
        ("b", "not reached"),
    ]


def test_other_keys_are_ignored() -> None:
    state, recorder = run([(1.0, "x"), (2.0, "\n")])
    assert [at for _, _, at in recorder.starts()] == [p.offset for p in PHASES]
    assert state.status == "completed"


def test_stop_from_outside_ends_once_as_interrupted() -> None:
    terminal = FakeTerminal()
    recorder = Recorder(terminal)
    runner = Runner(PHASES, terminal, terminal, recorder)
    terminal.t += 0  # not started: stopping a run that never began still ends it once
    runner.state.started = terminal.t
    runner.stop("interrupted")
    runner.stop("interrupted")
    assert [e[0] for e in recorder.events] == ["end"]
    assert runner.state.status == "interrupted"


def test_ctrl_z_pauses_silently_and_the_paused_screen_keeps_being_drawn() -> None:
    terminal = FakeTerminal([(2.0, SUSPEND), (12.0, " ")])
    recorder = Recorder(terminal)
    runner = Runner(PHASES, terminal, terminal, recorder)
    terminal.on_suspend = runner.freeze  # as run_session wires the keyboard's Ctrl-Z
    state = runner.run()
    assert [at for _, _, at in recorder.starts()][:2] == [0.0, 15.0]  # 10 s frozen
    assert ("tick", 0, "prepare", 7.0) in recorder.events  # still redrawn while paused
    assert state.paused_total == 10


def test_a_session_that_reaches_its_end_is_completed_when_it_held_anything() -> None:
    state, _ = run([(69.0, "n")])  # the last hold cut short, the rest held
    assert state.status == "completed"
    state, _ = run([(7.0, "+")])  # left to end on its own, a hold made longer
    assert state.status == "completed"
    keys = [(0.5 + i * 0.01, "n") for i in range(len(PHASES))]
    state, _ = run(keys)  # n through everything
    assert state.status == "stopped"
    state, _ = run([(6.0, "-"), (21.0, "-"), (45.0, "-"), (60.0, "-")])  # every hold shortened
    assert state.status == "completed"


@pytest.mark.parametrize("then", ["h", "n"])
def test_a_hold_left_at_once_with_b_is_not_held(then: str) -> None:
    """Verify 27, NEW-6: `b` in a hold, then `h` in the get-ready, and nothing else held,
    was "completed", after half a second of one hold."""
    # a's get-ready 0-5, its first hold from 5: back at 5.5, then `h` (or `n` twice) in the
    # get-ready; b's holds passed over with `n` as they begin
    ends = [(6.0, "h")] if then == "h" else [(6.0, "n"), (6.1, "n"), (6.2, "n"), (6.3, "n")]
    rest = [(at, "n") for at in (6.5, 6.6, 6.7, 6.8, 6.9, 7.0, 7.1, 7.2)]
    state, _ = run([(5.5, "b"), *ends, *rest])
    assert state.status == "stopped"
    assert not any(r.status in ("done", "partial") for r in results(state))
    state, _ = run([(5.5, "b"), (30.0, "q")])  # done again: a's first hold held, from 10.5
    assert [r.status for r in results(state)] == ["partial", "not reached"]


@given(
    st.lists(
        st.tuples(st.floats(min_value=0.0, max_value=80.0), st.sampled_from(["n", "h", "b", "-"])),
        max_size=12,
    )
)
def test_however_the_end_is_reached_one_rule_says_completed_or_stopped(
    keys: list[tuple[float, str]],
) -> None:
    """Attack 22, C3: `n` in the last second was "stopped" while skipping whole exercises
    and letting the last hold run out was "completed", and `h` had a rule of its own. By
    time, `n` or `h`, a session is completed when it held anything, in full or cut short
    with `-` (verify 26, N4: every hold shortened was "stopped")."""
    state, _ = run(sorted(keys))
    found = results(state)
    # held: a hold ran its time (done), or ran to its end cut short with `-` (partial)
    held = any(r.done for r in found) or any(r.status == "partial" for r in found)
    if "h" not in {key for _, key in keys}:  # (a hold cut short, then `h`: "hurt")
        assert state.status == ("completed" if held else "stopped")
    elif held:
        assert state.status == "completed"


def test_a_frozen_session_tells_the_listener_it_is_paused_outside_the_signal_handler() -> None:
    terminal = FakeTerminal([(2.0, SUSPEND), (5.0, "q")])
    recorder = Recorder(terminal)
    runner = Runner(PHASES, terminal, terminal, recorder)
    terminal.on_suspend = runner.freeze
    runner.run()
    assert ("pause", 0, "prepare", 2.0) in recorder.events


def test_b_after_a_pause_counts_only_the_unpaused_time_in_the_phase() -> None:
    # 1 s into hold 1, pause for 30 s, then `b` (without resuming): back to get-ready
    _, recorder = run([(6.0, " "), (36.0, "b")])
    assert recorder.starts()[2] == (0, "prepare", 36.0)
