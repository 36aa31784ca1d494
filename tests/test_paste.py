"""Pasted text is never read as keys: between the bracketed-paste markers everything is
dropped, however the terminal's bytes are cut into reads; keys typed around a paste count."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.session.terminal import PASTE_END, PASTE_START, PasteFilter, PosixKeys

# Keys a person types: printable ASCII (the run's keys among them), Enter, Tab.
typed = st.text(st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("\r\n\t"))
# What may be pasted: any text at all (escape sequences, markers' pieces, lone ESCs), but the
# end marker, which ends the paste.
pasted = st.text().filter(lambda text: PASTE_END not in text)


@given(st.lists(st.tuples(typed, pasted), max_size=4), typed, st.data())
def test_only_the_keys_typed_around_pastes_are_read(
    parts: list[tuple[str, str]], last: str, data: st.DataObject
) -> None:
    stream = "".join(f"{keys}{PASTE_START}{paste}{PASTE_END}" for keys, paste in parts) + last
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=8)))
    pieces = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    source = PasteFilter()
    got = "".join(source.keys(piece) for piece in pieces)
    assert got == "".join(keys for keys, _ in parts) + last


def test_a_paste_never_ended_drops_all_that_follows_until_its_end() -> None:
    source = PasteFilter()
    assert source.keys(f"n{PASTE_START}hhh") == "n"
    assert source.keys("nnn\x1b[20") == ""
    assert source.keys("1~q") == "q"


def test_the_escape_key_alone_does_not_hide_the_next_key() -> None:
    source = PasteFilter()
    assert source.keys("\x1b") == ""
    assert source.keys("q") == "q"
    assert source.keys("\x1b") == ""
    assert source.keys("[An") == "n"  # an arrow key cut in two, then n


def test_the_keys_of_a_terminal_read_skip_a_paste() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, f"{PASTE_START}see you at the gym, thanks{PASTE_END}q".encode())
        source = PosixKeys(read_end)
        got = [source.read(0.1) for _ in range(2)]
    finally:
        os.close(read_end)
        os.close(write_end)
    assert got == ["q", None]
