"""Running the system's own commands (systemctl, launchctl, schtasks, crontab, loginctl,
notify-send, ...): always an argument list, never a shell, found on the PATH of the
environment given (so tests can put their own on it), with a time limit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stretchcli.errors import StretchError

TIMEOUT = 30.0  # seconds: these commands answer at once or not at all


class CommandError(StretchError):
    """A system command that is missing, hangs, or fails."""


@dataclass(frozen=True)
class Done:
    """What a command did."""

    code: int
    out: str
    err: str

    def last_words(self) -> str:
        """The last line it wrote to stderr (or stdout), for an error message."""
        lines = [line.strip() for line in (self.err or self.out).splitlines() if line.strip()]
        return lines[-1] if lines else f"exit code {self.code}"


def which(name: str, environ: Mapping[str, str]) -> str | None:
    """Where `name` is on the environment's PATH."""
    return shutil.which(name, path=environ.get("PATH", ""))


def run(
    args: Sequence[str],
    environ: Mapping[str, str],
    stdin: str | None = None,
    timeout: float = TIMEOUT,
) -> Done:
    """Run a command to its end; a CommandError if it is missing or does not end in time."""
    found = which(args[0], environ)
    if found is None:
        raise CommandError(f"{args[0]} not found", "is it installed, and on the PATH?")
    try:
        result = subprocess.run(
            [found, *args[1:]],
            input=stdin,
            capture_output=True,
            text=True,
            env=dict(environ),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CommandError(f"{args[0]} did not answer in {timeout:g} s") from None
    except OSError as exc:
        raise CommandError(f"cannot run {args[0]}: {exc.strerror}") from None
    return Done(result.returncode, result.stdout, result.stderr)


def must(args: Sequence[str], environ: Mapping[str, str], stdin: str | None = None) -> Done:
    """`run`, and a CommandError naming the command when it fails."""
    done = run(args, environ, stdin)
    if done.code != 0:
        raise CommandError(f"`{' '.join(args)}` failed: {done.last_words()}")
    return done


def start(args: Sequence[str], environ: Mapping[str, str]) -> None:
    """Start a program and leave it running on its own (a terminal opened for a session)."""
    found = which(args[0], environ)
    if found is None:
        raise CommandError(f"{args[0]} not found", "check the `terminal` setting")
    try:
        subprocess.Popen(
            [found, *args[1:]],
            env=dict(environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise CommandError(f"cannot run {args[0]}: {exc.strerror}") from None


def stretch_command() -> list[str]:
    """How the system's scheduler starts this `stretch`: the installed script by its absolute
    path (beside this Python, as pip puts it), else this Python running the package."""
    script = Path(sys.executable).with_name("stretch.exe" if sys.platform == "win32" else "stretch")
    if script.is_file():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "stretchcli"]
