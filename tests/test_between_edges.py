"""Working hours at their edges (`--between`, `remind_between`): 24:00 is a day's end, never its
start; a start and end at the same time are no hours (00:00-24:00 is the whole day). Each
refusal is one line saying what is wrong with which time and what to type instead, and what
it offers to type is taken."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stretchcli.words import ScheduleError, parse_between
from tests.conftest import Stretch


def refusal(text: str) -> str:
    try:
        parse_between(text)
    except ScheduleError as exc:
        return str(exc)
    return ""


def test_24_00_to_24_00_says_24_00_ends_a_day_and_how_to_type_the_whole_day(
    stretch: Stretch,
) -> None:
    code, out, err = stretch("remind", "on", "--between", "24:00-24:00")
    assert (code, out) == (2, "")
    assert err == (
        "stretch: invalid value for '--between': 24:00 is the end of a day, not a start: type "
        "00:00-24:00 for the whole day, not '24:00-24:00' (see `stretch remind on --help`)\n"
    )


def test_the_config_says_the_same(stretch: Stretch, isolated: Path) -> None:
    code, _, err = stretch("config", "remind_between", "24:00-08:00")
    assert code != 0
    assert "24:00 is the end of a day, not a start: type 00:00-08:00 to start at midnight" in err


def test_each_edge_says_what_is_wrong() -> None:
    assert refusal("09:00-09:00") == (
        "the hours start and end at 09:00: type two different times, like 09:00-17:30 "
        "(00:00-24:00 for the whole day)"
    )
    assert refusal("00:00-00:00").startswith("the hours start and end at 00:00: ")
    assert refusal("08:00-24:30") == "24:30 is past the end of a day: the latest end is 24:00"
    assert refusal("25:00-08:00") == (
        "25:00 is not a time of day: type hours from 00:00 to 23:59 (24:00 only as an end), "
        "like 09:00-17:30"
    )
    assert refusal("09:60-10:00").startswith("09:60 is not a time of day: ")
    assert refusal("09:00-10:75").startswith("10:75 is not a time of day: ")
    assert parse_between("00:00-24:00") == (time(0), time(0))
    assert parse_between("22:00-24:00") == (time(22), time(0))


TIMES = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 99), st.integers(0, 99))


@given(TIMES, TIMES)
def test_every_refused_pair_of_times_says_why_in_a_line_and_offers_one_taken(
    start: str, end: str
) -> None:
    text = f"{start}-{end}"
    why = refusal(text)
    (h1, m1), (h2, m2) = ((int(p) for p in t.split(":")) for t in (start, end))
    valid = h1 <= 23 and m1 <= 59 and ((h2 <= 23 and m2 <= 59) or (h2, m2) == (24, 0))
    assert bool(why) == (not valid or start == end)
    if not why:
        return
    assert "\n" not in why
    named = start if start in why else end
    assert named in why  # which time is wrong (the first that is)
    offered = re.findall(r"[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}", why)
    assert offered or "the latest end is 24:00" in why
    for example in offered:
        assert refusal(example) == "", example
