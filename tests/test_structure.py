"""The shape the code keeps (issue 22's targets, checked on every change): small modules with
one job, and commands that are a declaration and one call into the core."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

SOURCE = REPO / "src" / "stretchcli"
MODULE_LINES = 450  # chosen: a module a newcomer reads in one sitting
COMMAND_BODY_LINES = 25  # chosen: a declaration and one call, with its options unpacked
MODULES = sorted(SOURCE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_module_is_longer_than_it_can_be_read(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_LINES, f"{path.relative_to(SOURCE)}: {lines} lines; split it by job"


def _commands(tree: ast.Module) -> list[ast.FunctionDef]:
    """The functions a typer app's `.command(...)` decorates."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(call, ast.Attribute) and call.attr in ("command", "callback"):
                    found.append(node)
    return found


COMMAND_FILES = sorted((SOURCE / "cli").rglob("*.py"))


def test_the_command_files_declare_commands() -> None:
    """The check below sees the commands (a rename of typer's decorator would hide them)."""
    count = sum(len(_commands(ast.parse(p.read_text(encoding="utf-8")))) for p in COMMAND_FILES)
    assert count >= 25


@pytest.mark.parametrize("path", COMMAND_FILES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_every_command_body_is_short(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for command in _commands(tree):
        body = command.body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring is the command's help, not its body
        if not body:
            continue
        end = max(getattr(node, "end_lineno", node.lineno) for node in body)
        lines = end - body[0].lineno + 1
        assert lines <= COMMAND_BODY_LINES, f"{path.name}: {command.name}: {lines} lines"
