"""Every part of typer that stretch uses and typer does not offer publicly, under names of ours.

No other module imports `typer._*` or reaches for a private attribute of typer's objects (a
test greps the source tree), and `tests/test_typer_shape.py` checks each name below against
the installed typer: when typer changes one, that test says which and how, and this module is
the one place to adapt. Typer's public surface (`typer.Context`, `typer.TyperException`,
`typer.core.TyperGroup` and its click methods) is used directly elsewhere.

Typer 0.28 and 0.29 differ here only in how a parameter describes its value (`value_kind`).
"""

from __future__ import annotations

import sys
import typing
from collections.abc import MutableMapping
from pathlib import PurePath
from typing import Any, Literal

# Click's classes: typer carries its own copy of click (`typer._click`, from 0.26 on) and names
# only `typer.Context` publicly; a group's methods and shell completion take and return click's
# base classes, so their overrides are typed with these.
from typer import _click

# The shell protocol's pieces, all in click's shell_completion module, which typer does not
# re-export: one candidate (its value, type and help), the shell's line split as a shell would,
# and the two steps that turn the words before the cursor into a context and the parameter (or
# command) being completed. Click itself has no public function for the two steps either;
# stretch needs them to answer bash's `=` and `:` and to offer file names only where a file
# may be meant.
from typer._click.shell_completion import (
    CompletionItem,
    split_arg_string,
)
from typer._click.shell_completion import _resolve_context as resolve_context
from typer._click.shell_completion import _resolve_incomplete as resolve_incomplete

# Typer's shell classes (how each shell passes the words, how a candidate is written back):
# stretch's classes subclass them and change what is offered, not the protocol.
from typer._completion_classes import BashComplete as TyperBashComplete
from typer._completion_classes import FishComplete as TyperFishComplete
from typer._completion_classes import ZshComplete as TyperZshComplete

# PowerShell's script stays typer's (its installation is not done: it sets the execution
# policy), as does telling which shell the user is in (typer asks shellingham).
from typer._completion_shared import _get_shell_name as detected_shell
from typer._completion_shared import get_completion_script as typer_script
from typer.core import TyperGroup

ClickContext = _click.Context
ClickCommand = _click.Command
ClickParameter = _click.Parameter

# Click's errors: typer names only their base (`typer.TyperException`) and `BadParameter`
# publicly, and the one error handler must tell these apart.
NoArgsIsHelpError = _click.exceptions.NoArgsIsHelpError  # `stretch` alone: show the help
ClickUsageError = _click.exceptions.UsageError  # a bad command line: exit 2, name its command
NoSuchOption = _click.exceptions.NoSuchOption  # knows the option and the close ones

__all__ = [
    "ClickCommand",
    "ClickContext",
    "ClickParameter",
    "ClickUsageError",
    "CompletionItem",
    "HookedCompletionGroup",
    "NoArgsIsHelpError",
    "NoSuchOption",
    "TyperBashComplete",
    "TyperFishComplete",
    "TyperZshComplete",
    "ValueKind",
    "completes_itself",
    "detected_shell",
    "resolve_context",
    "resolve_incomplete",
    "split_arg_string",
    "typer_script",
    "value_kind",
]

ValueKind = Literal["path", "text", "other"]


def completes_itself(param: ClickParameter) -> bool:
    """Whether the parameter has a completion of its own (typer's `autocompletion=`)."""
    # Typer keeps `autocompletion=` in click's private attribute, and click exposes no way to
    # ask whether a parameter has one.
    return getattr(param, "_custom_shell_complete", None) is not None


def value_kind(param: ClickParameter) -> ValueKind:
    """What a parameter's value is declared as: a path, free text (one string, or a list of
    them), or anything else (a number, a choice, a flag)."""
    # Neither typer nor click says publicly what type a parameter takes. Typer 0.29 describes
    # it with `type_descriptor` (the annotation); before, with click's `type` object.
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        if descriptor.is_choice or descriptor.parameter_info.parser is not None:
            return "other"  # parsed into something else, as click's types say before 0.29
        annotation = descriptor.annotation
        if descriptor.is_list:
            (annotation,) = typing.get_args(annotation)
        if descriptor.is_path or (
            isinstance(annotation, type) and issubclass(annotation, PurePath)
        ):
            return "path"
        return "text" if annotation is str else "other"
    # Typer before 0.29 (its types module and TyperPath are gone in 0.29).
    from typer._click.types import StringParamType  # type: ignore[import-not-found, unused-ignore]
    from typer.models import TyperPath  # type: ignore[attr-defined, unused-ignore]

    declared = getattr(param, "type", None)
    if isinstance(declared, TyperPath):
        return "path"
    return "text" if isinstance(declared, StringParamType) else "other"


class HookedCompletionGroup(TyperGroup):
    """A typer group that answers the shell's completion requests with `answer_completion`
    (then the process exits, as click's own answer does) and leaves the rest to typer."""

    def answer_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None
    ) -> bool:
        """Answer the request in the environment, if any, and say whether it was answered."""
        return False

    # Click's `main` asks this private method, before parsing anything, whether the process
    # was started by a shell's completion script; it is the only place where a group can
    # answer with its own classes (click's registry of classes is refilled by typer each time
    # it builds the app).
    def _main_shell_completion(
        self,
        ctx_args: MutableMapping[str, Any],
        prog_name: str,
        complete_var: str | None = None,
    ) -> None:
        if self.answer_completion(ctx_args, prog_name, complete_var):
            sys.exit(0)
        super()._main_shell_completion(ctx_args, prog_name, complete_var)
