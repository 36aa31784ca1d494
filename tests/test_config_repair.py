"""A config file that cannot be read as TOML can be repaired with `stretch config KEY VALUE`
when the damage is in the lines of the setting being set: those lines are replaced, and
every other line is kept as it was. Damage anywhere else is one line naming its place, and
the file is left as it is."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch

LINE_ENDS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines ends a line at
KEPT = "# my settings\nsound = true\n\nweekly_goal = 4  # physio's advice\n"
AFTER = "voice = false  # quiet at work\n"


def config(isolated: Path) -> Path:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize(
    "damaged",
    ['scale = "x', "scale = ]", "scale =", '  scale="1', "scale = 1 2", "scale\t= [[["],
)
def test_a_damaged_line_of_the_setting_being_set_is_replaced(
    stretch: Stretch, isolated: Path, damaged: str
) -> None:
    path = config(isolated)
    path.write_text(KEPT + damaged + "\n" + AFTER)
    assert stretch("config").code == 1  # it cannot be read
    assert stretch("config", "scale", "1") == (
        0,
        f"scale = 1  (written to {path})\n",
        "",
    )
    indent = damaged[: len(damaged) - len(damaged.lstrip())]
    assert path.read_text() == KEPT + indent + "scale = 1\n" + AFTER  # in place (verify 25, V10)
    assert stretch("config").code == 0


def test_damage_in_another_line_is_said_and_the_file_kept(stretch: Stretch, isolated: Path) -> None:
    path = config(isolated)
    text = 'scale = 1\nsound = "x\n'
    path.write_text(text)
    code, out, err = stretch("config", "scale", "2")
    assert (code, out) == (1, "")
    assert err.startswith(f"stretch: {path}:2:") and err.count("\n") == 1
    assert path.read_text() == text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters=LINE_ENDS),
        max_size=40,
    ),
    st.sampled_from(["scale", '"scale"', "'scale'", " scale\t"]),
)
def test_whatever_damage_follows_the_key_on_its_line_is_repaired_by_setting_it(
    stretch: Stretch, isolated: Path, tail: str, key: str
) -> None:
    try:
        tomllib.loads(key + " =" + tail)
    except tomllib.TOMLDecodeError:
        pass
    else:
        assume(False)  # a readable line is set as any other: in its place
    path = config(isolated)
    path.write_text(KEPT + key.rstrip() + " =" + tail + "\n" + AFTER)
    code, _, err = stretch("config", "scale", "1")
    assert (code, err) == (0, "")
    text = path.read_text()
    indent = key[: len(key) - len(key.lstrip())]
    assert text.startswith(KEPT + indent + "scale = 1") and text.endswith("\n" + AFTER)
    line = text.removeprefix(KEPT + indent).removesuffix(AFTER)
    assert line == "scale = 1\n" or (  # or with its comment, when one can be told apart
        tail.endswith(line.removeprefix("scale = 1").removesuffix("\n").lstrip(" \t"))
        and "#" in line
    )


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("scale = 1x   # the bell", "scale = 2   # the bell"),
        ("\tscale = 1 2 #half", "\tscale = 2 #half"),
        ('scale = "1   # the bell', "scale = 2"),  # the # may be inside a string
        ("scale = x #\x01", "scale = 2"),  # a comment TOML does not take
        ('"scale" = x', "scale = 2"),  # a quoted key is the same key (attack 21, B3)
        ('scale = x  # don\'t "halve" it', 'scale = 2  # don\'t "halve" it'),  # attack 22, C5
        ("scale = x#half", "scale = 2 #half"),  # verify 26, N9
        ("'scale' = 1 1  # half", "scale = 2  # half"),
    ],
)
def test_a_repaired_line_keeps_its_place_and_its_comment(
    stretch: Stretch, isolated: Path, damaged: str, repaired: str
) -> None:
    """Verify 25, V10: a line that was not TOML moved to the end, its comment dropped."""
    path = config(isolated)
    path.write_text(KEPT + damaged + "\n" + AFTER)
    assert stretch("config", "scale", "2").code == 0
    assert path.read_text() == KEPT + repaired + "\n" + AFTER


@pytest.mark.parametrize(
    ("other", "where"),
    [
        ('voice = "maybe"\n', "1:1: voice: expected true or false"),
        ('[remind]\nevery = "5m"\n', "3:2: remind"),
    ],
)
def test_a_setting_written_beside_a_wrong_value_says_the_file_still_stops_there(
    stretch: Stretch, isolated: Path, other: str, where: str
) -> None:
    """Attack 20, A6: "written", exit 0, and every command still stopped at another line,
    so the setting was not in force; nothing said so."""
    path = config(isolated)
    path.write_text(other)
    code, out, err = stretch("config", "scale", "2")
    assert (code, out) == (0, f"scale = 2  (written to {path})\n")
    assert err.startswith(f"stretch: warning: {path}:{where}") and err.count("\n") == 1, err
    assert err.endswith(
        ": every command stops there, so no setting is in force until it is right too (set "
        "it with `stretch config` too, or fix it by hand)\n"
    )
    assert stretch("config").code == 1
