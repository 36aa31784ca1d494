"""The process environment in one object (streams, variables, tty flags), injected for tests."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class Environment:
    """What the program may touch of the outside world."""

    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]
    environ: Mapping[str, str]
    monotonic: Callable[[], float] = field(default=time.monotonic)
    sleep: Callable[[float], None] = field(default=time.sleep)
    wall: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())

    def now(self) -> float:
        """The monotonic clock the runner keeps its deadlines on."""
        return self.monotonic()

    @classmethod
    def from_os(cls) -> Environment:
        """The real environment, read at call time (so test runners' swapped streams count)."""
        return cls(sys.stdin, sys.stdout, sys.stderr, os.environ)

    @property
    def stdout_isatty(self) -> bool:
        """Whether standard output is a terminal."""
        return _isatty(self.stdout)

    @property
    def stdin_isatty(self) -> bool:
        """Whether standard input is a terminal (no terminal: no keys, no prompts)."""
        return _isatty(self.stdin)

    @property
    def dumb(self) -> bool:
        """TERM=dumb: a terminal that cannot move the cursor."""
        return self.environ.get("TERM") == "dumb"

    def console(self, stderr: bool = False) -> Console:
        """A rich console on stdout (or stderr) that honours NO_COLOR."""
        from rich.console import Console

        return Console(
            file=self.stderr if stderr else self.stdout,
            no_color=bool(self.environ.get("NO_COLOR")) or None,
            highlight=False,
            soft_wrap=False,
        )


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
