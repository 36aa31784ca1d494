"""Shell completion: the candidates for each argument, and TAB in real bash, zsh and fish.

The first tests ask the app in-process, as stretch's bash script does (the line in
COMP_LINE, typed answers `plain,VALUE` and `file,`). The last ones type into a real shell in a
pty (pexpect), with the script that `stretch --show-completion` prints or that
`stretch --install-completion` installs, and read back the line as TAB left it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner

from stretchcli.cli.app import app
from stretchcli.cli.completion import offers, scripts

WAIT = 10.0  # the longest one expectation may take before the test fails
PROMPT = "PS> "
ESCAPE_CODE = re.compile(r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>]")
UPPER_BACK_STEPS = [
    "ball-pressure",
    "rhomboid-stretch",
    "scapular-squeeze",
    "thoracic-rotation",
    "thoracic-side-bend",
]


def complete(runner: CliRunner, line: str, env: Mapping[str, str] | None = None) -> list[str]:
    """What stretch's bash script gets back for TAB at the end of `line`."""
    result = runner.invoke(
        app,
        [],
        env={
            "_STRETCH_COMPLETE": "complete_bash",
            "_STRETCH_COMPLETE_FORMAT": "typed",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def values(answer: list[str]) -> list[str]:
    """The candidates of a typed answer, without the `file,` marker."""
    return [line.removeprefix("plain,") for line in answer if line.startswith("plain,")]


@pytest.fixture
def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any file is parsed as YAML."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise AssertionError("completion parsed a YAML file")

    monkeypatch.setattr("stretchcli.files.yamldoc.load_node", refuse)


# --- The candidates ------------------------------------------------------------------------


def test_run_completes_routines_only(runner: CliRunner, no_yaml: None) -> None:
    assert complete(runner, "stretch run tho") == []
    assert complete(runner, "stretch run up") == ["plain,upper-back"]
    assert values(complete(runner, "stretch run ")) == [
        "back-pain-relief",
        "desk-break",
        "desk-upper-back",
        "gentle-yoga",
        "low-back-seated",
        "mid-back",
        "morning-in-bed",
        "spinal-stenosis",
        "strength-upper-back",
        "trigger-point-release",
        "upper-back",
    ]


def test_show_and_edit_complete_routines_and_exercises(runner: CliRunner, no_yaml: None) -> None:
    for command in ("show", "edit"):
        assert values(complete(runner, f"stretch {command} thoracic-")) == [
            "thoracic-rotation",
            "thoracic-side-bend",
        ]
        assert values(complete(runner, f"stretch {command} up")) == ["upper-back"]


def test_new_from_completes_both_kinds_or_exercises_after_exercise_flag(
    runner: CliRunner, no_yaml: None
) -> None:
    assert values(complete(runner, "stretch new mine --from m")) == ["mid-back", "morning-in-bed"]
    assert values(complete(runner, "stretch new mine --from sc")) == ["scapular-squeeze"]
    assert complete(runner, "stretch new mine --exercise --from m") == []
    assert values(complete(runner, "stretch new mine --exercise --from sc")) == ["scapular-squeeze"]


def test_user_files_complete_by_name_even_when_broken(
    runner: CliRunner, user_routines: Path, no_yaml: None
) -> None:
    (user_routines / "upper-mine.yaml").write_text("{ this is not valid yaml")
    (user_routines / "exercises" / "upper-stretch.yaml").write_text("{ nor this")
    assert values(complete(runner, "stretch run upper-")) == ["upper-back", "upper-mine"]
    assert values(complete(runner, "stretch show upper-")) == [
        "upper-back",
        "upper-mine",
        "upper-stretch",
    ]


def test_avoid_completes_movements_after_the_last_comma(runner: CliRunner) -> None:
    assert values(complete(runner, "stretch run upper-back --avoid ")) == [
        "extension",
        "flexion",
        "rotation",
        "side-bend",
    ]
    assert values(complete(runner, "stretch run upper-back --avoid rotation,s")) == [
        "rotation,side-bend"
    ]
    # Movements already in the list are not offered again.
    assert values(complete(runner, "stretch run upper-back --avoid rotation,")) == [
        "rotation,extension",
        "rotation,flexion",
        "rotation,side-bend",
    ]
    # `--avoid=rot`: bash replaces only what follows the `=`.
    assert complete(runner, "stretch run --avoid=rot") == ["plain,rotation"]


def test_only_and_skip_complete_the_routines_steps_from_the_cache(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["list"]).exit_code == 0  # checks every file and caches it
    monkeypatch.setattr("stretchcli.files.yamldoc.load_node", None)  # no YAML from here on
    for option in ("--only", "--skip"):
        assert values(complete(runner, f"stretch run upper-back {option} ")) == UPPER_BACK_STEPS
        assert values(complete(runner, f"stretch run upper-back {option} scapular-squeeze,t")) == [
            "scapular-squeeze,thoracic-rotation",
            "scapular-squeeze,thoracic-side-bend",
        ]


def test_only_without_a_cached_routine_offers_every_exercise_without_reading_yaml(
    runner: CliRunner, no_yaml: None
) -> None:
    offered = values(complete(runner, "stretch run upper-back --only "))
    assert set(UPPER_BACK_STEPS) < set(offered)
    assert "cat-camel" in offered  # a mid-back exercise: the cache did not hold upper-back
    assert values(complete(runner, "stretch run --skip cat")) == ["cat-camel"]


def test_variant_completes_exercise_variant_pairs(runner: CliRunner) -> None:
    pairs = ["rhomboid-stretch=chair", "rhomboid-stretch=long-sitting"]
    upper_back = ["ball-pressure=floor", *pairs, "scapular-squeeze=band"]
    assert values(complete(runner, "stretch run upper-back --variant ")) == upper_back
    assert values(complete(runner, "stretch run --variant rh")) == pairs
    assert complete(runner, "stretch run morning-in-bed --variant ") == []  # no step has variants
    # After the `=`, bash replaces only the variant's name.
    assert complete(runner, "stretch run upper-back --variant rhomboid-stretch=l") == [
        "plain,long-sitting"
    ]
    assert complete(runner, "stretch run --variant=rhomboid-stretch=c") == ["plain,chair"]


def test_file_names_are_offered_only_where_a_file_may_be_meant(runner: CliRunner) -> None:
    assert complete(runner, "stretch validate rou") == ["file,"]
    assert complete(runner, "stretch new ") == ["file,"]  # a made-up name: as the shell likes
    assert complete(runner, "stretch history import ") == ["file,"]  # a path
    assert complete(runner, "stretch report --output ") == ["file,"]
    for line in (
        "stretch run xyz",
        "stretch show xyz",
        "stretch run upper-back --avoid xyz",
        "stretch run upper-back --only xyz",
        "stretch run upper-back --variant xyz",
        "stretch run upper-back --scale ",
        "stretch history --routine xyz",
        "stretch remind on --every ",  # text, but parsed into a schedule
        "stretch remind on --scheduler ",
        "stretch list ",
        "stretch ",
    ):
        assert "file," not in complete(runner, line), line


def test_history_routine_completes_routines(runner: CliRunner, no_yaml: None) -> None:
    assert values(complete(runner, "stretch history --routine mo")) == ["morning-in-bed"]


def test_report_completes_its_formats_and_routines(runner: CliRunner, no_yaml: None) -> None:
    assert values(complete(runner, "stretch report --format ")) == ["csv", "html", "json", "md"]
    assert values(complete(runner, "stretch report --format j")) == ["json"]
    assert values(complete(runner, "stretch due --format t")) == ["tmux"]
    assert values(complete(runner, "stretch report --routine desk-")) == [
        "desk-break",
        "desk-upper-back",
    ]


def test_typers_plain_protocol_still_answers(runner: CliRunner) -> None:
    """Scripts installed before (typer's) send COMP_WORDS and read plain values."""
    env = {"_STRETCH_COMPLETE": "complete_bash", "COMP_WORDS": "stretch run up", "COMP_CWORD": "2"}
    assert runner.invoke(app, [], env=env).stdout == "upper-back\n"
    env["COMP_WORDS"] = "stretch run th"
    assert runner.invoke(app, [], env=env).stdout == ""


def test_install_and_show_completion_honour_the_shell_given(
    runner: CliRunner, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = {"HOME": str(home), "ZDOTDIR": "", "XDG_CONFIG_HOME": ""}
    result = runner.invoke(app, ["--install-completion", "zsh"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"zsh completion installed in {home / '.zfunc' / '_stretch'}")
    script = (home / ".zfunc" / "_stretch").read_text()
    assert script.startswith("#compdef stretch\n")
    assert "fpath+=~/.zfunc; autoload -Uz compinit; compinit" in (home / ".zshrc").read_text()
    assert not (home / ".bashrc").exists()

    assert runner.invoke(app, ["--install-completion=fish"], env=env).exit_code == 0
    assert (home / ".config" / "fish" / "completions" / "stretch.fish").is_file()
    for _ in range(2):  # installing twice adds the line once
        assert runner.invoke(app, ["--install-completion", "bash"], env=env).exit_code == 0
    source = f"source '{home / '.bash_completions' / 'stretch.sh'}'"
    assert (home / ".bashrc").read_text().splitlines().count(source) == 1

    shown = runner.invoke(app, ["--show-completion", "fish"], env=env)
    assert shown.stdout.startswith("complete --command stretch ")
    shown = runner.invoke(app, ["--show-completion", "zsh"], env=env)
    assert shown.stdout == script


def test_install_completion_refuses_an_unknown_shell(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--install-completion", "tcsh"], env={"HOME": str(tmp_path)})
    assert result.exit_code == 2
    assert result.stderr == (  # powershell's is shown, not installed (review 23, F6)
        "stretch: shell 'tcsh' is not supported (give one of: bash, zsh, fish)\n"
    )
    assert list(tmp_path.iterdir()) == []
    shown = runner.invoke(app, ["--show-completion", "tcsh"], env={"HOME": str(tmp_path)})
    assert shown.stderr == (
        "stretch: shell 'tcsh' is not supported (give one of: bash, zsh, fish, powershell)\n"
    )


def test_install_completion_completes_shell_names(runner: CliRunner) -> None:
    assert values(complete(runner, "stretch --install-completion z")) == ["zsh"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--install-completion"], ("install", None)),
        (["--install-completion", "zsh"], ("install", "zsh")),
        (["--show-completion=fish"], ("show", "fish")),
        (["--version", "--show-completion", "--help"], ("show", None)),
        (["run", "upper-back", "--install-completion", "zsh"], None),
        (["list"], None),
    ],
)
def test_script_request(args: list[str], expected: tuple[str, str | None] | None) -> None:
    assert scripts.script_request(args) == expected


def test_comma_list_completes_the_last_item() -> None:
    choices = ["rotation", "side-bend", "flexion"]
    assert offers.comma_list(choices, "") == ["flexion", "rotation", "side-bend"]
    assert offers.comma_list(choices, "fl") == ["flexion"]
    assert offers.comma_list(choices, "flexion,") == ["flexion,rotation", "flexion,side-bend"]
    assert offers.comma_list(choices, ",r") == [",rotation"]
    assert offers.comma_list(choices, "flexion,x") == []


# --- TAB in real shells --------------------------------------------------------------------

pty_only = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """A user with their own home, and `stretch` (this checkout, this Python) on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "stretch"
    code = 'import sys; sys.argv[0] = "stretch"; from stretchcli.cli import main; sys.exit(main())'
    launcher.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -c '{code}' \"$@\"\n")
    launcher.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRETCH_", "XDG_", "ZDOTDIR"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        TERM="xterm",
        STRETCH_CONFIG_DIR=str(tmp_path / "config"),
        STRETCH_STATE_DIR=str(tmp_path / "state"),
        STRETCH_CACHE_DIR=str(tmp_path / "cache"),
    )
    env.pop("PROMPT_COMMAND", None)
    return env


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """The shell's working folder: a routine file, and a file named like no stretch value."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "my-routine.yaml").write_text("name: Mine\n")
    (work / "xyz-notes.txt").write_text("notes\n")
    return work


class Shell:
    """An interactive shell in a pty, at its prompt."""

    def __init__(self, argv: list[str], env: Mapping[str, str], cwd: Path) -> None:
        self.child = pexpect.spawn(
            argv[0],
            argv[1:],
            env=dict(env),
            cwd=str(cwd),
            dimensions=(40, 200),
            encoding="utf-8",
            codec_errors="replace",
            timeout=WAIT,
        )
        self.child.expect_exact(PROMPT)

    def tab(self, text: str) -> str:
        """Type `text` and TAB, then read back the whole line as completion left it (zsh takes
        back the space after a completed word when the next key is not typing).

        The keys after TAB wrap the line in `echo "<...>"` (Ctrl-A, Ctrl-E) and run it: the
        shell handles keys in order, so they act once the completion is done.
        """
        self.child.send(f'{text}\t\x01echo "<\x05>"\r')
        # The line as echo prints it; the typed command shows `>"` instead of `>` + newline.
        self.child.expect(r'<([^\r\n"<]*)>\r\n')
        line = ESCAPE_CODE.sub("", str(self.child.match.group(1)))
        self.child.expect_exact(PROMPT)
        return line

    def close(self) -> None:
        self.child.close(force=True)


@pytest.fixture
def shells() -> Iterator[list[Shell]]:
    """Every shell a test starts is closed after it."""
    started: list[Shell] = []
    yield started
    for shell in started:
        shell.close()


def _needs(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed")
    return path


BASH_CASES = [
    pytest.param("stretch run up", "stretch run upper-back ", id="run-routine"),
    pytest.param("stretch run tho", "stretch run tho", id="run-no-exercise"),
    pytest.param("stretch show thoracic-r", "stretch show thoracic-rotation ", id="show-exercise"),
    pytest.param(
        "stretch run upper-back --avoid rotation,si",
        "stretch run upper-back --avoid rotation,side-bend ",
        id="avoid-after-comma",
    ),
    pytest.param(
        "stretch run upper-back --avoid xyz",
        "stretch run upper-back --avoid xyz",
        id="avoid-no-files",
    ),
    pytest.param(
        "stretch run upper-back --only scap",
        "stretch run upper-back --only scapular-squeeze ",
        id="only-step",
    ),
    pytest.param(
        "stretch run upper-back --variant rhomboid-stretch=l",
        "stretch run upper-back --variant rhomboid-stretch=long-sitting ",
        id="variant-after-equals",
    ),
    pytest.param("stretch validate my", "stretch validate my-routine.yaml ", id="validate-files"),
    pytest.param("stretch config remind_ro", "stretch config remind_routine ", id="config-key"),
    pytest.param("stretch config coach b", "stretch config coach brief ", id="config-choice"),
    pytest.param("stretch config sound f", "stretch config sound false ", id="config-bool"),
    pytest.param(
        "stretch config avoid rotation,fl",
        "stretch config avoid rotation,flexion ",
        id="config-avoid",
    ),
    pytest.param(
        "stretch config remind_routine desk-b",
        "stretch config remind_routine desk-break ",
        id="config-id",
    ),
    pytest.param(
        "stretch config remind_days mon-", "stretch config remind_days mon-fri ", id="config-days"
    ),
    pytest.param("stretch remind snooze 1", "stretch remind snooze 1", id="snooze-two-ways"),
    pytest.param("stretch remind snooze 2", "stretch remind snooze 2h ", id="snooze"),
    pytest.param(
        "stretch remind on --scheduler sys",
        "stretch remind on --scheduler systemd ",
        id="scheduler",
    ),
]


@pty_only
@pytest.mark.parametrize(("typed", "expected"), BASH_CASES)
def test_bash_tab(
    typed: str,
    expected: str,
    shell_env: dict[str, str],
    workdir: Path,
    shells: list[Shell],
) -> None:
    bash = _needs("bash")
    env = {**shell_env, "PS1": PROMPT, "INPUTRC": os.devnull, "HISTFILE": os.devnull}
    shell = Shell([bash, "--norc", "--noprofile", "-i"], env, workdir)
    shells.append(shell)
    shell.child.sendline("source <(stretch --show-completion bash)")
    shell.child.expect_exact(PROMPT)
    assert shell.tab(typed) == expected


ZSHRC = f"PS1='{PROMPT}'\nbindkey -e\nunset zle_bracketed_paste\n"


@pty_only
def test_zsh_completes_from_the_first_tab_when_autoloaded(
    shell_env: dict[str, str], workdir: Path, shells: list[Shell]
) -> None:
    """The script as compinit autoloads it from fpath (where --install-completion puts it)."""
    zsh = _needs("zsh")
    home = Path(shell_env["HOME"])
    script = pexpect.run(
        "stretch", env={**shell_env, "_STRETCH_COMPLETE": "source_zsh"}, encoding="utf-8"
    )
    (home / ".zfunc").mkdir()
    (home / ".zfunc" / "_stretch").write_text(script.replace("\r\n", "\n"))
    (home / ".zshrc").write_text(ZSHRC + "fpath+=~/.zfunc; autoload -Uz compinit; compinit\n")
    shell = Shell([zsh, "-i"], shell_env, workdir)
    shells.append(shell)
    assert shell.tab("stretch run up") == "stretch run upper-back"  # the first TAB
    assert shell.tab("stretch show thoracic-r") == "stretch show thoracic-rotation"  # the second
    assert shell.tab("stretch run tho") == "stretch run tho"
    assert shell.tab("stretch run upper-back --avoid xyz") == "stretch run upper-back --avoid xyz"
    assert shell.tab("stretch validate my") == "stretch validate my-routine.yaml"
    assert shell.tab("stretch config remind_ro") == "stretch config remind_routine"
    assert shell.tab("stretch remind snooze 2") == "stretch remind snooze 2h"


@pty_only
def test_zsh_completes_after_install_completion_zsh_from_another_shell(
    shell_env: dict[str, str], workdir: Path, shells: list[Shell]
) -> None:
    zsh = _needs("zsh")
    (Path(shell_env["HOME"]) / ".zshrc").write_text(ZSHRC)
    # Run from this test's process, under whatever shell started it: zsh must be honoured.
    installed = pexpect.run(
        "stretch --install-completion zsh", env=shell_env, encoding="utf-8", timeout=WAIT
    )
    assert "zsh completion installed" in installed
    shell = Shell([zsh, "-i"], shell_env, workdir)
    shells.append(shell)
    assert shell.tab("stretch run up") == "stretch run upper-back"


@pty_only
def test_zsh_completes_with_the_script_sourced(
    shell_env: dict[str, str], workdir: Path, shells: list[Shell]
) -> None:
    zsh = _needs("zsh")
    home = Path(shell_env["HOME"])
    (home / ".zshrc").write_text(
        ZSHRC + 'autoload -Uz compinit; compinit\neval "$(stretch --show-completion zsh)"\n'
    )
    shell = Shell([zsh, "-i"], shell_env, workdir)
    shells.append(shell)
    assert shell.tab("stretch run up") == "stretch run upper-back"
    assert shell.tab("stretch run upper-back --avoid rotation,si") == (
        "stretch run upper-back --avoid rotation,side-bend"
    )


@pty_only
def test_fish_completes_routines_after_install(
    shell_env: dict[str, str], workdir: Path, shells: list[Shell]
) -> None:
    fish = _needs("fish")
    home = Path(shell_env["HOME"])
    config = home / ".config" / "fish"
    config.mkdir(parents=True)
    (config / "config.fish").write_text(
        "set -g fish_greeting ''\n"
        "set -g fish_autosuggestion_enabled 0\n"
        f"function fish_prompt; printf '{PROMPT}'; end\n"
    )
    installed = pexpect.run(
        "stretch --install-completion fish", env=shell_env, encoding="utf-8", timeout=WAIT
    )
    assert "fish completion installed" in installed
    shell = Shell([fish, "-i"], shell_env, workdir)
    shells.append(shell)
    assert shell.tab("stretch run up") == "stretch run upper-back "
    assert shell.tab("stretch run tho") == "stretch run tho"
    assert shell.tab("stretch run upper-back --avoid xyz") == "stretch run upper-back --avoid xyz"
    assert shell.tab("stretch config coach b") == "stretch config coach brief "
    assert shell.tab("stretch remind on --scheduler cr") == "stretch remind on --scheduler cron "


def test_a_tab_in_run_imports_neither_yaml_nor_rich(shell_env: dict[str, str]) -> None:
    """Completion runs on every TAB: it reads file names, never YAML, and draws nothing."""
    code = 'import sys; sys.argv[0] = "stretch"; from stretchcli.cli import main; sys.exit(main())'
    env = {**shell_env, "_STRETCH_COMPLETE": "complete_bash", "COMP_WORDS": "stretch run up",
           "COMP_CWORD": "2"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        env=env, capture_output=True, text=True, timeout=WAIT, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "upper-back\n"), result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "stretchcli.files.scan" in imported
    assert not imported & {
        "yaml",
        "rich",
        "rich.console",
        "stretchcli.files.checker",
        "stretchcli.files.fields",
    }


@pty_only
def test_zsh_lists_descriptions_with_their_quotes_and_colons(
    shell_env: dict[str, str], workdir: Path, shells: list[Shell]
) -> None:
    """Every description zsh lists is the help as written: an apostrophe, quotes and a colon
    survive the script's single quotes (typer's `''` dropped them: "the systems speech")."""
    zsh = _needs("zsh")
    home = Path(shell_env["HOME"])
    (home / ".zshrc").write_text(
        ZSHRC + 'autoload -Uz compinit; compinit\neval "$(stretch --show-completion zsh)"\n'
    )
    shell = Shell([zsh, "-i"], shell_env, workdir)
    shells.append(shell)
    shell.child.send("stretch config \t")
    shell.child.expect(r"weekly_goal +-- [^\x1b]*\x1b\[K")
    listing = ESCAPE_CODE.sub("", str(shell.child.before) + str(shell.child.after))
    shown = dict(re.findall(r"(\w+) +-- ([^\r\n]*)", listing))
    assert shown == {key: help_ for key, help_ in offers.complete_settings("")}


def test_every_setting_is_described_in_a_line_that_fits_80_columns() -> None:
    """zsh lists `KEY -- DESCRIPTION` and cuts what does not fit the terminal; fish and zsh
    show the setting's short help, never a sentence cut off in the middle."""
    from stretchcli.files.config import BRIEF, SETTINGS

    offered = dict(offers.complete_settings(""))
    assert set(offered) == {s.name for s in SETTINGS}
    for setting in SETTINGS:
        assert len(offered[setting.name]) <= BRIEF, setting.name
        if len(setting.help) < BRIEF:  # a help that fits is shown whole
            assert offered[setting.name].lower().startswith(setting.help.lower()), setting.name
