"""The completion scripts, and installing them where each shell finds them.

The scripts are stretch's own rather than typer's: the zsh one completes from the first TAB
of a new shell, every shell offers file names only where a file may be meant (never for a
routine, a movement or a command), bash completes the value after `=` (`--variant
rhomboid-stretch=<TAB>`), and `--install-completion SHELL` and `--show-completion SHELL`
honour the shell they are given. PowerShell's script and installation are typer's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from stretchcli.cli.completion.typer_internals import detected_shell, typer_script

SHELLS = ("bash", "zsh", "fish")  # stretch's own scripts; powershell and pwsh are typer's
ALL_SHELLS = (*SHELLS, "powershell", "pwsh")

_BASH = r"""
%(func)s() {
    local line
    COMPREPLY=()
    while IFS= read -r line; do
        case $line in
            plain,*) COMPREPLY+=("${line#plain,}") ;;
            file,*) compopt -o default ;;
        esac
    done < <(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" \
                 COMP_LINE="$COMP_LINE" COMP_POINT="$COMP_POINT" \
                 COMP_WORDBREAKS="$COMP_WORDBREAKS" \
                 %(var)s=complete_bash %(var)s_FORMAT=typed "$1" 2>/dev/null)
    return 0
}

complete -F %(func)s %(prog)s
"""

_ZSH = r"""
#compdef %(prog)s

%(func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(var)s=complete_zsh %(prog)s 2>/dev/null)
}

if [[ $zsh_eval_context[-1] == (loadautofunc|shfunc) ]]; then
  # Run as the function compinit autoloads from fpath (this file's body is that function,
  # run on every TAB): complete now, the first TAB included.
  %(func)s "$@"
else
  # Sourced or eval'd: complete the TABs to come.
  compdef %(func)s %(prog)s
fi
"""

_FISH = (
    "complete --command %(prog)s --no-files"
    ' --arguments "(env %(var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args'
    ' _TYPER_COMPLETE_ARGS=(commandline -cp) %(prog)s)"'
    ' --condition "env %(var)s=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args'
    ' _TYPER_COMPLETE_ARGS=(commandline -cp) %(prog)s"'
)

_TEMPLATES = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def script(shell: str, prog_name: str, complete_var: str) -> str:
    """The completion script for a shell (bash, zsh, fish; powershell and pwsh are typer's)."""
    if shell not in _TEMPLATES:
        return typer_script(prog_name=prog_name, complete_var=complete_var, shell=shell)
    func = "_" + re.sub(r"\W", "", prog_name.replace("-", "_"), flags=re.ASCII) + "_completion"
    values = {"func": func, "prog": prog_name, "var": complete_var}
    return (_TEMPLATES[shell] % values).strip() + "\n"


def _add_line(rc: Path, line: str) -> None:
    """Append `line` to a shell start-up file unless it is there already: written beside it
    and moved into place, so a write that fails leaves it as it was (attack 19, H10: a full
    disk cut ~/.bashrc short); its bytes as they are, UTF-8 or not (H11: a Latin-1 comment
    was a traceback); a fifo or anything else not a file in its place is refused, never
    waited on."""
    from stretchcli.errors import StretchError
    from stretchcli.files import atomic, guarded

    try:
        data = guarded.read_bytes(rc, RC_BYTES) if os.path.lexists(rc) else b""
    except FileNotFoundError:  # a link to nothing: written through, as atomic refuses
        data = b""
    except guarded.NotReadable as exc:
        raise StretchError(
            f"cannot add to {atomic.shown(rc)}: {exc.strerror}",
            f"add this line to it by hand: {line}",
        ) from None
    ours = line.encode("utf-8")
    if ours in data.splitlines():
        return
    separator = b"\n" if data and not data.endswith(b"\n") else b""
    atomic.write_bytes(rc, data + separator + ours + b"\n")


RC_BYTES = 16 * 1024 * 1024  # a shell start-up file is far smaller; a larger one is refused


def _folder(environ: Mapping[str, str], variable: str, default: Path | None = None) -> Path:
    """The folder `variable` names (`default` when it is unset or empty, or relative for an
    XDG_ one, as the XDG spec says); a StretchError naming the variable when it is relative,
    has a control character, or is (or is inside) something that is not a folder."""
    from stretchcli.errors import StretchError
    from stretchcli.text import one_line

    value = environ.get(variable, "")
    if variable.startswith("XDG_") and not os.path.isabs(value):
        value = ""
    if not value:
        return default if default is not None else Path.home()
    shown = one_line(f"{variable}={value}")
    what = f"set {variable} to a folder, or unset it"
    if not os.path.isabs(value) or not value.isprintable():
        raise StretchError(f"{shown} is not a full path to a folder", what)
    path = Path(value)
    for part in (path, *path.parents):
        if os.path.lexists(part):
            if not part.is_dir():
                raise StretchError(f"{shown} is not a folder", what)
            break
    return path


def install(shell: str, prog_name: str, complete_var: str, environ: Mapping[str, str]) -> Path:
    """Write the completion script where the shell finds it (and, for bash and zsh, the line
    that loads it into the start-up file); return the script's path. The folders come from
    HOME, ZDOTDIR and XDG_CONFIG_HOME: one that is not a folder is a StretchError naming it."""
    from stretchcli.errors import StretchError, said
    from stretchcli.files import atomic

    if shell not in _TEMPLATES:  # typer's install sets the execution policy (attack 19, H12)
        raise StretchError(
            f"the {shell} completion is not installed: installing it would set PowerShell's "
            "execution policy to Unrestricted for every script of yours",
            f"to have it, add it to your profile yourself: stretch --show-completion {shell} "
            "| Add-Content $PROFILE (the profile's folder must exist)",
        )
    home = _folder(environ, "HOME")
    try:
        if shell == "bash":
            path = home / ".bash_completions" / f"{prog_name}.sh"
            quoted = str(path).replace("'", "'\"'\"'")  # a quote in HOME stays in the name
            _add_line(home / ".bashrc", f"source '{quoted}'")
        elif shell == "zsh":
            path = home / ".zfunc" / f"_{prog_name}"
            zshrc = _folder(environ, "ZDOTDIR", home) / ".zshrc"
            _add_line(zshrc, "fpath+=~/.zfunc; autoload -Uz compinit; compinit")
        else:
            config = _folder(environ, "XDG_CONFIG_HOME", home / ".config")
            path = config / "fish" / "completions" / f"{prog_name}.fish"
        atomic.write_text(path, script(shell, prog_name, complete_var))
    except OSError as exc:
        raise StretchError(f"cannot install the {shell} completion: {said(exc)}") from None
    return path


def script_request(args: Sequence[str]) -> tuple[str, str | None] | None:
    """("install" or "show", the shell or None) when the options before the command ask for
    `--install-completion [SHELL]` or `--show-completion [SHELL]`, else None."""
    for index, arg in enumerate(args):
        if not arg.startswith("-") or arg == "--":
            return None  # the command: what follows is its own
        name, equals, shell = arg.partition("=")
        if name in ("--install-completion", "--show-completion"):
            action = name.removeprefix("--").removesuffix("-completion")
            if equals:
                return action, shell
            following = args[index + 1] if index + 1 < len(args) else ""
            return action, following if following and not following.startswith("-") else None
    return None


def shell_in_use(environ: Mapping[str, str]) -> str | None:
    """The shell the user is in (its name, lowercase), or None if it cannot be told."""
    name = detected_shell()
    if name is None and environ.get("SHELL"):
        name = Path(environ["SHELL"]).name
    return name


def prog_name_of(info_name: str | None) -> str:
    """The command the scripts complete: `stretch`, unless it was installed under another
    plain name (never `python -m stretchcli`)."""
    name = info_name or ""
    return name if re.fullmatch(r"[\w.-]+", name) else "stretch"


def complete_var_of(prog_name: str) -> str:
    """The environment variable through which the scripts ask `prog_name` for completions."""
    return "_{}_COMPLETE".format(prog_name.replace("-", "_").replace(".", "_").upper())
