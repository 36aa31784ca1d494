"""The `stretch` command. Two answers come before the typer app (and with it typer, rich and
yaml) is imported: `stretch due`, run on every shell prompt, and `stretch --version`; any
`due` it does not understand (`--help`, a typo) and everything else goes to the app."""

from __future__ import annotations

import sys


def run() -> None:
    """The console script: exit with the command's exit code."""
    import os

    from stretchcli.clock import settle_zone

    settle_zone(os.environ)  # before any date is made
    args = sys.argv[1:]
    if args == ["--version"] and sys.stdout is not None:
        from stretchcli import __version__

        try:
            sys.stdout.write(f"stretch {__version__}\n")
            sys.stdout.flush()
            sys.exit(0)
        except OSError:  # a full disk, a pipe gone: the app says so in one line
            pass
    if args[:1] == ["due"]:
        from stretchcli.remind.due import main as due

        code = due(args[1:])
        if code is not None:
            sys.exit(code)
    from stretchcli.cli import main

    sys.exit(main())
