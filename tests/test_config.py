"""The config file: `stretch config` shows, sets and checks settings; a broken or odd file
is one clear line and never a crash; the settings reach the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchcli.cli.app import app


def test_config_shows_sets_and_checks(runner: CliRunner, isolated: Path) -> None:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["setting", "value", "from", "what", "it", "does"]
    assert lines[2].split()[:3] == ["sound", "true", "default"]
    assert lines[-1] == f"config file: {isolated / 'config' / 'config.toml'}  (not there yet)"
    path = isolated / "config" / "config.toml"
    result = runner.invoke(app, ["config", "avoid", "rotation,side-bend"])
    assert result.stdout == f'avoid = ["rotation", "side-bend"]  (written to {path})\n'
    runner.invoke(app, ["config", "sound", "off"])
    runner.invoke(app, ["config", "scale", "0.5"])
    assert path.read_text() == 'avoid = ["rotation", "side-bend"]\nsound = false\nscale = 0.5\n'
    assert runner.invoke(app, ["config", "scale"]).stdout == "0.5\n"
    shown = runner.invoke(app, ["config"]).stdout.splitlines()
    assert next(line for line in shown if line.startswith("sound")).split()[:3] == [
        "sound", "false", "config"
    ]  # fmt: skip


def test_config_keeps_comments_and_other_lines(runner: CliRunner, isolated: Path) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("# my settings\nvoice = true  # I like it\nprepare = 10\n")
    runner.invoke(app, ["config", "prepare", "15"])
    assert path.read_text() == "# my settings\nvoice = true  # I like it\nprepare = 15\n"
    shown = json.loads(runner.invoke(app, ["show", "mid-back", "--json"]).stdout)
    assert shown["prepare"] == 10  # mid-back gives its own get-ready time
    # a routine that gives none takes the default from the config
    routine = isolated / "config" / "routines" / "plain.yaml"
    routine.parent.mkdir(parents=True)
    routine.write_text("name: Plain\nsummary: s\nsteps: [pelvic-tilt]\n")
    assert json.loads(runner.invoke(app, ["show", "plain", "--json"]).stdout)["prepare"] == 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sond", "true"], "stretch: unknown setting 'sond' (did you mean 'sound'?)"),
        (
            ["scale", "9"],
            "stretch: scale: expected a number from 0.25 to 4, not '9' "
            "(stretch or shrink every hold, relax and rest)",
        ),
        (
            ["sound", "maybe"],
            "stretch: sound: expected true or false, not 'maybe' "
            "(bell at hold start, relax, switch sides and the end)",
        ),
        (
            ["weekly_goal", "2.5"],
            "stretch: weekly_goal: expected a whole number from 1 to 100, not '2.5' "
            "(sessions a week to aim for; a plan's own comes first)",
        ),
        (
            ["avoid", "twist"],
            "stretch: avoid: unknown movement 'twist' "
            "(movements: rotation, side-bend, flexion, extension)",
        ),
    ],
)
def test_config_errors(runner: CliRunner, isolated: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["config", *args])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert not (isolated / "config" / "config.toml").exists()


def test_a_broken_config_warns_but_list_still_works(runner: CliRunner, isolated: Path) -> None:
    path = isolated / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("scale = 10\n")
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"stretch: warning: {path}:1:1: scale: expected a number from 0.25 to 4; "
        "using the default settings\n"
    )


def test_a_config_folder_that_is_a_file_is_one_clear_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    env = {"STRETCH_CONFIG_DIR": str(blocker)}
    result = runner.invoke(app, ["config", "sound", "false"], env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        f"stretch: cannot write {blocker / 'config.toml.lock'}: Not a directory "
        f"(see that {blocker} is a folder you can write to)\n"
    )
    result = runner.invoke(app, ["new", "foo"], env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        f"stretch: cannot write {blocker / 'routines' / 'foo.yaml'}: {blocker} is a file, "
        "not a folder (move it aside, or give another name)\n"
    )


def test_config_writes_through_a_symlink_and_refuses_multiline_values(
    runner: CliRunner, isolated: Path, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles" / "config.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("voice = false\n")
    link = isolated / "config" / "config.toml"
    link.parent.mkdir(parents=True)
    link.symlink_to(dotfiles)
    assert runner.invoke(app, ["config", "voice", "true"]).exit_code == 0
    assert link.is_symlink()
    assert dotfiles.read_text() == "voice = true\n"
    dotfiles.write_text('# mine\navoid = [\n  "rotation",\n]  # my neck\nvoice = true\n')
    assert runner.invoke(app, ["config", "avoid", "side-bend"]).exit_code == 0
    assert dotfiles.read_text() == '# mine\navoid = ["side-bend"]  # my neck\nvoice = true\n'


def config(isolated: Path) -> Path:
    folder = isolated / "config"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "config.toml"


def test_deeply_nested_config_is_one_problem(isolated: Path, runner: CliRunner) -> None:
    path = config(isolated)
    path.write_text("scale = " + "[" * 500 + "]" * 500 + "\n")
    result = runner.invoke(app, ["run", "upper-back", "--json"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"stretch: {path}:1:1: invalid TOML: nested too deeply (settings are flat values)\n"
    )
    assert runner.invoke(app, ["list"]).exit_code == 0  # a warning, and the defaults


@pytest.mark.parametrize("links", [1, 2])
def test_a_symlink_loop_at_the_config_file(isolated: Path, runner: CliRunner, links: int) -> None:
    path = config(isolated)
    other = path.with_name("other.toml")
    path.symlink_to(path if links == 1 else other)
    if links == 2:
        other.symlink_to(path)
    result = runner.invoke(app, ["config", "sound", "false"])
    assert result.exit_code == 1
    assert result.stderr == f"stretch: cannot follow {path}: its symlinks go round in a loop\n"


def test_a_byte_order_mark_is_fine(isolated: Path, runner: CliRunner) -> None:
    config(isolated).write_text("\ufeffsound = false\n", encoding="utf-8")
    result = runner.invoke(app, ["config", "sound"])
    assert (result.exit_code, result.stdout) == (0, "false\n")


def test_an_unknown_key_is_not_echoed_whole(isolated: Path, runner: CliRunner) -> None:
    path = config(isolated)
    path.write_text("x" * 60_000 + " = 1\n")
    result = runner.invoke(app, ["run", "upper-back", "--json"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"stretch: {path}:1:1: unknown setting '{'x' * 37}...' "
        "(settings: sound, voice, voice_rate, plain, coach, countdown, figures, avoid, ask_pain, "
        "scale, prepare, rest, remind, remind_every, remind_between, remind_days, "
        "remind_pause, remind_at, remind_limit, remind_routine, weekly_goal, terminal, "
        "sync_folder)\n"
    )


def test_a_value_cannot_smuggle_another_setting(isolated: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["config", "scale", "1\nsound = false"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "stretch: scale: the value holds U+000A (a control character) at character 2; "
        "a value must be one line of text with no control character"
    )
    assert not config(isolated).exists()


def test_voice_rate_and_plain_are_settings(runner: CliRunner) -> None:
    assert runner.invoke(app, ["config", "voice_rate"]).stdout.startswith("175")
    assert runner.invoke(app, ["config", "voice_rate", "140"]).exit_code == 0
    assert runner.invoke(app, ["config", "voice_rate"]).stdout.startswith("140")
    for bad in ("99", "251", "140.5", "fast"):
        result = runner.invoke(app, ["config", "voice_rate", bad])
        assert result.exit_code == 2, bad
        assert result.stderr.startswith(
            f"stretch: voice_rate: expected a whole number from 100 to 250, not '{bad}'"
        )
    assert runner.invoke(app, ["config", "plain"]).stdout.startswith("false")
    assert runner.invoke(app, ["config", "plain", "on"]).exit_code == 0
    assert runner.invoke(app, ["config", "plain"]).stdout.startswith("true")


def test_the_countdown_is_on_unless_turned_off(runner: CliRunner) -> None:
    assert runner.invoke(app, ["config", "countdown"]).stdout.startswith("true")


def test_coach_and_countdown_are_settings(runner: CliRunner) -> None:
    assert runner.invoke(app, ["config", "coach", "brief"]).exit_code == 0
    assert runner.invoke(app, ["config", "coach"]).stdout.startswith('"brief"')
    bad = runner.invoke(app, ["config", "coach", "chatty"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith('stretch: coach: expected one of "full", "brief", not \'chatty\'')
    assert runner.invoke(app, ["config", "countdown", "on"]).exit_code == 0


# Valid values of some settings, as TOML, and a second value for each to set.
VALUES = {
    "sound": ("true", "false"),
    "voice": ("false", "true"),
    "scale": ("1.5", "0.5"),
    "prepare": ("8", "12.5"),
    "avoid": ('["rotation", "flexion"]', "side-bend"),
    "remind_every": ('"1h"', "45m"),
    "terminal": ("'foot'", "kitty --single-instance"),
    "weekly_goal": ("3", "6"),
}
comments = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30).map(
    lambda text: "#" + text
)
blank_or_comment = st.one_of(st.just(""), comments, comments.map(lambda c: "  " + c))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    keys=st.lists(st.sampled_from(sorted(VALUES)), unique=True, max_size=6),
    between=st.lists(st.lists(blank_or_comment, max_size=2), min_size=7, max_size=7),
    trailing=st.lists(st.one_of(st.just(""), comments), min_size=7, max_size=7),
    chosen=st.sampled_from(sorted(VALUES)),
)
def test_setting_one_value_keeps_every_other_line_and_value(
    isolated: Path, keys: list[str], between: list[list[str]], trailing: list[str], chosen: str
) -> None:
    from stretchcli.files.config_edit import set_value
    from stretchcli.files.config_file import load_config

    lines: list[str] = []
    for i, key in enumerate(keys):
        lines += between[i]
        lines.append(f"{key} = {VALUES[key][0]}" + (f"  {trailing[i]}" if trailing[i] else ""))
    path = config(isolated)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    environ = {"STRETCH_CONFIG_DIR": str(path.parent)}
    before = load_config(environ)
    set_value(environ, chosen, VALUES[chosen][1])
    after = load_config(environ)
    text = path.read_text(encoding="utf-8")
    for name in VALUES:  # the others as they were; the chosen one as set
        if name != chosen:
            assert getattr(after, name) == getattr(before, name)
    assert getattr(after, chosen) != getattr(before, chosen)
    comments = [line.strip() for line in lines if line.strip().startswith("#")]
    comments += [t for t in trailing[: len(keys)] if t]
    for comment in comments:  # every comment is still there, the chosen line's own too
        assert comment in text


@pytest.mark.parametrize(("key", "value"), [("remind_routine", " "), ("remind_routine", "")])
def test_a_refused_value_is_named_once(runner: CliRunner, key: str, value: str) -> None:
    done = runner.invoke(app, ["config", key, value])
    code, out, err = done.exit_code, done.stdout, done.stderr
    assert (code, out) == (2, "")
    assert err.count(f"not '{value}'") == 1 and err.count("\n") == 1
