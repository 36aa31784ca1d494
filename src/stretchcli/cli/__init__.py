"""The command line. `cli.app` builds the typer app from a table of commands, each declared
in `cli/commands/` as a declaration and one call into the core; `main` is the process's
entry."""

from __future__ import annotations

from stretchcli.cli.app import main

__all__ = ["main"]
