"""Shell completion: what TAB offers for each argument, and the scripts that ask for it.

Completion runs on every TAB, so it reads file names, not files: routine and exercise ids are
file stems. Only two things need what is inside a file: the steps of the routine already on
the command line (for --only and --skip), taken from the parse cache and only when it holds
that file (else every exercise id is offered), and the variants for --variant, the one place
where YAML may be read.

The scripts are stretch's own rather than typer's: the zsh one completes from the first TAB
of a new shell, every shell offers file names only where a file may be meant (never for a
routine, a movement or a command), bash completes the value after `=` (`--variant
rhomboid-stretch=<TAB>`), and `--install-completion SHELL` and `--show-completion SHELL`
honour the shell they are given. This module is part of the command-line layer: it knows
typer (its vendored click, from 0.26), and imports nothing heavy until a TAB asks for it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from typer import _click
from typer._click.shell_completion import (
    CompletionItem,
    _resolve_context,
    _resolve_incomplete,
    split_arg_string,
)
from typer._click.types import StringParamType
from typer._completion_classes import BashComplete as TyperBashComplete
from typer._completion_classes import FishComplete as TyperFishComplete
from typer._completion_classes import ZshComplete as TyperZshComplete
from typer.core import TyperGroup, TyperOption
from typer.models import TyperPath

from stretchcli.cli.context import Application
from stretchcli.errors import UsageError

SHELLS = ("bash", "zsh", "fish")  # stretch's own scripts; powershell and pwsh are typer's
BASH_WORDBREAKS = "\"'><=;|&(:"  # bash's default COMP_WORDBREAKS, less the blanks


# --- What TAB offers -----------------------------------------------------------------------


def matching(candidates: Iterable[str], incomplete: str) -> list[str]:
    """The candidates that start with `incomplete`, sorted, without duplicates."""
    return sorted({c for c in candidates if c.startswith(incomplete)})


def ids(environ: Mapping[str, str], kinds: Sequence[str] = ("routine", "exercise")) -> set[str]:
    """The ids of the routines and/or exercises in every routines folder, from file names
    (a file whose name is not a valid id is skipped, as the catalog skips it)."""
    from stretchcli.files.catalog import scan
    from stretchcli.files.paths import routine_folders
    from stretchcli.model import ID_RE

    found = scan(routine_folders(environ))
    return {c.id for c in found if c.kind in kinds and ID_RE.match(c.id)}


def comma_list(choices: Iterable[str], incomplete: str) -> list[str]:
    """Complete the item after the last comma of a comma-separated list, leaving out the
    items already in it: `rotation,si` -> `rotation,side-bend`."""
    cut = incomplete.rfind(",") + 1
    head, last = incomplete[:cut], incomplete[cut:]
    given = {part.strip() for part in head.split(",")}
    return [head + choice for choice in matching(choices, last) if choice not in given]


def movements(incomplete: str) -> list[str]:
    """Movement names for --avoid, as a comma-separated list."""
    from stretchcli.model import MOVEMENTS

    return comma_list(MOVEMENTS, incomplete)


def cached_steps(environ: Mapping[str, str], routine: str) -> list[str] | None:
    """The exercise ids of a routine's steps, in order, if the parse cache holds its file
    (no YAML is read); None when it does not, or the routine is unknown or broken."""
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.catalog import scan
    from stretchcli.files.paths import routine_folders

    found = next(
        (c for c in scan(routine_folders(environ)) if c.kind == "routine" and c.id == routine),
        None,
    )
    if found is None:
        return None
    checked = ParseCache.for_user(environ).get(found.path, "routine")
    if checked is None or checked.problems:
        return None
    steps = checked.values.get("steps")
    if not isinstance(steps, list):
        return None
    exercises = [step.get("exercise") for step in steps if isinstance(step, dict)]
    return list(dict.fromkeys(e for e in exercises if isinstance(e, str)))


def steps(environ: Mapping[str, str], routine: str | None, incomplete: str) -> list[str]:
    """Exercise ids for --only and --skip, as a comma-separated list: the steps of `routine`
    when they are known without reading YAML, else every exercise id."""
    known = cached_steps(environ, routine) if routine else None
    return comma_list(known if known is not None else ids(environ, ("exercise",)), incomplete)


def variants(environ: Mapping[str, str], routine: str | None, incomplete: str) -> list[str]:
    """EXERCISE=VARIANT pairs for --variant: every exercise with variants, or only those of
    `routine`'s steps when it is known. Reads the files (through the parse cache)."""
    from stretchcli.files.cache import ParseCache
    from stretchcli.files.catalog import load_catalog
    from stretchcli.files.paths import routine_folders

    cache = ParseCache.for_user(environ)
    catalog = load_catalog(routine_folders(environ), cache=cache)
    cache.save()
    exercises = list(catalog.exercises.values())
    if routine in catalog.routines:
        used = {step.exercise for step in catalog.routines[routine].steps}
        exercises = [e for e in exercises if e.id in used]
    pairs = (f"{e.id}={name}" for e in exercises for name in e.variants)
    return matching(pairs, incomplete)


def complete_names(incomplete: str) -> list[str]:
    """`show`, `edit`: routine and exercise ids, from file names only (no YAML parsing)."""
    return matching(ids(os.environ), incomplete)


def complete_routines(incomplete: str) -> list[str]:
    """`run`, `history --routine`: routine ids, from file names only."""
    return matching(ids(os.environ, ("routine",)), incomplete)


def complete_sources(ctx: _click.Context, incomplete: str) -> list[str]:
    """`new --from`: routines and exercises; only exercises once --exercise is given."""
    kinds = ("exercise",) if ctx.params.get("exercise") else ("routine", "exercise")
    return matching(ids(os.environ, kinds), incomplete)


def complete_one_of(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """--format and the like: the words the option takes."""

    def complete(incomplete: str) -> list[str]:
        return matching(choices, incomplete)

    return complete


def complete_movements(incomplete: str) -> list[str]:
    """--avoid: movement names, completing the one after the last comma."""
    return movements(incomplete)


def complete_steps(ctx: _click.Context, incomplete: str) -> list[str]:
    """--only, --skip: the steps of the routine given, else every exercise id."""
    return steps(os.environ, ctx.params.get("routine"), incomplete)


def complete_variants(ctx: _click.Context, incomplete: str) -> list[str]:
    """--variant: EXERCISE=VARIANT pairs (the only completion that reads YAML)."""
    return variants(os.environ, ctx.params.get("routine"), incomplete)


# --- Asking the app: one class per shell ---------------------------------------------------


def _resolve(
    cli: _click.Command,
    ctx_args: MutableMapping[str, Any],
    prog_name: str,
    args: list[str],
    incomplete: str,
) -> tuple[list[CompletionItem], str, bool]:
    """The completions of `incomplete`, the part of it they complete (without an `--option=`
    in front), and whether the shell should offer file names instead."""
    if args in (["--install-completion"], ["--show-completion"]):
        shells = matching((*SHELLS, "powershell", "pwsh"), incomplete)
        return [CompletionItem(shell) for shell in shells], incomplete, False
    ctx = _resolve_context(cli, ctx_args, prog_name, args)
    target, value = _resolve_incomplete(ctx, list(args), incomplete)
    if isinstance(target, TyperOption) and args and args[-1] in target.opts:
        # Click stops parsing at an option still waiting for its value, so the arguments
        # before it (`run upper-back --only <TAB>`) are parsed without it.
        before = _resolve_context(cli, ctx_args, prog_name, args[:-1])
        if before.command is ctx.command:
            ctx = before
    items = [item for item in target.shell_complete(ctx, value) if item.type == "plain"]
    return items, value, _takes_files(target)


def _takes_files(target: _click.Command | _click.Parameter) -> bool:
    """Whether the shell should offer file names: for a path, or for a text value that has no
    completion of its own (a file, or a name the user makes up); never for a command, an
    option's name, or a value stretch completes itself (then nothing found means no match)."""
    if not isinstance(target, _click.Parameter):
        return False
    if isinstance(target.type, TyperPath):
        return True
    own = getattr(target, "_custom_shell_complete", None)
    return own is None and isinstance(target.type, StringParamType)


def _whole_word(incomplete: str, value: str, item: CompletionItem) -> str:
    """The whole word a completion makes, with any `--option=` the user typed in front."""
    return incomplete[: len(incomplete) - len(value)] + str(item.value)


class BashComplete(TyperBashComplete):
    """Bash. stretch's script passes the line itself (so that `=` and `:` do not split a
    word) and asks for typed lines: `plain,VALUE`, and `file,` where file names may be meant.
    Without that (typer's script, or `COMP_WORDS` alone) it answers plain values."""

    def source(self) -> str:
        return script("bash", self.prog_name, self.complete_var)

    def complete(self) -> str:
        line = os.environ.get("COMP_LINE")
        typed = os.environ.get(f"{self.complete_var}_FORMAT") == "typed"
        if line is None or not typed:
            args, incomplete = self.get_completion_args()
            items, _, _ = _resolve(self.cli, self.ctx_args, self.prog_name, args, incomplete)
            return "\n".join(str(item.value) for item in items)
        point = int(os.environ.get("COMP_POINT") or len(line))
        before = line[:point]
        words = split_arg_string(before)
        incomplete = words.pop() if words and before and not before[-1].isspace() else ""
        items, value, files = _resolve(
            self.cli, self.ctx_args, self.prog_name, words[1:], incomplete
        )
        # Bash replaces only the text after the last word-break character (`=`, `:`...).
        breaks = os.environ.get("COMP_WORDBREAKS", BASH_WORDBREAKS)
        cut = max((incomplete.rfind(c) for c in breaks if not c.isspace()), default=-1) + 1
        out = ["file,"] if files else []
        for item in items:
            word = _whole_word(incomplete, value, item)
            if word.startswith(incomplete[:cut]):
                out.append(f"plain,{word[cut:]}")
        return "\n".join(out)


class ZshComplete(TyperZshComplete):
    """Zsh: file names only where a file may be meant (typer's falls back to them always)."""

    def source(self) -> str:
        return script("zsh", self.prog_name, self.complete_var)

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items, value, files = _resolve(self.cli, self.ctx_args, self.prog_name, args, incomplete)
        words = [
            self.format_completion(CompletionItem(_whole_word(incomplete, value, i), help=i.help))
            for i in items
        ]
        if words:
            return "_arguments '*: :((" + "\n".join(words) + "))'"
        return "_files" if files else ""


class FishComplete(TyperFishComplete):
    """Fish: typer's script, but file names only where a file may be meant."""

    def source(self) -> str:
        return script("fish", self.prog_name, self.complete_var)

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items, value, files = _resolve(self.cli, self.ctx_args, self.prog_name, args, incomplete)
        if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            sys.exit(1 if files and not items else 0)  # 1: let fish offer file names
        return "\n".join(
            self.format_completion(CompletionItem(_whole_word(incomplete, value, i), help=i.help))
            for i in items
        )


_CLASSES: dict[str, type[BashComplete | ZshComplete | FishComplete]] = {
    "bash": BashComplete,
    "zsh": ZshComplete,
    "fish": FishComplete,
}


# --- The scripts, and installing them ------------------------------------------------------

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
        from typer._completion_shared import get_completion_script

        return get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell)
    func = "_" + re.sub(r"\W", "", prog_name.replace("-", "_"), flags=re.ASCII) + "_completion"
    values = {"func": func, "prog": prog_name, "var": complete_var}
    return (_TEMPLATES[shell] % values).strip() + "\n"


def _add_line(rc: Path, line: str) -> None:
    """Append `line` to a shell start-up file unless it is there already."""
    text = rc.read_text(encoding="utf-8") if rc.is_file() else ""
    if line not in text.splitlines():
        rc.parent.mkdir(parents=True, exist_ok=True)
        separator = "\n" if text and not text.endswith("\n") else ""
        rc.write_text(f"{text}{separator}{line}\n", encoding="utf-8")


def install(shell: str, prog_name: str, complete_var: str, environ: Mapping[str, str]) -> Path:
    """Write the completion script where the shell finds it (and, for bash and zsh, the line
    that loads it into the start-up file); return the script's path."""
    home = Path(environ.get("HOME") or Path.home())
    if shell not in _TEMPLATES:
        from typer._completion_shared import install as typer_install

        return typer_install(shell=shell, prog_name=prog_name, complete_var=complete_var)[1]
    if shell == "bash":
        path = home / ".bash_completions" / f"{prog_name}.sh"
        _add_line(home / ".bashrc", f"source '{path}'")
    elif shell == "zsh":
        path = home / ".zfunc" / f"_{prog_name}"
        zshrc = Path(environ.get("ZDOTDIR") or home) / ".zshrc"
        _add_line(zshrc, "fpath+=~/.zfunc; autoload -Uz compinit; compinit")
    else:
        config = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
        path = config / "fish" / "completions" / f"{prog_name}.fish"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script(shell, prog_name, complete_var), encoding="utf-8")
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


def _detect_shell(environ: Mapping[str, str]) -> str | None:
    from typer._completion_shared import _get_shell_name

    name = _get_shell_name()
    if name is None and environ.get("SHELL"):
        name = Path(environ["SHELL"]).name
    return name


_HELP = {
    "install_completion": "Install completion for the current shell, or for the shell named "
    "after it (bash, zsh, fish, powershell).",
    "show_completion": "Show the completion script for the current shell, or for the shell "
    "named after it, to copy it or customize the installation.",
}


class CompletingGroup(TyperGroup):
    """The app's group, with stretch's completion scripts and classes in place of typer's."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        request = None if ctx.resilient_parsing else script_request(args)
        if request is None:
            return super().parse_args(ctx, args)
        action, shell = request
        shell = shell or _detect_shell(os.environ)
        prog_name = _prog_name(ctx.find_root().info_name)
        if shell is None or shell not in (*SHELLS, "powershell", "pwsh"):
            what = f"shell '{shell}' is not supported" if shell else "could not tell the shell"
            raise UsageError(what, "give one of: bash, zsh, fish, powershell")
        var = _complete_var(prog_name)
        found = ctx.find_object(Application)
        out = found.env.stdout if found is not None else sys.stdout
        if action == "show":
            out.write(script(shell, prog_name, var).rstrip("\n") + "\n")
        else:
            path = install(shell, prog_name, var, os.environ)
            out.write(
                f"{shell} completion installed in {path}\n"
                "Completion will take effect once you restart the terminal\n"
            )
        ctx.exit(0)

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        params = super().get_params(ctx)
        for param in params:
            if param.name in _HELP and isinstance(param, TyperOption):
                param.help = _HELP[param.name]
        return params

    def _main_shell_completion(
        self,
        ctx_args: MutableMapping[str, Any],
        prog_name: str,
        complete_var: str | None = None,
    ) -> None:
        var = complete_var or _complete_var(prog_name)
        instruction, _, shell = os.environ.get(var, "").partition("_")
        if not instruction:
            return
        cls = _CLASSES.get(shell)
        if cls is None or instruction not in ("source", "complete"):
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
            return
        completer = cls(self, ctx_args, prog_name, var)
        out = completer.source() if instruction == "source" else completer.complete()
        sys.stdout.write(out.rstrip("\n") + "\n" if out else "")
        sys.exit(0)


def _prog_name(info_name: str | None) -> str:
    """The command the scripts complete: `stretch`, unless it was installed under another
    plain name (never `python -m stretchcli`)."""
    name = info_name or ""
    return name if re.fullmatch(r"[\w.-]+", name) else "stretch"


def _complete_var(prog_name: str) -> str:
    return "_{}_COMPLETE".format(prog_name.replace("-", "_").replace(".", "_").upper())
