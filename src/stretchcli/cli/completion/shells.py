"""Asking the app what to offer, one class per shell: what the shell sent (the words before
the cursor), the candidates, and the answer in the form the shell's script reads.

Imported only when a shell asks (see `serving`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from typing import Any

from typer.core import TyperOption

from stretchcli.cli.completion.offers import matching
from stretchcli.cli.completion.scripts import ALL_SHELLS, script
from stretchcli.cli.completion.typer_internals import (
    ClickCommand,
    ClickParameter,
    CompletionItem,
    TyperBashComplete,
    TyperFishComplete,
    TyperZshComplete,
    completes_itself,
    resolve_context,
    resolve_incomplete,
    split_arg_string,
    value_kind,
)

BASH_WORDBREAKS = "\"'><=;|&(:"  # bash's default COMP_WORDBREAKS, less the blanks


def _resolve(
    cli: ClickCommand,
    ctx_args: MutableMapping[str, Any],
    prog_name: str,
    args: list[str],
    incomplete: str,
) -> tuple[list[CompletionItem], str, bool]:
    """The completions of `incomplete`, the part of it they complete (without an `--option=`
    in front), and whether the shell should offer file names instead."""
    if args in (["--install-completion"], ["--show-completion"]):
        shells = matching(ALL_SHELLS, incomplete)
        return [CompletionItem(shell) for shell in shells], incomplete, False
    ctx = resolve_context(cli, ctx_args, prog_name, args)
    target, value = resolve_incomplete(ctx, list(args), incomplete)
    if isinstance(target, TyperOption) and args and args[-1] in target.opts:
        # Click stops parsing at an option still waiting for its value, so the arguments
        # before it (`run upper-back --only <TAB>`) are parsed without it.
        before = resolve_context(cli, ctx_args, prog_name, args[:-1])
        if before.command is ctx.command:
            ctx = before
    items = [item for item in target.shell_complete(ctx, value) if item.type == "plain"]
    return items, value, _takes_files(target)


def _takes_files(target: ClickCommand | ClickParameter) -> bool:
    """Whether the shell should offer file names: for a path, or for a text value that has no
    completion of its own (a file, or a name the user makes up); never for a command, an
    option's name, or a value stretch completes itself (then nothing found means no match)."""
    if not isinstance(target, ClickParameter):
        return False
    kind = value_kind(target)
    return kind == "path" or (kind == "text" and not completes_itself(target))


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


def _zsh_quoted(text: str) -> str:
    """`text` inside a double-quoted word of `_arguments '*: :((...))'`, whole: the single
    quotes around the list need `'\\''` for an apostrophe (typer's `''` joins two quoted
    strings in zsh and drops it), a double quote is escaped, and a colon doubly so."""
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("$", "\\$"), ("`", "\\`")):
        text = text.replace(char, escaped)
    return text.replace(":", "\\\\:").replace("'", "'\\''")


class ZshComplete(TyperZshComplete):
    """Zsh: file names only where a file may be meant (typer's falls back to them always)."""

    def source(self) -> str:
        return script("zsh", self.prog_name, self.complete_var)

    def format_completion(self, item: CompletionItem) -> str:
        value = _zsh_quoted(str(item.value))
        return f'"{value}":"{_zsh_quoted(item.help)}"' if item.help else f'"{value}"'

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


CLASSES: dict[str, type[BashComplete | ZshComplete | FishComplete]] = {
    "bash": BashComplete,
    "zsh": ZshComplete,
    "fish": FishComplete,
}
