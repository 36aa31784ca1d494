"""`--install-completion` with a HOME, ZDOTDIR or XDG_CONFIG_HOME that is not a folder is one
line naming the variable: before, `ZDOTDIR=/dev/null` said "cannot write the output: File
exists" (attack 4, D13); a relative XDG_CONFIG_HOME is ignored, as the XDG spec says; and a
quote in HOME never becomes shell code in .bashrc."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch
from tests.system_fakes import FakeCommands

SHELL_OF = {"HOME": "bash", "ZDOTDIR": "zsh", "XDG_CONFIG_HOME": "fish"}


def not_folders(tmp_path: Path) -> dict[str, str]:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    return {
        "a device": "/dev/null",
        "inside a device": "/dev/null/x",
        "a file": str(a_file),
        "inside a file": str(a_file / "deeper" / "still"),
    }


@pytest.mark.parametrize("variable", sorted(SHELL_OF))
@pytest.mark.parametrize("what", ["a device", "inside a device", "a file", "inside a file"])
def test_a_variable_that_is_not_a_folder_is_named(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, what: str
) -> None:
    value = not_folders(tmp_path)[what]
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(variable, value)
    before = sorted(tmp_path.rglob("*"))
    code, out, err = stretch("--install-completion", SHELL_OF[variable])
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: {variable}={value} is not a folder (set {variable} to a folder, or unset it)\n"
    )
    assert sorted(tmp_path.rglob("*")) == before  # nothing written anywhere


@pytest.mark.parametrize("variable", ["HOME", "ZDOTDIR"])
@pytest.mark.parametrize("value", ["relative", "~/x", "/tmp/a\nb", "/tmp/\x1b[2J"])
def test_a_relative_or_control_character_folder_is_named(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(variable, value)
    monkeypatch.chdir(tmp_path)
    code, out, err = stretch("--install-completion", SHELL_OF[variable])
    assert (code, out) == (1, "")
    assert err.startswith(f"stretch: {variable}=")
    assert err.endswith(
        f" is not a full path to a folder (set {variable} to a folder, or unset it)\n"
    )
    assert err.count("\n") == 1 and "\x1b" not in err
    assert not (tmp_path / "relative").exists() and not (tmp_path / "~").exists()


def test_a_relative_xdg_config_home_is_ignored(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative")
    monkeypatch.chdir(tmp_path)
    code, out, _ = stretch("--install-completion", "fish")
    path = tmp_path / "home" / ".config" / "fish" / "completions" / "stretch.fish"
    assert (code, out.splitlines()[0]) == (0, f"fish completion installed in {path}")
    assert not (tmp_path / "relative").exists()


def test_a_start_up_file_that_is_a_folder_is_one_line(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("ZDOTDIR", raising=False)
    (tmp_path / ".zshrc").mkdir()
    code, out, err = stretch("--install-completion", "zsh")
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: cannot add to {tmp_path / '.zshrc'}: not a regular file (add this line to "
        "it by hand: fpath+=~/.zfunc; autoload -Uz compinit; compinit)\n"
    )


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.sampled_from("a'\"$`;()\\ {}!*"), min_size=1, max_size=8))
def test_a_quote_in_home_never_becomes_code_in_bashrc(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    home = tmp_path / "homes" / name.replace("/", "_")
    monkeypatch.setenv("HOME", str(home))
    assert stretch("--install-completion", "bash").code == 0
    line = (home / ".bashrc").read_text().splitlines()[-1]
    # the shell reads the line's one word back as the script's path, whatever HOME holds
    said = subprocess.run(
        ["bash", "-c", f'source() {{ printf %s "$*"; }}; {line}'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert said == str(home / ".bash_completions" / "stretch.sh")


# --- The start-up file: kept whole, whatever it holds (attack 19, H10 and H11) --------------


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from(["bash", "zsh"]))
def test_the_start_up_file_keeps_every_byte_and_gains_one_line(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, before: bytes, shell: str
) -> None:
    """Any bytes (Latin-1, no line break at the end, NULs): the file keeps them, and gains
    the line once; a second install changes nothing."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("ZDOTDIR", raising=False)
    rc = home / (".bashrc" if shell == "bash" else ".zshrc")
    rc.write_bytes(before)
    rc.chmod(0o640)
    code, _, err = stretch("--install-completion", shell)
    assert code == 0, err
    after = rc.read_bytes()
    assert after.startswith(before)
    added = after[len(before) :]
    assert added.count(b"\n") == 1 + (bool(before) and not before.endswith(b"\n"))
    assert (rc.stat().st_mode & 0o777) == 0o640
    assert stretch("--install-completion", shell).code == 0
    assert rc.read_bytes() == after or added.strip() in before.splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_a_fifo_in_place_of_the_start_up_file_is_refused_not_waited_on(
    stretch: Stretch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shell: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("ZDOTDIR", raising=False)
    rc = home / (".bashrc" if shell == "bash" else ".zshrc")
    os.mkfifo(rc)
    code, out, err = stretch("--install-completion", shell)
    assert (code, out) == (1, "")
    assert err.startswith(f"stretch: cannot add to {rc}: not a regular file (add this line")
    assert len(err.splitlines()) == 1


def test_a_write_that_fails_leaves_the_start_up_file_as_it_was(tmp_path: Path) -> None:
    """`ulimit -f` cut a 7800-byte .bashrc to 4096 bytes: now the new text is written
    beside it first, so a limit the new text breaks leaves the old whole."""
    home = tmp_path / "home"
    home.mkdir()
    rc = home / ".bashrc"
    before = b"# my precious bashrc line\n" * 300
    rc.write_bytes(before)
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from stretchcli.entry import run\n"
        "sys.argv = ['stretch', '--install-completion', 'bash']\n"
        "run()\n"
    )
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert rc.read_bytes() == before
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".bashrc")) == [".bashrc"]


@pytest.mark.parametrize("shell", ["powershell", "pwsh"])
def test_powershell_completion_is_not_installed_behind_the_execution_policy(
    stretch: Stretch, fakes: FakeCommands, shell: str
) -> None:
    """Attack 19, H12: typer's install ran `Set-ExecutionPolicy Unrestricted -Scope
    CurrentUser` first, unsaid; with no powershell it said "cannot write the output". Now
    nothing is run: one line says why, and how to add the script by hand."""
    fakes.add(shell, body="sys.exit(0)")
    code, out, err = stretch("--install-completion", shell)
    assert (code, out) == (1, "")
    assert err == (
        f"stretch: the {shell} completion is not installed: installing it would set "
        "PowerShell's execution policy to Unrestricted for every script of yours (to have it, "
        f"add it to your profile yourself: stretch --show-completion {shell} | Add-Content "
        "$PROFILE (the profile's folder must exist))\n"
    )
    assert fakes.calls(shell) == []
    shown = stretch("--show-completion", shell)
    assert shown.code == 0 and "Register-ArgumentCompleter" in shown.out
