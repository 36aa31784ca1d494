"""Settings are checked when they are set: a value is bounded in length, a name must name
something (`remind_routine` a routine, `remind_days` days), and a config that cannot be
loaded can still be repaired one setting at a time with `stretch config KEY VALUE`."""

from __future__ import annotations

import json
import os
import shlex
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchcli.files.config import SETTINGS, TEXT_CHARACTERS
from stretchcli.words import DAY_NAMES, DAYS, ScheduleError, parse_days
from tests.conftest import Stretch

TEXT_SETTINGS = [s.name for s in SETTINGS if s.kind in ("every", "hours", "days", "id", "command")]


def config_file(isolated: Path) -> Path:
    return isolated / "config" / "config.toml"


def test_a_value_is_bounded_in_length_when_set(stretch: Stretch, isolated: Path) -> None:
    long = "x" * 70_000
    code, out, err = stretch("config", "terminal", long)
    assert (code, out) == (2, "")
    assert err == (
        f"stretch: terminal: longer than {TEXT_CHARACTERS} characters (command that opens a "
        "terminal running a program, e.g. 'foot' or 'kitty', for the notification's Start "
        "button (empty: no Start button))\n"
    )
    assert not config_file(isolated).exists()


@pytest.mark.parametrize("name", TEXT_SETTINGS)
def test_every_text_setting_takes_up_to_the_bound_and_no_more(
    stretch: Stretch, isolated: Path, name: str
) -> None:
    """At the bound a value is judged as any other; one character more is refused for its
    length alone, from the command line and from the file."""
    over = stretch("config", name, "a" * (TEXT_CHARACTERS + 1))
    assert over.code == 2
    assert over.err.startswith(f"stretch: {name}: longer than {TEXT_CHARACTERS} characters")
    at = stretch("config", name, "a" * TEXT_CHARACTERS)
    assert "longer than" not in at.err
    path = config_file(isolated)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'{name} = "{"a" * (TEXT_CHARACTERS + 1)}"\n')
    assert stretch("config", name).err == (
        f"stretch: {path}:1:1: {name}: longer than {TEXT_CHARACTERS} characters\n"
    )


def test_a_config_with_one_huge_value_can_be_repaired(stretch: Stretch, isolated: Path) -> None:
    path = config_file(isolated)
    path.parent.mkdir(parents=True)
    path.write_text('sound = false\nterminal = "' + "x" * 70_000 + '"\n')
    listed = stretch("list")
    assert listed.code == 0
    assert listed.err == (
        f"stretch: warning: {path}:2:1: terminal: longer than {TEXT_CHARACTERS} characters; "
        "using the default settings\n"
    )
    assert stretch("config", "terminal", "sh") == (  # (a program that is there: no warning)
        0,
        f'terminal = "sh"  (written to {path})\n',
        "",
    )
    assert path.read_text() == 'sound = false\nterminal = "sh"\n'
    assert stretch("config", "sound").out == "false\n"


def test_a_broken_config_is_repaired_one_setting_at_a_time(
    stretch: Stretch, isolated: Path
) -> None:
    path = config_file(isolated)
    path.parent.mkdir(parents=True)
    path.write_text('remind_every = 5\nscale = 99\nremind_days = "weekdays"\n')
    assert stretch("config", "scale", "2").code == 0  # the others are still wrong: no matter
    assert stretch("config", "remind_every", "50m").code == 0
    code, _, err = stretch("config", "voice", "true")
    assert code == 0, err
    assert stretch("config", "remind_days").code == 1  # still wrong, and said so
    assert stretch("config", "remind_days", "mon-fri").code == 0
    assert stretch("config", "remind_days").out == '"mon-fri"\n'
    # No setting can be set to something that adds a problem.
    code, _, err = stretch("config", "remind_between", "9-5")
    assert (code, err) == (
        2,
        "stretch: remind_between: expected hours like 09:00-17:30, not '9-5' (working hours "
        "to remind in, or by day: mon-thu 09:00-17:30; fri 09:00-13:00)\n",
    )


KEYS_AND_BAD = {
    "remind_every": "5",
    "remind_between": '"9-5"',
    "remind_days": '"weekdays"',
    "scale": "99",
    "weekly_goal": "0",
    "terminal": '"' + "x" * 5000 + '"',
}
GOOD = {
    "remind_every": "50m",
    "remind_between": "08:00-16:00",
    "remind_days": "mon,wed",
    "scale": "1.5",
    "weekly_goal": "3",
    "terminal": "kitty",
}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bad=st.sets(st.sampled_from(sorted(KEYS_AND_BAD)), min_size=1), data=st.data())
def test_any_broken_setting_can_be_repaired_whatever_else_is_broken(
    isolated: Path, bad: set[str], data: st.DataObject
) -> None:
    from stretchcli.files.config_edit import set_value
    from stretchcli.files.config_file import load_config

    path = config_file(isolated)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{k} = {KEYS_AND_BAD[k]}\n" for k in sorted(bad)))
    environ = dict(os.environ)
    order = data.draw(st.permutations(sorted(bad)))
    for key in order:
        set_value(environ, key, GOOD[key])
    config = load_config(environ)
    assert {k: str(getattr(config, k)) for k in bad} == {k: GOOD[k] for k in bad}


def test_remind_routine_must_name_a_routine(stretch: Stretch, isolated: Path) -> None:
    assert stretch("config", "remind_routine", "dsk-break") == (
        1,
        "",
        "stretch: no routine named 'dsk-break' (did you mean 'desk-break'?)\n",
    )
    code, _, err = stretch("config", "remind_routine", "pelvic-tilt")  # an exercise
    assert code == 1 and err.startswith("stretch: no routine named 'pelvic-tilt'")
    assert not config_file(isolated).exists()
    assert stretch("config", "remind_routine", "mid-back").code == 0


@pytest.mark.parametrize("words", ["monkey", "mondayz", "wednesdayish", "mo", "m-f", "mon,", ""])
def test_days_are_day_names_only(stretch: Stretch, words: str) -> None:
    assert stretch("config", "remind_days", words).code == 2
    code, _, err = stretch("remind", "on", "--days", words)
    assert code == 2
    assert err.startswith("stretch: invalid value for '--days': expected days like mon-fri")


NAMES = [*DAYS, *DAY_NAMES]


@settings(max_examples=300)
@given(
    parts=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(NAMES), st.text(max_size=9)),
            st.none() | st.one_of(st.sampled_from(NAMES), st.text(max_size=9)),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_days_take_a_word_only_when_it_names_a_day(parts: list[tuple[str, str | None]]) -> None:
    text = ",".join(first if last is None else f"{first}-{last}" for first, last in parts)
    words = [w for first, last in parts for w in (first, last) if w is not None]
    naming = (
        all(w.strip(" ").lower() in NAMES for w in words)
        and text.count("-") == sum(last is not None for _, last in parts)
        and text.count(",") == len(parts) - 1
    )
    try:
        days = parse_days(text)
    except ScheduleError as exc:
        if str(exc).endswith(" given twice"):  # days, one of them named twice: a mistake
            assert naming and len(parts) > 1
            return
        assert not naming or text.lower().strip(" ") in ("every day", "daily", "all")
        return
    assert naming or text.lower().strip(" ") in ("every day", "daily", "all", "mon-sun")
    assert days


@pytest.mark.parametrize(
    ("value", "warned"),
    [
        ("nosuchterm-xyz", "there is no program named 'nosuchterm-xyz' on PATH here"),
        ("/nonexistent/kitty -e", "there is no program at '/nonexistent/kitty'"),
        ("sh -c", ""),
        ("", ""),
    ],
)
def test_a_terminal_whose_program_is_not_there_is_written_with_a_warning(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch, value: str, warned: str
) -> None:
    """Attack 21, B5: a terminal that is not there was taken without a word; the mistake
    showed only when a reminder's Start was clicked, away from any terminal."""
    monkeypatch.setenv("PATH", os.defpath)
    code, out, err = stretch("config", "terminal", value)
    assert code == 0 and out.startswith(f"terminal = {json.dumps(value)}")
    assert err == (
        f"stretch: warning: terminal: {warned}; a reminder's Start fails until there is "
        "(install it, or give its full path)\n"
        if warned
        else ""
    )


@pytest.mark.parametrize("folder", ["/dev", "/dev/shm", "/proc/self", "/sys", "/sys/kernel"])
def test_a_sync_folder_in_the_systems_own_folders_is_refused_set_or_in_the_file(
    stretch: Stretch, isolated: Path, tmp_path: Path, folder: str
) -> None:
    """Attack 21: `sync_folder /dev` was taken, and as root a sync file was made in /dev."""
    if not os.path.isdir(folder):
        pytest.skip(f"no {folder} on this system")
    link = tmp_path / "looks-fine"
    link.symlink_to(folder)
    top = "/" + folder.split("/")[1]
    for typed in (folder, str(link)):
        code, out, err = stretch("config", "sync_folder", typed)
        assert (code, out) == (2, "")
        assert err.startswith(f"stretch: sync_folder: {typed} is in {top} (") and err.endswith(
            "), not a folder to keep files in (give a folder of your own)\n"
        )
    assert not (isolated / "config" / "config.toml").exists()
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'sync_folder = "{folder}"\n')
    code, _, err = stretch("config")
    assert (
        code == 1 and f"sync_folder: expected a folder of your own, not the system's {top}" in err
    )


@pytest.mark.parametrize("name", ["home", "John Smith", "it's"])
def test_a_terminal_under_home_is_written_as_its_full_path(
    stretch: Stretch, isolated: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Attack 22, C8: `~/bin/kitty` was kept as typed, said not to be there, and a
    reminder's Start would have run a folder named "~". Verify 26, N7: a home with a space
    was split there, and one with an apostrophe refused."""
    home = isolated / name
    (home / "bin").mkdir(parents=True, exist_ok=True)
    program = home / "bin" / "kitty"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    code, _, err = stretch("config", "terminal", "~/bin/kitty --single-instance")
    assert (code, err) == (0, "")
    written = tomllib.loads((isolated / "config" / "config.toml").read_text())["terminal"]
    assert shlex.split(written) == [str(program), "--single-instance"]
