"""`--install-completion` with a HOME, ZDOTDIR or XDG_CONFIG_HOME that is not a folder is one
line naming the variable: before, `ZDOTDIR=/dev/null` said "cannot write the output: File
exists" (attack 4, D13); a relative XDG_CONFIG_HOME is ignored, as the XDG spec says; and a
quote in HOME never becomes shell code in .bashrc."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Stretch

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
    assert (
        err
        == f"stretch: cannot install the zsh completion: {tmp_path / '.zshrc'}: Is a directory\n"
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
