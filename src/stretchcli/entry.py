"""The `stretch` command. `stretch due` runs on every shell prompt, so it is answered here,
before the typer app (and with it typer, rich and yaml) is imported; everything else, and
any `due` it does not understand (`--help`, a typo), goes to the app."""

from __future__ import annotations

import sys


def run() -> None:
    """The console script: exit with the command's exit code."""
    args = sys.argv[1:]
    if args[:1] == ["due"]:
        from stretchcli.remind.due import main as due

        code = due(args[1:])
        if code is not None:
            sys.exit(code)
    from stretchcli.cli import main

    sys.exit(main())
