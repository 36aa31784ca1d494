"""Typer's private parts, as stretch uses them: only `cli/completion/typer_internals.py` may
touch them, and each still has the shape that module relies on. When typer changes one, a
test here fails and says what changed: adapt `typer_internals` (and nothing else) to it.
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.core import TyperArgument, TyperGroup, TyperOption

from stretchcli.cli.app import app
from stretchcli.cli.completion import typer_internals as internals

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "stretchcli"
INTERNALS = SOURCE / "cli" / "completion" / "typer_internals.py"
TYPER = Path(typer.__file__).parent
VERSION = f"typer {typer.__version__}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    """Every module of the package but typer_internals, parsed."""
    for path in sorted(SOURCE.rglob("*.py")):
        if path != INTERNALS:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _defined(tree: ast.AST) -> tuple[set[str], set[str]]:
    """The names a module defines anywhere, and those defined directly in a class body."""
    anywhere: set[str] = set()
    in_class: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            anywhere.add(node.name)
        elif isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Store):
            anywhere.add(node.id if isinstance(node, ast.Name) else node.attr)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    in_class.add(item.name)
                elif isinstance(item, ast.AnnAssign | ast.Assign):
                    targets = [item.target] if isinstance(item, ast.AnnAssign) else item.targets
                    in_class |= {t.id for t in targets if isinstance(t, ast.Name)}
    return anywhere, in_class


def _typers_private_names() -> tuple[set[str], set[str]]:
    """The private names typer's source defines: anywhere, and in its classes' bodies."""
    anywhere: set[str] = set()
    in_class: set[str] = set()
    for path in TYPER.rglob("*.py"):
        found, members = _defined(ast.parse(path.read_text(encoding="utf-8")))
        anywhere |= {n for n in found if _private(n)}
        in_class |= {n for n in members if _private(n)}
    return anywhere, in_class


# --- Only typer_internals touches them -----------------------------------------------------


def test_only_typer_internals_imports_typers_private_parts() -> None:
    found = []
    for path, tree in _modules():
        where = path.relative_to(REPO)
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\btyper\._\w*", text):  # typer._click.X, import typer._x
            found.append(f"{where}:{text.count(chr(10), 0, match.start()) + 1}: {match[0]}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "typer":
                names = [*(node.module or "").split("."), *(a.name for a in node.names)]
                if any(map(_private, names)):
                    found.append(f"{where}:{node.lineno}: from {node.module} import ...")
    assert not found, "import typer's private parts through typer_internals:\n" + "\n".join(found)


def test_only_typer_internals_reaches_for_typers_private_attributes() -> None:
    """An attribute (or getattr's name) private in typer and not defined by stretch, or a
    method that overrides a private one of typer's classes."""
    typers, typers_members = _typers_private_names()
    ours: set[str] = set()
    for _, tree in _modules():
        anywhere, in_class = _defined(tree)
        ours |= anywhere - (in_class & typers_members)
    found = []
    for path, tree in _modules():
        where = path.relative_to(REPO)
        _, in_class = _defined(tree)
        found += [f"{where}: overrides {name}" for name in sorted(in_class & typers_members)]
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr", "setattr", "delattr")
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                name = node.args[1].value
            if name in typers and name not in ours:
                found.append(f"{where}:{getattr(node, 'lineno', '?')}: {name}")
    assert not found, "typer's private attributes belong in typer_internals:\n" + "\n".join(found)


# --- Each part has the shape typer_internals relies on -------------------------------------


def _parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


SIGNATURES: list[tuple[str, Callable[..., Any], list[str]]] = [
    (
        "click's _resolve_context",
        internals.resolve_context,
        ["cli", "ctx_args", "prog_name", "args"],
    ),
    ("click's _resolve_incomplete", internals.resolve_incomplete, ["ctx", "args", "incomplete"]),
    ("click's split_arg_string", internals.split_arg_string, ["string"]),
    (
        "click's CompletionItem",
        internals.CompletionItem.__init__,
        ["self", "value", "type", "help", "kwargs"],
    ),
    (
        "typer's get_completion_script",
        internals.typer_script,
        ["prog_name", "complete_var", "shell"],
    ),
    ("typer's _get_shell_name", internals.detected_shell, []),
    (
        "TyperGroup._main_shell_completion",
        TyperGroup._main_shell_completion,
        ["self", "ctx_args", "prog_name", "complete_var"],
    ),
    ("TyperGroup.parse_args", TyperGroup.parse_args, ["self", "ctx", "args"]),
    ("TyperGroup.get_params", TyperGroup.get_params, ["self", "ctx"]),
    (
        "click's NoSuchOption",
        internals.NoSuchOption.__init__,
        ["self", "option_name", "message", "possibilities", "ctx"],
    ),
    ("click's UsageError", internals.ClickUsageError.__init__, ["self", "message", "ctx"]),
    ("click's NoArgsIsHelpError.show", internals.NoArgsIsHelpError.show, ["self", "file"]),
]
SIGNATURES += [
    (f"typer's {shell.__name__}.{method}", getattr(shell, method), parameters)
    for shell in (
        internals.TyperBashComplete,
        internals.TyperZshComplete,
        internals.TyperFishComplete,
    )
    for method, parameters in [
        ("__init__", ["self", "cli", "ctx_args", "prog_name", "complete_var"]),
        ("get_completion_args", ["self"]),
        ("format_completion", ["self", "item"]),
        ("complete", ["self"]),
        ("source", ["self"]),
    ]
]


@pytest.mark.parametrize(
    ("name", "function", "expected"), SIGNATURES, ids=[name for name, _, _ in SIGNATURES]
)
def test_the_signatures_relied_on(
    name: str, function: Callable[..., Any], expected: list[str]
) -> None:
    found = _parameters(function)
    assert found == expected, (
        f"{VERSION} changed {name}: its parameters were {expected}, now {found}"
    )


def test_the_errors_the_error_handler_tells_apart() -> None:
    for kind in (internals.NoArgsIsHelpError, internals.NoSuchOption):
        assert issubclass(kind, internals.ClickUsageError), (
            f"{VERSION}: {kind.__name__} is no longer a UsageError (group.py catches it as one)"
        )
    assert issubclass(internals.ClickUsageError, typer.TyperException), (
        f"{VERSION}: click's UsageError is no longer a typer.TyperException (group.py catches "
        "click's other errors as typer.TyperException)"
    )
    error = internals.NoSuchOption("--dayz", possibilities=["--days"])
    shape = (error.option_name, list(error.possibilities or ()), error.exit_code, error.ctx)
    assert shape == ("--dayz", ["--days"], 2, None), f"{VERSION} changed NoSuchOption: {shape}"
    assert error.format_message().startswith("No such option: --dayz"), (
        f"{VERSION} changed NoSuchOption's message: {error.format_message()!r}"
    )
    usage = internals.ClickUsageError("bad value")
    assert (usage.format_message(), usage.exit_code) == ("bad value", 2), (
        f"{VERSION} changed UsageError: {usage.format_message()!r}, exit {usage.exit_code}"
    )
    command = typer.main.get_command(app)
    ctx = command.make_context("stretch", ["list"], resilient_parsing=True)
    shown = io.StringIO()
    internals.NoArgsIsHelpError(ctx).show(shown)
    assert shown.getvalue().startswith("Usage: stretch [OPTIONS] COMMAND [ARGS]..."), (
        f"{VERSION}: NoArgsIsHelpError.show no longer writes the help: {shown.getvalue()!r}"
    )


def test_resolving_the_words_before_the_cursor() -> None:
    """The context (with the arguments parsed so far) and the parameter being completed."""
    command = typer.main.get_command(app)
    args = ["run", "upper-back", "--only"]
    ctx = internals.resolve_context(command, {}, "stretch", args)
    assert isinstance(ctx, internals.ClickContext), f"{VERSION}: _resolve_context gave {ctx!r}"
    assert (ctx.command.name, ctx.params.get("routine")) == ("run", None), (
        f"{VERSION}: _resolve_context no longer stops at an option waiting for its value: "
        f"{ctx.command.name} {ctx.params}"
    )
    target, value = internals.resolve_incomplete(ctx, args, "")
    assert isinstance(target, TyperOption) and "--only" in target.opts and value == "", (
        f"{VERSION}: _resolve_incomplete gave {target!r}, {value!r} for `--only <TAB>`"
    )
    before = internals.resolve_context(command, {}, "stretch", args[:-1])
    assert before.params.get("routine") == "upper-back", f"{VERSION}: {before.params}"
    target, value = internals.resolve_incomplete(before, args[:-1], "--variant=rhomboid")
    assert isinstance(target, TyperOption) and value == "rhomboid", (
        f"{VERSION}: _resolve_incomplete no longer splits `--option=value`: {target!r}, {value!r}"
    )
    assert internals.split_arg_string("stretch run 'a b' c=d") == ["stretch", "run", "a b", "c=d"]


def test_completion_items() -> None:
    item = internals.CompletionItem("upper-back", help="Upper back")
    shape = (item.value, item.type, item.help)
    assert shape == ("upper-back", "plain", "Upper back"), f"{VERSION}: CompletionItem {shape}"


def test_the_shell_classes_read_the_words_and_write_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The environment variables stretch's scripts set, and the lines they read back."""
    command = typer.main.get_command(app)
    made = {
        shell.__name__: shell(command, {"obj": None}, "stretch", "_STRETCH_COMPLETE")
        for shell in (
            internals.TyperBashComplete,
            internals.TyperZshComplete,
            internals.TyperFishComplete,
        )
    }
    for name, completer in made.items():
        shape = (completer.cli, completer.ctx_args, completer.prog_name, completer.complete_var)
        assert shape == (command, {"obj": None}, "stretch", "_STRETCH_COMPLETE"), (
            f"{VERSION} changed the attributes of {name}: {shape}"
        )
    monkeypatch.setenv("COMP_WORDS", "stretch run up")
    monkeypatch.setenv("COMP_CWORD", "2")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "stretch run up")
    for name, completer in made.items():
        got = completer.get_completion_args()
        assert got == (["run"], "up"), f"{VERSION}: {name} reads the words as {got}"
    item = internals.CompletionItem("a:b", help="Some\nhelp")
    with warnings.catch_warnings():
        # Typer looks for rich to render the help; pygal's import hook (when a test before
        # this one imported pygal) has no find_spec, for which Python warns on every lookup.
        warnings.simplefilter("ignore", ImportWarning)
        written = {name: completer.format_completion(item) for name, completer in made.items()}
    assert written == {
        "BashComplete": "a:b",
        "ZshComplete": '"a\\\\:b":"Some\nhelp"',
        "FishComplete": "a:b\tSome help",
    }, f"{VERSION} changed how candidates are written for the shells: {written}"


def test_a_parameters_completion_and_value_kind() -> None:
    command = typer.main.get_command(app)

    def param(path: list[str], name: str) -> internals.ClickParameter:
        found: Any = command
        for word in path:
            found = found.commands[word]
        params: list[internals.ClickParameter] = found.params
        return next(p for p in params if p.name == name)

    kinds = {
        ("run", "routine"): ("text", True),
        ("run", "avoid"): ("text", True),
        ("run", "scale"): ("other", False),
        ("show", "svg"): ("text", False),  # a file name, or - (file names are offered)
        ("validate", "paths"): ("text", False),  # a list of them
        ("new", "name"): ("text", False),
        ("history", "import", "file"): ("text", False),  # a file name, or - (files offered)
        ("remind", "on", "every"): ("other", False),  # text, with a parser
        ("report", "fmt"): ("other", True),
    }
    for (*path, name), expected in kinds.items():
        found = param(path, name)
        assert isinstance(found, TyperArgument | TyperOption), f"{VERSION}: {found!r}"
        got = (internals.value_kind(found), internals.completes_itself(found))
        assert got == expected, (
            f"{VERSION}: `stretch {' '.join(path)}` {name}: value kind and own completion "
            f"{got}, expected {expected} (see value_kind and completes_itself)"
        )


def test_typers_main_asks_the_group_before_parsing() -> None:
    """Click's `main` hands the completion request to `_main_shell_completion` first."""
    asked: list[tuple[str, str | None]] = []

    class Hooked(internals.HookedCompletionGroup):
        def answer_completion(self, ctx_args: Any, prog_name: str, var: str | None) -> bool:
            asked.append((prog_name, var))
            return True

    group = Hooked(name="stretch")
    with pytest.raises(SystemExit) as exited:
        group.main(["--no-such-option"], prog_name="stretch", complete_var="_X_COMPLETE")
    assert (exited.value.code, asked) == (0, [("stretch", "_X_COMPLETE")]), (
        f"{VERSION}: main no longer asks _main_shell_completion before parsing: {asked}"
    )
