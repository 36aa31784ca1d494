"""Placing what is said in a phase: on the runner's whole-second ticks, never overlapping,
never past the end, and no silence over MAX_SILENCE."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.session.pacing import GAP, MAX_SILENCE, Group, Layout, Said
from stretchcli.session.speech import speech_seconds

SHORT = "Relax."  # 1.05 s at 175 words a minute


def test_the_start_takes_the_first_wording_that_fits() -> None:
    long = "Draw your shoulder blades back and down. 3 of 10."  # 4.09 s
    roomy = Layout(5.0, 175)
    assert roomy.start([long, "3 of 10."]) == long
    tight = Layout(3.0, 175)
    assert tight.start([long, "3 of 10."]) == "3 of 10."
    assert Layout(1.0, 175).start([long, "3 of 10."]) is None  # too short for any
    assert Layout(1.0, 175).lines() == ()


def test_a_line_that_ends_the_phase_starts_on_a_whole_second_before_its_end() -> None:
    layout = Layout(30.0, 175)
    assert layout.ending("3, 2, 1, and ease off.")  # 2.74 s: it starts 3 s before the end
    assert layout.lines() == (Said(27.0, "3, 2, 1, and ease off."),)
    fractional = Layout(20.5, 175)
    assert fractional.ending(SHORT, 1.0)  # ends a second or more before the end
    (said,) = fractional.lines()
    assert said.at == 20.5 - 3 and said.at + speech_seconds(SHORT) <= 19.5


def test_earliest_waits_for_the_line_before_and_a_pause() -> None:
    layout = Layout(30.0, 175)
    layout.start(["Push your hands away and round your upper back. 1 of 3."])  # 4.33 s
    assert layout.earliest(Group.one(SHORT))
    assert [s.at for s in layout.lines()] == [0.0, 5.0]  # 4.33 + 0.5, on the next second


def test_a_group_keeps_its_spacing_or_is_not_said() -> None:
    paced = Group(((0.0, "Breathe in slowly."), (4.0, "Breathe out.")))
    layout = Layout(20.0, 175)
    assert layout.earliest(paced, 2.0)
    assert [(s.at, s.text) for s in layout.lines()] == [
        (2.0, "Breathe in slowly."),
        (6.0, "Breathe out."),
    ]
    slow = Layout(20.0, 100)  # "Breathe in slowly." takes 3 s at 100 words a minute
    assert not slow.earliest(Group(((0.0, "Breathe in slowly."), (3.0, "Breathe out."))))
    assert slow.lines() == ()


def test_a_count_keeps_its_rhythm_without_a_pause_between_its_numbers() -> None:
    count = Group(((0.0, "3,"), (1.0, "2,"), (2.0, "1,")), apart=0.0)
    layout = Layout(20.0, 120)  # a number takes just under a second at 120 words a minute
    assert layout.place(17.0, count)
    assert [(s.at, s.text) for s in layout.lines()] == [(17.0, "3,"), (18.0, "2,"), (19.0, "1,")]
    assert not Layout(20.0, 120).place(17.0, Group(count.lines))  # with a pause: no room
    assert not Layout(20.0, 100).place(17.0, count)  # a slower voice takes over a second


def test_fill_breaks_a_long_silence_evenly() -> None:
    layout = Layout(30.0, 175)
    layout.start(["Stand up and go."])
    layout.fill(itertools.repeat(Group.one(SHORT)))
    quiet = [b - a for a, b in layout.silences()]
    assert max(quiet) <= MAX_SILENCE
    assert len(layout.lines()) == 3  # two fillers: one would leave over 9 s either side


@given(
    duration=st.floats(1, 120),
    rate=st.integers(100, 250),
    texts=st.lists(st.sampled_from(["Go.", SHORT, "Breathe out and let it go."]), max_size=6),
)
def test_whatever_is_placed_fits(duration: float, rate: int, texts: list[str]) -> None:
    layout = Layout(duration, rate)
    layout.start(texts[:1])
    for text in texts[1:]:
        layout.earliest(Group.one(text))
    layout.fill(itertools.repeat(Group.one(SHORT)))
    ends = -GAP
    for said in layout.lines():
        left = duration - said.at
        assert said.at == 0 or abs(left - round(left)) < 1e-9
        assert said.at >= ends + GAP - 1e-9
        ends = said.at + speech_seconds(said.text, rate)
        assert ends <= duration + 1e-9
