"""A list-valued setting that names an item twice (`remind_at = "10:30,10:30"`, `remind_days
= "mon,mon"`, `avoid = ["rotation", "rotation"]`) is a mistake: refused in one line that names
the item given twice, on the command line and in the file alike. Before, both were taken
without a word."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchcli.errors import InvalidFileError, UsageError
from stretchcli.files.config import setting_named
from stretchcli.files.config_edit import parse_value
from stretchcli.files.config_file import parse
from stretchcli.model import MOVEMENTS
from stretchcli.words import DAYS
from tests.conftest import Stretch

TIMES = st.builds(time, st.integers(0, 23), st.integers(0, 59))


def _refused(key: str, text: str) -> str:
    with pytest.raises(UsageError) as raised:
        parse_value(setting_named(key), text)
    return raised.value.message


@given(st.lists(TIMES, min_size=1, max_size=6, unique=True), st.data())
def test_a_time_given_twice_is_refused_by_name(times: list[time], data: st.DataObject) -> None:
    twice = data.draw(st.sampled_from(times))
    padded = data.draw(st.booleans())  # 9:05 and 09:05 are the same time
    words = [f"{t.hour}:{t.minute:02}" if padded else f"{t:%H:%M}" for t in times]
    at = data.draw(st.integers(0, len(words)))
    text = ", ".join([*words[:at], f"{twice:%H:%M}", *words[at:]])
    assert _refused("remind_at", text).startswith(f"remind_at: {twice:%H:%M} given twice, not ")
    assert parse_value(setting_named("remind_at"), ", ".join(words)) == ", ".join(words)


@given(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True), st.data())
def test_a_day_given_twice_is_refused_by_name(days: list[str], data: st.DataObject) -> None:
    twice = data.draw(st.sampled_from(days))
    text = ",".join([*days, twice])
    assert _refused("remind_days", text) == (f"remind_days: {twice} given twice, not '{text}'")
    assert parse_value(setting_named("remind_days"), ",".join(days)) == ",".join(days)


@pytest.mark.parametrize(
    ("text", "twice"),
    [("mon-fri,wed", "wed"), ("fri-mon,sun-tue", "mon, sun"), ("monday,mon", "mon")],
)
def test_a_day_inside_a_range_given_again_is_refused(text: str, twice: str) -> None:
    assert _refused("remind_days", text).startswith(f"remind_days: {twice} given twice")


@given(st.lists(st.sampled_from(MOVEMENTS), min_size=1, max_size=4, unique=True), st.data())
def test_a_movement_given_twice_is_refused_by_name(
    movements: list[str], data: st.DataObject
) -> None:
    twice = data.draw(st.sampled_from(movements))
    assert _refused("avoid", ",".join([*movements, twice])) == f"avoid: '{twice}' given twice"
    listed = "[" + ", ".join(f'"{m}"' for m in [twice, *movements]) + "]"
    assert _refused("avoid", listed).startswith(f"avoid: '{twice}' given twice, not ")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('remind_at = "10:30,10:30"', "remind_at: 10:30 given twice"),
        ('remind_days = "mon,mon"', "remind_days: mon given twice"),
        ('avoid = ["rotation", "rotation"]', "avoid: 'rotation' given twice"),
    ],
)
def test_the_file_refuses_the_same_with_its_line(line: str, said: str) -> None:
    with pytest.raises(InvalidFileError) as raised:
        parse(Path("config.toml"), f"sound = false\n{line}\n")
    assert [str(p) for p in raised.value.problems] == [f"config.toml:2:1: {said}"]


def test_the_commands_refuse_it_in_one_line(stretch: Stretch, isolated: Path) -> None:
    code, out, err = stretch("config", "remind_at", "10:30,10:30")
    assert (code, out) == (2, "")
    assert err.startswith("stretch: remind_at: 10:30 given twice, not '10:30,10:30'")
    assert len(err.splitlines()) == 1
    code, _, err = stretch("remind", "on", "--days", "mon,mon", "--scheduler", "cron")
    assert (code, err) == (
        2,
        "stretch: invalid value for '--days': mon given twice, not 'mon,mon' "
        "(see `stretch remind on --help`)\n",
    )
    assert not (isolated / "config" / "config.toml").exists()
