"""Running the system's own commands (systemctl, launchctl, schtasks, crontab, loginctl,
notify-send, ...): always an argument list, never a shell, found on the PATH of the
environment given (so tests can put their own on it), with a time limit."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from stretchcli.errors import StretchError, ended_by

TIMEOUT = 30.0  # seconds: these commands answer at once or not at all
OUTPUT_LIMIT = 16 * 2**20  # chosen: a crontab or a command's answer is a few kilobytes


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
        return lines[-1] if lines else ended_by(self.code)


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
    code, out, err = _run(args, environ, None if stdin is None else stdin.encode(), timeout)
    return Done(code, _text(out), _text(err))


@dataclass(frozen=True)
class Bytes:
    """What a command did, its output as the bytes it wrote (a crontab kept byte for byte)."""

    code: int
    out: bytes
    err: str


def run_bytes(
    args: Sequence[str],
    environ: Mapping[str, str],
    stdin: bytes | None = None,
    timeout: float = TIMEOUT,
) -> Bytes:
    """`run`, with the bytes in and out as they are (no decoding, no newline translation)."""
    code, out, err = _run(args, environ, stdin, timeout)
    return Bytes(code, out, _text(err))


def _run(
    args: Sequence[str], environ: Mapping[str, str], stdin: bytes | None, timeout: float
) -> tuple[int, bytes, bytes]:
    """Run a command with `stdin` (None: this process's own) and read at most OUTPUT_LIMIT of
    each of its outputs: one that writes without end (a broken crontab) is ended and said,
    never read into memory until the time is up."""
    found = which(args[0], environ)
    if found is None:
        raise CommandError(f"{args[0]} not found", "is it installed, and on the PATH?")
    try:
        process = subprocess.Popen(
            [found, *args[1:]],
            stdin=None if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(environ),
        )
    except OSError as exc:
        raise CommandError(f"cannot run {args[0]}: {exc.strerror}") from None
    read: dict[int, bytes] = {}
    woken = threading.Event()

    def reader(index: int, stream: IO[bytes]) -> None:
        read[index] = stream.read(OUTPUT_LIMIT + 1)
        woken.set()

    def writer(stream: IO[bytes], data: bytes) -> None:
        with contextlib.suppress(OSError):  # it stopped reading: its answer says why
            try:
                stream.write(data)
            finally:
                stream.close()

    assert process.stdout is not None and process.stderr is not None  # PIPE
    threads = [
        threading.Thread(target=reader, args=(0, process.stdout), daemon=True),
        threading.Thread(target=reader, args=(1, process.stderr), daemon=True),
    ]
    if stdin is not None and process.stdin is not None:
        threads.append(threading.Thread(target=writer, args=(process.stdin, stdin), daemon=True))
    for thread in threads:
        thread.start()
    try:
        return _awaited(process, args, timeout, read, woken)
    finally:
        if process.poll() is None:
            _stop(process)
        for thread in threads:
            thread.join(1.0)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None and not any(thread.is_alive() for thread in threads):
                with contextlib.suppress(OSError):
                    stream.close()


def _awaited(
    process: subprocess.Popen[bytes],
    args: Sequence[str],
    timeout: float,
    read: dict[int, bytes],
    woken: threading.Event,
) -> tuple[int, bytes, bytes]:
    """The code and outputs of `process` once it has ended and both outputs are read, within
    `timeout`; a CommandError when an output goes past OUTPUT_LIMIT or the time is up."""
    import time

    name = args[0]
    deadline = time.monotonic() + timeout
    while len(read) < 2 and time.monotonic() < deadline:  # both read, or one too long
        woken.wait(max(0.0, deadline - time.monotonic()))
        woken.clear()
        if any(len(data) > OUTPUT_LIMIT for data in list(read.values())):
            break
    out, err = read.get(0, b""), read.get(1, b"")
    if len(out) > OUTPUT_LIMIT or len(err) > OUTPUT_LIMIT:
        raise CommandError(
            f"{name} wrote more than {OUTPUT_LIMIT // 2**20} MB without end; it was stopped",
            f"see that `{' '.join(args)}` works",
        )
    if len(read) < 2:  # it, or a child of it, keeps its outputs open
        raise CommandError(f"{name} did not answer in {timeout:g} s")
    try:
        code = process.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise CommandError(f"{name} did not answer in {timeout:g} s") from None
    return code, out, err


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a command `_run` started (in this process's group: not its whole group)."""
    with contextlib.suppress(OSError):  # already gone
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(1.0)


def _text(data: bytes) -> str:
    """A command's output as text, as `subprocess` reads it with text=True."""
    return data.decode(errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def peek(
    args: Sequence[str], environ: Mapping[str, str], timeout: float = 2.0, limit: int = 65536
) -> str | None:
    """What a quick question to the system answers (loginctl, tmux, xprintidle...): its
    output when it is there, succeeds within `timeout` and writes at most `limit` bytes;
    else None. It and anything it started are ended, whatever happens."""
    import os
    import threading

    found = which(args[0], environ)
    if found is None:
        return None
    try:
        process = subprocess.Popen(
            [found, *args[1:]],
            env=dict(environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=os.name != "nt",
        )
    except OSError:
        return None
    read: list[bytes] = []
    out = process.stdout
    assert out is not None  # stdout=PIPE
    reader = threading.Thread(target=lambda: read.append(out.read(limit + 1)), daemon=True)
    reader.start()
    reader.join(timeout)
    finished = not reader.is_alive()
    _end(process)
    reader.join(1.0)
    out.close()
    if not finished or not read or len(read[0]) > limit or process.returncode != 0:
        return None
    return _text(read[0])


def _end(process: subprocess.Popen[bytes]) -> None:
    """End a process and its own process group (what it started), and reap it."""
    import os
    import signal

    with contextlib.suppress(OSError):  # already gone
        if os.name != "nt":
            os.killpg(process.pid, signal.SIGKILL)
        elif process.poll() is None:
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(1.0)


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


def stretch_file(command: Sequence[str]) -> str:
    """The file that is there while this `stretch` is installed: the script `command` runs,
    or the package's own `__main__.py` when it runs `python -m stretchcli`."""
    if len(command) == 1:
        return command[0]
    return str(Path(__file__).resolve().parents[1] / "__main__.py")
