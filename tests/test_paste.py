"""Pasted text is never read as keys: between the bracketed-paste markers everything is
dropped, however the terminal's bytes are cut into reads; keys typed around a paste count.
A paste whose end never comes is over PASTE_LONGEST seconds after it started (attack 7, N11):
`h` and `q` work again."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.session.terminal import (
    PASTE_END,
    PASTE_LONGEST,
    PASTE_START,
    PasteFilter,
    PosixKeys,
)

# Keys a person types: printable ASCII (the run's keys among them), Enter, Tab.
typed = st.text(st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("\r\n\t"))
# What may be pasted: any text at all (escape sequences, markers' pieces, lone ESCs), but the
# end marker, which ends the paste.
pasted = st.text().filter(lambda text: PASTE_END not in text)


def still() -> float:
    """A clock that does not move: every part of the input comes at once."""
    return 0.0


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        return self.seconds


def typing(source: PasteFilter, clock: Clock, keys: str) -> str:
    """`keys` typed as a person types them: one at a time, a second apart."""
    got = ""
    for key in keys:
        clock.seconds += 1.0
        got += source.keys(key)
    return got


@given(st.lists(st.tuples(typed, pasted), max_size=4), typed, st.data())
def test_only_the_keys_typed_around_pastes_are_read(
    parts: list[tuple[str, str]], last: str, data: st.DataObject
) -> None:
    clock = Clock()
    source = PasteFilter(clock)
    got = ""
    for keys, paste in parts:
        got += typing(source, clock, keys)
        clock.seconds += 1.0
        got += "".join(source.keys(p) for p in pieces_of(f"{PASTE_START}{paste}{PASTE_END}", data))
    got += typing(source, clock, last)
    assert got == "".join(keys for keys, _ in parts) + last


def test_a_paste_never_ended_drops_all_that_follows_until_its_end() -> None:
    source = PasteFilter(still)
    assert source.keys(f"n{PASTE_START}hhh") == "n"
    assert source.keys("nnn\x1b[20") == ""
    assert source.keys("1~q") == "q"


def test_the_escape_key_alone_does_not_hide_the_next_key() -> None:
    source = PasteFilter(still)
    assert source.keys("\x1b") == ""
    assert source.keys("q") == "q"
    assert source.keys("\x1b") == ""
    assert source.keys("[An") == "n"  # an arrow key cut in two, then n


def test_the_keys_of_a_terminal_read_skip_a_paste() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, f"{PASTE_START}see you at the gym, thanks{PASTE_END}q".encode())
        source = PosixKeys(read_end, still)
        got = [source.read(0.1) for _ in range(2)]
    finally:
        os.close(read_end)
        os.close(write_end)
    assert got == ["q", None]


def pieces_of(stream: str, data: st.DataObject) -> list[str]:
    """`stream` cut into reads anywhere (a marker, a character sequence cut in two)."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=8)))
    return [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]


@given(typed, pasted, typed, st.data())
def test_a_paste_whose_end_never_comes_is_over_after_its_longest(
    before: str, paste: str, after: str, data: st.DataObject
) -> None:
    """A lone start marker (a paste cut off): what comes within PASTE_LONGEST seconds of it
    is dropped, what comes later is typed, `h` and `q` among it."""
    clock = Clock()
    source = PasteFilter(clock)
    got = typing(source, clock, before)
    start = clock.seconds
    got += "".join(source.keys(piece) for piece in pieces_of(f"{PASTE_START}{paste}", data))
    steps = data.draw(st.lists(st.floats(0, PASTE_LONGEST / 4), max_size=3))
    for step in steps:  # keys pressed within the limit are still taken for the paste
        clock.seconds += step
        got += source.keys("h")
    assert got == before
    clock.seconds = start + PASTE_LONGEST + data.draw(st.floats(0.001, 10**6))
    assert typing(source, clock, after + "hq") == after + "hq"


@given(st.lists(st.tuples(typed, pasted), max_size=4), typed, st.data())
def test_a_paste_that_ends_in_time_is_dropped_however_slowly_it_comes(
    parts: list[tuple[str, str]], last: str, data: st.DataObject
) -> None:
    """Each paste's parts come at any moments within PASTE_LONGEST of its start: all of it
    is dropped; the time between pastes does not count."""
    clock = Clock()
    source = PasteFilter(clock)
    got = ""
    for keys, paste in parts:
        clock.seconds += data.draw(st.floats(0, 10**6))  # typing before the paste
        got += typing(source, clock, keys)
        clock.seconds += 1.0
        start = clock.seconds
        for piece in pieces_of(f"{PASTE_START}{paste}{PASTE_END}", data):
            clock.seconds = data.draw(st.floats(clock.seconds, start + PASTE_LONGEST))
            got += source.keys(piece)
    got += typing(source, clock, last)
    assert got == "".join(keys for keys, _ in parts) + last


def test_keys_at_a_terminal_work_again_after_a_lone_paste_start() -> None:
    clock = Clock()
    read_end, write_end = os.pipe()
    try:
        source = PosixKeys(read_end, clock)
        os.write(write_end, f"{PASTE_START}n".encode())
        assert source.read(0.1) is None  # the n is taken for pasted text
        clock.seconds = PASTE_LONGEST + 0.5
        os.write(write_end, b"h")
        assert source.read(0.1) == "h"
    finally:
        os.close(read_end)
        os.close(write_end)
