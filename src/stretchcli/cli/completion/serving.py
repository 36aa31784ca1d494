"""The app's group as completion needs it: it writes and installs the scripts
(`--show-completion`, `--install-completion`, with or without a shell named) and hands a
shell's request for candidates to stretch's class for that shell."""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from typing import Any

from typer.core import TyperOption

from stretchcli.cli.completion.scripts import (
    ALL_SHELLS,
    SHELLS,
    complete_var_of,
    install,
    prog_name_of,
    script,
    script_request,
    shell_in_use,
)
from stretchcli.cli.completion.typer_internals import (
    ClickContext,
    ClickParameter,
    HookedCompletionGroup,
)
from stretchcli.cli.context import Application
from stretchcli.errors import UsageError

_HELP = {
    "install_completion": "Install completion for the current shell, or for the shell named "
    "after it (bash, zsh, fish; for PowerShell, see --show-completion).",
    "show_completion": "Show the completion script for the current shell, or for the shell "
    "named after it, to copy it or customize the installation.",
}


class CompletingGroup(HookedCompletionGroup):
    """The app's group, with stretch's completion scripts and classes in place of typer's."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        request = None if ctx.resilient_parsing else script_request(args)
        if request is None:
            return super().parse_args(ctx, args)
        action, shell = request
        shell = shell or shell_in_use(os.environ)
        prog_name = prog_name_of(ctx.find_root().info_name)
        if shell is None or shell not in ALL_SHELLS:
            what = f"shell '{shell}' is not supported" if shell else "could not tell the shell"
            shells = "bash, zsh, fish" + (", powershell" if action == "show" else "")
            raise UsageError(what, f"give one of: {shells}")
        var = complete_var_of(prog_name)
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

    def get_params(self, ctx: ClickContext) -> list[ClickParameter]:
        params = super().get_params(ctx)
        for param in params:
            if param.name in _HELP and isinstance(param, TyperOption):
                param.help = _HELP[param.name]
        return params

    def answer_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None
    ) -> bool:
        var = complete_var or complete_var_of(prog_name)
        instruction, _, shell = os.environ.get(var, "").partition("_")
        if instruction not in ("source", "complete") or shell not in SHELLS:
            return False  # no request (typer does nothing then), or one typer answers
        from stretchcli.cli.completion.shells import CLASSES

        completer = CLASSES[shell](self, ctx_args, prog_name, var)
        out = completer.source() if instruction == "source" else completer.complete()
        sys.stdout.write(out.rstrip("\n") + "\n" if out else "")
        return True
